"""Engine and session factory; SQLite gets WAL, a busy timeout and write-ahead locking."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    if not is_sqlite(url):
        # 20 connections at most per process; an update waiting for one waits (it does not fail
        # after 30 s) when a busy worker has more updates in hand than connections.
        # JIT off: it compiles the planner's and the summaries' larger queries on every run, which cost
        # 300 ms of compiling for a query that runs in 50 (PostgreSQL's own advice for short queries).
        options = {
            "pool_pre_ping": True, "pool_size": 10, "max_overflow": 10, "pool_timeout": 120,
            "connect_args": {"server_settings": {"jit": "off"}}, **kwargs,
        }
        return create_async_engine(url, **options)

    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    # One connection per process. SQLite has one writer at a time, and every transaction here takes the
    # write lock at BEGIN: with several connections, the waiting ones sleep in SQLite's busy handler
    # (backing off up to 100 ms) and the database idles between transactions, 8 updates a second under
    # load. With one, the sessions queue in the pool and the next starts the moment one commits. The
    # busy timeout still serves a second process on the same file.
    options = {"connect_args": {"timeout": 30}, "pool_size": 1, "max_overflow": 0, "pool_timeout": 300, **kwargs}
    engine = create_async_engine(url, **options)

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy emit BEGIN itself (see "begin" below) instead of the driver.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Take the write lock up front: a read-then-write transaction that upgrades later fails with
        # "database is locked" instead of waiting (PITFALLS.md, SQLite under asyncio).
        mode = conn.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


async def check_connection(engine: AsyncEngine) -> None:
    async with engine.connect() as conn:
        await conn.execute(text("SELECT 1"))


# PostgreSQL advisory lock keys (one bigint each; any fixed numbers unlikely to clash with others' locks).
LOCK_STARTUP = 0x6D656E746F720001  # migrations and the first rows, one starting worker at a time
LOCK_LEADER = 0x6D656E746F720002  # held for its lifetime by the process that runs the planner and sender
LOCK_PLANNER = 0x6D656E746F720003  # one planner run at a time, whatever happens to leadership


async def xact_lock(conn: AsyncConnection | AsyncSession, key: int) -> None:
    """Waits for a PostgreSQL advisory lock held until the transaction ends; nothing on SQLite (its
    writers are one at a time anyway)."""
    bind = conn.bind if isinstance(conn, AsyncSession) else conn
    if bind is not None and bind.dialect.name == "postgresql":
        await conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


async def try_xact_lock(session: AsyncSession, key: int) -> bool:
    """Takes a PostgreSQL advisory lock until the transaction ends if it is free; True on SQLite."""
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        return bool(await session.scalar(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": key}))
    return True
