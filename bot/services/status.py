"""The curator's /status: the programme at a glance, from a fixed handful of aggregate queries.

`summary()` answers DOMAIN.md's "curator's questions" with six statements whatever the size of
the school (conditional counts and GROUP BY, never a query per person or pair). The drill-downs
(who exactly) are separate functions, called only when the curator opens one; each returns ids in
display order, and `load_*` reads one page of them.

The definitions are the scheduler's (scheduler/rules.py), written here as set-based SQL: that
module imports the handlers, so importing it from a service would be circular. Participants the
curator has deactivated are left out of every count, and so are those who withdrew their consent
(their anonymous stubs still count in the pairs and meetings).

- check-in waiting: an accepted meeting of an active pair, an hour past its start, that a side has
  not answered (`rules.checkins`);
- idle pair: an active pair with nothing planned whose last held meeting (or, with none, its
  creation) is more than `rhythm_days` whole days ago, and at least a week ago (`rules.idle_pairs`);
- stuck in registration: invited / awaiting a parent / questionnaires, for longer than the first
  onboarding reminder (`onboarding.stuck_people`, the curator's /stuck);
- this month's feedback: the poll of the school's current month ("YYYY-MM"), expected from every
  active participant of an active pair (`rules.monthly_poll`); the rate and the average usefulness
  are over those people's submitted answers.

The average usefulness is given only when at least `MIN_ANSWERS` answers exist: a student's rating
of their own teacher must not be traceable to them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

from sqlalchemy import (
    DateTime,
    Numeric,
    Text,
    and_,
    case,
    cast,
    exists,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement

from bot.domain import MAX_MENTEES_PER_MENTOR
from bot.services.meetings import CHECKIN_DELAY
from bot.services.onboarding import STUCK
from bot.services.programme_settings import settings_of
from bot.services.roadmap import TEMPLATE, due_date
from db.models import (
    Answer,
    Meeting,
    MeetingCheckin,
    MeetingStatus,
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
    User,
)

MIN_ANSWERS = 3  # fewer answers: no average (privacy)
FEEDBACK = "feedback"
USEFULNESS = "usefulness"
USEFULNESS_RANGE = (1, 10)
MENTOR_INTAKE = "mentor_intake"
CAPACITY = "capacity"
# scheduler/rules.py: ACTIVE_MEETING, and the idle rule's "at least a week" pre-filter.
CONSENTED = (ParticipantStatus.QUESTIONNAIRE, ParticipantStatus.ACTIVE)
# Not among the people counted: deactivated by the curator, or withdrawn (an anonymous stub left for
# the pair and meeting counts, which still include it).
NOT_COUNTED = (ParticipantStatus.INACTIVE, ParticipantStatus.WITHDRAWN)
ACTIVE_MEETING = (MeetingStatus.PROPOSED, MeetingStatus.ACCEPTED)
IDLE_AT_LEAST = timedelta(days=7)
MAX_MONTHS = 12
CHUNK = 1000  # ids per IN (...) when loading drill-down rows


# ---- the figures ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ByRole:
    mentors: int = 0
    mentees: int = 0

    @property
    def total(self) -> int:
        return self.mentors + self.mentees


@dataclass(frozen=True)
class Summary:
    today: date  # in the school's timezone
    stage: int  # 1..7
    stage_from_roadmap: bool  # False: no planned event left, the stage is guessed from the dates
    invited: ByRole
    consented: ByRole
    questionnaire_done: ByRole
    paired: ByRole
    stuck: int
    stuck_days: int
    active_pairs: int
    mentees_without_mentor: int
    mentors_with_free_places: int
    free_places: int
    month: date  # the first day of this (school) month
    held_this_month: int
    held_last_month: int
    held_by_month: list[tuple[date, int]] = field(default_factory=list)  # the programme year so far
    checkins_waiting: int = 0
    idle_pairs: int = 0
    feedback_period: str = ""
    feedback_expected: int = 0
    feedback_answered: int = 0
    usefulness_answers: int = 0
    usefulness_average: float | None = None  # None with fewer than MIN_ANSWERS answers
    overdue_events: int = 0

    @property
    def last_month(self) -> date:
        return shift_month(self.month, -1)

    @property
    def feedback_missing(self) -> int:
        return self.feedback_expected - self.feedback_answered

    @property
    def feedback_percent(self) -> int | None:
        if not self.feedback_expected:
            return None
        return (self.feedback_answered * 200 + self.feedback_expected) // (self.feedback_expected * 2)


# ---- time -----------------------------------------------------------------------------------------


def shift_month(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_start(first: date, tz: tzinfo) -> datetime:
    """The moment a school month begins, in UTC."""
    return datetime(first.year, first.month, 1, tzinfo=tz).astimezone(UTC)


def programme_months(programme: Programme, this_month: date) -> list[date]:
    """The first days of the programme year's months up to this one (at most twelve)."""
    first = programme.starts_on.replace(day=1)
    last = min(this_month, programme.ends_on.replace(day=1))
    months: list[date] = []
    while first <= last and len(months) < MAX_MONTHS:
        months.append(first)
        first = shift_month(first, 1)
    return months


