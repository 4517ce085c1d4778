"""Outer middlewares: one DB session per update, and who is asking in which language."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update
from aiogram.types import User as TgUser
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.i18n import L10n
from bot.services.outbox import WAKE_FLAG
from bot.services.staff import staff_of
from db.context import current_school, current_session
from db.models import User

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class OutboxSignal:
    """Wakes the sender when an update's transaction queued messages, instead of its next poll."""

    def __init__(self) -> None:
        self.listeners: list[Callable[[], None]] = []

    def notify(self) -> None:
        for listener in self.listeners:
            listener()


class DbSessionMiddleware(BaseMiddleware):
    """Opens a session per update and commits once when the handler returns."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], signal: OutboxSignal | None = None) -> None:
        self.sessionmaker = sessionmaker
        self.signal = signal

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        async with self.sessionmaker() as session:
            token = current_session.set(session)
            try:
                data["session"] = session
                result = await handler(event, data)
                await session.commit()
                if self.signal is not None and session.info.pop(WAKE_FLAG, False):
                    self.signal.notify()
                return result
            finally:
                current_session.reset(token)


class UserContextMiddleware(BaseMiddleware):
    """Loads the person's row (never creates it) and their translator."""

    def __init__(self, settings: Settings, l10n: L10n) -> None:
        self.settings = settings
        self.l10n = l10n

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        tg_user: TgUser | None = data.get("event_from_user")
        session: AsyncSession = data["session"]
        user = None
        if tg_user is not None:
            user = await session.scalar(select(User).where(User.telegram_id == tg_user.id))
            if user is not None and user.unreachable_at is not None and isinstance(event, Update) and (event.message or event.callback_query):
                user.unreachable_at = None  # they write to the bot again: they can be reached
        locale = self.l10n.pick(
            user.locale if user else None, getattr(tg_user, "language_code", None)
        )
        data["user"] = user
        data["t"] = self.l10n.translator(locale)
        # A curator is a `staff` row (bot/services/staff.py); their school scopes every curator screen.
        curator = await staff_of(session, tg_user.id) if tg_user is not None else None
        data["curator"] = curator
        data["is_curator"] = curator is not None
        data["is_coordinator"] = tg_user is not None and tg_user.id in self.settings.coordinator_ids
        token = current_school.set(curator.organisation_id if curator is not None else None)
        try:
            return await handler(event, data)
        finally:
            current_school.reset(token)
