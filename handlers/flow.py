"""Screens of the participant's path, shared by the handlers that lead to them."""

from __future__ import annotations

from html import escape
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.context import FSMContext
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import AnswerCb, ConsentCb, ResumeCb
from bot.clock import Clock
from bot.config import Settings
from bot.domain import may_be_minor
from bot.i18n import Translator
from bot.services import answers as store
from bot.services.invites import deep_link
from bot.services.onboarding import has_consent, next_questionnaire, open_parent_request, set_status
from bot.states import Dialog
from db.models import ConsentKind, Participant, ParticipantStatus, Programme, QuestionnaireResponse, ResponseStatus
from handlers.menus import set_participant_commands
from questionnaires.engine import QUESTIONNAIRES, REVIEW, Question, Questionnaire, format_date

NAV_BACK, NAV_SKIP, NAV_DONE = "back", "skip", "done"
REVIEW_TEXT_LIMIT = 300  # long free-text answers are shortened on the review screen (4096-char messages)


def kb(*rows: list[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[list(r) for r in rows])


def button(text: str, data: Any) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack() if hasattr(data, "pack") else data)


def role_label(t: Translator, role: str) -> str:
    return t(f"role-{role}")


def form_label(t: Translator, form: str) -> str:
    return t(f"form-{form.replace('_', '-')}")


# ---- consent ----------------------------------------------------------------------------------


async def school_of(session: AsyncSession, programme_id: int) -> str:
    """The name of the school a programme belongs to: the operator the consent text names."""
    programme = await session.get(Programme, programme_id)
    return programme.organisation.name if programme is not None else ""


def consent_text(t: Translator, settings: Settings, school: str) -> str:
    return t("consent-text", school=school or settings.school_name or t("consent-school-default"), version=settings.consent_version)


async def send_consent_screen(
    bot: Bot, chat_id: int, t: Translator, settings: Settings, session: AsyncSession, participant: Participant
) -> None:
    await bot.send_message(
        chat_id,
        consent_text(t, settings, await school_of(session, participant.programme_id)),
        reply_markup=kb(
            [button(t("consent-accept"), ConsentCb(action="accept", pid=participant.id))],
            [button(t("consent-decline"), ConsentCb(action="decline", pid=participant.id))],
        ),
    )


async def send_age_question(bot: Bot, chat_id: int, t: Translator, participant: Participant) -> None:
    await bot.send_message(
        chat_id,
        t("consent-age-question"),
        reply_markup=kb(
            [button(t("consent-age-adult"), ConsentCb(action="adult", pid=participant.id))],
            [button(t("consent-age-minor"), ConsentCb(action="minor", pid=participant.id))],
        ),
    )


async def send_parent_link(
    bot: Bot, chat_id: int, t: Translator, session: AsyncSession, participant: Participant, clock: Clock
) -> None:
    request = await open_parent_request(session, participant, clock.now())
    me = await bot.me()
    link = deep_link(me.username or "", request.code)
    await bot.send_message(chat_id, t("parent-link-for-minor", link=link))


# ---- questionnaires ---------------------------------------------------------------------------


def choices_of(question: Question, context: dict[str, Any] | None) -> list[str]:
    """The option values: from the definition, or (for "@source" options) from the context."""
    if question.source:
        return [value for value, _ in (context or {}).get(store.options_key(question.source), [])]
    return list(question.choices)


def _option_label(t: Translator, question: Question, value: Any, context: dict[str, Any] | None) -> str:
    if question.source:
        labels = dict((context or {}).get(store.options_key(question.source), []))
        return labels.get(str(value)) or f"#{escape(str(value))}"
    return t(question.option_key(value))


def format_value(t: Translator, question: Question, value: Any, context: dict[str, Any] | None = None) -> str:
    if value is None or value == [] or value == "":
        return t("qa-skipped")
    if question.type == "rank":
        return "; ".join(f"{n}. {_option_label(t, question, v, context)}" for n, v in enumerate(value, start=1))
    if question.source:
        values = value if isinstance(value, list) else [value]
        return ", ".join(_option_label(t, question, v, context) for v in values)
    if question.type == "single":
        return t(question.option_key(value))
    if question.type == "multi":
        return ", ".join(t(question.option_key(v)) for v in value)
    if question.type == "scale":
        return t("qa-scale-value", value=value, max=question.max or 10)
    if question.type == "date":
        return format_date(value)
    return escape(str(value))


