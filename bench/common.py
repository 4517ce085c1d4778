"""What the benchmarks that generate a school share: bulk inserts, a reset, the next free id, and a
count of the SQL statements a step runs (also used by the tests that check a fixed number)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Self

from sqlalchemy import event, func, insert, select, text
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


class StatementCounter:
    """Counts the statements sent to the database from its creation; as a context manager, until the
    block ends."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.count = 0
        event.listen(engine.sync_engine, "before_cursor_execute", self._on_execute)

    def _on_execute(self, *args: object) -> None:
        self.count += 1

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *args: object) -> None:
        event.remove(self.engine.sync_engine, "before_cursor_execute", self._on_execute)


@dataclass
class Figure:
    """One line of `python -m bench`'s table: a measured value, the same run's baseline, the goal."""

    bench: str  # the script, e.g. "throughput"
    what: str  # what was measured, e.g. "updates/s, SQLite, our mix"
    value: float
    unit: str  # "/s", "ms", "MB", "s", "×"
    baseline: float | None = None  # the baseline measured in the same run, same unit
    goal: str = ""  # e.g. "≥ 0.5 × bare", "< 200 MB"
    ok: bool | None = None  # whether the goal is met (None: no goal)
