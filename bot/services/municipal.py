"""The municipal coordinator's view: every school's /status figures side by side, counts only.

One deployment serves the schools of a municipality; each is an `Organisation`, its current
programme its latest `Programme`. `schools_summary()` gives one row per school in four statements
whatever the number of schools (one when no school has a programme yet): the schools, then the
roadmap, the people and their feedback, and the pairs and their meetings, each grouped by programme
in one pass, never a query per school.

The figures mean what they mean on the curator's /status (`bot.services.status`, whose definitions
and SQL pieces are imported here, so the two cannot drift apart): deactivated participants are left
out, "paired" is an active participant in an active pair, this month's feedback is expected from
those people and counted from their submitted answers. Each school's "today", its school months and
its poll period are in its own time zone (`Organisation.timezone`; the deployment's `tz` when that
is not a known zone): per-school values reach SQL as a small VALUES table joined by programme.

Nothing here identifies a person: only counts, and the average usefulness only when at least
`status.MIN_ANSWERS` answers exist. The municipality's total averages over those schools only, so
that it cannot be combined with the schools' own figures to recover a hidden school's answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Date, Integer, String, and_, case, column, distinct, func, select, values
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.status import (
    CONSENTED,
    FEEDBACK,
    MIN_ANSWERS,
    USEFULNESS,
    USEFULNESS_RANGE,
    ByRole,
    _period,
    dialect_of,
    month_start,
    number_of,
    shift_month,
    stage_by_dates,
)
from db.models import (
    Answer,
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
    Role,
    UTCDateTime,
)

# ---- the figures ----------------------------------------------------------------------------------


def percent(part: int, whole: int) -> int | None:
    """`status.Summary.feedback_percent`: rounded half up, None when nobody is expected."""
    if not whole:
        return None
    return (part * 200 + whole) // (whole * 2)


@dataclass(frozen=True)
class SchoolSummary:
    organisation_id: int
    programme_id: int | None  # None: the school has no programme yet (every figure is zero)
    name: str
    today: date  # in the school's timezone
    stage: int | None  # 1..7; None without a programme
    stage_from_roadmap: bool  # False: no planned event left, the stage is guessed from the dates
    invited: ByRole
    consented: ByRole
    questionnaire_done: ByRole
    paired: ByRole
    active_pairs: int
    mentees_without_mentor: int
    month: date  # the first day of this (school) month
    held_this_month: int
    held_last_month: int
    feedback_period: str  # "YYYY-MM" of this school month
    feedback_expected: int
    feedback_answered: int
    usefulness_answers: int
    usefulness_average: float | None  # None with fewer than MIN_ANSWERS answers
    overdue_events: int

    @property
    def last_month(self) -> date:
        return shift_month(self.month, -1)

    @property
    def feedback_percent(self) -> int | None:
        return percent(self.feedback_answered, self.feedback_expected)


@dataclass(frozen=True)
class MunicipalTotal:
    """The schools added up. The usefulness average is over the schools that show theirs (weighted by
    their answers) and `usefulness_answers` counts those answers only: an average including a hidden
    school's few answers, next to the other schools' figures, would give them away."""

    schools: int
    schools_with_programme: int
    invited: ByRole
    consented: ByRole
    questionnaire_done: ByRole
    paired: ByRole
    active_pairs: int
    mentees_without_mentor: int
    held_this_month: int
    held_last_month: int
    feedback_expected: int
    feedback_answered: int
    usefulness_answers: int
    usefulness_average: float | None
    overdue_events: int

    @property
    def feedback_percent(self) -> int | None:
        return percent(self.feedback_answered, self.feedback_expected)


def _sum_roles(rows: Sequence[Any], name: str) -> ByRole:
    return ByRole(mentors=sum(getattr(r, name).mentors for r in rows), mentees=sum(getattr(r, name).mentees for r in rows))


def municipality_total(rows: Sequence[SchoolSummary]) -> MunicipalTotal:
    """The total row under `schools_summary()`'s table."""
    shown = [(r.usefulness_average, r.usefulness_answers) for r in rows if r.usefulness_average is not None]
    answers = sum(n for _, n in shown)
    return MunicipalTotal(
        schools=len(rows),
        schools_with_programme=sum(1 for r in rows if r.programme_id is not None),
        invited=_sum_roles(rows, "invited"),
        consented=_sum_roles(rows, "consented"),
        questionnaire_done=_sum_roles(rows, "questionnaire_done"),
        paired=_sum_roles(rows, "paired"),
        active_pairs=sum(r.active_pairs for r in rows),
        mentees_without_mentor=sum(r.mentees_without_mentor for r in rows),
        held_this_month=sum(r.held_this_month for r in rows),
        held_last_month=sum(r.held_last_month for r in rows),
        feedback_expected=sum(r.feedback_expected for r in rows),
        feedback_answered=sum(r.feedback_answered for r in rows),
        usefulness_answers=answers,
        usefulness_average=sum(average * n for average, n in shown) / answers if answers else None,
        overdue_events=sum(r.overdue_events for r in rows),
    )


