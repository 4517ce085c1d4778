"""A fake Bot API that records every request, and a client that talks to the real Dispatcher with
Telegram's own update JSON."""

from __future__ import annotations

import io
import itertools
from collections.abc import AsyncGenerator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from aiogram import Bot
from aiogram.client.session.base import BaseSession
from aiogram.methods import (
    AnswerCallbackQuery,
    EditMessageReplyMarkup,
    EditMessageText,
    GetFile,
    GetMe,
    GetWebhookInfo,
    SendDocument,
    SendMessage,
    TelegramMethod,
)
from aiogram.types import Chat, Document, File, InlineKeyboardMarkup, Message, Update, User, WebhookInfo
from openpyxl import load_workbook

from bot.app import App
from scheduler.service import Scheduler

BOT_ID = 7000000001
BOT_USERNAME = "school_mentor_test_bot"
# Update ids are unique across the clients of a test run, as Telegram's are: the bot skips an update
# id it has already handled, and a restarted bot keeps its database.
UPDATE_IDS = itertools.count(1)


class FakeTelegram(BaseSession):
    """Answers like the Bot API would and keeps every request, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.requests: list[TelegramMethod[Any]] = []
        self.files: dict[str, bytes] = {}
        self._ids = itertools.count(1000)
        self.messages: dict[tuple[int, int], Message] = {}

    async def close(self) -> None:
        return None

    def _message(self, chat_id: int, **fields: Any) -> Message:
        message = Message(
            message_id=next(self._ids),
            date=datetime(2026, 11, 23, 9, 0),
            chat=Chat(id=chat_id, type="private"),
            from_user=User(id=BOT_ID, is_bot=True, first_name="Bot", username=BOT_USERNAME),
            **fields,
        )
        self.messages[(chat_id, message.message_id)] = message
        return message

    async def make_request(self, bot: Bot, method: TelegramMethod[Any], timeout: int | None = None) -> Any:
        self.requests.append(method)
        if isinstance(method, GetMe):
            return User(id=BOT_ID, is_bot=True, first_name="Bot", username=BOT_USERNAME)
        if isinstance(method, SendMessage):
            return self._message(int(method.chat_id), text=method.text, reply_markup=method.reply_markup)
        if isinstance(method, SendDocument):
            name = getattr(method.document, "filename", None) or "file"
            return self._message(
                int(method.chat_id),
                document=Document(file_id=f"doc{len(self.requests)}", file_unique_id=f"u{len(self.requests)}", file_name=name),
                caption=method.caption,
            )
        if isinstance(method, EditMessageText | EditMessageReplyMarkup):
            key = (int(method.chat_id or 0), int(method.message_id or 0))
            old = self.messages.get(key)
            if old is None:
                return True
            changes: dict[str, Any] = {"reply_markup": method.reply_markup}
            if isinstance(method, EditMessageText):
                changes["text"] = method.text
            new = old.model_copy(update=changes)
            self.messages[key] = new
            return new
        if isinstance(method, GetWebhookInfo):
            return WebhookInfo(url="", has_custom_certificate=False, pending_update_count=0)
        if isinstance(method, GetFile):
            return File(file_id=method.file_id, file_unique_id=method.file_id, file_path=f"documents/{method.file_id}")
        return True

    async def stream_content(self, url: str, headers: Any = None, timeout: int = 30, chunk_size: int = 65536, raise_for_status: bool = True) -> AsyncGenerator[bytes, None]:
        path = url.rsplit("/documents/", 1)[-1]
        yield self.files[path]


@dataclass(frozen=True)
class Person:
    id: int
    first_name: str = "Анна"
    language_code: str | None = "ru"

    def json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.language_code:
            data["language_code"] = self.language_code
        return data


CURATOR = Person(100, "Ольга", "ru")


def command_entities(text: str) -> list[dict[str, Any]]:
    if not text.startswith("/"):
        return []
    return [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]


class BotClient:
    """Talks to the bot as people do and reads back what the bot sent."""

    def __init__(self, app: App, fake: FakeTelegram, bot: Bot, scheduler: Scheduler | None = None) -> None:
        self.app = app
        self.fake = fake
        self.bot = bot
        self.scheduler = scheduler
        # Deliver what an update queued (notifications to others) before the test looks, as the
        # running sender would a moment later.
        self.auto_deliver = True
        self._update_ids = UPDATE_IDS
        self._message_ids = itertools.count(1)
        self._date = 1795424400  # 2026-11-23 09:00 UTC

    async def feed(self, update: dict[str, Any]) -> list[TelegramMethod[Any]]:
        start = len(self.fake.requests)
        update.setdefault("update_id", next(self._update_ids))
        await self.app.dispatcher.feed_update(self.bot, Update.model_validate(update, context={"bot": self.bot}))
        if self.auto_deliver and self.scheduler is not None:
            await self.scheduler.sender.drain()
        return self.fake.requests[start:]

    async def tick(self) -> list[TelegramMethod[Any]]:
        """One run of the planner and the sender at the clock's current time; what was sent."""
        assert self.scheduler is not None
        start = len(self.fake.requests)
        await self.scheduler.tick()
        return self.fake.requests[start:]

    def message_json(self, person: Person, chat: dict[str, Any] | None = None, **content: Any) -> dict[str, Any]:
        return {
            "message_id": next(self._message_ids),
            "from": person.json(),
            "chat": chat or {"id": person.id, "type": "private", "first_name": person.first_name},
            "date": self._date,
            **content,
        }

    async def send(self, person: Person, text: str, chat: dict[str, Any] | None = None) -> list[TelegramMethod[Any]]:
        content: dict[str, Any] = {"text": text}
        if entities := command_entities(text):
            content["entities"] = entities
        return await self.feed({"message": self.message_json(person, chat, **content)})

    async def send_content(self, person: Person, **content: Any) -> list[TelegramMethod[Any]]:
        return await self.feed({"message": self.message_json(person, **content)})

    async def send_document(self, person: Person, name: str, data: bytes, caption: str | None = None) -> list[TelegramMethod[Any]]:
        file_id = f"upload{len(self.fake.files) + 1}"
        self.fake.files[file_id] = data
        content: dict[str, Any] = {"document": {"file_id": file_id, "file_unique_id": file_id, "file_name": name, "file_size": len(data)}}
        if caption:
            content["caption"] = caption
        return await self.feed({"message": self.message_json(person, **content)})

    async def callback(self, person: Person, data: str, message: Message | None = None) -> list[TelegramMethod[Any]]:
        msg = message or self.fake._message(person.id, text="old message")
        return await self.feed(
            {
                "callback_query": {
                    "id": str(next(self._update_ids)),
                    "from": person.json(),
                    "chat_instance": "ci",
                    "data": data,
                    "message": msg.model_dump(mode="json", by_alias=True, exclude_none=True),
                }
            }
        )

    def find_button(self, person: Person, label: str) -> tuple[Message, str]:
        """The newest message to this person that has a button whose text contains `label`."""
        for (chat_id, _), message in sorted(self.fake.messages.items(), key=lambda kv: -kv[0][1]):
            if chat_id != person.id or not isinstance(message.reply_markup, InlineKeyboardMarkup):
                continue
            for row in message.reply_markup.inline_keyboard:
                for button in row:
                    if label in button.text and button.callback_data:
                        return message, button.callback_data
        raise AssertionError(f"no button {label!r} in messages to {person.id}: {self.texts_to(person)[-3:]}")

    async def press(self, person: Person, label: str) -> list[TelegramMethod[Any]]:
        message, data = self.find_button(person, label)
        return await self.callback(person, data, message)

    def texts_to(self, person: Person) -> list[str]:
        return [r.text for r in self.fake.requests if isinstance(r, SendMessage) and int(r.chat_id) == person.id]

    def last_text(self, person: Person) -> str:
        texts = self.texts_to(person)
        return texts[-1] if texts else ""