def naive_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


def stage_by_dates(programme: Programme, today: date) -> int:
    """The stage of the template's next event from today; the last stage once all are past."""
    upcoming = sorted((due_date(programme.starts_on, *e.due), e.stage) for e in TEMPLATE)
    for due_on, stage in upcoming:
        if due_on >= today:
            return stage
    return max(stage for _, stage in upcoming) if upcoming else 1


# ---- SQL pieces -----------------------------------------------------------------------------------


def dialect_of(session: AsyncSession) -> str:
    return session.get_bind().dialect.name


def in_active_pair(programme_id: int, participant: Any = Participant) -> ColumnElement[bool]:
    """A side of an active pair of the programme. An IN over both sides, not a correlated EXISTS with
    an OR: the database builds the set once instead of scanning the pairs for every person."""
    active = and_(Pair.programme_id == programme_id, Pair.status == PairStatus.ACTIVE)
    return participant.id.in_(select(Pair.mentor_id).where(active).union_all(select(Pair.mentee_id).where(active)))


def answered_feedback(period: str, participant: Any = Participant) -> ColumnElement[bool]:
    return exists().where(
        QuestionnaireResponse.participant_id == participant.id,
        QuestionnaireResponse.questionnaire == FEEDBACK,
        QuestionnaireResponse.period == period,
        QuestionnaireResponse.status == ResponseStatus.SUBMITTED,
    )


def number_of(value: Any, dialect: str) -> ColumnElement[Any]:
    """A JSON answer as a number in SQL, NULL when it is not a number."""
    if dialect == "postgresql":
        return case((func.json_typeof(value) == "number", cast(cast(value, Text), Numeric)))
    return case((func.json_type(value).in_(("integer", "real")), func.json_extract(value, "$")))


def capacity_of(value: Any) -> ColumnElement[int]:
    """`pairs.mentor_capacity` in SQL for the questionnaire's options: the mentor's own answer ("1" or
    "2"), 1 when missing. The JSON text is '"2"' for the stored option, '2' for a number."""
    return case((cast(value, Text).in_(('"2"', "2")), MAX_MENTEES_PER_MENTOR), else_=1)


def at_least_days_ago(moment: Any, now: datetime, days: Any, dialect: str) -> ColumnElement[bool]:
    """`now - moment >= days` whole days, with `days` a per-row SQL expression."""
    if dialect == "postgresql":
        return moment <= literal(naive_utc(now), DateTime()) - func.make_interval(0, 0, 0, days)
    return func.julianday(literal(naive_utc(now), DateTime())) - func.julianday(moment) >= days


def last_held(pair: Any = Pair) -> Any:
    return (
        select(func.max(Meeting.starts_at))
        .where(Meeting.pair_id == pair.id, Meeting.status == MeetingStatus.HELD)
        .correlate(pair)
        .scalar_subquery()
    )


