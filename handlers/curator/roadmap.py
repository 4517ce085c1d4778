"""/roadmap: the programme's roadmap stage by stage, inside the curator-only router.

overview (seven stages, counts) -> a stage's events -> an event's card: mark done / back to planned,
move the due date, cancel, edit who is responsible; and adding the curator's own event (stage ->
title -> due date). Opening the overview first lets the bot mark what it can see done
(`bot.services.roadmap_auto.refresh`). Button data is untrusted: every press re-reads the event and
checks that it belongs to the current programme; typed answers re-check it before saving.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from html import escape

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.i18n import Translator
from bot.services import audit, roadmap_auto
from bot.services.programme import current_programme
from bot.services.roadmap import STAGES, TEMPLATE, ensure_roadmap, event_responsible, event_title, stage_name
from db.models import Programme, RoadmapEvent, RoadmapStatus
from handlers.curator import ui
from handlers.flow import button, kb

PER_PAGE = 12  # a stage's events per screen: every template stage fits on one
LIST_TITLE = 150  # titles in the stage list are shortened; the card shows them whole
BUTTON_TITLE = 40
TITLE_MAX = RoadmapEvent.__table__.c.title.type.length or 300
RESPONSIBLE_MAX = RoadmapEvent.__table__.c.responsible.type.length or 200
DATE_RE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
DATE_FORMAT = "%d.%m.%Y"
AUTO_OF = {t.code: t.auto for t in TEMPLATE if t.auto}

DONE, PLANNED, OVERDUE, CANCELLED = "done", "planned", "overdue", "cancelled"
MARK = {DONE: "✅", OVERDUE: "⚠️", PLANNED: "🗓", CANCELLED: "❌"}


class RoadmapCb(CallbackData, prefix="rm"):
    action: str  # home | stage | event | done | undo | cancel | date | resp | add
    stage: int = 0
    id: int = 0
    page: int = 0


class RoadmapEdit(StatesGroup):
    due = State()  # data: event_id, page
    responsible = State()  # data: event_id, page
    add_stage = State()
    add_title = State()  # data: stage
    add_due = State()  # data: stage, title


# ---- what an event is now -------------------------------------------------------------------------


def state_of(event: RoadmapEvent, today: date) -> str:
    if event.status == RoadmapStatus.DONE:
        return DONE
    if event.status == RoadmapStatus.CANCELLED:
        return CANCELLED
    return OVERDUE if event.due_on < today else PLANNED


@dataclass
class Counts:
    total: int = 0
    done: int = 0
    due: int = 0
    overdue: int = 0
    cancelled: int = 0

    def add(self, state: str) -> None:
        self.total += 1
        if state == DONE:
            self.done += 1
        elif state == OVERDUE:
            self.overdue += 1
        elif state == CANCELLED:
            self.cancelled += 1
        else:
            self.due += 1

    def args(self) -> dict[str, int]:
        return {"count": self.total, "done": self.done, "due": self.due, "overdue": self.overdue, "cancelled": self.cancelled}


def auto_marked(event: RoadmapEvent) -> bool:
    return event.status == RoadmapStatus.DONE and event.done_by_telegram_id is None


def fmt(day: date) -> str:
    return day.strftime(DATE_FORMAT)


def today_of(clock: Clock, settings: Settings) -> date:
    return clock.now().astimezone(settings.tz).date()


def _years_from(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def allowed_range(programme: Programme) -> tuple[date, date]:
    """A due date must fall within the programme's year, give or take a year."""
    return _years_from(programme.starts_on, -1), _years_from(programme.ends_on, 1)


def parse_day(text: str) -> date | None:
    match = DATE_RE.fullmatch(text.strip())
    if match is None:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def example_day(programme: Programme, today: date) -> date:
    first, last = allowed_range(programme)
    day = today + timedelta(days=14)
    return day if first <= day <= last else programme.starts_on


def one_line(text: str) -> str:
    return " ".join(text.split())


async def events_of(session: AsyncSession, programme_id: int, stage: int | None = None) -> list[RoadmapEvent]:
    query = select(RoadmapEvent).where(RoadmapEvent.programme_id == programme_id)
    if stage is not None:
        query = query.where(RoadmapEvent.stage == stage)
    return list(await session.scalars(query.order_by(RoadmapEvent.stage, RoadmapEvent.due_on, RoadmapEvent.id)))


async def event_of(session: AsyncSession, programme: Programme, event_id: object) -> RoadmapEvent | None:
    """The event if it exists and is this programme's; None for anything else (forged or stale)."""
    if type(event_id) is not int or not 0 < event_id <= ui.MAX_ID:
        return None
    event = await session.get(RoadmapEvent, event_id, populate_existing=True)
    return event if event is not None and event.programme_id == programme.id else None


