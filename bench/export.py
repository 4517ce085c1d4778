"""Export benchmark: the curator's full export (/reports) over a municipality-size programme.

Run from the repository root: `.venv/bin/python -m bench.export [--database-url URL --reset]`.

The data is written with bulk Core inserts (executemany, no ORM objects), seeded: 10,000 participants
(4,000 mentors, 6,000 mentees, a few hundred still onboarding), consents (a parent's too for minors),
5,000 pairs (two mentees per mentor, a tenth completed, with their history), 60,000 meetings (twelve
per pair), 20,000 monthly feedback responses with 100,000 answers (usefulness, meetings, two texts,
named), a development plan per paired mentee (5,000 goals, 10,000 tasks), intake answers,
self-assessments and exit questionnaires, and the template roadmap.

Then the full export is made as the bot makes it: the template roadmap ensured (`ensure_roadmap`;
the planner marks what it sees done every minute, not the report), the rows read and laid out
(`reports.full_export`), the workbook written (`reports.xlsx`). Printed: wall time of each step and in all, SQL statements
(counted with a `before_cursor_execute` event), rows and file size. The goal: under 10 s in all.
The baseline, measured in the same run on the same sheets, is openpyxl's write-only workbook, the
library the project uses elsewhere for spreadsheets. The other reports are timed once after.

SQLite in a temporary file by default; `--database-url` for PostgreSQL, with `--reset` to drop and
re-create the bot's tables there first (a scratch database only).
"""

from __future__ import annotations

import argparse
import asyncio
import io
import random
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bench.common import Figure, StatementCounter, bulk, max_id, reset
from bot.i18n import L10n
from bot.services import reports as rs
from bot.services.programme import ensure_programme
from bot.services.roadmap import ensure_roadmap
from db.engine import create_engine, create_sessionmaker, is_sqlite
from db.migrate import upgrade
from db.models import Answer, Consent, Meeting, Pair, PairEvent, Participant, PlanGoal, PlanTask, QuestionnaireResponse, User

TZ = "Europe/Moscow"
NOW = datetime(2027, 3, 15, 9, 0, tzinfo=UTC)  # mid-March of the 2026/2027 programme
GOAL_S = 10.0
MENTORS, MENTEES, PAIRS, MEETINGS_PER_PAIR, FEEDBACK_RESPONSES = 4_000, 6_000, 5_000, 12, 20_000
FORMS = ["teacher_teacher", "teacher_student", "student_student", "employer_student"]
SURNAMES = ["Иванова", "Петров", "Смирнова", "Кузнецов", "Соколова", "Попов", "Лебедева", "Козлов", "Новикова", "Морозов"]
FIRST = ["Анна", "Игорь", "Мария", "Дмитрий", "Ольга", "Сергей", "Елена", "Андрей", "Наталья", "Павел"]
HELPED = ["Разобрали план урока", "Помог подготовиться к олимпиаде", "Обсудили, как говорить с родителями", "Стало понятнее"]
HARD = ["Мало времени", "Трудно договориться о встрече", "", "Не всё получается сразу"]


