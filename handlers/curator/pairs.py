"""The curator's side of pairs: /pairs, a pair's card with its history and plan, extension,
replacement of the mentor, completion, and closing concerns. Inside the curator-only router."""

from __future__ import annotations

from datetime import date

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.i18n import L10n, Translator
from bot.services import audit
from bot.services import concerns as concern_service
from bot.services import pairs as pair_service
from bot.services import plans
from bot.services.pairs import COMPLETION_REASONS, EXTENSION_REASONS, REPLACEMENT_REASONS, PairRuleError
from bot.services.programme import current_programme
from bot.services.staff import in_scope
from db.models import Concern, Pair, PairEvent, PairStatus, Participant, ParticipantStatus, Role
from handlers import flow
from handlers.curator.ui import MAX_ID
from handlers.pair import exit_button, fmt_date, local_today, name_of, notify, parse_date, plan_text

PAGE_SIZE = 10


class CuratorPairCb(CallbackData, prefix="cpl"):
    action: str  # list | card | plan | ext | extr | rep | repr | repm | cmp | cmpr | close
    pair: int = 0
    page: int = 0
    v: str = ""
    m: int = 0
    c: int = 0


class CuratorPairForm(StatesGroup):
    ext_date = State()  # data: pair_id, reason


# ---- views ------------------------------------------------------------------------------------


async def list_view(t: Translator, session: AsyncSession, page: int) -> tuple[str, InlineKeyboardMarkup | None]:
    programme = await current_programme(session)  # the curator's own school only
    mine = and_(Pair.programme_id == (programme.id if programme else 0), Pair.status == PairStatus.ACTIVE)
    total = int(await session.scalar(select(func.count()).select_from(Pair).where(mine)) or 0)
    if total == 0:
        return t("pairs-list-empty"), None
    pages = (total + PAGE_SIZE - 1) // PAGE_SIZE
    page = max(0, min(page, pages - 1))
    rows_ = await session.scalars(
        select(Pair).where(mine).order_by(Pair.id).offset(page * PAGE_SIZE).limit(PAGE_SIZE)
    )
    rows: list[list[InlineKeyboardButton]] = []
    for pair in rows_:
        label = t("pairs-list-item", mentor=pair.mentor.full_name or "?", mentee=pair.mentee.full_name or "?", end=fmt_date(pair.ends_on))
        rows.append([flow.button(label[:60], CuratorPairCb(action="card", pair=pair.id))])
    nav: list[InlineKeyboardButton] = []
    if page > 0:
        nav.append(flow.button(t("pairs-btn-prev"), CuratorPairCb(action="list", page=page - 1)))
    if page < pages - 1:
        nav.append(flow.button(t("pairs-btn-next"), CuratorPairCb(action="list", page=page + 1)))
    if nav:
        rows.append(nav)
    return t("pairs-list-title", count=total, page=page + 1, pages=pages), flow.kb(*rows)


async def event_line(t: Translator, session: AsyncSession, event: PairEvent, settings: Settings) -> str:
    data = event.data or {}
    when = fmt_date(event.created_at.astimezone(settings.tz).date())
    kind = event.kind
    if kind == "created":
        text = t("pairs-event-created", mentor=name_of(t, await session.get(Participant, int(data.get("mentor_id") or 0))))
    elif kind == "extended":
        text = t(
            "pairs-event-extended",
            reason=t(f"pairs-ext-reason-{data.get('reason', '')}".replace("_", "-")),
            old=_iso(data.get("old_end")),
            new=_iso(data.get("new_end")),
        )
    elif kind == "mentor_replaced":
        text = t(
            "pairs-event-replaced",
            reason=t(f"pairs-rep-reason-{data.get('reason', '')}".replace("_", "-")),
            old=name_of(t, await session.get(Participant, int(data.get("old_mentor_id") or 0))),
            new=name_of(t, await session.get(Participant, int(data.get("new_mentor_id") or 0))),
        )
    elif kind == "completed":
        text = t("pairs-event-completed", reason=t(f"pairs-cmp-reason-{data.get('reason', '')}".replace("_", "-")))
    else:
        text = t("pairs-event-other", kind=kind)
    return f"{when} — {text}"


def _iso(value: object) -> str:
    try:
        return fmt_date(date.fromisoformat(str(value)))
    except ValueError:
        return str(value)


