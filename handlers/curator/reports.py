"""/reports: the curator's reports as files, inside the curator-only router.

A screen of buttons, one per report; a press builds the file (bot/services/reports.py) and sends it.
The quarterly roadmap report first asks for the quarter; the annual figures first ask how many
students aged 10-19 the school has (typed, or skipped: then the report gives the number involved and
leaves the share to the curator, since the bot knows only the students who joined the programme).
Button data is untrusted: a quarter must be one of the programme's.

The rows are read in the update's session; the file itself is written in a worker thread, so a
large export does not hold up other updates.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence
from datetime import date

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.i18n import Translator
from bot.services import audit
from bot.services import reports as rs
from bot.services import swot
from bot.services.programme import current_programme
from bot.services.roadmap import ensure_roadmap
from db.models import Programme
from handlers.curator import ui
from handlers.flow import button, kb

DATE_FORMAT = "%d.%m.%Y"
_NUMBER = re.compile(r"\d[\d\s\u00a0]*")
# Reports a single press builds, in the order of the buttons.
SIMPLE = ("full", "people", "impact", "satisfaction", "registry", "registry_csv")


class ReportCb(CallbackData, prefix="rep"):
    action: str  # home | quarters | quarter | annual | skip | one of SIMPLE
    code: int = 0  # a quarter: year * 10 + number


class ReportInput(StatesGroup):
    students = State()


def _fmt(day: date) -> str:
    return day.strftime(DATE_FORMAT)


def today_of(clock: Clock, settings: Settings) -> date:
    return clock.now().astimezone(settings.tz).date()


def ctx_of(t: Translator, settings: Settings, clock: Clock, programme: Programme) -> rs.Ctx:
    school = programme.organisation.name or settings.school_name
    return rs.Ctx(t=t, tz=settings.tz, today=today_of(clock, settings), school=school)


def _year(programme: Programme) -> str:
    return programme.academic_year.replace("/", "-")  # no slash in a file name


# ---- screens ------------------------------------------------------------------------------------


def menu(t: Translator, programme: Programme) -> tuple[str, InlineKeyboardMarkup]:
    rows = [
        [button(t("rep-button-full"), ReportCb(action="full"))],
        [button(t("rep-button-people-csv"), ReportCb(action="people"))],
        [button(t("rep-button-quarters"), ReportCb(action="quarters"))],
        [button(t("rep-button-annual"), ReportCb(action="annual"))],
        [button(t("rep-button-impact"), ReportCb(action="impact"))],
        [button(t("rep-button-satisfaction"), ReportCb(action="satisfaction"))],
        [
            button(t("rep-button-registry-xlsx"), ReportCb(action="registry")),
            button(t("rep-button-registry-csv"), ReportCb(action="registry_csv")),
        ],
        [button(t("rep-button-swot"), ReportCb(action="swot"))],
    ]
    return t("rep-menu", year=programme.academic_year), kb(*rows)


def back(t: Translator) -> list[InlineKeyboardButton]:
    return [button(t("rep-button-back"), ReportCb(action="home"))]


def quarters_screen(t: Translator, programme: Programme) -> tuple[str, InlineKeyboardMarkup]:
    rows = [
        [button(t("rep-button-quarter", quarter=rs.quarter_name(t, q), year=q.year, deadline=_fmt(q.deadline)), ReportCb(action="quarter", code=q.code))]
        for q in rs.quarters_of(programme)
    ]
    return t("rep-quarters-ask"), kb(*rows, back(t))


def annual_screen(t: Translator, today: date) -> tuple[str, InlineKeyboardMarkup]:
    markup = kb([button(t("rep-button-skip"), ReportCb(action="skip"))], back(t))
    return t("rep-annual-ask", deadline=_fmt(rs.annual_deadline(today))), markup


# ---- files ----------------------------------------------------------------------------------------


async def _workbook(sheets: Sequence[rs.Sheet]) -> bytes:
    return await asyncio.to_thread(rs.xlsx, sheets)


async def _ensure_roadmap(session: AsyncSession, programme: Programme, clock: Clock) -> None:
    """The template events are there. What the bot can see done the planner marks every minute
    (scheduler rule `roadmap_marks`), so a report does not run those checks again."""
    await ensure_roadmap(session, programme, clock.now())


async def build(
    action: str, session: AsyncSession, programme: Programme, ctx: rs.Ctx, clock: Clock, quarter: rs.Quarter | None = None
) -> tuple[bytes, str, str]:
    """The file of a one-press report: (data, file name, caption)."""
    t, year, today = ctx.t, _year(programme), _fmt(ctx.today)
    if action == "full":
        await _ensure_roadmap(session, programme, clock)
        sheets = await rs.full_export(session, programme, ctx)
        people, pairs, meetings = (len(s.rows) - 1 for s in sheets[:3])
        caption = t("rep-caption-full", date=today, people=people, pairs=pairs, meetings=meetings)
        return await _workbook(sheets), f"{t('rep-file-full', year=year)}.xlsx", caption
    if action == "people":
        sheet = await rs.participants_table(session, programme, ctx)
        data = await asyncio.to_thread(rs.csv_bytes, sheet)
        return data, f"{t('rep-file-people', year=year)}.csv", t("rep-caption-people", date=today, count=len(sheet.rows) - 1)
    if action == "quarter" and quarter is not None:
        await _ensure_roadmap(session, programme, clock)
        sheets = await rs.quarterly_report(session, programme, ctx, quarter)
        label = rs.quarter_name(t, quarter)
        name = t("rep-file-quarter", quarter=label, year=quarter.year)
        caption = t("rep-caption-quarter", quarter=label, year=quarter.year, deadline=_fmt(quarter.deadline))
        return await _workbook(sheets), f"{name}.xlsx", caption
    if action == "impact":
        sheets = await rs.impact_report(session, programme, ctx)
        return await _workbook(sheets), f"{t('rep-file-impact', year=year)}.xlsx", t("rep-caption-impact", date=today)
    if action == "satisfaction":
        sheets = await rs.satisfaction_report(session, programme, ctx)
        return await _workbook(sheets), f"{t('rep-file-satisfaction', year=year)}.xlsx", t("rep-caption-satisfaction", date=today)
    if action in ("registry", "registry_csv"):
        sheet = await rs.registry_sheet(session, programme, ctx)
        caption = t("rep-caption-registry", count=len(sheet.rows) - 1)
        if action == "registry_csv":
            return await asyncio.to_thread(rs.csv_bytes, sheet), f"{t('rep-file-registry')}.csv", caption
        return await _workbook([sheet]), f"{t('rep-file-registry')}.xlsx", caption
    raise ValueError(action)


async def send_annual(
    bot: Bot, chat_id: int, programme: Programme, ctx: rs.Ctx, data: rs.AnnualData, students: int | None
) -> None:
    sheets = [rs.annual_sheet(ctx, programme, data, students)]
    caption = ctx.t("rep-caption-annual", date=_fmt(ctx.today), deadline=_fmt(rs.annual_deadline(ctx.today)))
    name = f"{ctx.t('rep-file-annual', year=_year(programme))}.xlsx"
    await bot.send_document(chat_id, BufferedInputFile(await _workbook(sheets), filename=name), caption=caption)


# ---- handlers -----------------------------------------------------------------------------------


async def on_command(message: Message, session: AsyncSession, state: FSMContext, t: Translator) -> None:
    await state.clear()
    programme = await current_programme(session)
    if programme is None:
        await message.answer(t("curator-no-programme"))
        return
    text, markup = menu(t, programme)
    await message.answer(text, reply_markup=markup)


async def on_button(
    callback: CallbackQuery,
    callback_data: ReportCb,
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
    ctx = ctx_of(t, settings, clock, programme)
    if action == "home":
        await callback.answer()
        await state.clear()
        await ui.show(callback, bot, *menu(t, programme))
        return
    if action == "quarters":
        await callback.answer()
        await ui.show(callback, bot, *quarters_screen(t, programme))
        return
    if action == "annual":
        await callback.answer()
        await state.set_state(ReportInput.students)
        await ui.show(callback, bot, *annual_screen(t, ctx.today))
        return
    if action == "skip":
        await callback.answer()
        await state.clear()
        await send_annual(bot, callback.from_user.id, programme, ctx, await rs.annual_data(session, programme), None)
        await audit.record_export(session, callback.from_user.id, programme, "annual", clock.now())
        await ui.show(callback, bot, *menu(t, programme))  # back to the list for the next report
        return
    if action == "swot":  # the curator's SWOT analysis per form (bot/services/swot.py)
        await callback.answer()
        built = await swot.report(session, programme, ctx)
        await audit.record_export(session, callback.from_user.id, programme, "swot", clock.now())
        await bot.send_document(callback.from_user.id, BufferedInputFile(await _workbook(built.sheets), filename=built.filename), caption=built.caption)
        return
    quarter = None
    if action == "quarter":
        quarter = rs.Quarter.from_code(callback_data.code)
        if quarter is None or quarter not in rs.quarters_of(programme):
            await callback.answer(t("rep-stale"), show_alert=True)
            return
    elif action not in SIMPLE:
        await callback.answer(t("rep-stale"), show_alert=True)
        return
    await callback.answer()
    data, filename, caption = await build(action, session, programme, ctx, clock, quarter)
    await audit.record_export(session, callback.from_user.id, programme, action, clock.now(), quarter.code if quarter else None)
    await bot.send_document(callback.from_user.id, BufferedInputFile(data, filename=filename), caption=caption)
    if quarter is not None:
        await ui.show(callback, bot, *menu(t, programme))  # back to the list for the next report


async def on_students(
    message: Message, bot: Bot, session: AsyncSession, state: FSMContext, t: Translator, settings: Settings, clock: Clock
) -> None:
    programme = await current_programme(session)
    if programme is None:
        await state.clear()
        await message.answer(t("curator-no-programme"))
        return
    text = (message.text or "").strip()
    again = kb([button(t("rep-button-skip"), ReportCb(action="skip"))], back(t))
    if not _NUMBER.fullmatch(text):
        await message.answer(t("rep-students-invalid", max=rs.MAX_STUDENTS), reply_markup=again)
        return
    students = int(re.sub(r"\D", "", text))
    if not 1 <= students <= rs.MAX_STUDENTS:
        await message.answer(t("rep-students-invalid", max=rs.MAX_STUDENTS), reply_markup=again)
        return
    data = await rs.annual_data(session, programme)
    involved = len(data.involved_students())
    if students < involved:
        await message.answer(t("rep-students-too-few", involved=involved), reply_markup=again)
        return
    await state.clear()
    await send_annual(bot, message.chat.id, programme, ctx_of(t, settings, clock, programme), data, students)
    await audit.record_export(session, message.chat.id, programme, "annual", clock.now())


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(on_command, Command("reports"))
    router.callback_query.register(on_button, ReportCb.filter())
    router.message.register(on_students, StateFilter(ReportInput.students), ~F.text.startswith("/"))
    return router
