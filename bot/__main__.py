"""`python -m bot`: long polling with settings from the environment or `.env`."""

from __future__ import annotations

import asyncio
import logging
import sys

from aiogram.exceptions import TelegramNetworkError, TelegramUnauthorizedError
from pydantic import ValidationError

from bot.app import build_app, create_bot
from bot.config import Settings, describe_error


def fail(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)
    raise SystemExit(2)


async def main() -> None:
    try:
        settings = Settings()  # type: ignore[call-arg]
    except ValidationError as exc:
        fail(describe_error(exc))
    try:
        app = await build_app(settings)
    except Exception as exc:  # the database: wrong URL, not running, no permission
        fail(f"cannot open the database at DATABASE_URL ({type(exc).__name__}: {exc})".splitlines()[0])
    bot = create_bot(settings)
    try:
        me = await bot.get_me()
    except TelegramUnauthorizedError:
        fail("Telegram rejected BOT_TOKEN (401 Unauthorized): take the token from @BotFather again")
    except TelegramNetworkError as exc:
        fail(f"cannot reach the Telegram Bot API ({exc})")
    logging.getLogger(__name__).info("started as @%s", me.username)
    try:
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
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
