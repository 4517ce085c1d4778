"""The participant's side of a pair: /pair card, /plan (the mentee's development plan), a concern to
the curator and a mentee's request to replace the mentor.

Every button and every typed step re-checks that the person is the mentor or mentee of that active
pair: after a replacement the old mentor loses access at once.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from html import escape
from typing import Any

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.i18n import L10n, Translator
from bot.services import concerns as concern_service
from bot.services import plans
from bot.services.notify import tell_curators, tell_participant
from db.models import Answer, Pair, PairStatus, Participant, PlanGoal, PlanTask, QuestionnaireResponse, Role, User
from handlers import flow
from questionnaires.engine import QUESTIONNAIRES

log = logging.getLogger(__name__)

EXIT_QUESTIONNAIRE = "exit"
BUTTON_TITLE = 40


class PairLifeCb(CallbackData, prefix="plf"):
    action: str  # plan | concern | repl | replnow | addgoal | addtask | nodue | done | undo
    pair: int
    goal: int = 0
    task: int = 0


class ExitCb(CallbackData, prefix="plx"):
    pair: int
    pid: int


class PairForm(StatesGroup):
    goal = State()  # data: pair_id
    task = State()  # data: pair_id, goal_id
    due = State()  # data: pair_id, goal_id, title
    concern = State()  # data: pair_id
    replacement = State()  # data: pair_id


# ---- shared with the curator's side -----------------------------------------------------------


def fmt_date(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def parse_date(raw: str) -> date | None:
    try:
        return datetime.strptime(raw.strip(), "%d.%m.%Y").date()
    except ValueError:
        return None


def local_today(clock: Clock, settings: Settings) -> date:
    return clock.now().astimezone(settings.tz).date()


def name_of(t: Translator, participant: Participant | None) -> str:
    if participant is None:
        return t("pairs-unknown-person")
    return escape(participant.full_name or t("pairs-unknown-person"))


def translator_for(l10n: L10n, user: User | None) -> Translator:
    return l10n.for_user(user)


async def notify(
    session: AsyncSession, l10n: L10n, now: datetime, participant: Participant, key: str, markup_for: Any = None, **args: Any
) -> None:
    """Queues news for a participant in their own language; `markup_for(t)` builds their buttons."""
    await tell_participant(session, l10n, now, participant, key, lambda t: t(key, **args), markup_for)


def plan_text(t: Translator, mentee: Participant, plan: list[tuple[PlanGoal, list[PlanTask]]]) -> str:
    done, total = plans.progress(plan)
    lines = [t("pair-plan-title", mentee=name_of(t, mentee))]
    if not plan:
        lines += ["", t("pair-plan-empty")]
        return "\n".join(lines)
    lines.append(t("pair-plan-progress", done=done, total=total))
    for number, (goal, tasks) in enumerate(plan, start=1):
        lines += ["", t("pair-plan-goal", number=number, title=escape(goal.title))]
        if not tasks:
            lines.append(t("pair-plan-no-tasks"))
        for task in tasks:
            key = "pair-plan-task-done" if task.done_at else ("pair-plan-task-due" if task.due_on else "pair-plan-task")
            lines.append(t(key, title=escape(task.title), due=fmt_date(task.due_on)))
    return "\n".join(lines)


def plan_markup(t: Translator, pair: Pair, plan: list[tuple[PlanGoal, list[PlanTask]]]) -> InlineKeyboardMarkup:
    rows: list[list[InlineKeyboardButton]] = []
    for number, (goal, tasks) in enumerate(plan, start=1):
        for task in tasks:
            title = task.title[:BUTTON_TITLE]
            if task.done_at:
                rows.append([flow.button(t("pair-btn-undo", title=title), PairLifeCb(action="undo", pair=pair.id, task=task.id))])
            else:
                rows.append([flow.button(t("pair-btn-done", title=title), PairLifeCb(action="done", pair=pair.id, task=task.id))])
        rows.append([flow.button(t("pair-btn-add-task", number=number), PairLifeCb(action="addtask", pair=pair.id, goal=goal.id))])
    rows.append([flow.button(t("pair-btn-add-goal"), PairLifeCb(action="addgoal", pair=pair.id))])
    return flow.kb(*rows)


async def intake_answers(session: AsyncSession, mentee_id: int) -> dict[str, Any]:
    rows = await session.execute(
        select(Answer.question, Answer.value)
        .join(QuestionnaireResponse, Answer.response_id == QuestionnaireResponse.id)
        .where(
            QuestionnaireResponse.participant_id == mentee_id,
            QuestionnaireResponse.questionnaire == "mentee_intake",
            Answer.question.in_(("requests", "requests_details", "goal")),
        )
    )
    return dict(rows.all())


def requests_text(t: Translator, intake: dict[str, Any]) -> str:
    qn = QUESTIONNAIRES["mentee_intake"]
    parts: list[str] = []
    requests = intake.get("requests")
    question = qn.question("requests")
    if requests and question is not None:
        parts.append(flow.format_value(t, question, requests))
    if intake.get("requests_details"):
        parts.append(escape(str(intake["requests_details"])))
    return "; ".join(parts) or t("pair-not-given")


async def member_of(session: AsyncSession, pair_id: int, user: User | None) -> tuple[Pair, Participant] | None:
    """The pair and the presser's side of it, only when the pair is active and they are in it now."""
    if user is None:
        return None
    pair = await session.get(Pair, pair_id, populate_existing=True)
    if pair is None or pair.status != PairStatus.ACTIVE:
        return None
    if pair.mentor.user_id == user.id:
        return pair, pair.mentor
    if pair.mentee.user_id == user.id:
        return pair, pair.mentee
    return None


