"""/invite: a personal (single-use) or a group invitation link, step by step.

role -> form -> kind; personal: name (or skip) -> link; group: expiry -> use limit -> link.
Every press is checked against the step the wizard is on and against the programme: button data is
untrusted, and a stale or forged press stores nothing.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from html import escape

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import InviteCb, MenuCb
from bot.clock import Clock
from bot.config import Settings
from bot.i18n import Translator
from bot.services import invites
from bot.services.programme import current_programme
from bot.states import InviteWizard
from db.models import Form, Invite, InviteKind, Programme, Role
from handlers.curator import ui
from handlers.flow import button, form_label, kb, role_label


class InviteSteps(StatesGroup):
    """The button-only steps that come before InviteWizard's typed ones."""

    role = State()
    form = State()
    kind = State()


EXPIRY_DAYS = ("7", "14", "30")
LIMITS = ("10", "30", "100")
MAX_LIMIT = 1000
NAME_MAX = Invite.__table__.c.full_name.type.length or 200
DATE_RE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
STEP_STATE = {
    "role": InviteSteps.role,
    "form": InviteSteps.form,
    "kind": InviteSteps.kind,
    "skipname": InviteWizard.name,
    "expiry": InviteWizard.expiry,
    "limit": InviteWizard.limit,
}


def enabled_forms(programme: Programme) -> list[str]:
    return [f.value for f in Form if f.value in (programme.forms or [])]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _example(today: date) -> str:
    return (today + timedelta(days=14)).strftime("%d.%m.%Y")


def today_local(clock: Clock, settings: Settings) -> date:
    return clock.now().astimezone(settings.tz).date()