async def card_view(t: Translator, session: AsyncSession, pair: Pair, settings: Settings) -> tuple[str, InlineKeyboardMarkup]:
    lines = [
        t("pairs-card-title", pair=pair.id),
        t("pairs-card-mentor", name=name_of(t, pair.mentor)),
        t("pairs-card-mentee", name=name_of(t, pair.mentee)),
        t("pair-card-form", form=flow.form_label(t, pair.form)),
        t("pair-card-period", start=fmt_date(pair.starts_on), end=fmt_date(pair.ends_on)),
        t("pairs-card-status-" + pair.status),
    ]
    open_ = await concern_service.open_concerns(session, pair.id)
    if open_:
        lines.append(t("pairs-card-open-concerns", count=len(open_)))
    lines += ["", t("pairs-card-history")]
    for event in await pair_service.history(session, pair.id):
        lines.append(await event_line(t, session, event, settings))
    rows = [[flow.button(t("pairs-btn-plan"), CuratorPairCb(action="plan", pair=pair.id))]]
    if pair.status == PairStatus.ACTIVE:
        rows += [
            [flow.button(t("pairs-btn-extend"), CuratorPairCb(action="ext", pair=pair.id))],
            [flow.button(t("pairs-btn-replace"), CuratorPairCb(action="rep", pair=pair.id))],
            [flow.button(t("pairs-btn-complete"), CuratorPairCb(action="cmp", pair=pair.id))],
        ]
    rows.append([flow.button(t("pairs-btn-list"), CuratorPairCb(action="list"))])
    return "\n".join(lines), flow.kb(*rows)


def reasons_markup(t: Translator, pair: Pair, action: str, reasons: tuple[str, ...], prefix: str) -> InlineKeyboardMarkup:
    rows = [[flow.button(t(f"{prefix}-{r}".replace("_", "-")), CuratorPairCb(action=action, pair=pair.id, v=r))] for r in reasons]
    rows.append([flow.button(t("pairs-btn-back"), CuratorPairCb(action="card", pair=pair.id))])
    return flow.kb(*rows)


async def candidates(session: AsyncSession, pair: Pair) -> list[Participant]:
    mentors = list(
        await session.scalars(
            select(Participant)
            .where(
                Participant.programme_id == pair.programme_id,
                Participant.role == Role.MENTOR,
                Participant.status == ParticipantStatus.ACTIVE,
                Participant.id != pair.mentor_id,
                Participant.user_id != pair.mentee.user_id,
            )
            .order_by(Participant.full_name, Participant.id)
        )
    )
    places = await pair_service.free_places(session, [m.id for m in mentors])
    return [m for m in mentors if places.get(m.id, 0) > 0]


def rule_error(t: Translator, error: PairRuleError, pair: Pair) -> str:
    return t(f"pairs-error-{error.error.value}", last=fmt_date(pair_service.one_year_after(pair.starts_on)))


# ---- handlers ---------------------------------------------------------------------------------


async def on_pairs(message: Message, session: AsyncSession, t: Translator) -> None:
    text, markup = await list_view(t, session, 0)
    await message.answer(text, reply_markup=markup)


async def on_button(
    callback: CallbackQuery,
    callback_data: CuratorPairCb,
    bot: Bot,
    session: AsyncSession,
    state: FSMContext,
    t: Translator,
    settings: Settings,
    clock: Clock,
    l10n: L10n,
    is_curator: bool,
) -> None:
    if not is_curator:
        await callback.answer(t("button-not-yours"), show_alert=True)
        return
    action = callback_data.action
    chat_id = callback.from_user.id
    if action == "list":
        await callback.answer()
        text, markup = await list_view(t, session, callback_data.page)
        await flow.safe_edit_text(callback.message, text, markup)
        return
    if action == "close":
        concern = await session.get(Concern, callback_data.c) if 0 < callback_data.c <= MAX_ID else None
        concern_pair = await session.get(Pair, concern.pair_id) if concern is not None else None
        if concern is None or concern_pair is None or not await in_scope(session, concern_pair.programme_id):
            await callback.answer(t("button-stale"), show_alert=True)
            return
        closed = concern_service.resolve(concern, "resolved", now=clock.now())
        if closed:
            await audit.record_on(session, chat_id, audit.CONCERN_CLOSE, concern, clock.now(), details={"kind": concern.kind})
        await callback.answer(t("pairs-concern-closed" if closed else "pairs-concern-already-closed"))
        await flow.safe_edit_markup(callback.message)
        return
    pair = await session.get(Pair, callback_data.pair, populate_existing=True) if 0 < callback_data.pair <= MAX_ID else None
    if pair is None or not await in_scope(session, pair.programme_id):
        await callback.answer(t("button-stale"), show_alert=True)
        return
    if action == "card":
        await callback.answer()
        text, markup = await card_view(t, session, pair, settings)
        await bot.send_message(chat_id, text, reply_markup=markup)
        return
    if action == "plan":
        await callback.answer()
        await bot.send_message(chat_id, plan_text(t, pair.mentee, await plans.plan_of(session, pair.mentee_id)))
        return
    if pair.status != PairStatus.ACTIVE:
        await callback.answer(t("pairs-error-not-active"), show_alert=True)
        return
    if action == "ext":
        await callback.answer()
        await flow.safe_edit_markup(callback.message, reasons_markup(t, pair, "extr", EXTENSION_REASONS, "pairs-ext-reason"))
    elif action == "extr" and callback_data.v in EXTENSION_REASONS:
        await callback.answer()
        await state.set_state(CuratorPairForm.ext_date)
        await state.set_data({"pair_id": pair.id, "reason": callback_data.v})
        await bot.send_message(
            chat_id,
            t("pairs-ask-new-end", end=fmt_date(pair.ends_on), last=fmt_date(pair_service.one_year_after(pair.starts_on))),
        )
    elif action == "rep":
        await callback.answer()
        await bot.send_message(
            chat_id,
            t("pairs-ask-replace-reason", mentor=name_of(t, pair.mentor), mentee=name_of(t, pair.mentee)),
            reply_markup=reasons_markup(t, pair, "repr", REPLACEMENT_REASONS, "pairs-rep-reason"),
        )
    elif action == "repr" and callback_data.v in REPLACEMENT_REASONS:
        found = await candidates(session, pair)
        if not found:
            await callback.answer(t("pairs-no-candidates"), show_alert=True)
            return
        await callback.answer()
        rows = [
            [flow.button((m.full_name or str(m.id))[:60], CuratorPairCb(action="repm", pair=pair.id, v=callback_data.v, m=m.id))]
            for m in found
        ]
        rows.append([flow.button(t("pairs-btn-back"), CuratorPairCb(action="card", pair=pair.id))])
        await flow.safe_edit_text(callback.message, t("pairs-ask-new-mentor"), flow.kb(*rows))
    elif action == "repm" and callback_data.v in REPLACEMENT_REASONS:
        await _replace(callback, bot, session, t, settings, clock, l10n, pair, callback_data)
    elif action == "cmp":
        await callback.answer()
        await bot.send_message(
            chat_id,
            t("pairs-ask-complete-reason"),
            reply_markup=reasons_markup(t, pair, "cmpr", COMPLETION_REASONS, "pairs-cmp-reason"),
        )
    elif action == "cmpr" and callback_data.v in COMPLETION_REASONS:
        await pair_service.complete(
            session, pair, callback_data.v, actor=chat_id, today=local_today(clock, settings), now=clock.now()
        )
        await callback.answer()
        await flow.safe_edit_markup(callback.message)
        for member in (pair.mentor, pair.mentee):
            other = pair.mentee if member is pair.mentor else pair.mentor
            await notify(session, l10n, clock.now(), member, "pair-notify-completed", exit_button(pair, member), other=other.full_name or "")
        await bot.send_message(chat_id, t("pairs-completed-done"))
    else:
        await callback.answer(t("button-stale"), show_alert=True)


