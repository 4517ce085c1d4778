"""Announcements from the curator to a part of the programme, sent through the outbox.

An audience is `{"kind": "all" | "role" | "form" | "unpaired", "value": ...}` over the programme's
active participants. A person who takes part twice (say, mentor in two forms) gets one message: one
outbox row per person, keyed by the first of their participations (`broadcast:<id>:<participant>`).
People who blocked the bot are left out and counted. The delivery report reads the outbox rows of
the broadcast (ref "broadcast") in one grouped query.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, distinct, exists, func, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import audit
from bot.services.outbox import Draft, enqueue
from db.models import (
    Broadcast,
    Form,
    OutboxMessage,
    OutboxStatus,
    Pair,
    PairStatus,
    Participant,
    ParticipantStatus,
    Programme,
    Role,
    User,
)

KIND = "broadcast"
REF = "broadcast"
TEXT_MAX = Broadcast.__table__.c.text.type.length or 4000
MESSAGE_MAX = OutboxMessage.__table__.c.text.type.length or 4096
ALL, ROLE, FORM, UNPAIRED = "all", "role", "form", "unpaired"
KINDS = (ALL, ROLE, FORM, UNPAIRED)
MISSED = (OutboxStatus.BLOCKED.value, OutboxStatus.FAILED.value)


@dataclass(frozen=True)
class Audience:
    kind: str
    value: str = ""

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "value": self.value or None}

    @classmethod
    def from_json(cls, data: Any) -> Audience | None:
        if not isinstance(data, dict):
            return None
        kind, value = data.get("kind"), data.get("value") or ""
        if not isinstance(kind, str) or not isinstance(value, str):
            return None
        return cls(kind, value)


def length(text: str) -> int:
    """The length as Telegram counts it (UTF-16 code units: an emoji is two)."""
    return len(text.encode("utf-16-le")) // 2


def enabled_forms(programme: Programme) -> list[str]:
    return [f.value for f in Form if f.value in (programme.forms or [])]


def audiences(programme: Programme) -> list[Audience]:
    """Every audience the programme offers, in the order the curator sees them."""
    return (
        [Audience(ALL)]
        + [Audience(ROLE, r.value) for r in Role]
        + [Audience(FORM, f) for f in enabled_forms(programme)]
        + [Audience(UNPAIRED)]
    )


def is_valid(programme: Programme, audience: Audience) -> bool:
    return audience in audiences(programme)


def _paired() -> ColumnElement[bool]:
    return exists().where(
        Pair.status == PairStatus.ACTIVE,
        or_(Pair.mentor_id == Participant.id, Pair.mentee_id == Participant.id),
    )


def _condition(audience: Audience) -> ColumnElement[bool]:
    if audience.kind == ROLE:
        return Participant.role == audience.value
    if audience.kind == FORM:
        return Participant.form == audience.value
    if audience.kind == UNPAIRED:
        return ~_paired()
    return true()


def _active(programme_id: int, exclude: int | None) -> list[ColumnElement[bool]]:
    """Active participants; `exclude` is the curator's Telegram id: a curator who also takes part
    does not get their own announcement (they saw the preview)."""
    where = [Participant.programme_id == programme_id, Participant.status == ParticipantStatus.ACTIVE]
    if exclude is not None:
        where.append(User.telegram_id != exclude)
    return where


async def audience_counts(session: AsyncSession, programme: Programme, exclude: int | None = None) -> dict[Audience, int]:
    """How many reachable people each audience has: one query, a conditional count per audience."""
    options = audiences(programme)
    reachable = User.unreachable_at.is_(None)
    columns = [
        func.count(distinct(case((and_(reachable, _condition(a)), Participant.user_id)))).label(f"c{i}")
        for i, a in enumerate(options)
    ]
    row = (
        await session.execute(select(*columns).select_from(Participant).join(User, User.id == Participant.user_id).where(*_active(programme.id, exclude)))
    ).one()
    return {a: int(row[i] or 0) for i, a in enumerate(options)}


@dataclass
class Recipients:
    reachable: list[tuple[Participant, User]]
    unreachable: int


async def recipients(session: AsyncSession, programme: Programme, audience: Audience, exclude: int | None = None) -> Recipients:
    """The audience's people, one entry per person, and how many of them blocked the bot."""
    rows = (
        await session.execute(
            select(Participant, User)
            .join(User, User.id == Participant.user_id)
            .where(*_active(programme.id, exclude), _condition(audience))
            .order_by(Participant.id)
        )
    ).all()
    seen: set[int] = set()
    reachable: list[tuple[Participant, User]] = []
    unreachable: set[int] = set()
    for participant, user in rows:
        if user.id in seen or user.id in unreachable:
            continue
        if user.unreachable_at is not None:
            unreachable.add(user.id)
            continue
        seen.add(user.id)
        reachable.append((participant, user))
    return Recipients(reachable, len(unreachable))


