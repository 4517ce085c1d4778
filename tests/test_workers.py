"""Two `python -m bot` webhook workers on one database and one fake Bot API, as a region runs them.

- Three workers; 2,000 queued messages; the worker that leads (runs the planner and the sender) is killed with
  SIGKILL halfway: the other takes over within seconds and every message arrives. A message can
  arrive twice only if it was in flight at the kill (its request may have reached Telegram just
  before the process died, and Telegram has no idempotency key): at most the sender's concurrency.
- Then 1,000 more, and the new leader gets SIGTERM halfway: it finishes what it has in hand and hands
  over; exactly once.
- Both workers take webhook requests: without the secret they are refused; one update posted to both
  at once is handled once.

The workers share PostgreSQL (advisory lock for the lead, SKIP LOCKED claims) and Redis; the test
runs in the PostgreSQL run of `make test` only (each bot start costs CI time). It passes on one SQLite
file too (a file lock for the lead): `TEST_DATABASE_URL= pytest tests/test_workers.py` after removing
the mark.
"""

from __future__ import annotations

import asyncio
import socket
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bench.fake_bot_api import FakeBotAPI
from db.models import OutboxStatus
from tests.conftest import PG_RUN_ONLY, REDIS_URL, require_service
from tests.test_delivery_faults import CONCURRENCY, BotProcess, bot_env, insert_rows, migrated, outbox_row, statuses, text_of

SECRET = "workers-test-secret-0123456789"
N = 2000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Worker:
    def __init__(self, tmp_path: Path, name: str, database_url: str, api: FakeBotAPI, **extra: str) -> None:
        self.name = name
        self.port = free_port()
        env = bot_env(
            database_url,
            f"{api.url}/{name}",  # the fake records which worker sent each message
            WEBHOOK_URL=f"http://127.0.0.1:{self.port}/tg",
            WEBHOOK_SECRET=SECRET,
            WEBHOOK_LISTEN=f"127.0.0.1:{self.port}",
            SEND_RATE="250",
            SEND_LEASE_SECONDS="600",  # a takeover must not wait for leases to run out
            **extra,
        )
        if REDIS_URL:
            env["REDIS_URL"] = require_service("redis")
        self.process = BotProcess(tmp_path, name, env)
        self.url = f"http://127.0.0.1:{self.port}/tg"

    async def wait_ready(self, timeout: float = 180) -> None:
        deadline = time.monotonic() + timeout
        async with aiohttp.ClientSession() as http:
            while True:
                if self.process.proc.poll() is not None:
                    pytest.fail(f"worker {self.name} exited:\n{self.process.tail()}")
                try:
                    async with http.get(f"http://127.0.0.1:{self.port}/healthz") as response:
                        if response.status == 200:
                            return
                except aiohttp.ClientError:
                    pass
                if time.monotonic() > deadline:
                    pytest.fail(f"worker {self.name} did not start:\n{self.process.tail()}")
                await asyncio.sleep(0.2)

    def log(self) -> str:
        return self.process.log.read_text(encoding="utf-8", errors="replace")


async def post(url: str, update: dict[str, Any], secret: str | None) -> int:
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret else {}
    async with aiohttp.ClientSession() as http, http.post(url, json=update, headers=headers) as response:
        await response.read()
        return response.status


def start_update(update_id: int, chat_id: int) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "from": {"id": chat_id, "is_bot": False, "first_name": "Гость", "language_code": "ru"},
            "chat": {"id": chat_id, "type": "private", "first_name": "Гость"},
            "date": int(time.time()),
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }


async def wait_delivered(api: FakeBotAPI, count: int, workers: list[Worker], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while len(api.delivered) < count:
        if time.monotonic() > deadline:
            logs = "\n\n".join(f"== {w.name} ==\n{w.process.tail(15)}" for w in workers)
            pytest.fail(f"{len(api.delivered)} of {count} delivered in {timeout:.0f} s\n{logs}")
        await api.wait_until(lambda a: len(a.delivered) >= count, timeout=0.5)


def leader_of(api: FakeBotAPI, since: int = 0) -> str:
    """The worker the messages come from (only the leader sends)."""
    return Counter(d.via for d in api.delivered[since:]).most_common(1)[0][0]


async def worked_off(engine: Any, keys: list[str], workers: list[Worker], timeout: float = 90) -> dict[str, str]:
    deadline = time.monotonic() + timeout
    while True:
        found = await statuses(engine, keys)
        if not {OutboxStatus.PENDING, OutboxStatus.SENDING, "missing"} & set(found.values()):
            return found
        if time.monotonic() > deadline:
            logs = "\n\n".join(f"== {w.name} ==\n{w.process.tail(15)}" for w in workers)
            pytest.fail(f"the outbox was not worked off: {Counter(found.values())}\n{logs}")
        await asyncio.sleep(0.2)


@PG_RUN_ONLY  # the setting: one PostgreSQL (a SQLite file shares the lead through a lock file)
async def test_workers_share_one_bot_and_hand_over_the_sending(database_url: str, tmp_path: Path) -> None:
    engine = await migrated(database_url)
    first = [f"a:{i:04d}" for i in range(N)]
    second = [f"b:{i:04d}" for i in range(N // 2)]
    try:
        async with FakeBotAPI(limit=None) as api:
            workers = [Worker(tmp_path, f"w{i}", database_url, api) for i in (1, 2, 3)]
            try:
                await asyncio.gather(*(w.wait_ready() for w in workers))
                # Every worker takes webhook requests, and only with the secret.
                assert await post(workers[0].url, start_update(1, 6_100_001), None) == 401
                assert await post(workers[1].url, start_update(2, 6_100_001), "not-the-secret-at-all-000") == 401
                # One update posted to all at once (a retried webhook) is handled once.
                statuses_ = await asyncio.gather(*(post(w.url, start_update(3, 6_100_002), SECRET) for w in workers))
                assert statuses_ == [200, 200, 200]
                assert await api.wait_until(lambda a: a.to_chat(6_100_002), timeout=10)
                assert not api.to_chat(6_100_001)

                # 2,000 messages; the leader is killed halfway.
                await insert_rows(engine, [outbox_row(k, 6_200_000 + i, datetime.now(UTC)) for i, k in enumerate(first)])
                await wait_delivered(api, N // 2, workers, timeout=90)
                killed = next(w for w in workers if w.name == leader_of(api))
                killed.process.kill()
                at_kill = len(api.delivered)
                found = await worked_off(engine, first, workers)
                assert set(found.values()) == {OutboxStatus.SENT}
                alive = [w for w in workers if w is not killed]

                # 1,000 more; the new leader is stopped (SIGTERM) halfway and hands over.
                mark = len(api.delivered)
                await insert_rows(engine, [outbox_row(k, 6_300_000 + i, datetime.now(UTC)) for i, k in enumerate(second)])
                await wait_delivered(api, mark + len(second) // 2, alive, timeout=90)
                stopped = next(w for w in alive if w.name == leader_of(api, mark))
                assert stopped.process.stop() == 0, stopped.process.tail()
                last = next(w for w in alive if w is not stopped)
                found = await worked_off(engine, second, workers)
                assert set(found.values()) == {OutboxStatus.SENT}
                assert last.process.stop() == 0, last.process.tail()
            finally:
                for w in workers:
                    w.process.kill()
    finally:
        await engine.dispose()

    for w in workers:
        assert "Traceback" not in w.log(), w.process.tail()
    counts = Counter(d.text for d in api.delivered)
    assert len(api.to_chat(6_100_002)) == 1
    # The kill: nothing lost; twice only what the dead leader had sent but not yet marked sent (its
    # requests in flight: at most the sender's concurrency), once by it and once by the next leader.
    lost = [k for k in first if counts[text_of(k)] == 0]
    twice = [k for k in first if counts[text_of(k)] > 1]
    print(f"\n{killed.name} killed after {at_kill} deliveries: {len(twice)} message(s) arrived twice")
    assert not lost, f"lost: {lost[:10]}"
    assert len(twice) <= CONCURRENCY and all(counts[text_of(k)] == 2 for k in twice)
    for k in twice:
        assert next(d.via for d in api.delivered if d.text == text_of(k)) == killed.name
    assert {d.via for d in api.delivered[at_kill + CONCURRENCY :]} <= {w.name for w in alive}
    # The graceful stop: exactly once, and the next leader found nothing left in hand.
    assert all(counts[text_of(k)] == 1 for k in second), {k: counts[text_of(k)] for k in second if counts[text_of(k)] != 1}
    assert "had in hand" not in last.log().split("this process leads")[-1].splitlines()[0]
    assert {d.via for d in api.delivered[mark:] if d.text.startswith("message b:")} == {stopped.name, last.name}
