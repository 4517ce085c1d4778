"""/participants: everyone in the programme, filtered and page by page; a person's card (consents,
questionnaires, pair, meetings, monthly feedback, notes from third parties); adding a note;
deactivating and reactivating a person. Inside the curator-only router.

The filters travel in the button data as a six-character code (bot/services/participants.py); every
id in button data is checked against the current programme before anything is shown."""

from __future__ import annotations

from datetime import datetime
from html import escape

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.i18n import Translator
from bot.services import answers as store
from bot.services import audit
from bot.services import participants as people
from bot.services.participants import DIMENSIONS, NOTE_LIMIT, NOTE_SOURCES, Filters, NoteError, StatusError
from bot.services.programme import current_programme
from db.models import Pair, Participant, ParticipantNote, ParticipantStatus, Programme, QuestionnaireResponse
from handlers import flow
from handlers.curator import ui
from handlers.curator.pairs import CuratorPairCb
from questionnaires.engine import QUESTIONNAIRES

NOTE_PREVIEW = 300  # characters of a note on the card; the full text is one button away
NOTES_ON_CARD = 5
LIST_NAME = 60


class PeopleCb(CallbackData, prefix="ppl"):
    a: str  # list | dim | card | qn | notes | note | src | off | offy | on
    f: str = ""  # the filters, to come back to the same list
    p: int = 0  # the list's page
    id: int = 0  # participant
    d: str = ""  # a dimension (dim) or a note's source (src)
    r: int = 0  # a questionnaire response (qn) or a note's position (notes)


class NoteForm(StatesGroup):
    text = State()  # data: pid, source, f, p


# ---- labels -------------------------------------------------------------------------------------


def _key(*parts: str) -> str:
    return "-".join(parts).replace("_", "-")


def value_label(t: Translator, dimension: str, value: str | None) -> str:
    if value is None:
        return t("people-any")
    if dimension == "form":
        return flow.form_label(t, value)
    return t(_key("people", dimension, value))


def person_name(t: Translator, name: str | None, participant_id: int, limit: int = ui.SHORT_NAME) -> str:
    """Escaped, for a message."""
    return escape(ui.short(name, limit)) if name else t("people-unnamed", id=participant_id)


def button_name(t: Translator, name: str | None, participant_id: int, limit: int = ui.SHORT_NAME) -> str:
    """Unescaped, for a button."""
    return ui.short(name, limit) if name else t("people-unnamed", id=participant_id)


def status_label(t: Translator, status: str) -> str:
    return t(_key("people-status", status))


def forms_of(programme: Programme) -> list[str]:
    """The forms the list offers: the programme's, in the order of the code."""
    enabled = set(programme.forms or [])
    return [f for f in people.FORMS if f in enabled]


# ---- the list -----------------------------------------------------------------------------------


async def list_view(
    session: AsyncSession, t: Translator, programme: Programme, filters: Filters, page: int
) -> tuple[str, InlineKeyboardMarkup]:
    found = await people.page_of(session, programme.id, filters, page)
    code = filters.encode()
    lines = [t("people-title")]
    if filters.empty:
        lines.append(t("people-no-filters"))
    else:
        chosen = "; ".join(
            t("people-filter-item", dimension=t(_key("people-dim", name)), value=value_label(t, name, filters.get(name)))
            for name, _ in DIMENSIONS
            if filters.get(name) is not None
        )
        lines.append(t("people-filters", filters=chosen))
    lines.append(t("people-found", count=found.total))
    if found.pages > 1:
        lines.append(t("curator-page", page=found.page + 1, pages=found.pages))
    rows: list[list[InlineKeyboardButton]] = []
    filter_buttons = [
        flow.button(
            t("people-filter-button", dimension=t(_key("people-dim", name)), value=value_label(t, name, filters.get(name))),
            PeopleCb(a="dim", f=code, d=name),
        )
        for name, _ in DIMENSIONS
    ]
    rows += [filter_buttons[i : i + 2] for i in range(0, len(filter_buttons), 2)]
    if not filters.empty:
        rows.append([flow.button(t("people-filter-reset"), PeopleCb(a="list"))])
    if found.rows:
        lines.append("")
    for number, row in enumerate(found.rows, start=found.page * ui.PER_PAGE + 1):
        marks = (t("people-mark-paired") if row.paired else "") + (t("people-mark-unreachable") if row.unreachable else "")
        lines.append(
            t(
                "people-item",
                number=number,
                name=person_name(t, row.name, row.id),
                role=flow.role_label(t, row.role),
                form=flow.form_label(t, row.form),
                status=status_label(t, row.status),
                marks=marks,
            )
        )
        label = t("people-open", number=number, name=button_name(t, row.name, row.id, LIST_NAME))
        rows.append([flow.button(label, PeopleCb(a="card", f=code, p=found.page, id=row.id))])
    if any(r.paired or r.unreachable for r in found.rows):
        lines += ["", t("people-legend")]
    if found.total == 0:
        lines += ["", t("people-empty" if filters.empty else "people-empty-filtered")]
    nav = ui.pager(t, found.page, found.pages, lambda p: PeopleCb(a="list", f=code, p=p))
    if nav:
        rows.append(nav)
    return "\n".join(lines), flow.kb(*rows)


