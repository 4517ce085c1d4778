"""Municipality benchmark: one deployment serving 20 schools. The curator's /status of one school,
the full export of the biggest school, and the municipal coordinator's table of all schools
(`bot.services.municipal.schools_summary`), with their SQL statement counts on a small and on the
full municipality.

Run from the repository root: `.venv/bin/python -m bench.municipality [--runs 9] [--database-url URL --reset]`.

Data (seeded, the same every run), written with bulk Core inserts (executemany, no ORM objects):
20 schools of 70 to 1,800 participants (10,000 in all: two mentors to three mentees, about 8 %
stuck in registration, declined or deactivated), consents (a parent's too for minors), mentor
questionnaires with the capacity answer, 5,000 pairs (one per two participants; 6 % completed, 8 %
quiet since October) with their history and a development plan each, 60,000 meetings (twelve per
pair) with check-ins, and 20,000 monthly polls of five answers (100,000 feedback answers: 35 % in
September, 35 % in October, 30 % in November), on 23 November 2026 at 12:00 in Moscow. The rows of
all schools are written in the order the bot would have written them (people as they joined,
meetings as they were agreed, polls as they were answered), so one school's rows are spread over
the tables as in a real shared database.

The two smallest schools are written first and measured on their own (the statement counts on a
2-school municipality), then the other eighteen. Then, alternating runs in fresh sessions:

- `status.summary()` (the curator's /status) for the biggest and for a median school; baseline:
  one full read of the six tables it touches (`SELECT max(<unindexed column>)` each, as
  bench/status.py);
- the biggest school's full export as bench/export.py makes it (`ensure_roadmap`,
  `reports.full_export`, `reports.xlsx`); baseline: the same sheets through openpyxl's write-only
  workbook, once;
- `municipal.schools_summary()` over the 20 schools; baseline: the naive way, the current
  programmes loaded and `status.summary()` called once per school.

SQLite in a temporary file by default; `--database-url` for PostgreSQL, with `--reset` to drop and
re-create the bot's tables there first (a scratch database only).
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
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from bench.common import Figure, StatementCounter, bulk, max_id, reset
from bench.export import openpyxl_baseline
from bench.status import NOW, POLL_QUESTIONS, QUIET_SINCE, poll_moment
from bot.i18n import L10n
from bot.services import municipal
from bot.services import reports as rs
from bot.services import status as svc
from bot.services.roadmap import ensure_roadmap
from db.engine import create_engine, create_sessionmaker, is_sqlite
from db.migrate import upgrade
from db.models import (
    Answer,
    Consent,
    Meeting,
    MeetingCheckin,
    MeetingStatus,
    Organisation,
    Pair,
    PairEvent,
    PairStatus,
    Participant,
    ParticipantStatus,
    PlanGoal,
    PlanTask,
    Programme,
    QuestionnaireResponse,
    ResponseStatus,
    RoadmapEvent,
    RoadmapStatus,
    User,
)

TZ_NAME = "Europe/Moscow"
TZ = ZoneInfo(TZ_NAME)
# Participants per school: 20 schools, 10,000 people; half as many pairs, twelve meetings and four polls per pair.
SIZES = (1800, 1200, 900, 800, 700, 600, 550, 500, 450, 400, 350, 300, 280, 250, 220, 200, 180, 150, 100, 70)
MEETINGS_PER_PAIR, POLLS_PER_PAIR = 12, 4
POLL_SHARES = {"2026-09": 0.35, "2026-10": 0.35}  # November: the rest
COMPLETED_SHARE, QUIET_SHARE = 0.06, 0.08
# Everyone else is active (onboarding finished).
STATUS_SHARES = {
    ParticipantStatus.INVITED: 0.03,
    ParticipantStatus.AWAITING_PARENT: 0.02,
    ParticipantStatus.QUESTIONNAIRE: 0.02,
    ParticipantStatus.DECLINED: 0.01,
    ParticipantStatus.INACTIVE: 0.005,
}
FORMS = ("teacher_teacher", "teacher_student", "student_student", "employer_student")
KINDS = ("СОШ", "СОШ", "СОШ", "Лицей", "Гимназия", "ООШ")
PROGRAMME_START = datetime(2026, 8, 25, 6, tzinfo=UTC)
STATUS_GOAL_S, EXPORT_GOAL_S = 0.3, 10.0
SMALL = 2  # schools in the small municipality measured first


# ---- the data -------------------------------------------------------------------------------------


@dataclass
class School:
    name: str
    size: int
    organisation_id: int = 0
    programme_id: int = 0
    people: list[dict[str, Any]] = field(default_factory=list)
    pairs: list[dict[str, Any]] = field(default_factory=list)


def names(rnd: random.Random) -> list[str]:
    """School names, shuffled against the sizes so that the biggest is not the first by name."""
    numbers = rnd.sample(range(1, 60), len(SIZES))
    return [f"МБОУ «{rnd.choice(KINDS)} № {n}»" for n in numbers]


def quota(n: int, rnd: random.Random) -> list[ParticipantStatus]:
    """`n` statuses in the shares of STATUS_SHARES (rounded), the rest active, shuffled."""
    statuses = [status for status, share in STATUS_SHARES.items() for _ in range(round(n * share))]
    statuses += [ParticipantStatus.ACTIVE] * (n - len(statuses))
    rnd.shuffle(statuses)
    return statuses


def people_of(school: School, rnd: random.Random) -> None:
    """Two mentors to three mentees; a mentor's form is theirs, a mentee takes their mentor's when paired."""
    mentors = school.size * 2 // 5
    for role, count in (("mentor", mentors), ("mentee", school.size - mentors)):
        for status in quota(count, rnd):
            created = datetime(2026, 9, 1, 6, tzinfo=UTC) + timedelta(days=rnd.uniform(0, 40))
            school.people.append(
                {"role": role, "status": status.value, "form": rnd.choice(FORMS), "created_at": created, "capacity": 1}
            )


def pairs_of(school: School, rnd: random.Random) -> None:
    """One pair per two participants: mentees to the free places of the active mentors."""
    wanted = school.size // 2
    mentors = [p for p in school.people if p["role"] == "mentor" and p["status"] == ParticipantStatus.ACTIVE]
    mentees = [p for p in school.people if p["role"] == "mentee" and p["status"] == ParticipantStatus.ACTIVE]
    assert len(mentees) >= wanted, (school.name, len(mentees), wanted)
    for mentor in mentors:
        mentor["capacity"] = 2 if rnd.random() < 0.6 else 1
    for mentor in mentors:  # enough places for every pair
        if sum(m["capacity"] for m in mentors) >= wanted:
            break
        mentor["capacity"] = 2
    slots = [m for m in mentors for _ in range(m["capacity"])]
    rnd.shuffle(slots)
    rnd.shuffle(mentees)
    for k in range(wanted):
        mentor, mentee = slots[k], mentees[k]
        mentee["form"] = mentor["form"]
        known = max(mentor["created_at"], mentee["created_at"])
        created = min(known + timedelta(days=rnd.uniform(1, 10)), NOW - timedelta(days=1))
        completed = rnd.random() < COMPLETED_SHARE
        school.pairs.append(
            {
                "mentor": mentor, "mentee": mentee, "form": mentor["form"], "created_at": created,
                "status": (PairStatus.COMPLETED if completed else PairStatus.ACTIVE).value,
                "completed_at": NOW - timedelta(days=rnd.uniform(1, 10)) if completed else None,
                "rhythm_days": rnd.choice([7, 14, 30, 30]), "quiet": rnd.random() < QUIET_SHARE,
            }
        )  # fmt: skip


def in_order(rows: list[dict[str, Any]], key: str, first_id: int) -> None:
    """Sorts the rows by `key` (the moment the bot would have written them) and numbers them."""
    rows.sort(key=lambda r: r[key])
    for i, row in enumerate(rows):
        row["id"] = first_id + i + 1


async def write_schools(engine: AsyncEngine, schools: list[School]) -> None:
    """The organisations, their programmes and the template roadmaps: most events done by now, an
    overdue one or two per school."""
    rnd = random.Random(len(schools))
    async with create_sessionmaker(engine)() as session:
        for school in schools:
            org = Organisation(name=school.name, timezone=TZ_NAME, created_at=PROGRAMME_START)
            session.add(org)
            await session.flush()
            programme = Programme(
                organisation_id=org.id, academic_year="2026/2027", starts_on=date(2026, 9, 1), ends_on=date(2027, 8, 31),
                forms=list(FORMS), created_at=PROGRAMME_START,
            )  # fmt: skip
            session.add(programme)
            await session.flush()
            await ensure_roadmap(session, programme, PROGRAMME_START)
            school.organisation_id, school.programme_id = org.id, programme.id
        await session.flush()
        today = NOW.astimezone(TZ).date()
        events = await session.scalars(
            select(RoadmapEvent).where(
                RoadmapEvent.programme_id.in_([s.programme_id for s in schools]), RoadmapEvent.due_on < today
            )
        )
        for event in events:
            if rnd.random() < 0.93:
                event.status, event.done_at = RoadmapStatus.DONE, datetime.combine(event.due_on, datetime.min.time(), UTC)
        await session.commit()


async def build(engine: AsyncEngine, schools: list[School], seed: int) -> dict[str, int]:
    """Writes the schools with everything in them; returns how many rows of each kind."""
    rnd = random.Random(seed)
    await write_schools(engine, schools)
    for school in schools:
        people_of(school, rnd)
        pairs_of(school, rnd)

    # people, in the order they joined (the pairs refer to these same dicts, numbered here)
    people = []
    for school in schools:
        for p in school.people:
            p["programme_id"] = school.programme_id
            people.append(p)
    in_order(people, "created_at", await max_id(engine, Participant.id))
    base_user, telegram = await max_id(engine, User.id), 4_000_000_000 + await max_id(engine, User.id)
    users, participants, consents = [], [], []
    for n, p in enumerate(people):
        minor = p["role"] == "mentee" and p["form"] != "teacher_teacher"
        users.append({"id": base_user + n + 1, "telegram_id": telegram + n, "locale": None, "language_code": "ru",
                      "created_at": p["created_at"], "unreachable_at": p["created_at"] if rnd.random() < 0.01 else None})  # fmt: skip
        participants.append({"id": p["id"], "programme_id": p["programme_id"], "user_id": base_user + n + 1, "invite_id": None,
                             "role": p["role"], "form": p["form"], "status": p["status"], "full_name": f"Участник {p['id']}",
                             "class_or_subject": f"{5 + n % 7} класс" if minor else "математика", "is_minor": minor,
                             "created_at": p["created_at"], "updated_at": p["created_at"]})  # fmt: skip
        if p["status"] in (ParticipantStatus.QUESTIONNAIRE, ParticipantStatus.ACTIVE, ParticipantStatus.INACTIVE):
            consents.append({"participant_id": p["id"], "kind": "self", "text_version": "2026-11", "given_at": p["created_at"]})
            if minor:
                consents.append({"participant_id": p["id"], "kind": "parent", "text_version": "2026-11",
                                 "given_at": p["created_at"] + timedelta(days=2)})  # fmt: skip
    await bulk(engine, User, users)
    await bulk(engine, Participant, participants)
    await bulk(engine, Consent, consents)

    # pairs as they were made, with their history and a development plan
    pairs = [p for s in schools for p in s.pairs]
    programme_of = {id(p): s.programme_id for s in schools for p in s.pairs}
    in_order(pairs, "created_at", await max_id(engine, Pair.id))
    base_goal = await max_id(engine, PlanGoal.id)
    pair_rows, history, goals, tasks = [], [], [], []
    for k, p in enumerate(pairs):
        created, mentor_id, mentee_id = p["created_at"], p["mentor"]["id"], p["mentee"]["id"]
        pair_rows.append({"id": p["id"], "programme_id": programme_of[id(p)], "mentor_id": mentor_id, "mentee_id": mentee_id,
                          "form": p["form"], "status": p["status"], "starts_on": created.date(), "ends_on": date(2027, 5, 31),
                          "rhythm_days": p["rhythm_days"], "completed_at": p["completed_at"], "created_at": created,
                          "updated_at": p["completed_at"] or created})  # fmt: skip
        history.append({"pair_id": p["id"], "kind": "created", "data": {}, "actor_telegram_id": 100, "created_at": created})
        if p["completed_at"] is not None:
            history.append({"pair_id": p["id"], "kind": "completed", "data": {"reason": "goal_reached"}, "actor_telegram_id": 100,
                            "created_at": p["completed_at"]})  # fmt: skip
        goal_id = base_goal + k + 1
        goals.append({"id": goal_id, "mentee_id": mentee_id, "title": "Повысить уверенность на уроках", "created_by_id": mentor_id,
                      "created_at": created})  # fmt: skip
        for n in range(2):
            due = created.date() + timedelta(days=30 * (n + 1))
            done = datetime.combine(due, datetime.min.time(), UTC) if rnd.random() < 0.6 and due < NOW.date() else None
            tasks.append({"goal_id": goal_id, "title": f"Задача {n + 1}", "due_on": due, "done_at": done, "done_by_id": None,
                          "created_at": created})  # fmt: skip
    await bulk(engine, Pair, pair_rows)
    await bulk(engine, PairEvent, history)
    await bulk(engine, PlanGoal, goals)
    await bulk(engine, PlanTask, tasks)

    # meetings as they were agreed (twelve per pair of each school), check-ins after the held ones
    meetings: list[dict[str, Any]] = []
    for school in schools:
        for n in range(MEETINGS_PER_PAIR * len(school.pairs)):
            pair = school.pairs[n % len(school.pairs)] if n < len(school.pairs) else rnd.choice(school.pairs)
            until = QUIET_SINCE if pair["quiet"] else pair["completed_at"] or datetime(2026, 12, 31, tzinfo=UTC)
            span = max((until - pair["created_at"]).total_seconds(), 3600.0)
            starts = pair["created_at"] + timedelta(seconds=rnd.uniform(0, span))
            meetings.append({"pair": pair, "starts_at": starts, "agreed": min(starts, NOW) - timedelta(days=rnd.uniform(1, 5))})
    in_order(meetings, "agreed", await max_id(engine, Meeting.id))
    meeting_rows, checkins = [], []
    for m in meetings:
        pair, starts = m["pair"], m["starts_at"]
        if starts > NOW:
            status = rnd.choice([MeetingStatus.PROPOSED, MeetingStatus.ACCEPTED])
        else:
            r = rnd.random()
            status = MeetingStatus.HELD if r < 0.85 else MeetingStatus.NOT_HELD if r < 0.9 else MeetingStatus.ACCEPTED
        meeting_rows.append({"id": m["id"], "pair_id": pair["id"], "proposed_by_id": pair["mentor"]["id"], "starts_at": starts,
                             "kind": "regular", "format": rnd.choice(["offline", "online"]), "topic": None, "status": status.value,
                             "curator_accepted_at": None, "created_at": m["agreed"], "updated_at": m["agreed"]})  # fmt: skip
        if status == MeetingStatus.HELD or (status == MeetingStatus.ACCEPTED and starts < NOW and rnd.random() < 0.5):
            sides = (pair["mentor"], pair["mentee"]) if status == MeetingStatus.HELD else (pair["mentor"],)
            for side in sides:
                checkins.append({"meeting_id": m["id"], "participant_id": side["id"], "answer": "yes", "note": None,
                                 "answered_at": starts + timedelta(hours=2)})  # fmt: skip
    await bulk(engine, Meeting, meeting_rows)
    await bulk(engine, MeetingCheckin, checkins)

    # questionnaires: each active person's intake when they finished onboarding (a mentor's with the
    # capacity answer), then four polls per pair of each school from the members of its pairs, one a
    # month at most per person, all in the order they were answered
    responses: list[dict[str, Any]] = []
    for p in people:
        if p["status"] == ParticipantStatus.ACTIVE:
            at = p["created_at"] + timedelta(days=1)
            questionnaire = "mentor_intake" if p["role"] == "mentor" else "mentee_intake"
            values = {"capacity": str(p["capacity"])} if p["role"] == "mentor" else {"kind": "teacher"}
            responses.append({"who": p, "questionnaire": questionnaire, "period": "", "at": at, "values": values})
    for school in schools:
        members = sorted(
            {id(p[side]): p[side] for p in school.pairs for side in ("mentor", "mentee")}.values(), key=lambda p: p["id"]
        )
        polls = POLLS_PER_PAIR * len(school.pairs)
        counts = {period: round(polls * share) for period, share in POLL_SHARES.items()}
        counts["2026-11"] = polls - sum(counts.values())
        for period, n in counts.items():
            for who in rnd.sample(members, n):
                values = (rnd.randint(3, 10), rnd.randint(0, 6), "Разбор уроков", "", rnd.choice(["yes", "no"]))
                responses.append({"who": who, "questionnaire": "feedback", "period": period, "at": poll_moment(period, rnd),
                                  "values": dict(zip(POLL_QUESTIONS, values, strict=True))})  # fmt: skip
    in_order(responses, "at", await max_id(engine, QuestionnaireResponse.id))
    response_rows, answers = [], []
    for r in responses:
        at = r["at"]
        response_rows.append({"id": r["id"], "participant_id": r["who"]["id"], "questionnaire": r["questionnaire"], "period": r["period"],
                              "status": ResponseStatus.SUBMITTED.value, "cursor": None, "started_at": at, "updated_at": at,
                              "submitted_at": at})  # fmt: skip
        answers += [{"response_id": r["id"], "question": q, "value": v, "answered_at": at} for q, v in r["values"].items()]
    await bulk(engine, QuestionnaireResponse, response_rows)
    await bulk(engine, Answer, answers)

    if not is_sqlite(str(engine.url)):  # explicit ids: move the sequences past them
        async with engine.begin() as conn:
            for table in ("users", "participants", "pairs", "meetings", "plan_goals", "questionnaire_responses"):
                await conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"))
    return {
        "schools": len(schools), "participants": len(participants), "consents": len(consents), "pairs": len(pair_rows),
        "meetings": len(meeting_rows), "check-ins": len(checkins), "feedback answers": sum(1 for r in responses
        if r["questionnaire"] == "feedback") * len(POLL_QUESTIONS), "answers": len(answers), "tasks": len(tasks),
    }  # fmt: skip


# ---- the measurements -----------------------------------------------------------------------------


async def naive(session: AsyncSession) -> dict[int, svc.Summary]:
    """The coordinator's table the naive way: the current programmes, then /status once per school."""
    latest = select(func.max(Programme.id)).group_by(Programme.organisation_id)
    programmes = (await session.scalars(select(Programme).where(Programme.id.in_(latest)))).all()
    return {p.id: await svc.summary(session, p, NOW, municipal.zone_of(p.organisation.timezone, TZ)) for p in programmes}