# ---- screens ------------------------------------------------------------------------------------


async def overview(
    session: AsyncSession, t: Translator, settings: Settings, clock: Clock, programme: Programme
) -> tuple[str, InlineKeyboardMarkup]:
    """All seven stages with their counts, and a button per stage. Marks what the bot sees done first."""
    now = clock.now()
    await ensure_roadmap(session, programme, now)
    changed = await roadmap_auto.refresh(session, programme, now)
    today = today_of(clock, settings)
    stages = {n: Counts() for n in STAGES}
    total = Counts()
    for event in await events_of(session, programme.id):
        if event.stage in stages:
            state = state_of(event, today)
            stages[event.stage].add(state)
            total.add(state)
    lines = [t("rm-title", year=programme.academic_year), t("rm-today", date=fmt(today), **total.args())]
    if changed:
        lines += ["", t("rm-auto-marked", count=len(changed))]
        lines += [t("rm-auto-marked-item", title=escape(ui.short(event_title(t, e), LIST_TITLE))) for e in changed]
    rows: list[list[InlineKeyboardButton]] = []
    for number, counts in stages.items():
        lines += ["", t("rm-stage-head", number=number, name=stage_name(t, number)), t("rm-counts", **counts.args())]
        label = t("rm-button-stage", number=number, name=stage_name(t, number), overdue=counts.overdue)
        rows.append([button(label, RoadmapCb(action="stage", stage=number))])
    rows.append([button(t("rm-button-add"), RoadmapCb(action="add"))])
    return "\n".join(lines), kb(*rows)


def event_line(t: Translator, settings: Settings, event: RoadmapEvent, number: int, today: date) -> str:
    state = state_of(event, today)
    title = escape(ui.short(event_title(t, event), LIST_TITLE))
    if state == DONE:
        key = "rm-line-done-auto" if auto_marked(event) else "rm-line-done"
        done_on = ui.local_date(event.done_at, settings.tz) if event.done_at else fmt(event.due_on)
        return t(key, number=number, title=title, date=done_on)
    return t(f"rm-line-{state}", number=number, title=title, date=fmt(event.due_on))


async def stage_screen(
    session: AsyncSession,
    t: Translator,
    settings: Settings,
    clock: Clock,
    programme: Programme,
    stage: int,
    page: int,
    note: str | None = None,
) -> tuple[str, InlineKeyboardMarkup]:
    today = today_of(clock, settings)
    events = await events_of(session, programme.id, stage)
    counts = Counts()
    for event in events:
        counts.add(state_of(event, today))
    shown, page, pages = ui.page_of(events, page, PER_PAGE)
    lines = [note, ""] if note else []
    lines += [t("rm-stage-title", number=stage, name=stage_name(t, stage)), t("rm-counts", **counts.args())]
    if pages > 1:
        lines.append(t("curator-page", page=page + 1, pages=pages))
    if not events:
        lines += ["", t("rm-stage-empty")]
    else:
        lines.append("")
    rows: list[list[InlineKeyboardButton]] = []
    for number, event in enumerate(shown, start=page * PER_PAGE + 1):
        lines.append(event_line(t, settings, event, number, today))
        label = t(
            "rm-button-event",
            number=number,
            mark=MARK[state_of(event, today)],
            title=ui.short(one_line(event_title(t, event)), BUTTON_TITLE),
        )
        rows.append([button(label, RoadmapCb(action="event", id=event.id, page=page))])
    nav = ui.pager(t, page, pages, lambda p: RoadmapCb(action="stage", stage=stage, page=p))
    if nav:
        rows.append(nav)
    rows.append([button(t("rm-button-add"), RoadmapCb(action="add", stage=stage))])
    rows.append([button(t("rm-button-home"), RoadmapCb(action="home"))])
    return "\n".join(lines), kb(*rows)


def status_text(t: Translator, settings: Settings, event: RoadmapEvent, today: date) -> str:
    state = state_of(event, today)
    if state == DONE:
        done_on = ui.local_date(event.done_at, settings.tz) if event.done_at else fmt(event.due_on)
        return t("rm-status-done-auto" if auto_marked(event) else "rm-status-done", date=done_on)
    if state == OVERDUE:
        return t("rm-status-overdue", days=(today - event.due_on).days)
    return t(f"rm-status-{state}")


