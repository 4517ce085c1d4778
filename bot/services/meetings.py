"""Meetings of a pair and the check-ins after them (stage 6: organisational, trial, planning,
regular, final meetings; the planning meeting sets how often the pair meets, 004 4.21).

Plain functions over a session: they change rows and return what happened; they never commit and
never talk to Telegram.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Meeting, MeetingCheckin, MeetingKind, MeetingStatus, Pair, Participant

KINDS = tuple(MeetingKind)
CYCLE = (MeetingKind.ORGANISATIONAL, MeetingKind.TRIAL, MeetingKind.PLANNING)
FORMATS = ("offline", "online")
RHYTHMS = (7, 14, 30)
TOPIC_LIMIT = 200
NOTE_LIMIT = 1000
CHECKIN_DELAY = timedelta(hours=1)
MAX_AHEAD = timedelta(days=365)
# A day and month without a year that fell this far in the past means next year (typed in December
# about January); anything closer is refused as a time in the past.
ROLL_OVER = timedelta(days=30)
ANSWERS = ("yes", "no", "moved")
UPCOMING = (MeetingStatus.PROPOSED, MeetingStatus.ACCEPTED)

WHEN_RE = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})(?:\.(\d{4}))?\s*[ ,]\s*(\d{1,2})[:.](\d{2})\s*$")


class WhenError(StrEnum):
    FORMAT = "format"
    PAST = "past"
    TOO_FAR = "too_far"


class MeetingInputError(Exception):
    def __init__(self, error: WhenError) -> None:
        super().__init__(error.value)
        self.error = error


def parse_when(text: str, tz: tzinfo, now: datetime) -> datetime:
    """"25.11 15:30" or "25.11.2026 15:30" in the school's time zone -> aware UTC."""
    match = WHEN_RE.match(text or "")
    if match is None:
        raise MeetingInputError(WhenError.FORMAT)
    day, month, year, hour, minute = match.groups()
    local_now = now.astimezone(tz)
    try:
        moment = datetime(int(year or local_now.year), int(month), int(day), int(hour), int(minute), tzinfo=tz)
        if year is None and moment < now - ROLL_OVER:
            moment = moment.replace(year=moment.year + 1)
    except ValueError:
        raise MeetingInputError(WhenError.FORMAT) from None
    result = moment.astimezone(UTC)
    if result <= now:
        raise MeetingInputError(WhenError.PAST)
    if result > now + MAX_AHEAD:
        raise MeetingInputError(WhenError.TOO_FAR)
    return result


def is_member(pair: Pair, participant_id: int) -> bool:
    return participant_id in (pair.mentor_id, pair.mentee_id)


def other_side(pair: Pair, participant_id: int) -> Participant:
    return pair.mentee if participant_id == pair.mentor_id else pair.mentor


async def suggested_kind(session: AsyncSession, pair_id: int) -> MeetingKind:
    """The next meeting in the cycle: organisational, trial, planning, then regular ones."""
    taken = set(
        await session.scalars(
            select(Meeting.kind).where(
                Meeting.pair_id == pair_id,
                Meeting.status.not_in((MeetingStatus.DECLINED, MeetingStatus.CANCELLED, MeetingStatus.NOT_HELD, MeetingStatus.RESCHEDULED)),
            )
        )
    )
    for kind in CYCLE:
        if kind not in taken:
            return kind
    return MeetingKind.REGULAR


async def propose(
    session: AsyncSession,
    pair: Pair,
    proposer_id: int,
    starts_at: datetime,
    kind: str,
    format: str,
    topic: str | None,
    now: datetime,
) -> Meeting:
    if kind not in KINDS or format not in FORMATS:
        raise ValueError("unknown meeting kind or format")
    meeting = Meeting(
        pair_id=pair.id,
        proposed_by_id=proposer_id,
        starts_at=starts_at,
        kind=kind,
        format=format,
        topic=(topic or None) and topic[:TOPIC_LIMIT],
        status=MeetingStatus.PROPOSED,
        created_at=now,
        updated_at=now,
    )
    session.add(meeting)
    await session.flush()
    return meeting


def accept(meeting: Meeting, now: datetime) -> None:
    meeting.status = MeetingStatus.ACCEPTED
    meeting.updated_at = now


def decline(meeting: Meeting, now: datetime) -> None:
    meeting.status = MeetingStatus.DECLINED
    meeting.updated_at = now


