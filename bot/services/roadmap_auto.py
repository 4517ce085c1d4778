"""Roadmap events the bot can see done by itself (the `auto` conditions of `roadmap.toml`).

`refresh` marks the programme's planned template events done when their condition holds. Each
condition is one or two aggregate queries over the whole programme, never a query per person.
An event marked by the bot keeps `done_by_telegram_id=None`. An event whose status the curator has
changed by hand (`done_by_telegram_id` set, e.g. put back to planned) is left alone: the curator's
decision wins over the bot's guess. Functions here never commit.

Called when the curator opens /roadmap; the scheduler may call `refresh` as well.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from sqlalchemy import String, and_, case, cast, distinct, exists, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from bot.services.roadmap import AUTO, TEMPLATE
from bot.services.swot import PARTS as SWOT_PARTS
from db.models import (
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
    SwotReview,
)

Condition = Callable[[AsyncSession, int], Awaitable[bool]]

# Still waiting for their own or a parent's consent.
PENDING_CONSENT = (ParticipantStatus.INVITED, ParticipantStatus.AWAITING_PARENT)
# Consent complete (questionnaires under way or done).
CONSENTED = (ParticipantStatus.QUESTIONNAIRE, ParticipantStatus.ACTIVE)
PREFERENCE_QUESTIONNAIRES = ("preference_mentee", "preference_mentor")
EXIT_QUESTIONNAIRE = "exit"
EXIT_PERIOD_PREFIX = "pair-"  # handlers/pair.py: the exit survey's period is "pair-<pair id>"

AUTO_OF: dict[str, str] = {t.code: t.auto for t in TEMPLATE if t.auto}


def _submitted(participant_id: ColumnElement[int], questionnaire: ColumnElement[bool], period: ColumnElement[bool] | None = None) -> ColumnElement[bool]:
    """A submitted response of that participant to that questionnaire (correlated EXISTS)."""
    where = [QuestionnaireResponse.participant_id == participant_id, questionnaire, QuestionnaireResponse.status == ResponseStatus.SUBMITTED]
    if period is not None:
        where.append(period)
    return exists().where(*where)


def _in_active_pair(as_mentee: bool = False) -> ColumnElement[bool]:
    """The participant is a member of an active pair (as mentor or mentee, or only as the mentee)."""
    # Two EXISTS rather than one with an OR inside: the OR makes SQLite scan every pair per person.
    as_mentee_ = exists().where(Pair.status == PairStatus.ACTIVE, Pair.mentee_id == Participant.id)
    if as_mentee:
        return as_mentee_
    return or_(exists().where(Pair.status == PairStatus.ACTIVE, Pair.mentor_id == Participant.id), as_mentee_)


async def _coverage(session: AsyncSession, programme_id: int, where: list[ColumnElement[bool]], done: ColumnElement[bool]) -> tuple[int, int]:
    """How many participants match `where`, and how many of them also `done`: one query."""
    row = (
        await session.execute(
            select(func.count(Participant.id), func.count(case((done, 1)))).where(Participant.programme_id == programme_id, *where)
        )
    ).one()
    return int(row[0]), int(row[1])


async def consents_collected(session: AsyncSession, programme_id: int) -> bool:
    """Everyone not declined or deactivated has consented (a minor: the parent too, or on paper)."""
    row = (
        await session.execute(
            select(
                func.count(case((Participant.status.in_(PENDING_CONSENT), 1))),
                func.count(case((Participant.status.in_(CONSENTED), 1))),
            ).where(Participant.programme_id == programme_id)
        )
    ).one()
    pending, consented = int(row[0]), int(row[1])
    return pending == 0 and consented > 0


async def _intake_done(session: AsyncSession, programme_id: int, role: str, questionnaire: str, period: str) -> bool:
    total, done = await _coverage(
        session,
        programme_id,
        [Participant.role == role, Participant.status.in_(CONSENTED)],
        _submitted(Participant.id, QuestionnaireResponse.questionnaire == questionnaire, QuestionnaireResponse.period == period),
    )
    return total > 0 and done == total


async def mentee_questionnaires_done(session: AsyncSession, programme_id: int) -> bool:
    return await _intake_done(session, programme_id, Role.MENTEE, "mentee_intake", "")


async def mentor_questionnaires_done(session: AsyncSession, programme_id: int) -> bool:
    return await _intake_done(session, programme_id, Role.MENTOR, "mentor_intake", "")


async def baseline_done(session: AsyncSession, programme_id: int) -> bool:
    return await _intake_done(session, programme_id, Role.MENTEE, "self_assessment", "baseline")


async def preferences_done(session: AsyncSession, programme_id: int) -> bool:
    """Every active participant has either a pair or a submitted preference questionnaire."""
    total, settled = await _coverage(
        session,
        programme_id,
        [Participant.status == ParticipantStatus.ACTIVE],
        or_(_in_active_pair(), _submitted(Participant.id, QuestionnaireResponse.questionnaire.in_(PREFERENCE_QUESTIONNAIRES))),
    )
    return total > 0 and settled == total


async def pairs_formed(session: AsyncSession, programme_id: int) -> bool:
    """At least one active pair, and no active mentee without one."""
    pairs = await session.scalar(
        select(func.count(Pair.id)).where(Pair.programme_id == programme_id, Pair.status == PairStatus.ACTIVE)
    )
    if not pairs:
        return False
    mentees, paired = await _coverage(
        session,
        programme_id,
        [Participant.role == Role.MENTEE, Participant.status == ParticipantStatus.ACTIVE],
        _in_active_pair(as_mentee=True),
    )
    return paired == mentees


async def final_survey_done(session: AsyncSession, programme_id: int) -> bool:
    """Every pair has ended and both members of each completed pair submitted the exit survey."""
    period = literal(EXIT_PERIOD_PREFIX, String) + cast(Pair.id, String)
    exit_of = QuestionnaireResponse.questionnaire == EXIT_QUESTIONNAIRE
    mentor_done = _submitted(Pair.mentor_id, exit_of, QuestionnaireResponse.period == period)
    mentee_done = _submitted(Pair.mentee_id, exit_of, QuestionnaireResponse.period == period)
    row = (
        await session.execute(
            select(
                func.count(case((Pair.status == PairStatus.COMPLETED, 1))),
                func.count(case((Pair.status == PairStatus.ACTIVE, 1))),
                func.count(case((and_(Pair.status == PairStatus.COMPLETED, mentor_done, mentee_done), 1))),
            ).where(Pair.programme_id == programme_id)
        )
    ).one()
    completed, active, answered = int(row[0]), int(row[1]), int(row[2])
    return completed > 0 and active == 0 and answered == completed


async def swot_done(session: AsyncSession, programme_id: int) -> bool:
    """The curator's SWOT analysis (stage 7) is written for every form that had at least one pair: a
    review with all four parts non-empty. Each pair is joined to its form's review, and the forms are
    counted with and without a complete one: one query."""
    written = and_(*(func.length(func.trim(func.coalesce(SwotReview.answers[part].as_string(), ""))) > 0 for part in SWOT_PARTS))
    row = (
        await session.execute(
            select(func.count(distinct(Pair.form)), func.count(distinct(case((written, Pair.form)))))
            .select_from(Pair)
            .outerjoin(SwotReview, and_(SwotReview.programme_id == Pair.programme_id, SwotReview.form == Pair.form))
            .where(Pair.programme_id == programme_id)
        )
    ).one()
    forms, reviewed = int(row[0]), int(row[1])
    return forms > 0 and reviewed == forms


CONDITIONS: dict[str, Condition] = {
    "consents-collected": consents_collected,
    "mentee-questionnaires-done": mentee_questionnaires_done,
    "mentor-questionnaires-done": mentor_questionnaires_done,
    "baseline-done": baseline_done,
    "preferences-done": preferences_done,
    "pairs-formed": pairs_formed,
    "final-survey-done": final_survey_done,
    "swot-done": swot_done,
}
if set(CONDITIONS) != set(AUTO):
    raise RuntimeError(f"roadmap auto conditions without a check: {sorted(set(AUTO) - set(CONDITIONS))}")


async def holding(session: AsyncSession, programme_id: int, names: set[str]) -> set[str]:
    """Which of these conditions hold now."""
    return {name for name in sorted(names) if await CONDITIONS[name](session, programme_id)}


async def refresh(session: AsyncSession, programme: Programme, now: datetime) -> list[RoadmapEvent]:
    """Marks done the planned template events whose condition holds; returns them. Flushes, never commits."""
    if not AUTO_OF:
        return []
    candidates = list(
        await session.scalars(
            select(RoadmapEvent)
            .where(
                RoadmapEvent.programme_id == programme.id,
                RoadmapEvent.status == RoadmapStatus.PLANNED,
                RoadmapEvent.code.in_(list(AUTO_OF)),
                RoadmapEvent.done_by_telegram_id.is_(None),
            )
            .order_by(RoadmapEvent.due_on, RoadmapEvent.id)
        )
    )
    if not candidates:
        return []
    held = await holding(session, programme.id, {AUTO_OF[e.code] for e in candidates if e.code})
    changed = []
    for event in candidates:
        if event.code and AUTO_OF[event.code] in held:
            event.status = RoadmapStatus.DONE
            event.done_at = now
            event.done_by_telegram_id = None
            event.updated_at = now
            changed.append(event)
    if changed:
        await session.flush()
    return changed
