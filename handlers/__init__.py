"""All routers, in the order they are tried: groups first, the catch-all fallback last."""

from __future__ import annotations

from aiogram import Router

from bot.config import Settings
from handlers import (
    common,
    consent,
    coordinator,
    curator,
    fallback,
    group,
    meetings,
    pair,
    pairing,
    polls,
    privacy,
    profile,
    questionnaire,
    reachability,
    start,
)


def build_router(settings: Settings) -> Router:
    root = Router(name="root")
    root.include_routers(
        group.create_router(),
        reachability.create_router(),
        common.create_router(),
        privacy.create_router(),
        start.create_router(),
        consent.create_router(),
        curator.create_router(),
        coordinator.create_router(),
        profile.create_router(),
        pairing.create_router(),
        meetings.create_router(),
        pair.create_router(),
        polls.create_router(),
        questionnaire.create_router(),
        fallback.create_router(),
    )
    return root
