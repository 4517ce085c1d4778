"""`python -m bot`: long polling with settings from the environment or `.env`."""

from __future__ import annotations

import asyncio
import logging
import sys
from typing import NoReturn

from pydantic import ValidationError
from pydantic_settings import SettingsError

from bot.config import Settings, describe_error


def fail(message: str) -> NoReturn:
    print(f"error: {message}", file=sys.stderr)
    raise SystemExit(2)


def first_line(exc: BaseException) -> str:
    """The driver's own words (SQLAlchemy wraps them in `.orig`, its asyncpg adapter once more), one line."""
    cause = getattr(exc, "orig", None) or exc
    cause = cause.__cause__ or cause
    text = str(cause).strip().splitlines()
    return f"{type(cause).__name__}: {text[0]}" if text else type(cause).__name__


def load_settings() -> Settings:
    try:
        return Settings()  # type: ignore[call-arg]
    except (ValidationError, SettingsError) as exc:
        fail(describe_error(exc))


async def main(settings: Settings) -> None:
    # aiogram takes seconds to import: a mistake in the settings is reported before that.
    from aiogram.exceptions import TelegramNetworkError, TelegramUnauthorizedError

    from bot.app import build_app, create_bot
    from scheduler.service import Scheduler

    try:
        app = await build_app(settings)
    except Exception as exc:  # the database: wrong URL, not running, no permission
        fail(f"cannot open the database at DATABASE_URL ({first_line(exc)})")
    bot = create_bot(settings)
    try:
        try:
            me = await bot.get_me()
        except TelegramUnauthorizedError:
            fail("Telegram rejected BOT_TOKEN (401 Unauthorized): take the token from @BotFather again")
        except TelegramNetworkError as exc:
            fail(f"cannot reach the Telegram Bot API ({first_line(exc)})")
        logging.getLogger(__name__).info("started as @%s", me.username)
        scheduler = Scheduler(app, bot)
        app.dispatcher.startup.register(scheduler.start)
        app.dispatcher.shutdown.register(scheduler.stop)
        await app.dispatcher.start_polling(
            bot,
            allowed_updates=app.dispatcher.resolve_used_update_types(),
            tasks_concurrency_limit=64,
        )
    finally:
        await bot.session.close()
        await app.close()


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)  # one line per plugin on import
    settings = load_settings()
    try:
        asyncio.run(main(settings))
    except KeyboardInterrupt:
        pass
