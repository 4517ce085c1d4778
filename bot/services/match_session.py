"""The cohort behind /match: who can still be paired, read in a few set-based queries, and the
curator's session over it (mode, accepted and skipped pairs) kept as plain JSON in FSM data."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain import MAX_MENTEES_PER_MENTOR
from bot.services.matching import MatchMode, MatchResult, MenteeProfile, MentorProfile, compatible, match
from bot.services.preferences import chosen
from db.models import (
    Answer,
    Pair,
    PairStatus,
    Participant,
    ParticipantStatus,
    Programme,
    QuestionnaireResponse,
    ResponseStatus,
    Role,
)

INTAKE = {Role.MENTEE.value: "mentee_intake", Role.MENTOR.value: "mentor_intake"}
SESSION_KEY = "match"


def _strings(value: Any) -> frozenset[str]:
    if isinstance(value, list):
        return frozenset(str(v) for v in value)
    if isinstance(value, str) and value:
        return frozenset([value])
    return frozenset()


def _capacity(value: Any) -> int:
    text = str(value) if value is not None else ""
    return max(1, min(int(text), MAX_MENTEES_PER_MENTOR)) if text.isdigit() else 1


@dataclass
class Cohort:
    mentees: dict[int, Participant] = field(default_factory=dict)  # active and without a pair
    mentors: dict[int, Participant] = field(default_factory=dict)  # active, any load
    answers: dict[int, dict[str, Any]] = field(default_factory=dict)
    mentee_profiles: dict[int, MenteeProfile] = field(default_factory=dict)
    mentor_profiles: dict[int, MentorProfile] = field(default_factory=dict)


async def load_cohort(session: AsyncSession, programme: Programme) -> Cohort:
    """A few queries whatever the size of the school: people, intake answers, active pairs, preferences."""
    people = list(
        await session.scalars(
            select(Participant)
            .where(
                Participant.programme_id == programme.id,
                Participant.status == ParticipantStatus.ACTIVE,
                Participant.role.in_([Role.MENTEE.value, Role.MENTOR.value]),
            )
            .order_by(Participant.id)
        )
    )
    ids = [p.id for p in people]
    answers: dict[int, dict[str, Any]] = {pid: {} for pid in ids}
    if ids:
        rows = await session.execute(
            select(QuestionnaireResponse.participant_id, QuestionnaireResponse.questionnaire, Answer.question, Answer.value)
            .join(Answer, Answer.response_id == QuestionnaireResponse.id)
            .where(
                QuestionnaireResponse.participant_id.in_(ids),
                QuestionnaireResponse.questionnaire.in_(list(INTAKE.values())),
                QuestionnaireResponse.status == ResponseStatus.SUBMITTED,
            )
        )
        role_of = {p.id: p.role for p in people}
        for pid, questionnaire, question, value in rows.all():
            if INTAKE.get(role_of[pid]) == questionnaire:
                answers[pid][question] = value
        load_rows = await session.execute(
            select(Pair.mentor_id, func.count()).where(Pair.mentor_id.in_(ids), Pair.status == PairStatus.ACTIVE).group_by(Pair.mentor_id)
        )
        load = {mid: int(n) for mid, n in load_rows.all()}
        paired = set(await session.scalars(select(Pair.mentee_id).where(Pair.mentee_id.in_(ids), Pair.status == PairStatus.ACTIVE)))
        choices = await chosen(session, ids)
    else:
        load, paired, choices = {}, set(), {}

    cohort = Cohort(answers=answers)
    for p in people:
        a = answers[p.id]
        if p.role == Role.MENTEE and p.id not in paired:
            cohort.mentees[p.id] = p
            cohort.mentee_profiles[p.id] = MenteeProfile(
                id=p.id,
                form=p.form,
                requests=_strings(a.get("requests")),
                meeting_format=a.get("meeting_format") if isinstance(a.get("meeting_format"), str) else None,
                meeting_times=_strings(a.get("meeting_times")),
                ranked_mentors=tuple(choices.get(p.id, ())),
            )
        elif p.role == Role.MENTOR:
            cohort.mentors[p.id] = p
            cohort.mentor_profiles[p.id] = MentorProfile(
                id=p.id,
                forms=frozenset({p.form}) | _strings(a.get("preferred_forms")),
                can_help=_strings(a.get("can_help")),
                capacity=_capacity(a.get("capacity")),
                meeting_format=a.get("meeting_format") if isinstance(a.get("meeting_format"), str) else None,
                availability=_strings(a.get("availability")),
                taken=load.get(p.id, 0),
                wanted_mentees=frozenset(choices.get(p.id, ())),
            )
    return cohort


@dataclass
class MatchSession:
    mode: MatchMode = MatchMode.BEST_FIT
    accepted: list[tuple[int, int]] = field(default_factory=list)
    skipped: list[tuple[int, int]] = field(default_factory=list)
    page: int = 0

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> MatchSession:
        raw = data.get(SESSION_KEY)
        if not isinstance(raw, dict):
            return cls()

        def pairs(value: Any) -> list[tuple[int, int]]:
            out: list[tuple[int, int]] = []
            for item in value if isinstance(value, list) else []:
                if isinstance(item, list | tuple) and len(item) == 2 and all(isinstance(x, int) for x in item):
                    out.append((int(item[0]), int(item[1])))
            return out

        mode = raw.get("mode")
        page = raw.get("page")
        return cls(
            mode=MatchMode(mode) if mode in {m.value for m in MatchMode} else MatchMode.BEST_FIT,
            accepted=pairs(raw.get("accepted")),
            skipped=pairs(raw.get("skipped")),
            page=page if isinstance(page, int) and page >= 0 else 0,
        )

    def to_data(self) -> dict[str, Any]:
        return {
            SESSION_KEY: {
                "mode": self.mode.value,
                "accepted": [list(p) for p in self.accepted],
                "skipped": [list(p) for p in self.skipped],
                "page": self.page,
            }
        }


def valid_accepted(cohort: Cohort, accepted: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The accepted pairs that still hold: both people available, the form fits, room is left."""
    kept: list[tuple[int, int]] = []
    used: dict[int, int] = {}
    seen: set[int] = set()
    for mentee_id, mentor_id in accepted:
        mentee = cohort.mentee_profiles.get(mentee_id)
        mentor = cohort.mentor_profiles.get(mentor_id)
        if mentee is None or mentor is None or mentee_id in seen or not compatible(mentee, mentor):
            continue
        if used.get(mentor_id, 0) >= mentor.free:
            continue
        used[mentor_id] = used.get(mentor_id, 0) + 1
        seen.add(mentee_id)
        kept.append((mentee_id, mentor_id))
    return kept


def run(cohort: Cohort, state: MatchSession) -> MatchResult:
    return match(
        cohort.mentee_profiles.values(),
        cohort.mentor_profiles.values(),
        mode=state.mode,
        fixed=state.accepted,
        excluded=set(state.skipped),
    )
