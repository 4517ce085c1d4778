"""/broadcast: an announcement to a part of the programme; /broadcasts: what became of each one.

/broadcast: audience (buttons with how many people each reaches) -> the text (typed) -> a preview
exactly as recipients will see it, with "send" / "change the text" / "cancel". Sending consumes the
confirmation state before anything is written, so a second press (or a press on an older preview,
whose nonce no longer matches) gets an alert and creates nothing. The messages go through the
outbox, so quiet hours and Telegram's limits apply.

/broadcasts: recent broadcasts -> a delivery report (one grouped query on the outbox) -> who did
not get it, page by page. Button data is untrusted: a broadcast id is looked up within the current
programme only.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from html import escape

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.i18n import SUPPORTED, L10n, Translator
from bot.services import broadcasts as service
from bot.services.broadcasts import Audience
from bot.services.programme import current_programme
from bot.services.programme_settings import is_quiet, next_allowed, settings_of, zone_of
from db.models import Broadcast, OutboxStatus, Participant, Programme, User
from handlers.curator import ui
from handlers.flow import button, form_label, kb, role_label

FIRST_WORDS = 40
LIST_LIMIT = 50


class BroadcastCb(CallbackData, prefix="bc"):
    action: str  # aud | send | edit | cancel | list | rep | miss
    k: str = ""  # audience kind
    v: str = ""  # audience value
    id: int = 0  # broadcast id
    page: int = 0
    n: str = ""  # the preview's nonce


class BroadcastSteps(StatesGroup):
    audience = State()
    text = State()  # data: audience
    confirm = State()  # data: audience, text, nonce


# ---- texts ----------------------------------------------------------------------------------------


def audience_label(t: Translator, audience: Audience | None) -> str:
    if audience is None:
        return t("broadcast-audience-unknown")
    if audience.kind == service.ROLE:
        return t(f"broadcast-audience-{audience.value}")
    if audience.kind == service.FORM:
        return t("broadcast-audience-form", form=form_label(t, audience.value))
    if audience.kind in (service.ALL, service.UNPAIRED):
        return t(f"broadcast-audience-{audience.kind}")
    return t("broadcast-audience-unknown")


def render(t: Translator, text: str) -> str:
    """The message as a recipient gets it (HTML): the curator's text escaped under a heading."""
    # Joined here, not passed to Fluent: Fluent cuts a variable longer than 1000 characters to "{???}".
    return t("broadcast-heading") + "\n\n" + escape(text, quote=False)


def fits(l10n: L10n, text: str) -> bool:
    """Whether the escaped text under the longest heading fits an outbox row (and a Telegram message)."""
    return all(len(render(l10n.translator(locale), text)) <= service.MESSAGE_MAX for locale in SUPPORTED)


def local_time(moment: datetime, programme: Programme) -> str:
    return moment.astimezone(zone_of(programme)).strftime("%d.%m.%Y %H:%M")


def first_words(text: str) -> str:
    return escape(ui.short(" ".join(text.split()), FIRST_WORDS), quote=False)


# ---- /broadcast: audience -------------------------------------------------------------------------


async def audience_screen(
    session: AsyncSession, t: Translator, programme: Programme, curator: int
) -> tuple[str, InlineKeyboardMarkup]:
    counts = await service.audience_counts(session, programme, exclude=curator)
    rows = [
        [button(t("broadcast-audience-button", audience=audience_label(t, a), count=n), BroadcastCb(action="aud", k=a.kind, v=a.value))]
        for a, n in counts.items()
    ]
    return t("broadcast-audience-question"), kb(*rows)


async def on_command(message: Message, session: AsyncSession, state: FSMContext, t: Translator) -> None:
    await state.clear()
    programme = await current_programme(session)
    if programme is None:
        await message.answer(t("curator-no-programme"))
        return
    text, markup = await audience_screen(session, t, programme, message.chat.id)
    await state.set_state(BroadcastSteps.audience)
    await message.answer(text, reply_markup=markup)


