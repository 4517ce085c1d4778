"""The municipal coordinator's table (`bot.services.municipal`): every cell of a small municipality
against figures worked out by hand, and against the curator's own /status (`status.summary`) of
each school; the school months and poll periods in each school's time zone, on either side of
midnight; only the current programme of a school; fewer than three scores give no average, in a
school and in the total; schools without a programme or without anyone; the same number of SQL
statements for 2 schools as for 6."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bench.common import StatementCounter
from bot.services import municipal as mun
from bot.services import status as svc
from bot.services.roadmap import ensure_roadmap
from db.engine import create_engine, create_sessionmaker
from db.migrate import upgrade
from db.models import (
    Answer,
    Form,
    Meeting,
    MeetingStatus,
    Organisation,
    Pair,
    PairStatus,
    Participant,
    ParticipantStatus,
    Programme,
    QuestionnaireResponse,
    ResponseStatus,
    RoadmapEvent,
    RoadmapStatus,
    User,
)
from tests.factories import make_member, make_pair

MSK, YEKT = ZoneInfo("Europe/Moscow"), ZoneInfo("Asia/Yekaterinburg")  # UTC+3, UTC+5
# 23:30 on 30 November in Moscow, already 01:30 on 1 December in Yekaterinburg.
NOW = datetime(2026, 11, 30, 20, 30, tzinfo=UTC)
Sessions = async_sessionmaker[AsyncSession]


@pytest.fixture
async def sessions(database_url: str) -> AsyncIterator[tuple[AsyncEngine, Sessions]]:
    """A migrated database and nothing else: no bot, no default school."""
    engine = create_engine(database_url)
    try:
        await upgrade(engine)
        yield engine, create_sessionmaker(engine)
    finally:
        await engine.dispose()


# ---- making schools -----------------------------------------------------------------------------


async def add_school(
    s: AsyncSession, name: str, timezone: str, *, year: int | None = 2026, roadmap: bool = False
) -> Programme | None:
    """A school and, unless `year` is None, its programme for that academic year."""
    org = Organisation(name=name, timezone=timezone, created_at=NOW - timedelta(days=400))
    s.add(org)
    await s.flush()
    if year is None:
        return None
    return await add_programme(s, org.id, year, roadmap=roadmap)


async def add_programme(s: AsyncSession, organisation_id: int, year: int, *, roadmap: bool = False) -> Programme:
    created = datetime(year, 8, 20, tzinfo=UTC)
    programme = Programme(
        organisation_id=organisation_id,
        academic_year=f"{year}/{year + 1}",
        starts_on=date(year, 9, 1),
        ends_on=date(year + 1, 8, 31),
        forms=[f.value for f in Form],
        created_at=created,
    )
    s.add(programme)
    await s.flush()
    if roadmap:
        await ensure_roadmap(s, programme, created)
    return programme


async def someone(s: AsyncSession, programme_id: int, telegram_id: int, role: str, status: str) -> Participant:
    """A participant not (or no longer) through onboarding, written straight to the database."""
    at = NOW - timedelta(days=10)
    user = User(telegram_id=telegram_id, language_code="ru", created_at=at)
    s.add(user)
    await s.flush()
    participant = Participant(
        programme_id=programme_id,
        user_id=user.id,
        role=role,
        form="teacher_teacher",
        status=status,
        full_name=f"Участник {telegram_id}",
        is_minor=False,
        created_at=at,
        updated_at=at,
    )
    s.add(participant)
    await s.flush()
    return participant


def meeting(pair: Pair, starts_at: datetime, status: MeetingStatus = MeetingStatus.HELD) -> Meeting:
    agreed = starts_at - timedelta(days=3)
    return Meeting(
        pair_id=pair.id,
        proposed_by_id=pair.mentor_id,
        starts_at=starts_at,
        kind="regular",
        format="offline",
        topic=None,
        status=status,
        created_at=agreed,
        updated_at=agreed,
    )


def feedback(
    participant: Participant, usefulness: Any, period: str, status: str = ResponseStatus.SUBMITTED
) -> QuestionnaireResponse:
    at = NOW - timedelta(hours=1)
    values = {"usefulness": usefulness, "meetings": 2, "named": "no"}
    return QuestionnaireResponse(
        participant_id=participant.id,
        questionnaire="feedback",
        period=period,
        status=status,
        started_at=at,
        updated_at=at,
        submitted_at=at if status == ResponseStatus.SUBMITTED else None,
        answers=[Answer(question=k, value=v, answered_at=at) for k, v in values.items()],
    )


def completed(pair: Pair) -> None:
    pair.status = PairStatus.COMPLETED
    pair.completed_at = NOW - timedelta(days=2)


async def plan_roadmap(s: AsyncSession, programme: Programme, planned: list[tuple[int, date]]) -> None:
    """The template's events done; the curator's own `planned` (stage, due on) events still to do."""
    await s.execute(update(RoadmapEvent).where(RoadmapEvent.programme_id == programme.id).values(status=RoadmapStatus.DONE))
    for stage, due_on in planned:
        s.add(
            RoadmapEvent(
                programme_id=programme.id,
                stage=stage,
                code=None,
                category="event",
                title=f"Этап {stage}",
                responsible="куратор",
                due_on=due_on,
                status=RoadmapStatus.PLANNED,
                created_at=NOW,
                updated_at=NOW,
            )
        )
    await s.flush()


async def build_municipality(sessions: Sessions) -> dict[str, int]:
    """Four schools; returns their organisation ids by short name.

    - "Гимназия № 2" (Moscow, where it is still 30 November): last year's programme with people,
      a pair, a meeting and feedback that must not count; this year's with three mentors, five
      mentees, four people in registration and two deactivated; three active pairs and a completed
      one; meetings on either side of midnight of 31 October / 1 November and 30 November /
      1 December in Moscow; two scores for November; the roadmap at stage 3 with one event overdue.
    - "Лицей № 1" (Yekaterinburg, already 1 December): a mentor with two mentees, one mentee
      unpaired; the same moments fall in other months there; three answers for December, one of
      them without a number; November's answer does not count; the roadmap at stage 6, overdue
      since today.
    - "Школа № 3" (Moscow): a programme and nobody; no roadmap (the stage from the dates).
    - "Ёлкинская школа": no programme at all, and a time zone that is not one.
    """
    async with sessions() as s:
        # Гимназия № 2, last year: nothing of it counts
        last_year = await add_school(s, "Гимназия № 2", "Europe/Moscow", year=2025)
        assert last_year is not None
        old_m = await make_member(s, last_year.id, 1001, "mentor", capacity=2)
        old_e = await make_member(s, last_year.id, 1002, "mentee")
        old_pair = await make_pair(s, old_m, old_e, today=date(2025, 10, 1), now=datetime(2025, 10, 1, tzinfo=UTC))
        s.add(meeting(old_pair, datetime(2026, 11, 10, 10, tzinfo=UTC)))
        s.add_all([feedback(old_m, 3, "2026-11"), feedback(old_e, 3, "2026-11")])

        # Гимназия № 2, this year
        a = await add_programme(s, last_year.organisation_id, 2026, roadmap=True)
        am1 = await make_member(s, a.id, 2001, "mentor", capacity=2)
        am2 = await make_member(s, a.id, 2002, "mentor", capacity=1)
        am3 = await make_member(s, a.id, 2003, "mentor", capacity=2)
        ae = [await make_member(s, a.id, 3001 + i, "mentee") for i in range(5)]
        await someone(s, a.id, 4001, "mentee", ParticipantStatus.INVITED)
        await someone(s, a.id, 4002, "mentee", ParticipantStatus.AWAITING_PARENT)
        await someone(s, a.id, 4003, "mentor", ParticipantStatus.QUESTIONNAIRE)
        await someone(s, a.id, 4004, "mentee", ParticipantStatus.DECLINED)
        await someone(s, a.id, 4005, "mentor", ParticipantStatus.INACTIVE)
        gone = await make_member(s, a.id, 4006, "mentee")  # deactivated after onboarding
        p1, p2 = await make_pair(s, am1, ae[0]), await make_pair(s, am1, ae[1])
        p3, p4 = await make_pair(s, am2, ae[2]), await make_pair(s, am3, ae[3])
        completed(p4)
        s.add_all(
            [
                meeting(p1, datetime(2026, 11, 10, 10, tzinfo=UTC)),  # November
                meeting(p1, datetime(2026, 10, 31, 21, 30, tzinfo=UTC)),  # 00:30 on 1 November in Moscow
                meeting(p2, datetime(2026, 10, 31, 20, 30, tzinfo=UTC)),  # 23:30 on 31 October in Moscow
                meeting(p2, datetime(2026, 9, 15, 12, tzinfo=UTC)),  # September
                meeting(p4, datetime(2026, 11, 5, 12, tzinfo=UTC)),  # the completed pair's, held while it ran
                meeting(p3, datetime(2026, 11, 30, 20, tzinfo=UTC)),  # 23:00 on 30 November in Moscow
                meeting(p3, datetime(2026, 11, 12, 12, tzinfo=UTC), MeetingStatus.NOT_HELD),
                meeting(p1, datetime(2026, 12, 2, 12, tzinfo=UTC), MeetingStatus.ACCEPTED),
            ]
        )
        s.add_all(
            [
                feedback(ae[0], 8, "2026-11"),
                feedback(am2, 6, "2026-11"),
                feedback(ae[1], 9, "2026-11", status=ResponseStatus.IN_PROGRESS),
                feedback(ae[2], 2, "2026-10"),
                feedback(ae[3], 1, "2026-11"),  # the pair is over: not expected, not counted
                feedback(ae[2], 4, "2026-12"),  # Yekaterinburg's month, not Moscow's
            ]
        )
        await s.flush()
        await s.execute(update(Participant).where(Participant.id == gone.id).values(status=ParticipantStatus.INACTIVE))
        # 30 November is today in Moscow: due, not yet overdue
        await plan_roadmap(s, a, [(3, date(2026, 11, 2)), (4, date(2026, 11, 30)), (5, date(2026, 12, 10))])

        # Лицей № 1, Yekaterinburg
        b = await add_school(s, "Лицей № 1", "Asia/Yekaterinburg", roadmap=True)
        assert b is not None
        bm1 = await make_member(s, b.id, 5001, "mentor", capacity=2)
        be = [await make_member(s, b.id, 6001 + i, "mentee") for i in range(3)]
        q1, q2 = await make_pair(s, bm1, be[0]), await make_pair(s, bm1, be[1])
        s.add_all(
            [
                meeting(q1, datetime(2026, 11, 30, 20, tzinfo=UTC)),  # 01:00 on 1 December in Yekaterinburg
                meeting(q1, datetime(2026, 10, 31, 20, 30, tzinfo=UTC)),  # 01:30 on 1 November there
                meeting(q2, datetime(2026, 10, 31, 18, 30, tzinfo=UTC)),  # 23:30 on 31 October there
                meeting(q2, datetime(2026, 11, 15, 12, tzinfo=UTC)),
            ]
        )
        s.add_all(
            [
                feedback(be[0], 9, "2026-12"),
                feedback(bm1, 7, "2026-12"),
                feedback(be[1], "не знаю", "2026-12"),  # answered, but no score
                feedback(be[0], 1, "2026-11"),  # Moscow's month: not this school's
            ]
        )
        await plan_roadmap(s, b, [(6, date(2026, 11, 30)), (4, date(2026, 12, 20))])

        c = await add_school(s, "Школа № 3", "Europe/Moscow")
        await add_school(s, "Ёлкинская школа", "Not/AZone", year=None)
        await s.commit()
        orgs = {org.name: org.id for org in await s.scalars(select(Organisation))}
        assert c is not None
        return {"gym": orgs["Гимназия № 2"], "lyc": orgs["Лицей № 1"], "s3": orgs["Школа № 3"], "yolk": orgs["Ёлкинская школа"]}


# ---- checks ---------------------------------------------------------------------------------------


SHARED = [f.name for f in dataclasses.fields(mun.SchoolSummary) if f.name in {g.name for g in dataclasses.fields(svc.Summary)}]


async def agrees_with_status(s: AsyncSession, rows: list[mun.SchoolSummary], tz: tzinfo) -> None:
    """Each school's row says what its curator's /status says (in the school's own zone)."""
    for row in rows:
        if row.programme_id is None:
            continue
        programme = await s.get(Programme, row.programme_id)
        assert programme is not None
        org = await s.get(Organisation, programme.organisation_id)
        assert org is not None
        own = await svc.summary(s, programme, NOW, mun.zone_of(org.timezone, tz))
        for name in SHARED:
            mine, theirs = getattr(row, name), getattr(own, name)
            if name == "usefulness_average" and mine is not None and theirs is not None:
                assert mine == pytest.approx(theirs), (row.name, name)
            else:
                assert mine == theirs, (row.name, name, mine, theirs)
        assert row.feedback_percent == own.feedback_percent


def by_role(mentors: int, mentees: int) -> svc.ByRole:
    return svc.ByRole(mentors=mentors, mentees=mentees)


# ---- the table ------------------------------------------------------------------------------------


async def test_every_cell_of_a_small_municipality(sessions: tuple[AsyncEngine, Sessions]) -> None:
    _, sessionmaker = sessions
    ids = await build_municipality(sessionmaker)
    async with sessionmaker() as s:
        rows = await mun.schools_summary(s, NOW, MSK)
        programmes = {
            org: pid
            for org, pid in (await s.execute(select(Programme.organisation_id, Programme.id).order_by(Programme.id))).all()
        }

    # by name: Г, Ё (as Е), Л, Ш; one row per school, its current programme
    assert [r.name for r in rows] == ["Гимназия № 2", "Ёлкинская школа", "Лицей № 1", "Школа № 3"]
    gym, yolk, lyc, s3 = rows
    assert [r.organisation_id for r in rows] == [ids["gym"], ids["yolk"], ids["lyc"], ids["s3"]]
    assert (gym.programme_id, lyc.programme_id, s3.programme_id, yolk.programme_id) == (
        programmes[ids["gym"]],
        programmes[ids["lyc"]],
        programmes[ids["s3"]],
        None,
    )

    # Гимназия № 2, where it is 30 November
    assert (gym.today, gym.month, gym.last_month, gym.feedback_period) == (
        date(2026, 11, 30),
        date(2026, 11, 1),
        date(2026, 10, 1),
        "2026-11",
    )
    assert (gym.stage, gym.stage_from_roadmap, gym.overdue_events) == (3, True, 1)
    assert gym.invited == by_role(4, 8)  # am1-am3 and the one filling in the questionnaire; ae1-ae5 and three more
    assert gym.consented == by_role(4, 5)
    assert gym.questionnaire_done == by_role(3, 5)
    assert gym.paired == by_role(2, 3)  # am1, am2; ae1-ae3 (am3 and ae4's pair is completed)
    assert (gym.active_pairs, gym.mentees_without_mentor) == (3, 2)  # ae4, ae5
    # November in Moscow: the 10th, 00:30 on the 1st, the completed pair's 5th, 23:00 on the 30th; October: 23:30 on the 31st
    assert (gym.held_this_month, gym.held_last_month) == (4, 1)
    # expected from am1, am2, ae1-ae3; ae1 and am2 answered: two scores, no average
    assert (gym.feedback_expected, gym.feedback_answered, gym.feedback_percent) == (5, 2, 40)
    assert (gym.usefulness_answers, gym.usefulness_average) == (2, None)

    # Лицей № 1, where it is already 1 December: December is this month, November the last
    assert (lyc.today, lyc.month, lyc.last_month, lyc.feedback_period) == (
        date(2026, 12, 1),
        date(2026, 12, 1),
        date(2026, 11, 1),
        "2026-12",
    )
    assert (lyc.stage, lyc.stage_from_roadmap, lyc.overdue_events) == (6, True, 1)  # due 30 November: overdue today
    assert (lyc.invited, lyc.consented, lyc.questionnaire_done) == (by_role(1, 3), by_role(1, 3), by_role(1, 3))
    assert lyc.paired == by_role(1, 2)
    assert (lyc.active_pairs, lyc.mentees_without_mentor) == (2, 1)
    # December: 01:00 on the 1st; November: 01:30 on the 1st and the 15th (23:30 on 31 October is not)
    assert (lyc.held_this_month, lyc.held_last_month) == (1, 2)
    # three answered for December, one without a number: two scores, no average
    assert (lyc.feedback_expected, lyc.feedback_answered, lyc.feedback_percent) == (3, 3, 100)
    assert (lyc.usefulness_answers, lyc.usefulness_average) == (2, None)

    # Школа № 3: a programme, nobody in it, no roadmap: the stage of the template's next event (30 November: stage 2)
    assert (s3.today, s3.stage, s3.stage_from_roadmap, s3.overdue_events) == (date(2026, 11, 30), 2, False, 0)
    # Ёлкинская школа: no programme; its zone is not one, so the deployment's (Moscow) gives its day
    assert (yolk.today, yolk.month, yolk.feedback_period, yolk.stage, yolk.stage_from_roadmap) == (
        date(2026, 11, 30),
        date(2026, 11, 1),
        "2026-11",
        None,
        False,
    )
    for empty in (s3, yolk):
        assert empty.invited == empty.consented == empty.questionnaire_done == empty.paired == by_role(0, 0)
        assert (empty.active_pairs, empty.mentees_without_mentor, empty.held_this_month, empty.held_last_month) == (0, 0, 0, 0)
        assert (empty.feedback_expected, empty.feedback_answered, empty.feedback_percent) == (0, 0, None)
        assert (empty.usefulness_answers, empty.usefulness_average) == (0, None)

    async with sessionmaker() as s:
        await agrees_with_status(s, rows, MSK)
        # the deployment's zone only stands in for a zone that is not one
        in_yekt = await mun.schools_summary(s, NOW, YEKT)
    assert [r.today for r in in_yekt] == [date(2026, 11, 30), date(2026, 12, 1), date(2026, 12, 1), date(2026, 11, 30)]
    assert [r for r in in_yekt if r.name != yolk.name] == [r for r in rows if r.name != yolk.name]

    total = mun.municipality_total(rows)
    assert (total.schools, total.schools_with_programme) == (4, 3)
    assert (total.invited, total.consented, total.questionnaire_done, total.paired) == (
        by_role(5, 11),
        by_role(5, 8),
        by_role(4, 8),
        by_role(3, 5),
    )
    assert (total.active_pairs, total.mentees_without_mentor, total.held_this_month, total.held_last_month) == (5, 3, 5, 3)
    assert (total.feedback_expected, total.feedback_answered, total.feedback_percent, total.overdue_events) == (8, 5, 63, 2)
    assert (total.usefulness_answers, total.usefulness_average) == (0, None)  # four scores, but none shown by its school


async def test_an_average_from_three_scores_and_the_total_over_shown_schools_only(sessions: tuple[AsyncEngine, Sessions]) -> None:
    _, sessionmaker = sessions
    await build_municipality(sessionmaker)
    async with sessionmaker() as s:
        ae3 = await s.scalar(select(Participant).join(User).where(User.telegram_id == 3003))
        assert ae3 is not None
        s.add(feedback(ae3, 10, "2026-11"))
        await s.commit()
        rows = await mun.schools_summary(s, NOW, MSK)
        await agrees_with_status(s, rows, MSK)
    gym, _, lyc, _ = rows
    assert (gym.feedback_answered, gym.feedback_percent, gym.usefulness_answers, gym.usefulness_average) == (
        3,
        60,
        3,
        8.0,
    )  # (8+6+10)/3
    assert (lyc.usefulness_answers, lyc.usefulness_average) == (2, None)
    total = mun.municipality_total(rows)
    # the Лицей's two scores (9, 7) stay out of the average, or it could be worked out from the Гимназия's
    assert (total.usefulness_answers, total.usefulness_average) == (3, 8.0)
    assert (total.feedback_answered, total.feedback_expected, total.feedback_percent) == (6, 8, 75)


async def test_no_schools_and_no_programmes(sessions: tuple[AsyncEngine, Sessions]) -> None:
    _, sessionmaker = sessions
    async with sessionmaker() as s:
        assert await mun.schools_summary(s, NOW, MSK) == []
        assert mun.municipality_total([]) == mun.municipality_total([])
        assert mun.municipality_total([]).feedback_percent is None
        await add_school(s, "Школа № 5", "Europe/Moscow", year=None)
        await s.commit()
        [row] = await mun.schools_summary(s, NOW, MSK)
    assert (row.name, row.programme_id, row.stage, row.invited, row.held_this_month) == (
        "Школа № 5",
        None,
        None,
        by_role(0, 0),
        0,
    )


def test_the_rows_carry_counts_only() -> None:
    """No field can hold a name, an id of a person or an answer: a new one needs a look at privacy."""
    assert [f.name for f in dataclasses.fields(mun.SchoolSummary)] == [
        "organisation_id",
        "programme_id",
        "name",
        "today",
        "stage",
        "stage_from_roadmap",
        "invited",
        "consented",
        "questionnaire_done",
        "paired",
        "active_pairs",
        "mentees_without_mentor",
        "month",
        "held_this_month",
        "held_last_month",
        "feedback_period",
        "feedback_expected",
        "feedback_answered",
        "usefulness_answers",
        "usefulness_average",
        "overdue_events",
    ]


# ---- a fixed number of statements -----------------------------------------------------------------


async def random_school(s: AsyncSession, rnd: random.Random, n: int) -> None:
    """A school with a few people, pairs, meetings around the month boundary and answers."""
    programme = await add_school(s, f"Школа № {10 + n}", rnd.choice(["Europe/Moscow", "Asia/Yekaterinburg"]), roadmap=True)
    assert programme is not None
    mentors = [await make_member(s, programme.id, 10_000 * n + i, "mentor", capacity=2) for i in range(rnd.randint(1, 3))]
    mentees = [await make_member(s, programme.id, 10_000 * n + 100 + i, "mentee") for i in range(rnd.randint(1, 5))]
    for i in range(rnd.randint(0, 3)):
        await someone(
            s, programme.id, 10_000 * n + 200 + i, rnd.choice(["mentor", "mentee"]), rnd.choice(list(ParticipantStatus))
        )
    pairs = [
        await make_pair(s, mentors[i // 2], mentee) for i, mentee in enumerate(mentees[: 2 * len(mentors)]) if rnd.random() < 0.8
    ]
    answered: set[tuple[int, str]] = set()
    for pair in pairs:
        if rnd.random() < 0.2:
            completed(pair)
        for _ in range(rnd.randint(0, 4)):
            moment = NOW - timedelta(hours=rnd.uniform(1, 24 * 70))
            s.add(meeting(pair, moment, rnd.choice([MeetingStatus.HELD, MeetingStatus.HELD, MeetingStatus.NOT_HELD])))
        for side in (pair.mentor, pair.mentee):
            for period in ("2026-10", "2026-11", "2026-12"):
                if rnd.random() < 0.6 and (side.id, period) not in answered:
                    answered.add((side.id, period))
                    s.add(feedback(side, rnd.choice([rnd.randint(1, 10), "—"]), period))
    await s.flush()
    if rnd.random() < 0.5:
        await plan_roadmap(s, programme, [(rnd.randint(1, 7), date(2026, 11, rnd.randint(1, 30)))])


async def test_the_same_statements_for_two_schools_and_for_six(sessions: tuple[AsyncEngine, Sessions]) -> None:
    engine, sessionmaker = sessions
    rnd = random.Random(7)
    counter = StatementCounter(engine)
    begin = 1 if engine.dialect.name == "sqlite" else 0  # SQLite's BEGIN is an execute of its own (db/engine.py)
    counts, made = [], 0
    for schools in (2, 6):
        async with sessionmaker() as s:
            for n in range(made, schools):
                await random_school(s, rnd, n)
            await s.commit()
        made = schools
        async with sessionmaker() as s:
            counter.count = 0
            rows = await mun.schools_summary(s, NOW, MSK)
            counts.append(counter.count)
            assert len(rows) == schools
            await agrees_with_status(s, rows, MSK)
    assert counts == [4 + begin, 4 + begin]
