"""The scheduler in the bot's process: APScheduler runs the planner every minute; the sender runs
beside it as one long task. With several worker processes only the leader (scheduler/leader.py) runs
them; the others take over if it dies. `tick()` does one round of both for tests."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from datetime import timedelta

from aiogram import Bot
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.app import App
from bot.services.privacy import forget_dialogs
from scheduler.guards import GUARDS
from scheduler.leader import Leadership
from scheduler.notices import blocked_hook
from scheduler.planner import Planner
from scheduler.sender import Sender

log = logging.getLogger(__name__)


class Scheduler:
    def __init__(
        self,
        app: App,
        bot: Bot,
        *,
        rate: float | None = None,
        chat_interval: float = 1.0,
        concurrency: int = 8,
        lease: timedelta | None = None,
        planner_interval: float | None = None,
        leader_check: float = 2.0,
    ) -> None:
        settings = app.settings
        self.app = app
        storage = app.storage

        async def forget(telegram_ids: Sequence[int]) -> None:
            await forget_dialogs(storage, bot.id, telegram_ids)

        self.planner = Planner(app.sessionmaker, app.l10n, settings, app.clock, forget=forget)
        self.sender = Sender(
            bot,
            app.sessionmaker,
            app.clock,
            rate=settings.send_rate if rate is None else (rate or None),
            chat_interval=chat_interval,
            concurrency=concurrency,
            lease=lease or timedelta(seconds=settings.send_lease_seconds),
            guards=GUARDS,
            on_blocked=blocked_hook(app.l10n, settings),
        )
        app.outbox_signal.listeners.append(self.sender.wake)
        self.planner_interval = planner_interval or settings.planner_interval_seconds
        self.leadership = Leadership(app.engine)
        self.leader_check = leader_check
        self._aps: AsyncIOScheduler | None = None
        self._sender_task: asyncio.Task[None] | None = None
        self._lead_task: asyncio.Task[None] | None = None
        self._planned = asyncio.Event()  # set while no planner run is under way
        self._planned.set()

    async def start(self) -> None:
        """Starts trying for the lead; the leader runs the planner and the sender (scheduler/leader.py)."""
        self._lead_task = asyncio.create_task(self._lead(), name="leadership")

    async def _lead(self) -> None:
        while True:
            try:
                if self._aps is None:
                    if await self.leadership.try_acquire():
                        await self._take_over()
                elif not await self.leadership.still_held():
                    await self._step_down()
            except asyncio.CancelledError:
                raise
            except Exception:  # never let the loop die: without it this process would never lead
                log.exception("leadership check failed")
            await asyncio.sleep(self.leader_check)

    async def _take_over(self) -> None:
        # Whatever is still `sending` was claimed by a leader that is gone (only the leader sends): it
        # goes back to the queue now instead of when its lease runs out.
        returned = await self.sender.reclaim_all()
        log.info(
            "this process leads: planner every %.0f s, sending at most %s/s%s",
            self.planner_interval,
            self.sender.limiter.interval and round(1 / self.sender.limiter.interval, 1),
            f"; {returned} message(s) a previous leader had in hand go back to the queue" if returned else "",
        )
        self._aps = AsyncIOScheduler(timezone="UTC")
        self._aps.add_job(
            self._plan,
            IntervalTrigger(seconds=self.planner_interval),
            id="planner",
            next_run_time=self.app.clock.now(),  # at start-up: catch up on what fell due while down
            coalesce=True,
            max_instances=1,
            misfire_grace_time=None,
        )
        self._aps.start()
        self.sender.resume()
        self._sender_task = asyncio.create_task(self.sender.run(), name="outbox-sender")

    async def _plan(self) -> None:
        self._planned.clear()
        try:
            if await self.planner.run():
                self.sender.wake()
        except Exception:  # the database away for a moment: the next run catches up
            log.exception("planner run failed")
        finally:
            self._planned.set()

    async def _step_down(self) -> None:
        if self._aps is not None:
            # A planner run under way finishes (shutting down would cancel it mid-transaction).
            self._aps.pause()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._planned.wait(), self.app.settings.shutdown_timeout)
            self._aps.shutdown(wait=False)
            self._aps = None
        self.sender.stop()
        if self._sender_task is not None:
            # Messages in flight finish and are recorded; a stuck request is cut after a while.
            try:
                await asyncio.wait_for(self._sender_task, timeout=self.app.settings.shutdown_timeout)
            except TimeoutError:
                self._sender_task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self._sender_task
            self._sender_task = None

    async def stop(self) -> None:
        if self._lead_task is not None:
            self._lead_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._lead_task
            self._lead_task = None
        await self._step_down()
        await self.leadership.release()

    @property
    def leading(self) -> bool:
        return self._aps is not None

    async def tick(self) -> int:
        """One planner run and delivery of everything due; returns how many were sent."""
        await self.planner.run()
        return await self.sender.drain()