def texts(requests: list[TelegramMethod[Any]]) -> str:
    """Everything the bot said in these requests, as one string to search."""
    parts: list[str] = []
    for r in requests:
        if isinstance(r, SendMessage | EditMessageText):
            parts.append(r.text)
        elif isinstance(r, AnswerCallbackQuery) and r.text:
            parts.append(r.text)
        elif isinstance(r, SendDocument) and r.caption:
            parts.append(r.caption)
    return "\n".join(parts)


def alerts(requests: list[TelegramMethod[Any]]) -> list[str]:
    return [r.text for r in requests if isinstance(r, AnswerCallbackQuery) and r.text]


def sent_to(requests: list[TelegramMethod[Any]], chat_id: int) -> list[SendMessage]:
    return [r for r in requests if isinstance(r, SendMessage) and int(r.chat_id) == chat_id]


def read_xlsx(data: bytes) -> dict[str, list[list[Any]]]:
    """Every sheet of a workbook the bot sent: rows of values, trailing empty cells dropped."""
    book = load_workbook(io.BytesIO(data))
    out: dict[str, list[list[Any]]] = {}
    for sheet in book.worksheets:
        rows = []
        for row in sheet.iter_rows(values_only=True):
            cells = list(row)
            while cells and cells[-1] is None:
                cells.pop()
            rows.append(cells)
        out[sheet.title] = rows
    return out