def message_key(broadcast_id: int, participant_id: int) -> str:
    return f"{KIND}:{broadcast_id}:{participant_id}"


def participant_of_key(key: str) -> int | None:
    parts = key.split(":")
    if len(parts) != 3 or parts[0] != KIND or not parts[2].isdecimal():
        return None
    return int(parts[2])


@dataclass
class Sent:
    broadcast: Broadcast | None
    queued: int
    unreachable: int


async def create(
    session: AsyncSession,
    programme: Programme,
    audience: Audience,
    text: str,
    render: Callable[[User], str],
    created_by: int,
    now: datetime,
) -> Sent:
    """The broadcast and one outbox row per reachable person, in the caller's transaction.
    Nobody reachable: nothing is created."""
    found = await recipients(session, programme, audience, exclude=created_by)
    if not found.reachable:
        return Sent(None, 0, found.unreachable)
    broadcast = Broadcast(
        programme_id=programme.id,
        audience=audience.as_json(),
        text=text,
        recipients=0,
        created_by_telegram_id=created_by,
        created_at=now,
    )
    session.add(broadcast)
    await session.flush()
    drafts = [
        Draft(
            key=message_key(broadcast.id, participant.id),
            kind=KIND,
            chat_id=user.telegram_id,
            text=render(user),
            user_id=user.id,
            programme_id=programme.id,
            ref_type=REF,
            ref_id=broadcast.id,
        )
        for participant, user in found.reachable
    ]
    broadcast.recipients = await enqueue(session, drafts, now)
    details = {"audience": audience.kind, "value": audience.value or None, "recipients": broadcast.recipients}
    await audit.record_on(session, created_by, audit.BROADCAST_SEND, broadcast, now, details=details)
    return Sent(broadcast, broadcast.recipients, found.unreachable)


async def recent(session: AsyncSession, programme_id: int, limit: int = 50) -> Sequence[Broadcast]:
    return (
        await session.scalars(
            select(Broadcast)
            .where(Broadcast.programme_id == programme_id)
            .order_by(Broadcast.created_at.desc(), Broadcast.id.desc())
            .limit(limit)
        )
    ).all()


async def of_programme(session: AsyncSession, programme_id: int, broadcast_id: int) -> Broadcast | None:
    return await session.scalar(
        select(Broadcast).where(Broadcast.id == broadcast_id, Broadcast.programme_id == programme_id)
    )


@dataclass
class Report:
    delivered: int = 0
    pending: int = 0
    blocked: int = 0
    failed: int = 0
    dropped: int = 0  # expired or cancelled

    @property
    def missed(self) -> int:
        return self.blocked + self.failed


async def report(session: AsyncSession, broadcast_id: int) -> Report:
    """Where the broadcast's messages are, from one grouped query over the outbox."""
    rows = await session.execute(
        select(OutboxMessage.status, func.count())
        .where(OutboxMessage.ref_type == REF, OutboxMessage.ref_id == broadcast_id)
        .group_by(OutboxMessage.status)
    )
    result = Report()
    for status, count in rows.all():
        if status == OutboxStatus.SENT:
            result.delivered += count
        elif status in (OutboxStatus.PENDING, OutboxStatus.SENDING):
            result.pending += count
        elif status == OutboxStatus.BLOCKED:
            result.blocked += count
        elif status == OutboxStatus.FAILED:
            result.failed += count
        else:
            result.dropped += count
    return result


async def missed(session: AsyncSession, broadcast: Broadcast) -> list[tuple[Participant | None, str]]:
    """Who did not get it (blocked the bot, or Telegram refused the message), by name."""
    rows = (
        await session.execute(
            select(OutboxMessage.key, OutboxMessage.status)
            .where(OutboxMessage.ref_type == REF, OutboxMessage.ref_id == broadcast.id, OutboxMessage.status.in_(MISSED))
            .order_by(OutboxMessage.id)
        )
    ).all()
    ids = {pid for key, _ in rows if (pid := participant_of_key(key)) is not None}
    people = {
        p.id: p
        for p in await session.scalars(
            select(Participant).where(Participant.id.in_(ids), Participant.programme_id == broadcast.programme_id)
        )
    } if ids else {}
    result = [(people.get(participant_of_key(key) or 0), status) for key, status in rows]
    result.sort(key=lambda item: ((item[0].full_name or "").lower() if item[0] else "\uffff", item[1]))
    return result