def same_figures(rows: list[municipal.SchoolSummary], naive_rows: dict[int, svc.Summary]) -> bool:
    """The coordinator's table says what each school's /status says."""
    shared = [f.name for f in fields(municipal.SchoolSummary) if f.name in {g.name for g in fields(svc.Summary)}]
    for row in rows:
        theirs = naive_rows[row.programme_id or 0]
        for name in shared:
            mine, other = getattr(row, name), getattr(theirs, name)
            if mine != other and not (name == "usefulness_average" and mine and other and abs(mine - other) < 1e-9):
                return False
    return len(rows) == len(naive_rows)


def export_steps(
    session: AsyncSession, programme: Programme, ctx: rs.Ctx
) -> Callable[[], Awaitable[tuple[list[rs.Sheet], bytes]]]:
    """The full export as bench/export.py makes it: the roadmap ensured, the rows read and laid out,
    the workbook written."""

    async def run() -> tuple[list[rs.Sheet], bytes]:
        await ensure_roadmap(session, programme, NOW)
        sheets = await rs.full_export(session, programme, ctx)
        return sheets, rs.xlsx(sheets)

    return run


class Bench:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.sessionmaker = create_sessionmaker(engine)
        self.counter = StatementCounter(engine)

    async def once(self, fn: Callable[[AsyncSession], Awaitable[Any]]) -> tuple[float, int, Any]:
        """One run in a fresh session: seconds, SQL statements, the result."""
        async with self.sessionmaker() as session:
            self.counter.count = 0
            started = time.perf_counter()
            result = await fn(session)
            return time.perf_counter() - started, self.counter.count, result

    async def programmes(self) -> list[Programme]:
        async with self.sessionmaker() as session:
            latest = select(func.max(Programme.id)).group_by(Programme.organisation_id)
            return list((await session.scalars(select(Programme).where(Programme.id.in_(latest)))).all())


