"""/meetings: a pair's meetings, proposing one, answering a proposal, and check-ins after it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from html import escape
from zoneinfo import ZoneInfo

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.i18n import L10n, Translator
from bot.services import audit
from bot.services import meetings as svc
from bot.services.notify import tell_curators, tell_participant
from bot.services.onboarding import participations
from bot.services.pairs import active_pair_of
from bot.services.staff import in_scope
from db.models import Meeting, MeetingKind, MeetingStatus, Pair, PairStatus, Participant, Programme, User
from handlers import flow


class MeetCb(CallbackData, prefix="mt"):
    # propose (id = pair) | kind | fmt | notopic (id = pair) | accept | counter | decline
    # | yes | no | moved | nonote | rhythm (id = meeting)
    action: str
    id: int
    v: str = ""


class MeetCuratorCb(CallbackData, prefix="mtc"):
    action: str  # held | not_held
    id: int


class MeetingForm(StatesGroup):
    when = State()  # data: pair_id
    kind = State()  # data: pair_id, starts_at
    format = State()  # data: pair_id, starts_at, kind
    topic = State()  # data: pair_id, starts_at, kind, format
    counter = State()  # data: meeting_id
    note = State()  # data: meeting_id


# ---- helpers ----------------------------------------------------------------------------------


def translator_for(l10n: L10n, participant: Participant) -> Translator:
    return l10n.for_user(participant.user)


def when_text(moment: datetime, tz: tzinfo) -> str:
    return moment.astimezone(tz).strftime("%d.%m.%Y %H:%M")


async def school_tz(session: AsyncSession, pair: Pair) -> tzinfo:
    programme = await session.get(Programme, pair.programme_id)
    try:
        return ZoneInfo(programme.organisation.timezone) if programme else ZoneInfo("Europe/Moscow")
    except (KeyError, ValueError):
        return ZoneInfo("Europe/Moscow")


def meeting_text(t: Translator, meeting: Meeting, tz: tzinfo) -> str:
    return t(
        "meet-line",
        when=when_text(meeting.starts_at, tz),
        kind=t(f"meet-kind-{meeting.kind}"),
        format=t(f"meet-format-{meeting.format}"),
        topic=escape(meeting.topic) if meeting.topic else t("meet-no-topic"),
        status=t(f"meet-status-{meeting.status}"),
    )


def answer_markup(t: Translator, meeting: Meeting) -> InlineKeyboardMarkup:
    return flow.kb(
        [flow.button(t("meet-accept"), MeetCb(action="accept", id=meeting.id))],
        [flow.button(t("meet-counter"), MeetCb(action="counter", id=meeting.id))],
        [flow.button(t("meet-decline"), MeetCb(action="decline", id=meeting.id))],
    )


def checkin_markup(t: Translator, meeting: Meeting) -> InlineKeyboardMarkup:
    return flow.kb(
        [
            flow.button(t("meet-checkin-yes"), MeetCb(action="yes", id=meeting.id)),
            flow.button(t("meet-checkin-no"), MeetCb(action="no", id=meeting.id)),
        ],
        [flow.button(t("meet-checkin-moved"), MeetCb(action="moved", id=meeting.id))],
    )


def rhythm_markup(t: Translator, pair: Pair) -> InlineKeyboardMarkup:
    return flow.kb(*[[flow.button(t("meet-rhythm-option", days=d), MeetCb(action="rhythm", id=pair.id, v=str(d)))] for d in svc.RHYTHMS])


async def my_pair(session: AsyncSession, user: User | None) -> tuple[Participant, Pair] | None:
    if user is None:
        return None
    for participant in await participations(session, user.id):
        pair = await active_pair_of(session, participant.id)
        if pair is not None:
            return participant, pair
    return None


def side_of(pair: Pair | None, user: User | None) -> Participant | None:
    """The presser's side of an active pair, or None: the button is not theirs."""
    if pair is None or user is None or pair.status != PairStatus.ACTIVE:
        return None
    for side in (pair.mentor, pair.mentee):
        if side.user_id == user.id:
            return side
    return None


