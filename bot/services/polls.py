"""The scheduled questionnaires: the monthly feedback poll and the relationship check a month after
pairing (scheduler/rules.py sends the invitations, handlers/polls.py opens them).

What is open when: a feedback poll for the current or the previous month (in the school's
timezone) while the person is in an active pair; a relationship check for `pair-<id>` while that
pair is active and the person is one of its sides. After a relationship check is submitted, a low
score goes to the curators at once, through the outbox, in the same transaction.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from html import escape
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.i18n import L10n, Translator
from bot.services import answers as store
from bot.services.curators import curator_recipients
from bot.services.outbox import Draft, enqueue
from bot.services.pairs import active_pair_of
from bot.services.programme_settings import settings_of, zone_of
from db.models import Pair, PairStatus, Participant, ParticipantStatus, Programme, QuestionnaireResponse, Role
from questionnaires.engine import QUESTIONNAIRES

FEEDBACK, RELATIONSHIP = "feedback", "relationship"
KINDS = (FEEDBACK, RELATIONSHIP)
SCORE, COMMENT = "score", "comment"

_MONTH_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_PAIR_RE = re.compile(r"^pair-([1-9]\d{0,17})$")


def month_of(moment: datetime) -> str:
    return moment.strftime("%Y-%m")


def open_months(now: datetime, programme: Programme) -> tuple[str, str]:
    """The months whose feedback poll may still be answered: this one and the previous one, in the
    zone the scheduler named the period in (the school's)."""
    local = now.astimezone(zone_of(programme))
    previous = local.replace(day=1) - timedelta(days=1)
    return month_of(local), month_of(previous)


def pair_id_of(period: str) -> int | None:
    match = _PAIR_RE.match(period)
    return int(match.group(1)) if match else None


# Why a poll button is refused, as locale keys: not this person's (or forged), or no longer open.
NOT_YOURS, CLOSED = "button-not-yours", "poll-closed"


async def check_open(session: AsyncSession, participant: Participant, kind: str, period: str, now: datetime) -> str | None:
    """None when `participant` may answer `kind` for `period` now; otherwise the locale key of why
    not. Ownership (the presser is the participant) is the caller's check."""
    if kind not in KINDS:
        return NOT_YOURS
    if kind == RELATIONSHIP:
        pair_id = pair_id_of(period)
        pair = await session.get(Pair, pair_id) if pair_id is not None else None
        if pair is None or participant.id not in (pair.mentor_id, pair.mentee_id):
            return NOT_YOURS
        if pair.status != PairStatus.ACTIVE or participant.status != ParticipantStatus.ACTIVE:
            return CLOSED
        return None
    if not _MONTH_RE.match(period):
        return NOT_YOURS
    programme = await session.get(Programme, participant.programme_id)
    if programme is None or period not in open_months(now, programme):
        return CLOSED
    if participant.status != ParticipantStatus.ACTIVE or await active_pair_of(session, participant.id) is None:
        return CLOSED
    return None


def _name(t: Translator, participant: Participant | None) -> str:
    if participant is None or not participant.full_name:
        return t("pairs-unknown-person")
    return escape(participant.full_name)


async def after_submit(
    session: AsyncSession,
    l10n: L10n,
    settings: Settings,
    response: QuestionnaireResponse,
    participant: Participant,
    now: datetime,
) -> int:
    """What follows a submitted response: a relationship score at or below the programme's
    `relationship_low_score` is queued to every curator. Returns how many messages were queued."""
    if response.questionnaire != RELATIONSHIP:
        return 0
    answers = store.answers_of(response)
    score = answers.get(SCORE)
    programme = await session.get(Programme, participant.programme_id)
    if not isinstance(score, int) or programme is None or score > settings_of(programme).relationship_low_score:
        return 0
    pair_id = pair_id_of(response.period)
    pair = await session.get(Pair, pair_id) if pair_id is not None else None
    question = QUESTIONNAIRES[RELATIONSHIP].question(SCORE)
    comment = answers.get(COMMENT)
    drafts = []
    for curator in await curator_recipients(session, settings, programme.id):
        t = l10n.for_user(curator.user)
        args: dict[str, Any] = {
            "mentor": _name(t, pair.mentor if pair else None),
            "mentee": _name(t, pair.mentee if pair else None),
            "name": _name(t, participant),
            "side": "mentor" if (pair.mentor_id == participant.id if pair else participant.role == Role.MENTOR) else "mentee",
            "score": score,
            "max": question.max if question and question.max else 10,
        }
        text = t("relcheck-low-curator", **args)
        if isinstance(comment, str) and comment.strip():
            text += "\n" + t("relcheck-low-comment", comment=escape(comment))
        drafts.append(
            Draft(
                key=f"relcheck:{response.id}:low:c{curator.chat_id}",
                kind="relationship-low",
                chat_id=curator.chat_id,
                user_id=curator.user.id if curator.user else None,
                programme_id=programme.id,
                text=text,
                ref_type="pair" if pair else None,
                ref_id=pair.id if pair else None,
            )
        )
    return await enqueue(session, drafts, now)
