"""Who runs which school: curators per school, the municipal coordinators, curator links.

A deployment serves one school or a municipality of schools. Each school is an `Organisation`
with its own programme(s). Curators are rows of `staff`, one school each:

- the `CURATOR_IDS` of the settings are the curators of the first school; their rows follow the
  setting at every start (`sync_env_curators`), so removing an id there removes the access;
- the coordinator adds a school with `/school_add` and receives a single-use curator link for it;
  a curator can make such a link for a colleague of their own school (`/curators`).

The coordinators (`COORDINATOR_IDS`) hold no school: they see every school's figures side by side
and never a person's data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import audit
from bot.services.invites import new_code
from bot.services.programme import new_programme
from db.context import current_school
from db.models import Organisation, Programme, Staff, StaffInvite, StaffRole

STAFF_PREFIX = "s_"
LINK_DAYS = 7
SCHOOL_NAME_MAX = 200


async def staff_of(session: AsyncSession, telegram_id: int) -> Staff | None:
    return await session.scalar(select(Staff).where(Staff.telegram_id == telegram_id, Staff.role == StaffRole.CURATOR))


async def curator_ids_of(session: AsyncSession, organisation_id: int) -> list[int]:
    rows = await session.scalars(
        select(Staff.telegram_id).where(Staff.organisation_id == organisation_id, Staff.role == StaffRole.CURATOR).order_by(Staff.id)
    )
    return list(rows)


async def curators_of(session: AsyncSession, organisation_id: int) -> list[Staff]:
    return list(
        await session.scalars(
            select(Staff).where(Staff.organisation_id == organisation_id, Staff.role == StaffRole.CURATOR).order_by(Staff.id)
        )
    )


async def sync_env_curators(session: AsyncSession, ids: frozenset[int], organisation_id: int, now: datetime) -> None:
    """Makes the `CURATOR_IDS` the first school's curators from the setting, and only them.

    An id that already curates another school (through a link) keeps that school: a person curates
    one school, and the link was the later, deliberate act.
    """
    await session.execute(
        delete(Staff).where(Staff.added_by.is_(None), Staff.role == StaffRole.CURATOR, Staff.telegram_id.not_in(ids or {0}))
    )
    known = set(await session.scalars(select(Staff.telegram_id).where(Staff.role == StaffRole.CURATOR, Staff.telegram_id.in_(ids))))
    for telegram_id in sorted(ids - known):
        session.add(Staff(telegram_id=telegram_id, organisation_id=organisation_id, role=StaffRole.CURATOR, added_at=now))
    await session.flush()


async def in_scope(session: AsyncSession, programme_id: int | None) -> bool:
    """True if the programme belongs to the school of the curator whose update this is."""
    school = current_school.get()
    if school is None or programme_id is None:
        return False
    programme = await session.get(Programme, programme_id)
    return programme is not None and programme.organisation_id == school


# ---- schools --------------------------------------------------------------------------------------


async def add_school(session: AsyncSession, name: str, timezone: str, now: datetime) -> Programme:
    """A new school with this academic year's programme (its roadmap is the caller's next step)."""
    org = Organisation(name=name, timezone=timezone, created_at=now)
    session.add(org)
    await session.flush()
    return await new_programme(session, org, now)


async def school_names(session: AsyncSession) -> list[tuple[int, str]]:
    return [(int(i), n) for i, n in (await session.execute(select(Organisation.id, Organisation.name).order_by(Organisation.id))).all()]


def _same(name: str) -> str:
    return " ".join(name.casefold().replace("\u0451", "\u0435").split())  # yo read as ye


async def name_taken(session: AsyncSession, name: str) -> bool:
    """Compared in Python: SQLite's lower() knows only ASCII, and a municipality has few schools."""
    wanted = _same(name)
    return any(_same(existing) == wanted for existing in await session.scalars(select(Organisation.name)))


# ---- curator links --------------------------------------------------------------------------------


class LinkProblem(StrEnum):
    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"
    REVOKED = "revoked"
    OTHER_SCHOOL = "other_school"  # the person already curates another school


@dataclass(frozen=True)
class Redeemed:
    organisation: Organisation | None
    problem: LinkProblem | None
    already: bool = False  # they were already a curator of this school


async def create_link(session: AsyncSession, organisation_id: int, created_by: int, now: datetime) -> StaffInvite:
    link = StaffInvite(
        code=new_code(),
        organisation_id=organisation_id,
        role=StaffRole.CURATOR,
        created_by=created_by,
        created_at=now,
        expires_at=now + timedelta(days=LINK_DAYS),
    )
    session.add(link)
    await session.flush()
    return link


async def redeem(session: AsyncSession, code: str, telegram_id: int, full_name: str | None, now: datetime) -> Redeemed:
    """Makes the person a curator of the link's school; the link is spent atomically (one winner)."""
    link = await session.scalar(select(StaffInvite).where(StaffInvite.code == code))
    if link is None:
        return Redeemed(None, LinkProblem.UNKNOWN)
    org = await session.get(Organisation, link.organisation_id)
    current = await staff_of(session, telegram_id)
    if current is not None and current.organisation_id == link.organisation_id:
        return Redeemed(org, None, already=True)
    if link.revoked_at is not None:
        return Redeemed(org, LinkProblem.REVOKED)
    if link.used_at is not None:
        return Redeemed(org, LinkProblem.USED)
    if link.expires_at <= now:
        return Redeemed(org, LinkProblem.EXPIRED)
    if current is not None:
        return Redeemed(org, LinkProblem.OTHER_SCHOOL)
    spent = await session.execute(
        update(StaffInvite)
        .where(StaffInvite.id == link.id, StaffInvite.used_at.is_(None))
        .values(used_at=now, used_by=telegram_id)
        .execution_options(synchronize_session=False)
    )
    if spent.rowcount != 1:  # type: ignore[attr-defined]
        return Redeemed(org, LinkProblem.USED)
    session.add(
        Staff(
            telegram_id=telegram_id,
            organisation_id=link.organisation_id,
            role=StaffRole.CURATOR,
            full_name=full_name,
            added_by=link.created_by,
            added_at=now,
        )
    )
    await session.flush()
    await audit.record_on(session, telegram_id, audit.CURATOR_JOIN, link, now)  # the new curator, through this link
    return Redeemed(org, None)


async def remove_curator(session: AsyncSession, organisation_id: int, staff_id: int, by: int) -> Staff | None:
    """Removes a colleague added by link; None if the row is not theirs to remove.

    Curators from `CURATOR_IDS` are managed in the settings, and nobody removes themselves (a
    school must not lose its last curator by a slip).
    """
    row = await session.get(Staff, staff_id)
    if row is None or row.organisation_id != organisation_id or row.added_by is None or row.telegram_id == by:
        return None
    await session.delete(row)
    await session.flush()
    return row
