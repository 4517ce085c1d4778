"""/swot: the curator's SWOT analysis per form of mentorship, inside the curator-only router.

forms (each with how far its review is) -> a form's review: the four parts written so far and the
form's figures -> "fill in" asks the four parts one after another, "edit one part" asks one. Every
typed part is saved at once (bot/services/swot.py), and the FSM state says which form and part are
asked, so after a restart the next message goes on where the curator was. "Skip" keeps a part's
current text. Button data is untrusted: the form must be one the programme runs, the part one of the
four, and a skip must match the question that is open; anything else gets an alert.
"""

from __future__ import annotations

import asyncio
from html import escape

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from fluent.runtime.types import fluent_number
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.i18n import Translator
from bot.services import reports as rs
from bot.services import swot
from bot.services.programme import current_programme
from bot.services.programme_settings import zone_of
from db.models import Programme, SwotReview
from handlers.curator import ui
from handlers.curator.reports import ctx_of
from handlers.flow import button, form_label, kb

# Telegram counts a message's 4096 characters in UTF-16 units (an emoji is two), after the HTML tags
# are parsed. The review screen shows at most PREVIEW units of each part, the question up to ASKED of
# the current text: a part of PART_MAX characters of ordinary text is shown whole when it is asked,
# and the whole text is always in the report.
PREVIEW = 600
ASKED = 2800
DONE, PARTIAL, EMPTY = "done", "partial", "empty"
MARK = {DONE: "✅", PARTIAL: "✏️", EMPTY: "▫️"}


class SwotCb(CallbackData, prefix="sw"):
    action: str  # list | form | fill | parts | part | skip | file
    form: str = ""
    part: str = ""


class SwotInput(StatesGroup):
    text = State()  # data: form, part, all (go on to the next part after this one)


# ---- screens ------------------------------------------------------------------------------------


def state_of(review: SwotReview | None) -> tuple[str, int]:
    written = len(swot.parts_of(review.answers)) if review is not None else 0
    if written == len(swot.PARTS):
        return DONE, written
    return (PARTIAL if written else EMPTY), written


def fit(text: str, units: int) -> str:
    """The text, shortened with "…" to at most `units` UTF-16 units."""
    if len(text.encode("utf-16-le")) // 2 <= units:
        return text
    used, kept = 1, 0  # the ellipsis takes one unit
    for char in text:
        used += 2 if ord(char) > 0xFFFF else 1
        if used > units:
            break
        kept += 1
    return text[:kept].rstrip() + "…"


def part_name(t: Translator, part: str) -> str:
    return t(f"swot-part-{part}")


async def list_screen(session: AsyncSession, t: Translator, programme: Programme) -> tuple[str, InlineKeyboardMarkup]:
    """The forms to analyse, each with how far its review is and when it was last edited (the school's date)."""
    tz = zone_of(programme)
    forms = await swot.forms_of(session, programme)
    reviews = await swot.reviews_of(session, programme.id)
    lines = [t("swot-title", year=programme.academic_year), t("swot-intro")]
    rows: list[list[InlineKeyboardButton]] = []
    if not forms:
        lines += ["", t("swot-no-forms")]
    for form in forms:
        review = reviews.get(form)
        state, written = state_of(review)
        label = form_label(t, form)
        edited = ui.local_date(review.updated_at, tz) if review is not None and written else ""
        lines += ["", t(f"swot-line-{state}", form=label, count=written, total=len(swot.PARTS), date=edited)]
        rows.append([button(t("swot-button-form", mark=MARK[state], form=label, count=written, total=len(swot.PARTS)), SwotCb(action="form", form=form))])
    if forms:
        rows.append([button(t("swot-button-file"), SwotCb(action="file"))])
    return "\n".join(lines), kb(*rows)


def rating_text(t: Translator, rating: swot.Rating, share: bool) -> str:
    if rating.answers == 0:
        return t("swot-rating-none")
    if rating.value is None:
        return t("swot-rating-hidden", count=rating.answers, min=swot.MIN_ANSWERS)
    if share:
        return t("swot-rating-share", percent=round(rating.value * 100), count=rating.answers)
    value = fluent_number(rating.value, minimumFractionDigits=1, maximumFractionDigits=1)
    return t("swot-rating-average", value=value, count=rating.answers)


def figures_text(t: Translator, f: swot.FormFigures) -> list[str]:
    use, goal = f.usefulness, f.goal_reached
    mentor, mentee = swot.ROLES
    return [
        t("swot-fig-head"),
        t("swot-fig-people", mentors=f.mentors, mentees=f.mentees),
        t("swot-fig-pairs", pairs=f.pairs, completed=f.completed),
        t("swot-fig-meetings", count=f.meetings_held),
        t("swot-fig-usefulness", mentors=rating_text(t, use[mentor], False), mentees=rating_text(t, use[mentee], False)),
        t("swot-fig-goal", mentors=rating_text(t, goal[mentor], True), mentees=rating_text(t, goal[mentee], True)),
    ]


