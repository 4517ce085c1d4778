"""Delivery under faults, over real HTTP to a fake Bot API (bench/fake_bot_api.py).

- `python -m bot` killed with SIGKILL in the middle of a queue and started again: nothing is lost,
  duplicates only among the rows that were `sending` at the kill (at most the sender's concurrency).
- Started again after being down for hours: rows whose `expires_at` passed meanwhile (pending, or
  left `sending` by the dead process) are expired, never sent.
- The sender in-process with aiogram's AiohttpSession: 429 (paused, then delivered once), 500
  (retried with backoff, delivered on the third attempt), 403 (the chat blocked, the person marked
  unreachable, the curator told, other chats unaffected).
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from aiogram import Bot
from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from bench.fake_bot_api import FakeBotAPI
from bot.app import App, build_app, create_bot
from bot.clock import FrozenClock, SystemClock
from bot.config import Settings
from bot.services.outbox import Draft, enqueue
from bot.services.programme import first_programme
from db.engine import create_engine
from db.migrate import upgrade
from db.models import OutboxMessage, OutboxStatus, User
from scheduler.notices import blocked_hook
from scheduler.sender import Sender
from scheduler.service import Scheduler
from tests.conftest import SQLITE_RUN_ONLY, TEST_TOKEN
from tests.factories import make_member
from tests.harness import CURATOR

ROOT = Path(__file__).resolve().parent.parent
CONCURRENCY = 8  # the Sender's default, which `python -m bot` uses


# ---- the bot as a process --------------------------------------------------------------------------


class BotProcess:
    """`python -m bot` from an empty directory, its output in a log file (a pipe could fill up)."""

    def __init__(self, tmp_path: Path, name: str, env: dict[str, str]) -> None:
        self.log = tmp_path / f"{name}.log"
        clean = {k: v for k, v in os.environ.items() if k.upper() not in {f.upper() for f in Settings.model_fields}}
        clean["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
        clean.update(env)
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "bot"], cwd=tmp_path, env=clean, stdin=subprocess.DEVNULL, stdout=out, stderr=out
            )

    def tail(self, lines: int = 30) -> str:
        return "\n".join(self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> int:
        """SIGTERM: aiogram stops polling, the scheduler finishes what is in flight."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                return self.proc.wait(40)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
                raise
        return self.proc.returncode


def bot_env(database_url: str, api_url: str, **extra: str) -> dict[str, str]:
    return {
        "BOT_TOKEN": TEST_TOKEN,
        "DATABASE_URL": database_url,
        "TELEGRAM_API_URL": api_url,
        "PLANNER_INTERVAL_SECONDS": "3600",
        **extra,
    }


# ---- the outbox, straight in the database -----------------------------------------------------------


async def migrated(database_url: str) -> AsyncEngine:
    engine = create_engine(database_url)
    await upgrade(engine)
    # Reads while the bot runs: SQLite's BEGIN DEFERRED, not the write lock the app takes up front.
    return engine.execution_options(sqlite_begin="DEFERRED")


def outbox_row(key: str, chat_id: int, queued_at: datetime, **fields: Any) -> dict[str, Any]:
    row = {
        "key": key,
        "kind": "test",
        "chat_id": chat_id,
        "text": text_of(key),
        "status": OutboxStatus.PENDING.value,
        "not_before": queued_at,
        "attempts": 0,
        "created_at": queued_at,
        "expires_at": None,  # every row the same columns: one executemany
        "claimed_at": None,
        "claimed_by": None,
    }
    row.update(fields)
    return row


def text_of(key: str) -> str:
    return f"message {key}"


async def insert_rows(engine: AsyncEngine, rows: list[dict[str, Any]]) -> None:
    async with engine.begin() as conn:
        for i in range(0, len(rows), 500):
            await conn.execute(insert(OutboxMessage), rows[i : i + 500])


async def statuses(engine: AsyncEngine, keys: Iterable[str] | None = None) -> dict[str, str]:
    async with engine.connect() as conn:
        query = select(OutboxMessage.key, OutboxMessage.status)
        found = {k: s for k, s in (await conn.execute(query)).all()}
    return found if keys is None else {k: found.get(k, "missing") for k in keys}


async def wait_for_statuses(engine: AsyncEngine, done: Any, bot: BotProcess, timeout: float) -> dict[str, str]:
    """Polls the outbox until done(statuses) holds; fails with the bot's log if it does not."""
    deadline = time.monotonic() + timeout
    while True:
        found = await statuses(engine)
        if done(found):
            return found
        if bot.proc.poll() is not None:
            pytest.fail(f"the bot exited with {bot.proc.returncode}:\n{bot.tail()}")
        if time.monotonic() > deadline:
            counts = defaultdict(int)
            for s in found.values():
                counts[s] += 1
            pytest.fail(f"timed out; outbox {dict(counts)}; bot log:\n{bot.tail()}")
        await asyncio.sleep(0.25)


