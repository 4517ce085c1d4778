"""Private messages from a pair member to the curator: a concern, or a request to replace the mentor.

Plain functions over a session; they never commit and never talk to Telegram.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Concern, Pair

CONCERN, REPLACEMENT = "concern", "replacement"
TEXT_LIMIT = 1000


async def raise_concern(
    session: AsyncSession, pair: Pair, raised_by_id: int, kind: str, text: str | None, *, now: datetime
) -> Concern:
    if kind not in (CONCERN, REPLACEMENT):
        raise ValueError(kind)
    concern = Concern(
        pair_id=pair.id,
        raised_by_id=raised_by_id,
        kind=kind,
        text=(text or None) and text[:TEXT_LIMIT],
        created_at=now,
    )
    session.add(concern)
    await session.flush()
    return concern


def resolve(concern: Concern, resolution: str, *, now: datetime) -> bool:
    """Closes an open concern; False when it was already closed."""
    if concern.resolved_at is not None:
        return False
    concern.resolved_at = now
    concern.resolution = resolution[:32]
    return True


async def open_concerns(session: AsyncSession, pair_id: int, kind: str | None = None) -> list[Concern]:
    query = select(Concern).where(Concern.pair_id == pair_id, Concern.resolved_at.is_(None))
    if kind is not None:
        query = query.where(Concern.kind == kind)
    return list(await session.scalars(query.order_by(Concern.id)))