async def meeting_and_side(
    session: AsyncSession, meeting_id: int, user: User | None
) -> tuple[Meeting, Pair, Participant] | None:
    meeting = await session.get(Meeting, meeting_id)
    pair = await session.get(Pair, meeting.pair_id) if meeting else None
    side = side_of(pair, user)
    if meeting is None or pair is None or side is None:
        return None
    return meeting, pair, side


# ---- /meetings --------------------------------------------------------------------------------


async def on_meetings(
    message: Message, bot: Bot, session: AsyncSession, t: Translator, settings: Settings, clock: Clock, user: User | None, state: FSMContext
) -> None:
    found = await my_pair(session, user)
    if found is None:
        await message.answer(t("meet-no-pair"))
        return
    me, pair = found
    now = clock.now()
    tz = settings.tz
    upcoming = await svc.upcoming(session, pair.id, now)
    lines = [t("meet-upcoming-title", count=len(upcoming))]
    lines += [meeting_text(t, m, tz) for m in upcoming] or [t("meet-upcoming-none")]
    lines += ["", t("meet-rhythm-now", days=pair.rhythm_days)]
    await message.answer(
        "\n".join(lines), reply_markup=flow.kb([flow.button(t("meet-propose"), MeetCb(action="propose", id=pair.id))])
    )
    for due in await svc.due_checkins(session, now, pair_id=pair.id):
        if any(p.id == me.id for p in due.pending):
            await message.answer(
                t("meet-checkin-question", meeting=meeting_text(t, due.meeting, tz)), reply_markup=checkin_markup(t, due.meeting)
            )


# ---- proposing --------------------------------------------------------------------------------


def kind_markup(t: Translator, pair_id: int, suggested: str) -> InlineKeyboardMarkup:
    return flow.kb(
        *[
            [flow.button(("\u2705 " if k == suggested else "") + t(f"meet-kind-{k}"), MeetCb(action="kind", id=pair_id, v=k.value))]
            for k in MeetingKind
        ]
    )


async def on_when(
    message: Message, state: FSMContext, session: AsyncSession, t: Translator, settings: Settings, clock: Clock, user: User | None
) -> None:
    data = await state.get_data()
    found = await my_pair(session, user)
    if found is None or found[1].id != data.get("pair_id"):
        await state.clear()
        await message.answer(t("meet-no-pair"))
        return
    try:
        starts_at = svc.parse_when(message.text or "", settings.tz, clock.now())
    except svc.MeetingInputError as exc:
        await message.answer(t(f"meet-when-{exc.error.value.replace('_', '-')}"))
        return
    await state.set_state(MeetingForm.kind)
    await state.update_data(starts_at=starts_at.isoformat())
    suggested = await svc.suggested_kind(session, found[1].id)
    await message.answer(
        t("meet-ask-kind", suggested=t(f"meet-kind-{suggested}")), reply_markup=kind_markup(t, found[1].id, suggested)
    )


async def finish_proposal(
    bot: Bot, chat_id: int, state: FSMContext, session: AsyncSession, t: Translator, l10n: L10n, settings: Settings,
    clock: Clock, user: User | None, topic: str | None,
) -> None:
    data = await state.get_data()
    await state.clear()
    found = await my_pair(session, user)
    if found is None or found[1].id != data.get("pair_id") or "starts_at" not in data:
        await bot.send_message(chat_id, t("meet-no-pair"))
        return
    me, pair = found
    meeting = await svc.propose(
        session, pair, me.id, datetime.fromisoformat(data["starts_at"]), data["kind"], data["format"], topic, clock.now()
    )
    await bot.send_message(chat_id, t("meet-proposed", meeting=meeting_text(t, meeting, settings.tz)))
    await tell_participant(
        session, l10n, clock.now(), svc.other_side(pair, me.id), "meeting-proposed",
        lambda ot: ot("meet-proposal-received", name=escape(me.full_name or ""), meeting=meeting_text(ot, meeting, settings.tz)),
        lambda ot: answer_markup(ot, meeting),
    )


async def on_topic(
    message: Message, bot: Bot, state: FSMContext, session: AsyncSession, t: Translator, l10n: L10n, settings: Settings,
    clock: Clock, user: User | None,
) -> None:
    text = (message.text or "").strip()
    if not text or len(text) > svc.TOPIC_LIMIT:
        await message.answer(t("meet-topic-too-long", limit=svc.TOPIC_LIMIT, length=len(text)))
        return
    await finish_proposal(bot, message.chat.id, state, session, t, l10n, settings, clock, user, text)


