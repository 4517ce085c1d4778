"""The one boundary where unexpected errors end: logged, and the person is told."""

from __future__ import annotations

import logging
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import ErrorEvent

from bot.i18n import L10n

log = logging.getLogger(__name__)


async def on_error(event: ErrorEvent, bot: Bot, l10n: L10n, **data: Any) -> bool:
    log.exception("update %s failed", event.update.update_id, exc_info=event.exception)
    user = data.get("event_from_user")
    chat = data.get("event_chat")
    if user is None or chat is None or chat.type != "private":
        return True
    text = l10n.get(l10n.pick(None, user.language_code), "error-generic")
    try:
        if event.update.callback_query is not None:
            await event.update.callback_query.answer(text, show_alert=True)
        else:
            await bot.send_message(chat.id, text)
    except TelegramAPIError:
        log.warning("could not tell user %s about the error", user.id)
    return True
