"""/stuck: who began registering and has not finished, what they still lack and since when, page by page."""

from __future__ import annotations

from datetime import timedelta
from html import escape

from aiogram import Bot, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import StuckCb
from bot.clock import Clock
from bot.config import Settings
from bot.i18n import Translator
from bot.services.programme import current_programme
from bot.services.programme_settings import settings_of
from db.models import Invite, Participant
from handlers.curator import ui
from handlers.flow import form_label, kb, role_label
from bot.services.onboarding import stuck_people


def name_of(t: Translator, participant: Participant, invites: dict[int, Invite]) -> str:
    invite = invites.get(participant.invite_id or 0)
    name = participant.full_name or (invite.full_name if invite else None)
    return escape(ui.short(name)) if name else t("stuck-unnamed", id=participant.id)


async def stuck_screen(
    session: AsyncSession, t: Translator, settings: Settings, clock: Clock, page: int
) -> tuple[str, InlineKeyboardMarkup | None]:
    programme = await current_programme(session)
    if programme is None:
        return t("curator-no-programme"), None
    days = min(settings_of(programme).onboarding_reminder_days)
    now = clock.now()
    people = await stuck_people(session, programme.id, now, timedelta(days=days))
    if not people:
        return t("stuck-empty", days=days), None
    shown, page, pages = ui.page_of(people, page)
    invite_ids = [p.invite_id for p in shown if p.invite_id and not p.full_name]
    invites = {i.id: i for i in await session.scalars(select(Invite).where(Invite.id.in_(invite_ids)))} if invite_ids else {}
    lines = [t("stuck-title", count=len(people)), t("stuck-scope", days=days)]
    if pages > 1:
        lines.append(t("curator-page", page=page + 1, pages=pages))
    for number, participant in enumerate(shown, start=page * ui.PER_PAGE + 1):
        lines += [
            "",
            t(
                "stuck-item",
                number=number,
                name=name_of(t, participant, invites),
                role=role_label(t, participant.role),
                form=form_label(t, participant.form),
                missing=t(f"stuck-missing-{participant.status.replace('_', '-')}"),
                since=ui.local_date(participant.created_at, settings.tz),
                days=(now - participant.created_at).days,
            ),
        ]
    nav = ui.pager(t, page, pages, lambda p: StuckCb(page=p))
    return "\n".join(lines), kb(nav) if nav else None


async def on_command(
    message: Message, session: AsyncSession, state: FSMContext, t: Translator, settings: Settings, clock: Clock
) -> None:
    await state.clear()
    text, markup = await stuck_screen(session, t, settings, clock, 0)
    await message.answer(text, reply_markup=markup)


async def on_page(
    callback: CallbackQuery,
    callback_data: StuckCb,
    bot: Bot,
    session: AsyncSession,
    t: Translator,
    settings: Settings,
    clock: Clock,
) -> None:
    await callback.answer()
    text, markup = await stuck_screen(session, t, settings, clock, callback_data.page)
    await ui.show(callback, bot, text, markup)


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(on_command, Command("stuck"))
    router.callback_query.register(on_page, StuckCb.filter())
    return router