async def _replace(
    callback: CallbackQuery,
    bot: Bot,
    session: AsyncSession,
    t: Translator,
    settings: Settings,
    clock: Clock,
    l10n: L10n,
    pair: Pair,
    data: CuratorPairCb,
) -> None:
    try:
        old_id = await pair_service.replace_mentor(session, pair, data.m, data.v, actor=callback.from_user.id, now=clock.now())
    except PairRuleError as error:
        await callback.answer(rule_error(t, error, pair), show_alert=True)
        return
    await callback.answer()
    await flow.safe_edit_markup(callback.message)
    for concern in await concern_service.open_concerns(session, pair.id, concern_service.REPLACEMENT):
        concern_service.resolve(concern, "replaced", now=clock.now())
    old = await session.get(Participant, old_id)
    new = pair.mentor
    mentee = pair.mentee
    await notify(session, l10n, clock.now(), mentee, "pair-notify-replaced-mentee", mentor=new.full_name or "")
    await notify(session, l10n, clock.now(), new, "pair-notify-replaced-new", mentee=mentee.full_name or "", end=fmt_date(pair.ends_on))
    if old is not None:
        await notify(session, l10n, clock.now(), old, "pair-notify-replaced-old", mentee=mentee.full_name or "")
    text, markup = await card_view(t, session, pair, settings)
    await bot.send_message(callback.from_user.id, t("pairs-replaced-done"))
    await bot.send_message(callback.from_user.id, text, reply_markup=markup)


async def on_ext_date(
    message: Message,
    bot: Bot,
    session: AsyncSession,
    state: FSMContext,
    t: Translator,
    settings: Settings,
    clock: Clock,
    l10n: L10n,
) -> None:
    data = await state.get_data()
    pair = await session.get(Pair, int(data.get("pair_id") or 0), populate_existing=True)
    if pair is None or not await in_scope(session, pair.programme_id):
        await state.clear()
        await message.answer(t("button-stale"))
        return
    new_end = parse_date(message.text or "")
    if new_end is None:
        await message.answer(t("pair-input-date"))
        return
    try:
        await pair_service.extend(session, pair, new_end, str(data.get("reason")), actor=message.chat.id, now=clock.now())
    except PairRuleError as error:
        await message.answer(rule_error(t, error, pair))
        return
    await state.clear()
    for member in (pair.mentor, pair.mentee):
        await notify(session, l10n, clock.now(), member, "pair-notify-extended", end=fmt_date(pair.ends_on))
    await message.answer(t("pairs-extended-done", end=fmt_date(pair.ends_on)))
    text, markup = await card_view(t, session, pair, settings)
    await message.answer(text, reply_markup=markup)


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(on_pairs, Command("pairs"))
    router.callback_query.register(on_button, CuratorPairCb.filter())
    router.message.register(on_ext_date, CuratorPairForm.ext_date, F.text & ~F.text.startswith("/"))
    return router