# ---- each school's calendar -----------------------------------------------------------------------


def zone_of(name: str | None, default: tzinfo) -> tzinfo:
    """The school's zone; `default` (the deployment's) for an empty or unknown name, so that one
    mistyped row does not stop the coordinator's table."""
    try:
        return ZoneInfo(name) if name else default
    except (KeyError, ValueError):  # ZoneInfoNotFoundError is a KeyError
        return default


@dataclass(frozen=True)
class _School:
    organisation_id: int
    name: str
    programme: Programme | None  # transient: the columns stage_by_dates reads
    today: date
    month: date
    period: str
    last_from: datetime  # the previous school month begins (UTC)
    this_from: datetime
    this_to: datetime


def _sort_key(school: _School) -> tuple[str, str, int]:
    """By name as a reader expects (case-insensitive, yo read as ye, as `reports` sorts names), the same
    on SQLite and PostgreSQL whatever the database's collation."""
    return school.name.casefold().replace("\u0451", "\u0435"), school.name, school.organisation_id


# ---- the summary ----------------------------------------------------------------------------------


async def schools_summary(session: AsyncSession, now: datetime, tz: tzinfo) -> list[SchoolSummary]:
    """One row per school (its current programme), ordered by name; four statements for any number
    of schools."""
    dialect = dialect_of(session)

    # 1. the schools and their current programmes (the latest per school)
    latest = (
        select(Programme.organisation_id.label("org"), func.max(Programme.id).label("pid"))
        .group_by(Programme.organisation_id)
        .subquery()
    )
    rows = (
        await session.execute(
            select(
                Organisation.id, Organisation.name, Organisation.timezone, Programme.id, Programme.starts_on, Programme.ends_on
            )
            .outerjoin(latest, latest.c.org == Organisation.id)
            .outerjoin(Programme, Programme.id == latest.c.pid)
        )
    ).all()
    schools: list[_School] = []
    for org_id, name, zone_name, pid, starts_on, ends_on in rows:
        zone = zone_of(zone_name, tz)
        today = now.astimezone(zone).date()
        month = today.replace(day=1)
        programme = Programme(id=pid, organisation_id=org_id, starts_on=starts_on, ends_on=ends_on) if pid is not None else None
        schools.append(
            _School(
                organisation_id=org_id,
                name=name or "",
                programme=programme,
                today=today,
                month=month,
                period=_period(today),
                last_from=month_start(shift_month(month, -1), zone),
                this_from=month_start(month, zone),
                this_to=month_start(shift_month(month, 1), zone),
            )
        )
    schools.sort(key=_sort_key)
    running = {s.programme.id: s for s in schools if s.programme is not None}
    if not running:
        return [_summary(s, {}, {}, {}) for s in schools]

    # Each programme's own calendar, as a table the statements below join to by programme id.
    school = (
        values(
            column("pid", Integer),
            column("today", Date),
            column("period", String),
            column("last_from", UTCDateTime()),
            column("this_from", UTCDateTime()),
            column("this_to", UTCDateTime()),
            name="school",
        )
        .data([(pid, s.today, s.period, s.last_from, s.this_from, s.this_to) for pid, s in running.items()])
        .cte("school")
    )

    # 2. the roadmap: the stage of each programme's earliest planned event, how many are overdue
    ranked = (
        select(
            RoadmapEvent.programme_id.label("pid"),
            RoadmapEvent.stage.label("stage"),
            func.row_number()
            .over(partition_by=RoadmapEvent.programme_id, order_by=(RoadmapEvent.due_on, RoadmapEvent.id))
            .label("rank"),
            func.sum(case((RoadmapEvent.due_on < school.c.today, 1), else_=0))
            .over(partition_by=RoadmapEvent.programme_id)
            .label("overdue"),
        )
        .join(school, school.c.pid == RoadmapEvent.programme_id)
        .where(RoadmapEvent.status == RoadmapStatus.PLANNED)
        .subquery()
    )
    roadmap = {
        int(pid): (int(stage), int(overdue))
        for pid, stage, overdue in (
            await session.execute(select(ranked.c.pid, ranked.c.stage, ranked.c.overdue).where(ranked.c.rank == 1))
        ).all()
    }

    # 3. people, by role, and this month's feedback, in one pass over the participants: each one's
    #    submitted poll of their school's month (one at most: unique per person, questionnaire and
    #    period) and its usefulness (one at most per response) are outer-joined, so nobody is counted
    #    twice. `status.in_active_pair` for all the programmes at once.
    active_pair = and_(Pair.programme_id.in_(list(running)), Pair.status == PairStatus.ACTIVE)
    in_pair = Participant.id.in_(select(Pair.mentor_id).where(active_pair).union_all(select(Pair.mentee_id).where(active_pair)))
    response = (
        select(QuestionnaireResponse.id, QuestionnaireResponse.participant_id, QuestionnaireResponse.period)
        .where(
            QuestionnaireResponse.questionnaire == FEEDBACK,
            QuestionnaireResponse.period.in_(sorted({s.period for s in running.values()})),
            QuestionnaireResponse.status == ResponseStatus.SUBMITTED,
        )
        .subquery()
    )
    usefulness = select(Answer.response_id, Answer.value).where(Answer.question == USEFULNESS).subquery()
    score = number_of(usefulness.c.value, dialect)
    active = Participant.status == ParticipantStatus.ACTIVE
    paired = and_(active, in_pair)
    scored = and_(paired, score >= USEFULNESS_RANGE[0], score <= USEFULNESS_RANGE[1])
    funnel = ((), (Participant.status.in_(CONSENTED),), (active,), (paired,))  # invited, consented, questionnaires, paired
    by_role = [
        func.count().filter(and_(Participant.role == role, *condition))
        for role in (Role.MENTOR, Role.MENTEE)
        for condition in funnel
    ]
    people = {
        int(pid): tuple(counts)
        for pid, *counts in (
            await session.execute(
                select(
                    Participant.programme_id,
                    *by_role,
                    func.count(response.c.id).filter(paired),
                    func.count().filter(scored),
                    func.avg(score).filter(scored),
                )
                .select_from(Participant)
                .join(school, school.c.pid == Participant.programme_id)
                .outerjoin(response, and_(response.c.participant_id == Participant.id, response.c.period == school.c.period))
                .outerjoin(usefulness, usefulness.c.response_id == response.c.id)
                .where(Participant.status.not_in((ParticipantStatus.INACTIVE, ParticipantStatus.WITHDRAWN)))
                .group_by(Participant.programme_id)
            )
        ).all()
    }

    # 4. active pairs, and meetings held (by any pair of the programme, as /status counts them) in
    #    this school month and the last: each pair outer-joined to its held meetings of the two months
    held = and_(
        Meeting.pair_id == Pair.id,
        Meeting.status == MeetingStatus.HELD,
        Meeting.starts_at >= school.c.last_from,
        Meeting.starts_at < school.c.this_to,
    )
    pairs = {
        int(pid): (int(n_pairs), int(this_month), int(last_month))
        for pid, n_pairs, this_month, last_month in (
            await session.execute(
                select(
                    Pair.programme_id,
                    func.count(distinct(Pair.id)).filter(Pair.status == PairStatus.ACTIVE),
                    func.count(Meeting.id).filter(Meeting.starts_at >= school.c.this_from),
                    func.count(Meeting.id).filter(Meeting.starts_at < school.c.this_from),
                )
                .select_from(Pair)
                .join(school, school.c.pid == Pair.programme_id)
                .outerjoin(Meeting, held)
                .group_by(Pair.programme_id)
            )
        ).all()
    }
    return [_summary(s, roadmap, people, pairs) for s in schools]


