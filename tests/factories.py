"""Test data made through the same services the bot uses."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.invites import create_invite
from bot.services.pairs import NewPair, create_pairs
from bot.services.programme import first_programme
from db.models import (
    Answer,
    Invite,
    InviteKind,
    Pair,
    Participant,
    ParticipantStatus,
    Programme,
    QuestionnaireResponse,
    ResponseStatus,
    User,
)
from tests.harness import CURATOR, BotClient


async def make_invite(
    client: BotClient,
    role: str = "mentee",
    form: str = "teacher_teacher",
    kind: InviteKind = InviteKind.PERSONAL,
    max_uses: int = 1,
    expires_at: datetime | None = None,
    full_name: str | None = "Иванова Анна Сергеевна",
) -> Invite:
    """A personal link carries a name by default (as from a roster); pass full_name=None for none."""
    async with client.app.sessionmaker() as session:
        programme = await first_programme(session)
        assert programme is not None
        invite = await create_invite(
            session,
            programme_id=programme.id,
            role=role,
            form=form,
            kind=kind,
            created_by=CURATOR.id,
            now=client.app.clock.now(),
            max_uses=max_uses,
            expires_at=expires_at,
            full_name=full_name,
        )
        await session.commit()
        return invite


async def make_member(
    session: AsyncSession,
    programme_id: int,
    telegram_id: int,
    role: str,
    form: str = "teacher_teacher",
    *,
    name: str | None = None,
    capacity: int | None = None,
    answers: dict[str, Any] | None = None,
    now: datetime = datetime(2026, 11, 23, 9, 0, tzinfo=UTC),
) -> Participant:
    """A participant who has finished onboarding, written straight to the database."""
    user = User(telegram_id=telegram_id, language_code="ru", created_at=now)
    session.add(user)
    await session.flush()
    participant = Participant(
        programme_id=programme_id,
        user_id=user.id,
        role=role,
        form=form,
        status=ParticipantStatus.ACTIVE,
        full_name=name or f"Участник {telegram_id}",
        is_minor=False,
        created_at=now,
        updated_at=now,
    )
    session.add(participant)
    await session.flush()
    questionnaire = "mentor_intake" if role == "mentor" else "mentee_intake"
    values = dict(answers or {})
    if capacity is not None:
        values["capacity"] = str(capacity)
    response = QuestionnaireResponse(
        participant_id=participant.id,
        questionnaire=questionnaire,
        period="",
        status=ResponseStatus.SUBMITTED,
        started_at=now,
        updated_at=now,
        submitted_at=now,
        answers=[Answer(question=k, value=v, answered_at=now) for k, v in values.items()],
    )
    session.add(response)
    await session.flush()
    return participant


async def make_pair(
    session: AsyncSession,
    mentor: Participant,
    mentee: Participant,
    today: date = date(2026, 11, 23),
    now: datetime = datetime(2026, 11, 23, 9, 0, tzinfo=UTC),
) -> Pair:
    """An active pair, made through the same rules the curator's confirmation uses."""
    programme = await session.get(Programme, mentee.programme_id)
    assert programme is not None
    (pair,) = await create_pairs(session, programme, [NewPair(mentee.id, mentor.id)], actor=CURATOR.id, today=today, now=now)
    return pair