# ---- counter-proposal and check-in note -------------------------------------------------------


async def on_counter_when(
    message: Message, bot: Bot, state: FSMContext, session: AsyncSession, t: Translator, l10n: L10n, settings: Settings,
    clock: Clock, user: User | None,
) -> None:
    data = await state.get_data()
    found = await meeting_and_side(session, int(data.get("meeting_id", 0)), user)
    if found is None or found[0].status != MeetingStatus.PROPOSED or found[0].proposed_by_id == found[2].id:
        await state.clear()
        await message.answer(t("button-stale"))
        return
    meeting, pair, me = found
    try:
        starts_at = svc.parse_when(message.text or "", settings.tz, clock.now())
    except svc.MeetingInputError as exc:
        await message.answer(t(f"meet-when-{exc.error.value.replace('_', '-')}"))
        return
    await state.clear()
    svc.counter(meeting, me.id, starts_at, clock.now())
    await message.answer(t("meet-counter-sent", meeting=meeting_text(t, meeting, settings.tz)))
    await tell_participant(
        session, l10n, clock.now(), svc.other_side(pair, me.id), "meeting-counter",
        lambda ot: ot("meet-counter-received", name=escape(me.full_name or ""), meeting=meeting_text(ot, meeting, settings.tz)),
        lambda ot: answer_markup(ot, meeting),
    )


async def on_note(message: Message, state: FSMContext, session: AsyncSession, t: Translator, user: User | None) -> None:
    data = await state.get_data()
    text = (message.text or "").strip()
    if len(text) > svc.NOTE_LIMIT:
        await message.answer(t("meet-note-too-long", limit=svc.NOTE_LIMIT, length=len(text)))
        return
    await state.clear()
    found = await meeting_and_side(session, int(data.get("meeting_id", 0)), user)
    if found is None or not await svc.set_note(session, found[0].id, found[2].id, text):
        await message.answer(t("button-stale"))
        return
    await message.answer(t("meet-note-saved"))


async def on_not_text(message: Message, t: Translator) -> None:
    await message.answer(t("meet-need-text"))


# ---- buttons ----------------------------------------------------------------------------------


async def after_outcome(
    bot: Bot, session: AsyncSession, l10n: L10n, settings: Settings, clock: Clock, meeting: Meeting, pair: Pair,
    me: Participant | None, outcome: svc.Outcome,
) -> None:
    """Tells both sides (and the curators on a disagreement) what the check-ins came to: the one
    who answered (`me`) at once, the other through the outbox; both through it when the curator decided."""
    tz, now = settings.tz, clock.now()

    async def both(kind: str, text: Callable[[Translator], str], markup: Callable[[Translator], InlineKeyboardMarkup] | None = None) -> None:
        for side in (pair.mentor, pair.mentee):
            if me is not None and side.id == me.id:
                mt = translator_for(l10n, me)
                await bot.send_message(me.user.telegram_id, text(mt), reply_markup=markup(mt) if markup else None)
            else:
                await tell_participant(session, l10n, now, side, kind, text, markup)

    if outcome == svc.Outcome.DISAGREEMENT:
        await tell_curators(
            session, l10n, settings, now, "meeting-disagreement",
            lambda ct: ct(
                "meet-curator-disagreement",
                mentor=escape(pair.mentor.full_name or ""),
                mentee=escape(pair.mentee.full_name or ""),
                meeting=meeting_text(ct, meeting, tz),
            ),
            lambda ct: flow.kb(
                [flow.button(ct("meet-curator-held"), MeetCuratorCb(action="held", id=meeting.id))],
                [flow.button(ct("meet-curator-not-held"), MeetCuratorCb(action="not_held", id=meeting.id))],
            ),
            programme_id=pair.programme_id,
        )
        await both("meeting-disagreement", lambda st: st("meet-disagreement"))
        return
    if outcome in (svc.Outcome.HELD, svc.Outcome.NOT_HELD):
        key = f"meet-result-{outcome.value.replace('_', '-')}"
        await both("meeting-result", lambda st: st(key, meeting=meeting_text(st, meeting, tz)))
        if outcome == svc.Outcome.HELD and meeting.kind == MeetingKind.PLANNING:
            await both("meeting-rhythm", lambda st: st("meet-rhythm-question"), lambda st: rhythm_markup(st, pair))


