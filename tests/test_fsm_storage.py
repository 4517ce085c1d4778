"""FSM storage contract, for our SQLStorage (SQLite or PostgreSQL) and for aiogram's RedisStorage,
which the bot uses when REDIS_URL is set."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field

import pytest
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.base import BaseStorage, StorageKey
from aiogram.fsm.storage.redis import RedisStorage
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import FrozenClock
from bot.fsm_storage import KEY_BUILDER, SQLStorage
from db.engine import create_engine, create_sessionmaker
from db.migrate import upgrade
from db.models import FsmRecord
from tests.conftest import require_service

KEY = StorageKey(bot_id=1, chat_id=501, user_id=501)


class Form(StatesGroup):
    answering = State()


@dataclass
class Backend:
    """Makes storages over one shared store, and counts what is stored."""

    new: Callable[[], Awaitable[BaseStorage]]
    stored: Callable[[], Awaitable[int]]
    opened: list[BaseStorage] = field(default_factory=list)

    async def storage(self) -> BaseStorage:
        storage = await self.new()
        self.opened.append(storage)
        return storage


@pytest.fixture(params=["sql", "redis"])
async def backend(request: pytest.FixtureRequest, database_url: str, clock: FrozenClock) -> AsyncIterator[Backend]:
    engines: list[AsyncEngine] = []
    if request.param == "sql":

        async def new() -> BaseStorage:
            engine = create_engine(database_url)
            engines.append(engine)
            await upgrade(engine)
            return SQLStorage(create_sessionmaker(engine), clock.now)

        async def stored() -> int:
            async with create_sessionmaker(engines[-1])() as session:
                return int(await session.scalar(select(func.count()).select_from(FsmRecord)) or 0)

    else:
        redis_url = require_service("redis")
        flusher = RedisStorage.from_url(redis_url)
        await flusher.redis.flushdb()

        async def new() -> BaseStorage:
            return RedisStorage.from_url(redis_url, key_builder=KEY_BUILDER)

        async def stored() -> int:
            return int(await flusher.redis.dbsize())

    made = Backend(new, stored)
    yield made
    for storage in made.opened:
        await storage.close()
    for engine in engines:
        await engine.dispose()
    if request.param == "redis":
        await flusher.close()


async def test_state_and_data_round_trip(backend: Backend) -> None:
    storage = await backend.storage()
    assert await storage.get_state(KEY) is None
    assert await storage.get_data(KEY) == {}

    await storage.set_state(KEY, Form.answering)
    await storage.set_data(KEY, {"question": "goal", "answers": {"kind": "teacher", "years": 2}, "ids": [1, 2]})
    assert await storage.get_state(KEY) == "Form:answering"
    assert await storage.get_data(KEY) == {"question": "goal", "answers": {"kind": "teacher", "years": 2}, "ids": [1, 2]}

    await storage.set_state(KEY, "Other:state")
    assert await storage.get_state(KEY) == "Other:state"
    assert await storage.get_data(KEY) == {"question": "goal", "answers": {"kind": "teacher", "years": 2}, "ids": [1, 2]}


async def test_data_is_replaced_not_merged(backend: Backend) -> None:
    storage = await backend.storage()
    await storage.set_data(KEY, {"a": 1, "b": 2})
    await storage.set_data(KEY, {"c": 3})
    assert await storage.get_data(KEY) == {"c": 3}
    assert await storage.update_data(KEY, {"d": 4}) == {"c": 3, "d": 4}
    assert await storage.get_data(KEY) == {"c": 3, "d": 4}


async def test_returned_data_is_a_copy(backend: Backend) -> None:
    storage = await backend.storage()
    await storage.set_data(KEY, {"a": 1})
    data = await storage.get_data(KEY)
    data["a"] = 2
    assert await storage.get_data(KEY) == {"a": 1}


async def test_clearing_deletes_the_record(backend: Backend) -> None:
    storage = await backend.storage()
    await storage.set_state(KEY, Form.answering)
    await storage.set_data(KEY, {"a": 1})
    assert await backend.stored() > 0

    await storage.set_state(KEY, None)
    assert await storage.get_data(KEY) == {"a": 1}
    assert await backend.stored() > 0
    await storage.set_data(KEY, {})
    assert await storage.get_state(KEY) is None and await storage.get_data(KEY) == {}
    assert await backend.stored() == 0

    await storage.set_data(KEY, {})  # clearing what is not there stores nothing
    await storage.set_state(KEY, None)
    assert await backend.stored() == 0


@pytest.mark.parametrize(
    "other",
    [
        StorageKey(bot_id=1, chat_id=502, user_id=502),  # another person
        StorageKey(bot_id=2, chat_id=501, user_id=501),  # the same person with another bot
        StorageKey(bot_id=1, chat_id=-100, user_id=501),  # the same person in a group
        StorageKey(bot_id=1, chat_id=501, user_id=501, destiny="other"),
    ],
    ids=["user", "bot", "chat", "destiny"],
)
async def test_keys_are_isolated(backend: Backend, other: StorageKey) -> None:
    storage = await backend.storage()
    await storage.set_state(KEY, Form.answering)
    await storage.set_data(KEY, {"mine": True})
    assert await storage.get_state(other) is None
    assert await storage.get_data(other) == {}

    await storage.set_state(other, "Other:state")
    await storage.set_data(other, {"theirs": True})
    assert await storage.get_state(KEY) == "Form:answering"
    assert await storage.get_data(KEY) == {"mine": True}
    await storage.set_state(other, None)
    await storage.set_data(other, {})
    assert await storage.get_data(KEY) == {"mine": True}


async def test_state_survives_a_new_storage(backend: Backend) -> None:
    before = await backend.storage()
    await before.set_state(KEY, Form.answering)
    await before.set_data(KEY, {"question": "goal"})
    await before.close()

    after = await backend.storage()
    assert await after.get_state(KEY) == "Form:answering"
    assert await after.get_data(KEY) == {"question": "goal"}
