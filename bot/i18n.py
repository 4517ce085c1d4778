"""Texts by key from `locales/<locale>/*.ftl` (Fluent: Russian plurals without a compile step)."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import os
import pickle
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import fluent.syntax.ast
from fluent.runtime import FluentBundle, resolver
from fluent.runtime.types import fluent_number
from fluent.syntax import FluentParser
from fluent.syntax.ast import Resource

# Fluent replaces a variable longer than 2,500 characters with "{???}" (a guard against runaway
# expansion). People's texts passed as variables (a note of 2,000 characters, escaped for HTML) can
# be longer; Telegram's own limit of 4,096 characters per message is the real bound.
resolver.MAX_PART_LENGTH = max(resolver.MAX_PART_LENGTH, 20_000)

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
SUPPORTED = ("ru", "en")
log = logging.getLogger(__name__)


def catalogue(locale_dir: Path) -> list[Resource]:
    """The parsed `*.ftl` files of one locale.

    Fluent's parser reads a locale's 150 KB in about 0.3 s, a good part of the bot's start-up. The
    result is kept beside them, in `locales/__pycache__/`, as Python keeps compiled modules beside
    their sources (and with the same trust: whoever can write there can write the code): it loads in
    about 0.01 s. The file's name holds a digest of the texts, the parser's version and Python's, so
    an edited catalogue or an upgrade is parsed again. A cache that cannot be read or written is
    skipped; a process that builds the bot again (the tests) parses nothing twice."""
    texts = tuple((path.name, path.read_text(encoding="utf-8")) for path in sorted(locale_dir.glob("*.ftl")))
    parser = Path(fluent.syntax.ast.__file__).stat()
    digest = hashlib.sha256(repr((texts, parser.st_size, parser.st_mtime_ns, sys.version_info[:2])).encode()).hexdigest()
    return _catalogue(locale_dir, digest[:24], texts)


@functools.lru_cache(maxsize=16)
def _catalogue(locale_dir: Path, digest: str, texts: tuple[tuple[str, str], ...]) -> list[Resource]:
    cache_dir = locale_dir.parent / "__pycache__"
    cache = cache_dir / f"{locale_dir.name}-{digest}.pickle"
    with contextlib.suppress(Exception):  # missing, unreadable or from another version: parsed again
        with cache.open("rb") as file:
            resources = pickle.load(file)  # our own file, as trusted as the code beside it
        if isinstance(resources, list) and all(isinstance(r, Resource) for r in resources):
            return resources
    parser = FluentParser(with_spans=False)  # positions are only for editors' error messages
    resources = [parser.parse(text) for _, text in texts]
    with contextlib.suppress(OSError):  # a read-only install: parse at each start
        cache_dir.mkdir(exist_ok=True)
        for old in cache_dir.glob(f"{locale_dir.name}-*.pickle"):
            old.unlink(missing_ok=True)
        partial = cache.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(pickle.dumps(resources, protocol=pickle.HIGHEST_PROTOCOL))
        partial.replace(cache)  # whole or not at all, for another worker starting at the same time
    return resources


class L10n:
    """A locale's bundle is built when first asked for: the default at once, another once somebody
    writes in it."""

    def __init__(self, locales_dir: Path = LOCALES_DIR, default: str = "ru") -> None:
        self.default = default
        self._dir = locales_dir
        self._bundles: dict[str, FluentBundle] = {}
        self._bundle(default)

    def _bundle(self, locale: str) -> FluentBundle | None:
        bundle = self._bundles.get(locale)
        if bundle is None and locale in SUPPORTED:
            bundle = FluentBundle([locale], use_isolating=False)
            for resource in catalogue(self._dir / locale):
                bundle.add_resource(resource)
            self._bundles[locale] = bundle
        return bundle

    def pick(self, chosen: str | None, telegram_code: str | None) -> str:
        if chosen in SUPPORTED:
            return chosen  # type: ignore[return-value]
        if telegram_code and telegram_code.lower().startswith("en"):
            return "en"
        if telegram_code and telegram_code.lower().startswith("ru"):
            return "ru"
        return self.default

    def has(self, locale: str, key: str) -> bool:
        bundle = self._bundle(locale)
        return bundle is not None and bundle.has_message(key)

    def get(self, locale: str, key: str, **args: Any) -> str:
        for loc in (locale, self.default):
            bundle = self._bundle(loc)
            if bundle is not None and bundle.has_message(key):
                message = bundle.get_message(key)
                # Counts and limits read "1000", not "1 000": no digit grouping.
                args = {k: fluent_number(v, useGrouping=False) if isinstance(v, int) and not isinstance(v, bool) else v for k, v in args.items()}
                text, errors = bundle.format_pattern(message.value, args)
                if errors:
                    log.error("l10n %s/%s: %s", loc, key, errors)
                return text
        log.error("l10n: missing key %s", key)
        return key

    def translator(self, locale: str) -> Translator:
        return Translator(self, locale)

    def for_user(self, user: Any | None) -> Translator:
        """The translator for a stored person (`db.models.User`), e.g. to notify someone else."""
        if user is None:
            return self.translator(self.default)
        return self.translator(self.pick(user.locale, user.language_code))


class Translator:
    """`t("key", count=3)` in the user's language."""

    __slots__ = ("l10n", "locale")

    def __init__(self, l10n: L10n, locale: str) -> None:
        self.l10n = l10n
        self.locale = locale

    def __call__(self, key: str, **args: Any) -> str:
        return self.l10n.get(self.locale, key, **args)

    def has(self, key: str) -> bool:
        return self.l10n.has(self.locale, key)

    def join(self, keys: Iterable[str], sep: str = ", ") -> str:
        return sep.join(self(k) for k in keys)
