"""Fixtures: a real database (a SQLite file per test, or PostgreSQL when TEST_DATABASE_URL is set),
the real Dispatcher, a fake Bot API, and a frozen clock.

`.ci/run` runs the suite twice: on SQLite, and with TEST_DATABASE_URL / TEST_REDIS_URL pointing at
the local PostgreSQL and Redis. With REQUIRE_SERVICES=1 an unreachable service fails the run
instead of skipping.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import App, build_app, create_bot
from bot.clock import FrozenClock
from bot.config import Settings
from db.engine import check_connection, create_engine
from db.models import Base
from scheduler.service import Scheduler
from tests.harness import CURATOR, BotClient, FakeTelegram

TEST_TOKEN = "123456789:AAH-test-token-for-the-fake-api-00000"
PG_URL = os.environ.get("TEST_DATABASE_URL")
REDIS_URL = os.environ.get("TEST_REDIS_URL")
REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES", "") not in ("", "0")

# Real-process tests cost about 10 s of CPU per bot start (importing aiogram): to keep `make test`
# within CI's time, each runs in one of its two runs; the backend-specific ones run where they apply.
SQLITE_RUN_ONLY = pytest.mark.skipif(bool(PG_URL), reason="runs in the SQLite run of make test (CI time)")
PG_RUN_ONLY = pytest.mark.skipif(not PG_URL, reason="runs in the PostgreSQL run of make test (CI time)")

# Why a service cannot be used in this run, found once at session start.
_unavailable: dict[str, str] = {}


def pytest_report_header(config: pytest.Config) -> str:
    required = "; REQUIRE_SERVICES=1" if REQUIRE_SERVICES else ""
    return f"database: {PG_URL or 'SQLite file per test'}; FSM: {'Redis ' + REDIS_URL if REDIS_URL else 'SQL'}{required}"


async def _probe_postgres(url: str) -> None:
    engine = create_engine(url)
    try:
        async with asyncio.timeout(10):
            await check_connection(engine)
    finally:
        await engine.dispose()


async def _probe_redis(url: str) -> None:
    from redis.asyncio import Redis

    redis = Redis.from_url(url, socket_connect_timeout=5)
    try:
        await redis.ping()
    finally:
        await redis.aclose()


def pytest_sessionstart(session: pytest.Session) -> None:
    services = {"postgres": ("TEST_DATABASE_URL", PG_URL, _probe_postgres), "redis": ("TEST_REDIS_URL", REDIS_URL, _probe_redis)}
    for name, (var, url, probe) in services.items():
        if not url:
            _unavailable[name] = f"{var} is not set"
            continue
        try:
            asyncio.run(probe(url))
        except Exception as exc:
            _unavailable[name] = f"{var}={url} is unreachable ({type(exc).__name__}: {exc})".splitlines()[0]
    if REQUIRE_SERVICES and _unavailable:
        raise pytest.UsageError("REQUIRE_SERVICES=1, but " + "; ".join(_unavailable.values()))


def require_service(name: str) -> str:
    """The URL of `postgres` or `redis`; skips the test when it is not set or not reachable
    (fails instead under REQUIRE_SERVICES=1, though the session has already stopped by then)."""
    if name in _unavailable:
        if REQUIRE_SERVICES:
            pytest.fail(_unavailable[name])
        pytest.skip(_unavailable[name])
    return {"postgres": PG_URL, "redis": REDIS_URL}[name]  # type: ignore[return-value]


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))


async def _reset_postgres(url: str) -> None:
    engine = create_engine(url)
    async with engine.begin() as conn:
        # Only the tables that are there: the database may be at an older revision than the models
        # (a migration added since the last run); build_app upgrades it right after.
        existing = set(await conn.run_sync(lambda sync: inspect(sync).get_table_names()))
        tables = ", ".join(t.name for t in Base.metadata.sorted_tables if t.name in existing)
        if tables:
            await conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    await engine.dispose()


async def _reset_redis(url: str) -> None:
    from redis.asyncio import Redis

    redis = Redis.from_url(url)
    await redis.flushdb()
    await redis.aclose()


@pytest.fixture
async def database_url(tmp_path: Path) -> str:
    if PG_URL:
        url = require_service("postgres")
        await _reset_postgres(url)
        return url
    return f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}"


@pytest.fixture
async def settings(database_url: str) -> Settings:
    if REDIS_URL:
        await _reset_redis(require_service("redis"))
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        bot_token=TEST_TOKEN,
        curator_ids=frozenset({CURATOR.id}),
        database_url=database_url,
        redis_url=REDIS_URL,
        school_name="МБОУ «Лицей № 1»",
        timezone="Europe/Moscow",
    )


AppFactory = Callable[[], Awaitable[BotClient]]


@pytest.fixture
async def start_app(settings: Settings, clock: FrozenClock) -> AsyncIterator[AppFactory]:
    """Builds the bot (again, for a restart) over the same database and storage."""
    apps: list[App] = []
    fake = FakeTelegram()

    async def factory() -> BotClient:
        if apps:
            await apps[-1].close()
        app = await build_app(settings, clock)
        apps.append(app)
        bot = create_bot(settings, session=fake)
        await app.dispatcher.emit_startup(bot=bot, **app.dispatcher.workflow_data)
        # Unlimited pace in tests; the limiter has tests of its own.
        scheduler = Scheduler(app, bot, rate=0, chat_interval=0)
        return BotClient(app, fake, bot, scheduler)

    yield factory
    if apps:
        await apps[-1].close()


@pytest.fixture
async def client(start_app: AppFactory) -> BotClient:
    return await start_app()


@pytest.fixture
async def session(client: BotClient) -> AsyncIterator[AsyncSession]:
    async with client.app.sessionmaker() as s:
        yield s
