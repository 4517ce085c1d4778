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
from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.context import current_session
from db.models import FsmRecord

# Shared with RedisStorage (bot/app.py): a key names the bot, chat, user and destiny, so a second
# bot over the same database or Redis (another token, a test bot) never sees the first one's dialogs.
KEY_BUILDER = DefaultKeyBuilder(with_bot_id=True, with_destiny=True)
HELD = "fsm_rows"  # session.info: the rows this session read or wrote, kept in its identity map
ABSENT = "fsm_absent"  # session.info: key -> the transaction in which it was read and not found


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

    @staticmethod
    async def _row(session: AsyncSession, k: str) -> FsmRecord | None:
        """The row, read once per update: the FSM middleware's get_state reads it, and the handler's
        get_data, update_data and set_state find it in the session's identity map. That map holds rows
        weakly, so the session keeps a reference (session.info) for as long as it lives."""
        held, absent = session.info.setdefault(HELD, {}), session.info.setdefault(ABSENT, {})
        row = held.get(k)
        # Kept and still good: also a new row not yet written, which session.get would write first to find.
        if row is None or row not in session or inspect(row).expired_attributes:
            transaction = session.sync_session.get_transaction()
            if transaction is not None and absent.get(k) is transaction:
                return None  # read in this transaction and not there; the person's lock keeps it so
            row = await session.get(FsmRecord, k)
            if row is None:
                held.pop(k, None)
                absent[k] = session.sync_session.get_transaction()
                return None
            held[k] = row
            absent.pop(k, None)
        if row in session.deleted:
            return None  # cleared in this update, not yet written: a new row takes its place (one UPDATE)
        return row

    async def _upsert(self, key: StorageKey, **values: Any) -> None:
        k = self._keys.build(key)
        async with self._session(write=True) as session:
            row = await self._row(session, k)
            if row is None:
                row = FsmRecord(key=k, state=None, data={}, updated_at=self._now())
                session.add(row)
                session.info.setdefault(HELD, {})[k] = row
            for name, value in values.items():
                setattr(row, name, value)
            row.updated_at = self._now()
            if row.state is None and not row.data:
                if row in session.new:
                    session.expunge(row)
                else:
                    await session.delete(row)
            # No flush here: the commit (or the next query's autoflush) writes it, so a state and its
            # data set in one update are one INSERT or UPDATE, not two.

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        await self._upsert(key, state=state.state if isinstance(state, State) else state)

    async def get_state(self, key: StorageKey) -> str | None:
        async with self._session(write=False) as session:
            row = await self._row(session, self._keys.build(key))
            return row.state if row is not None else None

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        if not isinstance(data, dict):
            raise TypeError(f"FSM data must be a dict, not {type(data).__name__}")
        await self._upsert(key, data=dict(data))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        async with self._session(write=False) as session:
            row = await self._row(session, self._keys.build(key))
            return dict(row.data or {}) if row is not None else {}

    async def close(self) -> None:
        return None
