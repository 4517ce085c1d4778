"""aiogram's models built on first use (bot/lazy_models.py) validate and serialize as the eager build does."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import aiogram.types
from aiogram.types import Update

from bot import lazy_models
from tests.conftest import SQLITE_RUN_ONLY

ROOT = Path(__file__).resolve().parent.parent

# Builds every aiogram type and method (as a first use does) and prints the JSON schema of each one.
# With "lazy", `import bot` comes first, as in the bot; with "eager", aiogram builds them all at import.
DUMP = """
import json, sys, warnings
warnings.simplefilter("ignore")
if sys.argv[1] == "lazy":
    import bot  # noqa: F401
import aiogram.methods as M
import aiogram.types as T
from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, models_json_schema

class Described(GenerateJsonSchema):  # a field JSON schema cannot describe (an InputFile): named, not refused
    def handle_invalid_for_json_schema(self, schema, error_info):
        return {"not-json": error_info}

classes = {f"{m.__name__}.{n}": getattr(m, n) for m in (T, M) for n in m.__all__}
classes = {k: c for k, c in classes.items() if isinstance(c, type) and issubclass(c, BaseModel)}
types_built = sum(c.__pydantic_complete__ for k, c in classes.items() if k.startswith("aiogram.types."))
methods_built = sum(c.__pydantic_complete__ for k, c in classes.items() if k.startswith("aiogram.methods."))
keys, schema = models_json_schema([(c, "validation") for c in classes.values()], schema_generator=Described)
print(json.dumps({"types_built_at_import": types_built, "methods_built_at_import": methods_built, "classes": len(classes),
                  "incomplete": [k for k, c in classes.items() if not c.__pydantic_complete__],
                  "defs": {k: json.dumps(v, sort_keys=True, default=str) for k, v in schema["$defs"].items()}}))
"""


def dump(mode: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", DUMP, mode], capture_output=True, text=True, env=env, cwd=ROOT,
                         timeout=300, check=True)
    return json.loads(out.stdout)


def test_the_suite_runs_on_deferred_builds() -> None:
    # conftest imports `bot` before aiogram, as `python -m bot` does: what the suite checks is the deferred path.
    assert lazy_models.deferred()
    assert not aiogram.types.PassportElementErrorTranslationFiles.__pydantic_complete__  # nobody uses it
    update = Update.model_validate({
        "update_id": 7,
        "callback_query": {"id": "1", "chat_instance": "c", "data": "x",
                           "from": {"id": 5, "is_bot": False, "first_name": "Аня"},
                           "message": {"message_id": 3, "date": 1, "text": "Вопрос",
                                       "chat": {"id": 5, "type": "private"}}},
    })
    assert update.callback_query.message.chat.id == 5
    assert update.callback_query.from_user.first_name == "Аня"
    assert update.model_dump(exclude_none=True)["callback_query"]["message"]["text"] == "Вопрос"


@SQLITE_RUN_ONLY
def test_every_model_built_on_first_use_matches_the_eager_build() -> None:
    lazy, eager = dump("lazy"), dump("eager")
    assert lazy["types_built_at_import"] == 0
    assert lazy["methods_built_at_import"] < 5
    assert eager["methods_built_at_import"] > 100
    assert eager["types_built_at_import"] > 400
    assert lazy["classes"] == eager["classes"] > 550
    assert lazy["incomplete"] == eager["incomplete"] == []  # each one built, with every forward reference resolved
    assert len(lazy["defs"]) == len(eager["defs"]) > 550
    differ = sorted(name for name, text in lazy["defs"].items() if eager["defs"].get(name) != text)
    assert differ == []
