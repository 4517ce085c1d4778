"""`python -m bot`: long polling, or a webhook worker when WEBHOOK_URL is set; settings from the
environment or `.env`."""

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
        log = logging.getLogger(__name__)
        log.info("started as @%s", me.username)
        scheduler = Scheduler(app, bot)

        async def finish_in_flight() -> None:
            # SIGTERM: no new updates are taken; those in hand finish before the scheduler and the
            # database connections close, so none is cut off half-written.
            # Polling: aiogram runs each update as a task; one may not have reached our middlewares yet.
            tasks = [t for t in getattr(app.dispatcher, "_handle_update_tasks", ()) if not t.done()]
            if tasks or app.inflight.count:
                log.info("finishing %d update(s) in hand", max(len(tasks), app.inflight.count))
            if tasks:
                await asyncio.wait(tasks, timeout=settings.shutdown_timeout)
            if not await app.inflight.wait_idle(settings.shutdown_timeout):
                log.warning("%d update(s) still running after %.0f s: cut off", app.inflight.count, settings.shutdown_timeout)

        app.dispatcher.startup.register(scheduler.start)
        app.dispatcher.shutdown.register(finish_in_flight)
        app.dispatcher.shutdown.register(scheduler.stop)
        if settings.webhook_url:
            from bot.webhook import serve

            await serve(app, bot)
        else:
            await bot.delete_webhook(drop_pending_updates=False)  # getUpdates is refused while one is set
            await app.dispatcher.start_polling(
                bot,
                allowed_updates=app.dispatcher.resolve_used_update_types(),
                tasks_concurrency_limit=settings.update_concurrency,
                close_bot_session=False,
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