def card_screen(
    t: Translator, settings: Settings, event: RoadmapEvent, today: date, page: int, note: str | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    if event.code is None:
        kind = t("rm-kind-custom")
    else:
        kind = t("rm-kind-report" if event.category == "report" else "rm-kind-event")
    lines = [note, ""] if note else []
    lines.append(
        t(
            "rm-card",
            title=escape(event_title(t, event)),
            number=event.stage,
            name=stage_name(t, event.stage),
            kind=kind,
            date=fmt(event.due_on),
            responsible=escape(event_responsible(t, event)) or t("rm-responsible-none"),
            status=status_text(t, settings, event, today),
        )
    )
    condition = AUTO_OF.get(event.code or "")
    if condition and event.status == RoadmapStatus.PLANNED:
        lines += ["", t("rm-auto-off") if event.done_by_telegram_id is not None else t("rm-auto-hint", condition=t(f"rm-auto-{condition}"))]
    data = {"id": event.id, "page": page}
    rows: list[list[InlineKeyboardButton]] = []
    if event.status == RoadmapStatus.PLANNED:
        rows.append([button(t("rm-button-done"), RoadmapCb(action="done", **data))])
    else:
        rows.append([button(t("rm-button-undo"), RoadmapCb(action="undo", **data))])
    rows.append([button(t("rm-button-date"), RoadmapCb(action="date", **data))])
    rows.append([button(t("rm-button-resp"), RoadmapCb(action="resp", **data))])
    if event.status == RoadmapStatus.PLANNED:
        rows.append([button(t("rm-button-cancel"), RoadmapCb(action="cancel", **data))])
    rows.append([button(t("rm-button-stage-back"), RoadmapCb(action="stage", stage=event.stage, page=page))])
    return "\n".join(lines), kb(*rows)


def back_to_card(t: Translator, event_id: int, page: int) -> InlineKeyboardMarkup:
    return kb([button(t("rm-button-back"), RoadmapCb(action="event", id=event_id, page=page))])


def stage_keyboard(t: Translator) -> InlineKeyboardMarkup:
    rows = [[button(t("rm-stage-option", number=n, name=stage_name(t, n)), RoadmapCb(action="add", stage=n))] for n in STAGES]
    rows.append([button(t("rm-button-home"), RoadmapCb(action="home"))])
    return kb(*rows)


def ask_date_text(t: Translator, programme: Programme, today: date, key: str, title: str, **extra: str) -> str:
    first, last = allowed_range(programme)
    example = fmt(example_day(programme, today))
    return t(key, title=escape(ui.short(title, LIST_TITLE)), example=example, first=fmt(first), last=fmt(last), **extra)


# ---- changes --------------------------------------------------------------------------------------


def set_status(event: RoadmapEvent, status: RoadmapStatus, actor: int, now: datetime) -> None:
    """A change of status by the curator: who and when. done_at is kept only for done events; an event
    the curator puts back keeps their id, so the bot does not mark it done again on its own."""
    event.status = status
    event.done_at = now if status == RoadmapStatus.DONE else None
    event.done_by_telegram_id = actor
    event.updated_at = now


TRANSITIONS = {
    "done": ((RoadmapStatus.PLANNED,), RoadmapStatus.DONE, "rm-note-done"),
    "undo": ((RoadmapStatus.DONE, RoadmapStatus.CANCELLED), RoadmapStatus.PLANNED, "rm-note-undo"),
    "cancel": ((RoadmapStatus.PLANNED,), RoadmapStatus.CANCELLED, "rm-note-cancel"),
}


# ---- handlers -----------------------------------------------------------------------------------


async def on_command(
    message: Message, session: AsyncSession, state: FSMContext, t: Translator, settings: Settings, clock: Clock
) -> None:
    await state.clear()
    programme = await current_programme(session)
    if programme is None:
        await message.answer(t("curator-no-programme"))
        return
    text, markup = await overview(session, t, settings, clock, programme)
    await message.answer(text, reply_markup=markup)


async def on_button(
    callback: CallbackQuery,
    callback_data: RoadmapCb,
    bot: Bot,
    session: AsyncSession,
    state: FSMContext,
    t: Translator,
    settings: Settings,
    clock: Clock,
) -> None:
    action = callback_data.action
    programme = await current_programme(session)
    if programme is None:
        await callback.answer(t("curator-no-programme"), show_alert=True)
        return
    today = today_of(clock, settings)
    page = max(0, callback_data.page)

    if action == "home":
        await callback.answer()
        await state.clear()
        await ui.show(callback, bot, *await overview(session, t, settings, clock, programme))
        return
    if action == "stage":
        if callback_data.stage not in STAGES:
            await callback.answer(t("rm-stale"), show_alert=True)
            return
        await callback.answer()
        await state.clear()
        await ui.show(callback, bot, *await stage_screen(session, t, settings, clock, programme, callback_data.stage, page))
        return
    if action == "add":
        stage = callback_data.stage
        if stage != 0 and stage not in STAGES:
            await callback.answer(t("rm-stale"), show_alert=True)
            return
        await callback.answer()
        await state.clear()
        if stage == 0:
            await state.set_state(RoadmapEdit.add_stage)
            await ui.show(callback, bot, t("rm-add-stage"), stage_keyboard(t))
        else:
            await state.set_state(RoadmapEdit.add_title)
            await state.set_data({"stage": stage})
            markup = kb([button(t("rm-button-back"), RoadmapCb(action="stage", stage=stage))])
            await ui.show(callback, bot, t("rm-add-title", number=stage, name=stage_name(t, stage), limit=TITLE_MAX), markup)
        return
    if action not in ("event", "date", "resp", *TRANSITIONS):
        await callback.answer(t("rm-stale"), show_alert=True)
        return

    event = await event_of(session, programme, callback_data.id)
    if event is None:
        await callback.answer(t("rm-not-found"), show_alert=True)
        return
    await state.clear()
    if action == "event":
        await callback.answer()
        await ui.show(callback, bot, *card_screen(t, settings, event, today, page))
    elif action == "date":
        await callback.answer()
        await state.set_state(RoadmapEdit.due)
        await state.set_data({"event_id": event.id, "page": page})
        text = ask_date_text(t, programme, today, "rm-ask-date", event_title(t, event), current=fmt(event.due_on))
        await ui.show(callback, bot, text, back_to_card(t, event.id, page))
    elif action == "resp":
        await callback.answer()
        await state.set_state(RoadmapEdit.responsible)
        await state.set_data({"event_id": event.id, "page": page})
        current = escape(event_responsible(t, event)) or t("rm-responsible-none")
        text = t("rm-ask-resp", title=escape(ui.short(event_title(t, event), LIST_TITLE)), current=current, limit=RESPONSIBLE_MAX)
        await ui.show(callback, bot, text, back_to_card(t, event.id, page))
    else:
        allowed, target, note = TRANSITIONS[action]
        if event.status not in allowed:
            # A press on an old card: show the event as it is now.
            await callback.answer(t("rm-stale"), show_alert=True)
            await ui.show(callback, bot, *card_screen(t, settings, event, today, page))
            return
        set_status(event, target, callback.from_user.id, clock.now())
        await audit.record_on(session, callback.from_user.id, audit.ROADMAP_CHANGE, event, clock.now(), details={"what": action})
        await session.flush()
        await callback.answer()
        await ui.show(callback, bot, *card_screen(t, settings, event, today, page, t(note)))


async def _typed_event(message: Message, session: AsyncSession, state: FSMContext, t: Translator) -> tuple[Programme, RoadmapEvent, int] | None:
    """The event a typed answer is for, re-checked; None (and the state cleared) if it is gone."""
    data = await state.get_data()
    programme = await current_programme(session)
    event = await event_of(session, programme, data.get("event_id")) if programme else None
    if programme is None or event is None:
        await state.clear()
        await message.answer(t("rm-not-found"))
        return None
    page = data.get("page")
    return programme, event, page if type(page) is int and page >= 0 else 0


def check_day(t: Translator, programme: Programme, today: date, text: str) -> tuple[date | None, str | None]:
    """The typed date, or the message that says what is wrong with it."""
    day = parse_day(text)
    first, last = allowed_range(programme)
    if day is None:
        return None, t("rm-date-invalid", example=fmt(example_day(programme, today)), first=fmt(first), last=fmt(last))
    if not first <= day <= last:
        return None, t("rm-date-range", first=fmt(first), last=fmt(last), example=fmt(example_day(programme, today)))
    return day, None


async def on_due(
    message: Message, session: AsyncSession, state: FSMContext, t: Translator, settings: Settings, clock: Clock
) -> None:
    found = await _typed_event(message, session, state, t)
    if found is None:
        return
    programme, event, page = found
    today = today_of(clock, settings)
    day, error = check_day(t, programme, today, message.text or "")
    if day is None:
        await message.answer(error or "", reply_markup=back_to_card(t, event.id, page))
        return
    details = {"what": "due", "old": event.due_on.isoformat(), "new": day.isoformat()}
    await audit.record_on(session, message.chat.id, audit.ROADMAP_CHANGE, event, clock.now(), details=details)
    event.due_on = day
    event.updated_at = clock.now()
    await session.flush()
    await state.clear()
    text, markup = card_screen(t, settings, event, today, page, t("rm-note-date", date=fmt(day)))
    await message.answer(text, reply_markup=markup)


async def on_responsible(
    message: Message, session: AsyncSession, state: FSMContext, t: Translator, settings: Settings, clock: Clock
) -> None:
    found = await _typed_event(message, session, state, t)
    if found is None:
        return
    _, event, page = found
    text = one_line(message.text or "")
    if not text:
        await message.answer(t("rm-resp-empty"), reply_markup=back_to_card(t, event.id, page))
        return
    if len(text) > RESPONSIBLE_MAX:
        await message.answer(t("rm-too-long", length=len(text), limit=RESPONSIBLE_MAX), reply_markup=back_to_card(t, event.id, page))
        return
    event.responsible = text
    await audit.record_on(session, message.chat.id, audit.ROADMAP_CHANGE, event, clock.now(), details={"what": "responsible"})
    event.updated_at = clock.now()
    await session.flush()
    await state.clear()
    card, markup = card_screen(t, settings, event, today_of(clock, settings), page, t("rm-note-resp"))
    await message.answer(card, reply_markup=markup)


async def on_add_title(message: Message, state: FSMContext, session: AsyncSession, t: Translator, settings: Settings, clock: Clock) -> None:
    stage = (await state.get_data()).get("stage")
    programme = await current_programme(session)
    if stage not in STAGES or programme is None:
        await state.clear()
        await message.answer(t("rm-stale"))
        return
    back = kb([button(t("rm-button-back"), RoadmapCb(action="stage", stage=stage))])
    title = one_line(message.text or "")
    if not title:
        await message.answer(t("rm-title-empty", limit=TITLE_MAX), reply_markup=back)
        return
    if len(title) > TITLE_MAX:
        await message.answer(t("rm-too-long", length=len(title), limit=TITLE_MAX), reply_markup=back)
        return
    await state.set_state(RoadmapEdit.add_due)
    await state.update_data(title=title)
    await message.answer(ask_date_text(t, programme, today_of(clock, settings), "rm-add-due", title), reply_markup=back)


async def on_add_due(
    message: Message, session: AsyncSession, state: FSMContext, t: Translator, settings: Settings, clock: Clock
) -> None:
    data = await state.get_data()
    stage, title = data.get("stage"), data.get("title")
    programme = await current_programme(session)
    if stage not in STAGES or not isinstance(title, str) or not title or len(title) > TITLE_MAX or programme is None:
        await state.clear()
        await message.answer(t("rm-stale"))
        return
    today = today_of(clock, settings)
    day, error = check_day(t, programme, today, message.text or "")
    if day is None:
        await message.answer(error or "", reply_markup=kb([button(t("rm-button-back"), RoadmapCb(action="stage", stage=stage))]))
        return
    now = clock.now()
    event = RoadmapEvent(
        programme_id=programme.id,
        stage=stage,
        code=None,
        category="event",
        title=title,
        responsible=None,
        due_on=day,
        status=RoadmapStatus.PLANNED,
        created_at=now,
        updated_at=now,
    )
    session.add(event)
    await session.flush()
    await audit.record_on(session, message.chat.id, audit.ROADMAP_CHANGE, event, now, details={"what": "add", "stage": stage})
    await state.clear()
    events = await events_of(session, programme.id, stage)
    page = next((i for i, e in enumerate(events) if e.id == event.id), 0) // PER_PAGE
    note = t("rm-note-added", title=escape(ui.short(title, LIST_TITLE)), date=fmt(day))
    text, markup = await stage_screen(session, t, settings, clock, programme, stage, page, note)
    await message.answer(text, reply_markup=markup)


async def use_buttons(message: Message, t: Translator) -> None:
    await message.answer(t("rm-use-buttons"))


async def type_text(message: Message, t: Translator) -> None:
    await message.answer(t("rm-type-text"))


def create_router() -> Router:
    router = Router(name=__name__)
    typed = (F.text, ~F.text.startswith("/"))
    router.message.register(on_command, Command("roadmap"))
    router.callback_query.register(on_button, RoadmapCb.filter())
    router.message.register(on_due, StateFilter(RoadmapEdit.due), *typed)
    router.message.register(on_responsible, StateFilter(RoadmapEdit.responsible), *typed)
    router.message.register(on_add_title, StateFilter(RoadmapEdit.add_title), *typed)
    router.message.register(on_add_due, StateFilter(RoadmapEdit.add_due), *typed)
    router.message.register(use_buttons, StateFilter(RoadmapEdit.add_stage), ~F.text.startswith("/"))
    router.message.register(type_text, StateFilter(RoadmapEdit), ~F.text.startswith("/"))
    return router
