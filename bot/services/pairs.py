"""Pairs and the rules they keep (DOMAIN.md; regulation 004, 4.12-4.18).

Plain functions over a session: they check a rule, change the rows, write the pair's history and
return what changed; they never commit and never talk to Telegram.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain import MAX_MENTEES_PER_MENTOR
from bot.services import audit
from db.models import (
    Answer,
    Pair,
    PairEvent,
    PairStatus,
    Participant,
    ParticipantStatus,
    Programme,
    QuestionnaireResponse,
    ResponseStatus,
    Role,
)

EXTENSION_REASONS = ("illness", "business_trip", "other_absence")
REPLACEMENT_REASONS = ("left_school", "incompatibility", "duties_failure", "disciplinary", "request")
COMPLETION_REASONS = ("on_time", "goal_reached", "other")
# A side withdrew their consent (bot/services/privacy.py): not one of the curator's choices.
WITHDRAWAL_REASON = "withdrawn"


class PairError(StrEnum):
    """Why a change was refused; each has a locale key `pair-error-<value>`."""

    NOT_MENTOR = "not-mentor"
    NOT_MENTEE = "not-mentee"
    NOT_READY = "not-ready"
    FORM_MISMATCH = "form-mismatch"
    MENTEE_PAIRED = "mentee-paired"
    MENTOR_FULL = "mentor-full"
    SAME_PERSON = "same-person"
    NOT_ACTIVE = "not-active"
    BAD_REASON = "bad-reason"
    BAD_DATE = "bad-date"
    OVER_A_YEAR = "over-a-year"


class PairRuleError(Exception):
    def __init__(self, error: PairError) -> None:
        super().__init__(error.value)
        self.error = error


def one_year_after(start: date) -> date:
    """The last day of a pair that started on `start` and lasts one calendar year."""
    try:
        return start.replace(year=start.year + 1) - timedelta(days=1)
    except ValueError:  # 29 February
        return start.replace(year=start.year + 1, day=28)


async def mentor_capacity(session: AsyncSession, mentor_ids: Iterable[int]) -> dict[int, int]:
    """Each mentor's limit: their own answer (1 or 2), never over the hard limit of two."""
    ids = list(mentor_ids)
    rows = await session.execute(
        select(QuestionnaireResponse.participant_id, Answer.value)
        .join(Answer, Answer.response_id == QuestionnaireResponse.id)
        .where(
            QuestionnaireResponse.participant_id.in_(ids),
            QuestionnaireResponse.questionnaire == "mentor_intake",
            QuestionnaireResponse.status == ResponseStatus.SUBMITTED,
            Answer.question == "capacity",
        )
    )
    own = {pid: int(value) for pid, value in rows.all() if str(value).isdigit()}
    return {pid: max(1, min(own.get(pid, 1), MAX_MENTEES_PER_MENTOR)) for pid in ids}


async def active_load(session: AsyncSession, mentor_ids: Iterable[int]) -> dict[int, int]:
    ids = list(mentor_ids)
    rows = await session.execute(
        select(Pair.mentor_id, func.count())
        .where(Pair.mentor_id.in_(ids), Pair.status == PairStatus.ACTIVE)
        .group_by(Pair.mentor_id)
    )
    load = dict.fromkeys(ids, 0)
    load.update({mid: int(n) for mid, n in rows.all()})
    return load


async def free_places(session: AsyncSession, mentor_ids: Iterable[int]) -> dict[int, int]:
    ids = list(mentor_ids)
    capacity = await mentor_capacity(session, ids)
    load = await active_load(session, ids)
    return {mid: max(0, capacity[mid] - load[mid]) for mid in ids}


async def active_pair_of(session: AsyncSession, participant_id: int) -> Pair | None:
    return await session.scalar(
        select(Pair).where(
            Pair.status == PairStatus.ACTIVE,
            (Pair.mentee_id == participant_id) | (Pair.mentor_id == participant_id),
        )
    )


