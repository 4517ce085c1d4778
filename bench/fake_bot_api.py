"""A small imitation of the Telegram Bot API over real HTTP, for the delivery tests and benchmarks.

It answers `/bot<token>/<method>` like api.telegram.org would, for the methods the bot uses at
start-up and for sending: `getMe`, `getUpdates` (the updates queued with `push_update`, from the
`offset` asked; with none, it waits up to the `timeout` asked, at most `max_poll_wait` seconds),
`setMyCommands`, `deleteMyCommands`, `setWebhook`, `deleteWebhook`, `getWebhookInfo`,
`answerCallbackQuery` (true), `editMessageText` / `editMessageReplyMarkup` / `sendDocument` (a
plausible Message, not recorded) and `sendMessage` (recorded; a valid Message with an increasing
message_id). Other methods get Telegram's 404 "Not Found".

A bot may put one path segment before `/bot<token>/` (`TELEGRAM_API_URL=http://127.0.0.1:8081/w1`):
each delivery records it as `via`, so a test with several processes knows which one sent what.

Faults, for `sendMessage`, checked in this order:
- flood control: more than `limit` sendMessage calls arrived in the last second (a sliding window
  over every arrival, refused ones included) -> 429 with `parameters.retry_after`;
- `fail_first` (the first N calls that pass flood control) and `fail_fraction` (seeded) -> 500;
- a chat in `forbidden` -> 403 "bot was blocked by the user".

In-process (tests, benchmarks), in the running event loop:

    async with FakeBotAPI(limit=30) as api:
        settings.telegram_api_url = api.url      # TelegramAPIServer.from_base(api.url)
        ...
        api.delivered                             # [Delivered(chat_id, text, at, message_id)]

Standalone: `python -m bench.fake_bot_api --port 8081 [--limit 30] [--forbid 1,2] [--fail-first 2]`
and run the bot with TELEGRAM_API_URL=http://127.0.0.1:8081.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import random
import sys
import time
from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Self

from aiohttp import web

BOT_USER = {"id": 7000000001, "is_bot": True, "first_name": "Fake", "username": "fake_bot_api_bot"}
TRUE_METHODS = {
    "setmycommands", "deletemycommands", "setwebhook", "deletewebhook", "setchatmenubutton", "answercallbackquery",
    "close", "logout",
}

EDIT_METHODS = {"editmessagetext", "editmessagereplymarkup"}
FILE_METHODS = {"senddocument", "sendphoto"}


@dataclass(frozen=True)
class Delivered:
    chat_id: int
    text: str
    at: float  # time.monotonic() when the request arrived
    message_id: int
    via: str = ""  # the path segment before /bot<token>/, if the bot's API URL had one


@dataclass(frozen=True)
class Refused:
    chat_id: int | None
    text: str
    at: float
    status: int  # 429, 500, 403, 400


class FakeBotAPI:
    def __init__(
        self,
        *,
        limit: int | None = 30,
        retry_after: int = 1,
        forbidden: Iterable[int] = (),
        fail_first: int = 0,
        fail_fraction: float = 0.0,
        seed: int = 0,
        max_poll_wait: float = 1.0,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.limit = limit
        self.retry_after = retry_after
        self.forbidden = set(forbidden)
        self.fail_first = fail_first
        self.fail_fraction = fail_fraction
        self.max_poll_wait = max_poll_wait
        self.host = host
        self.port = port
        self._random = random.Random(seed)
        self._message_ids = itertools.count(1)
        self._window: deque[float] = deque()
        self._failed_first = 0
        self._runner: web.AppRunner | None = None
        self.delivered: list[Delivered] = []
        self.refused: list[Refused] = []
        self.calls: Counter[str] = Counter()  # by method name as the bot spelled it
        self.answers: Counter[int] = Counter()  # sendMessage answers by HTTP status
        self._changed = asyncio.Event()
        self._updates: list[dict[str, Any]] = []  # queued for getUpdates, oldest first
        self._update_ids = itertools.count(1)
        self._new_update = asyncio.Event()
        self.webhook_url = ""

    # ---- life cycle --------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    async def start(self) -> str:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_route("*", "/{via}/bot{token}/{method}", self._handle)
        # A pending getUpdates ends within max_poll_wait anyway: do not wait a minute on shutdown.
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=max(1.0, self.max_poll_wait + 0.5))
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        if self.port == 0:
            self.port = self._runner.addresses[0][1]
        return self.url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    def push_update(self, update: dict[str, Any]) -> int:
        """Queues an update for getUpdates (an `update_id` is added if it has none); returns its id."""
        update.setdefault("update_id", next(self._update_ids))
        self._updates.append(update)
        self._new_update.set()
        return int(update["update_id"])

    # ---- what was received ---------------------------------------------------------------------

    def texts(self) -> Counter[str]:
        """How many times each text was delivered."""
        return Counter(d.text for d in self.delivered)

    def to_chat(self, chat_id: int) -> list[Delivered]:
        return [d for d in self.delivered if d.chat_id == chat_id]

    async def wait_until(self, predicate: Any, timeout: float) -> bool:
        """Waits until predicate(self) is true (checked on every answer); False on timeout."""
        deadline = time.monotonic() + timeout
        while not predicate(self):
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), min(left, 0.2))
        return True

    # ---- answers -------------------------------------------------------------------------------

    @staticmethod
    def _ok(result: Any) -> web.Response:
        return web.json_response({"ok": True, "result": result})

    @staticmethod
    def _error(status: int, description: str, parameters: dict[str, Any] | None = None) -> web.Response:
        body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
        if parameters:
            body["parameters"] = parameters
        return web.json_response(body, status=status)

    async def _params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        if request.method == "POST":
            if request.content_type == "application/json":
                with contextlib.suppress(ValueError):
                    params.update(await request.json())
            else:
                params.update({k: v for k, v in (await request.post()).items() if isinstance(v, str)})
        return params

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        self.calls[method] += 1
        params = await self._params(request)
        name = method.lower()
        if name == "getme":
            return self._ok(BOT_USER)
        if name == "getupdates":
            return self._ok(await self._get_updates(params))
        if name == "setwebhook":
            self.webhook_url = str(params.get("url", ""))
        if name == "deletewebhook":
            self.webhook_url = ""
        if name == "getwebhookinfo":
            return self._ok({"url": self.webhook_url, "has_custom_certificate": False, "pending_update_count": 0})
        if name in TRUE_METHODS:
            return self._ok(True)
        if name in EDIT_METHODS:  # the edited message, as Telegram answers (its text is not checked)
            return self._ok(self._message_json(params, next(self._message_ids), str(params.get("text", ""))))
        if name in FILE_METHODS:
            message = self._message_json(params, next(self._message_ids), "")
            message["document"] = {"file_id": f"f{message['message_id']}", "file_unique_id": f"u{message['message_id']}"}
            return self._ok(message)
        if name == "sendmessage":
            response = self._send_message(params, request.match_info.get("via", ""))
            self._changed.set()
            return response
        return self._error(404, "Not Found")

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        try:
            offset = int(params.get("offset", 0) or 0)
            wait = float(params.get("timeout", 0) or 0)
        except ValueError:
            offset, wait = 0, 0.0
        # Telegram forgets the updates before `offset`: they were confirmed.
        self._updates = [u for u in self._updates if int(u["update_id"]) >= offset]
        if not self._updates:
            self._new_update.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._new_update.wait(), max(0.0, min(wait, self.max_poll_wait)))
        return [u for u in self._updates if int(u["update_id"]) >= offset][:100]

    def _send_message(self, params: dict[str, Any], via: str = "") -> web.Response:
        now = time.monotonic()
        text = str(params.get("text", ""))
        try:
            chat_id: int | None = int(params.get("chat_id", ""))
        except ValueError:
            chat_id = None
        window = self._window
        while window and window[0] <= now - 1.0:
            window.popleft()
        window.append(now)
        if self.limit is not None and len(window) > self.limit:
            return self._refuse(
                chat_id, text, now, 429, f"Too Many Requests: retry after {self.retry_after}", {"retry_after": self.retry_after}
            )
        if self._failed_first < self.fail_first:
            self._failed_first += 1
            return self._refuse(chat_id, text, now, 500, "Internal Server Error")
        if self.fail_fraction and self._random.random() < self.fail_fraction:
            return self._refuse(chat_id, text, now, 500, "Internal Server Error")
        if chat_id is None:
            return self._refuse(chat_id, text, now, 400, "Bad Request: chat not found")
        if chat_id in self.forbidden:
            return self._refuse(chat_id, text, now, 403, "Forbidden: bot was blocked by the user")
        if not text:
            return self._refuse(chat_id, text, now, 400, "Bad Request: message text is empty")
        message_id = next(self._message_ids)
        self.delivered.append(Delivered(chat_id, text, now, message_id, via))
        self.answers[200] += 1
        return self._ok(self._message_json(params, message_id, text))

    @staticmethod
    def _message_json(params: dict[str, Any], message_id: int, text: str) -> dict[str, Any]:
        try:
            chat_id = int(params.get("chat_id", 0) or 0)
        except ValueError:
            chat_id = 0
        message: dict[str, Any] = {
            "message_id": int(params.get("message_id", 0) or 0) or message_id,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group", "first_name": "User"},
            "from": BOT_USER,
        }
        if text:
            message["text"] = text
        markup = params.get("reply_markup")
        if markup:
            with contextlib.suppress(ValueError):
                message["reply_markup"] = json.loads(markup) if isinstance(markup, str) else markup
        return message

    def _refuse(
        self, chat_id: int | None, text: str, now: float, status: int, description: str, parameters: dict[str, Any] | None = None
    ) -> web.Response:
        self.refused.append(Refused(chat_id, text, now, status))
        self.answers[status] += 1
        return self._error(status, description, parameters)

    def summary(self) -> str:
        answers = ", ".join(f"{status}: {n}" for status, n in sorted(self.answers.items()))
        return f"sendMessage answers {answers or 'none'}; delivered {len(self.delivered)} to {len({d.chat_id for d in self.delivered})} chats"


async def _serve(args: argparse.Namespace) -> None:
    forbidden = {int(c) for c in args.forbid.split(",") if c.strip()} if args.forbid else set()
    api = FakeBotAPI(
        limit=args.limit or None,
        retry_after=args.retry_after,
        forbidden=forbidden,
        fail_first=args.fail_first,
        fail_fraction=args.fail_fraction,
        host=args.host,
        port=args.port,
    )
    async with api:
        print(f"fake Bot API at {api.url} (TELEGRAM_API_URL={api.url}); Ctrl+C to stop", flush=True)
        try:
            last = None
            while True:
                await asyncio.sleep(5)
                line = api.summary()
                if line != last:
                    print(line, flush=True)
                    last = line
        finally:
            print(api.summary(), flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--limit", type=int, default=30, help="sendMessage calls a second before 429 (0: no limit)")
    parser.add_argument("--retry-after", type=int, default=1)
    parser.add_argument("--forbid", default="", help="chat ids answered 403, comma-separated")
    parser.add_argument("--fail-first", type=int, default=0, help="answer 500 to the first N sendMessage calls")
    parser.add_argument("--fail-fraction", type=float, default=0.0, help="answer 500 to this fraction of sendMessage calls")
    args = parser.parse_args(argv)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args))


if __name__ == "__main__":
    main(sys.argv[1:])
