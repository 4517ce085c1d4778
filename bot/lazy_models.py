"""aiogram's Telegram models, built when first used instead of all at import.

`import aiogram` builds the pydantic validator and serializer of each of its ~450 types at import
(the `model_rebuild` loop at the end of `aiogram/types/__init__.py`): 2.5 s and about 110 MB here,
most of the bot's start-up and memory (aiogram issues #1513, #1876, #1891). A bot uses a few dozen of
them. aiogram already declares its models `defer_build=True`; only that loop forces the build, to hand
pydantic the namespace in which the types' forward references resolve.

`install()` (called by `bot/__init__.py`, so before any import of aiogram from our code) wraps
`BaseModel.model_rebuild` for aiogram's classes only:
- the loop's call, which passes aiogram's types namespace, keeps the namespace and builds nothing;
- a build pydantic starts on first use (a model's validator is a placeholder until then) gets that
  namespace, as the loop would have given it.
aiogram's ~170 method classes (`SendMessage`…) are not deferred by aiogram: each is built when its
module runs, or fails to build while the types are not built yet. When `aiogram.methods.base` is
imported, their base class gets `defer_build` too, so they are built on first use in the same way.

A first use builds in the thread that uses the model; pydantic's lazy build is not thread-safe, and
here only the event loop's thread touches aiogram's models (the worker threads draw charts and write
spreadsheets from plain values). Every other class and call goes to pydantic unchanged.
`tests/test_lazy_models.py` builds every aiogram type and method lazily and compares its JSON schema
with the eager build's.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import Any

from pydantic import BaseModel

_NAMESPACE: dict[str, Any] = {}
_state = {"installed": False, "last": None}


def deferred() -> bool:
    """True when aiogram's types were (or will be) imported with their builds deferred."""
    return _state["installed"] and bool(_NAMESPACE)


def install() -> None:
    if _state["installed"] or "aiogram.types" in sys.modules:  # too late: aiogram built them eagerly
        return
    original = BaseModel.__dict__["model_rebuild"].__func__

    def model_rebuild(cls: type[BaseModel], **kwargs: Any) -> bool | None:
        module = cls.__module__
        if module.startswith("aiogram.") and not cls.__pydantic_complete__:
            namespace = kwargs.get("_types_namespace")
            if namespace is None:
                if _NAMESPACE:  # a first use: build now, with the loop's namespace
                    kwargs["_types_namespace"] = _NAMESPACE
            elif module.startswith("aiogram.types.") and not kwargs.get("force"):
                if namespace is not _state["last"]:  # the loop passes one dict for every type
                    _NAMESPACE.update(namespace)
                    _state["last"] = namespace
                return None
        return original(cls, **kwargs)

    BaseModel.model_rebuild = classmethod(model_rebuild)  # type: ignore[assignment, method-assign]
    sys.meta_path.insert(0, _DeferMethods())
    _state["installed"] = True


class _DeferMethods(importlib.abc.MetaPathFinder):
    """Sets `defer_build` on aiogram's `TelegramMethod` right after its module runs, before the
    method classes that derive from it are created (pydantic reads a base's config then)."""

    MODULE = "aiogram.methods.base"

    def find_spec(self, name: str, path: Sequence[str] | None, target: ModuleType | None = None) -> Any:
        if name != self.MODULE:
            return None
        sys.meta_path.remove(self)  # once
        spec = importlib.machinery.PathFinder.find_spec(name, path, target)
        loader = spec.loader if spec is not None else None
        if loader is None or not hasattr(loader, "exec_module"):
            return spec
        run = loader.exec_module

        def exec_module(module: ModuleType) -> None:
            run(module)
            method = getattr(module, "TelegramMethod", None)
            if isinstance(getattr(method, "model_config", None), dict):
                method.model_config["defer_build"] = True  # type: ignore[union-attr]

        loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec
