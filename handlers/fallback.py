"""Last in line: whatever no other handler took gets a helpful answer."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message

from bot.i18n import Translator


async def unknown_command(message: Message, t: Translator) -> None:
    await message.answer(t("unknown-command"))


async def unknown_text(message: Message, t: Translator) -> None:
    await message.answer(t("unknown-text"))


async def unknown_button(callback: CallbackQuery, t: Translator) -> None:
    await callback.answer(t("button-stale"), show_alert=True)


async def ignore(_: object) -> None:
    """Edited messages and other updates that need no answer."""


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(unknown_command, F.text.startswith("/"))
    router.message.register(unknown_text)
    router.callback_query.register(unknown_button)
    router.edited_message.register(ignore)
    return router
