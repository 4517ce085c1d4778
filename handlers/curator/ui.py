"""Small pieces the curator's screens share: showing a screen in place, pages, dates, the programme."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Translator
from bot.services.programme import current_programme
from db.models import Programme
from handlers.flow import button

PER_PAGE = 10
MAX_ID = 2**31 - 1  # ids in button data are untrusted; beyond an INTEGER column they cannot exist
SHORT_NAME = 40
T = TypeVar("T")


async def programme_or_tell(session: AsyncSession, bot: Bot, chat_id: int, t: Translator) -> Programme | None:
    programme = await current_programme(session)
    if programme is None:
        await bot.send_message(chat_id, t("curator-no-programme"))
    return programme


async def show(callback: CallbackQuery, bot: Bot, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Turns the pressed message into the next screen; sends a new message if it cannot be edited."""
    message = callback.message
    if isinstance(message, Message):
        try:
            await message.edit_text(text, reply_markup=markup)
            return
        except TelegramBadRequest as exc:
            if "not modified" in str(exc):
                return
    await bot.send_message(callback.from_user.id, text, reply_markup=markup)


def page_of(items: Sequence[T], page: int, per_page: int = PER_PAGE) -> tuple[list[T], int, int]:
    """The items of a page (clamped into range), the page and the number of pages."""
    pages = max(1, (len(items) + per_page - 1) // per_page)
    page = min(max(page, 0), pages - 1)
    return list(items[page * per_page : (page + 1) * per_page]), page, pages


def pager(t: Translator, page: int, pages: int, data: Callable[[int], Any]) -> list[InlineKeyboardButton]:
    row: list[InlineKeyboardButton] = []
    if page > 0:
        row.append(button(t("curator-page-prev"), data(page - 1)))
    if page < pages - 1:
        row.append(button(t("curator-page-next"), data(page + 1)))
    return row


def local_date(moment: datetime, tz: ZoneInfo) -> str:
    return moment.astimezone(tz).strftime("%d.%m.%Y")


def short(text: str, limit: int = SHORT_NAME) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