async def build(engine: AsyncEngine, seed: int = 1) -> tuple[int, dict[str, int]]:
    """Writes the programme; returns its id and counts of what was written."""
    rnd = random.Random(seed)
    start = NOW - timedelta(days=190)
    async with create_sessionmaker(engine)() as session:
        programme = await ensure_programme(session, "Муниципалитет", TZ, datetime(2026, 9, 1, 6, 0, tzinfo=UTC))
        await ensure_roadmap(session, programme, start)
        await session.commit()
        pid = programme.id
    base_user, base_part = await max_id(engine, User.id), await max_id(engine, Participant.id)
    base_pair, base_resp = await max_id(engine, Pair.id), await max_id(engine, QuestionnaireResponse.id)
    base_goal = await max_id(engine, PlanGoal.id)

    users, people, consents = [], [], []
    for i in range(MENTORS + MENTEES):
        role = "mentor" if i < MENTORS else "mentee"
        k = i if i < MENTORS else i - MENTORS
        form = FORMS[(k // 2 if role == "mentee" else k) % len(FORMS)]  # a mentor's two mentees share the form
        onboarding = role == "mentee" and k >= PAIRS and k % 3 == 0
        status = rnd.choice(["invited", "awaiting_parent", "questionnaire"]) if onboarding else "active"
        minor = role == "mentee" and form != "teacher_teacher"
        created = start + timedelta(days=rnd.uniform(0, 60))
        users.append({"id": base_user + i + 1, "telegram_id": 3_000_000_000 + i, "locale": None, "language_code": "ru", "created_at": created, "unreachable_at": None})
        people.append(
            {
                "id": base_part + i + 1, "programme_id": pid, "user_id": base_user + i + 1, "invite_id": None, "role": role, "form": form,
                "status": status, "full_name": f"{rnd.choice(SURNAMES)} {rnd.choice(FIRST)} {i}", "class_or_subject": f"{5 + k % 7} класс" if minor else "математика",
                "is_minor": minor, "created_at": created, "updated_at": created,
            }
        )
        if status in ("questionnaire", "active"):
            consents.append({"participant_id": base_part + i + 1, "kind": "self", "text_version": "2026-11", "given_at": created})
            if minor:
                consents.append({"participant_id": base_part + i + 1, "kind": "parent", "text_version": "2026-11", "given_at": created + timedelta(days=2)})
    await bulk(engine, User, users)
    await bulk(engine, Participant, people)
    await bulk(engine, Consent, consents)

    pairs, history, meetings, goals, tasks = [], [], [], [], []
    for k in range(PAIRS):
        pair_id = base_pair + k + 1
        mentor_id, mentee_id = base_part + k // 2 + 1, base_part + MENTORS + k + 1
        starts = date(2026, 11, 1) + timedelta(days=k % 30)
        completed = k % 10 == 0
        created = datetime.combine(starts, datetime.min.time(), UTC)
        pairs.append(
            {
                "id": pair_id, "programme_id": pid, "mentor_id": mentor_id, "mentee_id": mentee_id, "form": people[mentee_id - base_part - 1]["form"],
                "status": "completed" if completed else "active", "starts_on": starts, "ends_on": date(2027, 8, 31), "rhythm_days": 14,
                "completed_at": NOW - timedelta(days=5) if completed else None, "created_at": created, "updated_at": created,
            }
        )
        history.append({"pair_id": pair_id, "kind": "created", "data": {}, "actor_telegram_id": 100, "created_at": created})
        if completed:
            history.append({"pair_id": pair_id, "kind": "completed", "data": {"reason": "goal_reached"}, "actor_telegram_id": 100, "created_at": NOW - timedelta(days=5)})
        for n in range(MEETINGS_PER_PAIR):
            at = created + timedelta(days=10 * n + 1, hours=12)
            status = "held" if at < NOW - timedelta(days=1) else "accepted"
            meetings.append(
                {
                    "pair_id": pair_id, "proposed_by_id": mentor_id, "starts_at": at, "kind": "regular" if n > 2 else ["organisational", "trial", "planning"][n],
                    "format": rnd.choice(["offline", "online"]), "topic": None, "status": status, "curator_accepted_at": None, "created_at": at, "updated_at": at,
                }
            )
        goal_id = base_goal + k + 1
        goals.append({"id": goal_id, "mentee_id": mentee_id, "title": "Повысить уверенность на уроках", "created_by_id": mentor_id, "created_at": created})
        for n in range(2):
            due = starts + timedelta(days=30 * (n + 1))
            tasks.append(
                {
                    "goal_id": goal_id, "title": f"Задача {n + 1}", "due_on": due, "created_at": created,
                    "done_at": datetime.combine(due, datetime.min.time(), UTC) if rnd.random() < 0.6 else None, "done_by_id": None,
                }
            )
    await bulk(engine, Pair, pairs)
    await bulk(engine, PairEvent, history)
    await bulk(engine, Meeting, meetings)
    await bulk(engine, PlanGoal, goals)
    await bulk(engine, PlanTask, tasks)

    # Questionnaires: feedback (5 answers each), intake, self-assessments, exit.
    responses, answers = [], []
    paired = sorted({p["mentor_id"] for p in pairs} | {p["mentee_id"] for p in pairs})

    def respond(participant_id: int, questionnaire: str, period: str, values: dict[str, Any], at: datetime) -> None:
        rid = base_resp + len(responses) + 1
        responses.append(
            {
                "id": rid, "participant_id": participant_id, "questionnaire": questionnaire, "period": period, "status": "submitted",
                "cursor": None, "started_at": at, "updated_at": at, "submitted_at": at,
            }
        )
        answers.extend({"response_id": rid, "question": q, "value": v, "answered_at": at} for q, v in values.items())

    feedback = 0
    for month, at in (("2026-12", datetime(2026, 12, 26, 9, tzinfo=UTC)), ("2027-01", datetime(2027, 1, 26, 9, tzinfo=UTC)), ("2027-02", datetime(2027, 2, 26, 9, tzinfo=UTC))):
        for participant_id in paired:
            if feedback == FEEDBACK_RESPONSES:
                break
            values = {
                "usefulness": rnd.randint(4, 10), "meetings": rnd.randint(0, 4), "helped": rnd.choice(HELPED), "hard": rnd.choice(HARD),
                "named": rnd.choice(["yes", "no", "no"]),
            }
            respond(participant_id, "feedback", month, values, at)
            feedback += 1
    feedback_answers = len(answers)
    for p in people[MENTORS:]:
        kind = "teacher" if p["form"] == "teacher_teacher" else "student"
        extra = {"experience_years": rnd.randint(0, 12)} if kind == "teacher" else {"grade": rnd.randint(5, 11)}
        respond(p["id"], "mentee_intake", "", {"kind": kind, **extra}, p["created_at"])
        scales = ["confidence", "methods", "classroom", "parents", "communication"] if kind == "teacher" else ["confidence", "motivation", "goals", "career", "communication"]
        respond(p["id"], "self_assessment", "baseline", {s: rnd.randint(2, 8) for s in scales}, p["created_at"])
    for pair in pairs:
        if pair["status"] == "completed":
            respond(pair["mentee_id"], "self_assessment", "final", {"confidence": rnd.randint(5, 10), "communication": rnd.randint(5, 10)}, NOW)
            for side in (pair["mentor_id"], pair["mentee_id"]):
                respond(side, "exit", f"pair-{pair['id']}", {"goal_reached": rnd.choice(["yes", "partly", "no"]), "again": rnd.choice(["yes", "no"])}, NOW)
    await bulk(engine, QuestionnaireResponse, responses)
    await bulk(engine, Answer, answers)

    if not is_sqlite(str(engine.url)):  # explicit ids: move the sequences past them
        async with engine.begin() as conn:
            for table in ("users", "participants", "pairs", "plan_goals", "questionnaire_responses"):
                await conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"))
    return pid, {
        "participants": len(people), "consents": len(consents), "pairs": len(pairs), "meetings": len(meetings), "feedback": feedback,
        "feedback answers": feedback_answers, "tasks": len(tasks), "answers": len(answers),
    }


def openpyxl_baseline(sheets: list[rs.Sheet]) -> bytes:
    """The same sheets through openpyxl's write-only workbook (its fastest mode)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    for sheet, name in zip(sheets, rs.sheet_names(sheets), strict=True):
        ws = book.create_sheet(name)
        for row in sheet.rows:
            cells = []
            for value in row:
                cell = WriteOnlyCell(ws, value=value)
                if isinstance(value, datetime):
                    cell.number_format = "dd.mm.yyyy hh:mm"
                elif isinstance(value, date):
                    cell.number_format = "dd.mm.yyyy"
                cells.append(cell)
            ws.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def timed(counter: StatementCounter, step: Callable[[], Awaitable[Any]]) -> tuple[Any, float, int]:
    counter.count = 0
    started = time.perf_counter()
    result = await step()
    return result, time.perf_counter() - started, counter.count


async def run(database_url: str, reset_first: bool, results: dict[str, Any] | None = None, others_too: bool = True) -> int:
    """Builds, measures and prints; the figures also go to `results` if given (`others_too`: the
    other reports are timed after the full export)."""
    engine = create_engine(database_url)
    backend = "sqlite" if is_sqlite(database_url) else "postgresql"
    try:
        if reset_first:
            await reset(engine)
        await upgrade(engine)
        async with engine.connect() as conn:
            if await conn.scalar(select(func.count()).select_from(Participant)):
                raise SystemExit(f"error: {database_url} already has participants; give a scratch database and --reset")
        started = time.perf_counter()
        pid, written = await build(engine)
        print(f"export: {backend}; built in {time.perf_counter() - started:.1f} s: " + ", ".join(f"{v:,} {k}" for k, v in written.items()), flush=True)
        if engine.dialect.name == "postgresql":
            async with engine.connect() as conn:
                await conn.execution_options(isolation_level="AUTOCOMMIT")
                await conn.execute(text("ANALYZE"))

        from zoneinfo import ZoneInfo

        t = L10n().translator("ru")
        ctx = rs.Ctx(t=t, tz=ZoneInfo(TZ), today=NOW.astimezone(ZoneInfo(TZ)).date(), school="Муниципалитет")
        counter = StatementCounter(engine)
        async with create_sessionmaker(engine)() as session:
            from db.models import Programme

            programme = await session.get(Programme, pid)
            assert programme is not None

            async def refresh() -> None:
                await ensure_roadmap(session, programme, NOW)

            _, t_refresh, s_refresh = await timed(counter, refresh)
            sheets, t_read, s_read = await timed(counter, lambda: rs.full_export(session, programme, ctx))
            started = time.perf_counter()
            data = rs.xlsx(sheets)
            t_write = time.perf_counter() - started
            started = time.perf_counter()
            baseline = openpyxl_baseline(sheets)
            t_base = time.perf_counter() - started

            rows = sum(len(s.rows) for s in sheets)
            cells = sum(len(r) for s in sheets for r in s.rows)
            total = t_refresh + t_read + t_write
            print(f"  rows {rows:,}, cells {cells:,}; sheets: " + ", ".join(f"{s.title} {len(s.rows) - 1:,}" for s in sheets))
            print(f"  ensure roadmap        {t_refresh:7.3f} s   statements {s_refresh}")
            print(f"  read and lay out      {t_read:7.3f} s   statements {s_read}")
            print(f"  write XLSX            {t_write:7.3f} s   file {len(data) / 1e6:.2f} MB")
            print(f"  full export in all    {total:7.3f} s   statements {s_refresh + s_read}   goal under {GOAL_S:.0f} s: {'met' if total < GOAL_S else 'NOT met'}")
            print(f"  baseline: openpyxl write-only {t_base:.3f} s ({len(baseline) / 1e6:.2f} MB); writer {t_base / t_write:.1f}x faster")
            if results is not None:
                results.update(backend=backend, total=total, read=t_read, write=t_write, openpyxl=t_base, rows=rows,
                               statements=s_refresh + s_read, megabytes=len(data) / 1e6)  # fmt: skip

            others: list[tuple[str, Callable[[], Awaitable[Any]]]] = [
                ("participants CSV", lambda: rs.participants_table(session, programme, ctx)),
                ("quarterly roadmap", lambda: rs.quarterly_report(session, programme, ctx, rs.Quarter(2027, 1))),
                ("annual figures", lambda: rs.annual_report(session, programme, ctx, 20_000)),
                ("monitoring of impact", lambda: rs.impact_report(session, programme, ctx)),
                ("satisfaction", lambda: rs.satisfaction_report(session, programme, ctx)),
                ("registry of mentors", lambda: rs.registry_sheet(session, programme, ctx)),
            ]
            for name, step in others if others_too else []:
                result, seconds, statements = await timed(counter, step)
                sheets_of = result if isinstance(result, list) else [result]
                started = time.perf_counter()
                size = len(rs.csv_bytes(sheets_of[0]) if name == "participants CSV" else rs.xlsx(sheets_of))
                seconds += time.perf_counter() - started
                print(f"  {name:21s} {seconds:7.3f} s   statements {statements}   file {size / 1e3:,.0f} kB")
        return 0 if total < GOAL_S else 1
    finally:
        await engine.dispose()


def figures(quick: bool = False, database_url: str | None = None) -> list[Figure]:
    """For `python -m bench`: the full export of the generated municipality (10,000 participants) on
    a temporary SQLite file, or on `database_url` (a scratch database: its tables are dropped first);
    the same data when quick, without the other reports."""
    r: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        url = database_url or f"sqlite+aiosqlite:///{Path(tmp) / 'export.sqlite3'}"
        asyncio.run(run(url, True, r, others_too=not quick))
    on = f"{r['rows']:,} rows, {r['backend']}"
    return [
        Figure("export", f"full export in all, {on}", r["total"], "s", None, f"< {GOAL_S:.0f} s", r["total"] < GOAL_S),
        Figure("export", f"write XLSX, {r['megabytes']:.2f} MB, {r['backend']} (baseline: openpyxl write-only)", r["write"], "s",
               r["openpyxl"], "< baseline", r["write"] < r["openpyxl"]),
        Figure("export", f"SQL statements of the full export, {r['backend']}", r["statements"], "", None, "fixed (tests)", None),
    ]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Full export benchmark over a generated municipality")
    parser.add_argument("--database-url", default=None, help="default: a temporary SQLite file")
    parser.add_argument("--reset", action="store_true", help="drop and re-create the bot's tables at --database-url first")
    args = parser.parse_args(argv)
    if args.database_url:
        return asyncio.run(run(args.database_url, args.reset))
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        return asyncio.run(run(f"sqlite+aiosqlite:///{Path(tmp) / 'export.sqlite3'}", True))


if __name__ == "__main__":
    sys.exit(main())
