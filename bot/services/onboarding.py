"""Joining the programme: participants, consents, a parent's consent for a minor, the questionnaires."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.invites import PARENT_PREFIX, new_code
from db.models import (
    Consent,
    ConsentKind,
    Invite,
    ParentConsentRequest,
    Participant,
    ParticipantStatus,
    QuestionnaireResponse,
    ResponseStatus,
    Role,
    User,
)

# The questionnaires each role answers on joining, in order: (questionnaire, period).
ONBOARDING: dict[str, list[tuple[str, str]]] = {
    Role.MENTEE: [("mentee_intake", ""), ("self_assessment", "baseline")],
    Role.MENTOR: [("mentor_intake", "")],
}
UNFINISHED = (ParticipantStatus.INVITED, ParticipantStatus.AWAITING_PARENT, ParticipantStatus.QUESTIONNAIRE)


async def get_or_create_user(session: AsyncSession, telegram_id: int, language_code: str | None, now: datetime) -> User:
    user = await session.scalar(select(User).where(User.telegram_id == telegram_id))
    if user is None:
        user = User(telegram_id=telegram_id, language_code=language_code, created_at=now)
        session.add(user)
        await session.flush()
    return user


async def participations(session: AsyncSession, user_id: int) -> list[Participant]:
    rows = await session.scalars(
        select(Participant)
        .where(Participant.user_id == user_id, Participant.status != ParticipantStatus.INACTIVE)
        .order_by(Participant.id)
    )
    return list(rows)


def unfinished(parts: list[Participant]) -> Participant | None:
    return next((p for p in parts if p.status in UNFINISHED), None)


def join(invite: Invite, user: User, now: datetime) -> Participant:
    return Participant(
        programme_id=invite.programme_id,
        user_id=user.id,
        invite_id=invite.id,
        role=invite.role,
        form=invite.form,
        status=ParticipantStatus.INVITED,
        full_name=invite.full_name,
        class_or_subject=invite.class_or_subject,
        created_at=now,
        updated_at=now,
    )


async def has_consent(session: AsyncSession, participant_id: int, kind: ConsentKind) -> bool:
    found = await session.scalar(
        select(Consent.id).where(Consent.participant_id == participant_id, Consent.kind == kind).limit(1)
    )
    return found is not None


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def record_consent(
    session: AsyncSession,
    participant: Participant,
    kind: ConsentKind,
    *,
    version: str,
    text: str | None,
    locale: str | None,
    now: datetime,
    given_by: int | None = None,
    recorded_by: int | None = None,
) -> Consent:
    consent = Consent(
        participant_id=participant.id,
        kind=kind,
        text_version=version,
        text_sha256=text_hash(text) if text is not None else None,
        locale=locale,
        given_at=now,
        given_by_telegram_id=given_by,
        recorded_by_telegram_id=recorded_by,
    )
    session.add(consent)
    return consent


async def open_parent_request(session: AsyncSession, participant: Participant, now: datetime) -> ParentConsentRequest:
    """The minor's pending link for a parent; a new one only if the last was used or declined."""
    request = await session.scalar(
        select(ParentConsentRequest)
        .where(ParentConsentRequest.participant_id == participant.id, ParentConsentRequest.decided_at.is_(None))
        .order_by(ParentConsentRequest.id.desc())
        .limit(1)
    )
    if request is None:
        request = ParentConsentRequest(participant_id=participant.id, code=PARENT_PREFIX + new_code(), created_at=now)
        session.add(request)
        await session.flush()
    return request


async def next_questionnaire(session: AsyncSession, participant: Participant) -> tuple[str, str] | None:
    """The first onboarding questionnaire this participant has not submitted."""
    submitted = {
        tuple(row)
        for row in (
            await session.execute(
                select(QuestionnaireResponse.questionnaire, QuestionnaireResponse.period).where(
                    QuestionnaireResponse.participant_id == participant.id,
                    QuestionnaireResponse.status == ResponseStatus.SUBMITTED,
                )
            )
        ).all()
    }
    for step in ONBOARDING[participant.role]:
        if step not in submitted:
            return step
    return None


def set_status(participant: Participant, status: ParticipantStatus, now: datetime) -> None:
    participant.status = status
    participant.updated_at = now


# Opened an invitation but not finished: the scheduler reminds them, /stuck lists them.
STUCK = (ParticipantStatus.INVITED, ParticipantStatus.AWAITING_PARENT, ParticipantStatus.QUESTIONNAIRE)


async def stuck_people(session: AsyncSession, programme_id: int, now: datetime, older_than: timedelta) -> list[Participant]:
    """Who has been stuck in onboarding for longer than `older_than` (the curator's /stuck)."""
    return list(
        (await session.scalars(
            select(Participant)
            .where(
                Participant.programme_id == programme_id,
                Participant.status.in_(STUCK),
                Participant.created_at <= now - older_than,
            )
            .order_by(Participant.created_at)
        )).unique()
    )
