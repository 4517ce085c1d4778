"""Stairway: every migration goes up, down and up again, and head matches the models.

Runs on a fresh SQLite file, and on PostgreSQL (TEST_DATABASE_URL) in a database of its own made
for the test on the server's `postgres` maintenance database and dropped afterwards, so the shared
test database the other tests truncate is never migrated down.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from db.engine import create_engine
from db.migrate import alembic_config, downgrade, upgrade
from db.models import Base
from tests.conftest import require_service


def revisions() -> list[tuple[str, str]]:
    """(revision, the one before it or "base"), oldest first."""
    script = ScriptDirectory.from_config(alembic_config())
    steps = [(r.revision, r.down_revision or "base") for r in script.walk_revisions("base", "heads")]
    assert all(isinstance(down, str) for _, down in steps), "merge revisions: extend the stairway"
    return list(reversed(steps))  # type: ignore[arg-type]


@pytest.fixture(params=["sqlite", "postgres"])
async def engine(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    if request.param == "sqlite":
        engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'stairway.sqlite3'}")
        yield engine
        await engine.dispose()
        return

    url = make_url(require_service("postgres"))
    name = f"stairway_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url.set(database="postgres").render_as_string(hide_password=False), isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as conn:
            await conn.execute(text(f'CREATE DATABASE "{name}"'))
        engine = create_engine(url.set(database=name).render_as_string(hide_password=False))
        try:
            yield engine
        finally:
            await engine.dispose()
            async with admin.connect() as conn:
                await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        await admin.dispose()


def _tables(conn: Connection) -> set[str]:
    return set(inspect(conn).get_table_names())


def _diff(conn: Connection) -> list[Any]:
    context = MigrationContext.configure(conn, opts={"compare_type": True})
    return compare_metadata(context, Base.metadata)


async def tables(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as conn:
        return await conn.run_sync(_tables)


async def schema_diff(engine: AsyncEngine) -> list[Any]:
    async with engine.connect() as conn:
        return await conn.run_sync(_diff)


async def test_stairway(engine: AsyncEngine) -> None:
    steps = revisions()
    assert steps, "no migrations found"
    for revision, before in steps:
        await upgrade(engine, revision)
        await downgrade(engine, before)
        await upgrade(engine, revision)

    assert await schema_diff(engine) == []
    assert set(Base.metadata.tables) <= await tables(engine)

    await downgrade(engine, "base")
    assert await tables(engine) <= {"alembic_version"}

    await upgrade(engine, "head")
    assert await schema_diff(engine) == []