async def active_pairs_of_user(session: AsyncSession, user: User | None) -> list[tuple[Pair, Participant]]:
    if user is None:
        return []
    ids = list(await session.scalars(select(Participant.id).where(Participant.user_id == user.id)))
    if not ids:
        return []
    pairs = await session.scalars(
        select(Pair)
        .where(Pair.status == PairStatus.ACTIVE, Pair.mentor_id.in_(ids) | Pair.mentee_id.in_(ids))
        .order_by(Pair.id)
    )
    return [(pair, pair.mentor if pair.mentor_id in ids else pair.mentee) for pair in pairs]


# ---- /pair ------------------------------------------------------------------------------------


async def pair_card(t: Translator, session: AsyncSession, pair: Pair, me: Participant) -> tuple[str, InlineKeyboardMarkup]:
    other = pair.mentee if me.role == Role.MENTOR else pair.mentor
    intake = await intake_answers(session, pair.mentee_id)
    lines = [
        t("pair-card-title"),
        t("pair-card-other-" + ("mentee" if me.role == Role.MENTOR else "mentor"), name=name_of(t, other)),
        t("pair-card-form", form=flow.form_label(t, pair.form)),
        t("pair-card-period", start=fmt_date(pair.starts_on), end=fmt_date(pair.ends_on)),
        t("pair-card-requests", requests=requests_text(t, intake)),
        t("pair-card-goal", goal=escape(str(intake["goal"])) if intake.get("goal") else t("pair-not-given")),
    ]
    rows = [
        [flow.button(t("pair-btn-plan"), PairLifeCb(action="plan", pair=pair.id))],
        [flow.button(t("pair-btn-concern"), PairLifeCb(action="concern", pair=pair.id))],
    ]
    if me.role == Role.MENTEE:
        rows.append([flow.button(t("pair-btn-replacement"), PairLifeCb(action="repl", pair=pair.id))])
    return "\n".join(lines), flow.kb(*rows)


