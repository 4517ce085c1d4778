"""A parent's consent on paper, recorded by the curator for a minor who waits for it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import audit
from bot.services.onboarding import record_consent, set_status
from db.models import Consent, ConsentKind, ParentConsentRequest, Participant, ParticipantStatus

PAPER_DECISION = "paper"
MAX_ID = 2**31 - 1  # an id from button data beyond an INTEGER column cannot exist


async def awaiting_parent(session: AsyncSession, programme_id: int) -> list[Participant]:
    """Participants of the programme waiting for a parent's consent, longest waiting first."""
    rows = await session.scalars(
        select(Participant)
        .where(Participant.programme_id == programme_id, Participant.status == ParticipantStatus.AWAITING_PARENT)
        .order_by(Participant.updated_at, Participant.id)
    )
    return list(rows)


async def waiting_participant(session: AsyncSession, participant_id: int, programme_id: int) -> Participant | None:
    participant = await session.get(Participant, participant_id) if 0 < participant_id <= MAX_ID else None
    if (
        participant is None
        or participant.programme_id != programme_id
        or participant.status != ParticipantStatus.AWAITING_PARENT
    ):
        return None
    return participant


async def record_paper_consent(
    session: AsyncSession, participant: Participant, *, version: str, curator_id: int, now: datetime
) -> Consent:
    """Records the consent, lets the participant on to the questionnaires, closes the parent's links."""
    consent = record_consent(
        session,
        participant,
        ConsentKind.PAPER,
        version=version,
        text=None,
        locale=None,
        now=now,
        given_by=None,
        recorded_by=curator_id,
    )
    set_status(participant, ParticipantStatus.QUESTIONNAIRE, now)
    requests = await session.scalars(
        select(ParentConsentRequest).where(
            ParentConsentRequest.participant_id == participant.id, ParentConsentRequest.decided_at.is_(None)
        )
    )
    for request in requests:
        request.decided_at = now
        request.decision = PAPER_DECISION
    await session.flush()
    await audit.record_on(session, curator_id, audit.CONSENT_PAPER, participant, now, details={"consent_id": consent.id})
    return consent
