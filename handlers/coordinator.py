"""The municipal coordinator: every school's figures side by side, adding a school, curator links.

A coordinator (`COORDINATOR_IDS`) sees counts and averages only, never a person: the figures come
from `bot.services.municipal.schools_summary` (a fixed handful of aggregate statements for all
schools at once), and the feedback average of a school is hidden below three answers, as on the
curator's /status. A coordinator adds a school with `/school_add` and sends its curator the
single-use link the bot gives back; the curator then runs their school with the curator's commands.

Button data is untrusted: a school id must exist, a page is clamped.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
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
from bot.filters import CoordinatorFilter
from bot.i18n import Translator
from bot.services import audit, municipal
from bot.services import reports as rs
from bot.services import staff as svc
from bot.services.invites import deep_link
from bot.services.roadmap import ensure_roadmap, stage_name
from bot.services.status import MIN_ANSWERS, ByRole
from db.models import Organisation
from handlers.curator import ui
from handlers.flow import button, kb
from handlers.menus import set_staff_commands

PER_PAGE = 10
NAME_MIN = 3
COLUMNS = (
    "school", "stage", "invited", "consented", "questionnaire", "mentors", "mentees", "pairs", "unpaired",
    "held-this", "held-last", "feedback", "average", "overdue",
)  # fmt: skip


class SchoolCb(CallbackData, prefix="sch"):
    action: str  # list | card | link | add | xlsx
    id: int = 0
    page: int = 0


class SchoolInput(StatesGroup):
    name = State()


def _average(value: float | None) -> str:
    return "—" if value is None else str(fluent_number(value, minimumFractionDigits=1, maximumFractionDigits=1))


def _percent(value: int | None) -> str:
    return "—" if value is None else f"{value}\u00a0%"


def _school(t: Translator, name: str) -> str:
    return escape(name) if name else t("schools-unnamed")


# ---- screens ------------------------------------------------------------------------------------


def overview(t: Translator, rows: Sequence[municipal.SchoolSummary], page: int) -> tuple[str, InlineKeyboardMarkup]:
    total = municipal.municipality_total(rows)
    shown, page, pages = ui.page_of(rows, page, PER_PAGE)
    today = rows[0].today if rows else None
    lines = [
        t("schools-title", date=today.strftime("%d.%m.%Y") if today else ""),
        t(
            "schools-total",
            schools=total.schools,
            consented=total.consented.total,
            pairs=total.active_pairs,
            held=total.held_this_month,
            feedback=_percent(total.feedback_percent),
            average=_average(total.usefulness_average),
        ),
        "",
    ]
    for n, row in enumerate(shown, page * PER_PAGE + 1):
        lines.append(
            t(
                "schools-row",
                n=n,
                name=_school(t, row.name),
                stage=row.stage or 0,
                consented=row.consented.total,
                invited=row.invited.total,
                pairs=row.active_pairs,
                held=row.held_this_month,
                feedback=_percent(row.feedback_percent),
                average=_average(row.usefulness_average),
                overdue=row.overdue_events,
            )
        )
    if not rows:
        lines.append(t("schools-none"))
    lines += ["", t("schools-legend")]
    buttons: list[list[InlineKeyboardButton]] = [
        [button(ui.short(f"{n}. {row.name or t('schools-unnamed')}"), SchoolCb(action="card", id=row.organisation_id, page=page))]
        for n, row in enumerate(shown, page * PER_PAGE + 1)
    ]
    nav = ui.pager(t, page, pages, lambda p: SchoolCb(action="list", page=p))
    if nav:
        buttons.append(nav)
    buttons.append([button(t("schools-btn-xlsx"), SchoolCb(action="xlsx")), button(t("schools-btn-add"), SchoolCb(action="add"))])
    return "\n".join(lines), kb(*buttons)


def card(t: Translator, row: municipal.SchoolSummary, curators: int, page: int) -> tuple[str, InlineKeyboardMarkup]:
    def roles(key: str, counts: ByRole) -> str:
        return t(key, total=counts.total, mentors=counts.mentors, mentees=counts.mentees)

    lines = [t("schools-card-title", name=_school(t, row.name)), t("schools-curators", count=curators)]
    if row.programme_id is None or row.stage is None:
        lines.append(t("schools-no-programme"))
    else:
        lines += [
            t("status-stage" if row.stage_from_roadmap else "status-stage-by-dates", number=row.stage, name=stage_name(t, row.stage)),
            "",
            t("status-people-head"),
            roles("status-invited", row.invited),
            roles("status-consented", row.consented),
            roles("status-questionnaire", row.questionnaire_done),
            roles("status-paired", row.paired),
            "",
            t("status-pairs", count=row.active_pairs),
            t("status-unpaired", count=row.mentees_without_mentor),
            t(
                "status-meetings",
                this=row.held_this_month,
                this_month=t("status-in-month", month=row.month.month),
                last=row.held_last_month,
                last_month=t("status-in-month", month=row.last_month.month),
            ),
            "",
            t("status-feedback-head", month=t(f"month-{row.month.month}")),
        ]
        if row.feedback_expected:
            lines.append(
                t("status-feedback-answered", answered=row.feedback_answered, expected=row.feedback_expected, percent=row.feedback_percent or 0)
            )
        else:
            lines.append(t("status-feedback-none"))
        if row.usefulness_average is not None:
            lines.append(t("status-usefulness", average=_average(row.usefulness_average), count=row.usefulness_answers))
        elif row.feedback_expected or row.usefulness_answers:
            lines.append(t("status-usefulness-hidden", min=MIN_ANSWERS))
        lines += ["", t("status-overdue", count=row.overdue_events)]
    markup = kb(
        [button(t("schools-btn-link"), SchoolCb(action="link", id=row.organisation_id, page=page))],
        [button(t("curator-back"), SchoolCb(action="list", page=page))],
    )
    return "\n".join(lines), markup


def table(t: Translator, rows: Sequence[municipal.SchoolSummary]) -> rs.Sheet:
    """The side-by-side figures as a spreadsheet: one row per school and the municipality's total."""
    sheet = rs.Sheet(title=t("schools-xlsx-sheet"), widths=(40, 8, 12, 12, 12, 12, 12, 12, 12, 14, 14, 12, 12, 12), freeze=1)
    sheet.add(*[t(f"schools-xlsx-{key}") for key in COLUMNS], bold=True)

    def share(part: int, whole: int) -> rs.Share | None:
        return rs.Share(part / whole) if whole else None

    for row in rows:
        sheet.add(
            row.name or t("schools-unnamed"),
            row.stage,
            row.invited.total,
            row.consented.total,
            row.questionnaire_done.total,
            row.consented.mentors,
            row.consented.mentees,
            row.active_pairs,
            row.mentees_without_mentor,
            row.held_this_month,
            row.held_last_month,
            share(row.feedback_answered, row.feedback_expected),
            round(row.usefulness_average, 1) if row.usefulness_average is not None else None,
            row.overdue_events,
        )
    total = municipal.municipality_total(rows)
    sheet.add(
        t("schools-xlsx-total"),
        None,
        total.invited.total,
        total.consented.total,
        total.questionnaire_done.total,
        total.consented.mentors,
        total.consented.mentees,
        total.active_pairs,
        total.mentees_without_mentor,
        total.held_this_month,
        total.held_last_month,
        share(total.feedback_answered, total.feedback_expected),
        round(total.usefulness_average, 1) if total.usefulness_average is not None else None,
        total.overdue_events,
        bold=True,
    )
    sheet.blank()
    sheet.add(t("schools-xlsx-note", min=MIN_ANSWERS))
    return sheet


async def _rows(session: AsyncSession, settings: Settings, clock: Clock) -> list[municipal.SchoolSummary]:
    return await municipal.schools_summary(session, clock.now(), settings.tz)


async def _link_message(bot: Bot, t: Translator, settings: Settings, session: AsyncSession, org: Organisation, by: int, clock: Clock) -> str:
    link = await svc.create_link(session, org.id, by, clock.now())
    await audit.record_on(session, by, audit.CURATOR_LINK, link, clock.now(), role=audit.COORDINATOR)
    username = (await bot.me()).username or ""
    return t(
        "schools-link",
        school=_school(t, org.name),
        link=deep_link(username, svc.STAFF_PREFIX + link.code),
        date=ui.local_date(link.expires_at, settings.tz),
    )


# ---- handlers -----------------------------------------------------------------------------------


async def on_schools(message: Message, session: AsyncSession, state: FSMContext, t: Translator, settings: Settings, clock: Clock) -> None:
    await state.clear()
    text, markup = overview(t, await _rows(session, settings, clock), 0)
    await message.answer(text, reply_markup=markup)


async def on_add(message: Message, state: FSMContext, t: Translator) -> None:
    await state.set_state(SchoolInput.name)
    await message.answer(t("schools-ask-name", max=svc.SCHOOL_NAME_MAX))