def dimension_view(t: Translator, programme: Programme, filters: Filters, dimension: str) -> tuple[str, InlineKeyboardMarkup]:
    values = forms_of(programme) if dimension == "form" else dict(DIMENSIONS)[dimension]
    current = filters.get(dimension)
    rows: list[list[InlineKeyboardButton]] = []
    for value in (None, *values):
        label = value_label(t, dimension, value)
        label = t("people-chosen", value=label) if value == current else label
        rows.append([flow.button(label, PeopleCb(a="list", f=filters.with_value(dimension, value).encode()))])
    rows.append([flow.button(t("people-back-list"), PeopleCb(a="list", f=filters.encode()))])
    return t("people-pick", dimension=t(_key("people-dim", dimension))), flow.kb(*rows)


# ---- the card -----------------------------------------------------------------------------------


def _date(moment: datetime | None, settings: Settings) -> str:
    return ui.local_date(moment, settings.tz) if isinstance(moment, datetime) else ""


def month_label(t: Translator, period: str) -> str:
    year, _, month = period.partition("-")
    if year.isdigit() and month.isdigit() and 1 <= int(month) <= 12:
        return t("people-month", month=t(f"month-{int(month)}"), year=year)
    return escape(period)


def questionnaire_title(t: Translator, response: QuestionnaireResponse) -> str:
    qn = QUESTIONNAIRES.get(response.questionnaire)
    return t(qn.title_key) if qn else escape(response.questionnaire)


def pair_line(t: Translator, participant: Participant, pair: Pair) -> str:
    other = pair.mentee if pair.mentor_id == participant.id else pair.mentor
    return t(
        "people-card-pair",
        side=flow.role_label(t, other.role),
        name=person_name(t, other.full_name, other.id),
        start=pair.starts_on.strftime("%d.%m.%Y"),
        end=pair.ends_on.strftime("%d.%m.%Y"),
        status=t(_key("people-pair", pair.status)),
    )


def pair_button(t: Translator, participant: Participant, pair: Pair) -> list[InlineKeyboardButton]:
    """Opens the pair's card in /pairs."""
    other = pair.mentee if pair.mentor_id == participant.id else pair.mentor
    return [
        flow.button(
            t("people-btn-pair", name=button_name(t, other.full_name, other.id)), CuratorPairCb(action="card", pair=pair.id)
        )
    ]


def note_line(t: Translator, note: ParticipantNote, settings: Settings, limit: int | None = NOTE_PREVIEW) -> str:
    text = note.text if limit is None else ui.short(note.text, limit)
    return t(
        "people-note",
        date=_date(note.created_at, settings),
        source=t(_key("people-source", note.source)),
        text=escape(text),
    )


