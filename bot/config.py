"""Settings from the environment or `.env` (see `.env.example`)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

TOKEN_RE = re.compile(r"^\d{5,}:[A-Za-z0-9_-]{30,}$")
DEFAULT_DB_PATH = Path("data") / "bot.sqlite3"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    bot_token: SecretStr
    # The first school's curators; curators of other schools are added in the bot (bot/services/staff.py).
    curator_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    # Municipal coordinators: every school's figures side by side, no one's personal data.
    coordinator_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    database_url: str = f"sqlite+aiosqlite:///{DEFAULT_DB_PATH}"
    redis_url: str | None = None
    timezone: str = "Europe/Moscow"
    default_locale: str = "ru"
    telegram_api_url: str | None = None
    school_name: str = ""
    # Identifies the consent text the person saw; bump it whenever locales/*/consent.ftl changes.
    consent_version: str = "2026-11b"
    max_text_length: int = Field(default=1000, ge=10, le=4000)
    # Delivery of the outbox: Telegram allows about 30 messages a second overall and 1 per chat.
    send_rate: float = Field(default=28.0, gt=0, le=30)
    send_lease_seconds: int = Field(default=60, ge=1, le=3600)
    planner_interval_seconds: int = Field(default=60, ge=5, le=3600)

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr) -> SecretStr:
        token = value.get_secret_value().strip()
        if not token:  # `BOT_TOKEN=` as copied from .env.example
            raise ValueError("BOT_TOKEN is required (set it in the environment or .env)")
        if not TOKEN_RE.match(token):
            raise ValueError("BOT_TOKEN does not look like a token from @BotFather (123456:ABC...)")
        return SecretStr(token)

    @field_validator("curator_ids", "coordinator_ids", mode="before")
    @classmethod
    def _parse_ids(cls, value: object, info: ValidationInfo) -> object:
        if isinstance(value, str):
            parts = [p for p in re.split(r"[\s,;]+", value) if p]
            try:
                return frozenset(int(p) for p in parts)
            except ValueError:
                raise ValueError(f"{(info.field_name or '').upper()} must be Telegram user ids separated by commas") from None
        if isinstance(value, int):
            return frozenset({value})
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"TIMEZONE {value!r} is not a known IANA zone, e.g. Europe/Moscow") from None
        return value

    @field_validator("default_locale")
    @classmethod
    def _known_locale(cls, value: str) -> str:
        if value not in ("ru", "en"):
            raise ValueError("DEFAULT_LOCALE must be ru or en")
        return value

    @field_validator("redis_url", "telegram_api_url", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return None if value == "" else value

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def describe_error(exc: Exception) -> str:
    """One readable line for a settings error."""
    errors = getattr(exc, "errors", None)
    if callable(errors):
        parts = []
        for err in errors():
            field = ".".join(str(p) for p in err.get("loc", ())).upper() or "settings"
            msg = err.get("msg", "invalid")
            if err.get("type") == "missing":
                msg = "is required (set it in the environment or .env)"
            msg = msg.removeprefix("Value error, ")
            # Our validators already name the variable ("BOT_TOKEN does not look like..."): say it once.
            parts.append(msg if msg.startswith(field + " ") else f"{field} {msg}")
        return "; ".join(parts)
    return str(exc)
