"""The one sender: delivers the outbox within Telegram's limits and never loses a row.

- Pace: at most `rate` messages a second overall (evenly spaced, no bursts) and one a second per chat.
- 429: everything pauses for `retry_after`, the message goes back to the queue, nothing is lost.
- 5xx, network errors, timeouts: the message is retried with a growing delay.
- 403 (the person blocked the bot) and "chat not found": the person is marked unreachable, their
  queued messages are stopped and the curator is told (`on_blocked`).
- Exactly once: a row is claimed (status `sending`, with a lease) before its request and marked
  `sent` right after. Rows a killed process left in `sending` go back to the queue when the lease
  runs out. Only a message whose request reached Telegram in the last instant before a SIGKILL
  can go twice: Telegram has no idempotency key, so no bot can tell; the rest go exactly once.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
from collections import deque
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.types import InlineKeyboardMarkup
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.retry import no_retry
from bot.services.programme_settings import is_quiet, next_allowed, settings_of, zone_of
from db.models import OutboxMessage, OutboxStatus, Programme, User

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 50
BACKOFF_CAP = 300.0
REQUEST_TIMEOUT = 20

Guard = Callable[[AsyncSession, list[OutboxMessage], datetime], Awaitable[set[int]]]
BlockedHook = Callable[[AsyncSession, int, datetime], Awaitable[None]]


class RateLimiter:
    """Even spacing overall, at most `rate` sends in any one second, a minimum interval per chat,
    and a pause after a 429. Nothing is reserved ahead: a waiter that wakes late (the event loop
    was busy) looks again, so a stall never turns into a burst."""

    def __init__(
        self,
        rate: float | None,
        chat_interval: float,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        self.interval = 1.0 / rate if rate else 0.0
        self.chat_interval = chat_interval
        self.monotonic = monotonic
        self.sleep = sleep
        self._next = 0.0
        self._paused_until = 0.0
        self._chat_next: dict[int, float] = {}
        self._recent: deque[float] | None = deque(maxlen=max(1, int(rate))) if rate else None

    def chat_ready(self, chat_id: int) -> bool:
        return self._chat_next.get(chat_id, 0.0) <= self.monotonic()

    def chat_wait(self, chat_id: int) -> float:
        return max(0.0, self._chat_next.get(chat_id, 0.0) - self.monotonic())

    async def wait_turn(self, chat_id: int) -> None:
        while True:
            now = self.monotonic()
            slot = max(now, self._next, self._paused_until, self._chat_next.get(chat_id, 0.0))
            if self._recent is not None and len(self._recent) == self._recent.maxlen:
                slot = max(slot, self._recent[0] + 1.0)  # the sliding one-second window is full
            if slot <= now:
                self._next = now + self.interval
                self._chat_next[chat_id] = now + self.chat_interval
                if self._recent is not None:
                    self._recent.append(now)
                return
            await self.sleep(slot - now)

    def pause(self, seconds: float) -> None:
        self._paused_until = max(self._paused_until, self.monotonic() + seconds)

    def forget_idle_chats(self) -> None:
        now = self.monotonic()
        if len(self._chat_next) > 10_000:
            self._chat_next = {c: t for c, t in self._chat_next.items() if t > now}


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:64]


class Sender:
    def __init__(
        self,
        bot: Bot,
        sessionmaker: async_sessionmaker[AsyncSession],
        clock: Clock,
        *,
        rate: float | None = 28.0,
        chat_interval: float = 1.0,
        concurrency: int = 8,
        lease: timedelta = timedelta(seconds=60),
        batch: int | None = None,
        guards: Mapping[str, Guard] | None = None,
        on_blocked: BlockedHook | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        self.bot = bot
        self.sessionmaker = sessionmaker
        self.clock = clock
        self.limiter = RateLimiter(rate, chat_interval, monotonic, sleep)
        self.concurrency = concurrency
        self.lease = lease
        # About two seconds of sending per pass: a killed process leaves at most that many claimed.
        self.batch = batch or max(concurrency, int(2 * (rate or 100)))
        self.guards = dict(guards or {})
        self.on_blocked = on_blocked
        self.worker = worker_name()
        self._wakeup = asyncio.Event()
        self._semaphore = asyncio.Semaphore(concurrency)
        self._stopped = False

    # ---- running -------------------------------------------------------------------------------

    def wake(self) -> None:
        self._wakeup.set()

    async def run(self, poll_interval: float = 1.0) -> None:
        """Delivers until cancelled; sleeps `poll_interval` (or until woken) when nothing is due."""
        while not self._stopped:
            try:
                sent = await self.deliver_due()
            except asyncio.CancelledError:
                raise
            except Exception:  # the database away for a moment: try again on the next round
                log.exception("sender pass failed")
                sent = 0
            if sent:
                continue
            self._wakeup.clear()
            try:
                await asyncio.wait_for(self._wakeup.wait(), poll_interval)
            except TimeoutError:
                pass

    def stop(self) -> None:
        self._stopped = True
        self._wakeup.set()

    def resume(self) -> None:
        self._stopped = False

    async def reclaim_all(self) -> int:
        """Puts every `sending` row back in the queue: for a new leader, whose predecessor is gone."""
        async with self.sessionmaker() as session:
            result = await session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.status == OutboxStatus.SENDING)
                .values(status=OutboxStatus.PENDING, claimed_at=None, claimed_by=None)
            )
            await session.commit()
        return int(getattr(result, "rowcount", 0) or 0)

    async def drain(self, max_passes: int = 1000) -> int:
        """Delivers everything due now (tests and benchmarks); returns how many were sent."""
        total = 0
        for _ in range(max_passes):
            sent = await self.deliver_due()
            total += sent
            if not sent:
                wait = await self._cooldown_wait()
                if wait is None:
                    break
                await self.limiter.sleep(wait)
        return total

    # ---- one pass ------------------------------------------------------------------------------

    async def deliver_due(self) -> int:
        rows = await self._claim()
        if not rows:
            return 0
        results = await asyncio.gather(*(self._deliver(row) for row in rows))
        self.limiter.forget_idle_chats()
        return sum(results)

    async def _cooldown_wait(self) -> float | None:
        """If due rows wait only for their chat's interval, how long until the first may go."""
        async with self.sessionmaker() as session:
            chats = list(
                await session.scalars(
                    select(OutboxMessage.chat_id)
                    .where(OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.not_before <= self.clock.now())
                    .limit(self.batch)
                )
            )
        if not chats:
            return None
        return min(self.limiter.chat_wait(c) for c in chats) or 0.0

    async def _claim(self) -> list[OutboxMessage]:
        now = self.clock.now()
        async with self.sessionmaker() as session:
            # Leases of a process that died mid-send run out: back to the queue.
            await session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.status == OutboxStatus.SENDING, OutboxMessage.claimed_at < now - self.lease)
                .values(status=OutboxStatus.PENDING, claimed_at=None, claimed_by=None)
            )
            # The first due row of each chat: a long queue for one chat (the curator after a
            # planner run) must not hold back everyone else's messages.
            due = (
                select(
                    OutboxMessage.id,
                    func.row_number()
                    .over(partition_by=OutboxMessage.chat_id, order_by=(OutboxMessage.not_before, OutboxMessage.id))
                    .label("n"),
                )
                .where(OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.not_before <= now)
                .subquery()
            )
            query = (
                select(OutboxMessage)
                .join(due, due.c.id == OutboxMessage.id)
                .where(due.c.n == 1)
                .order_by(OutboxMessage.not_before, OutboxMessage.id)
                .limit(self.batch * 4)
            )
            if session.bind is not None and session.bind.dialect.name == "postgresql":
                # Rows another sender is claiming right now are passed over, not waited for (a second
                # sender exists only for the moment a new leader takes over; see scheduler/leader.py).
                query = query.with_for_update(skip_locked=True, of=OutboxMessage)
            candidates = list(await session.scalars(query))
            if not candidates:
                await session.commit()
                return []
            candidates = await self._screen(session, candidates, now)
            chosen: list[OutboxMessage] = []
            chats: set[int] = set()
            for row in candidates:
                if row.chat_id in chats or not self.limiter.chat_ready(row.chat_id):
                    continue  # one per chat per pass; the next pass takes the next one
                chats.add(row.chat_id)
                chosen.append(row)
                if len(chosen) >= self.batch:
                    break
            if chosen:
                await session.execute(
                    update(OutboxMessage)
                    .where(OutboxMessage.id.in_([r.id for r in chosen]), OutboxMessage.status == OutboxStatus.PENDING)
                    .values(status=OutboxStatus.SENDING, claimed_at=now, claimed_by=self.worker)
                    .execution_options(synchronize_session=False)
                )
                mine = set(
                    await session.scalars(
                        select(OutboxMessage.id).where(
                            OutboxMessage.id.in_([r.id for r in chosen]),
                            OutboxMessage.status == OutboxStatus.SENDING,
                            OutboxMessage.claimed_by == self.worker,
                            OutboxMessage.claimed_at == now,
                        )
                    )
                )
                chosen = [r for r in chosen if r.id in mine]
            await session.commit()
            return chosen

    async def _screen(self, session: AsyncSession, rows: list[OutboxMessage], now: datetime) -> list[OutboxMessage]:
        """Drops what is no longer useful or allowed, in a few set-based updates; returns the rest."""
        expired = {r.id for r in rows if r.expires_at is not None and r.expires_at <= now}
        user_ids = {r.user_id for r in rows if r.user_id is not None}
        unreachable = set(
            await session.scalars(select(User.id).where(User.id.in_(user_ids), User.unreachable_at.is_not(None)))
        ) if user_ids else set()
        blocked = {r.id for r in rows if r.user_id in unreachable}
        cancelled: set[int] = set()
        by_ref: dict[str, list[OutboxMessage]] = {}
        for r in rows:
            if r.ref_type in self.guards and r.id not in expired | blocked:
                by_ref.setdefault(r.ref_type, []).append(r)
        for ref_type, group in by_ref.items():
            cancelled |= await self.guards[ref_type](session, group, now)
        # Quiet hours: a row queued in the evening and due now in the night waits for the morning.
        programme_ids = {r.programme_id for r in rows if r.programme_id is not None}
        postponed: dict[datetime, list[int]] = {}
        if programme_ids:
            for programme in await session.scalars(select(Programme).where(Programme.id.in_(programme_ids))):
                tz, s = zone_of(programme), settings_of(programme)
                if is_quiet(now, tz, s):
                    morning = next_allowed(now, tz, s)
                    postponed.setdefault(morning, []).extend(r.id for r in rows if r.programme_id == programme.id)
        for status, ids in ((OutboxStatus.EXPIRED, expired), (OutboxStatus.BLOCKED, blocked - expired), (OutboxStatus.CANCELLED, cancelled)):
            if ids:
                await session.execute(
                    update(OutboxMessage)
                    .where(OutboxMessage.id.in_(ids), OutboxMessage.status == OutboxStatus.PENDING)
                    .values(status=status)
                    .execution_options(synchronize_session=False)
                )
        for morning, ids in postponed.items():
            await session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id.in_(ids), OutboxMessage.status == OutboxStatus.PENDING)
                .values(not_before=morning)
                .execution_options(synchronize_session=False)
            )
        dropped = expired | blocked | cancelled | {i for ids in postponed.values() for i in ids}
        return [r for r in rows if r.id not in dropped]

    # ---- one message ---------------------------------------------------------------------------

    async def _deliver(self, row: OutboxMessage) -> int:
        async with self._semaphore:
            await self.limiter.wait_turn(row.chat_id)
            markup = InlineKeyboardMarkup.model_validate(row.reply_markup) if row.reply_markup else None
            try:
                with no_retry():  # this loop retries itself, keeping the pace and the queue's order
                    message = await self.bot.send_message(
                        row.chat_id, row.text, reply_markup=markup, request_timeout=REQUEST_TIMEOUT
                    )
            except TelegramRetryAfter as exc:
                self.limiter.pause(exc.retry_after)
                await self._retry(row, float(exc.retry_after), str(exc), count=False)
                return 0
            except TelegramForbiddenError as exc:
                await self._unreachable(row, str(exc))
                return 0
            except TelegramBadRequest as exc:
                if "chat not found" in exc.message.lower() or "user is deactivated" in exc.message.lower():
                    await self._unreachable(row, str(exc))
                else:  # our message is wrong (too long, bad markup): retrying cannot help
                    log.error("outbox %s refused: %s", row.key, exc)
                    await self._finish(row, OutboxStatus.FAILED, error=str(exc))
                return 0
            except TelegramUnauthorizedError as exc:
                log.critical("Telegram rejected the token; the sender stops: %s", exc)
                await self._retry(row, BACKOFF_CAP, str(exc), count=False)
                self.stop()
                return 0
            except (TelegramServerError, TelegramNetworkError, TimeoutError, OSError) as exc:
                await self._retry(row, None, f"{type(exc).__name__}: {exc}", count=True)
                return 0
            except TelegramAPIError as exc:  # 404, 409 and other answers: try later, a few times
                await self._retry(row, None, f"{type(exc).__name__}: {exc}", count=True)
                return 0
            await self._finish(row, OutboxStatus.SENT, message_id=message.message_id)
            return 1

    async def _finish(
        self, row: OutboxMessage, status: OutboxStatus, *, message_id: int | None = None, error: str | None = None
    ) -> None:
        now = self.clock.now()
        async with self.sessionmaker() as session:
            await session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == row.id)
                .values(
                    status=status,
                    sent_at=now if status == OutboxStatus.SENT else None,
                    telegram_message_id=message_id,
                    attempts=OutboxMessage.attempts + 1,
                    last_error=error[:300] if error else None,
                )
            )
            await session.commit()

    async def _retry(self, row: OutboxMessage, delay: float | None, error: str, *, count: bool) -> None:
        attempts = row.attempts + 1
        if count and attempts >= MAX_ATTEMPTS:
            log.error("outbox %s failed after %d attempts: %s", row.key, attempts, error)
            await self._finish(row, OutboxStatus.FAILED, error=error)
            return
        if delay is None:
            delay = min(BACKOFF_CAP, 2.0 ** min(attempts, 12))
        log.warning("outbox %s: %s; again in %.0f s", row.key, error, delay)
        async with self.sessionmaker() as session:
            await session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == row.id)
                .values(
                    status=OutboxStatus.PENDING,
                    not_before=self.clock.now() + timedelta(seconds=delay),
                    attempts=attempts if count else row.attempts,
                    claimed_at=None,
                    claimed_by=None,
                    last_error=error[:300],
                )
            )
            await session.commit()

    async def _unreachable(self, row: OutboxMessage, error: str) -> None:
        now = self.clock.now()
        log.info("chat %s is unreachable: %s", row.chat_id, error)
        async with self.sessionmaker() as session:
            await session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == row.id)
                .values(status=OutboxStatus.BLOCKED, attempts=OutboxMessage.attempts + 1, last_error=error[:300])
            )
            # Everything else queued for this chat stops too.
            await session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.chat_id == row.chat_id, OutboxMessage.status == OutboxStatus.PENDING)
                .values(status=OutboxStatus.BLOCKED, last_error=error[:300])
            )
            user = await session.scalar(select(User).where(User.telegram_id == row.chat_id))
            if user is not None and user.unreachable_at is None:
                user.unreachable_at = now
                if self.on_blocked is not None:
                    await self.on_blocked(session, user.id, now)
            await session.commit()