async def card_view(
    session: AsyncSession, t: Translator, settings: Settings, participant: Participant, code: str, page: int
) -> tuple[str, InlineKeyboardMarkup]:
    card = await people.card_of(session, participant, NOTES_ON_CARD)
    pid = participant.id
    lines = [t("people-card-title", name=person_name(t, card.name, pid, 200))]
    lines.append(t("people-card-role", role=flow.role_label(t, participant.role), form=flow.form_label(t, participant.form)))
    if participant.class_or_subject:
        lines.append(t("people-card-class", value=escape(participant.class_or_subject)))
    lines.append(t("people-card-status", status=status_label(t, participant.status)))
    if participant.is_minor:
        lines.append(t("people-card-minor"))
    if participant.user.unreachable_at is not None:
        lines.append(t("people-card-unreachable", date=_date(participant.user.unreachable_at, settings)))

    lines += ["", t("people-card-consents")]
    lines += [
        t(
            "people-card-consent",
            kind=t(_key("people-consent", c.kind)),
            version=escape(c.text_version),
            date=_date(c.given_at, settings),
        )
        for c in card.consents
    ] or [t("people-card-none")]

    lines += ["", t("people-card-questionnaires")]
    lines += [
        t("people-card-questionnaire", title=questionnaire_title(t, r), date=_date(r.submitted_at, settings))
        for r in card.responses
    ] or [t("people-card-none")]

    lines += ["", t("people-card-pairs")]
    lines += [pair_line(t, participant, pair) for pair in card.pairs] or [t("people-card-no-pair")]
    lines.append(t("people-card-meetings", held=card.meetings_held, total=card.meetings_agreed))
    months = ", ".join(month_label(t, r.period) for r in card.feedback)
    lines.append(t("people-card-feedback", months=months) if months else t("people-card-feedback-none"))

    if people.may_have_notes(participant):
        lines += ["", t("people-card-notes")]
        lines += [note_line(t, note, settings) for note in card.notes] or [t("people-card-none")]
        if card.notes_total > len(card.notes):
            lines.append(t("people-card-notes-more", count=card.notes_total - len(card.notes)))

    rows: list[list[InlineKeyboardButton]] = []
    for response in card.responses:
        rows.append(
            [
                flow.button(
                    t("people-btn-answers", title=questionnaire_title(t, response)),
                    PeopleCb(a="qn", f=code, p=page, id=pid, r=response.id),
                )
            ]
        )
    feedback = [
        flow.button(t("people-btn-feedback", month=month_label(t, r.period)), PeopleCb(a="qn", f=code, p=page, id=pid, r=r.id))
        for r in card.feedback
    ]
    rows += [feedback[i : i + 2] for i in range(0, len(feedback), 2)]
    rows += [pair_button(t, participant, pair) for pair in card.pairs]
    if people.may_have_notes(participant):
        row = [flow.button(t("people-btn-add-note"), PeopleCb(a="note", f=code, p=page, id=pid))]
        if card.notes_total:
            row.append(flow.button(t("people-btn-notes"), PeopleCb(a="notes", f=code, p=page, id=pid)))
        rows.append(row)
    if participant.status == ParticipantStatus.INACTIVE:
        rows.append([flow.button(t("people-btn-reactivate"), PeopleCb(a="on", f=code, p=page, id=pid))])
    else:
        rows.append([flow.button(t("people-btn-deactivate"), PeopleCb(a="off", f=code, p=page, id=pid))])
    rows.append([flow.button(t("people-back-list"), PeopleCb(a="list", f=code, p=page))])
    return "\n".join(lines), flow.kb(*rows)


def back_to_card(t: Translator, participant: Participant, code: str, page: int) -> InlineKeyboardButton:
    return flow.button(t("people-back-card"), PeopleCb(a="card", f=code, p=page, id=participant.id))


async def in_pair_view(
    session: AsyncSession, t: Translator, participant: Participant, code: str, page: int
) -> tuple[str, InlineKeyboardMarkup]:
    name = person_name(t, await people.display_name(session, participant), participant.id)
    rows = [pair_button(t, participant, pair) for pair in await people.active_pairs_of(session, participant.id)]
    rows.append([back_to_card(t, participant, code, page)])
    return t("people-error-in-pair", name=name), flow.kb(*rows)