def ask_text(t: Translator, audience: Audience) -> str:
    return t("broadcast-text-question", audience=audience_label(t, audience), limit=service.TEXT_MAX)


async def on_audience(
    callback: CallbackQuery, callback_data: BroadcastCb, bot: Bot, session: AsyncSession, state: FSMContext, t: Translator
) -> None:
    if await state.get_state() != BroadcastSteps.audience.state:
        await callback.answer(t("broadcast-stale"), show_alert=True)
        return
    programme = await current_programme(session)
    audience = Audience(callback_data.k, callback_data.v)
    if programme is None or not service.is_valid(programme, audience):
        await callback.answer(t("curator-bad-choice"), show_alert=True)
        return
    if (await service.audience_counts(session, programme, exclude=callback.from_user.id)).get(audience, 0) == 0:
        await callback.answer(t("broadcast-audience-empty"), show_alert=True)
        return
    await callback.answer()
    await state.set_state(BroadcastSteps.text)
    await state.set_data({"audience": audience.as_json()})
    await ui.show(callback, bot, ask_text(t, audience))


# ---- /broadcast: the text and the preview ---------------------------------------------------------


async def on_text(message: Message, session: AsyncSession, state: FSMContext, t: Translator, l10n: L10n) -> None:
    text = (message.text or "").strip()
    audience = Audience.from_json((await state.get_data()).get("audience"))
    programme = await current_programme(session)
    if programme is None or audience is None or not service.is_valid(programme, audience):
        await state.clear()
        await message.answer(t("broadcast-stale"))
        return
    if not text:
        await message.answer(t("broadcast-text-only"))
        return
    if service.length(text) > service.TEXT_MAX:
        await message.answer(t("broadcast-text-too-long", length=service.length(text), limit=service.TEXT_MAX))
        return
    if not fits(l10n, text):
        await message.answer(t("broadcast-text-too-long-marks"))
        return
    found = await service.recipients(session, programme, audience, exclude=message.chat.id)
    nonce = secrets.token_hex(4)
    await state.set_state(BroadcastSteps.confirm)
    await state.set_data({"audience": audience.as_json(), "text": text, "nonce": nonce})
    await message.answer(render(t, text))
    lines = [
        t("broadcast-preview-title"),
        t("broadcast-preview-audience", audience=audience_label(t, audience)),
        t("broadcast-preview-count", count=len(found.reachable)),
    ]
    if found.unreachable:
        lines.append(t("broadcast-unreachable", count=found.unreachable))
    markup = kb(
        [button(t("broadcast-send"), BroadcastCb(action="send", n=nonce))],
        [button(t("broadcast-edit"), BroadcastCb(action="edit", n=nonce))],
        [button(t("broadcast-cancel"), BroadcastCb(action="cancel", n=nonce))],
    )
    await message.answer("\n".join(lines), reply_markup=markup)


async def on_not_text(message: Message, t: Translator) -> None:
    await message.answer(t("broadcast-text-only"))


async def use_buttons(message: Message, t: Translator) -> None:
    await message.answer(t("curator-use-buttons"))


def queued_text(t: Translator, programme: Programme, sent: service.Sent, now: datetime) -> str:
    lines = [t("broadcast-queued", count=sent.queued)]
    if sent.unreachable:
        lines.append(t("broadcast-unreachable", count=sent.unreachable))
    tz, s = zone_of(programme), settings_of(programme)
    if is_quiet(now, tz, s):
        morning = next_allowed(now, tz, s).astimezone(tz)
        lines.append(t("broadcast-quiet-now", date=morning.strftime("%d.%m"), time=morning.strftime("%H:%M")))
    elif s.quiet_start != s.quiet_end:
        lines.append(t("broadcast-quiet-hours", start=s.quiet_start.strftime("%H:%M"), end=s.quiet_end.strftime("%H:%M")))
    lines.append(t("broadcast-report-hint"))
    return "\n".join(lines)


