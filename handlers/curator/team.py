"""/curators: the curators of the curator's own school, inviting a colleague, removing one.

A colleague joins with a single-use link (`/start s_<code>`, bot/services/staff.py). Curators from
`CURATOR_IDS` are managed in the settings and cannot be removed here; nobody removes themselves.
Button data is untrusted: a staff id must be a removable colleague of this very school.
"""

from __future__ import annotations

from html import escape

from aiogram import Bot, Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.i18n import L10n, Translator
from bot.services import audit
from bot.services import staff as svc
from bot.services.invites import deep_link
from bot.services.notify import tell_user
from db.models import Organisation, Staff, User
from handlers.curator import ui
from handlers.flow import button, kb


class TeamCb(CallbackData, prefix="tm"):
    action: str  # list | link | rm | rmok
    id: int = 0


def who(t: Translator, row: Staff, me: int) -> str:
    name = escape(row.full_name) if row.full_name else t("team-no-name", id=row.telegram_id)
    return t("team-me", name=name) if row.telegram_id == me else name


async def team_screen(session: AsyncSession, t: Translator, me: Staff) -> tuple[str, InlineKeyboardMarkup]:
    org = await session.get(Organisation, me.organisation_id)
    rows = await svc.curators_of(session, me.organisation_id)
    lines = [t("team-title", school=escape(org.name if org and org.name else t("schools-unnamed")))]
    lines += [t("team-item", n=i, name=who(t, row, me.telegram_id)) for i, row in enumerate(rows, 1)]
    lines.append(t("team-hint"))
    buttons = [[button(t("team-invite"), TeamCb(action="link"))]]
    buttons += [
        [button(t("team-remove", name=ui.short(row.full_name or str(row.telegram_id))), TeamCb(action="rm", id=row.id))]
        for row in rows
        if row.added_by is not None and row.telegram_id != me.telegram_id
    ]
    return "\n".join(lines), kb(*buttons)


async def link_text(bot: Bot, t: Translator, settings: Settings, school: str, link_code: str, expires: str) -> str:
    username = (await bot.me()).username or ""
    return t("team-link", school=escape(school), link=deep_link(username, svc.STAFF_PREFIX + link_code), date=expires)


async def on_command(message: Message, session: AsyncSession, state: FSMContext, t: Translator, curator: Staff) -> None:
    await state.clear()
    text, markup = await team_screen(session, t, curator)
    await message.answer(text, reply_markup=markup)


async def on_button(
    callback: CallbackQuery,
    callback_data: TeamCb,
    bot: Bot,
    session: AsyncSession,
    t: Translator,
    l10n: L10n,
    settings: Settings,
    clock: Clock,
    curator: Staff,
) -> None:
    action, me = callback_data.action, callback.from_user.id
    if action == "list":
        await callback.answer()
        await ui.show(callback, bot, *await team_screen(session, t, curator))
        return
    if action == "link":
        link = await svc.create_link(session, curator.organisation_id, me, clock.now())
        await audit.record_on(session, me, audit.CURATOR_LINK, link, clock.now())
        org = await session.get(Organisation, curator.organisation_id)
        await callback.answer()
        expires = ui.local_date(link.expires_at, settings.tz)
        await bot.send_message(me, await link_text(bot, t, settings, org.name if org else "", link.code, expires))
        return
    row = await session.get(Staff, callback_data.id) if 0 < callback_data.id <= ui.MAX_ID else None
    removable = row is not None and row.organisation_id == curator.organisation_id and row.added_by is not None and row.telegram_id != me
    if action not in ("rm", "rmok") or row is None or not removable:
        await callback.answer(t("team-not-found"), show_alert=True)
        return
    back = button(t("curator-back"), TeamCb(action="list"))
    name = escape(row.full_name or str(row.telegram_id))
    if action == "rm":
        await callback.answer()
        await ui.show(callback, bot, t("team-remove-question", name=name), kb([button(t("team-remove-yes"), TeamCb(action="rmok", id=row.id))], [back]))
        return
    removed = await svc.remove_curator(session, curator.organisation_id, row.id, me)
    if removed is None:
        await callback.answer(t("team-not-found"), show_alert=True)
        return
    await audit.record_on(session, me, audit.CURATOR_REMOVE, removed, clock.now(), details={"telegram_id": removed.telegram_id})
    org = await session.get(Organisation, curator.organisation_id)
    user = await session.scalar(select(User).where(User.telegram_id == removed.telegram_id))
    if user is not None:  # a colleague who never wrote to the bot has no chat to tell
        school = escape(org.name if org and org.name else "")
        await tell_user(session, l10n, clock.now(), user, "curator-removed", lambda ut: ut("team-you-removed", school=school))
    await callback.answer(t("team-removed", name=name))
    await ui.show(callback, bot, *await team_screen(session, t, curator))


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(on_command, Command("curators"))
    router.callback_query.register(on_button, TeamCb.filter())
    return router
