"""The school and its current programme."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Form, Organisation, Programme


def academic_year(today: date) -> tuple[str, date, date]:
    start_year = today.year if today.month >= 9 else today.year - 1
    return f"{start_year}/{start_year + 1}", date(start_year, 9, 1), date(start_year + 1, 8, 31)


async def ensure_programme(session: AsyncSession, school_name: str, timezone: str, now: datetime) -> Programme:
    """The current programme; the first start creates the school and this year's programme."""
    programme = await session.scalar(select(Programme).order_by(Programme.id.desc()).limit(1))
    if programme is not None:
        return programme
    org = Organisation(name=school_name, timezone=timezone, created_at=now)
    session.add(org)
    await session.flush()
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


async def current_programme(session: AsyncSession) -> Programme | None:
    return await session.scalar(select(Programme).order_by(Programme.id.desc()).limit(1))
