"""Webhook mode: aiogram's aiohttp handler in a worker that several can run behind one proxy.

- Telegram's secret header (`X-Telegram-Bot-Api-Secret-Token`) is checked on every request; without
  it, or with a wrong one, the answer is 401 and nothing is handled.
- Telegram gets its 200 only after the update was handled and committed (not "accepted, handled in the
  background"): a worker that dies mid-update leaves it unanswered, Telegram sends it again, and the
  update-id mark (bot/middlewares.py) makes sure a repeat of a finished one is skipped.
- Several workers can listen on one port (`SO_REUSEPORT`: the kernel spreads the connections) or on
  ports of their own behind the proxy.
- SIGTERM: the worker stops listening, finishes the requests in hand (up to SHUTDOWN_TIMEOUT), then
  the scheduler finishes the messages it is sending, and the connections close.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal

from aiogram import Bot
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web

from bot.app import App

log = logging.getLogger(__name__)


def build_web_app(app: App, bot: Bot) -> web.Application:
    """The aiohttp application: the webhook path and a health check for the proxy."""
    settings = app.settings
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
    handler = SimpleRequestHandler(app.dispatcher, bot, handle_in_background=False, secret_token=secret)
    web_app = web.Application()
    slots = asyncio.Semaphore(settings.update_concurrency)

    async def handle(request: web.Request) -> web.StreamResponse:
        async with slots:  # as many at once as polling would take (UPDATE_CONCURRENCY); the rest wait
            return await handler.handle(request)

    # Not handler.register(): that closes the bot's session on the app's shutdown, before the requests
    # in hand have finished; closing is ours, at the very end.
    web_app.router.add_route("POST", settings.webhook_path, handle)

    async def health(_: web.Request) -> web.Response:
        return web.json_response({"ok": True, "in_flight": app.inflight.count})

    web_app.router.add_get("/healthz", health)
    return web_app


async def ensure_webhook(app: App, bot: Bot) -> None:
    """Registers the webhook with Telegram unless it is already this address (workers start together)."""
    settings = app.settings
    assert settings.webhook_url and settings.webhook_secret
    info = await bot.get_webhook_info()
    if info.url == settings.webhook_url:
        return
    await bot.set_webhook(
        settings.webhook_url,
        secret_token=settings.webhook_secret.get_secret_value(),
        allowed_updates=app.dispatcher.resolve_used_update_types(),
        drop_pending_updates=False,
    )
    log.info("webhook set to %s", settings.webhook_url)


async def serve(app: App, bot: Bot, stop: asyncio.Event | None = None) -> None:
    """Serves until SIGTERM / SIGINT (or `stop` is set), then shuts down gracefully."""
    settings = app.settings
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    await app.dispatcher.emit_startup(bot=bot, **app.dispatcher.workflow_data)
    runner = web.AppRunner(build_web_app(app, bot), access_log=None, handle_signals=False, shutdown_timeout=settings.shutdown_timeout)
    await runner.setup()
    host, port = settings.listen
    try:
        site = web.TCPSite(runner, host, port, reuse_port=True)
        await site.start()
        await ensure_webhook(app, bot)
        log.info("webhook worker listening on %s:%d%s", host, port, settings.webhook_path)
        await stop.wait()
        log.info("stopping: no new requests; finishing %d in hand", app.inflight.count)
    finally:
        # Stops listening, then waits for the requests in hand (each is an update being handled).
        await runner.cleanup()
        await app.inflight.wait_idle(settings.shutdown_timeout)
        await app.dispatcher.emit_shutdown(bot=bot, **app.dispatcher.workflow_data)
        for sig in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.remove_signal_handler(sig)
