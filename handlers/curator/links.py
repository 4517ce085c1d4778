"""/links: the programme's active invitation links, page by page, and revoking one."""

from __future__ import annotations

from html import escape

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import LinksCb, MenuCb
from bot.clock import Clock
from bot.config import Settings
from bot.i18n import Translator
from bot.services import invites
from bot.services.programme import current_programme
from db.models import Invite, InviteKind
from handlers.curator import ui
from handlers.flow import button, form_label, kb, role_label


def describe(t: Translator, settings: Settings, invite: Invite, username: str) -> str:
    if invite.kind == InviteKind.PERSONAL:
        who = t("links-for", name=escape(ui.short(invite.full_name))) if invite.full_name else t("invite-name-none")
    else:
        who = t("links-uses", uses=invite.uses, max=invite.max_uses)
    expiry = (
        t("links-expires", date=ui.local_date(invite.expires_at, settings.tz)) if invite.expires_at else t("links-no-expiry")
    )
    return t(
        "links-item",
        role=role_label(t, invite.role),
        form=form_label(t, invite.form),
        kind=t(f"links-kind-{invite.kind}"),
        who=who,
        expiry=expiry,
        link=invites.deep_link(username, invite.code),
    )


async def links_screen(
    bot: Bot, session: AsyncSession, t: Translator, settings: Settings, clock: Clock, page: int
) -> tuple[str, InlineKeyboardMarkup | None]:
    programme = await current_programme(session)
    if programme is None:
        return t("curator-no-programme"), None
    active = await invites.active_invites(session, programme.id, clock.now())
    if not active:
        return t("links-empty"), None
    shown, page, pages = ui.page_of(active, page)
    username = (await bot.me()).username or ""
    first = page * ui.PER_PAGE + 1
    lines = [t("links-title", count=len(active))]
    if pages > 1:
        lines.append(t("curator-page", page=page + 1, pages=pages))
    rows = []
    for number, invite in enumerate(shown, start=first):
        lines += ["", t("links-numbered", number=number, item=describe(t, settings, invite, username))]
        rows.append(button(t("links-revoke-button", number=number), LinksCb(action="revoke", id=invite.id, page=page)))
    keyboard = [rows[i : i + 2] for i in range(0, len(rows), 2)]
    nav = ui.pager(t, page, pages, lambda p: LinksCb(action="page", page=p))
    if nav:
        keyboard.append(nav)
    return "\n".join(lines), kb(*keyboard)


async def on_command(
    message: Message, bot: Bot, session: AsyncSession, state: FSMContext, t: Translator, settings: Settings, clock: Clock
) -> None:
    await state.clear()
    text, markup = await links_screen(bot, session, t, settings, clock, 0)
    await message.answer(text, reply_markup=markup)


async def on_menu(
    callback: CallbackQuery, bot: Bot, session: AsyncSession, state: FSMContext, t: Translator, settings: Settings, clock: Clock
) -> None:
    await callback.answer()
    await state.clear()
    text, markup = await links_screen(bot, session, t, settings, clock, 0)
    await bot.send_message(callback.from_user.id, text, reply_markup=markup)


async def on_button(
    callback: CallbackQuery,
    callback_data: LinksCb,
    bot: Bot,
    session: AsyncSession,
    t: Translator,
    settings: Settings,
    clock: Clock,
) -> None:
    action, page = callback_data.action, callback_data.page
    if action == "page":
        await callback.answer()
        text, markup = await links_screen(bot, session, t, settings, clock, page)
        await ui.show(callback, bot, text, markup)
        return
    if action not in ("revoke", "confirm"):
        await callback.answer(t("button-stale"), show_alert=True)
        return
    programme = await current_programme(session)
    invite = await session.get(Invite, callback_data.id) if 0 < callback_data.id <= ui.MAX_ID else None
    if programme is None or invite is None or invite.programme_id != programme.id:
        await callback.answer(t("links-not-found"), show_alert=True)
        return
    username = (await bot.me()).username or ""
    back = button(t("curator-back"), LinksCb(action="page", page=page))
    if action == "revoke" and invite.revoked_at is None:
        await callback.answer()
        markup = kb([button(t("links-revoke-confirm"), LinksCb(action="confirm", id=invite.id, page=page))], [back])
        await ui.show(callback, bot, t("links-revoke-question", item=describe(t, settings, invite, username)), markup)
        return
    revoked = await invites.revoke(session, invite.id, programme.id, clock.now(), by=callback.from_user.id)  # by: the audit log
    if revoked is None:
        await callback.answer(t("links-not-found"), show_alert=True)
        return
    await callback.answer()
    await ui.show(callback, bot, t("links-revoked", link=invites.deep_link(username, invite.code)), kb([back]))


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(on_command, Command("links"))
    router.callback_query.register(on_menu, MenuCb.filter(F.item == "links"))
    router.callback_query.register(on_button, LinksCb.filter())
    return router
