"""The school and its current programme."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.context import current_school
from db.models import Form, Organisation, Programme


def academic_year(today: date) -> tuple[str, date, date]:
    start_year = today.year if today.month >= 9 else today.year - 1
    return f"{start_year}/{start_year + 1}", date(start_year, 9, 1), date(start_year + 1, 8, 31)


async def new_programme(session: AsyncSession, org: Organisation, now: datetime) -> Programme:
    year, starts, ends = academic_year(now.date())
    programme = Programme(
        organisation_id=org.id,
        academic_year=year,
        starts_on=starts,
        ends_on=ends,
        forms=[f.value for f in Form],
        created_at=now,
    )
    session.add(programme)
    await session.flush()
    return programme


async def ensure_programme(session: AsyncSession, school_name: str, timezone: str, now: datetime) -> Programme:
    """The first school's current programme; the first start creates the school and this year's programme."""
    org = await session.scalar(select(Organisation).order_by(Organisation.id).limit(1))
    if org is None:
        org = Organisation(name=school_name, timezone=timezone, created_at=now)
        session.add(org)
        await session.flush()
    programme = await programme_of_school(session, org.id)
    return programme if programme is not None else await new_programme(session, org, now)


async def programme_of_school(session: AsyncSession, organisation_id: int) -> Programme | None:
    """A school's current programme: its latest."""
    return await session.scalar(
        select(Programme).where(Programme.organisation_id == organisation_id).order_by(Programme.id.desc()).limit(1)
    )


async def current_programme(session: AsyncSession) -> Programme | None:
    """The programme of the curator whose update is being handled (`db.context.current_school`).

    None when nobody's school is in scope: a curator's screen can never fall back to another
    school's programme.
    """
    school = current_school.get()
    if school is None:
        return None
    return await programme_of_school(session, school)


async def first_programme(session: AsyncSession) -> Programme | None:
    """The first school's current programme (a single-school deployment's only one)."""
    org_id = await session.scalar(select(Organisation.id).order_by(Organisation.id).limit(1))
    return None if org_id is None else await programme_of_school(session, org_id)
