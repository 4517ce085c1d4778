"""The curator's menu (on /start)."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.types import InlineKeyboardMarkup, Message

from bot.callbacks import MenuCb
from bot.i18n import Translator
from handlers.flow import button, kb
from handlers.menus import set_curator_commands

MENU_ITEMS = ("invite", "links", "import", "consents")


def curator_menu(t: Translator) -> InlineKeyboardMarkup:
    return kb(*[[button(t(f"curator-menu-{item}"), MenuCb(item=item))] for item in MENU_ITEMS])


async def show_curator_menu(message: Message, bot: Bot, t: Translator) -> None:
    await message.answer(t("curator-menu"), reply_markup=curator_menu(t))
    await set_curator_commands(bot, message.chat.id, t)


def create_router() -> Router:
    return Router(name=__name__)