def min_chat_gap(deliveries: Iterable[Any]) -> float:
    """The shortest time between two messages to the same chat."""
    last: dict[int, float] = {}
    gap = float("inf")
    for d in sorted(deliveries, key=lambda d: d.at):
        if d.chat_id in last:
            gap = min(gap, d.at - last[d.chat_id])
        last[d.chat_id] = d.at
    return gap


# ---- kill -9 and restart ------------------------------------------------------------------------------


@SQLITE_RUN_ONLY  # the PostgreSQL run kills a leader among three workers (tests/test_workers.py)
async def test_kill_and_restart_loses_nothing(database_url: str, tmp_path: Path) -> None:
    """1,000 messages to 200 chats; SIGKILL when about half arrived; a new process finishes the queue.

    At SEND_RATE=100 (above Telegram's 30, which the setting allows for test servers) the queue takes
    about 10 s of sending in all. The fake's flood limit is above it: this test is about kills, not
    about 429."""
    n, chats = 1000, 200
    engine = await migrated(database_url)
    queued_at = datetime.now(UTC)
    keys = [f"kill:{i:04d}" for i in range(n)]
    await insert_rows(engine, [outbox_row(k, 5_000_000 + i % chats, queued_at) for i, k in enumerate(keys)])
    env = bot_env(database_url, "", SEND_RATE="100", SEND_LEASE_SECONDS="2")
    try:
        async with FakeBotAPI(limit=150) as api:
            env["TELEGRAM_API_URL"] = api.url
            first = BotProcess(tmp_path, "first", env)
            try:
                half = await api.wait_until(lambda a: len(a.delivered) >= n // 2, timeout=90)
            finally:
                first.kill()
            assert half, f"the first process did not deliver half the queue:\n{first.tail()}"
            killed_at = time.monotonic()
            await asyncio.sleep(0.3)  # requests already in the server's socket buffers are still answered
            delivered_first = len(api.delivered)
            left = await statuses(engine, keys)
            sending = {k for k, s in left.items() if s == OutboxStatus.SENDING}
            assert set(left.values()) <= {OutboxStatus.SENT, OutboxStatus.SENDING, OutboxStatus.PENDING}

            second = BotProcess(tmp_path, "second", env)
            try:
                final = await wait_for_statuses(
                    engine, lambda found: all(found.get(k) == OutboxStatus.SENT for k in keys), second, timeout=90
                )
            finally:
                code = second.stop()
            assert code == 0, second.tail()
            assert "Traceback" not in second.log.read_text(encoding="utf-8"), second.tail()
    finally:
        await engine.dispose()

    texts = api.texts()
    lost = [k for k in keys if texts[text_of(k)] == 0]
    duplicated = {k: texts[text_of(k)] for k in keys if texts[text_of(k)] > 1}
    print(
        f"\nkill and restart: {delivered_first} delivered before the kill, {len(sending)} rows were `sending` at the kill, "
        f"{len(duplicated)} duplicate(s) {sorted(duplicated)}; 429s: {api.answers[429]}"
    )
    assert not lost, f"lost: {lost[:10]}"
    assert set(duplicated) <= sending, "a message went twice that was not in flight at the kill"
    assert len(duplicated) <= CONCURRENCY and all(c == 2 for c in duplicated.values())
    assert all(s == OutboxStatus.SENT for s in final.values())
    assert len(texts) == n and sum(texts.values()) == n + len(duplicated)
    # The pace held in each process: one message a second per chat (a restart forgets the chats).
    # Measured at arrival, so a late first request shortens the gap: only a burst would go below 0.5 s.
    before = [d for d in api.delivered if d.at <= killed_at]
    after = [d for d in api.delivered if d.at > killed_at]
    assert min_chat_gap(before) >= 0.5 and min_chat_gap(after) >= 0.5


# ---- in-process over aiogram's HTTP session: restart after downtime; 429 / 5xx / 403 ----------------


@pytest.fixture
async def app(settings: Settings, clock: FrozenClock) -> AsyncIterator[App]:
    app = await build_app(settings, clock)
    yield app
    await app.close()


@asynccontextmanager
async def http_bot(settings: Settings, api: FakeBotAPI) -> AsyncIterator[Bot]:
    """The production Bot: AiohttpSession with TelegramAPIServer.from_base(TELEGRAM_API_URL)."""
    bot = create_bot(settings.model_copy(update={"telegram_api_url": api.url}))
    try:
        yield bot
    finally:
        await bot.session.close()


async def queue(app: App, drafts: list[Draft], now: datetime) -> None:
    async with app.sessionmaker() as session:
        assert await enqueue(session, drafts, now) == len(drafts)
        await session.commit()


async def outbox(app: App) -> dict[str, OutboxMessage]:
    async with app.sessionmaker() as session:
        return {r.key: r for r in await session.scalars(select(OutboxMessage))}


def drafts(prefix: str, chat_ids: Iterable[int], **fields: Any) -> list[Draft]:
    return [Draft(key=f"{prefix}:{i}", kind="test", chat_id=c, text=text_of(f"{prefix}:{i}"), **fields) for i, c in enumerate(chat_ids)]


async def test_restart_after_downtime_expires_stale_rows(settings: Settings) -> None:
    """The bot died (rows left `sending` by it) and was down for two hours: on the restart, what
    expired meanwhile is marked expired and never sent; the rest is delivered once.

    In-process (build_app and Scheduler.start, as `python -m bot` does), so that the queue can be
    made two hours in the past; the kill itself is the subprocess test above. The restarted app
    runs on the real clock: a 429 puts a message back for `retry_after` real seconds."""
    settings = settings.model_copy(update={"curator_ids": frozenset()})  # no roadmap nudges from the planner
    back_then = FrozenClock(datetime.now(UTC) - timedelta(hours=2))
    app = await build_app(settings, back_then)
    try:
        fresh = drafts("fresh", [7_400_000 + i % 20 for i in range(40)])
        for i, d in enumerate(fresh):
            d.expires_at = back_then.now() + timedelta(hours=3) if i % 2 else None
        stale = drafts("stale", [7_400_000 + i % 20 for i in range(40)], expires_at=back_then.now() + timedelta(hours=1))
        fresh_claimed = drafts("fresh-claimed", range(7_400_100, 7_400_105))
        stale_claimed = drafts("stale-claimed", range(7_400_200, 7_400_205), expires_at=back_then.now() + timedelta(minutes=10))
        await queue(app, fresh + stale + fresh_claimed + stale_claimed, back_then.now())
        async with app.sessionmaker() as session:  # claimed by the process that then died
            await session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.key.in_([d.key for d in fresh_claimed + stale_claimed]))
                .values(status=OutboxStatus.SENDING, claimed_at=back_then.now(), claimed_by="old-host:4242")
            )
            await session.commit()
    finally:
        await app.close()
    app = await build_app(settings, SystemClock())
    try:
        async with FakeBotAPI() as api, http_bot(settings, api) as bot:
            scheduler = Scheduler(app, bot)
            await scheduler.start()
            try:
                deadline = time.monotonic() + 30
                while {OutboxStatus.PENDING, OutboxStatus.SENDING} & {r.status for r in (await outbox(app)).values()}:
                    assert time.monotonic() < deadline, "the outbox was not worked off"
                    await asyncio.sleep(0.2)
            finally:
                await scheduler.stop()
        rows = await outbox(app)
    finally:
        await app.close()
    texts = api.texts()
    stale_keys = [d.key for d in stale + stale_claimed]
    fresh_keys = [d.key for d in fresh + fresh_claimed]
    assert {k: rows[k].status for k in stale_keys} == dict.fromkeys(stale_keys, OutboxStatus.EXPIRED)
    assert {k: rows[k].status for k in fresh_keys} == dict.fromkeys(fresh_keys, OutboxStatus.SENT)
    assert not [k for k in stale_keys if texts[text_of(k)]], "an expired message was sent"
    assert all(texts[text_of(k)] == 1 for k in fresh_keys)