def counter(meeting: Meeting, by_id: int, starts_at: datetime, now: datetime) -> None:
    """Another time from the other side: the meeting moves and waits for the first side's answer."""
    meeting.starts_at = starts_at
    meeting.proposed_by_id = by_id
    meeting.status = MeetingStatus.PROPOSED
    meeting.updated_at = now


async def upcoming(session: AsyncSession, pair_id: int, now: datetime) -> list[Meeting]:
    return list(
        await session.scalars(
            select(Meeting)
            .where(Meeting.pair_id == pair_id, Meeting.status.in_(UPCOMING), Meeting.starts_at >= now)
            .order_by(Meeting.starts_at, Meeting.id)
        )
    )


async def checkins_of(session: AsyncSession, meeting_id: int) -> dict[int, MeetingCheckin]:
    rows = await session.scalars(select(MeetingCheckin).where(MeetingCheckin.meeting_id == meeting_id))
    return {c.participant_id: c for c in rows}


@dataclass(frozen=True)
class DueCheckin:
    meeting: Meeting
    pair: Pair
    pending: list[Participant]  # the sides who have not answered yet


async def due_checkins(session: AsyncSession, now: datetime, pair_id: int | None = None) -> list[DueCheckin]:
    """Accepted meetings an hour past their start, with the sides that have not checked in."""
    query = (
        select(Meeting, Pair)
        .join(Pair, Pair.id == Meeting.pair_id)
        .where(Meeting.status == MeetingStatus.ACCEPTED, Meeting.starts_at <= now - CHECKIN_DELAY)
        .order_by(Meeting.starts_at, Meeting.id)
    )
    if pair_id is not None:
        query = query.where(Meeting.pair_id == pair_id)
    result: list[DueCheckin] = []
    for meeting, pair in (await session.execute(query)).unique().all():
        answered = await checkins_of(session, meeting.id)
        pending = [p for p in (pair.mentee, pair.mentor) if p.id not in answered]
        if pending:
            result.append(DueCheckin(meeting, pair, pending))
    return result


class Outcome(StrEnum):
    WAITING = "waiting"  # the other side has not answered
    HELD = "held"
    NOT_HELD = "not_held"
    DISAGREEMENT = "disagreement"  # one yes, one no: the curator decides
    RESCHEDULED = "rescheduled"
    STALE = "stale"  # already answered, or the meeting is no longer waiting for answers


async def check_in(
    session: AsyncSession, meeting: Meeting, pair: Pair, participant_id: int, answer: str, now: datetime
) -> Outcome:
    if answer not in ANSWERS or not is_member(pair, participant_id):
        raise ValueError("bad check-in")
    if meeting.status != MeetingStatus.ACCEPTED or meeting.starts_at > now:
        return Outcome.STALE
    answered = await checkins_of(session, meeting.id)
    if participant_id in answered:
        return Outcome.STALE
    session.add(MeetingCheckin(meeting_id=meeting.id, participant_id=participant_id, answer=answer, answered_at=now))
    await session.flush()
    meeting.updated_at = now
    if answer == "moved":
        meeting.status = MeetingStatus.RESCHEDULED
        return Outcome.RESCHEDULED
    other = answered.get(other_side(pair, participant_id).id)
    if other is None:
        return Outcome.WAITING
    if other.answer == answer == "yes":
        meeting.status = MeetingStatus.HELD
        return Outcome.HELD
    if other.answer == answer == "no" or other.answer == "moved":
        meeting.status = MeetingStatus.NOT_HELD
        return Outcome.NOT_HELD
    return Outcome.DISAGREEMENT


async def set_note(session: AsyncSession, meeting_id: int, participant_id: int, note: str) -> bool:
    checkin = (await checkins_of(session, meeting_id)).get(participant_id)
    if checkin is None or checkin.answer != "yes":
        return False
    checkin.note = note[:NOTE_LIMIT]
    return True


async def curator_resolve(session: AsyncSession, meeting: Meeting, held: bool, now: datetime) -> bool:
    """The curator's word on a meeting one side confirmed (or the sides disagree about)."""
    if meeting.status != MeetingStatus.ACCEPTED:
        return False
    answers = {c.answer for c in (await checkins_of(session, meeting.id)).values()}
    if "yes" not in answers:
        return False
    meeting.status = MeetingStatus.HELD if held else MeetingStatus.NOT_HELD
    if held:
        meeting.curator_accepted_at = now
    meeting.updated_at = now
    return True


def set_rhythm(pair: Pair, days: int, now: datetime) -> bool:
    if days not in RHYTHMS:
        return False
    pair.rhythm_days = days
    pair.updated_at = now
    return True
