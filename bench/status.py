"""/status benchmark: how long `bot.services.status.summary()` takes over a municipality-size
programme, and how many SQL statements it runs.

Run from the repository root: `.venv/bin/python -m bench.status [--runs 7] [--database-url URL --reset]`.

Data (seeded, the same every run), written with bulk Core inserts (executemany, no ORM objects):
10,000 participants (4,000 mentors, 6,000 mentees; about 7 % stuck in registration, some declined or
deactivated), mentor questionnaires with the capacity answer (1 or 2), 5,000 pairs (4,700 active,
300 completed; 8 % stopped meeting in October), 60,000 meetings from the pairs' start to the end of
December (held, not held, waiting for the check-in, planned), check-ins for the held ones and some
others, and 100,000 feedback answers (20,000 monthly polls of five answers: 7,000 in September,
8,000 in October, 5,000 so far in November), on 23 November 2026 at 12:00 in Moscow. Rows are
written in the order the bot would write them (meetings as agreed, polls as answered), so the
tables are laid out as in a real database.

Printed: the time of `summary()` over several runs (the first on a cold cache), its statement count
(counted with a `before_cursor_execute` event), each drill-down's time, the chart's, and a
baseline measured on the same data in the same run: one `SELECT max(<an unindexed column>)` over
each table that `summary()` reads (participants, pairs, meetings, check-ins, questionnaire
responses, answers), the price of reading every row once. SQLite in a temporary file by default; `--database-url` for
PostgreSQL, with `--reset` to drop and re-create the bot's tables there first (a scratch database only).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bench.common import Figure, StatementCounter, bulk, max_id, reset
from bot.i18n import L10n
from bot.services import charts
from bot.services import status as svc
from bot.services.programme import ensure_programme, first_programme
from bot.services.roadmap import ensure_roadmap
from db.engine import create_engine, create_sessionmaker, is_sqlite
from db.migrate import upgrade
from db.models import (
    Answer,
    Meeting,
    MeetingCheckin,
    MeetingStatus,
    Pair,
    PairStatus,
    Participant,
    ParticipantStatus,
    QuestionnaireResponse,
    ResponseStatus,
    User,
)

TZ = ZoneInfo("Europe/Moscow")
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # Monday 23 November 2026, 12:00 in Moscow
MENTORS, MENTEES = 4_000, 6_000
ACTIVE_PAIRS, COMPLETED_PAIRS = 4_700, 300
MEETINGS = 60_000
POLLS = {"2026-09": 7_000, "2026-10": 8_000, "2026-11": 5_000}  # x 5 answers = 100,000 feedback answers
POLL_QUESTIONS = ("usefulness", "meetings", "helped", "hard", "named")
QUIET_SHARE = 0.08  # pairs that stopped meeting in October: the idle ones
QUIET_SINCE = datetime(2026, 10, 20, tzinfo=UTC)
GOAL_S = 0.3


def poll_moment(period: str, rnd: random.Random) -> datetime:
    """Answers come in the days after the poll on the 25th (this month's: in the last days)."""
    year, month = (int(x) for x in period.split("-"))
    start = datetime(year, month, 25, 6, tzinfo=UTC) if period != "2026-11" else datetime(2026, 11, 20, 6, tzinfo=UTC)
    return min(start + timedelta(hours=rnd.uniform(0, 96)), NOW - timedelta(minutes=5))


async def build(engine: AsyncEngine, seed: int = 1) -> dict[str, int]:
    """Writes the programme; returns how many rows of each kind."""
    rnd = random.Random(seed)
    sessionmaker = create_sessionmaker(engine)
    async with sessionmaker() as session:
        programme = await ensure_programme(session, "Бенчмарк-муниципалитет", "Europe/Moscow", datetime(2026, 9, 1, 6, tzinfo=UTC))
        await ensure_roadmap(session, programme, datetime(2026, 9, 1, 6, tzinfo=UTC))
        await session.commit()
        pid = programme.id
    base_user, base_part = await max_id(engine, User.id), await max_id(engine, Participant.id)
    base_pair, base_resp = await max_id(engine, Pair.id), await max_id(engine, QuestionnaireResponse.id)
    base_meeting = await max_id(engine, Meeting.id)

    users, people = [], []
    mentors, mentees = [], []  # ids of the active ones
    for i in range(MENTORS + MENTEES):
        role = "mentor" if i < MENTORS else "mentee"
        created = datetime(2026, 9, 10, tzinfo=UTC) + timedelta(days=rnd.uniform(0, 70))
        r = rnd.random()
        status = ParticipantStatus.ACTIVE
        if r < 0.03:
            status = ParticipantStatus.INVITED
        elif r < 0.05:
            status = ParticipantStatus.AWAITING_PARENT
        elif r < 0.07:
            status = ParticipantStatus.QUESTIONNAIRE
        elif r < 0.08:
            status = ParticipantStatus.DECLINED
        elif r < 0.085:
            status = ParticipantStatus.INACTIVE
        uid, part = base_user + i + 1, base_part + i + 1
        users.append({"id": uid, "telegram_id": 3_000_000_000 + i, "locale": None, "language_code": "ru", "created_at": created,
                      "unreachable_at": created if rnd.random() < 0.01 else None})
        people.append({"id": part, "programme_id": pid, "user_id": uid, "invite_id": None, "role": role, "form": "teacher_student",
                       "status": status.value, "full_name": f"Участник {i}", "class_or_subject": None, "is_minor": role == "mentee",
                       "created_at": created, "updated_at": created})
        if status == ParticipantStatus.ACTIVE:
            (mentors if role == "mentor" else mentees).append(part)
    await bulk(engine, User, users)
    await bulk(engine, Participant, people)

    # Mentor questionnaires with the capacity answer; an intake response for every active mentee.
    responses, answers = [], []
    capacity: dict[int, int] = {}
    resp_id = base_resp
    for part in mentors + mentees:
        resp_id += 1
        is_mentor = part <= base_part + MENTORS
        at = datetime(2026, 10, 1, tzinfo=UTC)
        responses.append({"id": resp_id, "participant_id": part, "questionnaire": "mentor_intake" if is_mentor else "mentee_intake",
                          "period": "", "status": ResponseStatus.SUBMITTED.value, "cursor": None, "started_at": at, "updated_at": at,
                          "submitted_at": at})
        if is_mentor:
            capacity[part] = 2 if rnd.random() < 0.6 else 1
            answers.append({"response_id": resp_id, "question": "capacity", "value": str(capacity[part]), "answered_at": at})

    # Pairs: each mentee to the next mentor with room.
    pairs = []
    load = dict.fromkeys(mentors, 0)
    slots = [m for m in mentors for _ in range(capacity[m])]
    rnd.shuffle(slots)
    for k in range(ACTIVE_PAIRS + COMPLETED_PAIRS):
        mentor, mentee = slots[k], mentees[k]
        load[mentor] += 1
        created = datetime(2026, 9, 15, tzinfo=UTC) + timedelta(days=rnd.uniform(0, 50))
        completed = k >= ACTIVE_PAIRS
        pairs.append({"id": base_pair + k + 1, "programme_id": pid, "mentor_id": mentor, "mentee_id": mentee, "form": "teacher_student",
                      "status": (PairStatus.COMPLETED if completed else PairStatus.ACTIVE).value, "starts_on": created.date(),
                      "ends_on": date(2027, 5, 31), "rhythm_days": rnd.choice([7, 14, 30, 30]),
                      "completed_at": NOW - timedelta(days=3) if completed else None, "created_at": created, "updated_at": created})
    await bulk(engine, Pair, pairs)

    # Meetings: twelve per pair on average, from the pair's start to the end of December.
    meetings, checkins = [], []
    quiet = {p["id"] for p in pairs if rnd.random() < QUIET_SHARE}
    planned = []
    for n in range(MEETINGS):
        pair = pairs[n % len(pairs)] if n < len(pairs) else rnd.choice(pairs)
        until = QUIET_SINCE if pair["id"] in quiet else datetime(2026, 12, 31, tzinfo=UTC)
        span = max((until - pair["created_at"]).total_seconds(), 3600.0)
        starts = pair["created_at"] + timedelta(seconds=rnd.uniform(0, span))
        planned.append((min(starts, NOW) - timedelta(days=rnd.uniform(1, 5)), starts, pair))
    planned.sort(key=lambda item: item[0])  # in the order the meetings were agreed
    meeting_id = base_meeting
    for agreed, starts, pair in planned:
        if starts > NOW:
            status = rnd.choice([MeetingStatus.PROPOSED, MeetingStatus.ACCEPTED])
        else:
            r = rnd.random()
            status = MeetingStatus.HELD if r < 0.85 else MeetingStatus.NOT_HELD if r < 0.9 else MeetingStatus.ACCEPTED
        meeting_id += 1
        meetings.append({"id": meeting_id, "pair_id": pair["id"], "proposed_by_id": pair["mentor_id"], "starts_at": starts,
                         "kind": "regular", "format": "offline", "topic": None, "status": status.value,
                         "curator_accepted_at": None, "created_at": agreed, "updated_at": agreed})
        if status == MeetingStatus.HELD or (status == MeetingStatus.ACCEPTED and starts < NOW and rnd.random() < 0.5):
            sides = (pair["mentor_id"], pair["mentee_id"]) if status == MeetingStatus.HELD else (pair["mentor_id"],)
            for side in sides:
                checkins.append({"meeting_id": meeting_id, "participant_id": side, "answer": "yes", "note": None,
                                 "answered_at": starts + timedelta(hours=2)})
    await bulk(engine, Meeting, meetings)
    await bulk(engine, MeetingCheckin, checkins)

    # Monthly feedback: 20,000 polls of five answers (100,000 answers) from the members of the pairs,
    # written in the order they were answered.
    members = sorted({p["mentor_id"] for p in pairs} | {p["mentee_id"] for p in pairs})
    polls = sorted(
        ((poll_moment(period, rnd), period, who) for period, n in POLLS.items() for who in rnd.sample(members, n)),
        key=lambda item: item[0],
    )
    for at, period, who in polls:
        resp_id += 1
        responses.append({"id": resp_id, "participant_id": who, "questionnaire": "feedback", "period": period,
                          "status": ResponseStatus.SUBMITTED.value, "cursor": None, "started_at": at, "updated_at": at, "submitted_at": at})
        values = (rnd.randint(3, 10), rnd.randint(0, 6), "Разбор уроков", "", rnd.choice(["yes", "no"]))
        for question, value in zip(POLL_QUESTIONS, values, strict=True):
            answers.append({"response_id": resp_id, "question": question, "value": value, "answered_at": at})
    await bulk(engine, QuestionnaireResponse, responses)
    await bulk(engine, Answer, answers)

    if not is_sqlite(str(engine.url)):  # explicit ids: move the sequences past them
        async with engine.begin() as conn:
            for table in ("users", "participants", "pairs", "meetings", "questionnaire_responses"):
                await conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"))
    feedback_answers = sum(1 for a in answers if a["question"] != "capacity")
    return {"participants": len(people), "pairs": len(pairs), "meetings": len(meetings), "checkins": len(checkins),
            "responses": len(responses), "feedback answers": feedback_answers, "answers": len(answers)}


async def timed(engine: AsyncEngine, fn: Callable[[Any], Awaitable[Any]], runs: int) -> tuple[list[float], Any]:
    sessionmaker = create_sessionmaker(engine)
    times, result = [], None
    for _ in range(runs):
        async with sessionmaker() as session:
            started = time.perf_counter()
            result = await fn(session)
            times.append(time.perf_counter() - started)
    return times, result


async def bench(database_url: str, runs: int, reset_first: bool, results: dict[str, Any] | None = None) -> int:
    """Builds, measures and prints; the figures also go to `results` if given."""
    engine = create_engine(database_url)
    try:
        if reset_first:
            await reset(engine)
        await upgrade(engine)
        async with engine.connect() as conn:
            if await conn.scalar(select(func.count()).select_from(Participant)):
                raise SystemExit(f"error: {database_url} already has participants; give a scratch database and --reset")
        started = time.perf_counter()
        written = await build(engine)
        print(f"  built in {time.perf_counter() - started:.1f} s: " + ", ".join(f"{k} {v:,}" for k, v in written.items()), flush=True)
        if engine.dialect.name == "postgresql":
            async with engine.connect() as conn:
                await conn.execution_options(isolation_level="AUTOCOMMIT")
                await conn.execute(text("ANALYZE"))
        async with create_sessionmaker(engine)() as session:
            programme = await first_programme(session)
        assert programme is not None

        counter = StatementCounter(engine)

        async def one(session: Any) -> svc.Summary:
            counter.count = 0
            return await svc.summary(session, programme, NOW, TZ)

        # The floor: reading every row of the tables summary() reads once (an unindexed column).
        columns = (Participant.updated_at, Pair.updated_at, Meeting.updated_at, MeetingCheckin.answered_at,
                   QuestionnaireResponse.updated_at, Answer.answered_at)

        async def baseline(session: Any) -> None:
            for column in columns:
                await session.scalar(select(func.max(column)))

        # Alternating runs, so that a busy machine slows both alike.
        times: list[float] = []
        base_times: list[float] = []
        statements = 0
        for _ in range(runs):
            run, s = await timed(engine, one, 1)
            statements = counter.count
            times += run
            base_times += (await timed(engine, baseline, 1))[0]

        print(f"  summary(): {statements} statements; runs (ms): " + " ".join(f"{t * 1000:.0f}" for t in times))
        med, base = statistics.median(times), statistics.median(base_times)
        print(
            f"  median {med * 1000:.0f} ms (best {min(times) * 1000:.0f}), baseline (a full read of {len(columns)} tables) "
            f"{base * 1000:.0f} ms, ratio {med / base:.1f}"
        )
        print(
            f"  figures: invited {s.invited.total:,}, paired {s.paired.total:,}, active pairs {s.active_pairs:,}, "
            f"held this month {s.held_this_month:,} / last {s.held_last_month:,}, check-ins waiting {s.checkins_waiting:,}, "
            f"idle {s.idle_pairs:,}, feedback {s.feedback_answered:,}/{s.feedback_expected:,}, "
            f"usefulness {s.usefulness_average:.2f} ({s.usefulness_answers:,} answers), free mentors {s.mentors_with_free_places:,}"
        )
        drill = {
            "mentees without a mentor": lambda se: svc.mentees_without_mentor(se, programme),
            "mentors with free places": lambda se: svc.mentors_with_free_places(se, programme),
            "check-ins waiting": lambda se: svc.waiting_checkins(se, programme, NOW),
            "idle pairs": lambda se: svc.idle_pairs(se, programme, NOW),
            "feedback missing": lambda se: svc.feedback_missing(se, programme, NOW, TZ),
        }
        for label, fn in drill.items():
            d_times, ids = await timed(engine, fn, 3)
            print(f"  drill-down {label:26s} {statistics.median(d_times) * 1000:6.0f} ms  ({len(ids):,} rows)")
        t = L10n().translator("ru")
        c_times = []
        for _ in range(3):
            started = time.perf_counter()
            png = charts.render(t, s)
            c_times.append(time.perf_counter() - started)
        print(f"  chart: {statistics.median(c_times) * 1000:.0f} ms, {len(png):,} bytes")
        print(f"  goal: summary() under {GOAL_S * 1000:.0f} ms: {'met' if med < GOAL_S else 'NOT met'}")
        if results is not None:
            results.update(backend=engine.dialect.name, median=med, baseline=base, statements=statements, chart=statistics.median(c_times))
        return 0 if med < GOAL_S else 1
    finally:
        await engine.dispose()


async def main_async(database_url: str | None, runs: int, reset_first: bool) -> int:
    with tempfile.TemporaryDirectory(prefix="bench-status-") as tmp:
        url = database_url or f"sqlite+aiosqlite:///{Path(tmp) / 'school.sqlite3'}"
        print(f"status: {'sqlite' if is_sqlite(url) else 'postgresql'}", flush=True)
        return await bench(url, runs, reset_first or database_url is None)


def figures(quick: bool = False, database_url: str | None = None) -> list[Figure]:
    """For `python -m bench`: the municipality-size programme (10,000 participants) on a temporary
    SQLite file, or on `database_url` (a scratch database: its tables are dropped first); 9 runs
    (quick: 3, the same data)."""
    r: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="bench-status-") as tmp:
        url = database_url or f"sqlite+aiosqlite:///{Path(tmp) / 'school.sqlite3'}"
        asyncio.run(bench(url, 3 if quick else 9, True, r))
    on = f"10,000 people, {r['backend']}"
    return [
        Figure("status", f"/status summary(), median, {on} (baseline: full read of its 6 tables)", r["median"] * 1000, "ms",
               r["baseline"] * 1000, f"< {GOAL_S * 1000:.0f} ms", r["median"] < GOAL_S),
        Figure("status", f"SQL statements of summary(), {on}", r["statements"], "", None, "fixed (tests)", None),
        Figure("status", f"/status chart, {on}", r["chart"] * 1000, "ms", None, "", None),
    ]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="/status summary benchmark over a municipality-size programme")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--database-url", default=None, help="default: a temporary SQLite file")
    parser.add_argument("--reset", action="store_true", help="drop and re-create the bot's tables at --database-url first")
    args = parser.parse_args(argv)
    return asyncio.run(main_async(args.database_url, args.runs, args.reset))


if __name__ == "__main__":
    sys.exit(main())
