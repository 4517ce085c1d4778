"""/profile: the person's submitted answers, and changing one of them."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import ProfileCb
from bot.i18n import Translator
from bot.services import answers as store
from bot.services.onboarding import participations, unfinished
from bot.states import Dialog
from db.models import Participant, QuestionnaireResponse, ResponseStatus, User
from handlers import flow
from questionnaires.engine import QUESTIONNAIRES


# Answers about a month, the pair or its end are not the person's profile: they are not shown or
# changed here (a changed relationship score would bypass the curator's alert).
NOT_PROFILE = ("feedback", "relationship", "exit")


async def show_profile(bot: Bot, chat_id: int, t: Translator, session: AsyncSession, participant: Participant) -> None:
    responses = await session.scalars(
        select(QuestionnaireResponse)
        .where(
            QuestionnaireResponse.participant_id == participant.id,
            QuestionnaireResponse.status == ResponseStatus.SUBMITTED,
            QuestionnaireResponse.questionnaire.not_in(NOT_PROFILE),
        )
        .order_by(QuestionnaireResponse.id)
    )
    header = t("profile-header", role=flow.role_label(t, participant.role), form=flow.form_label(t, participant.form))
    await bot.send_message(chat_id, header)
    for response in responses:
        qn = QUESTIONNAIRES[response.questionnaire]
        context = await store.context_for(session, participant, qn)
        text, _ = flow.review_view(t, qn, response, context, submitted=True)
        await bot.send_message(
            chat_id, text, reply_markup=flow.kb([flow.button(t("profile-change"), ProfileCb(action="edit", rid=response.id))])
        )


async def on_profile(message: Message, bot: Bot, session: AsyncSession, t: Translator, user: User | None) -> None:
    parts = await participations(session, user.id) if user else []
    if not parts:
        await message.answer(t("profile-none"))
        return
    pending = unfinished(parts)
    if pending is not None:
        await message.answer(t("profile-unfinished"), reply_markup=flow.resume_button(t, pending))
    for participant in parts:
        if participant is not pending:
            await show_profile(bot, message.chat.id, t, session, participant)


async def on_profile_button(
    callback: CallbackQuery,
    callback_data: ProfileCb,
    bot: Bot,
    session: AsyncSession,
    state: FSMContext,
    t: Translator,
    user: User | None,
) -> None:
    response = await session.get(QuestionnaireResponse, callback_data.rid)
    participant = await session.get(Participant, response.participant_id) if response else None
    if response is None or participant is None or user is None or participant.user_id != user.id:
        await callback.answer(t("button-not-yours"), show_alert=True)
        return
    if response.status != ResponseStatus.SUBMITTED or response.questionnaire in NOT_PROFILE:
        await callback.answer(t("button-stale"), show_alert=True)
        return
    qn = QUESTIONNAIRES[response.questionnaire]
    context = await store.context_for(session, participant)
    if callback_data.action == "edit":
        await callback.answer()
        await flow.safe_edit_markup(
            callback.message,
            flow.pick_question_view(t, qn, response, context, lambda key: ProfileCb(action="pick", rid=response.id, q=key)),
        )
        return
    question = qn.question(callback_data.q)
    if callback_data.action != "pick" or question is None or question not in qn.visible(store.answers_of(response), context):
        await callback.answer(t("button-stale"), show_alert=True)
        return
    await callback.answer()
    await flow.safe_edit_markup(callback.message)
    response.cursor = question.key
    await state.set_state(Dialog.questionnaire)
    await state.set_data({"response_id": response.id, "return_to": "profile"})
    await flow.show_current(bot, callback.from_user.id, t, session, response)


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(on_profile, Command("profile"))
    router.callback_query.register(on_profile_button, ProfileCb.filter())
    return router