def _hint(t: Translator, q: Question) -> str:
    if q.type == "multi":
        return t("qa-hint-multi")
    if q.type == "rank":
        return t("qa-hint-rank", max=q.max_choices or 3)
    if q.type == "text":
        return t("qa-hint-text", limit=q.max_length)
    if q.type == "number":
        return t("qa-hint-number", min=q.min if q.min is not None else 0, max=q.max if q.max is not None else 999)
    if q.type == "date":
        return t("qa-hint-date")
    if q.type == "scale":
        return t("qa-hint-scale", min=q.min or 1, max=q.max or 10)
    return t("qa-hint-single")


def question_view(
    t: Translator, qn: Questionnaire, q: Question, response: QuestionnaireResponse, context: dict[str, Any]
) -> tuple[str, InlineKeyboardMarkup]:
    answers = store.answers_of(response)
    number, total = qn.progress(q.key, answers, context)
    current = answers.get(q.key)
    lines = [t("qa-progress", number=number, total=total), "", f"<b>{t(q.text_key)}</b>", f"<i>{_hint(t, q)}</i>"]
    if q.optional:
        lines.append(t("qa-optional"))
    if current not in (None, "", []) and q.type not in ("multi", "rank"):
        lines += ["", t("qa-current-answer", answer=format_value(t, q, current, context))]
    builder = InlineKeyboardBuilder()
    rid = response.id
    choices = choices_of(q, context)
    if q.source and not choices:
        lines += ["", t("qa-no-options")]
    for index, value in enumerate(choices):
        if q.type == "rank" and isinstance(current, list) and value in current:
            mark = f"{current.index(value) + 1}. "
        elif value in current if isinstance(current, list) else str(current) == value:
            mark = "✅ "
        else:
            mark = ""
        label = value if q.type == "scale" else _option_label(t, q, value, context)
        # A list drawn from the programme can change between showing and pressing: send the id.
        v = int(value) if q.source else index
        builder.button(text=mark + label, callback_data=AnswerCb(action="opt", rid=rid, q=q.key, v=v))
    if q.type == "scale":
        builder.adjust(5)
    else:
        builder.adjust(1)
    nav: list[InlineKeyboardButton] = []
    if qn.before(q.key, answers, context) is not None:
        nav.append(button(t("qa-back"), AnswerCb(action=NAV_BACK, rid=rid, q=q.key)))
    if q.optional:
        nav.append(button(t("qa-skip"), AnswerCb(action=NAV_SKIP, rid=rid, q=q.key)))
    if q.type in ("multi", "rank") or (q.typed and current not in (None, "", [])):
        nav.append(button(t("qa-keep") if q.typed else t("qa-done"), AnswerCb(action=NAV_DONE, rid=rid, q=q.key)))
    if nav:
        builder.row(*nav)
    return "\n".join(lines), builder.as_markup()


def review_view(
    t: Translator, qn: Questionnaire, response: QuestionnaireResponse, context: dict[str, Any], submitted: bool = False
) -> tuple[str, InlineKeyboardMarkup | None]:
    answers = store.answers_of(response)
    lines = [t("qa-review-title" if not submitted else "qa-answers-title", title=t(qn.title_key)), ""]
    for number, q in enumerate(qn.visible(answers, context), start=1):
        value = answers.get(q.key)
        if isinstance(value, str) and q.type == "text" and len(value) > REVIEW_TEXT_LIMIT:
            value = value[:REVIEW_TEXT_LIMIT] + "…"
        shown = t("qa-missing") if value in (None, "", []) and not q.optional else format_value(t, q, value, context)
        lines.append(f"{number}. {t(q.text_key)}\n   <b>{shown}</b>")
    if submitted:
        return "\n".join(lines), None
    lines += ["", t("qa-review-hint")]
    markup = kb(
        [button(t("qa-submit"), AnswerCb(action="submit", rid=response.id))],
        [button(t("qa-fix"), AnswerCb(action="fix", rid=response.id)), button(t("qa-back"), AnswerCb(action=NAV_BACK, rid=response.id, q=REVIEW))],
    )
    return "\n".join(lines), markup


