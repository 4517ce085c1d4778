"""/match: suggested pairs for the whole cohort, accepted or skipped one by one, then confirmed;
/pairup: one pair made by hand under the same rules.

The session (mode, accepted, skipped, page) lives in FSM data, so it survives a restart. Button
data is untrusted: every press is checked against the suggestions computed afresh from the database.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from html import escape

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, CommandObject
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.i18n import L10n, Translator
from bot.services import audit
from bot.services import match_session as ms
from bot.services.matching import REASON_LOCALE_KEYS, MatchMode, MatchResult, score
from bot.services.outbox import Draft, enqueue
from bot.services.pairs import NewPair, PairRuleError, create_pairs
from bot.services.programme import current_programme
from db.models import Answer, Pair, Participant, Programme, QuestionnaireResponse, ResponseStatus
from handlers.curator.ui import short
from handlers.flow import button, form_label

PAGE_SIZE = 10
MESSAGE_LIMIT = 4096
UNMATCHED_SHOWN = 10
CANDIDATES_SHOWN = 3


class MatchCb(CallbackData, prefix="mtch"):
    action: str  # acc, skip, mode, page, confirm
    mentee: int = 0
    mentor: int = 0
    page: int = 0


def today_local(clock: Clock, settings: Settings) -> date:
    return clock.now().astimezone(settings.tz).date()


def name_of(t: Translator, person: Participant | None) -> str:
    if person is None:
        return "?"
    return escape(short(person.full_name or t("match-no-name", id=person.id)))


def direction_list(t: Translator, values: object) -> str:
    items = [v for v in values if isinstance(v, str)] if isinstance(values, list | tuple | frozenset | set) else []
    return ", ".join(t(f"match-direction-{v}") for v in items)


def render_reasons(t: Translator, reasons: tuple) -> str:
    parts: list[str] = []
    for reason in reasons:
        code, *data = reason
        key = REASON_LOCALE_KEYS.get(code)
        if key is None:
            continue
        if code == "directions":
            parts.append(t(key, list=direction_list(t, data[0])))
        elif code in ("mutual", "mentee_choice"):
            parts.append(t(key, rank=int(data[0])))
        elif code == "times":
            parts.append(t(key, list=", ".join(t(f"opt-meeting-times-{v.replace('_', '-')}") for v in data[0])))
        else:
            parts.append(t(key))
    return "; ".join(parts) if parts else t("match-reason-none")


# ---- the screen ---------------------------------------------------------------------------------


def _items(cohort: ms.Cohort, state: ms.MatchSession, result: MatchResult) -> list[tuple[int, int, bool, tuple]]:
    """(mentee, mentor, accepted, reasons): the accepted pairs first, then the new suggestions."""
    items = [
        (e, m, True, score(cohort.mentee_profiles[e], cohort.mentor_profiles[m]).reasons) for e, m in state.accepted
    ]
    items += [(s.mentee_id, s.mentor_id, False, s.score.reasons) for s in result.pairs]
    return items


def screen(t: Translator, cohort: ms.Cohort, state: ms.MatchSession) -> tuple[str, InlineKeyboardMarkup]:
    result = ms.run(cohort, state)
    items = _items(cohort, state, result)
    pages = max(1, (len(items) + PAGE_SIZE - 1) // PAGE_SIZE)
    state.page = min(state.page, pages - 1)
    start = state.page * PAGE_SIZE
    shown = items[start : start + PAGE_SIZE]

    lines = [t("match-title", mode=t(f"match-mode-{state.mode.value}"))]
    if not items:
        lines.append(t("match-none"))
    else:
        lines.append(t("match-count", count=len(items), accepted=len(state.accepted)))
    rows: list[list[InlineKeyboardButton]] = []
    for n, (e, m, accepted, reasons) in enumerate(shown, start=start + 1):
        mark = "✅ " if accepted else ""
        lines.append(
            t(
                "match-line",
                number=n,
                mark=mark,
                mentee=name_of(t, cohort.mentees.get(e)),
                mentor=name_of(t, cohort.mentors.get(m)),
                reasons=render_reasons(t, reasons),
            )
        )
        row = [] if accepted else [button(t("match-accept", number=n), MatchCb(action="acc", mentee=e, mentor=m))]
        row.append(button(t("match-skip", number=n), MatchCb(action="skip", mentee=e, mentor=m)))
        rows.append(row)
    if pages > 1:
        lines.append(t("match-page", page=state.page + 1, pages=pages))
        nav = []
        if state.page > 0:
            nav.append(button("◀", MatchCb(action="page", page=state.page - 1)))
        if state.page < pages - 1:
            nav.append(button("▶", MatchCb(action="page", page=state.page + 1)))
        rows.append(nav)

    if result.unmatched:
        lines.append("")
        lines.append(t("match-unmatched-title", count=len(result.unmatched)))
        for u in result.unmatched[:UNMATCHED_SHOWN]:
            mentee = name_of(t, cohort.mentees.get(u.mentee_id))
            if u.candidates:
                names = ", ".join(name_of(t, cohort.mentors.get(c)) for c in u.candidates[:CANDIDATES_SHOWN])
                more = len(u.candidates) - CANDIDATES_SHOWN
                if more > 0:
                    names += " " + t("match-more", count=more)
                lines.append(t("match-unmatched-line", mentee=mentee, mentors=names))
            else:
                lines.append(t("match-unmatched-nobody", mentee=mentee))
        if len(result.unmatched) > UNMATCHED_SHOWN:
            lines.append(t("match-more", count=len(result.unmatched) - UNMATCHED_SHOWN))

    other = MatchMode.MAX_MATCHED if state.mode is MatchMode.BEST_FIT else MatchMode.BEST_FIT
    rows.append([button(t("match-switch", mode=t(f"match-mode-{other.value}")), MatchCb(action="mode"))])
    if state.accepted:
        rows.append([button(t("match-confirm", count=len(state.accepted)), MatchCb(action="confirm"))])
    text = "\n".join(lines)
    if len(text) > MESSAGE_LIMIT:
        text = text[: MESSAGE_LIMIT - 1] + "…"
    return text, InlineKeyboardMarkup(inline_keyboard=rows)


async def _load(session: AsyncSession, state: FSMContext) -> tuple[Programme, ms.Cohort, ms.MatchSession] | None:
    programme = await current_programme(session)
    if programme is None:
        return None
    cohort = await ms.load_cohort(session, programme)
    match_state = ms.MatchSession.from_data(await state.get_data())
    match_state.accepted = ms.valid_accepted(cohort, match_state.accepted)
    return programme, cohort, match_state


async def on_match(message: Message, session: AsyncSession, state: FSMContext, t: Translator) -> None:
    loaded = await _load(session, state)
    if loaded is None:
        await message.answer(t("curator-no-programme"))
        return
    _, cohort, match_state = loaded
    match_state.page = 0
    text, markup = screen(t, cohort, match_state)
    await state.update_data(match_state.to_data())
    await message.answer(text, reply_markup=markup)


async def on_button(
    callback: CallbackQuery,
    callback_data: MatchCb,
    bot: Bot,
    session: AsyncSession,
    state: FSMContext,
    t: Translator,
    l10n: L10n,
    settings: Settings,
    clock: Clock,
) -> None:
    loaded = await _load(session, state)
    if loaded is None:
        await callback.answer(t("curator-no-programme"), show_alert=True)
        return
    programme, cohort, match_state = loaded
    action, pair = callback_data.action, (callback_data.mentee, callback_data.mentor)

    if action == "acc":
        current = {(s.mentee_id, s.mentor_id) for s in ms.run(cohort, match_state).pairs}
        if pair not in current:
            await callback.answer(t("match-stale"), show_alert=True)
            return
        match_state.accepted.append(pair)
    elif action == "skip":
        current = {(s.mentee_id, s.mentor_id) for s in ms.run(cohort, match_state).pairs}
        if pair not in current and pair not in match_state.accepted:
            await callback.answer(t("match-stale"), show_alert=True)
            return
        if pair in match_state.accepted:
            match_state.accepted.remove(pair)
        match_state.skipped.append(pair)
    elif action == "mode":
        match_state.mode = MatchMode.MAX_MATCHED if match_state.mode is MatchMode.BEST_FIT else MatchMode.BEST_FIT
    elif action == "page":
        match_state.page = max(0, callback_data.page)
    elif action == "confirm":
        if not match_state.accepted:
            await callback.answer(t("match-nothing-accepted"), show_alert=True)
            return
        await callback.answer()
        await confirm(callback.from_user.id, bot, session, state, t, l10n, settings, clock, programme, match_state)
        return
    else:
        await callback.answer(t("match-stale"), show_alert=True)
        return

    await callback.answer()
    text, markup = screen(t, cohort, match_state)
    await state.update_data(match_state.to_data())
    if isinstance(callback.message, Message):
        try:
            await callback.message.edit_text(text, reply_markup=markup)
            return
        except TelegramAPIError:
            pass
    await bot.send_message(callback.from_user.id, text, reply_markup=markup)


# ---- confirmation -------------------------------------------------------------------------------


async def _make(
    session: AsyncSession, programme: Programme, wanted: list[NewPair], actor: int, settings: Settings, clock: Clock
) -> list[Pair]:
    pairs = await create_pairs(session, programme, wanted, actor=actor, today=today_local(clock, settings), now=clock.now())
    for pair in pairs:
        await session.refresh(pair, ["mentor", "mentee"])
    return pairs


async def notify(session: AsyncSession, l10n: L10n, now: datetime, pairs: list[Pair]) -> None:
    """Queues the news for both sides, each in their language, in the transaction that makes the pairs."""
    ids = [p.mentee_id for p in pairs]
    cohort_answers: dict[int, dict] = {}
    if ids:
        rows = await session.execute(
            select(QuestionnaireResponse.participant_id, Answer.question, Answer.value)
            .join(Answer, Answer.response_id == QuestionnaireResponse.id)
            .where(
                QuestionnaireResponse.participant_id.in_(ids),
                QuestionnaireResponse.questionnaire == "mentee_intake",
                QuestionnaireResponse.status == ResponseStatus.SUBMITTED,
            )
        )
        for pid, question, value in rows.all():
            cohort_answers.setdefault(pid, {})[question] = value
    drafts: list[Draft] = []
    for pair in pairs:
        mentor, mentee = pair.mentor, pair.mentee
        answers = cohort_answers.get(mentee.id, {})
        tm = l10n.for_user(mentor.user)
        te = l10n.for_user(mentee.user)
        goal = answers.get("goal")
        mentor_text = tm(
            "match-notify-mentor",
            name=name_of(tm, mentee),
            form=form_label(tm, pair.form),
            requests=direction_list(tm, answers.get("requests")) or tm("match-not-said"),
            goal=escape(str(goal)) if isinstance(goal, str) and goal else tm("match-not-said"),
        )
        mentee_text = te("match-notify-mentee", name=name_of(te, mentor), form=form_label(te, pair.form))
        if mentee.is_minor:
            mentee_text += "\n\n" + te("match-notify-minor")
        for person, text in ((mentor, mentor_text), (mentee, mentee_text)):
            drafts.append(
                Draft(
                    key=f"pair:{pair.id}:created:{person.id}",
                    kind="pair-created",
                    chat_id=person.user.telegram_id,
                    user_id=person.user_id,
                    programme_id=pair.programme_id,
                    text=text,
                )
            )
    await enqueue(session, drafts, now)


def order_xlsx(t: Translator, settings: Settings, today: date, pairs: list[Pair], school: str = "") -> bytes:
    from openpyxl import Workbook  # imported on the first order, not at start-up (0.2 s with numpy and Pillow)

    book = Workbook()
    sheet = book.active
    sheet.title = t("match-order-sheet")
    sheet.append([t("match-order-title")])
    sheet.append([school or settings.school_name or t("match-order-school-default")])
    sheet.append([t("match-order-date", date=today.strftime("%d.%m.%Y"))])
    sheet.append([])
    sheet.append([t(f"match-order-col-{c}") for c in ("number", "mentor", "mentee", "form", "period")])
    for n, pair in enumerate(pairs, start=1):
        sheet.append(
            [
                n,
                pair.mentor.full_name or "",
                pair.mentee.full_name or "",
                form_label(t, pair.form),
                f"{pair.starts_on:%d.%m.%Y}–{pair.ends_on:%d.%m.%Y}",
            ]
        )
    for column, width in zip("ABCDE", (6, 36, 36, 28, 26)):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def confirm(
    chat_id: int,
    bot: Bot,
    session: AsyncSession,
    state: FSMContext,
    t: Translator,
    l10n: L10n,
    settings: Settings,
    clock: Clock,
    programme: Programme,
    match_state: ms.MatchSession,
) -> None:
    wanted = [NewPair(e, m) for e, m in match_state.accepted]
    try:
        pairs = await _make(session, programme, wanted, chat_id, settings, clock)
    except PairRuleError as error:
        await session.rollback()
        await bot.send_message(chat_id, t(f"pair-error-{error.error.value}"))
        return
    await audit.record_pairs(session, chat_id, audit.PAIR_CONFIRM, pairs, clock.now())
    await audit.record_on(session, chat_id, audit.MATCH_CONFIRM, programme, clock.now(), details={"count": len(pairs)})
    await notify(session, l10n, clock.now(), pairs)
    await session.commit()
    await state.update_data({ms.SESSION_KEY: None})
    await bot.send_message(chat_id, t("match-confirmed", count=len(pairs)))
    today = today_local(clock, settings)
    data = order_xlsx(t, settings, today, pairs, programme.organisation.name)
    await bot.send_document(
        chat_id,
        BufferedInputFile(data, filename=f"{t('match-order-file')}.xlsx"),
        caption=t("match-order-caption", count=len(pairs)),
    )


# ---- by hand --------------------------------------------------------------------------------------


async def on_pairup(
    message: Message,
    command: CommandObject,
    bot: Bot,
    session: AsyncSession,
    t: Translator,
    l10n: L10n,
    settings: Settings,
    clock: Clock,
) -> None:
    args = (command.args or "").split()
    if len(args) != 2 or not all(a.isdigit() and len(a) < 10 for a in args):
        await message.answer(t("pairup-usage"))
        return
    programme = await current_programme(session)
    if programme is None:
        await message.answer(t("curator-no-programme"))
        return
    mentee_id, mentor_id = int(args[0]), int(args[1])
    try:
        pairs = await _make(session, programme, [NewPair(mentee_id, mentor_id)], message.chat.id, settings, clock)
    except PairRuleError as error:
        await session.rollback()
        await message.answer(t(f"pair-error-{error.error.value}"))
        return
    await audit.record_pairs(session, message.chat.id, audit.PAIR_CREATE_MANUAL, pairs, clock.now())
    await notify(session, l10n, clock.now(), pairs)
    await session.commit()
    pair = pairs[0]
    await message.answer(
        t(
            "pairup-done",
            mentee=name_of(t, pair.mentee),
            mentor=name_of(t, pair.mentor),
            form=form_label(t, pair.form),
            start=f"{pair.starts_on:%d.%m.%Y}",
            end=f"{pair.ends_on:%d.%m.%Y}",
        )
    )


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(on_match, Command("match"))
    router.message.register(on_pairup, Command("pairup"))
    router.callback_query.register(on_button, MatchCb.filter())
    return router
