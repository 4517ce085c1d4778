"""Who the curators are and how to reach them.

Today a deployment's curators are the `CURATOR_IDS` of the settings; the curator issue (several
schools) moves them into the database, and only this module changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from db.models import User


@dataclass(frozen=True)
class Recipient:
    chat_id: int
    user: User | None  # None if the curator has never written to the bot (no language known)


async def curator_recipients(session: AsyncSession, settings: Settings, programme_id: int | None = None) -> list[Recipient]:
    ids = sorted(settings.curator_ids)
    if not ids:
        return []
    users = {u.telegram_id: u for u in await session.scalars(select(User).where(User.telegram_id.in_(ids)))}
    return [Recipient(i, users.get(i)) for i in ids if users.get(i) is None or users[i].unreachable_at is None]
