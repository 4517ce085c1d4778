"""Outer middlewares: one DB session per update, and who is asking in which language."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update
from aiogram.types import User as TgUser
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import access
from bot.config import Settings
from bot.i18n import L10n
from bot.services.outbox import WAKE_FLAG
from db.context import current_school, current_session
from db.models import ProcessedUpdate, User

log = logging.getLogger(__name__)
access_log = logging.getLogger("bot.access")
Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class OutboxSignal:
    """Wakes the sender when an update's transaction queued messages, instead of its next poll."""

    def __init__(self) -> None:
        self.listeners: list[Callable[[], None]] = []

    def notify(self) -> None:
        for listener in self.listeners:
            listener()


class InFlight:
    """The updates being handled right now, so a stopping worker can finish them first."""

    def __init__(self) -> None:
        self.count = 0
        self._idle = asyncio.Event()
        self._idle.set()

    def enter(self) -> None:
        self.count += 1
        self._idle.clear()

    def leave(self) -> None:
        self.count -= 1
        if self.count == 0:
            self._idle.set()

    async def wait_idle(self, timeout: float) -> bool:
        """True when none is left; False if some were still running after `timeout` seconds."""
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
        except TimeoutError:
            return False
        return True


class SessionMiddleware(BaseMiddleware):
    """Opens the update's session, before aiogram's FSM middleware, so the dialog state is read in the
    update's own transaction (bot/fsm_storage.py) rather than in a transaction of its own.

    It runs no SQL: the session takes its connection at its first statement, which comes after the
    FSM middleware took the person's lock. An update waiting for a connection thus holds at most one
    person's lock, and one holding a connection never waits for a lock, so the single SQLite
    connection and the per-person locks cannot wait on each other.
    """

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], inflight: InFlight | None = None) -> None:
        self.sessionmaker = sessionmaker
        self.inflight = inflight or InFlight()

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        self.inflight.enter()
        try:
            async with self.sessionmaker() as session:
                token = current_session.set(session)
                try:
                    data["session"] = session
                    return await handler(event, data)
                finally:
                    current_session.reset(token)
        finally:
            self.inflight.leave()


class DbSessionMiddleware(BaseMiddleware):
    """Commits the update's session once when the handler returns.

    The update's id is recorded in the same transaction (`processed_updates`), and an update whose id
    is already there is skipped: Telegram delivers again what it is not sure arrived (a webhook retried,
    possibly to another worker; getUpdates after a crash before the offset was confirmed). A handling
    that failed or was cut off rolls back its mark with everything else, so the repeat runs it again.
    On PostgreSQL a repeat arriving while the first is still running waits on the row's key, then skips.
    """

    def __init__(self, signal: OutboxSignal | None = None, clock: Callable[[], datetime] | None = None) -> None:
        self.signal = signal
        self.clock = clock or (lambda: datetime.now(UTC))

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        session: AsyncSession = data["session"]
        if isinstance(event, Update) and not await first_time(session, event.update_id, self.clock()):
            log.info("update %s was already handled: skipped", event.update_id)
            return None
        result = await handler(event, data)
        await session.commit()
        if self.signal is not None and session.info.pop(WAKE_FLAG, False):
            self.signal.notify()
        return result


async def first_time(session: AsyncSession, update_id: int, now: datetime) -> bool:
    """Marks the update handled in the session's transaction; False if it already was."""
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    result = await session.execute(
        insert(ProcessedUpdate).values(update_id=update_id, processed_at=now).on_conflict_do_nothing(index_elements=["update_id"])
    )
    return bool(getattr(result, "rowcount", 1))


