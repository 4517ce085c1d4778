"""The planner: one job that runs every minute, asks each rule what is due and queues it.

Nothing about a reminder lives in memory or in the scheduler's job store: it is derived from the
data each time, so a restart, a missed run or an edited meeting cannot leave a stale or lost one.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.config import Settings
from bot.i18n import L10n
from bot.services import retention
from bot.services.curators import curator_recipients
from bot.services.outbox import enqueue
from bot.services.programme_settings import settings_of, zone_of
from db.engine import LOCK_PLANNER, try_xact_lock
from db.models import ProcessedUpdate, Programme
from scheduler.rules import DAY_SCALE, RULES, Context, Rule

log = logging.getLogger(__name__)
UPDATES_KEPT = timedelta(days=2)
DAY_SCALE_EVERY = timedelta(minutes=10)


class Planner:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        l10n: L10n,
        settings: Settings,
        clock: Clock,
        rules: Sequence[Rule] = RULES,
        forget: Callable[[Sequence[int]], Awaitable[None]] | None = None,
        day_scale_every: timedelta = DAY_SCALE_EVERY,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.l10n = l10n
        self.settings = settings
        self.clock = clock
        self.rules = tuple(rules)
        # Clears purged people's dialog state in a storage outside the database (Redis), after commit.
        self.forget = forget
        # When each day-scale rule last ran (scheduler/rules.py DAY_SCALE). In memory: a new leader or
        # a restart runs them at its first run, which only repeats a check (the outbox keys dedupe).
        self.day_scale_every = day_scale_every
        self._day_scale_ran: dict[str, datetime] = {}

    def _due(self, rules: Sequence[Rule], now: datetime) -> list[Rule]:
        due = []
        for rule in rules:
            if rule.__name__ in DAY_SCALE:
                last = self._day_scale_ran.get(rule.__name__)
                if last is not None and last <= now < last + self.day_scale_every:
                    continue
                self._day_scale_ran[rule.__name__] = now
            due.append(rule)
        return due

    async def run(self) -> int:
        """Queues what has fallen due; returns how many new messages were queued."""
        now = self.clock.now()
        queued = 0
        purged: list[retention.Purged] = []
        async with self.sessionmaker() as session:
            if not await try_xact_lock(session, LOCK_PLANNER):
                log.info("another planner run is under way: this one is skipped")
                return 0
            rules = self._due(self.rules, now)
            try:  # programmes past their retention period lose their personal data (once)
                async with session.begin_nested():
                    purged = await retention.run(session, self.l10n, self.settings, now)
            except Exception:
                log.exception("retention failed")
            # Telegram re-sends an update for a day at most: older marks are not needed.
            await session.execute(delete(ProcessedUpdate).where(ProcessedUpdate.processed_at < now - UPDATES_KEPT))
            programmes = list(
                await session.scalars(
                    select(Programme).where(Programme.ends_on >= (now - timedelta(days=62)).date()).order_by(Programme.id)
                )
            )
            for programme in programmes:
                ctx = Context(
                    session=session,
                    now=now,
                    l10n=self.l10n,
                    settings=self.settings,
                    programme=programme,
                    ps=settings_of(programme),
                    tz=zone_of(programme),
                    curators=await curator_recipients(session, self.settings, programme.id),
                )
                for rule in rules:
                    before = len(ctx.drafts)
                    try:
                        async with session.begin_nested():
                            await rule(ctx)
                    except Exception:  # one broken rule must not stop the others
                        log.exception("planner rule %s failed", rule.__name__)
                        del ctx.drafts[before:]
                queued += await enqueue(session, ctx.drafts, now)
            await session.commit()
        gone = [telegram_id for p in purged for telegram_id in p.telegram_ids]
        if gone and self.forget is not None:
            await self.forget(gone)
        if queued:
            log.info("planner queued %d message(s)", queued)
        return queued
