"""Webhook mode in-process: aiogram's aiohttp handler over real HTTP, the secret header, repeated
updates handled once, and the settings that go with it. Two real worker processes are in
tests/test_workers.py."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiogram.methods import SendMessage
from aiohttp import web
from pydantic import SecretStr
from sqlalchemy import func, select

from bot.config import Settings, describe_error
from bot.webhook import build_web_app
from db.models import ProcessedUpdate
from tests.conftest import TEST_TOKEN
from tests.harness import UPDATE_IDS, BotClient, Person

SECRET = "s3cret-token_for-tests-only"
STRANGER = Person(4242, "Гость")


@pytest.fixture
async def webhook(client: BotClient) -> AsyncIterator[str]:
    client.app.settings = client.app.settings.model_copy(
        update={"webhook_url": "https://bot.example.org/telegram/hook", "webhook_secret": SecretStr(SECRET)}
    )
    runner = web.AppRunner(build_web_app(client.app, client.bot), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield f"http://127.0.0.1:{port}/telegram/hook"
    finally:
        await runner.cleanup()


def start_update(update_id: int, person: Person = STRANGER) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "from": person.json(),
            "chat": {"id": person.id, "type": "private", "first_name": person.first_name},
            "date": 1795424400,
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }


async def post(url: str, update: dict[str, Any], secret: str | None) -> int:
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
    async with aiohttp.ClientSession() as http, http.post(url, json=update, headers=headers) as response:
        await response.read()
        return response.status


def replies_to(client: BotClient, person: Person) -> list[SendMessage]:
    return [r for r in client.fake.requests if isinstance(r, SendMessage) and int(r.chat_id) == person.id]


async def marks(client: BotClient) -> int:
    async with client.app.sessionmaker() as session:
        return int(await session.scalar(select(func.count()).select_from(ProcessedUpdate)) or 0)


async def test_requests_without_the_secret_are_refused(client: BotClient, webhook: str) -> None:
    before = await marks(client)
    assert await post(webhook, start_update(next(UPDATE_IDS)), None) == 401
    assert await post(webhook, start_update(next(UPDATE_IDS)), "wrong-secret-of-same-shape") == 401
    assert await post(webhook, start_update(next(UPDATE_IDS)), SECRET[:-1]) == 401
    assert replies_to(client, STRANGER) == []
    assert await marks(client) == before  # nothing was handled

    assert await post(webhook, start_update(next(UPDATE_IDS)), SECRET) == 200
    [reply] = replies_to(client, STRANGER)
    assert "приглаш" in reply.text.lower()  # a stranger is told they need an invitation
    assert await marks(client) == before + 1


async def test_only_the_webhook_path_takes_updates(client: BotClient, webhook: str) -> None:
    base = webhook.rsplit("/telegram/hook", 1)[0]
    assert await post(base + "/", start_update(next(UPDATE_IDS)), SECRET) in (404, 405)
    async with aiohttp.ClientSession() as http, http.get(base + "/healthz") as response:
        assert response.status == 200
        assert (await response.json())["ok"] is True
    assert replies_to(client, STRANGER) == []


async def test_a_repeated_update_is_handled_once(client: BotClient, webhook: str) -> None:
    """Telegram retries an update it is not sure arrived, possibly to another worker; at once, or later."""
    update_id = next(UPDATE_IDS)
    statuses = await asyncio.gather(*(post(webhook, start_update(update_id), SECRET) for _ in range(3)))
    assert statuses == [200, 200, 200]  # Telegram must not retry again
    assert await post(webhook, start_update(update_id), SECRET) == 200
    assert len(replies_to(client, STRANGER)) == 1
    # The same through the polling path (feed_update), and a new id is handled as usual.
    await client.feed(start_update(update_id))
    assert len(replies_to(client, STRANGER)) == 1
    await client.feed(start_update(next(UPDATE_IDS)))
    assert len(replies_to(client, STRANGER)) == 2


async def test_an_update_that_failed_is_not_marked(client: BotClient) -> None:
    """A handler that raised rolled back its transaction, the mark with it: a repeat runs again."""
    update_id = next(UPDATE_IDS)
    failures = 0

    async def fail_once(handler: Any, event: Any, data: dict[str, Any]) -> Any:
        nonlocal failures
        if failures == 0:
            failures += 1
            raise RuntimeError("the database went away mid-update")
        return await handler(event, data)

    client.app.dispatcher.message.outer_middleware(fail_once)  # runs after the mark was written
    try:
        await client.feed(start_update(update_id))
        assert failures == 1 and "что-то пошло не так" in replies_to(client, STRANGER)[-1].text.lower()
        async with client.app.sessionmaker() as session:
            assert await session.get(ProcessedUpdate, update_id) is None
        await client.feed(start_update(update_id))  # the retry is handled
        assert "приглаш" in replies_to(client, STRANGER)[-1].text.lower()
        async with client.app.sessionmaker() as session:
            assert await session.get(ProcessedUpdate, update_id) is not None
    finally:
        client.app.dispatcher.message.outer_middleware.unregister(fail_once)


def make(**values: Any) -> Settings:
    return Settings(_env_file=None, bot_token=TEST_TOKEN, **values)  # type: ignore[call-arg]


def test_webhook_settings() -> None:
    s = make(webhook_url="https://bot.example.org/tg/hook", webhook_secret=SECRET, webhook_listen="0.0.0.0:8443")
    assert (s.webhook_path, s.listen) == ("/tg/hook", ("0.0.0.0", 8443))
    assert make(webhook_url="https://bot.example.org", webhook_secret=SECRET).webhook_path == "/"
    for values, message in [
        ({"webhook_url": "https://bot.example.org/tg"}, "WEBHOOK_SECRET is required with WEBHOOK_URL"),
        ({"webhook_url": "http://bot.example.org/tg", "webhook_secret": SECRET}, "WEBHOOK_URL must be https"),
        ({"webhook_url": "bot.example.org", "webhook_secret": SECRET}, "WEBHOOK_URL must be a full address"),
        ({"webhook_url": "https://b.org/tg", "webhook_secret": "short"}, "WEBHOOK_SECRET must be 16-256"),
        ({"webhook_url": "https://b.org/tg", "webhook_secret": "кириллица-не-годится-x"}, "WEBHOOK_SECRET must be 16-256"),
        ({"webhook_listen": "8080"}, "WEBHOOK_LISTEN must be host:port"),
    ]:
        with pytest.raises(Exception) as info:
            make(**values)
        assert message in describe_error(info.value), describe_error(info.value)
    # A local Bot API server (tests, a closed network) may post over plain HTTP.
    assert make(webhook_url="http://127.0.0.1:8080/tg", webhook_secret=SECRET, telegram_api_url="http://127.0.0.1:8081").webhook_url


async def test_sigterm_finishes_the_update_in_hand_and_takes_no_more(client: BotClient) -> None:
    """`serve()` as `python -m bot` runs it: on the stop signal the worker stops listening, the update
    it is handling finishes (its reply is sent and its changes committed), then it exits."""
    from aiogram.methods import SetWebhook

    from bot.webhook import serve

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    client.app.settings = client.app.settings.model_copy(
        update={
            "webhook_url": f"https://bot.example.org/hook{port}",
            "webhook_secret": SecretStr(SECRET),
            "webhook_listen": f"127.0.0.1:{port}",
        }
    )
    url = f"http://127.0.0.1:{port}/hook{port}"
    entered = asyncio.Event()

    async def slow(handler: Any, event: Any, data: dict[str, Any]) -> Any:
        entered.set()
        await asyncio.sleep(1.0)  # a handler still busy when the signal comes
        return await handler(event, data)

    client.app.dispatcher.message.outer_middleware(slow)
    stop = asyncio.Event()
    server = asyncio.create_task(serve(client.app, client.bot, stop))
    try:
        async with aiohttp.ClientSession() as http:
            for _ in range(100):
                try:
                    async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
                        if response.status == 200:
                            break
                except aiohttp.ClientError:
                    await asyncio.sleep(0.05)
        assert [r.url for r in client.fake.requests if isinstance(r, SetWebhook)] == [f"https://bot.example.org/hook{port}"]
        in_hand = next(UPDATE_IDS)
        first = asyncio.create_task(post(url, start_update(in_hand), SECRET))
        await asyncio.wait_for(entered.wait(), 10)
        assert client.app.inflight.count == 1
        stop.set()
        await asyncio.sleep(0.2)
        with pytest.raises(aiohttp.ClientConnectionError):  # no longer listening
            await post(url, start_update(next(UPDATE_IDS)), SECRET)
        assert await first == 200
        await asyncio.wait_for(server, 30)
    finally:
        client.app.dispatcher.message.outer_middleware.unregister(slow)
        stop.set()
        if not server.done():
            server.cancel()
    [reply] = replies_to(client, STRANGER)
    assert "приглаш" in reply.text.lower()
    async with client.app.sessionmaker() as session:
        assert await session.get(ProcessedUpdate, in_hand) is not None
    assert client.app.inflight.count == 0