def _event(session: AsyncSession, pair: Pair, kind: str, actor: int | None, now: datetime, **data: object) -> None:
    session.add(PairEvent(pair_id=pair.id, kind=kind, data=dict(data), actor_telegram_id=actor, created_at=now))


@dataclass(frozen=True)
class NewPair:
    mentee_id: int
    mentor_id: int


async def create_pairs(
    session: AsyncSession,
    programme: Programme,
    wanted: Sequence[NewPair],
    *,
    actor: int,
    today: date,
    now: datetime,
) -> list[Pair]:
    """Fixes the confirmed pairs; all or nothing: the first broken rule raises PairRuleError."""
    ids = {p.mentee_id for p in wanted} | {p.mentor_id for p in wanted}
    people = {p.id: p for p in await session.scalars(select(Participant).where(Participant.id.in_(ids)))}
    mentor_ids = {p.mentor_id for p in wanted}
    places = await free_places(session, mentor_ids)
    paired_mentees = set(
        await session.scalars(
            select(Pair.mentee_id).where(
                Pair.mentee_id.in_([p.mentee_id for p in wanted]), Pair.status == PairStatus.ACTIVE
            )
        )
    )
    ends_on = min(one_year_after(today), programme.ends_on) if programme.ends_on > today else one_year_after(today)
    created: list[Pair] = []
    for item in wanted:
        mentee, mentor = people.get(item.mentee_id), people.get(item.mentor_id)
        if mentor is None or mentor.role != Role.MENTOR or mentor.programme_id != programme.id:
            raise PairRuleError(PairError.NOT_MENTOR)
        if mentee is None or mentee.role != Role.MENTEE or mentee.programme_id != programme.id:
            raise PairRuleError(PairError.NOT_MENTEE)
        if mentor.user_id == mentee.user_id:
            raise PairRuleError(PairError.SAME_PERSON)
        if mentor.status != ParticipantStatus.ACTIVE or mentee.status != ParticipantStatus.ACTIVE:
            raise PairRuleError(PairError.NOT_READY)
        if mentee.form != mentor.form and not await _mentor_takes_form(session, mentor.id, mentee.form):
            raise PairRuleError(PairError.FORM_MISMATCH)
        if mentee.id in paired_mentees:
            raise PairRuleError(PairError.MENTEE_PAIRED)
        if places[mentor.id] <= 0:
            raise PairRuleError(PairError.MENTOR_FULL)
        places[mentor.id] -= 1
        paired_mentees.add(mentee.id)
        pair = Pair(
            programme_id=programme.id,
            mentor_id=mentor.id,
            mentee_id=mentee.id,
            form=mentee.form,
            status=PairStatus.ACTIVE,
            starts_on=today,
            ends_on=ends_on,
            rhythm_days=30,
            created_at=now,
            updated_at=now,
        )
        session.add(pair)
        created.append(pair)
    await session.flush()
    for pair in created:
        _event(session, pair, "created", actor, now, mentor_id=pair.mentor_id, ends_on=pair.ends_on.isoformat())
    await session.flush()
    return created


async def _mentor_takes_form(session: AsyncSession, mentor_id: int, form: str) -> bool:
    forms = await session.scalar(
        select(Answer.value)
        .join(QuestionnaireResponse, Answer.response_id == QuestionnaireResponse.id)
        .where(
            QuestionnaireResponse.participant_id == mentor_id,
            QuestionnaireResponse.questionnaire == "mentor_intake",
            Answer.question == "preferred_forms",
        )
    )
    return isinstance(forms, list) and form in forms


def _require_active(pair: Pair) -> None:
    if pair.status != PairStatus.ACTIVE:
        raise PairRuleError(PairError.NOT_ACTIVE)


