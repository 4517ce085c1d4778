"""The audit log: which curator or coordinator changed someone's data or pairing, what and when.

Why it is built this way:

- `record` only adds a row to the caller's session, so the change and its record are committed
  together or rolled back together: there is never a record of a change that did not happen, nor a
  change without its record. The services that change data call it where the actor is known; a
  handler calls it right after the change otherwise.
- A row holds codes, ids and counts only (`details` is checked): never a name or anything typed.
  Erasing a person's data therefore never has to touch the log, and the log never becomes a copy
  of what was erased. Names are looked up when the log is shown (`display_of`, set-based), and a
  withdrawn participant shows as removed.
- Every row carries its school (`organisation_id`, derived from the programme when not given), so
  a curator's `/audit` reads their own school's rows only.

Plain functions over a session: they never commit and never talk to Telegram.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import (
    AuditEvent,
    Base,
    Broadcast,
    Concern,
    Consent,
    Invite,
    Meeting,
    Organisation,
    Pair,
    Participant,
    ParticipantStatus,
    Programme,
    RoadmapEvent,
    Staff,
    StaffInvite,
    StaffRole,
)

PER_PAGE = 10

# ---- who acted ------------------------------------------------------------------------------------

CURATOR = "curator"
COORDINATOR = "coordinator"
SYSTEM = "system"
ROLES = (CURATOR, COORDINATOR, SYSTEM)

# ---- what they did: the fixed vocabulary ---------------------------------------------------------

PAIR_CONFIRM = "pair.confirm"  # a pair suggested by /match and confirmed
PAIR_CREATE_MANUAL = "pair.create_manual"  # /pairup
PAIR_REPLACE_MENTOR = "pair.replace_mentor"
PAIR_EXTEND = "pair.extend"
PAIR_COMPLETE = "pair.complete"
MATCH_CONFIRM = "match.confirm"  # the confirmation of a /match session as a whole (count)
CONCERN_CLOSE = "concern.close"  # a pair member's concern closed by the curator
MEETING_RESOLVE = "meeting.resolve"  # the curator's word on whether a meeting took place
PARTICIPANT_PAUSE = "participant.pause"
PARTICIPANT_REACTIVATE = "participant.reactivate"
PARTICIPANT_NOTE_ADD = "participant.note_add"
CONSENT_PAPER = "consent.paper"
INVITE_CREATE = "invite.create"
INVITE_REVOKE = "invite.revoke"
ROSTER_IMPORT = "roster.import"
REPORT_EXPORT = "report.export"
BROADCAST_SEND = "broadcast.send"
SETTINGS_CHANGE = "settings.change"
ROADMAP_CHANGE = "roadmap.change"
SCHOOL_ADD = "school.add"
CURATOR_LINK = "curator.link"
CURATOR_JOIN = "curator.join"
CURATOR_REMOVE = "curator.remove"
RETENTION_PURGE = "retention.purge"  # the bot (system) erased a programme's personal data when its retention period ran out

# The filters of the /audit screen: each action belongs to exactly one kind.
KINDS: dict[str, tuple[str, ...]] = {
    "pairs": (
        PAIR_CONFIRM, PAIR_CREATE_MANUAL, PAIR_REPLACE_MENTOR, PAIR_EXTEND, PAIR_COMPLETE, MATCH_CONFIRM, CONCERN_CLOSE,
        MEETING_RESOLVE,
    ),
    "participants": (
        PARTICIPANT_PAUSE, PARTICIPANT_REACTIVATE, PARTICIPANT_NOTE_ADD, CONSENT_PAPER, INVITE_CREATE, INVITE_REVOKE,
        ROSTER_IMPORT, RETENTION_PURGE,
    ),
    "reports": (REPORT_EXPORT,),
    "broadcasts": (BROADCAST_SEND,),
    "school": (SETTINGS_CHANGE, ROADMAP_CHANGE, SCHOOL_ADD, CURATOR_LINK, CURATOR_JOIN, CURATOR_REMOVE),
}  # fmt: skip
ALL = "all"
FILTERS = (ALL, *KINDS)
ACTIONS: tuple[str, ...] = tuple(action for actions in KINDS.values() for action in actions)

# ---- what they did it to ---------------------------------------------------------------------------

OBJECT_TYPES: dict[type[Base], str] = {
    Participant: "participant",
    Pair: "pair",
    Invite: "invite",
    Broadcast: "broadcast",
    RoadmapEvent: "roadmap_event",
    Meeting: "meeting",
    Concern: "concern",
    Consent: "consent",
    Programme: "programme",
    Organisation: "organisation",
    Staff: "staff",
    StaffInvite: "staff_invite",
}
# Details keys that name a participant (shown by name, or as removed, when the log is read).
PERSON_KEYS = ("mentor_id", "mentee_id", "old_mentor_id", "new_mentor_id")

# ---- details: codes, ids and counts only -----------------------------------------------------------

# A code, an ISO date or a time: lower-case ASCII, digits and a few separators, no spaces. A name or
# a typed sentence cannot pass (Cyrillic, capitals, spaces), so a slip in a caller fails loudly.
_CODE = re.compile(r"[a-z0-9_.:\-]{1,40}")
_MAX_ITEMS = 50
_MAX_DEPTH = 4


def _clean(value: Any, depth: int = 0) -> Any:
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        if _CODE.fullmatch(value):
            return str(value)  # a StrEnum member becomes a plain string
        raise ValueError(f"audit details hold codes only, not {value[:20]!r}")
    if depth < _MAX_DEPTH and isinstance(value, list | tuple) and len(value) <= _MAX_ITEMS:
        return [_clean(item, depth + 1) for item in value]
    if depth < _MAX_DEPTH and isinstance(value, dict) and len(value) <= _MAX_ITEMS:
        return {_clean(str(key), depth + 1): _clean(item, depth + 1) for key, item in value.items()}
    raise ValueError(f"audit details cannot hold {type(value).__name__}")


def clean_details(details: dict[str, Any] | None) -> dict[str, Any]:
    """The details as stored; ValueError for anything that is not a code, an id or a count."""
    return _clean(dict(details or {})) if details else {}


# ---- writing ---------------------------------------------------------------------------------------


async def record(
    session: AsyncSession,
    *,
    actor_telegram_id: int,
    actor_role: str,
    action: str,
    programme_id: int | None = None,
    organisation_id: int | None = None,
    object_type: str | None = None,
    object_id: int | None = None,
    details: dict[str, Any] | None = None,
    now: datetime,
) -> AuditEvent:
    """Adds the record to the caller's transaction (no commit, no flush: it is written with the change)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    if actor_role not in ROLES:
        raise ValueError(f"unknown actor role {actor_role!r}")
    if object_type is not None and object_type not in OBJECT_TYPES.values():
        raise ValueError(f"unknown audit object type {object_type!r}")
    stored = clean_details(details)
    if organisation_id is None and programme_id is not None:
        programme = await session.get(Programme, programme_id)  # usually already in the session
        organisation_id = programme.organisation_id if programme is not None else None
    event = AuditEvent(
        organisation_id=organisation_id,
        programme_id=programme_id,
        actor_telegram_id=actor_telegram_id,
        actor_role=actor_role,
        action=action,
        object_type=object_type,
        object_id=object_id,
        details=stored,
        created_at=now,
    )
    session.add(event)
    return event


