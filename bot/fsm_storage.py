"""aiogram FSM storage in the application's database, so dialogs survive a restart.

Inside an update it writes through that update's session, so the dialog state commits in the
same transaction as the answers it points at (and SQLite never waits on its own write lock).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, KeyBuilder, StateType, StorageKey
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.context import current_session
from db.models import FsmRecord


# Shared with RedisStorage (bot/app.py): a key names the bot, chat, user and destiny, so a second
# bot over the same database or Redis (another token, a test bot) never sees the first one's dialogs.
KEY_BUILDER = DefaultKeyBuilder(with_bot_id=True, with_destiny=True)


class SQLStorage(BaseStorage):
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        now: Callable[[], datetime],
        key_builder: KeyBuilder | None = None,
    ) -> None:
        self._sessionmaker = sessionmaker
        self._now = now
        self._keys = key_builder or KEY_BUILDER

    @asynccontextmanager
    async def _session(self, write: bool) -> AsyncIterator[AsyncSession]:
        shared = current_session.get()
        if shared is not None:
            yield shared
            return
        async with self._sessionmaker() as session:
            if not write:
                await session.connection(execution_options={"sqlite_begin": "DEFERRED"})
            yield session
            await session.commit()

    async def _upsert(self, key: StorageKey, **values: Any) -> None:
        k = self._keys.build(key)
        async with self._session(write=True) as session:
            row = await session.get(FsmRecord, k)
            if row is None:
                row = FsmRecord(key=k, state=None, data={}, updated_at=self._now())
                session.add(row)
            for name, value in values.items():
                setattr(row, name, value)
            row.updated_at = self._now()
            if row.state is None and not row.data:
                if row in session.new:
                    session.expunge(row)
                else:
                    await session.delete(row)
            await session.flush()

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        await self._upsert(key, state=state.state if isinstance(state, State) else state)

    async def get_state(self, key: StorageKey) -> str | None:
        async with self._session(write=False) as session:
            return await session.scalar(select(FsmRecord.state).where(FsmRecord.key == self._keys.build(key)))

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        if not isinstance(data, dict):
            raise TypeError(f"FSM data must be a dict, not {type(data).__name__}")
        await self._upsert(key, data=dict(data))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        async with self._session(write=False) as session:
            data = await session.scalar(select(FsmRecord.data).where(FsmRecord.key == self._keys.build(key)))
        return dict(data or {})

    async def close(self) -> None:
        return None
