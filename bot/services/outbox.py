"""The outbox: every message the bot sends on its own goes in here first, as a row with a unique key.

Queueing happens in the caller's transaction, so a message exists exactly when the change that
caused it was committed; the key makes queueing the same reminder twice a no-op. The sender
(scheduler/sender.py) delivers the rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from aiogram.types import InlineKeyboardMarkup
from sqlalchemy import select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.programme_settings import next_allowed, settings_of, zone_of
from db.models import OutboxMessage, OutboxStatus, Programme

WAKE_FLAG = "outbox_queued"  # set in session.info: the middleware wakes the sender after commit
CHUNK = 500
ANALYZE_AFTER = 1_000  # rows queued at once after which PostgreSQL re-reads the outbox's statistics


@dataclass
class Draft:
    key: str
    kind: str
    chat_id: int
    text: str
    user_id: int | None = None
    programme_id: int | None = None
    markup: InlineKeyboardMarkup | None = None
    ref_type: str | None = None
    ref_id: int | None = None
    not_before: datetime | None = None
    expires_at: datetime | None = None


def _insert(session: AsyncSession) -> Any:
    dialect = session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    return module.insert(OutboxMessage).on_conflict_do_nothing(index_elements=["key"])


async def existing_keys(session: AsyncSession, keys: Iterable[str]) -> set[str]:
    keys = list(dict.fromkeys(keys))
    found: set[str] = set()
    for i in range(0, len(keys), CHUNK):
        found.update(await session.scalars(select(OutboxMessage.key).where(OutboxMessage.key.in_(keys[i : i + CHUNK]))))
    return found


async def enqueue(session: AsyncSession, drafts: Sequence[Draft], now: datetime) -> int:
    """Queues the drafts whose key is new; returns how many were new. Quiet hours of the draft's
    programme move its earliest time to the morning."""
    if not drafts:
        return 0
    fresh = {d.key: d for d in drafts}
    for key in await existing_keys(session, fresh):
        del fresh[key]
    if not fresh:
        return 0
    programmes = {p.id: p for p in await session.scalars(
        select(Programme).where(Programme.id.in_({d.programme_id for d in fresh.values() if d.programme_id}))
    )}
    rows = []
    for d in fresh.values():
        earliest = max(d.not_before or now, now)
        programme = programmes.get(d.programme_id or 0)
        if programme is not None:
            earliest = next_allowed(earliest, zone_of(programme), settings_of(programme))
        rows.append(
            {
                "key": d.key,
                "kind": d.kind,
                "programme_id": d.programme_id,
                "user_id": d.user_id,
                "chat_id": d.chat_id,
                "text": d.text,
                "reply_markup": d.markup.model_dump(mode="json", exclude_none=True) if d.markup else None,
                "ref_type": d.ref_type,
                "ref_id": d.ref_id,
                "status": OutboxStatus.PENDING.value,
                "not_before": earliest,
                "expires_at": d.expires_at,
                "attempts": 0,
                "created_at": now,
            }
        )
    inserted = 0
    for i in range(0, len(rows), CHUNK):
        # RETURNING gives only the rows really inserted: another planner may have queued a key meanwhile.
        result = await session.execute(_insert(session).returning(OutboxMessage.id), rows[i : i + CHUNK])
        inserted += len(result.all())
    if inserted:
        session.info[WAKE_FLAG] = True
    if inserted >= ANALYZE_AFTER and session.bind is not None and session.bind.dialect.name == "postgresql":
        # Thousands of rows at once (a first run, a poll day): PostgreSQL's statistics still describe the
        # table before them until autovacuum comes round, and with those it reads the whole outbox for
        # each batch of keys above (0.8 s a batch at 66,000 rows) instead of using the key's index.
        await session.execute(text("ANALYZE outbox"))
    return inserted


async def enqueue_one(session: AsyncSession, draft: Draft, now: datetime) -> bool:
    return await enqueue(session, [draft], now) == 1
