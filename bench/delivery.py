"""Delivery benchmark: the real Sender over real HTTP to a fake Bot API with Telegram's flood limit.

Run from the repository root: `.venv/bin/python -m bench.delivery [--messages 10000] [--database-url URL]`.

Queues `--messages` outbox rows (five per chat, shuffled) with `bot.services.outbox.enqueue`, then
runs `scheduler.sender.Sender.run()` (the loop `python -m bot` runs) at the default pace of
`bot.config.Settings` (`send_rate`, 28/s) against `bench/fake_bot_api.py` answering 429 above 30
sendMessage calls in any second, and reports:

- the achieved rate (messages / time from the first to the last arrival at the fake; goal >= 27/s),
- 429 answers, the most calls the fake saw in any one second, the shortest gap between two
  messages to one chat,
- lost (queued, never delivered) and duplicated (delivered more than once) messages, and rows not
  `sent` in the database afterwards (all three must be 0),
- claim-to-sent latency per message, p50/p99 (`sent_at - claimed_at`: a row is claimed with its
  batch, about two seconds of sending, so this includes waiting for its turn in the batch).

SQLite in a temporary file by default; `--database-url` for PostgreSQL (a scratch database: the
bench refuses to run if the outbox has pending rows of its own, and deletes its rows afterwards).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import sys
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import delete, func, select

from bench.common import Figure
from bench.fake_bot_api import FakeBotAPI
from bot.app import create_bot
from bot.clock import SystemClock
from bot.config import Settings
from bot.services.outbox import Draft, enqueue
from db.engine import create_engine, create_sessionmaker
from db.migrate import upgrade
from db.models import OutboxMessage, OutboxStatus
from scheduler.sender import Sender

DUMMY_TOKEN = "123456789:AAH-bench-token-for-the-fake-bot-api"
PREFIX = "bench-delivery:"
TELEGRAM_LIMIT = 30
GOAL_RATE = 27.0


def max_per_second(times: list[float]) -> int:
    times = sorted(times)
    best, j = 0, 0
    for i, t in enumerate(times):
        while times[j] <= t - 1.0:
            j += 1
        best = max(best, i - j + 1)
    return best


def min_chat_gap(deliveries: list) -> float:  # type: ignore[type-arg]
    last: dict[int, float] = {}
    gap = float("inf")
    for d in sorted(deliveries, key=lambda d: d.at):
        if d.chat_id in last:
            gap = min(gap, d.at - last[d.chat_id])
        last[d.chat_id] = d.at
    return gap


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


async def run(messages: int, chats: int, database_url: str, limit: int, results: dict[str, Any] | None = None) -> int:
    """Queues, sends and prints the report; the figures also go to `results` if given."""
    settings = Settings(_env_file=None, bot_token=DUMMY_TOKEN, database_url=database_url)  # type: ignore[call-arg]
    engine = create_engine(database_url)
    try:
        await upgrade(engine)
        sessionmaker = create_sessionmaker(engine)
        clock = SystemClock()
        async with sessionmaker() as session:
            await session.execute(delete(OutboxMessage).where(OutboxMessage.key.like(PREFIX + "%")))
            others = await session.scalar(
                select(func.count()).where(OutboxMessage.status.in_([OutboxStatus.PENDING, OutboxStatus.SENDING]))
            )
            if others:
                print(f"error: the outbox at {database_url} has {others} pending row(s): use a scratch database", file=sys.stderr)
                return 2
            rnd = random.Random(1)
            order = list(range(messages))
            rnd.shuffle(order)
            drafts = [
                Draft(key=f"{PREFIX}{i:06d}", kind="bench", chat_id=10_000_000 + i % chats, text=f"{PREFIX}{i:06d}") for i in order
            ]
            queued_at = time.perf_counter()
            await enqueue(session, drafts, clock.now())
            await session.commit()
            print(f"queued {messages:,} messages to {chats:,} chats in {time.perf_counter() - queued_at:.1f} s", flush=True)

        async with FakeBotAPI(limit=limit) as api:
            bot = create_bot(settings.model_copy(update={"telegram_api_url": api.url}))
            sender = Sender(bot, sessionmaker, clock, rate=settings.send_rate, lease=timedelta(seconds=settings.send_lease_seconds))
            print(f"sending at Settings().send_rate = {settings.send_rate}/s to a fake Bot API with 429 above {limit}/s ...", flush=True)
            started = time.monotonic()
            task = asyncio.create_task(sender.run())
            expected = {d.text for d in drafts}
            timeout = messages / 15 + 60
            next_report = started + 30
            try:
                while len(api.texts().keys() & expected) < messages:
                    if task.done():
                        task.result()
                    if time.monotonic() - started > timeout:
                        print(f"timed out after {timeout:.0f} s", file=sys.stderr)
                        break
                    await api.wait_until(lambda a: len(a.delivered) >= messages, timeout=1.0)
                    if time.monotonic() >= next_report:
                        elapsed = time.monotonic() - started
                        print(
                            f"  {elapsed:5.0f} s: {len(api.delivered):,} delivered ({len(api.delivered) / elapsed:.1f}/s), {api.answers[429]} x 429",
                            flush=True,
                        )
                        next_report += 30
            finally:
                sender.stop()
                await asyncio.wait_for(task, 60)
                await bot.session.close()
            wall = time.monotonic() - started

        async with sessionmaker() as session:
            rows = (
                await session.execute(
                    select(OutboxMessage.key, OutboxMessage.status, OutboxMessage.claimed_at, OutboxMessage.sent_at).where(
                        OutboxMessage.key.like(PREFIX + "%")
                    )
                )
            ).all()
            await session.execute(delete(OutboxMessage).where(OutboxMessage.key.like(PREFIX + "%")))
            await session.commit()
    finally:
        await engine.dispose()

    texts = api.texts()
    lost = sum(1 for t in expected if texts[t] == 0)
    duplicated = sum(1 for t in expected if texts[t] > 1)
    not_sent = Counter(status for _, status, _, _ in rows if status != OutboxStatus.SENT)
    latencies = [(sent - claimed).total_seconds() for _, status, claimed, sent in rows if sent and claimed]
    arrivals = [d.at for d in api.delivered]
    span = max(arrivals) - min(arrivals) if len(arrivals) > 1 else float("nan")
    rate = (len(arrivals) - 1) / span if span else float("nan")
    every = [d.at for d in api.delivered] + [r.at for r in api.refused]
    backend = engine.dialect.name
    print()
    print(f"delivery: {messages:,} messages to {chats:,} chats, {backend}, Settings().send_rate {settings.send_rate}/s, fake limit {limit}/s")
    print(f"  achieved rate      {rate:6.2f} msg/s  (first to last arrival {span:.1f} s; wall {wall:.1f} s)  goal >= {GOAL_RATE:.0f}/s")
    print(f"  429 answers        {api.answers[429]:6d}     (500: {api.answers[500]}, 403: {api.answers[403]})")
    print(f"  max calls in 1 s   {max_per_second(every):6d}     shortest gap in one chat {min_chat_gap(api.delivered):.3f} s")
    print(f"  lost               {lost:6d}     duplicated {duplicated}     rows not sent {sum(not_sent.values())} {dict(not_sent) or ''}")
    print(f"  claim-to-sent      p50 {percentile(latencies, 0.5):.3f} s   p99 {percentile(latencies, 0.99):.3f} s   max {max(latencies, default=float('nan')):.3f} s")
    ok = lost == 0 and duplicated == 0 and not not_sent and rate >= GOAL_RATE
    if results is not None:
        results.update(
            backend=backend, send_rate=settings.send_rate, rate=rate, span=span, wall=wall, too_many=api.answers[429],
            max_per_second=max_per_second(every), lost=lost, duplicated=duplicated, not_sent=sum(not_sent.values()),
            p50=percentile(latencies, 0.5), p99=percentile(latencies, 0.99),
        )
    return 0 if ok else 1


def figures(quick: bool = False, database_url: str | None = None) -> list[Figure]:
    """For `python -m bench`: 3,000 messages to 600 chats (about 2 minutes; quick: 84 to 84, 3 s) on a
    temporary SQLite file, or on `database_url` (a scratch database, as --database-url)."""
    messages, chats = (84, 84) if quick else (3_000, 600)  # quick: one message a chat, so only the pace limits
    r: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="bench-delivery-") as tmp:
        url = database_url or f"sqlite+aiosqlite:///{Path(tmp) / 'outbox.sqlite3'}"
        code = asyncio.run(run(messages, chats, url, TELEGRAM_LIMIT, r))
    if not r:
        raise RuntimeError(f"bench.delivery stopped with exit code {code}")
    on = f"{messages:,} msgs, {r['backend']}"
    wrong = r["lost"] + r["duplicated"] + r["not_sent"]
    return [
        Figure("delivery", f"achieved rate, {on} (baseline: Settings().send_rate)", r["rate"], "/s", r["send_rate"],
               f"≥ {GOAL_RATE:.0f}/s", r["rate"] >= GOAL_RATE),
        Figure("delivery", f"429 answers from the fake (limit {TELEGRAM_LIMIT}/s), {on}", r["too_many"], "", None, "0",
               r["too_many"] == 0),
        Figure("delivery", f"lost + duplicated + not sent, {on}", wrong, "", None, "0 (exactly once)", wrong == 0),
        Figure("delivery", f"claim-to-sent p99, {on}", r["p99"], "s", None, "≈ 2 s (a batch)", None),
    ]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Delivery benchmark: Sender -> HTTP -> fake Bot API with a 30/s flood limit")
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--chats", type=int, default=None, help="default: messages / 5")
    parser.add_argument("--database-url", default=None, help="default: a temporary SQLite file")
    parser.add_argument("--limit", type=int, default=TELEGRAM_LIMIT, help="the fake's 429 threshold, calls a second")
    parser.add_argument("--verbose", action="store_true", help="show the sender's warnings (one per 429)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING if args.verbose else logging.ERROR, format="%(levelname)s %(name)s: %(message)s")
    chats = args.chats or max(1, args.messages // 5)
    if args.database_url:
        return asyncio.run(run(args.messages, chats, args.database_url, args.limit))
    with tempfile.TemporaryDirectory(prefix="bench-delivery-") as tmp:
        return asyncio.run(run(args.messages, chats, f"sqlite+aiosqlite:///{Path(tmp) / 'outbox.sqlite3'}", args.limit))


if __name__ == "__main__":
    sys.exit(main())