async def on_pair(message: Message, session: AsyncSession, state: FSMContext, t: Translator, user: User | None) -> None:
    found = await active_pairs_of_user(session, user)
    if not found:
        await message.answer(t("pair-none"))
        return
    await state.clear()
    for pair, me in found:
        text, markup = await pair_card(t, session, pair, me)
        await message.answer(text, reply_markup=markup)


# ---- /plan ------------------------------------------------------------------------------------


async def send_plan(bot: Bot, chat_id: int, t: Translator, session: AsyncSession, pair: Pair) -> None:
    plan = await plans.plan_of(session, pair.mentee_id)
    await bot.send_message(chat_id, plan_text(t, pair.mentee, plan), reply_markup=plan_markup(t, pair, plan))


async def on_plan(message: Message, bot: Bot, session: AsyncSession, state: FSMContext, t: Translator, user: User | None) -> None:
    found = await active_pairs_of_user(session, user)
    if not found:
        await message.answer(t("pair-none"))
        return
    await state.clear()
    for pair, _ in found:
        await send_plan(bot, message.chat.id, t, session, pair)


# ---- buttons ----------------------------------------------------------------------------------


async def on_button(
    callback: CallbackQuery,
    callback_data: PairLifeCb,
    bot: Bot,
    session: AsyncSession,
    state: FSMContext,
    t: Translator,
    settings: Settings,
    clock: Clock,
    l10n: L10n,
    user: User | None,
) -> None:
    found = await member_of(session, callback_data.pair, user)
    if found is None:
        await callback.answer(t("button-not-yours"), show_alert=True)
        return
    pair, me = found
    action = callback_data.action
    chat_id = callback.from_user.id
    if action in ("done", "undo"):
        task = await plans.task_of_mentee(session, callback_data.task, pair.mentee_id)
        if task is None:
            await callback.answer(t("button-not-yours"), show_alert=True)
            return
        await plans.set_done(session, task, action == "done", by_id=me.id, now=clock.now())
        await callback.answer(t("pair-task-marked" if action == "done" else "pair-task-unmarked"))
        plan = await plans.plan_of(session, pair.mentee_id)
        await flow.safe_edit_text(callback.message, plan_text(t, pair.mentee, plan), plan_markup(t, pair, plan))
        return
    if action == "addtask":
        goal = await plans.goal_of_mentee(session, callback_data.goal, pair.mentee_id)
        if goal is None:
            await callback.answer(t("button-not-yours"), show_alert=True)
            return
        await callback.answer()
        await state.set_state(PairForm.task)
        await state.set_data({"pair_id": pair.id, "goal_id": goal.id})
        await bot.send_message(chat_id, t("pair-ask-task", goal=escape(goal.title), limit=plans.TITLE_LIMIT))
        return
    if action == "nodue":
        data = await state.get_data()
        if await state.get_state() != PairForm.due.state or data.get("pair_id") != pair.id:
            await callback.answer(t("button-stale"), show_alert=True)
            return
        await callback.answer()
        await flow.safe_edit_markup(callback.message)
        await _finish_task(bot, chat_id, t, session, state, pair, data, None, clock)
        return
    await callback.answer()
    if action == "plan":
        await send_plan(bot, chat_id, t, session, pair)
    elif action == "addgoal":
        await state.set_state(PairForm.goal)
        await state.set_data({"pair_id": pair.id})
        await bot.send_message(chat_id, t("pair-ask-goal", limit=plans.TITLE_LIMIT))
    elif action == "concern":
        await state.set_state(PairForm.concern)
        await state.set_data({"pair_id": pair.id})
        await bot.send_message(chat_id, t("pair-ask-concern", limit=concern_service.TEXT_LIMIT))
    elif action in ("repl", "replnow"):
        if me.role != Role.MENTEE or me.id != pair.mentee_id:
            await bot.send_message(chat_id, t("pair-replacement-mentee-only"))
            return
        if action == "repl":
            await state.set_state(PairForm.replacement)
            await state.set_data({"pair_id": pair.id})
            await bot.send_message(
                chat_id,
                t("pair-ask-replacement", limit=concern_service.TEXT_LIMIT),
                reply_markup=flow.kb([flow.button(t("pair-btn-send-no-comment"), PairLifeCb(action="replnow", pair=pair.id))]),
            )
        else:
            await flow.safe_edit_markup(callback.message)
            await state.clear()
            await _raise(bot, chat_id, t, session, settings, l10n, clock, pair, me, concern_service.REPLACEMENT, None)


