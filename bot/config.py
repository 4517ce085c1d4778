"""Settings from the environment or `.env` (see `.env.example`)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationInfo, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

TOKEN_RE = re.compile(r"^\d{5,}:[A-Za-z0-9_-]{30,}$")
SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{16,256}$")
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
    # Delivery of the outbox: Telegram allows about 30 messages a second overall and 1 per chat; a
    # higher rate only meets 429s (which pause sending), it is there for test servers.
    send_rate: float = Field(default=28.0, gt=0, le=1000)
    send_lease_seconds: int = Field(default=60, ge=1, le=3600)
    planner_interval_seconds: int = Field(default=60, ge=5, le=3600)
    # Webhook mode (several workers behind a proxy) instead of long polling: see docs/deploy.md.
    webhook_url: str | None = None  # the public HTTPS address Telegram posts updates to
    webhook_secret: SecretStr | None = None  # Telegram sends it back in X-Telegram-Bot-Api-Secret-Token
    webhook_listen: str = "127.0.0.1:8080"  # where this worker listens (host:port), behind the proxy
    # Updates one process handles at once (each holds a database connection while it runs).
    update_concurrency: int = Field(default=32, ge=1, le=256)
    # On SIGTERM: how long the updates in hand and the messages being sent may take to finish.
    shutdown_timeout: float = Field(default=25.0, ge=1, le=600)

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

    @field_validator("webhook_url")
    @classmethod
    def _webhook_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        url = urlsplit(value)
        if url.scheme not in ("https", "http") or not url.hostname:
            raise ValueError("WEBHOOK_URL must be a full address, e.g. https://bot.example.org/telegram")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _webhook_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not SECRET_RE.match(value.get_secret_value()):
            raise ValueError("WEBHOOK_SECRET must be 16-256 characters of A-Z, a-z, 0-9, _ and -")
        return value

    @field_validator("webhook_listen")
    @classmethod
    def _listen(cls, value: str) -> str:
        host, _, port = value.rpartition(":")
        if not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise ValueError("WEBHOOK_LISTEN must be host:port, e.g. 127.0.0.1:8080")
        return value

    @model_validator(mode="after")
    def _webhook_complete(self) -> Settings:
        if self.webhook_url and self.webhook_secret is None:
            raise ValueError("WEBHOOK_SECRET is required with WEBHOOK_URL (any 16-256 letters, digits, _ or -)")
        if self.webhook_url and urlsplit(self.webhook_url).scheme != "https" and not self.telegram_api_url:
            raise ValueError("WEBHOOK_URL must be https: Telegram posts only to HTTPS addresses")
        return self

    @property
    def webhook_path(self) -> str:
        return urlsplit(self.webhook_url or "").path or "/"

    @property
    def listen(self) -> tuple[str, int]:
        host, _, port = self.webhook_listen.rpartition(":")
        return host.strip("[]"), int(port)

    @field_validator("redis_url", "telegram_api_url", "webhook_url", "webhook_secret", mode="before")
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
            if not err.get("loc"):  # a rule over several settings names them itself
                parts.append(msg)
                continue
            parts.append(msg if msg.startswith(field + " ") else f"{field} {msg}")
        return "; ".join(parts)
    return str(exc)
