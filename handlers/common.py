"""Commands that work everywhere in a private chat: /help, /cancel, /language."""

from __future__ import annotations

from datetime import datetime

from aiogram import Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import LangCb
from bot.clock import Clock
from bot.i18n import SUPPORTED, L10n, Translator
from bot.services.onboarding import get_or_create_user, participations
from bot.states import Dialog
from db.models import User
from handlers import flow


async def on_help(
    message: Message, session: AsyncSession, t: Translator, user: User | None, is_curator: bool, is_coordinator: bool = False
) -> None:
    if is_curator or is_coordinator:
        if is_curator:
            await message.answer(t("help-curator"))
        if is_coordinator:
            await message.answer(t("help-coordinator"))
    elif user is not None and await participations(session, user.id):
        await message.answer(t("help-participant"))
    else:
        await message.answer(t("help-guest"))


async def on_cancel(message: Message, state: FSMContext, t: Translator) -> None:
    current = await state.get_state()
    await state.clear()
    if current == Dialog.questionnaire.state:
        await message.answer(t("cancel-questionnaire"))
    elif current is not None:
        await message.answer(t("cancel-done"))
    else:
        await message.answer(t("cancel-nothing"))


async def on_language(message: Message, t: Translator) -> None:
    await message.answer(
        t("language-choose"),
        reply_markup=flow.kb([flow.button(t(f"language-{code}"), LangCb(code=code)) for code in SUPPORTED]),
    )


async def on_language_chosen(
    callback: CallbackQuery, callback_data: LangCb, session: AsyncSession, l10n: L10n, clock: Clock, user: User | None
) -> None:
    if callback_data.code not in SUPPORTED:
        await callback.answer()
        return
    now: datetime = clock.now()
    user = user or await get_or_create_user(session, callback.from_user.id, callback.from_user.language_code, now)
    user.locale = callback_data.code
    t = l10n.translator(callback_data.code)
    await callback.answer()
    await flow.safe_edit_text(callback.message, t("language-set"))


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(on_help, Command("help"))
    router.message.register(on_cancel, Command("cancel"))
    router.message.register(on_language, Command("language"))
    router.callback_query.register(on_language_chosen, LangCb.filter())
    return router