async def record_on(
    session: AsyncSession,
    actor_telegram_id: int,
    action: str,
    obj: Base,
    now: datetime,
    *,
    role: str = CURATOR,
    programme_id: int | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """`record` for a change to one row: its type, id, programme and school are read off the row,
    so the call next to a change stays one short line. A row of a pair (a meeting, a concern) also
    names its pair in the details. The row must have its id (flushed)."""
    object_id = getattr(obj, "id", None)
    if object_id is None:
        raise ValueError("flush the object before recording it")
    pair_id = getattr(obj, "pair_id", None)
    if pair_id is not None:
        details = {"pair_id": pair_id, **(details or {})}
        if programme_id is None:
            pair = await session.get(Pair, pair_id)  # usually already in the session
            programme_id = pair.programme_id if pair is not None else None
    if programme_id is None:
        programme_id = obj.id if isinstance(obj, Programme) else getattr(obj, "programme_id", None)
    organisation_id = obj.id if isinstance(obj, Organisation) else getattr(obj, "organisation_id", None)
    return await record(
        session,
        actor_telegram_id=actor_telegram_id,
        actor_role=role,
        action=action,
        programme_id=programme_id,
        organisation_id=organisation_id,
        object_type=OBJECT_TYPES[type(obj)],
        object_id=int(object_id),
        details=details,
        now=now,
    )


async def record_export(
    session: AsyncSession, actor_telegram_id: int, programme: Programme, report: str, now: datetime, quarter: int | None = None
) -> AuditEvent:
    """A report file made for the curator: which report (its code), and for the quarterly one the quarter."""
    details: dict[str, Any] = {"report": report} if quarter is None else {"report": report, "quarter": quarter}
    return await record_on(session, actor_telegram_id, REPORT_EXPORT, programme, now, details=details)


async def record_pairs(session: AsyncSession, actor_telegram_id: int, action: str, pairs: Sequence[Pair], now: datetime) -> None:
    """One row per pair just made (PAIR_CONFIRM or PAIR_CREATE_MANUAL): its two members by id, form and end."""
    for pair in pairs:
        details = {
            "mentor_id": pair.mentor_id,
            "mentee_id": pair.mentee_id,
            "form": pair.form,
            "ends_on": pair.ends_on.isoformat(),
        }
        await record_on(session, actor_telegram_id, action, pair, now, details=details)


def settings_changes(old: Any, new: Any) -> dict[str, list[Any]]:
    """What differs between two `ProgrammeSettings` (pydantic models): {name: [old, new]}. The values
    are numbers, times and flags, never personal, so they may be kept as they are."""
    before, after = old.model_dump(mode="json"), new.model_dump(mode="json")
    return {name: [before.get(name), value] for name, value in after.items() if before.get(name) != value}


async def record_settings(
    session: AsyncSession, actor_telegram_id: int, programme: Programme, old: Any, new: Any, now: datetime, *, reset: bool = False
) -> AuditEvent | None:
    """A change of the programme's settings, old -> new per setting; nothing if nothing changed."""
    changes = settings_changes(old, new)
    if not changes:
        return None
    details: dict[str, Any] = {"changes": changes, "reset": True} if reset else {"changes": changes}
    return await record_on(session, actor_telegram_id, SETTINGS_CHANGE, programme, now, details=details)


# ---- reading ---------------------------------------------------------------------------------------


def actions_of(kind: str) -> tuple[str, ...] | None:
    """The actions a filter shows; None for a filter that does not exist (button data is untrusted)."""
    if kind == ALL:
        return ACTIONS
    return KINDS.get(kind)


@dataclass(frozen=True)
class Page:
    events: list[AuditEvent]
    page: int  # from 0, clamped into range
    pages: int
    total: int


async def page_of(session: AsyncSession, organisation_id: int, kind: str = ALL, page: int = 0, per_page: int = PER_PAGE) -> Page:
    """One page of the school's log, newest first; an unknown filter reads as "all", and "all" shows
    every row of the school (one written by a later version with a new code too)."""
    actions = actions_of(kind)
    where = [AuditEvent.organisation_id == organisation_id]
    if actions is not None and kind != ALL:
        where.append(AuditEvent.action.in_(actions))
    total = int(await session.scalar(select(func.count(AuditEvent.id)).where(*where)) or 0)
    pages = max(1, (total + per_page - 1) // per_page)
    page = min(max(page, 0), pages - 1)
    rows = await session.scalars(
        select(AuditEvent)
        .where(*where)
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
        .offset(page * per_page)
        .limit(per_page)
    )
    return Page(list(rows), page, pages, total)


async def events_of(session: AsyncSession, organisation_id: int) -> list[AuditEvent]:
    """The school's whole log, newest first (for the XLSX export)."""
    rows = await session.scalars(
        select(AuditEvent)
        .where(AuditEvent.organisation_id == organisation_id)
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    )
    return list(rows)


# ---- what the log shows beside the ids --------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    name: str | None
    removed: bool  # withdrew their consent: only an anonymous stub is left


@dataclass
class Display:
    """Names for the ids of some events, read in a fixed number of statements whatever their number."""

    curators: dict[int, str | None] = field(default_factory=dict)  # telegram id -> staff.full_name
    people: dict[int, Person] = field(default_factory=dict)  # participant id -> name
    roadmap: dict[int, RoadmapEvent] = field(default_factory=dict)  # roadmap event id -> the event


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= 2**31 - 1 else None


def participant_ids(events: Iterable[AuditEvent]) -> set[int]:
    found: set[int] = set()
    for event in events:
        if event.object_type == OBJECT_TYPES[Participant] and event.object_id:
            found.add(event.object_id)
        details = event.details or {}
        found.update(i for key in PERSON_KEYS if (i := _int(details.get(key))) is not None)
    return found


async def display_of(
    session: AsyncSession, organisation_id: int, events: Sequence[AuditEvent], *, people: bool = True
) -> Display:
    """The curators' names (this school's staff), and with `people` the participants' names and the
    roadmap events; only rows of this school are read, whatever ids an event holds."""
    display = Display()
    actors = {e.actor_telegram_id for e in events}
    actors |= {i for e in events if (i := _int((e.details or {}).get("telegram_id"))) is not None}
    if actors:
        rows = await session.execute(
            select(Staff.telegram_id, Staff.full_name).where(
                Staff.organisation_id == organisation_id, Staff.role == StaffRole.CURATOR, Staff.telegram_id.in_(actors)
            )
        )
        display.curators = {int(tid): name for tid, name in rows.all()}
    if not people:
        return display
    school = select(Programme.id).where(Programme.organisation_id == organisation_id)
    ids = participant_ids(events)
    if ids:
        rows = await session.execute(
            select(Participant.id, Participant.full_name, Participant.status, Participant.user_id).where(
                Participant.id.in_(ids), Participant.programme_id.in_(school)
            )
        )
        display.people = {
            int(pid): Person(None if removed else name, removed)
            for pid, name, status, user_id in rows.all()
            for removed in [status == ParticipantStatus.WITHDRAWN or user_id is None]
        }
    events_ids = {e.object_id for e in events if e.object_type == OBJECT_TYPES[RoadmapEvent] and e.object_id}
    if events_ids:
        found = await session.scalars(
            select(RoadmapEvent).where(RoadmapEvent.id.in_(events_ids), RoadmapEvent.programme_id.in_(school))
        )
        display.roadmap = {e.id: e for e in found}
    return display
