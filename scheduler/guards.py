"""Checks just before sending: is what the message says still true?

A reminder can wait in the outbox (quiet hours, a 429, the bot down); meanwhile the meeting may have
moved, the check-in been answered, the task done. Each guard takes the rows of one `ref_type` and
returns the ids to cancel, reading the referenced objects in one query.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import (
    Meeting,
    MeetingCheckin,
    MeetingStatus,
    OutboxMessage,
    Pair,
    PairStatus,
    Participant,
    PlanTask,
    QuestionnaireResponse,
    ResponseStatus,
    RoadmapEvent,
    RoadmapStatus,
)
from bot.services.onboarding import STUCK
from scheduler.rules import FEEDBACK, stamp
from scheduler.sender import Guard


def _ids(rows: list[OutboxMessage]) -> set[int]:
    return {r.ref_id for r in rows if r.ref_id is not None}


async def meeting(session: AsyncSession, rows: list[OutboxMessage], now: datetime) -> set[int]:
    """Reminders: the meeting is still agreed and at the time the reminder names."""
    meetings = {m.id: m for m in await session.scalars(select(Meeting).where(Meeting.id.in_(_ids(rows))))}
    cancel = set()
    for row in rows:
        m = meetings.get(row.ref_id or 0)
        named = row.key.split(":")[3] if row.key.count(":") >= 3 else ""
        if m is None or m.status != MeetingStatus.ACCEPTED or m.starts_at <= now or stamp(m.starts_at) != named:
            cancel.add(row.id)
    return cancel


async def checkin(session: AsyncSession, rows: list[OutboxMessage], now: datetime) -> set[int]:
    """Check-in questions: the meeting still waits for answers, and this person has not answered."""
    ids = _ids(rows)
    waiting = set(await session.scalars(select(Meeting.id).where(Meeting.id.in_(ids), Meeting.status == MeetingStatus.ACCEPTED)))
    answered = set(map(tuple, (await session.execute(
            select(MeetingCheckin.meeting_id, Participant.user_id)
            .join(Participant, Participant.id == MeetingCheckin.participant_id)
            .where(MeetingCheckin.meeting_id.in_(ids))
        )).all())
    )
    return {
        r.id
        for r in rows
        if r.ref_id not in waiting or (r.kind == "checkin" and (r.ref_id, r.user_id) in answered)
    }


async def pair(session: AsyncSession, rows: list[OutboxMessage], now: datetime) -> set[int]:
    active = set(await session.scalars(select(Pair.id).where(Pair.id.in_(_ids(rows)), Pair.status == PairStatus.ACTIVE)))
    return {r.id for r in rows if r.ref_id not in active}


async def poll(session: AsyncSession, rows: list[OutboxMessage], now: datetime) -> set[int]:
    """The monthly poll and its reminder: not once the person has answered that month."""
    answered = set(map(tuple, (await session.execute(
            select(QuestionnaireResponse.participant_id, QuestionnaireResponse.period).where(
                QuestionnaireResponse.participant_id.in_(_ids(rows)),
                QuestionnaireResponse.questionnaire == FEEDBACK,
                QuestionnaireResponse.status == ResponseStatus.SUBMITTED,
            )
        )).all())
    )
    return {r.id for r in rows if (r.ref_id, r.key.split(":")[2]) in answered}


async def task(session: AsyncSession, rows: list[OutboxMessage], now: datetime) -> set[int]:
    open_ = set(await session.scalars(select(PlanTask.id).where(PlanTask.id.in_(_ids(rows)), PlanTask.done_at.is_(None))))
    return {r.id for r in rows if r.ref_id not in open_}


async def onboarding(session: AsyncSession, rows: list[OutboxMessage], now: datetime) -> set[int]:
    stuck = set(
        await session.scalars(select(Participant.id).where(Participant.id.in_(_ids(rows)), Participant.status.in_(STUCK)))
    )
    return {r.id for r in rows if r.ref_id not in stuck}


async def roadmap(session: AsyncSession, rows: list[OutboxMessage], now: datetime) -> set[int]:
    """A nudge about an event done or moved since is not sent."""
    events = {e.id: e for e in await session.scalars(select(RoadmapEvent).where(RoadmapEvent.id.in_(_ids(rows))))}
    cancel = set()
    for row in rows:
        e = events.get(row.ref_id or 0)
        if e is None or e.status != RoadmapStatus.PLANNED or row.key.split(":")[3] != stamp(e.due_on):
            cancel.add(row.id)
    return cancel


GUARDS: dict[str, Guard] = {
    "meeting": meeting,
    "checkin": checkin,
    "pair": pair,
    "poll": poll,
    "task": task,
    "onboarding": onboarding,
    "roadmap": roadmap,
}