async def on_button(
    callback: CallbackQuery, callback_data: MeetCb, bot: Bot, session: AsyncSession, state: FSMContext, t: Translator,
    l10n: L10n, settings: Settings, clock: Clock, user: User | None,
) -> None:
    action, now, tz = callback_data.action, clock.now(), settings.tz
    if action in ("propose", "kind", "fmt", "notopic", "rhythm"):
        pair = await session.get(Pair, callback_data.id)
        me = side_of(pair, user)
        if pair is None or me is None:
            await callback.answer(t("button-not-yours"), show_alert=True)
            return
        current = await state.get_state()
        data = await state.get_data()
        if action == "propose":
            await callback.answer()
            await state.set_state(MeetingForm.when)
            await state.set_data({"pair_id": pair.id})
            await bot.send_message(callback.from_user.id, t("meet-ask-when"))
            return
        if action == "rhythm":
            if not svc.set_rhythm(pair, int(callback_data.v) if callback_data.v.isdigit() else 0, now):
                await callback.answer(t("button-stale"), show_alert=True)
                return
            await callback.answer()
            await flow.safe_edit_markup(callback.message)
            await bot.send_message(callback.from_user.id, t("meet-rhythm-set", days=pair.rhythm_days))
            await tell_participant(
                session, l10n, now, svc.other_side(pair, me.id), "meeting-rhythm",
                lambda ot: ot("meet-rhythm-set-by-other", days=pair.rhythm_days),
            )
            return
        if data.get("pair_id") != pair.id:
            await callback.answer(t("button-stale"), show_alert=True)
            return
        if action == "kind" and current == MeetingForm.kind.state and callback_data.v in svc.KINDS:
            await callback.answer()
            await flow.safe_edit_markup(callback.message)
            await state.set_state(MeetingForm.format)
            await state.update_data(kind=callback_data.v)
            await bot.send_message(
                callback.from_user.id,
                t("meet-ask-format"),
                reply_markup=flow.kb(*[[flow.button(t(f"meet-format-{f}"), MeetCb(action="fmt", id=pair.id, v=f))] for f in svc.FORMATS]),
            )
            return
        if action == "fmt" and current == MeetingForm.format.state and callback_data.v in svc.FORMATS:
            await callback.answer()
            await flow.safe_edit_markup(callback.message)
            await state.set_state(MeetingForm.topic)
            await state.update_data(format=callback_data.v)
            await bot.send_message(
                callback.from_user.id,
                t("meet-ask-topic", limit=svc.TOPIC_LIMIT),
                reply_markup=flow.kb([flow.button(t("meet-skip"), MeetCb(action="notopic", id=pair.id))]),
            )
            return
        if action == "notopic" and current == MeetingForm.topic.state:
            await callback.answer()
            await flow.safe_edit_markup(callback.message)
            await finish_proposal(bot, callback.from_user.id, state, session, t, l10n, settings, clock, user, None)
            return
        await callback.answer(t("button-stale"), show_alert=True)
        return

    found = await meeting_and_side(session, callback_data.id, user)
    if found is None:
        await callback.answer(t("button-not-yours"), show_alert=True)
        return
    meeting, pair, me = found
    other = svc.other_side(pair, me.id)

    if action in ("accept", "counter", "decline"):
        if meeting.status != MeetingStatus.PROPOSED or meeting.proposed_by_id == me.id:
            await callback.answer(t("button-stale"), show_alert=True)
            return
        if action == "accept" and meeting.starts_at <= now:
            await callback.answer(t("meet-proposal-expired"), show_alert=True)
            return
        await callback.answer()
        await flow.safe_edit_markup(callback.message)
        if action == "counter":
            await state.set_state(MeetingForm.counter)
            await state.set_data({"meeting_id": meeting.id})
            await bot.send_message(callback.from_user.id, t("meet-ask-counter"))
            return
        if action == "accept":
            svc.accept(meeting, now)
        else:
            svc.decline(meeting, now)
        word = "accepted" if action == "accept" else "declined"
        await bot.send_message(callback.from_user.id, t(f"meet-you-{word}", meeting=meeting_text(t, meeting, tz)))
        await tell_participant(
            session, l10n, now, other, f"meeting-{word}",
            lambda ot: ot(f"meet-other-{word}", name=escape(me.full_name or ""), meeting=meeting_text(ot, meeting, tz)),
        )
        return

    if action in svc.ANSWERS:
        outcome = await svc.check_in(session, meeting, pair, me.id, action, now)
        if outcome == svc.Outcome.STALE:
            await callback.answer(t("button-stale"), show_alert=True)
            return
        await callback.answer()
        await flow.safe_edit_markup(callback.message)
        if action == "yes":
            await state.set_state(MeetingForm.note)
            await state.set_data({"meeting_id": meeting.id})
            await bot.send_message(
                callback.from_user.id,
                t("meet-ask-note", limit=svc.NOTE_LIMIT),
                reply_markup=flow.kb([flow.button(t("meet-skip"), MeetCb(action="nonote", id=meeting.id))]),
            )
        elif action == "no":
            await bot.send_message(callback.from_user.id, t("meet-checkin-no-noted"))
        else:
            await bot.send_message(
                callback.from_user.id,
                t("meet-checkin-moved-noted"),
                reply_markup=flow.kb([flow.button(t("meet-propose"), MeetCb(action="propose", id=pair.id))]),
            )
            await tell_participant(
                session, l10n, now, other, "meeting-moved",
                lambda ot: ot("meet-moved-by-other", name=escape(me.full_name or ""), meeting=meeting_text(ot, meeting, tz)),
            )
        await after_outcome(bot, session, l10n, settings, clock, meeting, pair, me, outcome)
        return

    if action == "nonote":
        await callback.answer()
        await flow.safe_edit_markup(callback.message)
        if await state.get_state() == MeetingForm.note.state:
            await state.clear()
        await bot.send_message(callback.from_user.id, t("meet-note-skipped"))
        return
    await callback.answer(t("button-stale"), show_alert=True)


