"""Planner benchmark: how long one `Planner.run()` takes over a large school, and how many SQL
statements it executes.

Run from the repository root: `.venv/bin/python -m bench.planner [--sizes 5000,50000] [--database-url URL --reset]`.

For each size (participants; 50,000 by default, after a 5,000 one to compare) a school is written
with bulk Core inserts (executemany, no ORM objects): half mentors, half mentees; 80 % of them in
active pairs (20,000 pairs at 50,000); the rest active without a pair or stuck in onboarding; per
pair a held meeting in the last weeks, 10 % with an accepted meeting in the next two days, 5 % with
one that took place in the last days and waits for the check-in; a development plan per mentee with
tasks due over the next two months; pairs made at different times (relationship checks, idle pairs).

Then `Planner(sessionmaker, L10n(), settings, FrozenClock)` is run at these moments (local time of
the school, Europe/Moscow):

1. Tue 24 Nov 09:59, the first run over the new data: everything already due is queued at once;
2. Tue 24 Nov 10:00, 10:01, 10:02: ordinary minutes, only what fell due in that minute
   (the goal: under 1 s to find what is due);
   and 10:09, the minute in ten when the day-scale rules run too (`idle_pairs`,
   `relationship_checks`: every 10 minutes, scheduler/rules.py DAY_SCALE);
3. Wed 25 Nov 10:00, the poll day: a monthly poll to every person in an active pair at once;
4. Wed 25 Nov 10:01, right after: everything is already queued.

Printed per run: wall time, messages queued (by kind for the big ones) and SQL statements executed
(counted with a `before_cursor_execute` event). SQLite in a temporary file by default;
`--database-url` for PostgreSQL, with `--reset` to drop and re-create the bot's tables there first
(a scratch database only).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bench.common import Figure, StatementCounter, bulk, reset
from bot.clock import FrozenClock
from bot.config import Settings
from bot.i18n import L10n
from bot.services.programme import ensure_programme
from bot.services.roadmap import ensure_roadmap
from db.engine import create_engine, create_sessionmaker, is_sqlite
from db.migrate import upgrade
from db.models import (
    Meeting,
    MeetingStatus,
    OutboxMessage,
    Pair,
    PairStatus,
    Participant,
    ParticipantStatus,
    PlanGoal,
    PlanTask,
    User,
)
from scheduler.planner import Planner
from scheduler.rules import RULES, Context, Rule

DUMMY_TOKEN = "123456789:AAH-bench-token-for-the-fake-bot-api"
CURATOR_ID = 100
TZ = "Europe/Moscow"
# 10:00 in Moscow (UTC+3) on Tuesday 24 November 2026; the poll day is the 25th.
ORDINARY = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
POLL_DAY = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)
GOAL_S = 1.0


class RuleTimer:
    """Wraps the planner's rules to see which one the time goes to."""

    def __init__(self) -> None:
        self.seconds: Counter[str] = Counter()

    def wrap(self, rule: Rule) -> Rule:
        async def timed(ctx: Context) -> None:
            started = time.perf_counter()
            try:
                await rule(ctx)
            finally:
                self.seconds[rule.__name__] += time.perf_counter() - started

        timed.__name__ = rule.__name__
        return timed

    def top(self, n: int = 4) -> str:
        return ", ".join(f"{name} {sec:.2f}" for name, sec in self.seconds.most_common(n))