async def on_name(message: Message, bot: Bot, session: AsyncSession, state: FSMContext, t: Translator, settings: Settings, clock: Clock) -> None:
    name = " ".join((message.text or "").split())
    if len(name) > svc.SCHOOL_NAME_MAX or len(name) < NAME_MIN:
        await message.answer(t("schools-name-length", min=NAME_MIN, max=svc.SCHOOL_NAME_MAX, length=len(name)))
        return
    if await svc.name_taken(session, name):
        await message.answer(t("schools-name-taken", name=escape(name)))
        return
    programme = await svc.add_school(session, name, settings.timezone, clock.now())
    await audit.record_on(session, message.chat.id, audit.SCHOOL_ADD, programme, clock.now(), role=audit.COORDINATOR)
    await ensure_roadmap(session, programme, clock.now())
    await state.clear()
    org = await session.get(Organisation, programme.organisation_id)
    assert org is not None
    await message.answer(t("schools-added", name=escape(name)))
    await message.answer(await _link_message(bot, t, settings, session, org, message.chat.id, clock))


async def type_name(message: Message, t: Translator) -> None:
    await message.answer(t("schools-name-text"))


async def on_button(
    callback: CallbackQuery, callback_data: SchoolCb, bot: Bot, session: AsyncSession, state: FSMContext, t: Translator, settings: Settings, clock: Clock
) -> None:
    action, page = callback_data.action, max(0, min(callback_data.page, 10_000))
    if action == "list":
        await callback.answer()
        await ui.show(callback, bot, *overview(t, await _rows(session, settings, clock), page))
        return
    if action == "add":
        await callback.answer()
        await state.set_state(SchoolInput.name)
        await bot.send_message(callback.from_user.id, t("schools-ask-name", max=svc.SCHOOL_NAME_MAX))
        return
    if action == "xlsx":
        await callback.answer(t("schools-xlsx-wait"))
        rows = await _rows(session, settings, clock)
        data = await asyncio.to_thread(rs.xlsx, [table(t, rows)])
        day = clock.now().astimezone(settings.tz).strftime("%Y-%m-%d")
        await bot.send_document(
            callback.from_user.id,
            BufferedInputFile(data, filename=f"{t('schools-xlsx-file', date=day)}.xlsx"),
            caption=t("schools-xlsx-caption", count=len(rows)),
        )
        return
    org = await session.get(Organisation, callback_data.id) if 0 < callback_data.id <= ui.MAX_ID else None
    if org is None or action not in ("card", "link"):
        await callback.answer(t("schools-not-found"), show_alert=True)
        return
    if action == "link":
        await callback.answer()
        await bot.send_message(callback.from_user.id, await _link_message(bot, t, settings, session, org, callback.from_user.id, clock))
        return
    row = next((r for r in await _rows(session, settings, clock) if r.organisation_id == org.id), None)
    if row is None:
        await callback.answer(t("schools-not-found"), show_alert=True)
        return
    await callback.answer()
    await ui.show(callback, bot, *card(t, row, len(await svc.curator_ids_of(session, org.id)), page))


async def show_coordinator_menu(message: Message, bot: Bot, t: Translator, is_curator: bool) -> None:
    await message.answer(
        t("coordinator-menu"),
        reply_markup=kb([button(t("schools-btn-overview"), SchoolCb(action="list"))], [button(t("schools-btn-add"), SchoolCb(action="add"))]),
    )
    await set_staff_commands(bot, message.chat.id, t, curator=is_curator, coordinator=True)


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(CoordinatorFilter())
    router.callback_query.filter(CoordinatorFilter())
    router.message.register(on_schools, Command("schools"))
    router.message.register(on_add, Command("school_add"))
    router.message.register(on_name, StateFilter(SchoolInput.name), F.text, ~F.text.startswith("/"))
    router.message.register(type_name, StateFilter(SchoolInput.name), ~F.text.startswith("/"))
    router.callback_query.register(on_button, SchoolCb.filter())
    return router