# The queries below keep to joins, GROUP BY and NOT EXISTS that the planner turns into anti-joins.
# Correlated subqueries evaluated per row (inside an aggregate's FILTER, or computing each pair's
# last meeting) made PostgreSQL's cost estimate high enough to JIT-compile the statement, which
# alone took 200-250 ms at 5,000 pairs (bench/status.py).


def idle_pairs_query(programme_id: int, now: datetime, dialect: str, *columns: Any) -> Any:
    """`columns` of the programme's idle pairs (`rules.idle_pairs`). The rule: nothing planned, and the
    last held meeting (or, with none, the pair's creation) at least D = max(rhythm_days + 1, 7) whole
    days ago. Said as one anti-join over each pair's meetings: no planned meeting and no meeting held
    within D days; and either some meeting was held or the pair was made D days ago or earlier."""
    quiet_days = case((Pair.rhythm_days + 1 > IDLE_AT_LEAST.days, Pair.rhythm_days + 1), else_=IDLE_AT_LEAST.days)
    planned = and_(Meeting.status.in_(ACTIVE_MEETING), Meeting.starts_at > now)
    held_lately = and_(Meeting.status == MeetingStatus.HELD, ~at_least_days_ago(Meeting.starts_at, now, quiet_days, dialect))
    ever_held = exists().where(Meeting.pair_id == Pair.id, Meeting.status == MeetingStatus.HELD)
    return select(*columns).select_from(Pair).where(
        Pair.programme_id == programme_id,
        Pair.status == PairStatus.ACTIVE,
        ~exists().where(Meeting.pair_id == Pair.id, or_(planned, held_lately)),
        or_(at_least_days_ago(Pair.created_at, now, quiet_days, dialect), ever_held),
    )


def waiting_checkins_query(programme_id: int, now: datetime, *columns: Any) -> Any:
    """`columns` of the programme's meetings waiting for a check-in (`rules.checkins`): each side's
    answer is outer-joined (one at most: unique per meeting and person) and one is missing."""
    mentor_said, mentee_said = aliased(MeetingCheckin), aliased(MeetingCheckin)
    return (
        select(*columns)
        .select_from(Meeting)
        .join(Pair, Pair.id == Meeting.pair_id)
        .outerjoin(mentor_said, and_(mentor_said.meeting_id == Meeting.id, mentor_said.participant_id == Pair.mentor_id))
        .outerjoin(mentee_said, and_(mentee_said.meeting_id == Meeting.id, mentee_said.participant_id == Pair.mentee_id))
        .where(
            Pair.programme_id == programme_id,
            Pair.status == PairStatus.ACTIVE,
            Meeting.status == MeetingStatus.ACCEPTED,
            Meeting.starts_at <= now - CHECKIN_DELAY,
            or_(mentor_said.id.is_(None), mentee_said.id.is_(None)),
        )
    )


def free_places_query(programme_id: int) -> Any:
    """Active mentors of the programme with their free places (capacity less active pairs)."""
    capacity = (
        select(QuestionnaireResponse.participant_id.label("pid"), func.max(capacity_of(Answer.value)).label("cap"))
        .join(Answer, Answer.response_id == QuestionnaireResponse.id)
        .where(
            # only this programme's mentors: in a municipality the other schools' answers are most of the table
            QuestionnaireResponse.participant_id.in_(
                select(Participant.id).where(Participant.programme_id == programme_id, Participant.role == Role.MENTOR)
            ),
            QuestionnaireResponse.questionnaire == MENTOR_INTAKE,
            QuestionnaireResponse.status == ResponseStatus.SUBMITTED,
            Answer.question == CAPACITY,
        )
        .group_by(QuestionnaireResponse.participant_id)
        .subquery()
    )
    load = (
        select(Pair.mentor_id.label("pid"), func.count().label("n"))
        .where(Pair.programme_id == programme_id, Pair.status == PairStatus.ACTIVE)
        .group_by(Pair.mentor_id)
        .subquery()
    )
    free = func.coalesce(capacity.c.cap, 1) - func.coalesce(load.c.n, 0)
    return (
        select(Participant.id, case((free > 0, free), else_=0).label("free"))
        .outerjoin(capacity, capacity.c.pid == Participant.id)
        .outerjoin(load, load.c.pid == Participant.id)
        .where(
            Participant.programme_id == programme_id,
            Participant.role == Role.MENTOR,
            Participant.status == ParticipantStatus.ACTIVE,
        )
    )


