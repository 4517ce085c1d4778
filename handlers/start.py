"""/start: with an invitation code, without one, and a parent's consent link."""

from __future__ import annotations

from html import escape

from aiogram import Bot, F, Router
from aiogram.filters import CommandObject, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import JoinCb, ResumeCb
from bot.clock import Clock
from bot.config import Settings
from bot.i18n import Translator
from bot.services import invites as inv
from bot.services import staff
from bot.services.onboarding import get_or_create_user, join, participations, unfinished
from db.models import Invite, Participant, User
from handlers import flow
from handlers.consent import show_parent_consent
from handlers.coordinator import show_coordinator_menu
from handlers.curator.menu import show_curator_menu
from handlers.menus import set_participant_commands, set_staff_commands

MAX_START_ARG = 64


async def start_with_code(
    message: Message,
    command: CommandObject,
    bot: Bot,
    session: AsyncSession,
    state: FSMContext,
    t: Translator,
    settings: Settings,
    clock: Clock,
    user: User | None,
    is_coordinator: bool = False,
) -> None:
    code = (command.args or "").strip()[:MAX_START_ARG]
    if code.startswith(staff.STAFF_PREFIX):
        await become_curator(message, bot, session, state, t, clock, code.removeprefix(staff.STAFF_PREFIX), is_coordinator)
        return
    if code.startswith(inv.PARENT_PREFIX):
        await show_parent_consent(message, code, session, t, settings, user)
        return
    check = await inv.check_invite(session, code, user.id if user else None, clock.now())
    if check.own_participant is not None:
        await flow.resume(bot, message.chat.id, t, settings, session, state, check.own_participant, clock)
        return
    if check.problem is not None or check.invite is None:
        await message.answer(t(f"start-invite-{check.problem or 'unknown'}"))
        return
    invite = check.invite
    parts = await participations(session, user.id) if user else []
    same = next((p for p in parts if p.role == invite.role and p.form == invite.form), None)
    if same is not None:
        await message.answer(t("start-already-in-role"), reply_markup=flow.resume_button(t, same))
        return
    pending = unfinished(parts)
    if pending is not None:
        await message.answer(
            t("start-finish-first", role=flow.role_label(t, pending.role)), reply_markup=flow.resume_button(t, pending)
        )
        return
    if parts:
        await message.answer(
            t(
                "start-join-another-role",
                role=flow.role_label(t, parts[0].role),
                new_role=flow.role_label(t, invite.role),
                form=flow.form_label(t, invite.form),
            ),
            reply_markup=flow.kb([flow.button(t("start-join-confirm"), JoinCb(code=invite.code))]),
        )
        return
    await _join(message.chat.id, message.from_user.language_code if message.from_user else None, invite, bot, session, state, t, settings, clock)


async def become_curator(
    message: Message, bot: Bot, session: AsyncSession, state: FSMContext, t: Translator, clock: Clock, code: str, is_coordinator: bool
) -> None:
    """A curator link (`s_…`): its opener becomes a curator of the link's school."""
    tg = message.from_user
    name = tg.full_name if tg is not None else None
    result = await staff.redeem(session, code, message.chat.id, name, clock.now())
    school = escape(result.organisation.name) if result.organisation and result.organisation.name else t("schools-unnamed")
    if result.problem is not None:
        await message.answer(t(f"staff-link-{result.problem.value.replace('_', '-')}", school=school))
        return
    await state.clear()
    # A User row (ids and language only) lets the bot tell them in their language, e.g. when removed.
    await get_or_create_user(session, message.chat.id, tg.language_code if tg else None, clock.now())
    await message.answer(t("staff-link-already" if result.already else "staff-link-welcome", school=school))
    await show_curator_menu(message, bot, t)
    if is_coordinator:
        await set_staff_commands(bot, message.chat.id, t, curator=True, coordinator=True)


async def _join(
    chat_id: int,
    language_code: str | None,
    invite: Invite,
    bot: Bot,
    session: AsyncSession,
    state: FSMContext,
    t: Translator,
    settings: Settings,
    clock: Clock,
) -> Participant | None:
    if not await inv.take_use(session, invite, clock.now()):
        await bot.send_message(chat_id, t("start-invite-used"))
        return None
    user = await get_or_create_user(session, chat_id, language_code, clock.now())
    participant = join(invite, user, clock.now())
    session.add(participant)
    await session.flush()
    await state.clear()
    await bot.send_message(
        chat_id,
        t("welcome", role=flow.role_label(t, invite.role), form=flow.form_label(t, invite.form)),
    )
    await flow.send_consent_screen(bot, chat_id, t, settings, session, participant)
    await set_participant_commands(bot, chat_id, t)
    return participant


async def confirm_join(
    callback: CallbackQuery,
    callback_data: JoinCb,
    bot: Bot,
    session: AsyncSession,
    state: FSMContext,
    t: Translator,
    settings: Settings,
    clock: Clock,
    user: User | None,
) -> None:
    check = await inv.check_invite(session, callback_data.code, user.id if user else None, clock.now())
    parts = await participations(session, user.id) if user else []
    if check.invite is None or check.problem is not None or check.own_participant is not None or unfinished(parts):
        await callback.answer(t("button-stale"), show_alert=True)
        return
    await callback.answer()
    await flow.safe_edit_markup(callback.message)
    await _join(callback.from_user.id, callback.from_user.language_code, check.invite, bot, session, state, t, settings, clock)


async def start_plain(
    message: Message,
    bot: Bot,
    session: AsyncSession,
    state: FSMContext,
    t: Translator,
    settings: Settings,
    clock: Clock,
    user: User | None,
    is_curator: bool,
    is_coordinator: bool = False,
) -> None:
    if is_curator or is_coordinator:
        if is_curator:
            await show_curator_menu(message, bot, t)
        if is_coordinator:
            await show_coordinator_menu(message, bot, t, is_curator)
        return
    parts = await participations(session, user.id) if user else []
    if not parts:
        await message.answer(t("start-no-invite"))
        return
    await flow.resume(bot, message.chat.id, t, settings, session, state, unfinished(parts) or parts[-1], clock)


async def on_resume(
    callback: CallbackQuery,
    callback_data: ResumeCb,
    bot: Bot,
    session: AsyncSession,
    state: FSMContext,
    t: Translator,
    settings: Settings,
    clock: Clock,
    user: User | None,
) -> None:
    participant = await session.get(Participant, callback_data.pid)
    if participant is None or user is None or participant.user_id != user.id:
        await callback.answer(t("button-not-yours"), show_alert=True)
        return
    await callback.answer()
    await flow.safe_edit_markup(callback.message)
    await flow.resume(bot, callback.from_user.id, t, settings, session, state, participant, clock)


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(start_with_code, CommandStart(deep_link=True))
    router.message.register(start_plain, CommandStart())
    router.callback_query.register(confirm_join, JoinCb.filter())
    router.callback_query.register(on_resume, ResumeCb.filter(), F.from_user)
    return router
