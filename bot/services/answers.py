"""Questionnaire responses in the database: started, answered question by question, submitted."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.preferences import choices_for
from db.models import Answer, Participant, QuestionnaireResponse, ResponseStatus
from questionnaires.engine import PROFILE_FIELDS, QUESTIONNAIRES, Question, Questionnaire


def answers_of(response: QuestionnaireResponse) -> dict[str, Any]:
    return {a.question: a.value for a in response.answers}


def options_key(source: str) -> str:
    return f"options:{source}"


async def context_for(
    session: AsyncSession, participant: Participant, qn: Questionnaire | None = None
) -> dict[str, Any]:
    """Facts the conditions of questionnaires may use: the role, the form, the intake's `kind`, and
    `named`: whether the name came with the invitation (then it is not asked)."""
    rows = (
        await session.execute(
            select(Answer.question, Answer.value)
            .join(QuestionnaireResponse, Answer.response_id == QuestionnaireResponse.id)
            .where(
                QuestionnaireResponse.participant_id == participant.id,
                QuestionnaireResponse.questionnaire.in_(("mentee_intake", "mentor_intake")),
                Answer.question.in_(("kind", "full_name")),
            )
        )
    ).all()
    intake = dict(rows)
    context: dict[str, Any] = {
        "role": participant.role,
        "form": participant.form,
        "named": bool(participant.full_name) and "full_name" not in intake,
    }
    if "kind" in intake:
        context["kind"] = intake["kind"]
    for source in {q.source for q in qn.questions if q.source} if qn else ():
        context[options_key(source)] = await choices_for(session, participant, source)
    return context


async def find_response(
    session: AsyncSession, participant_id: int, questionnaire: str, period: str = ""
) -> QuestionnaireResponse | None:
    return await session.scalar(
        select(QuestionnaireResponse).where(
            QuestionnaireResponse.participant_id == participant_id,
            QuestionnaireResponse.questionnaire == questionnaire,
            QuestionnaireResponse.period == period,
        )
    )


async def start_response(
    session: AsyncSession, participant: Participant, questionnaire: str, period: str, now: datetime
) -> QuestionnaireResponse:
    response = await find_response(session, participant.id, questionnaire, period)
    if response is not None:
        return response
    qn = QUESTIONNAIRES[questionnaire]
    response = QuestionnaireResponse(
        participant_id=participant.id,
        questionnaire=questionnaire,
        period=period,
        status=ResponseStatus.IN_PROGRESS,
        cursor=qn.first({}, await context_for(session, participant)),
        answers=[],
        started_at=now,
        updated_at=now,
    )
    session.add(response)
    await session.flush()
    return response


def keep_on_profile(participant: Participant, question: Question, value: Any) -> None:
    if question.profile_field in PROFILE_FIELDS and isinstance(value, str):
        setattr(participant, question.profile_field, value)


def set_answer(response: QuestionnaireResponse, question: str, value: Any, now: datetime) -> None:
    for answer in response.answers:
        if answer.question == question:
            answer.value = value
            answer.answered_at = now
            break
    else:
        response.answers.append(Answer(question=question, value=value, answered_at=now))
    response.updated_at = now


def clear_answer(response: QuestionnaireResponse, question: str, now: datetime) -> None:
    response.answers[:] = [a for a in response.answers if a.question != question]
    response.updated_at = now


def submit(response: QuestionnaireResponse, qn: Questionnaire, context: dict[str, Any], now: datetime) -> None:
    """Drops answers to questions the final answers hide, then marks the response submitted."""
    hidden = set(qn.hidden_answers(answers_of(response), context))
    response.answers[:] = [a for a in response.answers if a.question not in hidden]
    response.status = ResponseStatus.SUBMITTED
    response.submitted_at = now
    response.updated_at = now
    response.cursor = None