# ---- typed steps ------------------------------------------------------------------------------


async def _typed_pair(message: Message, session: AsyncSession, state: FSMContext, t: Translator, user: User | None) -> tuple[Pair, Participant] | None:
    data = await state.get_data()
    found = await member_of(session, int(data.get("pair_id") or 0), user)
    if found is None:
        await state.clear()
        await message.answer(t("pair-none"))
    return found


async def _text_within(message: Message, t: Translator, limit: int) -> str | None:
    text = (message.text or "").strip()
    if not text:
        await message.answer(t("pair-input-empty"))
        return None
    if len(text) > limit:
        await message.answer(t("pair-input-too-long", length=len(text), limit=limit))
        return None
    return text


async def on_goal_text(message: Message, bot: Bot, session: AsyncSession, state: FSMContext, t: Translator, clock: Clock, user: User | None) -> None:
    found = await _typed_pair(message, session, state, t, user)
    if found is None:
        return
    text = await _text_within(message, t, plans.TITLE_LIMIT)
    if text is None:
        return
    pair, me = found
    await plans.add_goal(session, pair.mentee_id, text, created_by_id=me.id, now=clock.now())
    await state.clear()
    await message.answer(t("pair-goal-added"))
    await send_plan(bot, message.chat.id, t, session, pair)


async def on_task_text(message: Message, session: AsyncSession, state: FSMContext, t: Translator, user: User | None) -> None:
    found = await _typed_pair(message, session, state, t, user)
    if found is None:
        return
    text = await _text_within(message, t, plans.TITLE_LIMIT)
    if text is None:
        return
    pair, _ = found
    await state.set_state(PairForm.due)
    await state.update_data(title=text)
    await message.answer(
        t("pair-ask-due"),
        reply_markup=flow.kb([flow.button(t("pair-btn-no-due"), PairLifeCb(action="nodue", pair=pair.id))]),
    )


async def on_due_text(message: Message, bot: Bot, session: AsyncSession, state: FSMContext, t: Translator, clock: Clock, user: User | None) -> None:
    found = await _typed_pair(message, session, state, t, user)
    if found is None:
        return
    due = parse_date(message.text or "")
    if due is None:
        await message.answer(t("pair-input-date"))
        return
    await _finish_task(bot, message.chat.id, t, session, state, found[0], await state.get_data(), due, clock)


async def _finish_task(
    bot: Bot, chat_id: int, t: Translator, session: AsyncSession, state: FSMContext, pair: Pair, data: dict[str, Any], due: date | None, clock: Clock
) -> None:
    goal = await plans.goal_of_mentee(session, int(data.get("goal_id") or 0), pair.mentee_id)
    await state.clear()
    if goal is None or not data.get("title"):
        await bot.send_message(chat_id, t("button-stale"))
        return
    await plans.add_task(session, goal, str(data["title"]), due, now=clock.now())
    await bot.send_message(chat_id, t("pair-task-added"))
    await send_plan(bot, chat_id, t, session, pair)


async def on_concern_text(
    message: Message, bot: Bot, session: AsyncSession, state: FSMContext, t: Translator, settings: Settings, clock: Clock, l10n: L10n, user: User | None
) -> None:
    found = await _typed_pair(message, session, state, t, user)
    if found is None:
        return
    text = await _text_within(message, t, concern_service.TEXT_LIMIT)
    if text is None:
        return
    await state.clear()
    await _raise(bot, message.chat.id, t, session, settings, l10n, clock, found[0], found[1], concern_service.CONCERN, text)