async def notes_view(
    session: AsyncSession, t: Translator, settings: Settings, participant: Participant, code: str, page: int, index: int
) -> tuple[str, InlineKeyboardMarkup]:
    note, total = await people.note_at(session, participant.id, index)
    name = person_name(t, await people.display_name(session, participant), participant.id)
    if note is None:
        return t("people-notes-empty", name=name), flow.kb([back_to_card(t, participant, code, page)])
    index = min(max(index, 0), total - 1)
    text = "\n".join([t("people-notes-title", name=name, number=index + 1, total=total), "", note_line(t, note, settings, None)])
    nav = ui.pager(t, index, total, lambda i: PeopleCb(a="notes", f=code, p=page, id=participant.id, r=i))
    rows = [nav] if nav else []
    rows.append([back_to_card(t, participant, code, page)])
    return text, flow.kb(*rows)


# ---- handlers -----------------------------------------------------------------------------------


async def on_command(message: Message, bot: Bot, session: AsyncSession, state: FSMContext, t: Translator) -> None:
    await state.clear()
    programme = await ui.programme_or_tell(session, bot, message.chat.id, t)
    if programme is None:
        return
    text, markup = await list_view(session, t, programme, Filters(), 0)
    await message.answer(text, reply_markup=markup)


async def on_button(
    callback: CallbackQuery,
    callback_data: PeopleCb,
    bot: Bot,
    session: AsyncSession,
    state: FSMContext,
    t: Translator,
    settings: Settings,
    clock: Clock,
) -> None:
    data = callback_data
    programme = await current_programme(session)
    if programme is None:
        await callback.answer(t("curator-no-programme"), show_alert=True)
        return
    filters = Filters.decode(data.f)
    code = filters.encode()
    if data.a == "list":
        await callback.answer()
        text, markup = await list_view(session, t, programme, filters, data.p)
        await ui.show(callback, bot, text, markup)
        return
    if data.a == "dim":
        if data.d not in people.DIMENSION_NAMES:
            await callback.answer(t("button-stale"), show_alert=True)
            return
        await callback.answer()
        text, markup = dimension_view(t, programme, filters, data.d)
        await ui.show(callback, bot, text, markup)
        return

    participant = await people.find(session, programme.id, data.id)
    if participant is None:
        await callback.answer(t("people-not-found"), show_alert=True)
        return
    page = max(0, data.p)
    if data.a == "card":
        await callback.answer()
        text, markup = await card_view(session, t, settings, participant, code, page)
        await ui.show(callback, bot, text, markup)
    elif data.a == "qn":
        response = await people.submitted_response(session, participant, data.r)
        qn = QUESTIONNAIRES.get(response.questionnaire) if response else None
        if response is None or qn is None:
            await callback.answer(t("button-stale"), show_alert=True)
            return
        await callback.answer()
        context = await store.context_for(session, participant, qn)
        text, _ = flow.review_view(t, qn, response, context, submitted=True)
        name = person_name(t, await people.display_name(session, participant), participant.id)
        header = t("people-answers-of", name=name, date=_date(response.submitted_at, settings))
        if response.questionnaire == people.FEEDBACK:
            header = t("people-answers-of-month", name=name, month=month_label(t, response.period))
        await bot.send_message(callback.from_user.id, header + "\n" + text)
    elif data.a == "notes" and people.may_have_notes(participant):
        await callback.answer()
        text, markup = await notes_view(session, t, settings, participant, code, page, data.r)
        await ui.show(callback, bot, text, markup)
    elif data.a == "note" and people.may_have_notes(participant):
        await callback.answer()
        name = person_name(t, await people.display_name(session, participant), participant.id)
        rows = [
            [flow.button(t(_key("people-src-btn", s)), PeopleCb(a="src", f=code, p=page, id=participant.id, d=s))]
            for s in NOTE_SOURCES
        ]
        rows.append([back_to_card(t, participant, code, page)])
        await ui.show(callback, bot, t("people-note-source", name=name), flow.kb(*rows))
    elif data.a == "src" and people.may_have_notes(participant) and data.d in NOTE_SOURCES:
        await callback.answer()
        await state.set_state(NoteForm.text)
        await state.set_data({"pid": participant.id, "source": data.d, "f": code, "p": page})
        name = person_name(t, await people.display_name(session, participant), participant.id)
        await ui.show(callback, bot, t("people-note-ask", name=name, source=t(_key("people-source", data.d)), limit=NOTE_LIMIT))
    elif data.a == "off":
        refused = await people.deactivation_refused(session, participant)
        if refused == StatusError.IN_PAIR:
            await callback.answer()
            text, markup = await in_pair_view(session, t, participant, code, page)
            await ui.show(callback, bot, text, markup)
            return
        if refused is not None:
            await callback.answer(t(_key("people-error", refused.value)), show_alert=True)
            return
        await callback.answer()
        name = person_name(t, await people.display_name(session, participant), participant.id)
        markup = flow.kb(
            [flow.button(t("people-btn-deactivate-yes"), PeopleCb(a="offy", f=code, p=page, id=participant.id))],
            [back_to_card(t, participant, code, page)],
        )
        # Without an intake there is no way back from the card (bot/services/participants.reactivate): say so.
        key = "people-deactivate-ask" if await people.has_intake(session, participant) else "people-deactivate-ask-final"
        await ui.show(callback, bot, t(key, name=name), markup)
    elif data.a == "offy":
        refused = await people.deactivate(session, participant, clock.now())
        if refused == StatusError.IN_PAIR:
            await callback.answer()
            text, markup = await in_pair_view(session, t, participant, code, page)
            await ui.show(callback, bot, text, markup)
            return
        if refused is not None:
            await callback.answer(t(_key("people-error", refused.value)), show_alert=True)
            return
        await audit.record_on(session, callback.from_user.id, audit.PARTICIPANT_PAUSE, participant, clock.now())
        await callback.answer(t("people-deactivated"))
        text, markup = await card_view(session, t, settings, participant, code, page)
        await ui.show(callback, bot, text, markup)
    elif data.a == "on":
        refused = await people.reactivate(session, participant, clock.now())
        if refused is not None:
            await callback.answer(t(_key("people-error", refused.value)), show_alert=True)
            return
        await audit.record_on(session, callback.from_user.id, audit.PARTICIPANT_REACTIVATE, participant, clock.now())
        await callback.answer(t("people-reactivated"))
        text, markup = await card_view(session, t, settings, participant, code, page)
        await ui.show(callback, bot, text, markup)
    else:
        await callback.answer(t("button-stale"), show_alert=True)


