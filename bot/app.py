"""Assembly: the same factories build the bot for `python -m bot` and for the tests."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage
from aiogram.fsm.storage.memory import SimpleEventIsolation
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot import access
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.errors import on_error
from bot.fsm_storage import KEY_BUILDER, SQLStorage
from bot.i18n import L10n
from bot.middlewares import (
    AccessMiddleware,
    DbSessionMiddleware,
    InFlight,
    OutboxSignal,
    SessionMiddleware,
    UserContextMiddleware,
)
from bot.services.programme import ensure_programme
from bot.services.roadmap import ensure_roadmap
from bot.services.staff import sync_env_curators
from db.engine import LOCK_STARTUP, check_connection, create_engine, create_sessionmaker, xact_lock
from db.migrate import upgrade
from handlers import build_router
from handlers.menus import set_default_commands

log = logging.getLogger(__name__)


@dataclass
class App:
    settings: Settings
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    storage: BaseStorage
    dispatcher: Dispatcher
    l10n: L10n
    clock: Clock
    outbox_signal: OutboxSignal
    inflight: InFlight

    async def close(self) -> None:
        await self.dispatcher.storage.close()
        await self.dispatcher.fsm.events_isolation.close()
        await self.engine.dispose()


def create_bot(settings: Settings, session: BaseSession | None = None) -> Bot:
    if session is None:
        session = AiohttpSession()
        if settings.telegram_api_url:
            session.api = TelegramAPIServer.from_base(settings.telegram_api_url)
        from bot.retry import RetryMiddleware  # handlers' replies survive 429/5xx; the sender opts out (no_retry)

        session.middleware(RetryMiddleware())
    return Bot(
        token=settings.bot_token.get_secret_value(),
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )


def create_storage(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession], clock: Clock
) -> tuple[BaseStorage, BaseEventIsolation]:
    if settings.redis_url:
        from aiogram.fsm.storage.redis import RedisStorage

        storage = RedisStorage.from_url(settings.redis_url, key_builder=KEY_BUILDER)
        return storage, storage.create_isolation()
    return SQLStorage(sessionmaker, clock.now), SimpleEventIsolation()


def create_dispatcher(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    storage: BaseStorage,
    isolation: BaseEventIsolation,
    l10n: L10n,
    clock: Clock,
    signal: OutboxSignal | None = None,
    inflight: InFlight | None = None,
) -> Dispatcher:
    dp = Dispatcher(
        storage=storage,
        events_isolation=isolation,
        settings=settings,
        l10n=l10n,
        clock=clock,
        sessionmaker=sessionmaker,
    )
    # The session opens before aiogram's FSM middleware (registered by Dispatcher()), so the dialog
    # state is read in the update's transaction: one transaction per update, not two.
    dp.update.outer_middleware.unregister(dp.fsm)
    dp.update.outer_middleware(SessionMiddleware(sessionmaker, inflight))
    dp.update.outer_middleware(dp.fsm)
    dp.update.outer_middleware(DbSessionMiddleware(signal, clock.now))
    dp.update.outer_middleware(UserContextMiddleware(settings, l10n))
    dp.update.outer_middleware(AccessMiddleware())
    router = build_router(settings)
    access.register_router(router)
    dp.include_router(router)
    dp.errors.register(on_error)
    dp.startup.register(set_default_commands)
    return dp


async def build_app(settings: Settings, clock: Clock | None = None) -> App:
    """Connects, migrates and assembles; raises if the database cannot be reached."""
    clock = clock or SystemClock()
    engine = create_engine(settings.database_url)
    try:
        await check_connection(engine)
        await upgrade(engine)
        sessionmaker = create_sessionmaker(engine)
        async with sessionmaker() as session:
            await xact_lock(session, LOCK_STARTUP)  # workers starting together create the first school once
            programme = await ensure_programme(session, settings.school_name, settings.timezone, clock.now())
            await sync_env_curators(session, settings.curator_ids, programme.organisation_id, clock.now())
            await ensure_roadmap(session, programme, clock.now())
            await session.commit()
    except BaseException:
        await engine.dispose()  # no pooled connection left behind for the garbage collector to warn about
        raise
    l10n = L10n(default=settings.default_locale)
    storage, isolation = create_storage(settings, sessionmaker, clock)
    signal, inflight = OutboxSignal(), InFlight()
    dp = create_dispatcher(settings, sessionmaker, storage, isolation, l10n, clock, signal, inflight)
    return App(settings, engine, sessionmaker, storage, dp, l10n, clock, signal, inflight)