async def test_429_pauses_then_delivers_once(app: App, settings: Settings) -> None:
    """A limit of 5 a second against an unpaced sender: the 429s pause everything for retry_after,
    the refused messages go back to the queue and are delivered later, each exactly once."""
    clock = SystemClock()
    items = drafts("flood", range(7_000_000, 7_000_020))
    await queue(app, items, clock.now())
    async with FakeBotAPI(limit=5, retry_after=1) as api, http_bot(settings, api) as bot:
        sender = Sender(bot, app.sessionmaker, clock, rate=None, chat_interval=0)
        deadline = time.monotonic() + 30
        while len(api.delivered) < len(items) and time.monotonic() < deadline:
            if not await sender.deliver_due():
                await asyncio.sleep(0.05)
    texts = api.texts()
    assert {d.text for d in items} == set(texts) and set(texts.values()) == {1}
    assert api.answers[429] > 0
    assert {r.status for r in (await outbox(app)).values()} == {OutboxStatus.SENT}
    # After a 429 the sender waited retry_after: only requests already on their way arrived early.
    for refused in (r for r in api.refused if r.status == 429):
        early = [d for d in api.delivered if refused.at + 0.4 < d.at < refused.at + 0.95]
        assert not early, f"delivered {len(early)} message(s) during the pause"


