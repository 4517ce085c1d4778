"""Answering a questionnaire: buttons, typed answers, back, skip, review, submit.

Every answer is stored the moment it is given; the response's cursor says which question is asked,
so a restart or /cancel resumes exactly there.
"""

from __future__ import annotations

from typing import Any

from aiogram import Bot, F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import AnswerCb
from bot.clock import Clock
from bot.config import Settings
from bot.i18n import Translator
from bot.services import answers as store
from bot.services import polls
from bot.states import Dialog
from db.models import Participant, ParticipantStatus, QuestionnaireResponse, ResponseStatus, User
from handlers import flow
from handlers.profile import show_profile
from questionnaires.engine import QUESTIONNAIRES, REVIEW, Invalid, Question, parse_typed

RETURN_REVIEW, RETURN_PROFILE = "review", "profile"


async def _owned(session: AsyncSession, rid: int, user: User | None) -> tuple[QuestionnaireResponse, Participant] | None:
    response = await session.get(QuestionnaireResponse, rid)
    if response is None or user is None:
        return None
    participant = await session.get(Participant, response.participant_id)
    if participant is None or participant.user_id != user.id:
        return None
    return response, participant


async def _advance(
    bot: Bot,
    chat_id: int,
    t: Translator,
    session: AsyncSession,
    state: FSMContext,
    response: QuestionnaireResponse,
    participant: Participant,
    answered: str,
    clock: Clock,
) -> None:
    """Moves the cursor past the question just answered and shows what comes next."""
    qn = QUESTIONNAIRES[response.questionnaire]
    context = await store.context_for(session, participant)
    answers = store.answers_of(response)
    return_to = (await state.get_data()).get("return_to")
    if return_to in (RETURN_REVIEW, RETURN_PROFILE):
        missing = qn.missing(answers, context)
        if missing:
            response.cursor = missing[0].key
        elif return_to == RETURN_PROFILE:
            store.submit(response, qn, context, clock.now())
            await state.clear()
            await bot.send_message(chat_id, t("profile-saved"))
            await show_profile(bot, chat_id, t, session, participant)
            return
        else:
            response.cursor = REVIEW
            await state.update_data(return_to=None)
    else:
        response.cursor = qn.after(answered, answers, context)
    await session.flush()
    await flow.show_current(bot, chat_id, t, session, response)


async def on_answer_button(
    callback: CallbackQuery,
    callback_data: AnswerCb,
    bot: Bot,
    session: AsyncSession,
    state: FSMContext,
    t: Translator,
    clock: Clock,
    user: User | None,
    settings: Settings,
) -> None:
    owned = await _owned(session, callback_data.rid, user)
    if owned is None:
        await callback.answer(t("button-not-yours"), show_alert=True)
        return
    response, participant = owned
    data = await state.get_data()
    in_dialog = await state.get_state() == Dialog.questionnaire.state and data.get("response_id") == response.id
    if response.status == ResponseStatus.SUBMITTED and not in_dialog:
        await callback.answer(t("qa-already-submitted"), show_alert=True)
        return
    qn = QUESTIONNAIRES[response.questionnaire]
    action = callback_data.action
    cursor = response.cursor or REVIEW
    on_review = action in ("submit", "fix", "edit")
    if (on_review and cursor != REVIEW) or (not on_review and callback_data.q != cursor):
        await callback.answer(t("qa-stale-button"), show_alert=True)
        return
    if not in_dialog:
        await state.set_state(Dialog.questionnaire)
        await state.set_data({"response_id": response.id})
    chat_id = callback.from_user.id
    now = clock.now()
    context = await store.context_for(session, participant, qn)
    question = qn.question(cursor)

    if action == "opt" and question is not None and question.type in ("single", "multi", "rank", "scale"):
        choices = flow.choices_of(question, context)
        if question.source:
            value = str(callback_data.v)
            valid = value in choices
        else:
            valid = 0 <= callback_data.v < len(choices)
            value = choices[callback_data.v] if valid else ""
        if not valid:
            await callback.answer(t("button-stale"), show_alert=True)
            return
        if question.type in ("multi", "rank"):
            await _toggle(callback, t, question, response, value, context, now)
            return
        stored: Any = int(value) if question.type == "scale" else value
        store.set_answer(response, question.key, stored, now)
        await callback.answer()
        await flow.safe_edit_text(
            callback.message, _answered_text(t, question, stored, context)
        )
        await _advance(bot, chat_id, t, session, state, response, participant, question.key, clock)
    elif action == "done" and question is not None:
        current = store.answers_of(response).get(question.key)
        if current in (None, "", []) and not question.optional:
            await callback.answer(t("qa-choose-one"), show_alert=True)
            return
        await callback.answer()
        await flow.safe_edit_text(callback.message, _answered_text(t, question, current, context))
        await _advance(bot, chat_id, t, session, state, response, participant, question.key, clock)
    elif action == "skip" and question is not None and question.optional:
        store.clear_answer(response, question.key, now)
        await callback.answer()
        await flow.safe_edit_text(callback.message, _answered_text(t, question, None))
        await _advance(bot, chat_id, t, session, state, response, participant, question.key, clock)
    elif action == "back":
        previous = qn.before(cursor, store.answers_of(response), context)
        if previous is None:
            await callback.answer(t("qa-first-question"), show_alert=True)
            return
        await callback.answer()
        await flow.safe_edit_markup(callback.message)
        response.cursor = previous
        await state.update_data(return_to=None)
        await flow.show_current(bot, chat_id, t, session, response)
    elif action == "fix":
        await callback.answer()
        await flow.safe_edit_markup(
            callback.message,
            flow.pick_question_view(t, qn, response, context, lambda key: AnswerCb(action="edit", rid=response.id, q=key)),
        )
    elif action == "edit" and qn.question(callback_data.q) in qn.visible(store.answers_of(response), context):
        await callback.answer()
        await flow.safe_edit_markup(callback.message)
        response.cursor = callback_data.q
        await state.update_data(return_to=RETURN_REVIEW)
        await flow.show_current(bot, chat_id, t, session, response)
    elif action == "submit":
        await _submit(callback, bot, t, session, state, response, participant, clock, settings)
    else:
        await callback.answer(t("button-stale"), show_alert=True)


