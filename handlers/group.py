"""Groups and channels: the bot works in private chats only, and stores nothing from elsewhere."""

from __future__ import annotations

import logging

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, ChatMemberUpdated, Message

from bot.i18n import L10n, Translator

log = logging.getLogger(__name__)
NOT_PRIVATE = F.chat.type != ChatType.PRIVATE


async def on_added(event: ChatMemberUpdated, bot: Bot, l10n: L10n) -> None:
    t = l10n.translator(l10n.pick(None, event.from_user.language_code if event.from_user else None))
    try:
        await bot.send_message(event.chat.id, t("group-refusal"))
        await bot.leave_chat(event.chat.id)
    except TelegramAPIError:
        log.info("could not leave chat %s", event.chat.id)


async def on_group_command(message: Message, t: Translator) -> None:
    await message.reply(t("group-refusal"))


async def on_group_button(callback: CallbackQuery, t: Translator) -> None:
    await callback.answer(t("group-refusal"), show_alert=True)


async def ignore(_: object) -> None:
    """Ordinary talk in a group is not for the bot."""


def create_router() -> Router:
    router = Router(name=__name__)
    router.my_chat_member.register(
        on_added, NOT_PRIVATE, F.new_chat_member.status.in_({"member", "administrator"})
    )
    router.my_chat_member.register(ignore, NOT_PRIVATE)
    router.message.register(on_group_command, NOT_PRIVATE, F.text.startswith("/"))
    router.message.register(ignore, NOT_PRIVATE)
    router.channel_post.register(ignore)
    router.edited_message.register(ignore, NOT_PRIVATE)
    router.callback_query.register(on_group_button, F.message.chat.type != ChatType.PRIVATE)
    return router