async def build_school(engine: AsyncEngine, settings: Settings, people: int, seed: int = 1) -> dict[str, int]:
    """Writes the school; returns counts of what was written."""
    rnd = random.Random(seed)
    now = ORDINARY - timedelta(minutes=2)
    sessionmaker = create_sessionmaker(engine)
    async with sessionmaker() as session:
        programme = await ensure_programme(session, "Бенчмарк-школа", TZ, now - timedelta(days=80))
        await ensure_roadmap(session, programme, now - timedelta(days=80))
        await session.commit()
        pid = programme.id
    async with engine.connect() as conn:
        base_user = (await conn.scalar(select(func.coalesce(func.max(User.id), 0)))) or 0
        base_part = (await conn.scalar(select(func.coalesce(func.max(Participant.id), 0)))) or 0

    half = people // 2
    paired = int(half * 0.8)  # mentors and mentees in pairs: 20,000 pairs at 50,000 people
    users, participants = [], []
    for i in range(people):
        role = "mentor" if i < half else "mentee"
        k = i if i < half else i - half  # index within the role
        status = ParticipantStatus.ACTIVE.value
        created = now - timedelta(days=rnd.uniform(40, 90))
        if k >= paired and k % 2 == 0:  # half of the unpaired are stuck in onboarding, at different points
            status = rnd.choice([ParticipantStatus.INVITED, ParticipantStatus.AWAITING_PARENT, ParticipantStatus.QUESTIONNAIRE]).value
            created = now - timedelta(days=rnd.uniform(0, 14))
        users.append(
            {
                "id": base_user + i + 1,
                "telegram_id": 2_000_000_000 + i,
                "locale": None,
                "language_code": rnd.choice(["ru", "ru", "ru", "en"]),
                "created_at": created,
                "unreachable_at": now - timedelta(days=3) if rnd.random() < 0.01 else None,
            }
        )
        participants.append(
            {
                "id": base_part + i + 1,
                "programme_id": pid,
                "user_id": base_user + i + 1,
                "invite_id": None,
                "role": role,
                "form": "teacher_student",
                "status": status,
                "full_name": f"Участник {i}",
                "class_or_subject": None,
                "is_minor": role == "mentee",
                "created_at": created,
                "updated_at": created,
            }
        )
    await bulk(engine, User, users)
    await bulk(engine, Participant, participants)

    async with engine.connect() as conn:
        base_pair = (await conn.scalar(select(func.coalesce(func.max(Pair.id), 0)))) or 0
    pairs, meetings, goals, tasks = [], [], [], []
    today = (now + timedelta(hours=3)).date()
    for k in range(paired):
        pair_id = base_pair + k + 1
        mentor_id, mentee_id = base_part + k + 1, base_part + half + k + 1
        created = now - timedelta(days=rnd.uniform(20, 75))  # some cross the 30-day relationship check
        ends_on = today + timedelta(days=rnd.randint(10, 200))  # some get the "ends in 30 days" notice
        pairs.append(
            {
                "id": pair_id,
                "programme_id": pid,
                "mentor_id": mentor_id,
                "mentee_id": mentee_id,
                "form": "teacher_student",
                "status": PairStatus.ACTIVE.value,
                "starts_on": created.date(),
                "ends_on": ends_on,
                "rhythm_days": rnd.choice([14, 30, 30, 30]),
                "completed_at": None,
                "created_at": created,
                "updated_at": created,
            }
        )

        def meeting(starts_at: datetime, status: str, pair_id: int = pair_id, mentor_id: int = mentor_id) -> dict[str, Any]:
            agreed = min(starts_at, now) - timedelta(days=rnd.uniform(2, 6))
            return {
                "pair_id": pair_id,
                "proposed_by_id": mentor_id,
                "starts_at": starts_at,
                "kind": "regular",
                "format": "offline",
                "topic": None,
                "status": status,
                "curator_accepted_at": None,
                "created_at": agreed,
                "updated_at": agreed,
            }

        if rnd.random() < 0.9:  # most pairs met in the last weeks; the rest are idle
            meetings.append(meeting(now - timedelta(days=rnd.uniform(2, 25)), MeetingStatus.HELD.value))
        r = rnd.random()
        if r < 0.10:  # agreed, in the next two days: 24 h and 1 h reminders
            meetings.append(meeting(now + timedelta(minutes=rnd.uniform(0, 48 * 60)), MeetingStatus.ACCEPTED.value))
        elif r < 0.15:  # took place in the last days, the check-in not answered yet
            meetings.append(meeting(now - timedelta(hours=rnd.uniform(1, 96)), MeetingStatus.ACCEPTED.value))
        goal_id = len(goals) + 1
        goals.append({"id": goal_id, "mentee_id": mentee_id, "title": "Цель", "created_by_id": mentee_id, "created_at": created})
        for _ in range(2):
            tasks.append(
                {
                    "goal_id": goal_id,
                    "title": "Задача",
                    "due_on": today + timedelta(days=rnd.randint(-10, 60)),
                    "done_at": None,
                    "done_by_id": None,
                    "created_at": created,
                }
            )
    await bulk(engine, Pair, pairs)
    await bulk(engine, Meeting, meetings)
    await bulk(engine, PlanGoal, goals)
    await bulk(engine, PlanTask, tasks)
    if not is_sqlite(str(engine.url)):  # explicit ids: move the sequences past them
        async with engine.begin() as conn:
            for table in ("users", "participants", "pairs", "plan_goals"):
                await conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"))
    return {"users": len(users), "pairs": len(pairs), "meetings": len(meetings), "tasks": len(tasks)}