async def review_screen(
    session: AsyncSession, t: Translator, programme: Programme, form: str, note: str | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    review = await swot.review_of(session, programme.id, form)
    numbers = (await swot.figures(session, programme.id, [form]))[form]
    state, written = state_of(review)
    parts = swot.parts_of(review.answers) if review is not None else {}
    lines = [note, ""] if note else []
    lines.append(t("swot-review-title", form=form_label(t, form)))
    if state == EMPTY:
        lines.append(t("swot-review-empty"))
    else:
        edited = ui.local_date(review.updated_at, zone_of(programme)) if review is not None else ""
        lines.append(t(f"swot-review-{state}", count=written, total=len(swot.PARTS), date=edited))
    lines += ["", *figures_text(t, numbers)]
    for part in swot.PARTS:
        text = parts.get(part)
        lines += ["", t(f"swot-head-{part}"), escape(fit(text, PREVIEW)) if text else t("swot-not-written")]
    rows = [
        [button(t("swot-button-fill"), SwotCb(action="fill", form=form))],
        [button(t("swot-button-parts"), SwotCb(action="parts", form=form))],
        [button(t("swot-button-list"), SwotCb(action="list"))],
    ]
    return "\n".join(lines), kb(*rows)


def parts_screen(t: Translator, form: str) -> tuple[str, InlineKeyboardMarkup]:
    rows = [[button(t(f"swot-head-{part}"), SwotCb(action="part", form=form, part=part))] for part in swot.PARTS]
    rows.append([button(t("swot-button-back"), SwotCb(action="form", form=form))])
    return t("swot-parts-ask", form=form_label(t, form)), kb(*rows)


def ask_markup(t: Translator, form: str, part: str) -> InlineKeyboardMarkup:
    return kb(
        [button(t("swot-button-skip"), SwotCb(action="skip", form=form, part=part))],
        [button(t("swot-button-back"), SwotCb(action="form", form=form))],
    )


def ask_screen(t: Translator, form: str, part: str, current: str | None, note: str | None = None) -> tuple[str, InlineKeyboardMarkup]:
    lines = [note, ""] if note else []
    lines.append(
        t(
            "swot-ask",
            form=form_label(t, form),
            number=swot.PARTS.index(part) + 1,
            total=len(swot.PARTS),
            part=part_name(t, part),
            about=t(f"swot-about-{part}"),
            limit=swot.PART_MAX,
        )
    )
    lines += ["", t("swot-current", text=escape(fit(current, ASKED))) if current else t("swot-current-none")]
    lines += ["", t("swot-skip-keeps") if current else t("swot-skip-empty")]
    return "\n".join(lines), ask_markup(t, form, part)


async def current_text(session: AsyncSession, programme: Programme, form: str, part: str) -> str | None:
    review = await swot.review_of(session, programme.id, form)
    return swot.parts_of(review.answers).get(part) if review is not None else None


# ---- the dialog -------------------------------------------------------------------------------------


async def _ask(state: FSMContext, form: str, part: str, all_parts: bool) -> None:
    await state.set_state(SwotInput.text)
    await state.set_data({"form": form, "part": part, "all": all_parts})


async def _next(
    session: AsyncSession,
    state: FSMContext,
    t: Translator,
    programme: Programme,
    form: str,
    part: str,
    all_parts: bool,
    note: str,
    saved: bool,
) -> tuple[str, InlineKeyboardMarkup]:
    """After a part is answered or skipped: the next part when filling in all of them, else the review
    (which says the analysis is complete when the last answer completed it)."""
    index = swot.PARTS.index(part)
    if all_parts and index + 1 < len(swot.PARTS):
        following = swot.PARTS[index + 1]
        await _ask(state, form, following, True)
        return ask_screen(t, form, following, await current_text(session, programme, form, following), note)
    await state.clear()
    review = await swot.review_of(session, programme.id, form)
    if saved and all_parts and review is not None and swot.is_complete(review.answers):
        note = t("swot-note-complete", form=form_label(t, form))
    return await review_screen(session, t, programme, form, note)


async def _open_question(state: FSMContext, session: AsyncSession, programme: Programme) -> tuple[str, str, bool] | None:
    """The form and part being asked, re-checked against the programme; None if the state is stale."""
    data = await state.get_data()
    form, part, all_parts = data.get("form"), data.get("part"), data.get("all")
    if not isinstance(form, str) or part not in swot.PARTS or form not in await swot.allowed_forms(session, programme):
        return None
    return form, part, all_parts is True


# ---- handlers -----------------------------------------------------------------------------------


async def on_command(message: Message, session: AsyncSession, state: FSMContext, t: Translator) -> None:
    await state.clear()
    programme = await current_programme(session)
    if programme is None:
        await message.answer(t("curator-no-programme"))
        return
    text, markup = await list_screen(session, t, programme)
    await message.answer(text, reply_markup=markup)


async def send_report(
    bot: Bot, chat_id: int, session: AsyncSession, programme: Programme, t: Translator, settings: Settings, clock: Clock
) -> None:
    """The SWOT report as in /reports; the file is written in a worker thread."""
    built = await swot.report(session, programme, ctx_of(t, settings, clock, programme))
    data = await asyncio.to_thread(rs.xlsx, built.sheets)
    await bot.send_document(chat_id, BufferedInputFile(data, filename=built.filename), caption=built.caption)


async def on_button(
    callback: CallbackQuery,
    callback_data: SwotCb,
    bot: Bot,
    session: AsyncSession,
    state: FSMContext,
    t: Translator,
    settings: Settings,
    clock: Clock,
) -> None:
    action, form, part = callback_data.action, callback_data.form, callback_data.part
    programme = await current_programme(session)
    if programme is None:
        await callback.answer(t("curator-no-programme"), show_alert=True)
        return
    if action == "list":
        await callback.answer()
        await state.clear()
        await ui.show(callback, bot, *await list_screen(session, t, programme))
        return
    if action == "file":
        await callback.answer()
        await send_report(bot, callback.from_user.id, session, programme, t, settings, clock)
        return
    if action not in ("form", "fill", "parts", "part", "skip") or form not in await swot.allowed_forms(session, programme):
        await callback.answer(t("swot-stale"), show_alert=True)
        return
    if action in ("part", "skip") and part not in swot.PARTS:
        await callback.answer(t("swot-stale"), show_alert=True)
        return

    if action == "form":
        await callback.answer()
        await state.clear()
        await ui.show(callback, bot, *await review_screen(session, t, programme, form))
    elif action == "parts":
        await callback.answer()
        await state.clear()
        await ui.show(callback, bot, *parts_screen(t, form))
    elif action in ("fill", "part"):
        first = swot.PARTS[0] if action == "fill" else part
        await callback.answer()
        await _ask(state, form, first, action == "fill")
        await ui.show(callback, bot, *ask_screen(t, form, first, await current_text(session, programme, form, first)))
    else:  # skip: only the question that is open now
        asked = await _open_question(state, session, programme) if await state.get_state() == SwotInput.text.state else None
        if asked is None or asked[:2] != (form, part):
            await callback.answer(t("swot-stale"), show_alert=True)
            return
        await callback.answer()
        note = t("swot-note-skipped", part=part_name(t, part))
        await ui.show(callback, bot, *await _next(session, state, t, programme, form, part, asked[2], note, saved=False))


async def on_text(message: Message, session: AsyncSession, state: FSMContext, t: Translator, clock: Clock) -> None:
    programme = await current_programme(session)
    asked = await _open_question(state, session, programme) if programme is not None else None
    if programme is None or asked is None:
        await state.clear()
        await message.answer(t("swot-stale-text"))
        return
    form, part, all_parts = asked
    text = (message.text or "").strip()
    if not text:
        reply, markup = ask_screen(t, form, part, await current_text(session, programme, form, part), t("swot-type-text"))
        await message.answer(reply, reply_markup=markup)
        return
    if len(text) > swot.PART_MAX:
        await message.answer(t("swot-too-long", length=len(text), limit=swot.PART_MAX), reply_markup=ask_markup(t, form, part))
        return
    actor = message.from_user.id if message.from_user else message.chat.id
    await swot.save_part(session, programme.id, form, part, text, actor, clock.now())
    note = t("swot-note-saved", part=part_name(t, part))
    reply, markup = await _next(session, state, t, programme, form, part, all_parts, note, saved=True)
    await message.answer(reply, reply_markup=markup)


async def not_text(message: Message, session: AsyncSession, state: FSMContext, t: Translator) -> None:
    """A sticker, a photo, a voice message: the question is asked again."""
    programme = await current_programme(session)
    asked = await _open_question(state, session, programme) if programme is not None else None
    if programme is None or asked is None:
        await state.clear()
        await message.answer(t("swot-stale-text"))
        return
    form, part, _ = asked
    text, markup = ask_screen(t, form, part, await current_text(session, programme, form, part), t("swot-type-text"))
    await message.answer(text, reply_markup=markup)


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(on_command, Command("swot"))
    router.callback_query.register(on_button, SwotCb.filter())
    router.message.register(on_text, StateFilter(SwotInput.text), F.text, ~F.text.startswith("/"))
    router.message.register(not_text, StateFilter(SwotInput.text), ~F.text.startswith("/"))
    return router
