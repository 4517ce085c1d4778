"""Retries of the bot's own requests to the Bot API: a handler's reply survives a 429, a 5xx or a
dropped connection instead of being lost (aiogram has no retry of its own, aiogram#1875).

A session middleware (`bot.session.middleware(RetryMiddleware())`) sees every request:
- 429 (TelegramRetryAfter): waits `retry_after` and sends again, up to `flood_retries` times, unless
  Telegram asks for longer than `max_retry_after` (the person is better told nothing than late);
- 5xx and network errors, timeouts included (TelegramServerError, TelegramNetworkError): again after
  short growing delays (`error_delays`). A request that timed out may have arrived: a possible
  duplicate is preferred to a lost reply, as in the outbox.
Not retried: getUpdates (polling has its own backoff) and whatever runs inside `no_retry()` — the
outbox sender, which puts a failed message back in its queue and paces itself after a 429.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import TelegramEntityTooLarge, TelegramNetworkError, TelegramRetryAfter, TelegramServerError
from aiogram.methods import GetUpdates
from aiogram.methods.base import Response, TelegramMethod, TelegramType

if TYPE_CHECKING:
    from aiogram import Bot

log = logging.getLogger(__name__)

retry_disabled: ContextVar[bool] = ContextVar("retry_disabled", default=False)


@contextmanager
def no_retry() -> Iterator[None]:
    """Requests made inside (and in tasks started inside) are sent once: the caller retries."""
    token = retry_disabled.set(True)
    try:
        yield
    finally:
        retry_disabled.reset(token)


class RetryMiddleware(BaseRequestMiddleware):
    def __init__(
        self,
        *,
        flood_retries: int = 3,
        max_retry_after: float = 30.0,
        error_delays: Sequence[float] = (0.5, 1.5, 3.0),
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        self.flood_retries = flood_retries
        self.max_retry_after = max_retry_after
        self.error_delays = tuple(error_delays)
        self.sleep = sleep

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        if retry_disabled.get() or isinstance(method, GetUpdates):
            return await make_request(bot, method)
        floods = errors = 0
        while True:
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as exc:
                if floods >= self.flood_retries or exc.retry_after > self.max_retry_after:
                    raise
                floods += 1
                delay = float(exc.retry_after)
                reason = f"flood control, retry after {exc.retry_after} s"
            except TelegramEntityTooLarge:  # a network error by class, but sending it again cannot help
                raise
            except (TelegramServerError, TelegramNetworkError) as exc:
                if errors >= len(self.error_delays):
                    raise
                delay = self.error_delays[errors]
                errors += 1
                reason = f"{type(exc).__name__}: {exc}"
            log.warning("%s: %s; again in %.1f s", type(method).__name__, reason, delay)
            await self.sleep(delay)
