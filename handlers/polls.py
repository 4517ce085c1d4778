"""The buttons of the scheduled questionnaires (scheduler/rules.py): the monthly feedback poll and
the relationship check. A button starts the questionnaire (or resumes it where the person
stopped); answers then go through handlers/questionnaire.py like any other questionnaire.

The button's data is untrusted: it must be the presser's own participant, the kind one of the two,
and the period one that is open now (bot/services/polls.py); nothing is stored otherwise.
"""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import PollCb
from bot.clock import Clock
from bot.i18n import Translator
from bot.services import polls
from db.models import Participant, User
from handlers import flow


async def on_poll_button(
    callback: CallbackQuery,
    callback_data: PollCb,
    bot: Bot,
    session: AsyncSession,
    state: FSMContext,
    t: Translator,
    clock: Clock,
    user: User | None,
) -> None:
    participant = await session.get(Participant, callback_data.pid)
    if participant is None or user is None or participant.user_id != user.id:
        await callback.answer(t(polls.NOT_YOURS), show_alert=True)
        return
    kind, period = callback_data.kind, callback_data.period
    refusal = await polls.check_open(session, participant, kind, period, clock.now())
    if refusal is not None:
        await callback.answer(t(refusal), show_alert=True)
        return
    await flow.open_from_button(callback, bot, t, session, state, participant, kind, period, "poll-already-answered", clock)


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(on_poll_button, PollCb.filter())
    return router