async def on_curator_button(
    callback: CallbackQuery, callback_data: MeetCuratorCb, bot: Bot, session: AsyncSession, t: Translator, l10n: L10n,
    settings: Settings, clock: Clock, is_curator: bool = False,
) -> None:
    if not is_curator:
        await callback.answer(t("button-not-yours"), show_alert=True)
        return
    meeting = await session.get(Meeting, callback_data.id) if 0 < callback_data.id <= 2**31 - 1 else None
    pair = await session.get(Pair, meeting.pair_id) if meeting else None
    if meeting is None or pair is None or callback_data.action not in ("held", "not_held") or not await in_scope(session, pair.programme_id):
        await callback.answer(t("button-stale"), show_alert=True)
        return
    held = callback_data.action == "held"
    if not await svc.curator_resolve(session, meeting, held, clock.now()):
        await callback.answer(t("button-stale"), show_alert=True)
        return
    await audit.record_on(session, callback.from_user.id, audit.MEETING_RESOLVE, meeting, clock.now(), details={"held": held})
    await callback.answer()
    await flow.safe_edit_markup(callback.message)
    await bot.send_message(callback.from_user.id, t("meet-curator-done-held" if held else "meet-curator-done-not-held"))
    await after_outcome(bot, session, l10n, settings, clock, meeting, pair, None, svc.Outcome.HELD if held else svc.Outcome.NOT_HELD)


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(on_meetings, Command("meetings"))
    typed = (F.text, ~F.text.startswith("/"))
    router.message.register(on_when, MeetingForm.when, *typed)
    router.message.register(on_topic, MeetingForm.topic, *typed)
    router.message.register(on_counter_when, MeetingForm.counter, *typed)
    router.message.register(on_note, MeetingForm.note, *typed)
    router.message.register(on_not_text, MeetingForm.when, ~F.text)
    router.message.register(on_not_text, MeetingForm.topic, ~F.text)
    router.message.register(on_not_text, MeetingForm.counter, ~F.text)
    router.message.register(on_not_text, MeetingForm.note, ~F.text)
    router.callback_query.register(on_button, MeetCb.filter())
    router.callback_query.register(on_curator_button, MeetCuratorCb.filter())
    return router
