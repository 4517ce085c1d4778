"""Who the curators of a programme are and how to reach them.

The curators of a school are its `staff` rows (bot/services/staff.py): `CURATOR_IDS` for the first
school, curator links for the others. Every message meant for "the curator" goes to the curators
of the programme's own school, and only to them.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from db.models import Programme, Staff, StaffRole, User


@dataclass(frozen=True)
class Recipient:
    chat_id: int
    user: User | None  # None if the curator has never written to the bot (no language known)


async def curator_recipients(session: AsyncSession, settings: Settings, programme_id: int) -> list[Recipient]:
    """The reachable curators of the programme's school, in the order they were added."""
    ids = list(
        await session.scalars(
            select(Staff.telegram_id)
            .join(Programme, Programme.organisation_id == Staff.organisation_id)
            .where(Programme.id == programme_id, Staff.role == StaffRole.CURATOR)
            .order_by(Staff.id)
        )
    )
    if not ids:
        return []
    users = {u.telegram_id: u for u in await session.scalars(select(User).where(User.telegram_id.in_(ids)))}
    return [Recipient(i, users.get(i)) for i in ids if users.get(i) is None or users[i].unreachable_at is None]
