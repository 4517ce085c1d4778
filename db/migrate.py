"""Apply Alembic migrations from code (at start-up and in tests)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Column, MetaData, PrimaryKeyConstraint, String, Table, inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from db.engine import LOCK_STARTUP, xact_lock

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def head_revision() -> str:
    """The newest migration. Ours form one line, each file named by its revision (`0008_….py` holds
    revision "0008"), so the head is the highest number; tests/test_migrations.py checks this against
    Alembic's own reading of the scripts."""
    return max(path.name.split("_", 1)[0] for path in (MIGRATIONS_DIR / "versions").glob("[0-9]*_*.py"))


def _revision(sync_conn: Connection) -> str | None:
    if not inspect(sync_conn).has_table("alembic_version"):
        return None
    return sync_conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


async def current_revision(engine: AsyncEngine) -> str | None:
    """The database's revision, or None for a database never migrated."""
    async with engine.connect() as conn:
        return await conn.run_sync(_revision)


# Alembic's own table, as Alembic creates it.
_VERSION_TABLE = Table(
    "alembic_version", MetaData(), Column("version_num", String(32), nullable=False),
    PrimaryKeyConstraint("version_num", name="alembic_version_pkc"),
)


def _create_if_empty(sync_conn: Connection) -> bool:
    """On a database with none of our tables: creates the schema at head from the models, as the
    migrations would build it (tests/test_migrations.py compares the two), and records the head.
    True when the database is at head now."""
    from db.models import Base

    version = _revision(sync_conn)
    if version == head_revision():
        return True  # another worker created it while this one waited for the lock
    if version is not None:
        return False
    if set(inspect(sync_conn).get_table_names()) & set(Base.metadata.tables):
        return False  # tables without a version: Alembic decides (and says what is wrong)
    Base.metadata.create_all(sync_conn)
    _VERSION_TABLE.create(sync_conn, checkfirst=True)
    sync_conn.execute(_VERSION_TABLE.insert().values(version_num=head_revision()))
    return True


def alembic_config() -> Config:
    from alembic.config import Config

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
    """Migrates to `revision`. To the head, without loading Alembic and its scripts (a quarter of a
    second of every start) where there is nothing to migrate: a database at head is left alone, and
    a new, empty one gets the head's schema from the models in one step."""
    if revision == "head":
        current = await current_revision(engine)
        if current == head_revision():
            return
        if current is None:
            async with engine.connect() as conn, conn.begin():
                await xact_lock(conn, LOCK_STARTUP)  # several workers starting on a new database
                created = await conn.run_sync(_create_if_empty)
            if created:
                return
    from alembic import command

    await _run(engine, command.upgrade, revision)


async def downgrade(engine: AsyncEngine, revision: str) -> None:
    from alembic import command

    await _run(engine, command.downgrade, revision)
