"""A person blocking or unblocking the bot in their private chat (Telegram's `my_chat_member`).

Blocked: they are marked unreachable at once, their queued messages stop and the curator is told,
without waiting for a send to fail. Unblocked, or any message from them: reachable again (the
middleware clears the mark on any update from them).
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.types import ChatMemberUpdated
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.i18n import L10n
from db.models import OutboxMessage, OutboxStatus, User
from scheduler.notices import blocked_hook

PRIVATE = F.chat.type == ChatType.PRIVATE


async def on_blocked(event: ChatMemberUpdated, session: AsyncSession, user: User | None, l10n: L10n, settings: Settings, clock: Clock) -> None:
    if user is None:
        return  # a stranger: nothing is kept about them
    now = clock.now()
    first = user.unreachable_at is None
    user.unreachable_at = now
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.chat_id == user.telegram_id, OutboxMessage.status == OutboxStatus.PENDING)
        .values(status=OutboxStatus.BLOCKED, last_error="blocked by the user")
    )
    if first:
        await blocked_hook(l10n, settings)(session, user.id, now)


async def on_unblocked(event: ChatMemberUpdated, user: User | None) -> None:
    if user is not None:
        user.unreachable_at = None


def create_router() -> Router:
    router = Router(name=__name__)
    router.my_chat_member.register(on_blocked, PRIVATE, F.new_chat_member.status == "kicked")
    router.my_chat_member.register(on_unblocked, PRIVATE, F.new_chat_member.status == "member")
    return router