async def on_note_text(
    message: Message, session: AsyncSession, state: FSMContext, t: Translator, settings: Settings, clock: Clock
) -> None:
    data = await state.get_data()
    programme = await current_programme(session)
    participant = await people.find(session, programme.id, int(data.get("pid") or 0)) if programme else None
    source = str(data.get("source") or "")
    if participant is None or not people.may_have_notes(participant) or source not in NOTE_SOURCES:
        await state.clear()
        await message.answer(t("people-not-found"))
        return
    text = message.text or ""
    error = people.check_note(text)
    if error == NoteError.TOO_LONG:
        await message.answer(t("people-note-too-long", length=len(text.strip()), limit=NOTE_LIMIT))
        return
    if error is not None:
        await message.answer(t("people-note-empty"))
        return
    people.add_note(session, participant, source, text, message.chat.id, clock.now())
    await audit.record_on(
        session, message.chat.id, audit.PARTICIPANT_NOTE_ADD, participant, clock.now(), details={"source": source}
    )
    await session.flush()
    await state.clear()
    await message.answer(t("people-note-saved"))
    code, page = Filters.decode(str(data.get("f") or "")).encode(), int(data.get("p") or 0)
    card_text, markup = await card_view(session, t, settings, participant, code, page)
    await message.answer(card_text, reply_markup=markup)


async def on_note_other(message: Message, t: Translator) -> None:
    await message.answer(t("people-note-text-only", limit=NOTE_LIMIT))


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(on_command, Command("participants"))
    router.callback_query.register(on_button, PeopleCb.filter())
    router.message.register(on_note_text, StateFilter(NoteForm.text), F.text, ~F.text.startswith("/"))
    router.message.register(on_note_other, StateFilter(NoteForm.text), ~F.text.startswith("/"))
    return router
