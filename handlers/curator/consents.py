"""/consents: who waits for a parent's consent, and recording a consent the parent signed on paper."""

from __future__ import annotations

import logging
from html import escape

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import MenuCb, PaperCb
from bot.clock import Clock
from bot.config import Settings
from bot.i18n import L10n, Translator
from bot.services import paper_consent
from bot.services.notify import tell_participant
from bot.services.programme import current_programme
from db.models import Participant
from handlers import flow
from handlers.curator import ui

log = logging.getLogger(__name__)


def name_of(t: Translator, participant: Participant, html: bool = True) -> str:
    """The name for a message (HTML-escaped) or, with html=False, for a button."""
    if participant.full_name:
        name = ui.short(participant.full_name)
        return escape(name) if html else name
    return t("consents-unnamed", id=participant.id)


async def consents_screen(
    session: AsyncSession, t: Translator, settings: Settings, page: int
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The list; `page` counts from 0 (PaperCb(action="list") carries it in `pid`)."""
    programme = await current_programme(session)
    if programme is None:
        return t("curator-no-programme"), None
    waiting = await paper_consent.awaiting_parent(session, programme.id)
    if not waiting:
        return t("consents-empty"), None
    shown, page, pages = ui.page_of(waiting, page)
    lines = [t("consents-title", count=len(waiting))]
    if pages > 1:
        lines.append(t("curator-page", page=page + 1, pages=pages))
    lines.append("")
    keyboard = []
    for number, participant in enumerate(shown, start=page * ui.PER_PAGE + 1):
        name = name_of(t, participant)
        lines.append(
            t(
                "consents-item",
                number=number,
                name=name,
                role=flow.role_label(t, participant.role),
                form=flow.form_label(t, participant.form),
                since=ui.local_date(participant.updated_at, settings.tz),
            )
        )
        label = t("consents-button", name=name_of(t, participant, html=False))
        keyboard.append([flow.button(label, PaperCb(action="ask", pid=participant.id))])
    nav = ui.pager(t, page, pages, lambda p: PaperCb(action="list", pid=p))
    if nav:
        keyboard.append(nav)
    return "\n".join(lines), flow.kb(*keyboard)


async def on_command(message: Message, session: AsyncSession, state: FSMContext, t: Translator, settings: Settings) -> None:
    await state.clear()
    text, markup = await consents_screen(session, t, settings, 0)
    await message.answer(text, reply_markup=markup)


async def on_menu(
    callback: CallbackQuery, bot: Bot, session: AsyncSession, state: FSMContext, t: Translator, settings: Settings
) -> None:
    await callback.answer()
    await state.clear()
    text, markup = await consents_screen(session, t, settings, 0)
    await bot.send_message(callback.from_user.id, text, reply_markup=markup)


async def on_button(
    callback: CallbackQuery,
    callback_data: PaperCb,
    bot: Bot,
    session: AsyncSession,
    t: Translator,
    l10n: L10n,
    settings: Settings,
    clock: Clock,
) -> None:
    action = callback_data.action
    if action == "list":
        await callback.answer()
        text, markup = await consents_screen(session, t, settings, callback_data.pid)
        await ui.show(callback, bot, text, markup)
        return
    programme = await current_programme(session)
    participant = (
        await paper_consent.waiting_participant(session, callback_data.pid, programme.id) if programme else None
    )
    if action not in ("ask", "confirm") or participant is None:
        await callback.answer(t("consents-not-waiting"), show_alert=True)
        return
    name = name_of(t, participant)
    back = flow.button(t("curator-back"), PaperCb(action="list"))
    if action == "ask":
        await callback.answer()
        text = t(
            "consents-ask",
            name=name,
            role=flow.role_label(t, participant.role),
            form=flow.form_label(t, participant.form),
        )
        markup = flow.kb([flow.button(t("consents-confirm"), PaperCb(action="confirm", pid=participant.id))], [back])
        await ui.show(callback, bot, text, markup)
        return

    await paper_consent.record_paper_consent(
        session, participant, version=settings.consent_version, curator_id=callback.from_user.id, now=clock.now()
    )
    await callback.answer()
    await tell_participant(
        session, l10n, clock.now(), participant, "paper-consent",
        lambda ct: ct("minor-paper-consent"), lambda ct: flow.resume_button(ct, participant),
    )
    await ui.show(callback, bot, t("consents-done", name=name), flow.kb([back]))


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(on_command, Command("consents"))
    router.callback_query.register(on_menu, MenuCb.filter(F.item == "consents"))
    router.callback_query.register(on_button, PaperCb.filter())
    return router
