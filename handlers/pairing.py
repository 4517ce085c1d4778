"""The preference round (stage 5): the curator opens it, each participant ranks or marks people."""

from __future__ import annotations

import logging

from aiogram import Bot, Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.filters import CuratorFilter
from bot.i18n import L10n, Translator
from bot.services import answers as store
from bot.services.outbox import Draft, enqueue
from bot.services.preferences import PREFERENCE
from bot.services.programme import current_programme
from bot.states import Dialog
from db.models import Pair, PairStatus, Participant, ParticipantStatus, ResponseStatus, User
from handlers import flow

log = logging.getLogger(__name__)


class PrefCb(CallbackData, prefix="pref"):
    pid: int


async def open_round(
    message: Message, bot: Bot, session: AsyncSession, t: Translator, l10n: L10n, clock: Clock, settings: Settings
) -> None:
    """Sends every active participant without a pair the button to fill in their preferences."""
    programme = await current_programme(session)
    if programme is None:
        return
    paired = select(Pair.mentee_id).where(Pair.status == PairStatus.ACTIVE)
    people = list(
        await session.scalars(
            select(Participant).where(
                Participant.programme_id == programme.id,
                Participant.status == ParticipantStatus.ACTIVE,
                Participant.id.not_in(paired),
            )
        )
    )
    # Through the outbox: paced to Telegram's limits, delivered after a restart, once per person
    # a day however often the curator presses.
    drafts = []
    day = clock.now().astimezone(settings.tz).strftime("%Y%m%d")
    for person in people:
        if person.user.unreachable_at is not None:
            continue
        pt = l10n.for_user(person.user)
        drafts.append(
            Draft(
                key=f"pref:{person.id}:{day}",
                kind="preferences",
                chat_id=person.user.telegram_id,
                user_id=person.user_id,
                programme_id=programme.id,
                text=pt(f"pref-invite-{person.role}"),
                markup=flow.kb([flow.button(pt("pref-start"), PrefCb(pid=person.id))]),
            )
        )
    queued = await enqueue(session, drafts, clock.now())
    await message.answer(t("pref-round-opened", sent=queued, unreachable=len(people) - len(drafts), repeated=len(drafts) - queued))


async def start_preferences(
    callback: CallbackQuery,
    callback_data: PrefCb,
    bot: Bot,
    session: AsyncSession,
    state: FSMContext,
    t: Translator,
    clock: Clock,
    user: User | None,
) -> None:
    participant = await session.get(Participant, callback_data.pid)
    if participant is None or user is None or participant.user_id != user.id:
        await callback.answer(t("button-not-yours"), show_alert=True)
        return
    if participant.status != ParticipantStatus.ACTIVE:
        await callback.answer(t("button-stale"), show_alert=True)
        return
    name = PREFERENCE[participant.role]
    response = await store.start_response(session, participant, name, "", clock.now())
    if response.status == ResponseStatus.SUBMITTED:
        await callback.answer(t("pref-already"), show_alert=True)
        return
    await callback.answer()
    await flow.safe_edit_markup(callback.message)
    await state.set_state(Dialog.questionnaire)
    await state.set_data({"response_id": response.id})
    await flow.show_current(bot, callback.from_user.id, t, session, response)


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(open_round, Command("preferences"), CuratorFilter())
    router.callback_query.register(start_preferences, PrefCb.filter())
    return router
