"""Consent to personal-data processing (152-FZ): the person's own, and a parent's for a minor."""

from __future__ import annotations

from html import escape

from aiogram import Bot, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import ConsentCb, ParentCb, ResumeCb
from bot.clock import Clock
from bot.config import Settings
from bot.i18n import L10n, Translator
from bot.services.notify import tell_participant
from bot.services.onboarding import has_consent, record_consent, set_status
from db.models import ConsentKind, ParentConsentRequest, Participant, ParticipantStatus, User
from handlers import flow


async def on_consent(
    callback: CallbackQuery,
    callback_data: ConsentCb,
    bot: Bot,
    session: AsyncSession,
    state: FSMContext,
    t: Translator,
    settings: Settings,
    clock: Clock,
    user: User | None,
) -> None:
    participant = await session.get(Participant, callback_data.pid)
    if participant is None or user is None or participant.user_id != user.id:
        await callback.answer(t("button-not-yours"), show_alert=True)
        return
    action, status, now = callback_data.action, participant.status, clock.now()
    chat_id = callback.from_user.id
    consented = await has_consent(session, participant.id, ConsentKind.SELF)
    deciding = status in (ParticipantStatus.INVITED, ParticipantStatus.DECLINED) and not consented
    if action in ("accept", "decline") and not deciding:
        await callback.answer(t("consent-already-given"), show_alert=True)
        return
    asking_age = status == ParticipantStatus.INVITED and consented and participant.is_minor is None
    if action in ("adult", "minor") and not asking_age:
        await callback.answer(t("button-stale"), show_alert=True)
        return
    await callback.answer()
    await flow.safe_edit_markup(callback.message)

    if action == "decline":
        set_status(participant, ParticipantStatus.DECLINED, now)
        await bot.send_message(
            chat_id, t("consent-declined"), reply_markup=flow.kb([flow.button(t("consent-reconsider"), ResumeCb(pid=participant.id))])
        )
    elif action == "accept":
        record_consent(
            session,
            participant,
            ConsentKind.SELF,
            version=settings.consent_version,
            text=flow.consent_text(t, settings, await flow.school_of(session, participant.programme_id)),
            locale=t.locale,
            now=now,
            given_by=callback.from_user.id,
        )
        set_status(participant, ParticipantStatus.INVITED, now)
        await session.flush()
        await bot.send_message(chat_id, t("consent-thanks"))
        if flow.needs_age_question(participant):
            await flow.send_age_question(bot, chat_id, t, participant)
        else:
            participant.is_minor = False
            set_status(participant, ParticipantStatus.QUESTIONNAIRE, now)
            await flow.begin_questionnaire(bot, chat_id, t, session, state, participant, clock)
    elif action == "adult":
        participant.is_minor = False
        set_status(participant, ParticipantStatus.QUESTIONNAIRE, now)
        await flow.begin_questionnaire(bot, chat_id, t, session, state, participant, clock)
    elif action == "minor":
        participant.is_minor = True
        set_status(participant, ParticipantStatus.AWAITING_PARENT, now)
        await flow.send_parent_link(bot, chat_id, t, session, participant, clock)


# ---- a parent -----------------------------------------------------------------------------------


async def _pending_request(session: AsyncSession, code: str) -> ParentConsentRequest | None:
    return await session.scalar(select(ParentConsentRequest).where(ParentConsentRequest.code == code))


def parent_text(t: Translator, settings: Settings, participant: Participant, school: str) -> str:
    child = escape(participant.full_name) if participant.full_name else t("parent-child-default")
    return t(
        "consent-parent-text",
        school=school or settings.school_name or t("consent-school-default"),
        child=child,
        version=settings.consent_version,
    )


async def show_parent_consent(
    message: Message, code: str, session: AsyncSession, t: Translator, settings: Settings, user: User | None
) -> None:
    request = await _pending_request(session, code)
    if request is None or request.decided_at is not None:
        await message.answer(t("parent-link-invalid"))
        return
    participant = await session.get(Participant, request.participant_id)
    if participant is None or participant.status != ParticipantStatus.AWAITING_PARENT:
        await message.answer(t("parent-link-invalid"))
        return
    if user is not None and participant.user_id == user.id:
        await message.answer(t("parent-link-own"))
        return
    await message.answer(
        parent_text(t, settings, participant, await flow.school_of(session, participant.programme_id)),
        reply_markup=flow.kb(
            [flow.button(t("consent-parent-accept"), ParentCb(action="accept", code=request.code))],
            [flow.button(t("consent-parent-decline"), ParentCb(action="decline", code=request.code))],
        ),
    )


async def on_parent(
    callback: CallbackQuery,
    callback_data: ParentCb,
    bot: Bot,
    session: AsyncSession,
    t: Translator,
    l10n: L10n,
    settings: Settings,
    clock: Clock,
) -> None:
    request = await _pending_request(session, callback_data.code[:64])
    participant = await session.get(Participant, request.participant_id) if request else None
    if request is None or participant is None or request.decided_at is not None or participant.status != ParticipantStatus.AWAITING_PARENT:
        await callback.answer(t("button-stale"), show_alert=True)
        return
    if participant.user.telegram_id == callback.from_user.id:
        await callback.answer(t("parent-link-own"), show_alert=True)
        return
    await callback.answer()
    await flow.safe_edit_markup(callback.message)
    now = clock.now()
    request.decided_at = now
    if callback_data.action == "accept":
        record_consent(
            session,
            participant,
            ConsentKind.PARENT,
            version=settings.consent_version,
            text=parent_text(t, settings, participant, await flow.school_of(session, participant.programme_id)),
            locale=t.locale,
            now=now,
            given_by=callback.from_user.id,
        )
        request.decision = "accepted"
        set_status(participant, ParticipantStatus.QUESTIONNAIRE, now)
        await bot.send_message(callback.from_user.id, t("parent-thanks"))
        await tell_participant(
            session, l10n, now, participant, "parent-agreed",
            lambda ct: ct("minor-parent-agreed"), lambda ct: flow.resume_button(ct, participant),
        )
    else:
        request.decision = "declined"
        await bot.send_message(callback.from_user.id, t("parent-declined-thanks"))
        await tell_participant(
            session, l10n, now, participant, "parent-declined",
            lambda ct: ct("minor-parent-declined"), lambda ct: flow.resume_button(ct, participant),
        )


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(on_consent, ConsentCb.filter())
    router.callback_query.register(on_parent, ParentCb.filter())
    return router
