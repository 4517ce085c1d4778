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
from db.migrate import MIGRATIONS_DIR, alembic_config, current_revision, downgrade, head_revision, upgrade
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


async def test_a_restart_at_head_skips_alembic_and_an_older_database_is_migrated(engine: AsyncEngine) -> None:
    # upgrade() compares the database with the highest-numbered file instead of loading Alembic: that
    # must be Alembic's head, and each file must hold the revision its name says.
    script = ScriptDirectory.from_config(alembic_config())
    assert head_revision() == script.get_current_head()
    for path in (MIGRATIONS_DIR / "versions").glob("[0-9]*_*.py"):
        assert script.get_revision(path.name.split("_", 1)[0]).path == str(path)

    assert await current_revision(engine) is None
    await upgrade(engine)
    assert await current_revision(engine) == head_revision()
    await upgrade(engine)  # at head: nothing to do
    assert await schema_diff(engine) == []

    before = revisions()[-2][0]
    await downgrade(engine, before)
    assert await current_revision(engine) == before
    assert await schema_diff(engine) != []  # the last migration's change is undone
    await upgrade(engine)  # a database one migration behind, as after deploying a new version
    assert await current_revision(engine) == head_revision()
    assert await schema_diff(engine) == []


def _snapshot(conn: Connection) -> dict[str, Any]:
    """Every table as the database describes it: columns, keys, references, indexes, unique constraints."""
    insp = inspect(conn)
    out: dict[str, Any] = {}
    for table in insp.get_table_names():
        out[table] = {
            "columns": sorted((c["name"], str(c["type"]), c["nullable"], str(c.get("default"))) for c in insp.get_columns(table)),
            "primary key": insp.get_pk_constraint(table)["constrained_columns"],
            "references": sorted(
                (tuple(f["constrained_columns"]), f["referred_table"], tuple(f["referred_columns"]), str(sorted(f["options"].items())))
                for f in insp.get_foreign_keys(table)
            ),
            "indexes": sorted((i["name"], tuple(i["column_names"]), bool(i["unique"])) for i in insp.get_indexes(table)),
            "unique": sorted(tuple(u["column_names"]) for u in insp.get_unique_constraints(table)),
        }
    return out


async def snapshot(engine: AsyncEngine) -> dict[str, Any]:
    async with engine.connect() as conn:
        return await conn.run_sync(_snapshot)


async def test_a_new_database_gets_the_schema_the_migrations_build(engine: AsyncEngine, tmp_path: Path) -> None:
    # A new database is created from the models in one step (db/migrate.py), not by running every
    # migration: both must give the same tables, to the index and the ON DELETE.
    await upgrade(engine)
    assert await current_revision(engine) == head_revision()
    created = await snapshot(engine)
    assert set(Base.metadata.tables) | {"alembic_version"} == set(created)

    await downgrade(engine, "base")
    await engine.dispose()
    async with engine.begin() as conn:
        await conn.execute(text("DROP TABLE alembic_version"))
    for revision, _ in revisions():  # Alembic, step by step, as a school that started at 0001
        await upgrade(engine, revision)
    assert await current_revision(engine) == head_revision()
    migrated = await snapshot(engine)
    for table in sorted(set(created) | set(migrated)):
        assert created.get(table) == migrated.get(table), table


async def test_data_survives_every_migration(engine: AsyncEngine) -> None:
    """A school in use at 0005 (people, a pair, a meeting, answers) migrates to head with every row:
    0006 copies `participants` on SQLite, and the rows that reference it must not go with the old
    table (foreign keys are off while migrations run; db/migrate.py)."""
    await upgrade(engine, "0005")
    now = "2026-11-23 09:00:00"
    statements = [
        f"INSERT INTO organisations (id, name, timezone, created_at) VALUES (1, 'Школа', 'Europe/Moscow', '{now}')",
        "INSERT INTO programmes (id, organisation_id, academic_year, starts_on, ends_on, forms, settings, created_at) "
        f"VALUES (1, 1, '2026/2027', '2026-09-01', '2027-08-31', '[]', '{{}}', '{now}')",
        f"INSERT INTO users (id, telegram_id, created_at) VALUES (1, 501, '{now}'), (2, 502, '{now}')",
        "INSERT INTO participants (id, programme_id, user_id, role, form, status, full_name, created_at, updated_at) VALUES "
        f"(1, 1, 1, 'mentor', 'teacher_teacher', 'active', 'Наставник', '{now}', '{now}'), "
        f"(2, 1, 2, 'mentee', 'teacher_teacher', 'active', 'Наставляемый', '{now}', '{now}')",
        "INSERT INTO pairs (id, programme_id, mentor_id, mentee_id, form, status, starts_on, ends_on, rhythm_days, created_at, updated_at) "
        f"VALUES (1, 1, 1, 2, 'teacher_teacher', 'active', '2026-11-23', '2027-05-31', 30, '{now}', '{now}')",
        "INSERT INTO meetings (id, pair_id, proposed_by_id, starts_at, kind, format, status, created_at, updated_at) "
        f"VALUES (1, 1, 1, '{now}', 'regular', 'offline', 'held', '{now}', '{now}')",
        "INSERT INTO questionnaire_responses (id, participant_id, questionnaire, period, status, started_at, updated_at) "
        f"VALUES (1, 2, 'mentee_intake', '', 'submitted', '{now}', '{now}')",
        f"INSERT INTO answers (id, response_id, question, value, answered_at) VALUES (1, 1, 'goal', '\"x\"', '{now}')",
    ]
    async with engine.begin() as conn:
        for statement in statements:
            await conn.execute(text(statement))
    await upgrade(engine, "head")
    async with engine.connect() as conn:
        for table in ("participants", "pairs", "meetings", "questionnaire_responses", "answers"):
            count = (await conn.execute(text(f"SELECT count(*) FROM {table}"))).scalar()
            assert count == (2 if table == "participants" else 1), table