def ctx_for(programme: Programme) -> rs.Ctx:
    return rs.Ctx(t=L10n().translator("ru"), tz=TZ, today=NOW.astimezone(TZ).date(), school=programme.organisation.name)


async def statement_counts(bench: Bench, biggest: Programme) -> dict[str, int]:
    """The statements of each thing measured, over whatever is in the database now."""
    counts = {}
    counts["status"] = (await bench.once(lambda s: svc.summary(s, biggest, NOW, TZ)))[1]
    counts["export"] = (await bench.once(lambda s: export_steps(s, biggest, ctx_for(biggest))()))[1]
    counts["schools"] = (await bench.once(lambda s: municipal.schools_summary(s, NOW, TZ)))[1]
    counts["naive"] = (await bench.once(naive))[1]
    return counts


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f}"


async def run(database_url: str, runs: int, export_runs: int, reset_first: bool, results: dict[str, Any] | None = None) -> int:
    """Builds, measures and prints; the figures also go to `results` if given."""
    engine = create_engine(database_url)
    backend = "sqlite" if is_sqlite(database_url) else "postgresql"
    try:
        if reset_first:
            await reset(engine)
        await upgrade(engine)
        async with engine.connect() as conn:
            if await conn.scalar(select(func.count()).select_from(Organisation)):
                raise SystemExit(f"error: {database_url} already has schools; give a scratch database and --reset")
        rnd = random.Random(1)
        schools = [School(name, size) for name, size in zip(names(rnd), SIZES, strict=True)]
        small, rest = sorted(schools, key=lambda s: s.size)[:SMALL], sorted(schools, key=lambda s: s.size)[SMALL:]
        bench = Bench(engine)

        async def analyze() -> None:
            if engine.dialect.name == "postgresql":
                async with engine.connect() as conn:
                    await conn.execution_options(isolation_level="AUTOCOMMIT")
                    await conn.execute(text("ANALYZE"))

        started = time.perf_counter()
        written = await build(engine, small, seed=2)
        await analyze()
        biggest_small = max(await bench.programmes(), key=lambda p: next(s.size for s in small if s.programme_id == p.id))
        counts_small = await statement_counts(bench, biggest_small)
        more = await build(engine, rest, seed=3)
        await analyze()
        written = {k: v + more[k] for k, v in written.items()}
        print(f"municipality: {backend}; built in {time.perf_counter() - started:.1f} s ({SMALL} small schools first): "
              + ", ".join(f"{k} {v:,}" for k, v in written.items()), flush=True)  # fmt: skip

        programmes = {p.id: p for p in await bench.programmes()}
        by_size = sorted(schools, key=lambda s: s.size, reverse=True)
        biggest, median = by_size[0], by_size[len(by_size) // 2]
        big_p, median_p = programmes[biggest.programme_id], programmes[median.programme_id]
        counts = await statement_counts(bench, big_p)
        stmts = {"status": counts["status"]}

        # the floor for /status: every row of the six tables it reads, once (bench/status.py's baseline)
        columns = (Participant.updated_at, Pair.updated_at, Meeting.updated_at, MeetingCheckin.answered_at,
                   QuestionnaireResponse.updated_at, Answer.answered_at)  # fmt: skip

        async def full_read(session: AsyncSession) -> None:
            for column in columns:
                await session.scalar(select(func.max(column)))

        # alternating runs, so that a busy machine slows each alike
        times: dict[str, list[float]] = {k: [] for k in ("big", "median", "read", "schools", "naive")}
        rows: list[municipal.SchoolSummary] = []
        naive_rows: dict[int, svc.Summary] = {}
        for _ in range(runs):
            times["big"].append((await bench.once(lambda s: svc.summary(s, big_p, NOW, TZ)))[0])
            times["median"].append((await bench.once(lambda s: svc.summary(s, median_p, NOW, TZ)))[0])
            times["read"].append((await bench.once(full_read))[0])
            seconds, stmts["schools"], rows = await bench.once(lambda s: municipal.schools_summary(s, NOW, TZ))
            times["schools"].append(seconds)
            seconds, stmts["naive"], naive_rows = await bench.once(naive)
            times["naive"].append(seconds)
        assert same_figures(rows, naive_rows), "schools_summary() and status.summary() disagree"

        # the biggest school's export: each step timed, as bench/export.py
        export_times: list[float] = []
        steps = (0.0, 0.0, 0.0)  # of the slowest run
        sheets: list[rs.Sheet] = []
        data = b""
        for _ in range(export_runs):
            async with bench.sessionmaker() as session:
                ctx = ctx_for(big_p)
                bench.counter.count = 0
                t0 = time.perf_counter()
                await ensure_roadmap(session, big_p, NOW)
                t1 = time.perf_counter()
                sheets = await rs.full_export(session, big_p, ctx)
                t2 = time.perf_counter()
                data = rs.xlsx(sheets)
                t3 = time.perf_counter()
                stmts["export"] = bench.counter.count
            export_times.append(t3 - t0)
            steps = (t1 - t0, t2 - t1, t3 - t2) if t3 - t0 >= max(export_times) else steps
        started = time.perf_counter()
        openpyxl_baseline(sheets)
        t_openpyxl = time.perf_counter() - started

        med = {k: statistics.median(v) for k, v in times.items()}
        worst = {k: max(v) for k, v in times.items()}
        begin = " (+BEGIN)" if backend == "sqlite" else ""
        fixed = all(counts_small[k] == counts[k] == stmts[k] for k in ("status", "export", "schools"))
        print(
            f"  schools: biggest {biggest.size:,} participants ({biggest.name}), median {median.size:,} ({median.name}); {runs} runs each"
        )
        print(f"  {'':34s} {'median':>8s} {'worst':>8s}  statements{begin}: {SMALL} schools / 20 schools")
        for key, label, n in (
            ("big", "/status, biggest school", "status"),
            ("median", "/status, median school", "status"),
        ):
            print(f"  {label:34s} {ms(med[key]):>5s} ms {ms(worst[key]):>5s} ms  {counts_small[n]:>3d} / {counts[n]}"
                  f"   goal < {ms(STATUS_GOAL_S)} ms: {'met' if worst[key] < STATUS_GOAL_S else 'NOT met'}")  # fmt: skip
        print(f"  {'  baseline: a full read of 6 tables':34s} {ms(med['read']):>5s} ms {ms(worst['read']):>5s} ms"
              f"   ratio (biggest / full read) {med['big'] / med['read']:.1f}")  # fmt: skip
        print(f"  {'schools_summary(), 20 schools':34s} {ms(med['schools']):>5s} ms {ms(worst['schools']):>5s} ms"
              f"  {counts_small['schools']:>3d} / {counts['schools']}   goal: fixed statements "
              f"{'met' if counts_small['schools'] == counts['schools'] else 'NOT met'}")  # fmt: skip
        print(f"  {'  baseline: status.summary() x 20':34s} {ms(med['naive']):>5s} ms {ms(worst['naive']):>5s} ms"
              f"  {counts_small['naive']:>3d} / {counts['naive']}   ratio (naive / schools_summary) "
              f"{med['naive'] / med['schools']:.1f}")  # fmt: skip
        export_med, export_worst = statistics.median(export_times), max(export_times)
        print(f"  {'full export, biggest school':34s} {export_med:7.2f} s {export_worst:6.2f} s  {counts_small['export']:>3d} / "
              f"{counts['export']}   goal < {EXPORT_GOAL_S:.0f} s: {'met' if export_worst < EXPORT_GOAL_S else 'NOT met'}")  # fmt: skip
        print(f"    worst run: ensure roadmap {steps[0]:.3f} s, read and lay out {steps[1]:.3f} s, write XLSX {steps[2]:.3f} s; "
              f"{sum(len(s.rows) for s in sheets):,} rows, {len(data) / 1e6:.2f} MB; baseline: openpyxl write-only "
              f"{t_openpyxl:.2f} s ({t_openpyxl / steps[2]:.1f}x the writer)")  # fmt: skip
        total = municipal.municipality_total(rows)
        print(f"  figures: invited {total.invited.total:,}, paired {total.paired.total:,}, active pairs {total.active_pairs:,}, "
              f"held this month {total.held_this_month:,} / last {total.held_last_month:,}, feedback {total.feedback_answered:,}/"
              f"{total.feedback_expected:,}, usefulness {total.usefulness_average or 0:.2f} ({total.usefulness_answers:,} answers), "
              f"overdue events {total.overdue_events}")  # fmt: skip
        met = fixed and max(worst["big"], worst["median"]) < STATUS_GOAL_S and export_worst < EXPORT_GOAL_S
        print(f"  goals: /status < {ms(STATUS_GOAL_S)} ms, full export < {EXPORT_GOAL_S:.0f} s, the same statements for "
              f"{SMALL} and 20 schools: {'met' if met else 'NOT met'}")  # fmt: skip
        if results is not None:
            results.update(backend=backend, median=med, worst=worst, counts_small=counts_small, counts=counts, fixed=fixed,
                           export_median=export_med, export_worst=export_worst, openpyxl=t_openpyxl, write=steps[2])  # fmt: skip
        return 0 if met else 1
    finally:
        await engine.dispose()


def figures(quick: bool = False, database_url: str | None = None) -> list[Figure]:
    """For `python -m bench`: the 20-school municipality on a temporary SQLite file, or on
    `database_url` (a scratch database: its tables are dropped first); 9 runs and 3 exports
    (quick: 3 and 1, the same data)."""
    r: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="bench-municipality-") as tmp:
        url = database_url or f"sqlite+aiosqlite:///{Path(tmp) / 'municipality.sqlite3'}"
        asyncio.run(run(url, 3 if quick else 9, 1 if quick else 3, True, r))
    med, worst, small, big, db = r["median"], r["worst"], r["counts_small"], r["counts"], r["backend"]
    status_goal, schools_fixed = f"< {ms(STATUS_GOAL_S)} ms (worst)", small["schools"] == big["schools"]
    return [
        Figure("municipality", f"/status of the biggest school (1,800 of 10,000), median, {db} (baseline: full read)",
               med["big"] * 1000, "ms", med["read"] * 1000, status_goal, worst["big"] < STATUS_GOAL_S),
        Figure("municipality", f"/status of the median school (350), median, {db} (baseline: full read)",
               med["median"] * 1000, "ms", med["read"] * 1000, status_goal, worst["median"] < STATUS_GOAL_S),
        Figure("municipality", f"coordinator's table, 20 schools, median, {db} (baseline: summary() × 20)",
               med["schools"] * 1000, "ms", med["naive"] * 1000, "< baseline", med["schools"] < med["naive"]),
        Figure("municipality", f"statements of the coordinator's table, 20 schools, {db} (baseline: summary() × 20)",
               big["schools"], "", big["naive"], f"same as 2 schools ({small['schools']})", schools_fixed),
        Figure("municipality", f"full export, biggest school, median, {db}", r["export_median"], "s", None,
               f"< {EXPORT_GOAL_S:.0f} s (worst)", r["export_worst"] < EXPORT_GOAL_S),
        Figure("municipality", f"statements: /status, export, table, 2 → 20 schools, {db}",
               sum(big[k] for k in ("status", "export", "schools")), "", None, "fixed", r["fixed"]),
    ]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Municipality benchmark: /status, the full export and the coordinator's table")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--export-runs", type=int, default=3)
    parser.add_argument("--database-url", default=None, help="default: a temporary SQLite file")
    parser.add_argument("--reset", action="store_true", help="drop and re-create the bot's tables at --database-url first")
    args = parser.parse_args(argv)
    if args.database_url:
        return asyncio.run(run(args.database_url, args.runs, args.export_runs, args.reset))
    with tempfile.TemporaryDirectory(prefix="bench-municipality-") as tmp:
        return asyncio.run(run(f"sqlite+aiosqlite:///{Path(tmp) / 'municipality.sqlite3'}", args.runs, args.export_runs, True))


if __name__ == "__main__":
    sys.exit(main())
