"""Texts by key from `locales/<locale>/*.ftl` (Fluent: Russian plurals without a compile step)."""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from fluent.runtime import FluentBundle, FluentResource, resolver
from fluent.runtime.types import fluent_number

# Fluent replaces a variable longer than 2,500 characters with "{???}" (a guard against runaway
# expansion). People's texts passed as variables (a note of 2,000 characters, escaped for HTML) can
# be longer; Telegram's own limit of 4,096 characters per message is the real bound.
resolver.MAX_PART_LENGTH = max(resolver.MAX_PART_LENGTH, 20_000)

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
SUPPORTED = ("ru", "en")
log = logging.getLogger(__name__)


@functools.lru_cache(maxsize=256)
def _parsed(text: str) -> FluentResource:
    """Parsing the catalogues takes about a second; a process that builds the bot again (tests, a
    restart in place) parses each text once. Resources are not changed after parsing."""
    return FluentResource(text)


class L10n:
    def __init__(self, locales_dir: Path = LOCALES_DIR, default: str = "ru") -> None:
        self.default = default
        self._bundles: dict[str, FluentBundle] = {}
        self.keys: dict[str, set[str]] = {}
        for locale in SUPPORTED:
            bundle = FluentBundle([locale], use_isolating=False)
            keys: set[str] = set()
            for path in sorted((locales_dir / locale).glob("*.ftl")):
                resource = _parsed(path.read_text(encoding="utf-8"))
                bundle.add_resource(resource)
                keys.update(getattr(entry.id, "name", "") for entry in resource.body if hasattr(entry, "id"))
            self._bundles[locale] = bundle
            self.keys[locale] = keys

    def pick(self, chosen: str | None, telegram_code: str | None) -> str:
        if chosen in SUPPORTED:
            return chosen  # type: ignore[return-value]
        if telegram_code and telegram_code.lower().startswith("en"):
            return "en"
        if telegram_code and telegram_code.lower().startswith("ru"):
            return "ru"
        return self.default

    def has(self, locale: str, key: str) -> bool:
        return self._bundles[locale].has_message(key)

    def get(self, locale: str, key: str, **args: Any) -> str:
        for loc in (locale, self.default):
            bundle = self._bundles.get(loc)
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