async def timed_run(
    planner: Planner, clock: FrozenClock, moment: datetime, counter: StatementCounter, timer: RuleTimer, engine: AsyncEngine
) -> dict[str, Any]:
    clock.set(moment)
    timer.seconds.clear()
    async with engine.connect() as conn:
        before = (await conn.scalar(select(func.max(OutboxMessage.id)))) or 0
    counter.count = 0
    started = time.perf_counter()
    queued = await planner.run()
    seconds = time.perf_counter() - started
    statements = counter.count
    async with engine.connect() as conn:
        kinds = Counter(dict((await conn.execute(
            select(OutboxMessage.kind, func.count()).where(OutboxMessage.id > before).group_by(OutboxMessage.kind)
        )).all()))
        busiest = (await conn.execute(
            select(func.count()).where(OutboxMessage.id > before).group_by(OutboxMessage.chat_id).order_by(func.count().desc()).limit(1)
        )).scalar() or 0
    return {"seconds": seconds, "queued": queued, "statements": statements, "kinds": kinds, "rules": timer.top(), "busiest": busiest}


def describe(kinds: Counter[str]) -> str:
    return ", ".join(f"{k} {n:,}" for k, n in kinds.most_common(6)) if kinds else "-"


async def bench_size(people: int, database_url: str, settings: Settings, reset_first: bool) -> list[tuple[str, dict[str, Any]]]:
    engine = create_engine(database_url)
    try:
        if reset_first:
            await reset(engine)
        await upgrade(engine)
        async with engine.connect() as conn:
            has_people = await conn.scalar(select(func.count()).select_from(Participant))
        if has_people:
            raise SystemExit(f"error: {database_url} already has participants; give a scratch database and --reset")
        started = time.perf_counter()
        written = await build_school(engine, settings, people)
        print(
            f"  built {people:,} participants, {written['pairs']:,} pairs, {written['meetings']:,} meetings, "
            f"{written['tasks']:,} plan tasks in {time.perf_counter() - started:.1f} s",
            flush=True,
        )
        if engine.dialect.name == "postgresql":
            async with engine.connect() as conn:
                await conn.execution_options(isolation_level="AUTOCOMMIT")
                await conn.execute(text("ANALYZE"))
        clock = FrozenClock(ORDINARY)
        timer = RuleTimer()
        planner = Planner(create_sessionmaker(engine), L10n(), settings, clock, rules=[timer.wrap(r) for r in RULES])
        counter = StatementCounter(engine)
        results = []
        moments = [
            ("first run (backlog)", ORDINARY - timedelta(minutes=1)),
            ("ordinary minute 1", ORDINARY),
            ("ordinary minute 2", ORDINARY + timedelta(minutes=1)),
            ("ordinary minute 3", ORDINARY + timedelta(minutes=2)),
            ("with the day-scale rules", ORDINARY + timedelta(minutes=9)),
            ("poll day 25th 10:00", POLL_DAY),
            ("right after, 10:01", POLL_DAY + timedelta(minutes=1)),
        ]
        for label, moment in moments:
            result = await timed_run(planner, clock, moment, counter, timer, engine)
            results.append((label, result))
            busiest = f"; most to one chat: {result['busiest']:,}" if result["busiest"] > 1 else ""
            print(
                f"  {label:22s} {result['seconds']:7.3f} s  queued {result['queued']:6,}  statements {result['statements']:4d}"
                f"   slowest rules (s): {result['rules']}\n  {'':22s} queued by kind: {describe(result['kinds'])}{busiest}",
                flush=True,
            )
        return results
    finally:
        await engine.dispose()