def _period(today: date) -> str:
    return today.strftime("%Y-%m")


# ---- the summary ----------------------------------------------------------------------------------


async def summary(session: AsyncSession, programme: Programme, now: datetime, tz: tzinfo) -> Summary:
    """Everything /status shows, in six statements whatever the size of the school."""
    pid = programme.id
    dialect = dialect_of(session)
    today = now.astimezone(tz).date()
    month = today.replace(day=1)
    period = _period(today)

    # 1. the roadmap (the stage of the earliest planned event, how many are overdue), active pairs,
    #    meetings waiting for a check-in
    planned = and_(RoadmapEvent.programme_id == pid, RoadmapEvent.status == RoadmapStatus.PLANNED)
    earliest = select(RoadmapEvent.stage).where(planned).order_by(RoadmapEvent.due_on, RoadmapEvent.id).limit(1)
    late = select(func.count()).select_from(RoadmapEvent).where(planned, RoadmapEvent.due_on < today)
    pairs_now = select(func.count()).select_from(Pair).where(Pair.programme_id == pid, Pair.status == PairStatus.ACTIVE)
    waiting = waiting_checkins_query(pid, now, func.count())
    stage, overdue, active_pairs, checkins = (
        await session.execute(
            select(earliest.scalar_subquery(), late.scalar_subquery(), pairs_now.scalar_subquery(), waiting.scalar_subquery())
        )
    ).one()

    # 2. people, by role: the funnel, and who is stuck in registration
    stuck_days = min(settings_of(programme).onboarding_reminder_days)
    people: dict[str, tuple[int, ...]] = {
        role: tuple(int(n) for n in counts)
        for role, *counts in (
            await session.execute(
                select(
                    Participant.role,
                    func.count(),
                    func.count().filter(Participant.status.in_(CONSENTED)),
                    func.count().filter(Participant.status == ParticipantStatus.ACTIVE),
                    func.count().filter(and_(Participant.status == ParticipantStatus.ACTIVE, in_active_pair(pid))),
                    func.count().filter(
                        and_(Participant.status.in_(STUCK), Participant.created_at <= now - timedelta(days=stuck_days))
                    ),
                )
                .where(Participant.programme_id == pid, Participant.status.not_in(NOT_COUNTED))
                .group_by(Participant.role)
            )
        ).all()
    }
    mentors, mentees = people.get(Role.MENTOR, (0,) * 5), people.get(Role.MENTEE, (0,) * 5)

    def by_role(column: int) -> ByRole:
        return ByRole(mentors=mentors[column], mentees=mentees[column])

    # 3. mentors with free places
    places = free_places_query(pid).subquery()
    free_mentors, free_total = (
        await session.execute(select(func.count().filter(places.c.free > 0), func.coalesce(func.sum(places.c.free), 0)))
    ).one()

    # 4. pairs idle over their rhythm
    idle = await session.scalar(idle_pairs_query(pid, now, dialect, func.count()))

    # 5. meetings held per school month: this one, the last one, the programme year so far
    months = programme_months(programme, month)
    wanted = sorted(set(months) | {month, shift_month(month, -1)})
    bounds = [(month_start(m, tz), month_start(shift_month(m, 1), tz)) for m in wanted]
    held_row = (
        await session.execute(
            select(*[func.count().filter(and_(Meeting.starts_at >= b, Meeting.starts_at < e)) for b, e in bounds])
            .select_from(Meeting)
            .join(Pair, Pair.id == Meeting.pair_id)
            .where(
                Pair.programme_id == pid,
                Meeting.status == MeetingStatus.HELD,
                Meeting.starts_at >= bounds[0][0],
                Meeting.starts_at < bounds[-1][1],
            )
        )
    ).one()
    held_in = {m: int(n) for m, n in zip(wanted, held_row, strict=True)}

    # 6. this month's feedback in one pass over the people expected to answer: their submitted
    #    response (one at most: unique per person, questionnaire and period) and its usefulness
    response = (
        select(QuestionnaireResponse.id, QuestionnaireResponse.participant_id)
        .where(
            QuestionnaireResponse.questionnaire == FEEDBACK,
            QuestionnaireResponse.period == period,
            QuestionnaireResponse.status == ResponseStatus.SUBMITTED,
        )
        .subquery()
    )
    usefulness = select(Answer.response_id, Answer.value).where(Answer.question == USEFULNESS).subquery()
    score = number_of(usefulness.c.value, dialect)
    in_range = and_(score >= USEFULNESS_RANGE[0], score <= USEFULNESS_RANGE[1])
    expected, answered, n_scores, average = (
        await session.execute(
            select(func.count(), func.count(response.c.id), func.count().filter(in_range), func.avg(score).filter(in_range))
            .select_from(Participant)
            .outerjoin(response, response.c.participant_id == Participant.id)
            .outerjoin(usefulness, usefulness.c.response_id == response.c.id)
            .where(Participant.programme_id == pid, Participant.status == ParticipantStatus.ACTIVE, in_active_pair(pid))
        )
    ).one()
    n_scores = int(n_scores or 0)

    return Summary(
        today=today,
        stage=int(stage) if stage is not None else stage_by_dates(programme, today),
        stage_from_roadmap=stage is not None,
        invited=by_role(0),
        consented=by_role(1),
        questionnaire_done=by_role(2),
        paired=by_role(3),
        stuck=mentors[4] + mentees[4],
        stuck_days=stuck_days,
        active_pairs=int(active_pairs or 0),
        mentees_without_mentor=mentees[2] - mentees[3],
        mentors_with_free_places=int(free_mentors or 0),
        free_places=int(free_total or 0),
        month=month,
        held_this_month=held_in[month],
        held_last_month=held_in[shift_month(month, -1)],
        held_by_month=[(m, held_in[m]) for m in months],
        checkins_waiting=int(checkins or 0),
        idle_pairs=int(idle or 0),
        feedback_period=period,
        feedback_expected=int(expected),
        feedback_answered=int(answered),
        usefulness_answers=n_scores,
        usefulness_average=float(average) if n_scores >= MIN_ANSWERS and average is not None else None,
        overdue_events=int(overdue or 0),
    )