async def on_replacement_text(
    message: Message, bot: Bot, session: AsyncSession, state: FSMContext, t: Translator, settings: Settings, clock: Clock, l10n: L10n, user: User | None
) -> None:
    found = await _typed_pair(message, session, state, t, user)
    if found is None:
        return
    pair, me = found
    if me.id != pair.mentee_id:
        await state.clear()
        await message.answer(t("pair-replacement-mentee-only"))
        return
    text = await _text_within(message, t, concern_service.TEXT_LIMIT)
    if text is None:
        return
    await state.clear()
    await _raise(bot, message.chat.id, t, session, settings, l10n, clock, pair, me, concern_service.REPLACEMENT, text)


async def _raise(
    bot: Bot,
    chat_id: int,
    t: Translator,
    session: AsyncSession,
    settings: Settings,
    l10n: L10n,
    clock: Clock,
    pair: Pair,
    me: Participant,
    kind: str,
    text: str | None,
) -> None:
    """Stores the concern and sends it to every curator at once; the other member is not told."""
    from handlers.curator.pairs import CuratorPairCb  # the curator's buttons live with the curator

    concern = await concern_service.raise_concern(session, pair, me.id, kind, text, now=clock.now())
    await tell_curators(
        session,
        l10n,
        settings,
        clock.now(),
        f"concern-{kind}",
        lambda ct: ct(
            f"pairs-curator-{kind}",
            pair=pair.id,
            mentor=name_of(ct, pair.mentor),
            mentee=name_of(ct, pair.mentee),
            who=name_of(ct, me),
            role=flow.role_label(ct, me.role),
            text=escape(text) if text else ct("pair-not-given"),
        ),
        lambda ct: flow.kb(
            [flow.button(ct("pairs-btn-close-concern"), CuratorPairCb(action="close", c=concern.id))],
            [flow.button(ct("pairs-btn-replace"), CuratorPairCb(action="rep", pair=pair.id))],
            [flow.button(ct("pairs-btn-open-card"), CuratorPairCb(action="card", pair=pair.id))],
        ),
        programme_id=pair.programme_id,
    )
    await bot.send_message(chat_id, t(f"pair-{kind}-sent"))


# ---- exit questionnaire -----------------------------------------------------------------------


def exit_button(pair: Pair, participant: Participant) -> Any:
    return lambda t: flow.kb([flow.button(t("pair-btn-exit-questionnaire"), ExitCb(pair=pair.id, pid=participant.id))])


async def on_exit_button(
    callback: CallbackQuery,
    callback_data: ExitCb,
    bot: Bot,
    session: AsyncSession,
    state: FSMContext,
    t: Translator,
    clock: Clock,
    user: User | None,
) -> None:
    pair = await session.get(Pair, callback_data.pair)
    participant = await session.get(Participant, callback_data.pid)
    if (
        pair is None
        or participant is None
        or user is None
        or participant.user_id != user.id
        or pair.status != PairStatus.COMPLETED
        or participant.id not in (pair.mentor_id, pair.mentee_id)
    ):
        await callback.answer(t("button-not-yours"), show_alert=True)
        return
    period = f"pair-{pair.id}"
    await flow.open_from_button(callback, bot, t, session, state, participant, EXIT_QUESTIONNAIRE, period, "qa-already-submitted", clock)


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(on_pair, Command("pair"))
    router.message.register(on_plan, Command("plan"))
    router.callback_query.register(on_button, PairLifeCb.filter())
    router.callback_query.register(on_exit_button, ExitCb.filter())
    text = F.text & ~F.text.startswith("/")
    router.message.register(on_goal_text, PairForm.goal, text)
    router.message.register(on_task_text, PairForm.task, text)
    router.message.register(on_due_text, PairForm.due, text)
    router.message.register(on_concern_text, PairForm.concern, text)
    router.message.register(on_replacement_text, PairForm.replacement, text)
    return router

