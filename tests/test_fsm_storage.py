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


async def test_within_one_update_the_row_is_read_once_and_written_once(database_url: str, clock: FrozenClock) -> None:
    """Inside an update the storage writes through the update's session (bot/middlewares.py): the row is
    read once, kept for the update, and what the handler did to it is one write at the commit, even a
    clear followed by a new state and data (the roadmap's "add an event" does that)."""
    from sqlalchemy import event

    from db.context import current_session

    engine = create_engine(database_url)
    await upgrade(engine)
    sessionmaker = create_sessionmaker(engine)
    storage = SQLStorage(sessionmaker, clock.now)
    await storage.set_state(KEY, "Roadmap:add_stage")
    await storage.set_data(KEY, {"page": 2})

    async def update(steps: Callable[[], Awaitable[None]]) -> int:
        """Runs the steps as an update does; returns how many statements on fsm_states it sent."""
        sent: list[str] = []

        def on_execute(_conn: object, _cursor: object, statement: str, *args: object) -> None:
            if "fsm_states" in statement:
                sent.append(statement)

        event.listen(engine.sync_engine, "before_cursor_execute", on_execute)
        async with sessionmaker() as session:
            token = current_session.set(session)
            try:
                await steps()
                await session.commit()
            finally:
                current_session.reset(token)
                event.remove(engine.sync_engine, "before_cursor_execute", on_execute)
        return len(sent)

    async def clear_then_set() -> None:
        assert await storage.get_state(KEY) == "Roadmap:add_stage"
        await storage.set_state(KEY, None)
        await storage.set_data(KEY, {})
        assert await storage.get_state(KEY) is None and await storage.get_data(KEY) == {}
        await storage.set_state(KEY, "Roadmap:add_title")
        await storage.set_data(KEY, {"stage": 3})
        assert await storage.update_data(KEY, {"title": "Сбор"}) == {"stage": 3, "title": "Сбор"}

    assert await update(clear_then_set) == 2  # the SELECT and one UPDATE
    assert await storage.get_state(KEY) == "Roadmap:add_title"
    assert await storage.get_data(KEY) == {"stage": 3, "title": "Сбор"}

    async def clear() -> None:
        assert await storage.get_data(KEY) == {"stage": 3, "title": "Сбор"}
        await storage.set_state(KEY, None)
        await storage.set_data(KEY, {})
        assert await storage.get_state(KEY) is None

    assert await update(clear) == 2  # the SELECT and the DELETE
    assert await storage.get_state(KEY) is None

    async def start_anew() -> None:
        assert await storage.get_state(KEY) is None
        await storage.set_state(KEY, Form.answering)
        await storage.set_data(KEY, {"response_id": 7})

    assert await update(start_anew) == 2  # the SELECT (nothing there) and one INSERT
    assert await storage.get_state(KEY) == "Form:answering"
    assert await storage.get_data(KEY) == {"response_id": 7}

    async def rolled_back_then_again() -> None:
        await storage.set_data(KEY, {"response_id": 8})
        session = current_session.get()
        assert session is not None
        await session.rollback()  # a handler that recovers from a failed statement
        assert await storage.get_data(KEY) == {"response_id": 7}
        await storage.update_data(KEY, {"question": "goal"})

    await update(rolled_back_then_again)
    assert await storage.get_data(KEY) == {"response_id": 7, "question": "goal"}
    await engine.dispose()
