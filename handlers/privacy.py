"""/privacy: what the bot holds about the person and why, a copy as a JSON file, and withdrawing
consent after a confirmation screen; a parent withdraws a minor's consent the same way.

The command is open to anyone (a parent is not a participant; someone with nothing stored is told
so). Every button re-checks who may press it (bot/services/privacy.py `withdrawable`): the
participation is the presser's own, or a minor's they consented for as a parent; button data is
untrusted.
"""

from __future__ import annotations

import json
from html import escape

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import (
    BotCommandScopeChat,
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.i18n import SUPPORTED, L10n, Translator
from bot.services import privacy
from db.models import Participant, ParticipantStatus
from handlers import flow

MAX_TEXT = 4000  # Telegram's 4096, less room for the markup
BUTTON_NAME = 40


class PrivacyCb(CallbackData, prefix="pv"):
    action: str  # file | ask | yes | no
    pid: int = 0


def _date(value: object) -> str:
    return value.strftime("%d.%m.%Y") if hasattr(value, "strftime") else ""


def _language(t: Translator, held: privacy.Holdings) -> str:
    user = held.user
    code = (user.locale or user.language_code or "") if user is not None else ""
    short = code[:2].lower()
    return t(f"language-{short}") if short in SUPPORTED else (escape(code) or t("privacy-language-unknown"))


def _participation_lines(t: Translator, part: privacy.Participation) -> list[str]:
    p = part.participant
    lines = [
        t("privacy-participation", school=escape(part.school) or t("privacy-school-unknown"), role=flow.role_label(t, p.role), form=flow.form_label(t, p.form))
    ]
    if part.name:
        lines.append(t("privacy-name", name=escape(part.name)))
    if p.class_or_subject:
        lines.append(t("privacy-class", value=escape(p.class_or_subject)))
    lines.append(t("privacy-status", status=t(f"people-status-{p.status.replace('_', '-')}")))
    lines.append(t("privacy-why"))
    lines += [
        t("privacy-consent", kind=t(f"people-consent-{c.kind}"), date=_date(c.given_at), version=escape(c.text_version))
        for c in part.consents
    ] or [t("privacy-consents-none")]
    if part.responses:
        lines.append(t("privacy-questionnaires", list=", ".join(privacy.questionnaire_title(t, r) for r in part.responses)))
    else:
        lines.append(t("privacy-questionnaires-none"))
    for pair, other in part.pairs:
        side = "mentor" if pair.mentor_id == p.id else "mentee"
        name = escape(other.full_name) if other.full_name else t("pairs-unknown-person")
        lines.append(t("privacy-pair", name=name, side=side, status=pair.status))
    if part.meetings:
        lines.append(t("privacy-meetings", count=len(part.meetings)))
    if part.plan:
        lines.append(t("privacy-plan", goals=len(part.plan), tasks=sum(len(tasks) for _, tasks in part.plan)))
    if part.concerns:
        lines.append(t("privacy-concerns", count=len(part.concerns)))
    if part.notes:
        sources = ", ".join(dict.fromkeys(t(f"people-source-{n.source.replace('_', '-')}") for n in part.notes))
        lines.append(t("privacy-notes", count=len(part.notes), sources=sources))
    else:
        lines.append(t("privacy-notes-none"))
    return lines


def screen(t: Translator, held: privacy.Holdings) -> tuple[str, InlineKeyboardMarkup | None]:
    """The summary and its buttons: download, and withdraw per participation and per child."""
    if held.empty:
        return t("privacy-nothing"), None
    lines = [t("privacy-title"), t("privacy-intro")]
    if held.user is not None:
        lines += ["", t("privacy-account", id=held.telegram_id, language=_language(t, held))]
    rows: list[list[InlineKeyboardButton]] = [[flow.button(t("privacy-btn-download"), PrivacyCb(action="file"))]]
    for part in held.participations:
        lines += ["", *_participation_lines(t, part)]
        p = part.participant
        if p.status != ParticipantStatus.WITHDRAWN:
            label = t("privacy-btn-withdraw", role=flow.role_label(t, p.role), form=flow.form_label(t, p.form))
            rows.append([flow.button(label, PrivacyCb(action="ask", pid=p.id))])
    for child in held.children:
        c, name = child.participant, child.name or t("privacy-child-default")
        lines += [
            "",
            t(
                "privacy-child",
                name=escape(name),
                school=escape(child.school) or t("privacy-school-unknown"),
                role=flow.role_label(t, c.role),
                form=flow.form_label(t, c.form),
                date=_date(child.consent.given_at),
                version=escape(child.consent.text_version),
            ),
        ]
        rows.append([flow.button(t("privacy-btn-withdraw-child", name=name[:BUTTON_NAME]), PrivacyCb(action="ask", pid=c.id))])
    for _, school in held.staff:
        lines += ["", t("privacy-staff", school=escape(school) or t("privacy-school-unknown"))]
    lines += ["", t("privacy-rights")]
    text = "\n".join(lines)
    if len(text) > MAX_TEXT:
        text = text[:MAX_TEXT].rsplit("\n", 1)[0] + "\n…"
    return text, flow.kb(*rows)


async def on_privacy(message: Message, session: AsyncSession, t: Translator) -> None:
    if message.from_user is None:
        return
    text, markup = screen(t, await privacy.holdings(session, message.from_user.id))
    await message.answer(text, reply_markup=markup)


async def _confirm_text(t: Translator, session: AsyncSession, participant: Participant, by_parent: bool) -> str:
    school = await flow.school_of(session, participant.programme_id)
    args = {
        "role": flow.role_label(t, participant.role),
        "form": flow.form_label(t, participant.form),
        "school": escape(school) or t("privacy-school-unknown"),
    }
    if by_parent:
        return t("privacy-confirm-child", name=escape(participant.full_name or t("privacy-child-default")), **args)
    return t("privacy-confirm", **args)


async def on_button(
    callback: CallbackQuery,
    callback_data: PrivacyCb,
    bot: Bot,
    session: AsyncSession,
    state: FSMContext,
    t: Translator,
    l10n: L10n,
    settings: Settings,
    clock: Clock,
) -> None:
    telegram_id = callback.from_user.id
    action = callback_data.action
    if action == "file":
        held = await privacy.holdings(session, telegram_id)
        if held.empty:
            await callback.answer(t("privacy-file-nothing"), show_alert=True)
            return
        await callback.answer()
        now = clock.now()
        data = json.dumps(privacy.as_json(t, held, now), ensure_ascii=False, indent=2).encode("utf-8")
        day = now.astimezone(settings.tz).date()
        await bot.send_document(
            telegram_id,
            BufferedInputFile(data, filename=f"my-data-{day.isoformat()}.json"),
            caption=t("privacy-file-caption", date=_date(day)),
        )
        return
    found = await privacy.withdrawable(session, telegram_id, callback_data.pid)
    if found is None or action not in ("ask", "yes", "no"):
        stub = await session.get(Participant, callback_data.pid) if 0 < callback_data.pid <= 2**31 - 1 else None
        gone = stub is not None and stub.status == ParticipantStatus.WITHDRAWN
        await callback.answer(t("button-stale" if gone else "button-not-yours"), show_alert=True)
        return
    participant, by_parent = found
    await callback.answer()
    if action == "ask":
        markup = flow.kb(
            [flow.button(t("privacy-btn-confirm"), PrivacyCb(action="yes", pid=participant.id))],
            [flow.button(t("privacy-btn-cancel"), PrivacyCb(action="no", pid=participant.id))],
        )
        await flow.safe_edit_text(callback.message, await _confirm_text(t, session, participant, by_parent), markup)
        return
    if action == "no":
        await flow.safe_edit_text(callback.message, t("privacy-cancelled"))
        return
    child = participant.full_name or t("privacy-child-default")
    if not by_parent:
        await state.clear()  # a dialog under way belongs to what is being erased
    now = clock.now()
    erased = await privacy.withdraw(
        session, l10n, settings, participant, by_parent=by_parent, now=now, today=now.astimezone(settings.tz).date()
    )
    await privacy.forget_dialogs(state.storage, bot.id, erased.telegram_ids)
    if by_parent:
        await flow.safe_edit_text(callback.message, t("privacy-withdrawn-child", name=escape(child)))
        return
    await flow.safe_edit_text(callback.message, t("privacy-withdrawn"))
    if not await privacy.participates(session, telegram_id):
        # Nothing left to use: back to the menu everyone has.
        await bot.delete_my_commands(scope=BotCommandScopeChat(chat_id=telegram_id))


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(on_privacy, Command("privacy"))
    router.callback_query.register(on_button, PrivacyCb.filter(), F.from_user)
    return router
