"""/status: the programme at a glance for the curator, inside the curator-only router.

One short message (numbers first) from `bot.services.status.summary`, buttons for the drill-downs
that have someone in them, then the chart as a photo. A drill-down lists who exactly, ten per page;
for check-ins, idle pairs and this month's feedback, "remind them" queues one outbox message to each
person, at most once a day (the key holds the day). Button data is untrusted: the list's name and
the action are checked against the known ones, pages are clamped, and every list is re-read from
the database, never taken from the button.
"""

from __future__ import annotations

import asyncio
import calendar
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from html import escape

from aiogram import Bot, Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from fluent.runtime.types import fluent_number
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import PollCb
from bot.clock import Clock
from bot.config import Settings
from bot.i18n import L10n, Translator
from bot.services import charts
from bot.services import status as svc
from bot.services.outbox import Draft, enqueue
from bot.services.programme import current_programme
from bot.services.roadmap import event_title, overdue, stage_name
from db.models import Participant, Programme
from handlers.curator import ui
from handlers.curator.stuck import stuck_screen
from handlers.flow import button, form_label, kb, role_label
from handlers.meetings import checkin_markup, meeting_text

UNPAIRED, FREE, CHECKINS, IDLE, FEEDBACK, OVERDUE, STUCK = "unpaired", "free", "checkins", "idle", "feedback", "overdue", "stuck"
LISTS = (UNPAIRED, FREE, CHECKINS, IDLE, FEEDBACK, OVERDUE, STUCK)
REMINDABLE = (CHECKINS, IDLE, FEEDBACK)
HOME, LIST, REMIND = "home", "list", "remind"


class StatusCb(CallbackData, prefix="sta"):
    action: str  # home | list | remind
    what: str = ""  # one of LISTS
    page: int = 0


# ---- the summary ----------------------------------------------------------------------------------