# ---- drill-downs: ids in display order --------------------------------------------------------------


def by_name(participant: Any = Participant) -> tuple[Any, Any]:
    return func.coalesce(participant.full_name, ""), participant.id


async def mentees_without_mentor(session: AsyncSession, programme: Programme) -> list[int]:
    return list(
        await session.scalars(
            select(Participant.id)
            .where(
                Participant.programme_id == programme.id,
                Participant.role == Role.MENTEE,
                Participant.status == ParticipantStatus.ACTIVE,
                ~in_active_pair(programme.id),
            )
            .order_by(*by_name())
        )
    )


async def mentors_with_free_places(session: AsyncSession, programme: Programme) -> list[tuple[int, int]]:
    """(mentor id, free places), most places first, then by name."""
    places = free_places_query(programme.id).subquery()
    rows = await session.execute(
        select(places.c.id, places.c.free)
        .join(Participant, Participant.id == places.c.id)
        .where(places.c.free > 0)
        .order_by(places.c.free.desc(), *by_name())
    )
    return [(int(i), int(n)) for i, n in rows.all()]


async def waiting_checkins(session: AsyncSession, programme: Programme, now: datetime) -> list[int]:
    """Meetings waiting for a check-in, oldest first."""
    query = waiting_checkins_query(programme.id, now, Meeting.id).order_by(Meeting.starts_at, Meeting.id)
    return list(await session.scalars(query))


