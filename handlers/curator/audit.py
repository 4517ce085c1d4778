"""/audit: the log of the curator's own school (who changed what, and when), newest first, ten to a
page, filtered by kind, and the whole log as XLSX. Inside the curator-only router.

Only the rows of the curator's own school are read (the organisation of their `staff` row), so
another school's curator never sees them. Button data is untrusted: the filter must be one of the
known ones and the page is clamped into range. The log holds ids and codes only; the screen looks up
the names it shows in a fixed number of statements (bot/services/audit.display_of), and a withdrawn
participant reads as removed. The XLSX names participants by number only: a file travels further
than a screen.
"""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from html import escape
from typing import Any

from aiogram import Bot, Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.i18n import Translator
from bot.services import audit
from bot.services import reports as rs
from bot.services.broadcasts import Audience
from bot.services.programme import current_programme
from bot.services.programme_settings import ProgrammeSettings
from bot.services.roadmap import event_title
from db.models import AuditEvent, Staff
from handlers.curator import ui
from handlers.curator.broadcast import audience_label
from handlers.curator.settings import KIND as SETTING_KINDS
from handlers.curator.settings import value_text as setting_value_text
from handlers.flow import button, form_label, kb, role_label

FILTER_ROWS = (("all", "pairs", "participants"), ("reports", "broadcasts", "school"))
QUIET_TIMES = ("quiet_start", "quiet_end")
TITLE_SHOWN = 40
DATE_TIME = "%d.%m.%Y %H:%M"


class AuditCb(CallbackData, prefix="aud"):
    a: str  # list | xlsx
    k: str = audit.ALL  # the filter: one of audit.FILTERS
    p: int = 0  # the page, from 0


def _key(*parts: str) -> str:
    return "-".join(parts).replace("_", "-").replace(".", "-")


def _code(t: Translator, key: str, code: object) -> str:
    """A stored code in words; the code itself if it has no text (an old row, a renamed code)."""
    return t(key) if t.has(key) else escape(str(code))