def day_text(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def summary_text(t: Translator, s: svc.Summary) -> str:
    def roles(key: str, counts: svc.ByRole) -> str:
        return t(key, total=counts.total, mentors=counts.mentors, mentees=counts.mentees)

    lines = [
        t("status-title", date=day_text(s.today)),
        t("status-stage" if s.stage_from_roadmap else "status-stage-by-dates", number=s.stage, name=stage_name(t, s.stage)),
        "",
        t("status-people-head"),
        roles("status-invited", s.invited),
        roles("status-consented", s.consented),
        roles("status-questionnaire", s.questionnaire_done),
        roles("status-paired", s.paired),
        "",
        t("status-pairs", count=s.active_pairs),
        t("status-unpaired", count=s.mentees_without_mentor),
        t("status-free", count=s.mentors_with_free_places, places=s.free_places),
        "",
        t(
            "status-meetings",
            this=s.held_this_month,
            this_month=t("status-in-month", month=s.month.month),
            last=s.held_last_month,
            last_month=t("status-in-month", month=s.last_month.month),
        ),
        t("status-checkins", count=s.checkins_waiting),
        t("status-idle", count=s.idle_pairs),
        "",
        t("status-feedback-head", month=t(f"month-{s.month.month}")),
    ]
    if s.feedback_expected:
        lines.append(t("status-feedback-answered", answered=s.feedback_answered, expected=s.feedback_expected, percent=s.feedback_percent or 0))
    else:
        lines.append(t("status-feedback-none"))
    if s.usefulness_average is not None:
        average = fluent_number(s.usefulness_average, minimumFractionDigits=1, maximumFractionDigits=1)
        lines.append(t("status-usefulness", average=average, count=s.usefulness_answers))
    elif s.feedback_expected or s.usefulness_answers:
        lines.append(t("status-usefulness-hidden", min=svc.MIN_ANSWERS))
    lines += ["", t("status-overdue", count=s.overdue_events), t("status-stuck", count=s.stuck)]
    return "\n".join(lines)


def summary_markup(t: Translator, s: svc.Summary) -> InlineKeyboardMarkup | None:
    counts = (
        (UNPAIRED, "status-btn-unpaired", s.mentees_without_mentor),
        (FREE, "status-btn-free", s.mentors_with_free_places),
        (CHECKINS, "status-btn-checkins", s.checkins_waiting),
        (IDLE, "status-btn-idle", s.idle_pairs),
        (FEEDBACK, "status-btn-feedback", s.feedback_missing),
        (OVERDUE, "status-btn-overdue", s.overdue_events),
        (STUCK, "status-btn-stuck", s.stuck),
    )
    buttons = [button(t(key, count=n), StatusCb(action=LIST, what=what)) for what, key, n in counts if n > 0]
    if not buttons:
        return None
    return kb(*[buttons[i : i + 2] for i in range(0, len(buttons), 2)])


async def on_command(
    message: Message, bot: Bot, session: AsyncSession, state: FSMContext, t: Translator, settings: Settings, clock: Clock
) -> None:
    await state.clear()
    programme = await ui.programme_or_tell(session, bot, message.chat.id, t)
    if programme is None:
        return
    s = await svc.summary(session, programme, clock.now(), settings.tz)
    # Only reads were made: end the transaction before drawing and sending (SQLite holds its write
    # lock for the whole transaction).
    await session.commit()
    await message.answer(summary_text(t, s), reply_markup=summary_markup(t, s))
    png = await asyncio.to_thread(charts.draw, charts.labels(t, s), s)  # texts here, drawing in a thread
    await bot.send_photo(message.chat.id, BufferedInputFile(png, filename="status.png"))


# ---- drill-downs ----------------------------------------------------------------------------------


def name_of(t: Translator, participant: Participant | None) -> str:
    if participant is None or not participant.full_name:
        return t("pairs-unknown-person")
    return escape(ui.short(participant.full_name))


def mark_of(t: Translator, participant: Participant) -> str:
    return "" if svc.reachable(participant) else t("status-mark-unreachable")


def when_text(moment: datetime, tz: tzinfo) -> str:
    return moment.astimezone(tz).strftime("%d.%m.%Y %H:%M")


async def list_screen(
    session: AsyncSession, t: Translator, settings: Settings, clock: Clock, programme: Programme, what: str, page: int
) -> tuple[str, InlineKeyboardMarkup]:
    now, tz = clock.now(), settings.tz
    today = now.astimezone(tz).date()
    lines: list[str] = []
    ids: Sequence[object]
    if what == UNPAIRED:
        ids = await svc.mentees_without_mentor(session, programme)
        shown, page, pages = ui.page_of(ids, page)
        lines.append(t("status-list-unpaired", count=len(ids)))
        for number, p in enumerate(await svc.load_participants(session, shown), start=page * ui.PER_PAGE + 1):
            lines.append(t("status-item-person", number=number, name=name_of(t, p), form=form_label(t, p.form), mark=mark_of(t, p)))
    elif what == FREE:
        ids = await svc.mentors_with_free_places(session, programme)
        shown_free, page, pages = ui.page_of(ids, page)
        free = dict(shown_free)
        lines.append(t("status-list-free", count=len(ids)))
        people = await svc.load_participants(session, [i for i, _ in shown_free])
        for number, p in enumerate(people, start=page * ui.PER_PAGE + 1):
            lines.append(t("status-item-mentor", number=number, name=name_of(t, p), form=form_label(t, p.form), free=free[p.id]))
    elif what == CHECKINS:
        ids = await svc.waiting_checkins(session, programme, now)
        shown, page, pages = ui.page_of(ids, page)
        lines.append(t("status-list-checkins", count=len(ids)))
        for number, item in enumerate(await svc.load_checkins(session, shown), start=page * ui.PER_PAGE + 1):
            lines.append(
                t(
                    "status-item-checkin",
                    number=number,
                    date=when_text(item.meeting.starts_at, tz),
                    mentor=name_of(t, item.pair.mentor),
                    mentee=name_of(t, item.pair.mentee),
                    names=", ".join(name_of(t, p) for p in item.pending),
                )
            )
    elif what == IDLE:
        ids = await svc.idle_pairs(session, programme, now)
        shown, page, pages = ui.page_of(ids, page)
        lines.append(t("status-list-idle", count=len(ids)))
        for number, (pair, days) in enumerate(await svc.load_pairs(session, shown, now), start=page * ui.PER_PAGE + 1):
            lines.append(
                t("status-item-idle", number=number, mentor=name_of(t, pair.mentor), mentee=name_of(t, pair.mentee), days=days, rhythm=pair.rhythm_days)
            )
    elif what == FEEDBACK:
        ids = await svc.feedback_missing(session, programme, now, tz)
        shown, page, pages = ui.page_of(ids, page)
        lines.append(t("status-list-feedback", month=t(f"month-{today.month}"), count=len(ids)))
        for number, p in enumerate(await svc.load_participants(session, shown), start=page * ui.PER_PAGE + 1):
            lines.append(t("status-item-feedback", number=number, name=name_of(t, p), role=role_label(t, p.role), mark=mark_of(t, p)))
    else:  # OVERDUE
        events = await overdue(session, programme.id, today)
        ids = events
        shown_events, page, pages = ui.page_of(events, page)
        lines.append(t("status-list-overdue", count=len(events)))
        for number, event in enumerate(shown_events, start=page * ui.PER_PAGE + 1):
            lines.append(
                t("status-item-overdue", number=number, date=day_text(event.due_on), title=escape(event_title(t, event)), stage=event.stage)
            )
    if not ids:
        lines.append(t("status-list-empty"))
    elif what == OVERDUE:
        lines += ["", t("status-list-overdue-hint")]
    elif what in REMINDABLE:
        lines += ["", t("status-list-remind-hint")]
    if pages > 1:
        lines.insert(1, t("curator-page", page=page + 1, pages=pages))
    rows: list[list[InlineKeyboardButton]] = []
    if ids and what in REMINDABLE:
        rows.append([button(t("status-btn-remind"), StatusCb(action=REMIND, what=what, page=page))])
    nav = ui.pager(t, page, pages, lambda p: StatusCb(action=LIST, what=what, page=p))
    if nav:
        rows.append(nav)
    rows.append([button(t("status-btn-back"), StatusCb(action=HOME))])
    return "\n".join(lines), kb(*rows)


# ---- "remind them" --------------------------------------------------------------------------------


def month_end(today: date, tz: tzinfo) -> datetime:
    last = calendar.monthrange(today.year, today.month)[1]
    return datetime.combine(today.replace(day=last) + timedelta(days=1), time(0, 0), tzinfo=tz).astimezone(UTC)


async def reminders(
    session: AsyncSession, l10n: L10n, settings: Settings, clock: Clock, programme: Programme, what: str
) -> tuple[list[Draft], int]:
    """The day's reminders for everyone on the list who can be reached, and how many can be."""
    now, tz = clock.now(), settings.tz
    today = now.astimezone(tz).date()
    day = today.strftime("%Y%m%d")
    drafts: list[Draft] = []

    def draft(p: Participant, key: str, kind: str, text: str, ref: tuple[str, int], **extra: object) -> Draft:
        return Draft(
            key=key,
            kind=kind,
            chat_id=p.user.telegram_id,
            user_id=p.user_id,
            programme_id=programme.id,
            text=text,
            ref_type=ref[0],
            ref_id=ref[1],
            **extra,  # type: ignore[arg-type]
        )

    if what == FEEDBACK:
        period = today.strftime("%Y-%m")
        people = [p for p in await svc.load_participants(session, await svc.feedback_missing(session, programme, now, tz)) if svc.reachable(p)]
        for p in people:
            t = l10n.for_user(p.user)
            # The period is the key's third part: the outbox's poll guard reads it there and drops
            # the reminder if the person has answered by the time it would be sent.
            drafts.append(
                draft(
                    p,
                    f"nudge:feedback:{period}:{p.id}:{day}",
                    "poll-nudge",
                    t("status-nudge-feedback", month=t(f"month-{today.month}")),
                    ("poll", p.id),
                    markup=kb([button(t("poll-btn-answer"), PollCb(kind="feedback", pid=p.id, period=period))]),
                    expires_at=month_end(today, tz),
                )
            )
        return drafts, len(people)
    reachable = 0
    if what == CHECKINS:
        for item in await svc.load_checkins(session, await svc.waiting_checkins(session, programme, now)):
            for p in item.pending:
                if not svc.reachable(p):
                    continue
                reachable += 1
                t = l10n.for_user(p.user)
                drafts.append(
                    draft(
                        p,
                        f"nudge:checkin:{item.meeting.id}:{p.id}:{day}",
                        "checkin",  # the check-in guard drops it once this person has answered
                        t("status-nudge-checkin", meeting=meeting_text(t, item.meeting, tz)),
                        ("checkin", item.meeting.id),
                        markup=checkin_markup(t, item.meeting),
                    )
                )
        return drafts, reachable
    for pair, days in await svc.load_pairs(session, await svc.idle_pairs(session, programme, now), now):  # IDLE
        for p, other in ((pair.mentor, pair.mentee), (pair.mentee, pair.mentor)):
            if not svc.reachable(p):
                continue
            reachable += 1
            t = l10n.for_user(p.user)
            drafts.append(
                draft(
                    p,
                    f"nudge:idle:{pair.id}:{p.id}:{day}",
                    "idle-nudge",
                    t("status-nudge-idle", other=name_of(t, other), days=days),
                    ("pair", pair.id),
                )
            )
    return drafts, reachable


# ---- buttons --------------------------------------------------------------------------------------


async def on_button(
    callback: CallbackQuery,
    callback_data: StatusCb,
    bot: Bot,
    session: AsyncSession,
    t: Translator,
    l10n: L10n,
    settings: Settings,
    clock: Clock,
) -> None:
    action, what = callback_data.action, callback_data.what
    known = action == HOME or (action == LIST and what in LISTS) or (action == REMIND and what in REMINDABLE)
    if not known:
        await callback.answer(t("button-stale"), show_alert=True)
        return
    programme = await current_programme(session)
    if programme is None:
        await callback.answer(t("curator-no-programme"), show_alert=True)
        return
    if action == HOME:
        await callback.answer()
        s = await svc.summary(session, programme, clock.now(), settings.tz)
        await ui.show(callback, bot, summary_text(t, s), summary_markup(t, s))
        return
    if action == REMIND:
        drafts, reachable = await reminders(session, l10n, settings, clock, programme, what)
        if not reachable:
            await callback.answer(t("status-remind-nobody"), show_alert=True)
            return
        queued = await enqueue(session, drafts, clock.now())
        await callback.answer(t("status-remind-queued", count=queued), show_alert=True)
        return
    await callback.answer()
    if what == STUCK:
        text, markup = await stuck_screen(session, t, settings, clock, 0)
        rows = list(markup.inline_keyboard) if markup else []
        rows.append([button(t("status-btn-back"), StatusCb(action=HOME))])
        await ui.show(callback, bot, text, kb(*rows))
        return
    text, markup = await list_screen(session, t, settings, clock, programme, what, callback_data.page)
    await ui.show(callback, bot, text, markup)


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(on_command, Command("status"))
    router.callback_query.register(on_button, StatusCb.filter())
    return router