async def idle_pairs(session: AsyncSession, programme: Programme, now: datetime) -> list[int]:
    """Idle pairs, the longest quiet first."""
    rows = (await session.execute(idle_pairs_query(programme.id, now, dialect_of(session), Pair.id, Pair.created_at))).all()
    anchor = {int(i): created for i, created in rows}
    for chunk in _chunks(list(anchor)):
        last = await session.execute(
            select(Meeting.pair_id, func.max(Meeting.starts_at))
            .where(Meeting.pair_id.in_(chunk), Meeting.status == MeetingStatus.HELD)
            .group_by(Meeting.pair_id)
        )
        anchor.update({int(i): moment for i, moment in last.all() if moment is not None})
    return sorted(anchor, key=lambda i: (anchor[i], i))


async def feedback_missing(session: AsyncSession, programme: Programme, now: datetime, tz: tzinfo) -> list[int]:
    """Who is expected to answer this month's feedback poll and has not."""
    period = _period(now.astimezone(tz).date())
    return list(
        await session.scalars(
            select(Participant.id)
            .where(
                Participant.programme_id == programme.id,
                Participant.status == ParticipantStatus.ACTIVE,
                in_active_pair(programme.id),
                ~answered_feedback(period),
            )
            .order_by(*by_name())
        )
    )


# ---- loading a page of them -----------------------------------------------------------------------


def _ordered(rows: Sequence[Any], ids: Sequence[int]) -> list[Any]:
    found = {row.id: row for row in rows}
    return [found[i] for i in ids if i in found]


def _chunks(ids: Sequence[int]) -> list[list[int]]:
    return [list(ids[i : i + CHUNK]) for i in range(0, len(ids), CHUNK)]


async def load_participants(session: AsyncSession, ids: Sequence[int]) -> list[Participant]:
    """The participants (with their users) in the order of `ids`."""
    rows: list[Participant] = []
    for chunk in _chunks(ids):
        rows += (await session.scalars(select(Participant).where(Participant.id.in_(chunk)))).unique().all()
    return _ordered(rows, ids)


async def load_pairs(session: AsyncSession, ids: Sequence[int], now: datetime) -> list[tuple[Pair, int]]:
    """The pairs (both sides loaded) with the whole days since their last held meeting or start."""
    rows: list[Any] = []
    for chunk in _chunks(ids):
        rows += (await session.execute(select(Pair, last_held()).where(Pair.id.in_(chunk)))).unique().all()
    days = {pair.id: (now - (last or pair.created_at)).days for pair, last in rows}
    return [(pair, days[pair.id]) for pair in _ordered([p for p, _ in rows], ids)]


@dataclass(frozen=True)
class WaitingCheckin:
    meeting: Meeting
    pair: Pair
    pending: list[Participant]  # the sides who have not answered


async def load_checkins(session: AsyncSession, ids: Sequence[int]) -> list[WaitingCheckin]:
    rows: list[Any] = []
    answered: set[tuple[int, int]] = set()
    for chunk in _chunks(ids):
        rows += (
            await session.execute(select(Meeting, Pair).join(Pair, Pair.id == Meeting.pair_id).where(Meeting.id.in_(chunk)))
        ).unique().all()
        answered.update(
            (int(m), int(p))
            for m, p in (
                await session.execute(
                    select(MeetingCheckin.meeting_id, MeetingCheckin.participant_id).where(MeetingCheckin.meeting_id.in_(chunk))
                )
            ).all()
        )
    by_id = {meeting.id: (meeting, pair) for meeting, pair in rows}
    result = []
    for i in ids:
        if i not in by_id:
            continue
        meeting, pair = by_id[i]
        pending = [side for side in (pair.mentor, pair.mentee) if (meeting.id, side.id) not in answered]
        result.append(WaitingCheckin(meeting, pair, pending))
    return result


def reachable(participant: Participant) -> bool:
    user: User | None = participant.user
    return user is not None and user.unreachable_at is None