async def main_async(sizes: list[int], database_url: str | None, reset_first: bool) -> int:
    summary = []
    for people in sizes:
        with tempfile.TemporaryDirectory(prefix="bench-planner-") as tmp:
            url = database_url or f"sqlite+aiosqlite:///{Path(tmp) / 'school.sqlite3'}"
            settings = school_settings(url)
            backend = "sqlite" if is_sqlite(url) else "postgresql"
            print(f"planner: {people:,} participants, {backend}", flush=True)
            results = await bench_size(people, url, settings, reset_first or database_url is None)
            summary.append((people, backend, dict(results)))
    print()
    print(f"{'participants':>12s}  {'backend':10s}  {'ordinary min, median':>20s}  {'stmts':>5s}  {'1 in 10 min':>11s}  {'poll day':>9s}  {'queued':>7s}  {'stmts':>5s}  {'after':>7s}  {'stmts':>5s}")
    for people, backend, r in summary:
        ordinary = [r[f"ordinary minute {i}"] for i in (1, 2, 3)]
        med = statistics.median(o["seconds"] for o in ordinary)
        stmts = max(o["statements"] for o in ordinary)
        poll, after, day = r["poll day 25th 10:00"], r["right after, 10:01"], r["with the day-scale rules"]
        print(
            f"{people:12,}  {backend:10s}  {med:18.3f} s  {stmts:5d}  {day['seconds']:9.3f} s  {poll['seconds']:7.2f} s  {poll['queued']:7,}  {poll['statements']:5d}"
            f"  {after['seconds']:5.3f} s  {after['statements']:5d}"
        )
    worst = max(statistics.median(r[f"ordinary minute {i}"]["seconds"] for i in (1, 2, 3)) for _, _, r in summary)
    print(f"\nordinary minute: {worst:.3f} s at worst, goal under {GOAL_S:.0f} s: {'met' if worst < GOAL_S else 'NOT met'}")
    return 0


def school_settings(url: str) -> Settings:
    return Settings(  # type: ignore[call-arg]
        _env_file=None, bot_token=DUMMY_TOKEN, database_url=url, curator_ids=frozenset({CURATOR_ID}), timezone=TZ
    )


def figures(quick: bool = False, database_url: str | None = None) -> list[Figure]:
    """For `python -m bench`: one school of 50,000 participants (quick: 500) on a temporary SQLite
    file, or on `database_url` (a scratch database: its tables are dropped first)."""
    people = 500 if quick else 50_000

    async def measure() -> list[tuple[str, dict[str, Any]]]:
        with tempfile.TemporaryDirectory(prefix="bench-planner-") as tmp:
            url = database_url or f"sqlite+aiosqlite:///{Path(tmp) / 'school.sqlite3'}"
            return await bench_size(people, url, school_settings(url), True)

    r = dict(asyncio.run(measure()))
    on = f"{people:,} people, {'postgresql' if database_url and not is_sqlite(database_url) else 'sqlite'}"
    ordinary = [r[f"ordinary minute {i}"] for i in (1, 2, 3)]
    med = statistics.median(o["seconds"] for o in ordinary)
    poll, first, day = r["poll day 25th 10:00"], r["first run (backlog)"], r["with the day-scale rules"]
    return [
        Figure("planner", f"Planner.run(), ordinary minute (median of 3), {on}", med, "s", None, f"< {GOAL_S:.0f} s", med < GOAL_S),
        Figure("planner", f"SQL statements, ordinary minute, {on}", max(o["statements"] for o in ordinary), "", None, "", None),
        Figure("planner", f"Planner.run(), the minute in ten with the day-scale rules, {on}", day["seconds"], "s", None,
               f"< {GOAL_S:.0f} s", day["seconds"] < GOAL_S),
        Figure("planner", f"Planner.run(), poll day: {poll['queued']:,} queued, {on}", poll["seconds"], "s", None, "", None),
        Figure("planner", f"Planner.run(), first run: {first['queued']:,} queued, {on}", first["seconds"], "s", None, "", None),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Planner benchmark over a generated school")
    parser.add_argument("--sizes", default="5000,50000", help="participants per school, comma-separated")
    parser.add_argument("--database-url", default=None, help="default: a temporary SQLite file per size")
    parser.add_argument("--reset", action="store_true", help="drop and re-create the bot's tables at --database-url first")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    return asyncio.run(main_async(sizes, args.database_url, args.reset))


if __name__ == "__main__":
    sys.exit(main())
