"""Everything only a curator may do. The gate is set once here, on the router."""

from __future__ import annotations

from aiogram import Router

from bot.filters import CuratorFilter
from handlers.curator import audit, broadcast, consents, invite, links, matching, menu, pairs, participants, reports, roadmap, roster, settings, status, stuck, swot, team


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(CuratorFilter())
    router.callback_query.filter(CuratorFilter())
    router.include_routers(
        menu.create_router(),
        invite.create_router(),
        links.create_router(),
        roster.create_router(),
        consents.create_router(),
        matching.create_router(),
        pairs.create_router(),
        settings.create_router(),
        stuck.create_router(),
        roadmap.create_router(),
        reports.create_router(),
        status.create_router(),
        broadcast.create_router(),
        participants.create_router(),
        swot.create_router(),
        team.create_router(),
        audit.create_router(),
    )
    return router
