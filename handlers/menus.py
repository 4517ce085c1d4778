"""Command menus: a default one for everyone, and one per role set for the person's chat."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import BotCommand, BotCommandScopeAllPrivateChats, BotCommandScopeChat

from bot.i18n import L10n, Translator

log = logging.getLogger(__name__)

PUBLIC = ("start", "help", "privacy", "language")
PARTICIPANT = ("start", "profile", "pair", "meetings", "plan", "privacy", "help", "language", "cancel")
COORDINATOR = ("start", "schools", "school_add", "help", "language", "cancel")
CURATOR = ("start", "curators", "invite", "links", "import", "consents", "preferences", "match", "pairs", "stuck", "settings", "roadmap", "reports", "swot", "status", "participants", "broadcast", "broadcasts", "audit", "help", "language", "cancel")


def _commands(t: Translator, names: tuple[str, ...]) -> list[BotCommand]:
    return [BotCommand(command=name, description=t(f"cmd-{name}")) for name in names]


async def set_default_commands(bot: Bot, l10n: L10n) -> None:
    try:
        for locale in ("ru", "en"):
            await bot.set_my_commands(
                _commands(l10n.translator(locale), PUBLIC),
                scope=BotCommandScopeAllPrivateChats(),
                language_code=None if locale == l10n.default else locale,
            )
    except TelegramAPIError:
        log.warning("could not set the default command menu")


async def _set_for_chat(bot: Bot, chat_id: int, t: Translator, names: tuple[str, ...]) -> None:
    try:
        await bot.set_my_commands(_commands(t, names), scope=BotCommandScopeChat(chat_id=chat_id))
    except TelegramAPIError:
        log.warning("could not set the command menu for chat %s", chat_id)


async def set_participant_commands(bot: Bot, chat_id: int, t: Translator) -> None:
    await _set_for_chat(bot, chat_id, t, PARTICIPANT)


async def set_curator_commands(bot: Bot, chat_id: int, t: Translator) -> None:
    await _set_for_chat(bot, chat_id, t, CURATOR)


async def set_staff_commands(bot: Bot, chat_id: int, t: Translator, *, curator: bool, coordinator: bool) -> None:
    """A curator's menu, a coordinator's, or both in one list for someone who is both."""
    names = CURATOR if curator else ()
    if coordinator:
        names = names + tuple(name for name in COORDINATOR if name not in names)
    await _set_for_chat(bot, chat_id, t, names or PUBLIC)