def _answered_text(t: Translator, question: Question, value: Any, context: dict[str, Any] | None = None) -> str:
    return f"{t(question.text_key)}\n<b>{flow.format_value(t, question, value, context)}</b>"


async def _toggle(
    callback: CallbackQuery,
    t: Translator,
    question: Question,
    response: QuestionnaireResponse,
    value: str,
    context: dict[str, Any],
    now: Any,
) -> None:
    chosen = list(store.answers_of(response).get(question.key) or [])
    if value in chosen:
        chosen.remove(value)
    else:
        if question.max_choices and len(chosen) >= question.max_choices:
            await callback.answer(t("qa-too-many", max=question.max_choices), show_alert=True)
            return
        chosen.append(value)
    if question.type == "multi" and not question.source:
        chosen.sort(key=question.options.index)  # a ranking keeps the order of choosing
    store.set_answer(response, question.key, chosen, now)
    await callback.answer()
    _, markup = flow.question_view(t, QUESTIONNAIRES[response.questionnaire], question, response, context)
    await flow.safe_edit_markup(callback.message, markup)


async def _submit(
    callback: CallbackQuery,
    bot: Bot,
    t: Translator,
    session: AsyncSession,
    state: FSMContext,
    response: QuestionnaireResponse,
    participant: Participant,
    clock: Clock,
    settings: Settings,
) -> None:
    qn = QUESTIONNAIRES[response.questionnaire]
    context = await store.context_for(session, participant)
    missing = qn.missing(store.answers_of(response), context)
    chat_id = callback.from_user.id
    if missing:
        await callback.answer(t("qa-missing-answers"), show_alert=True)
        response.cursor = missing[0].key
        await state.update_data(return_to=RETURN_REVIEW)
        await flow.show_current(bot, chat_id, t, session, response)
        return
    await callback.answer()
    await flow.safe_edit_markup(callback.message)
    store.submit(response, qn, context, clock.now())
    await session.flush()
    await polls.after_submit(session, t.l10n, settings, response, participant, clock.now())
    await bot.send_message(chat_id, t("qa-submitted", title=t(qn.title_key)))
    if participant.status == ParticipantStatus.QUESTIONNAIRE:
        await flow.begin_questionnaire(bot, chat_id, t, session, state, participant, clock)
    else:
        await state.clear()


async def on_typed_answer(
    message: Message,
    bot: Bot,
    session: AsyncSession,
    state: FSMContext,
    t: Translator,
    clock: Clock,
    user: User | None,
    settings: Settings,
) -> None:
    data = await state.get_data()
    owned = await _owned(session, int(data.get("response_id") or 0), user)
    if owned is None:
        await state.clear()
        await message.answer(t("qa-lost"))
        return
    response, participant = owned
    qn = QUESTIONNAIRES[response.questionnaire]
    question = qn.question(response.cursor or REVIEW)
    if question is None:
        await message.answer(t("qa-review-use-buttons"))
        await flow.show_current(bot, message.chat.id, t, session, response)
        return
    if not question.typed:
        await message.answer(t("qa-error-use-buttons"))
        await flow.show_current(bot, message.chat.id, t, session, response)
        return
    value = parse_typed(question, message.text or "")
    if isinstance(value, Invalid):
        await message.answer(t(value.key, **value.args))
        return
    store.set_answer(response, question.key, value, clock.now())
    store.keep_on_profile(participant, question, value)
    await _advance(bot, message.chat.id, t, session, state, response, participant, question.key, clock)


async def on_other_content(message: Message, bot: Bot, session: AsyncSession, state: FSMContext, t: Translator, user: User | None) -> None:
    """A sticker, photo, voice or file where an answer is expected: say so and ask again."""
    await message.answer(t("qa-only-text"))
    data = await state.get_data()
    owned = await _owned(session, int(data.get("response_id") or 0), user)
    if owned is not None:
        await flow.show_current(bot, message.chat.id, t, session, owned[0])


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(on_answer_button, AnswerCb.filter())
    router.message.register(on_typed_answer, Dialog.questionnaire, F.text, ~F.text.startswith("/"))
    router.message.register(on_other_content, Dialog.questionnaire, ~F.text)
    return router
