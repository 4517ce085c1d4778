"""Apply Alembic migrations from code (at start-up and in tests)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from db.engine import LOCK_STARTUP, xact_lock

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def _pragma(sync_conn: Connection, statement: str) -> list[Any]:
    """A PRAGMA on the driver's connection itself, outside any transaction (where SQLite ignores
    `foreign_keys`); SQLAlchemy would begin one first."""
    cursor = sync_conn.connection.cursor()
    try:
        cursor.execute(statement)
        return list(cursor.fetchall())
    finally:
        cursor.close()


async def _run(engine: AsyncEngine, action: Callable[[Config, str], None], revision: str) -> None:
    """Runs the migrations in one transaction.

    On SQLite, foreign keys are off while they run: Alembic changes a column there by copying the
    table and dropping the old one, and with foreign keys on, that DROP would delete every row
    that references it (ON DELETE CASCADE) — a participant's pairs, meetings and answers. The
    references are checked before the transaction commits instead.
    """

    def run(sync_conn: Connection) -> None:
        cfg = alembic_config()
        cfg.attributes["connection"] = sync_conn
        action(cfg, revision)
        if sqlite:
            broken = _pragma(sync_conn, "PRAGMA foreign_key_check")
            if broken:
                raise RuntimeError(f"a migration left rows with broken references: {broken[:5]}")

    sqlite = engine.dialect.name == "sqlite"
    async with engine.connect() as conn:
        if sqlite:
            await conn.run_sync(_pragma, "PRAGMA foreign_keys=OFF")
        try:
            async with conn.begin():
                # Several workers starting at once: one migrates, the others wait and find it done.
                await xact_lock(conn, LOCK_STARTUP)
                await conn.run_sync(run)
        finally:
            if sqlite:
                await conn.run_sync(_pragma, "PRAGMA foreign_keys=ON")


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    await _run(engine, command.upgrade, revision)


async def downgrade(engine: AsyncEngine, revision: str) -> None:
    await _run(engine, command.downgrade, revision)
