"""What the benchmarks that generate a school share: bulk inserts, a reset, the next free id."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from db.models import Base

CHUNK = 5_000


async def bulk(engine: AsyncEngine, table: Any, rows: list[dict[str, Any]]) -> None:
    """Core inserts in chunks of CHUNK rows, one transaction."""
    async with engine.begin() as conn:
        for i in range(0, len(rows), CHUNK):
            await conn.execute(insert(table), rows[i : i + CHUNK])


async def reset(engine: AsyncEngine) -> None:
    """Drops the bot's tables (a scratch database only); the next upgrade makes them again."""
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.drop_all)
        await conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


async def max_id(engine: AsyncEngine, column: Any) -> int:
    async with engine.connect() as conn:
        return int((await conn.scalar(select(func.coalesce(func.max(column), 0)))) or 0)