def end_of_day(day: date, settings: Settings) -> datetime:
    """The last second of that day in the school's timezone, as aware UTC."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=settings.tz).astimezone(UTC)


def parse_day(text: str) -> date | None:
    match = DATE_RE.match(text.strip())
    if match is None:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


# ---- screens ------------------------------------------------------------------------------------


def role_keyboard(t: Translator) -> InlineKeyboardMarkup:
    return kb(*[[button(t(f"invite-role-{r.value}"), InviteCb(step="role", value=r.value))] for r in Role])


def form_keyboard(t: Translator, forms: list[str]) -> InlineKeyboardMarkup:
    return kb(*[[button(_capital(form_label(t, f)), InviteCb(step="form", value=f))] for f in forms])


def kind_keyboard(t: Translator) -> InlineKeyboardMarkup:
    return kb(*[[button(t(f"invite-kind-{k.value}"), InviteCb(step="kind", value=k.value))] for k in InviteKind])


def expiry_keyboard(t: Translator) -> InlineKeyboardMarkup:
    return kb([button(t("invite-expiry-days", days=int(d)), InviteCb(step="expiry", value=d)) for d in EXPIRY_DAYS])


def limit_keyboard(t: Translator) -> InlineKeyboardMarkup:
    return kb([button(t("invite-limit-option", limit=int(n)), InviteCb(step="limit", value=n)) for n in LIMITS])


async def open_wizard(bot: Bot, chat_id: int, state: FSMContext, t: Translator) -> None:
    await state.clear()
    await state.set_state(InviteSteps.role)
    await bot.send_message(chat_id, t("invite-role-question"), reply_markup=role_keyboard(t))


async def on_command(message: Message, bot: Bot, state: FSMContext, t: Translator) -> None:
    await open_wizard(bot, message.chat.id, state, t)


async def on_menu(callback: CallbackQuery, bot: Bot, state: FSMContext, t: Translator) -> None:
    await callback.answer()
    await open_wizard(bot, callback.from_user.id, state, t)


def _ask_name(t: Translator) -> tuple[str, InlineKeyboardMarkup]:
    return t("invite-name-question", limit=NAME_MAX), kb([button(t("invite-skip"), InviteCb(step="skipname"))])


def _ask_expiry(t: Translator, today: date) -> tuple[str, InlineKeyboardMarkup]:
    return t("invite-expiry-question", example=_example(today)), expiry_keyboard(t)


def _ask_limit(t: Translator, last_day: date) -> tuple[str, InlineKeyboardMarkup]:
    return t("invite-limit-question", date=last_day.strftime("%d.%m.%Y"), max=MAX_LIMIT), limit_keyboard(t)


# ---- the end: the link --------------------------------------------------------------------------


async def _wizard_choice(state: FSMContext, programme: Programme) -> tuple[str, str] | None:
    """The role and form chosen earlier, if still valid."""
    data = await state.get_data()
    role, form = data.get("role"), data.get("form")
    if role not in {r.value for r in Role} or form not in enabled_forms(programme):
        return None
    return role, form


async def _finish_personal(
    bot: Bot, chat_id: int, session: AsyncSession, state: FSMContext, t: Translator, clock: Clock, name: str | None
) -> str | None:
    programme = await current_programme(session)
    choice = await _wizard_choice(state, programme) if programme else None
    if programme is None or choice is None:
        await state.clear()
        return None
    role, form = choice
    invite = await invites.create_invite(
        session,
        programme_id=programme.id,
        role=role,
        form=form,
        kind=InviteKind.PERSONAL,
        created_by=chat_id,
        now=clock.now(),
        full_name=name,
    )
    await state.clear()
    me = await bot.me()
    return t(
        "invite-personal-done",
        role=role_label(t, role),
        form=form_label(t, form),
        name=escape(name) if name else t("invite-name-none"),
        link=invites.deep_link(me.username or "", invite.code),
    )


async def _finish_group(
    bot: Bot, chat_id: int, session: AsyncSession, state: FSMContext, t: Translator, settings: Settings, clock: Clock, limit: int
) -> str | None:
    programme = await current_programme(session)
    choice = await _wizard_choice(state, programme) if programme else None
    until = (await state.get_data()).get("until")
    if programme is None or choice is None or not isinstance(until, str):
        await state.clear()
        return None
    role, form = choice
    last_day = date.fromisoformat(until)
    invite = await invites.create_invite(
        session,
        programme_id=programme.id,
        role=role,
        form=form,
        kind=InviteKind.GROUP,
        created_by=chat_id,
        now=clock.now(),
        max_uses=limit,
        expires_at=end_of_day(last_day, settings),
    )
    await state.clear()
    me = await bot.me()
    return t(
        "invite-group-done",
        role=role_label(t, role),
        form=form_label(t, form),
        date=ui.local_date(invite.expires_at or end_of_day(last_day, settings), settings.tz),
        limit=limit,
        link=invites.deep_link(me.username or "", invite.code),
    )


# ---- buttons ------------------------------------------------------------------------------------


async def on_step(
    callback: CallbackQuery,
    callback_data: InviteCb,
    bot: Bot,
    session: AsyncSession,
    state: FSMContext,
    t: Translator,
    settings: Settings,
    clock: Clock,
) -> None:
    step, value = callback_data.step, callback_data.value
    expected = STEP_STATE.get(step)
    if expected is None or await state.get_state() != expected.state:
        await callback.answer(t("invite-stale"), show_alert=True)
        return
    programme = await current_programme(session)
    if programme is None:
        await callback.answer(t("curator-no-programme"), show_alert=True)
        return
    forms = enabled_forms(programme)
    data = await state.get_data()

    if step == "role":
        if value not in {r.value for r in Role}:
            await callback.answer(t("curator-bad-choice"), show_alert=True)
            return
        await callback.answer()
        if not forms:
            await state.clear()
            await ui.show(callback, bot, t("invite-no-forms"))
            return
        await state.set_state(InviteSteps.form)
        await state.set_data({"role": value})
        await ui.show(callback, bot, t("invite-form-question", role=role_label(t, value)), form_keyboard(t, forms))

    elif step == "form":
        role = data.get("role")
        if value not in forms or role not in {r.value for r in Role}:
            await callback.answer(t("curator-bad-choice"), show_alert=True)
            return
        await callback.answer()
        await state.set_state(InviteSteps.kind)
        await state.update_data(form=value)
        text = t("invite-kind-question", role=role_label(t, role), form=form_label(t, value))
        await ui.show(callback, bot, text, kind_keyboard(t))

    elif step == "kind":
        if value not in {k.value for k in InviteKind} or await _wizard_choice(state, programme) is None:
            await callback.answer(t("curator-bad-choice"), show_alert=True)
            return
        await callback.answer()
        if value == InviteKind.PERSONAL:
            await state.set_state(InviteWizard.name)
            await ui.show(callback, bot, *_ask_name(t))
        else:
            await state.set_state(InviteWizard.expiry)
            await ui.show(callback, bot, *_ask_expiry(t, today_local(clock, settings)))

    elif step == "skipname":
        await callback.answer()
        text = await _finish_personal(bot, callback.from_user.id, session, state, t, clock, None)
        await ui.show(callback, bot, text or t("invite-stale"))

    elif step == "expiry":
        if value not in EXPIRY_DAYS:
            await callback.answer(t("curator-bad-choice"), show_alert=True)
            return
        await callback.answer()
        last_day = today_local(clock, settings) + timedelta(days=int(value))
        await state.set_state(InviteWizard.limit)
        await state.update_data(until=last_day.isoformat())
        await ui.show(callback, bot, *_ask_limit(t, last_day))

    elif step == "limit":
        if value not in LIMITS:
            await callback.answer(t("curator-bad-choice"), show_alert=True)
            return
        await callback.answer()
        text = await _finish_group(bot, callback.from_user.id, session, state, t, settings, clock, int(value))
        await ui.show(callback, bot, text or t("invite-stale"))


# ---- typed answers ------------------------------------------------------------------------------


async def on_name(
    message: Message, bot: Bot, session: AsyncSession, state: FSMContext, t: Translator, clock: Clock
) -> None:
    name = " ".join((message.text or "").split())
    if not name:
        await message.answer(t("invite-name-empty"))
        return
    if len(name) > NAME_MAX:
        await message.answer(t("invite-name-too-long", length=len(name), limit=NAME_MAX))
        return
    text = await _finish_personal(bot, message.chat.id, session, state, t, clock, name)
    await message.answer(text or t("invite-stale"))


async def on_expiry(message: Message, state: FSMContext, t: Translator, settings: Settings, clock: Clock) -> None:
    today = today_local(clock, settings)
    day = parse_day(message.text or "")
    if day is None:
        await message.answer(t("invite-date-invalid", example=_example(today)), reply_markup=expiry_keyboard(t))
        return
    if day < today:
        await message.answer(t("invite-date-past"), reply_markup=expiry_keyboard(t))
        return
    await state.set_state(InviteWizard.limit)
    await state.update_data(until=day.isoformat())
    text, markup = _ask_limit(t, day)
    await message.answer(text, reply_markup=markup)


async def on_limit(
    message: Message, bot: Bot, session: AsyncSession, state: FSMContext, t: Translator, settings: Settings, clock: Clock
) -> None:
    raw = (message.text or "").strip()
    limit = int(raw) if raw.isdecimal() and len(raw) <= 5 else 0
    if not 1 <= limit <= MAX_LIMIT:
        await message.answer(t("invite-limit-invalid", max=MAX_LIMIT), reply_markup=limit_keyboard(t))
        return
    text = await _finish_group(bot, message.chat.id, session, state, t, settings, clock, limit)
    await message.answer(text or t("invite-stale"))


async def use_buttons(message: Message, t: Translator) -> None:
    await message.answer(t("curator-use-buttons"))


async def type_or_buttons(message: Message, t: Translator) -> None:
    await message.answer(t("curator-type-or-buttons"))


def create_router() -> Router:
    router = Router(name=__name__)
    typed = (F.text, ~F.text.startswith("/"))
    router.message.register(on_command, Command("invite"))
    router.callback_query.register(on_menu, MenuCb.filter(F.item == "invite"))
    router.callback_query.register(on_step, InviteCb.filter())
    router.message.register(on_name, StateFilter(InviteWizard.name), *typed)
    router.message.register(on_expiry, StateFilter(InviteWizard.expiry), *typed)
    router.message.register(on_limit, StateFilter(InviteWizard.limit), *typed)
    router.message.register(use_buttons, StateFilter(InviteSteps), ~F.text.startswith("/"))
    router.message.register(type_or_buttons, StateFilter(InviteWizard), ~F.text.startswith("/"))
    return router
