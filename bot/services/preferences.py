"""The preference round (stage 5): who may be chosen, and what each side chose."""

from __future__ import annotations

from html import escape
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import (
    Answer,
    Pair,
    PairStatus,
    Participant,
    ParticipantStatus,
    QuestionnaireResponse,
    ResponseStatus,
    Role,
)

PREFERENCE = {Role.MENTEE.value: "preference_mentee", Role.MENTOR.value: "preference_mentor"}
LABEL_LIMIT = 60


async def _forms_taken(session: AsyncSession, mentors: list[Participant]) -> dict[int, set[str]]:
    """The forms each mentor works in: their own and the ones they chose in the intake."""
    forms = {m.id: {m.form} for m in mentors}
    rows = await session.execute(
        select(QuestionnaireResponse.participant_id, Answer.value)
        .join(Answer, Answer.response_id == QuestionnaireResponse.id)
        .where(
            QuestionnaireResponse.participant_id.in_(list(forms)),
            QuestionnaireResponse.questionnaire == "mentor_intake",
            Answer.question == "preferred_forms",
        )
    )
    for pid, value in rows.all():
        if isinstance(value, list):
            forms[pid].update(str(v) for v in value)
    return forms


def _label(person: Participant) -> str:
    name = person.full_name or f"#{person.id}"
    return escape(name if len(name) <= LABEL_LIMIT else name[: LABEL_LIMIT - 1] + "…")


async def choices_for(session: AsyncSession, participant: Participant, source: str) -> list[tuple[str, str]]:
    """(value, label) of the people this participant may choose from, in a stable order."""
    role = Role.MENTOR if source == "mentors" else Role.MENTEE
    people = list(
        await session.scalars(
            select(Participant)
            .where(
                Participant.programme_id == participant.programme_id,
                Participant.role == role,
                Participant.status == ParticipantStatus.ACTIVE,
                Participant.user_id != participant.user_id,
            )
            .order_by(Participant.full_name, Participant.id)
        )
    )
    if role == Role.MENTOR:
        forms = await _forms_taken(session, people)
        people = [m for m in people if participant.form in forms[m.id]]
    else:
        mine = (await _forms_taken(session, [participant]))[participant.id]
        paired = set(
            await session.scalars(select(Pair.mentee_id).where(Pair.status == PairStatus.ACTIVE, Pair.mentee_id.in_([p.id for p in people])))
        )
        people = [p for p in people if p.form in mine and p.id not in paired]
    return [(str(p.id), _label(p)) for p in people]


async def chosen(session: AsyncSession, participant_ids: list[int]) -> dict[int, list[int]]:
    """Each participant's submitted choice: mentors in rank order, or the mentees a mentor marked."""
    rows = await session.execute(
        select(QuestionnaireResponse.participant_id, Answer.value)
        .join(Answer, Answer.response_id == QuestionnaireResponse.id)
        .where(
            QuestionnaireResponse.participant_id.in_(participant_ids),
            QuestionnaireResponse.questionnaire.in_(list(PREFERENCE.values())),
            QuestionnaireResponse.status == ResponseStatus.SUBMITTED,
            Answer.question.in_(("mentors", "mentees")),
        )
    )
    result: dict[int, list[int]] = {}
    for pid, value in rows.all():
        result[pid] = [int(v) for v in value if str(v).isdigit()] if isinstance(value, list) else []
    return result


def as_labels(options: list[tuple[str, str]]) -> dict[str, str]:
    return dict(options)


def unknown_label(value: Any) -> str:
    return f"#{escape(str(value))}"