async def test_500_twice_then_delivered_on_the_third_attempt(app: App, settings: Settings, clock: FrozenClock) -> None:
    await queue(app, drafts("flaky", [7_100_000]), clock.now())
    async with FakeBotAPI(fail_first=2) as api, http_bot(settings, api) as bot:
        sender = Sender(bot, app.sessionmaker, clock, rate=None, chat_interval=0)
        assert await sender.deliver_due() == 0
        row = (await outbox(app))["flaky:0"]
        assert (row.status, row.attempts, row.not_before) == (OutboxStatus.PENDING, 1, clock.now() + timedelta(seconds=2))
        assert "TelegramServerError" in (row.last_error or "")
        assert await sender.deliver_due() == 0  # not before its time
        clock.advance(seconds=2)
        assert await sender.deliver_due() == 0
        row = (await outbox(app))["flaky:0"]
        assert (row.status, row.attempts, row.not_before) == (OutboxStatus.PENDING, 2, clock.now() + timedelta(seconds=4))
        clock.advance(seconds=4)
        assert await sender.deliver_due() == 1
    row = (await outbox(app))["flaky:0"]
    assert (row.status, row.attempts, row.telegram_message_id) == (OutboxStatus.SENT, 3, api.delivered[0].message_id)
    assert api.answers == {500: 2, 200: 1}
    assert [d.text for d in api.delivered] == [text_of("flaky:0")]


async def test_random_500s_retried_until_all_delivered_once(app: App, settings: Settings, clock: FrozenClock) -> None:
    items = drafts("shaky", range(7_200_000, 7_200_030))
    await queue(app, items, clock.now())
    async with FakeBotAPI(fail_fraction=0.3, seed=7) as api, http_bot(settings, api) as bot:
        sender = Sender(bot, app.sessionmaker, clock, rate=None, chat_interval=0)
        for _ in range(40):
            await sender.deliver_due()
            if len(api.delivered) == len(items):
                break
            clock.advance(seconds=70)
    assert api.answers[500] > 0
    assert set(api.texts().values()) == {1} and len(api.texts()) == len(items)
    assert {r.status for r in (await outbox(app)).values()} == {OutboxStatus.SENT}


async def test_403_blocks_the_chat_and_tells_the_curator(app: App, settings: Settings, clock: FrozenClock) -> None:
    async with app.sessionmaker() as session:
        programme = await first_programme(session)
        assert programme is not None
        blocker = await make_member(session, programme.id, 7_300_001, "mentee", name="Петров Пётр")
        other = await make_member(session, programme.id, 7_300_002, "mentee", name="Сидорова Анна")
        await session.commit()
    await queue(app, drafts("to-blocker", [7_300_001] * 3, user_id=blocker.user_id), clock.now())
    await queue(app, drafts("to-other", [7_300_002] * 2, user_id=other.user_id), clock.now())
    async with FakeBotAPI(forbidden={7_300_001}) as api, http_bot(settings, api) as bot:
        sender = Sender(bot, app.sessionmaker, clock, rate=None, chat_interval=0, on_blocked=blocked_hook(app.l10n, settings))
        await sender.drain()
    rows = await outbox(app)
    assert {k: r.status for k, r in rows.items() if k.startswith("to-blocker")} == {
        f"to-blocker:{i}": OutboxStatus.BLOCKED for i in range(3)
    }
    assert {k: r.status for k, r in rows.items() if k.startswith("to-other")} == {
        f"to-other:{i}": OutboxStatus.SENT for i in range(2)
    }
    assert api.answers[403] == 1 and not api.to_chat(7_300_001)  # asked once, then stopped
    assert [d.text for d in api.to_chat(7_300_002)] == [text_of("to-other:0"), text_of("to-other:1")]
    async with app.sessionmaker() as session:
        users = {u.telegram_id: u for u in await session.scalars(select(User))}
    assert users[7_300_001].unreachable_at == clock.now()
    assert users[7_300_002].unreachable_at is None
    notices = [k for k, r in rows.items() if r.kind == "unreachable"]
    assert len(notices) == 1 and rows[notices[0]].status == OutboxStatus.SENT
    (notice,) = api.to_chat(CURATOR.id)
    assert "Петров Пётр" in notice.text