async def extend(
    session: AsyncSession, pair: Pair, new_end: date, reason: str, *, actor: int, now: datetime
) -> Pair:
    """Extension for an absence (4.14): a later end date, never past one year from the start."""
    _require_active(pair)
    if reason not in EXTENSION_REASONS:
        raise PairRuleError(PairError.BAD_REASON)
    if new_end <= pair.ends_on:
        raise PairRuleError(PairError.BAD_DATE)
    if new_end > one_year_after(pair.starts_on):
        raise PairRuleError(PairError.OVER_A_YEAR)
    old = pair.ends_on
    pair.ends_on = new_end
    pair.updated_at = now
    _event(session, pair, "extended", actor, now, reason=reason, old_end=old.isoformat(), new_end=new_end.isoformat())
    details = {"reason": reason, "old_end": old.isoformat(), "new_end": new_end.isoformat()}
    await audit.record_on(session, actor, audit.PAIR_EXTEND, pair, now, details=details)
    await session.flush()
    return pair


async def replace_mentor(
    session: AsyncSession, pair: Pair, new_mentor_id: int, reason: str, *, actor: int, now: datetime
) -> int:
    """Replaces the mentor (4.15); the pair's period does not change (4.16). Returns the old mentor."""
    _require_active(pair)
    if reason not in REPLACEMENT_REASONS:
        raise PairRuleError(PairError.BAD_REASON)
    mentor = await session.get(Participant, new_mentor_id)
    if mentor is None or mentor.role != Role.MENTOR or mentor.programme_id != pair.programme_id:
        raise PairRuleError(PairError.NOT_MENTOR)
    if mentor.status != ParticipantStatus.ACTIVE:
        raise PairRuleError(PairError.NOT_READY)
    if mentor.id == pair.mentor_id or mentor.user_id == pair.mentee.user_id:
        raise PairRuleError(PairError.SAME_PERSON)
    if mentor.form != pair.form and not await _mentor_takes_form(session, mentor.id, pair.form):
        raise PairRuleError(PairError.FORM_MISMATCH)
    if (await free_places(session, [mentor.id]))[mentor.id] <= 0:
        raise PairRuleError(PairError.MENTOR_FULL)
    old = pair.mentor_id
    pair.mentor_id = mentor.id
    pair.updated_at = now
    _event(session, pair, "mentor_replaced", actor, now, reason=reason, old_mentor_id=old, new_mentor_id=mentor.id)
    details = {"reason": reason, "old_mentor_id": old, "new_mentor_id": mentor.id}
    await audit.record_on(session, actor, audit.PAIR_REPLACE_MENTOR, pair, now, details=details)
    await session.flush()
    await session.refresh(pair, ["mentor"])
    return old


async def complete(
    session: AsyncSession, pair: Pair, reason: str, *, actor: int, today: date, now: datetime
) -> Pair:
    """Ends the pair: on time, or early when the goal is reached (4.14) or for another reason."""
    _require_active(pair)
    if reason not in COMPLETION_REASONS:
        raise PairRuleError(PairError.BAD_REASON)
    pair.status = PairStatus.COMPLETED
    pair.completed_at = now
    pair.updated_at = now
    _event(session, pair, "completed", actor, now, reason=reason, early=today < pair.ends_on)
    details = {"reason": reason, "early": today < pair.ends_on}
    await audit.record_on(session, actor, audit.PAIR_COMPLETE, pair, now, details=details)
    await session.flush()
    return pair


async def end_by_withdrawal(session: AsyncSession, pair: Pair, *, today: date, now: datetime) -> Pair:
    """Ends the pair because a side withdrew their consent (bot/services/privacy.py): as `complete`,
    with the reason `withdrawn` and no actor, so the history keeps neither a name nor the person's
    Telegram id. Not one of the curator's reasons, and not a curator's action for the audit log."""
    _require_active(pair)
    pair.status = PairStatus.COMPLETED
    pair.completed_at = now
    pair.updated_at = now
    _event(session, pair, "completed", None, now, reason=WITHDRAWAL_REASON, early=today < pair.ends_on)
    await session.flush()
    return pair


async def history(session: AsyncSession, pair_id: int) -> list[PairEvent]:
    return list(await session.scalars(select(PairEvent).where(PairEvent.pair_id == pair_id).order_by(PairEvent.id)))
