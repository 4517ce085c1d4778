"""Questionnaire responses in the database: started, answered question by question, submitted."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import object_session

from bot.services.preferences import choices_for
from db.models import Answer, Participant, QuestionnaireResponse, ResponseStatus
from questionnaires.engine import PROFILE_FIELDS, QUESTIONNAIRES, Question, Questionnaire


def answers_of(response: QuestionnaireResponse) -> dict[str, Any]:
    return {a.question: a.value for a in response.answers}


def options_key(source: str) -> str:
    return f"options:{source}"


INTAKES = ("mentee_intake", "mentor_intake")
FACTS = ("kind", "full_name")  # the intake answers the conditions read
INTAKE_FACTS = "intake_facts"  # session.info: participant id -> (the transaction, their intake facts)


async def _intake_facts(session: AsyncSession, participant_id: int) -> dict[str, Any]:
    """The intake's `kind` and `full_name` answers, read once per transaction: a questionnaire update
    asks for them two or three times (the button, the next question, the screen). An answer to one of
    them forgets them (`_forget`); a rollback or a commit starts a new transaction, which reads again."""
    memo = session.info.setdefault(INTAKE_FACTS, {})
    kept = memo.get(participant_id)
    transaction = session.sync_session.get_transaction()
    if kept is not None and transaction is not None and kept[0] is transaction:
        return kept[1]
    rows = await session.execute(
        select(Answer.question, Answer.value)
        .join(QuestionnaireResponse, Answer.response_id == QuestionnaireResponse.id)
        .where(
            QuestionnaireResponse.participant_id == participant_id,
            QuestionnaireResponse.questionnaire.in_(INTAKES),
            Answer.question.in_(FACTS),
        )
    )
    facts = dict(rows.all())
    memo[participant_id] = (session.sync_session.get_transaction(), facts)
    return facts


def _forget(response: QuestionnaireResponse) -> None:
    if response.questionnaire in INTAKES:
        session = object_session(response)
        if session is not None:
            memo = session.info.get(INTAKE_FACTS, {})
            if response.participant_id is None:
                memo.clear()
            else:
                memo.pop(response.participant_id, None)


async def context_for(
    session: AsyncSession, participant: Participant, qn: Questionnaire | None = None
) -> dict[str, Any]:
    """Facts the conditions of questionnaires may use: the role, the form, the intake's `kind`, and
    `named`: whether the name came with the invitation (then it is not asked)."""
    intake = await _intake_facts(session, participant.id)
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
    _forget(response)
    for answer in response.answers:
        if answer.question == question:
            answer.value = value
            answer.answered_at = now
            break
    else:
        response.answers.append(Answer(question=question, value=value, answered_at=now))
    response.updated_at = now


def clear_answer(response: QuestionnaireResponse, question: str, now: datetime) -> None:
    _forget(response)
    response.answers[:] = [a for a in response.answers if a.question != question]
    response.updated_at = now


def submit(response: QuestionnaireResponse, qn: Questionnaire, context: dict[str, Any], now: datetime) -> None:
    """Drops answers to questions the final answers hide, then marks the response submitted."""
    _forget(response)
    hidden = set(qn.hidden_answers(answers_of(response), context))
    response.answers[:] = [a for a in response.answers if a.question not in hidden]
    response.status = ResponseStatus.SUBMITTED
    response.submitted_at = now
    response.updated_at = now
    response.cursor = None