def _num(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _day(value: Any) -> str:
    try:
        return date.fromisoformat(str(value)).strftime("%d.%m.%Y")
    except ValueError:
        return escape(str(value))


# ---- one entry in words ----------------------------------------------------------------------------


class Words:
    """Turns log rows into text for one reader: the screen (HTML, names, "you") or the file (plain,
    participants by number)."""

    def __init__(self, t: Translator, settings: Settings, display: audit.Display, viewer: int | None, html: bool) -> None:
        self.t, self.settings, self.display, self.viewer, self.html = t, settings, display, viewer, html

    def _text(self, value: str) -> str:
        return escape(value) if self.html else value

    def when(self, event: AuditEvent) -> datetime:
        return event.created_at.astimezone(self.settings.tz).replace(tzinfo=None)

    def who(self, event: AuditEvent) -> str:
        t, actor = self.t, event.actor_telegram_id
        if self.viewer is not None and actor == self.viewer:
            return t("audit-who-you")
        if event.actor_role == audit.COORDINATOR:
            return t("audit-who-coordinator")
        if event.actor_role == audit.SYSTEM:
            return t("audit-who-system")
        if actor in self.display.curators:
            name = self.display.curators[actor]
            return self._text(ui.short(name)) if name else t("audit-who-unnamed", id=actor)
        return t("audit-who-former", id=actor)

    def person(self, participant_id: Any) -> str:
        pid = _num(participant_id)
        found = self.display.people.get(pid)
        if found is not None and found.removed:
            return self.t("audit-person-removed")
        if found is not None and found.name:
            return self.t("audit-person", name=self._text(ui.short(found.name)), id=pid)
        return self.t("audit-person-number", id=pid)

    def report(self, details: dict[str, Any]) -> str:
        code = str(details.get("report") or "")
        if code == "quarter":
            quarter = _num(details.get("quarter"))
            return self.t("audit-report-quarter", quarter=self.t(f"rep-quarter-name-{quarter % 10}"), year=quarter // 10)
        return _code(self.t, _key("audit-report", code), code)

    def setting(self, name: str, value: Any) -> str:
        if name in QUIET_TIMES:
            return self._text(str(value)[:5])  # "21:00:00" -> "21:00"
        if name in SETTING_KINDS:
            try:
                return setting_value_text(self.t, ProgrammeSettings.model_validate({name: value}), name)
            except (ValidationError, ValueError, TypeError):
                pass
        return self._text(", ".join(map(str, value)) if isinstance(value, list) else str(value))

    def settings_changes(self, changes: Any) -> str:
        parts = []
        for name, values in changes.items() if isinstance(changes, dict) else ():
            if not isinstance(values, list) or len(values) != 2:
                continue
            label = (
                self.t(_key("audit-setting", name)) if name in QUIET_TIMES else _code(self.t, _key("settings-name", name), name)
            )
            parts.append(
                self.t("audit-setting", name=label, old=self.setting(name, values[0]), new=self.setting(name, values[1]))
            )
        return "; ".join(parts)

    def roadmap(self, event: AuditEvent, details: dict[str, Any]) -> str:
        t, row = self.t, self.display.roadmap.get(event.object_id or 0)
        label = (
            t("audit-roadmap-event", title=self._text(ui.short(event_title(t, row), TITLE_SHOWN)))
            if row is not None
            else t("audit-roadmap-event-number", id=event.object_id or 0)
        )
        what = str(details.get("what") or "")
        if what == "due":
            text = t("audit-roadmap-due", old=_day(details.get("old")), new=_day(details.get("new")))
        elif what == "add":
            text = t("audit-roadmap-add", stage=_num(details.get("stage")))
        else:
            text = _code(t, _key("audit-roadmap", what), what)
        return t("audit-roadmap", event=label, what=text)

    def what(self, event: AuditEvent) -> str:
        t, a, d, oid = self.t, event.action, event.details or {}, event.object_id or 0
        if a in (audit.PAIR_CONFIRM, audit.PAIR_CREATE_MANUAL):
            return t(_key("audit", a), pair=oid, mentor=self.person(d.get("mentor_id")), mentee=self.person(d.get("mentee_id")))
        if a == audit.PAIR_REPLACE_MENTOR:
            reason = _code(t, _key("pairs-rep-reason", str(d.get("reason"))), d.get("reason"))
            return t(
                _key("audit", a),
                pair=oid,
                old=self.person(d.get("old_mentor_id")),
                new=self.person(d.get("new_mentor_id")),
                reason=reason,
            )
        if a == audit.PAIR_EXTEND:
            reason = _code(t, _key("pairs-ext-reason", str(d.get("reason"))), d.get("reason"))
            return t(_key("audit", a), pair=oid, old=_day(d.get("old_end")), new=_day(d.get("new_end")), reason=reason)
        if a == audit.PAIR_COMPLETE:
            return t(_key("audit", a), pair=oid, reason=_code(t, _key("pairs-cmp-reason", str(d.get("reason"))), d.get("reason")))
        if a == audit.MATCH_CONFIRM:
            return t(_key("audit", a), count=_num(d.get("count")))
        if a == audit.CONCERN_CLOSE:
            return t(_key("audit", a), concern=oid, pair=_num(d.get("pair_id")))
        if a == audit.MEETING_RESOLVE:
            return t(_key("audit", a), meeting=oid, pair=_num(d.get("pair_id")), held="yes" if d.get("held") else "no")
        if a in (audit.PARTICIPANT_PAUSE, audit.PARTICIPANT_REACTIVATE, audit.CONSENT_PAPER):
            return t(_key("audit", a), person=self.person(oid))
        if a == audit.PARTICIPANT_NOTE_ADD:
            source = _code(t, _key("people-source", str(d.get("source"))), d.get("source"))
            return t(_key("audit", a), person=self.person(oid), source=source)
        if a == audit.INVITE_CREATE:
            role, form = str(d.get("role") or ""), str(d.get("form") or "")
            kind = "group" if d.get("kind") == "group" else "personal"
            return t(_key("audit", a), kind=kind, invite=oid, role=role_label(t, role), form=form_label(t, form))
        if a == audit.INVITE_REVOKE:
            return t(_key("audit", a), invite=oid)
        if a == audit.ROSTER_IMPORT:
            return t(_key("audit", a), count=_num(d.get("count")))
        if a == audit.REPORT_EXPORT:
            return t(_key("audit", a), report=self.report(d))
        if a == audit.BROADCAST_SEND:
            audience = audience_label(t, Audience.from_json({"kind": d.get("audience"), "value": d.get("value") or ""}))
            return t(_key("audit", a), broadcast=oid, audience=audience, count=_num(d.get("recipients")))
        if a == audit.SETTINGS_CHANGE:
            key = "audit-settings-reset" if d.get("reset") else "audit-settings-change"
            return t(key, changes=self.settings_changes(d.get("changes")))
        if a == audit.ROADMAP_CHANGE:
            return self.roadmap(event, d)
        if a == audit.SCHOOL_ADD:
            return t(_key("audit", a))
        if a in (audit.CURATOR_LINK, audit.CURATOR_JOIN):
            return t(_key("audit", a), link=oid)
        if a == audit.CURATOR_REMOVE:
            removed = _num(d.get("telegram_id"))
            name = self.display.curators.get(removed)
            return t(_key("audit", a), name=self._text(ui.short(name)) if name else t("audit-telegram-id", id=removed))
        if a == audit.RETENTION_PURGE:
            return t(_key("audit", a), count=_num(d.get("participants")), months=_num(d.get("retention_months")))
        return t("audit-unknown", action=self._text(a))


# ---- the screen ------------------------------------------------------------------------------------


async def screen(
    session: AsyncSession, t: Translator, settings: Settings, curator: Staff, kind: str, page: int
) -> tuple[str, InlineKeyboardMarkup]:
    found = await audit.page_of(session, curator.organisation_id, kind, page)
    display = await audit.display_of(session, curator.organisation_id, found.events)
    words = Words(t, settings, display, curator.telegram_id, html=True)
    lines = [t("audit-title"), t("audit-about"), "", t("audit-shown", kind=t(f"audit-kind-{kind}"), count=found.total)]
    if found.pages > 1:
        lines.append(t("curator-page", page=found.page + 1, pages=found.pages))
    for event in found.events:
        when = words.when(event).strftime(DATE_TIME)
        lines += ["", t("audit-line", when=when, who=words.who(event), what=words.what(event))]
    if found.total == 0:
        lines += ["", t("audit-empty" if kind == audit.ALL else "audit-empty-filtered")]
    rows: list[list[InlineKeyboardButton]] = []
    for names in FILTER_ROWS:
        row = []
        for name in names:
            label = t(f"audit-filter-{name}")
            row.append(button(t("audit-filter-chosen", label=label) if name == kind else label, AuditCb(a="list", k=name)))
        rows.append(row)
    nav = ui.pager(t, found.page, found.pages, lambda p: AuditCb(a="list", k=kind, p=p))
    if nav:
        rows.append(nav)
    rows.append([button(t("audit-btn-xlsx"), AuditCb(a="xlsx"))])
    return "\n".join(lines), kb(*rows)


# ---- the file --------------------------------------------------------------------------------------


def sheet_of(t: Translator, settings: Settings, events: list[AuditEvent], display: audit.Display) -> rs.Sheet:
    """The whole log, one row per entry: time (the school's), who, their role, the action in words
    and as a code, and the object it was done to."""
    words = Words(t, settings, display, None, html=False)
    sheet = rs.Sheet(title=t("audit-xlsx-sheet"), widths=(6, 18, 30, 14, 80, 22, 22, 14), freeze=1)
    columns = ("number", "when", "who", "role", "what", "code", "object", "object-id")
    sheet.add(*[t(f"audit-xlsx-col-{c}") for c in columns], bold=True)
    for number, event in enumerate(events, start=1):
        object_type = _code(t, _key("audit-object", event.object_type), event.object_type) if event.object_type else ""
        sheet.add(
            number,
            words.when(event),
            words.who(event),
            _code(t, _key("audit-role", event.actor_role), event.actor_role),
            words.what(event),
            event.action,
            object_type,
            event.object_id,
        )
    return sheet


# ---- handlers --------------------------------------------------------------------------------------


async def on_command(
    message: Message, session: AsyncSession, state: FSMContext, t: Translator, settings: Settings, curator: Staff
) -> None:
    await state.clear()
    text, markup = await screen(session, t, settings, curator, audit.ALL, 0)
    await message.answer(text, reply_markup=markup)


async def on_button(
    callback: CallbackQuery,
    callback_data: AuditCb,
    bot: Bot,
    session: AsyncSession,
    t: Translator,
    settings: Settings,
    clock: Clock,
    curator: Staff,
) -> None:
    if callback_data.a == "list" and audit.actions_of(callback_data.k) is not None:
        await callback.answer()
        await ui.show(callback, bot, *await screen(session, t, settings, curator, callback_data.k, callback_data.p))
        return
    if callback_data.a != "xlsx":
        await callback.answer(t("button-stale"), show_alert=True)
        return
    await callback.answer(t("audit-xlsx-wait"))
    events = await audit.events_of(session, curator.organisation_id)
    display = await audit.display_of(session, curator.organisation_id, events, people=False)
    data = await asyncio.to_thread(rs.xlsx, [sheet_of(t, settings, events, display)])
    programme = await current_programme(session)
    await audit.record(
        session,
        actor_telegram_id=callback.from_user.id,
        actor_role=audit.CURATOR,
        action=audit.REPORT_EXPORT,
        organisation_id=curator.organisation_id,
        programme_id=programme.id if programme is not None else None,
        object_type="organisation",
        object_id=curator.organisation_id,
        details={"report": "audit"},
        now=clock.now(),
    )
    day = clock.now().astimezone(settings.tz).strftime("%Y-%m-%d")
    await bot.send_document(
        callback.from_user.id,
        BufferedInputFile(data, filename=f"{t('audit-xlsx-file', date=day)}.xlsx"),
        caption=t("audit-xlsx-caption", count=len(events)),
    )


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(on_command, Command("audit"))
    router.callback_query.register(on_button, AuditCb.filter())
    return router
