"""Pair rules over a real database: capacity, one year, extension, replacement, completion."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import pairs
from bot.services.pairs import NewPair, PairError, PairRuleError
from bot.services.programme import first_programme
from tests.factories import make_member

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
TODAY = date(2026, 11, 23)
CURATOR_ID = 100


async def test_capacity_own_and_hard_limit(session: AsyncSession) -> None:
    programme = await first_programme(session)
    assert programme is not None
    one = await make_member(session, programme.id, 1, "mentor", capacity=1)
    greedy = await make_member(session, programme.id, 2, "mentor", capacity=5)  # over the rule's two
    mentees = [await make_member(session, programme.id, 10 + i, "mentee") for i in range(4)]
    assert await pairs.free_places(session, [one.id, greedy.id]) == {one.id: 1, greedy.id: 2}

    await pairs.create_pairs(session, programme, [NewPair(mentees[0].id, one.id)], actor=CURATOR_ID, today=TODAY, now=NOW)
    with pytest.raises(PairRuleError) as err:
        await pairs.create_pairs(session, programme, [NewPair(mentees[1].id, one.id)], actor=CURATOR_ID, today=TODAY, now=NOW)
    assert err.value.error == PairError.MENTOR_FULL
    await pairs.create_pairs(
        session, programme, [NewPair(mentees[1].id, greedy.id), NewPair(mentees[2].id, greedy.id)], actor=CURATOR_ID, today=TODAY, now=NOW
    )
    with pytest.raises(PairRuleError) as err:
        await pairs.create_pairs(session, programme, [NewPair(mentees[3].id, greedy.id)], actor=CURATOR_ID, today=TODAY, now=NOW)
    assert err.value.error == PairError.MENTOR_FULL
    with pytest.raises(PairRuleError) as err:
        await pairs.create_pairs(session, programme, [NewPair(mentees[0].id, greedy.id)], actor=CURATOR_ID, today=TODAY, now=NOW)
    assert err.value.error == PairError.MENTEE_PAIRED


async def test_forms_roles_and_one_year(session: AsyncSession) -> None:
    programme = await first_programme(session)
    assert programme is not None
    mentor = await make_member(session, programme.id, 1, "mentor", "teacher_teacher", capacity=2, answers={"preferred_forms": ["teacher_teacher", "teacher_student"]})
    student = await make_member(session, programme.id, 2, "mentee", "teacher_student")
    other = await make_member(session, programme.id, 3, "mentee", "employer_student")
    with pytest.raises(PairRuleError) as err:
        await pairs.create_pairs(session, programme, [NewPair(other.id, mentor.id)], actor=CURATOR_ID, today=TODAY, now=NOW)
    assert err.value.error == PairError.FORM_MISMATCH
    with pytest.raises(PairRuleError) as err:
        await pairs.create_pairs(session, programme, [NewPair(mentor.id, student.id)], actor=CURATOR_ID, today=TODAY, now=NOW)
    assert err.value.error == PairError.NOT_MENTOR
    (pair,) = await pairs.create_pairs(session, programme, [NewPair(student.id, mentor.id)], actor=CURATOR_ID, today=TODAY, now=NOW)
    assert pair.form == "teacher_student"
    assert pair.ends_on == programme.ends_on <= pairs.one_year_after(TODAY)

    await pairs.extend(session, pair, date(2027, 11, 22), "illness", actor=CURATOR_ID, now=NOW)
    with pytest.raises(PairRuleError) as err:
        await pairs.extend(session, pair, date(2027, 11, 20), "illness", actor=CURATOR_ID, now=NOW)
    assert err.value.error == PairError.BAD_DATE  # not later than the current end
    pair.ends_on = date(2027, 6, 1)
    with pytest.raises(PairRuleError) as err:
        await pairs.extend(session, pair, date(2027, 11, 23), "illness", actor=CURATOR_ID, now=NOW)
    assert err.value.error == PairError.OVER_A_YEAR
    with pytest.raises(PairRuleError) as err:
        await pairs.extend(session, pair, date(2027, 7, 1), "holiday", actor=CURATOR_ID, now=NOW)
    assert err.value.error == PairError.BAD_REASON


async def test_replacement_keeps_the_period_and_history(session: AsyncSession) -> None:
    programme = await first_programme(session)
    assert programme is not None
    first = await make_member(session, programme.id, 1, "mentor", capacity=1)
    second = await make_member(session, programme.id, 2, "mentor", capacity=1)
    mentee = await make_member(session, programme.id, 3, "mentee")
    (pair,) = await pairs.create_pairs(session, programme, [NewPair(mentee.id, first.id)], actor=CURATOR_ID, today=TODAY, now=NOW)
    period = (pair.starts_on, pair.ends_on)
    with pytest.raises(PairRuleError):
        await pairs.replace_mentor(session, pair, second.id, "bored", actor=CURATOR_ID, now=NOW)
    old = await pairs.replace_mentor(session, pair, second.id, "incompatibility", actor=CURATOR_ID, now=NOW)
    assert old == first.id and pair.mentor_id == second.id
    assert (pair.starts_on, pair.ends_on) == period
    assert await pairs.free_places(session, [first.id, second.id]) == {first.id: 1, second.id: 0}
    await pairs.complete(session, pair, "goal_reached", actor=CURATOR_ID, today=TODAY, now=NOW)
    with pytest.raises(PairRuleError) as err:
        await pairs.complete(session, pair, "goal_reached", actor=CURATOR_ID, today=TODAY, now=NOW)
    assert err.value.error == PairError.NOT_ACTIVE
    events = await pairs.history(session, pair.id)
    assert [e.kind for e in events] == ["created", "mentor_replaced", "completed"]
    assert events[1].data == {"reason": "incompatibility", "old_mentor_id": first.id, "new_mentor_id": second.id}
    assert events[2].data["early"] is True