def pick_question_view(
    t: Translator, qn: Questionnaire, response: QuestionnaireResponse, context: dict[str, Any], cb_factory: Any
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for number, q in enumerate(qn.visible(store.answers_of(response), context), start=1):
        label = f"{number}. {t(q.text_key)}"
        builder.button(text=label[:60], callback_data=cb_factory(q.key))
    builder.adjust(1)
    return builder.as_markup()


async def show_current(
    bot: Bot, chat_id: int, t: Translator, session: AsyncSession, response: QuestionnaireResponse
) -> None:
    """Sends the question the response's cursor points at, or the review screen."""
    participant = await session.get(Participant, response.participant_id)
    assert participant is not None
    qn = QUESTIONNAIRES[response.questionnaire]
    context = await store.context_for(session, participant, qn)
    question = qn.question(response.cursor or REVIEW)
    if question is None:
        text, markup = review_view(t, qn, response, context)
    else:
        text, markup = question_view(t, qn, question, response, context)
    await bot.send_message(chat_id, text, reply_markup=markup)


async def begin_questionnaire(
    bot: Bot,
    chat_id: int,
    t: Translator,
    session: AsyncSession,
    state: FSMContext,
    participant: Participant,
    clock: Clock,
) -> None:
    """Starts (or resumes) the participant's next onboarding questionnaire, or finishes onboarding."""
    step = await next_questionnaire(session, participant)
    if step is None:
        await finish_onboarding(bot, chat_id, t, session, state, participant, clock)
        return
    name, period = step
    existing = await store.find_response(session, participant.id, name, period)
    response = existing or await store.start_response(session, participant, name, period, clock.now())
    await state.set_state(Dialog.questionnaire)
    await state.set_data({"response_id": response.id})
    if existing is None:
        qn = QUESTIONNAIRES[name]
        count = qn.expected_total({}, await store.context_for(session, participant))
        await bot.send_message(chat_id, t(f"qn-{name.replace('_', '-')}-intro", count=count))
    await show_current(bot, chat_id, t, session, response)


async def finish_onboarding(
    bot: Bot,
    chat_id: int,
    t: Translator,
    session: AsyncSession,
    state: FSMContext,
    participant: Participant,
    clock: Clock,
) -> None:
    set_status(participant, ParticipantStatus.ACTIVE, clock.now())
    await state.clear()
    await bot.send_message(chat_id, t(f"done-{participant.role}"))
    await set_participant_commands(bot, chat_id, t)


async def resume(
    bot: Bot,
    chat_id: int,
    t: Translator,
    settings: Settings,
    session: AsyncSession,
    state: FSMContext,
    participant: Participant,
    clock: Clock,
) -> None:
    """Shows the participant the step they are on, whatever happened before (restart, /cancel)."""
    status = participant.status
    if status == ParticipantStatus.INVITED and await has_consent(session, participant.id, ConsentKind.SELF):
        await send_age_question(bot, chat_id, t, participant)
    elif status in (ParticipantStatus.INVITED, ParticipantStatus.DECLINED):
        await send_consent_screen(bot, chat_id, t, settings, session, participant)
    elif status == ParticipantStatus.AWAITING_PARENT:
        await send_parent_link(bot, chat_id, t, session, participant, clock)
    elif status == ParticipantStatus.QUESTIONNAIRE:
        await begin_questionnaire(bot, chat_id, t, session, state, participant, clock)
    else:
        await bot.send_message(
            chat_id,
            t("start-already-member", role=role_label(t, participant.role), form=form_label(t, participant.form)),
        )


def resume_button(t: Translator, participant: Participant) -> InlineKeyboardMarkup:
    return kb([button(t("start-continue"), ResumeCb(pid=participant.id))])


async def safe_edit_markup(message: Any, markup: InlineKeyboardMarkup | None = None) -> None:
    if message is None or not hasattr(message, "edit_reply_markup"):
        return
    try:
        await message.edit_reply_markup(reply_markup=markup)
    except TelegramBadRequest:
        pass


async def safe_edit_text(message: Any, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    if message is None or not hasattr(message, "edit_text"):
        return
    try:
        await message.edit_text(text, reply_markup=markup)
    except TelegramBadRequest:
        pass


def needs_age_question(participant: Participant) -> bool:
    return may_be_minor(participant.role, participant.form)


def is_submitted(response: QuestionnaireResponse) -> bool:
    return response.status == ResponseStatus.SUBMITTED


async def open_from_button(
    callback: Any,
    bot: Bot,
    t: Translator,
    session: AsyncSession,
    state: FSMContext,
    participant: Participant,
    name: str,
    period: str,
    already_key: str,
    clock: Clock,
) -> None:
    """Starts (or resumes) a questionnaire sent with a button (exit, monthly poll, relationship
    check): refused once submitted; the intro only before the first answer."""
    existing = await store.find_response(session, participant.id, name, period)
    if existing is not None and existing.status == ResponseStatus.SUBMITTED:
        await callback.answer(t(already_key), show_alert=True)
        return
    await callback.answer()
    await safe_edit_markup(callback.message)
    response = existing or await store.start_response(session, participant, name, period, clock.now())
    await state.set_state(Dialog.questionnaire)
    await state.set_data({"response_id": response.id})
    if existing is None:
        count = QUESTIONNAIRES[name].expected_total({}, await store.context_for(session, participant))
        await bot.send_message(callback.from_user.id, t(f"qn-{name.replace('_', '-')}-intro", count=count))
    await show_current(bot, callback.from_user.id, t, session, response)