class UserContextMiddleware(BaseMiddleware):
    """Loads the person's row (never creates it) and their translator."""

    def __init__(self, settings: Settings, l10n: L10n) -> None:
        self.settings = settings
        self.l10n = l10n

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        tg_user: TgUser | None = data.get("event_from_user")
        session: AsyncSession = data["session"]
        user = curator = None
        if tg_user is not None:
            who = await access.identify(session, tg_user.id)
            user, curator = who.user, who.curator
            data["is_participant"] = who.participant  # read by AccessMiddleware before any handler runs
            if user is not None and user.unreachable_at is not None and isinstance(event, Update) and (event.message or event.callback_query):
                user.unreachable_at = None  # they write to the bot again: they can be reached
        locale = self.l10n.pick(
            user.locale if user else None, getattr(tg_user, "language_code", None)
        )
        data["user"] = user
        data["t"] = self.l10n.translator(locale)
        # A curator is a `staff` row (bot/services/staff.py); their school scopes every curator screen.
        data["curator"] = curator
        data["is_curator"] = curator is not None
        data["is_coordinator"] = tg_user is not None and tg_user.id in self.settings.coordinator_ids
        token = current_school.set(curator.organisation_id if curator is not None else None)
        try:
            return await handler(event, data)
        finally:
            current_school.reset(token)


class AccessMiddleware(BaseMiddleware):
    """The access matrix (bot/access.py), applied to every command and button before any handler.

    A refused button gets an alert, a refused command the same answer as an unknown one (a curator's
    command does not reveal itself to a participant), and the handler never runs.
    """

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        if not isinstance(event, Update):
            return await handler(event, data)
        if event.callback_query is not None:
            refusal = await self._button(event.callback_query.data, data)
            if refusal is not None:
                access_log.info("refused button %r from %s: %s", (event.callback_query.data or "")[:64], event.callback_query.from_user.id, refusal)
                await data["bot"].answer_callback_query(event.callback_query.id, text=data["t"](refusal), show_alert=True)
                return None
        elif event.message is not None and event.message.chat.type == "private":
            command = access.command_of(event.message.text)
            refusal = await self._command(command, data)
            if refusal is not None:
                access_log.info("refused /%s from %s: %s", command, event.message.chat.id, refusal)
                await data["bot"].send_message(event.message.chat.id, data["t"](refusal))
                return None
        return await handler(event, data)

    @staticmethod
    def _who(data: dict[str, Any]) -> access.Who:
        tg_user: TgUser | None = data.get("event_from_user")
        user: User | None = data.get("user")
        curator = data.get("curator")
        return access.Who(
            telegram_id=tg_user.id if tg_user else 0,
            user_id=user.id if user else None,
            school=curator.organisation_id if curator is not None else None,
            coordinator=bool(data.get("is_coordinator")),
        )

    @staticmethod
    def _allowed(audience: access.Audience, who: access.Who, data: dict[str, Any]) -> bool:
        # Whether they take part came with who they are (UserContextMiddleware, access.identify).
        return who.has(audience, audience == access.Audience.PARTICIPANT and bool(data.get("is_participant")))

    async def _command(self, command: str | None, data: dict[str, Any]) -> str | None:
        audience = access.COMMANDS.get(command or "")
        if audience is None:
            return None  # not a command, or an unknown one: the fallback answers it
        if self._allowed(audience, self._who(data), data):
            return None
        return "access-participants-only" if audience == access.Audience.PARTICIPANT else "unknown-command"

    async def _button(self, raw: str | None, data: dict[str, Any]) -> str | None:
        rule = access.CALLBACKS.get(access.prefix_of(raw))
        if rule is None or raw is None:
            return "button-stale"  # deny by default: no rule, no handler runs
        who, session = self._who(data), data["session"]
        if not self._allowed(rule.audience, who, data):
            # A staff button does not reveal itself to others: it is "stale", as an unknown command is unknown.
            return "button-not-yours" if rule.audience == access.Audience.PARTICIPANT else "button-stale"
        ids = access.ids_in(raw, rule)
        if ids is None:
            return "button-stale"
        if not await access.allowed_objects(session, who, rule, ids):
            return "button-not-yours"
        return None