def _summary(
    school: _School,
    roadmap: dict[int, tuple[int, int]],
    people: dict[int, tuple[Any, ...]],
    pairs: dict[int, tuple[int, int, int]],
) -> SchoolSummary:
    """A school's row from the grouped results; a school missing from a group (no programme, no
    roadmap, nobody, no pairs) gets zeros."""
    programme = school.programme
    pid = programme.id if programme is not None else -1
    stage, overdue = roadmap.get(pid, (None, 0))
    counts = people.get(pid, (0,) * 8 + (0, 0, None))
    mentors, mentees = [int(n) for n in counts[:4]], [int(n) for n in counts[4:8]]
    answered, n_scores, average = int(counts[8] or 0), int(counts[9] or 0), counts[10]
    n_pairs, this_month, last_month = pairs.get(pid, (0, 0, 0))
    if stage is None and programme is not None:
        stage = stage_by_dates(programme, school.today)

    def by_role(column: int) -> ByRole:
        return ByRole(mentors=mentors[column], mentees=mentees[column])

    return SchoolSummary(
        organisation_id=school.organisation_id,
        programme_id=programme.id if programme is not None else None,
        name=school.name,
        today=school.today,
        stage=stage,
        stage_from_roadmap=pid in roadmap,
        invited=by_role(0),
        consented=by_role(1),
        questionnaire_done=by_role(2),
        paired=by_role(3),
        active_pairs=n_pairs,
        mentees_without_mentor=mentees[2] - mentees[3],
        month=school.month,
        held_this_month=this_month,
        held_last_month=last_month,
        feedback_period=school.period,
        feedback_expected=mentors[3] + mentees[3],
        feedback_answered=answered,
        usefulness_answers=n_scores,
        usefulness_average=float(average) if n_scores >= MIN_ANSWERS and average is not None else None,
        overdue_events=overdue,
    )