async def on_confirm(
    callback: CallbackQuery,
    callback_data: BroadcastCb,
    bot: Bot,
    session: AsyncSession,
    state: FSMContext,
    t: Translator,
    l10n: L10n,
    clock: Clock,
) -> None:
    data = await state.get_data()
    if await state.get_state() != BroadcastSteps.confirm.state or not callback_data.n or data.get("nonce") != callback_data.n:
        await callback.answer(t("broadcast-stale"), show_alert=True)
        return
    action = callback_data.action
    audience = Audience.from_json(data.get("audience"))
    text = data.get("text")
    if action == "edit":
        if audience is None:
            await state.clear()
            await callback.answer(t("broadcast-stale"), show_alert=True)
            return
        await callback.answer()
        await state.set_state(BroadcastSteps.text)
        await state.set_data({"audience": audience.as_json()})
        await ui.show(callback, bot, ask_text(t, audience))
        return
    # Sending and cancelling both end the dialogue: consumed before anything is written.
    await state.clear()
    if action != "send":
        await callback.answer()
        await ui.show(callback, bot, t("broadcast-cancelled"))
        return
    programme = await current_programme(session)
    if programme is None or audience is None or not service.is_valid(programme, audience) or not isinstance(text, str):
        await callback.answer(t("broadcast-stale"), show_alert=True)
        return
    body = text  # each recipient gets the heading in their own language

    def for_user(user: User) -> str:
        return render(l10n.for_user(user), body)

    now = clock.now()
    sent = await service.create(session, programme, audience, text, for_user, callback.from_user.id, now)
    if sent.broadcast is None:
        await callback.answer()
        lines = [t("broadcast-nobody")]
        if sent.unreachable:
            lines.append(t("broadcast-unreachable", count=sent.unreachable))
        await ui.show(callback, bot, "\n".join(lines))
        return
    await callback.answer()
    report = button(t("broadcast-open-report"), BroadcastCb(action="rep", id=sent.broadcast.id))
    await ui.show(callback, bot, queued_text(t, programme, sent, now), kb([report]))


# ---- /broadcasts: the list, a report, who did not get it ------------------------------------------


async def list_screen(session: AsyncSession, t: Translator, page: int) -> tuple[str, InlineKeyboardMarkup | None]:
    programme = await current_programme(session)
    if programme is None:
        return t("curator-no-programme"), None
    items = await service.recent(session, programme.id, LIST_LIMIT)
    if not items:
        return t("broadcasts-empty"), None
    shown, page, pages = ui.page_of(items, page)
    lines = [t("broadcasts-title")]
    if pages > 1:
        lines.append(t("curator-page", page=page + 1, pages=pages))
    buttons = []
    for number, item in enumerate(shown, start=page * ui.PER_PAGE + 1):
        lines += [
            "",
            t(
                "broadcasts-item",
                number=number,
                date=local_time(item.created_at, programme),
                audience=audience_label(t, Audience.from_json(item.audience)),
                count=item.recipients,
                words=first_words(item.text),
            ),
        ]
        buttons.append(button(t("broadcasts-open", number=number), BroadcastCb(action="rep", id=item.id, page=page)))
    keyboard = [buttons[i : i + 3] for i in range(0, len(buttons), 3)]
    nav = ui.pager(t, page, pages, lambda p: BroadcastCb(action="list", page=p))
    if nav:
        keyboard.append(nav)
    return "\n".join(lines), kb(*keyboard)


def report_screen(t: Translator, programme: Programme, item: Broadcast, report: service.Report, page: int) -> tuple[str, InlineKeyboardMarkup]:
    text = t(
        "broadcast-report",
        date=local_time(item.created_at, programme),
        audience=audience_label(t, Audience.from_json(item.audience)),
        words=first_words(item.text),
        queued=item.recipients,
        delivered=report.delivered,
        pending=report.pending,
        blocked=report.blocked,
        failed=report.failed,
        dropped=report.dropped,
    )
    rows = []
    if report.missed:
        rows.append([button(t("broadcast-missed-button", count=report.missed), BroadcastCb(action="miss", id=item.id, page=0))])
    rows.append([button(t("broadcast-refresh"), BroadcastCb(action="rep", id=item.id, page=page))])
    rows.append([button(t("curator-back"), BroadcastCb(action="list", page=page))])
    return text, kb(*rows)


def missed_screen(
    t: Translator, programme: Programme, item: Broadcast, people: list[tuple[Participant | None, str]], page: int
) -> tuple[str, InlineKeyboardMarkup]:
    shown, page, pages = ui.page_of(people, page)
    lines = [t("broadcast-missed-title", date=local_time(item.created_at, programme), count=len(people))]
    if pages > 1:
        lines.append(t("curator-page", page=page + 1, pages=pages))
    for number, (participant, status) in enumerate(shown, start=page * ui.PER_PAGE + 1):
        reason = t("broadcast-reason-blocked" if status == OutboxStatus.BLOCKED else "broadcast-reason-failed")
        if participant is None:
            lines.append(t("broadcast-missed-item-gone", number=number, reason=reason))
            continue
        name = escape(ui.short(participant.full_name)) if participant.full_name else t("broadcast-missed-noname")
        lines.append(t("broadcast-missed-item", number=number, name=name, role=role_label(t, participant.role), reason=reason))
    rows = []
    nav = ui.pager(t, page, pages, lambda p: BroadcastCb(action="miss", id=item.id, page=p))
    if nav:
        rows.append(nav)
    rows.append([button(t("broadcast-back-to-report"), BroadcastCb(action="rep", id=item.id))])
    return "\n".join(lines), kb(*rows)


async def on_list_command(message: Message, session: AsyncSession, state: FSMContext, t: Translator) -> None:
    await state.clear()
    text, markup = await list_screen(session, t, 0)
    await message.answer(text, reply_markup=markup)


async def on_view(
    callback: CallbackQuery, callback_data: BroadcastCb, bot: Bot, session: AsyncSession, t: Translator
) -> None:
    action, page = callback_data.action, callback_data.page
    if action == "list":
        await callback.answer()
        text, markup = await list_screen(session, t, page)
        await ui.show(callback, bot, text, markup)
        return
    programme = await current_programme(session)
    item = (
        await service.of_programme(session, programme.id, callback_data.id)
        if programme is not None and 0 < callback_data.id <= ui.MAX_ID
        else None
    )
    if programme is None or item is None:
        await callback.answer(t("broadcast-not-found"), show_alert=True)
        return
    await callback.answer()
    if action == "rep":
        text, markup = report_screen(t, programme, item, await service.report(session, item.id), page)
    else:
        text, markup = missed_screen(t, programme, item, list(await service.missed(session, item)), page)
    await ui.show(callback, bot, text, markup)


async def on_unknown(callback: CallbackQuery, t: Translator) -> None:
    await callback.answer(t("button-stale"), show_alert=True)


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(on_command, Command("broadcast"))
    router.message.register(on_list_command, Command("broadcasts"))
    router.callback_query.register(on_audience, BroadcastCb.filter(F.action == "aud"))
    router.callback_query.register(on_confirm, BroadcastCb.filter(F.action.in_({"send", "edit", "cancel"})))
    router.callback_query.register(on_view, BroadcastCb.filter(F.action.in_({"list", "rep", "miss"})))
    router.callback_query.register(on_unknown, BroadcastCb.filter())
    router.message.register(on_text, StateFilter(BroadcastSteps.text), F.text, ~F.text.startswith("/"))
    router.message.register(on_not_text, StateFilter(BroadcastSteps.text), ~F.text)
    router.message.register(use_buttons, StateFilter(BroadcastSteps.audience, BroadcastSteps.confirm), ~F.text.startswith("/"))
    return router
