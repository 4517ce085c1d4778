"""Retention: a programme past its retention period loses its personal data once, automatically,
and keeps its anonymous figures; a programme within its period, or the current one, is untouched."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from aiogram.fsm.storage.base import StorageKey
from sqlalchemy import func, select

from bot.services import retention
from bot.services.programme import first_programme
from db.models import (
    Answer,
    AuditEvent,
    Meeting,
    MeetingStatus,
    Pair,
    Participant,
    ParticipantStatus,
    Programme,
    QuestionnaireResponse,
    User,
)
from tests.factories import make_member, make_pair
from tests.harness import CURATOR, BotClient

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


async def old_programme(client: BotClient, ends_on: date, first_id: int, months: int | None = None) -> int:
    """A past programme of the school with a pair that met, and the people's answers."""
    async with client.app.sessionmaker() as s:
        current = await first_programme(s)
        assert current is not None
        old = Programme(
            organisation_id=current.organisation_id, academic_year=f"{ends_on.year - 1}/{ends_on.year}",
            starts_on=date(ends_on.year - 1, 9, 1), ends_on=ends_on, forms=["teacher_teacher"],
            settings={"retention_months": months} if months else {}, created_at=NOW - timedelta(days=800),
        )  # fmt: skip
        s.add(old)
        await s.flush()
        mentor = await make_member(s, old.id, first_id, "mentor", name=f"Старый Наставник {first_id}", answers={"goal": "секрет наставника"})
        mentee = await make_member(s, old.id, first_id + 1, "mentee", name=f"Старая Наставляемая {first_id}", answers={"goal": "секрет ученицы"})
        pair = await make_pair(s, mentor, mentee, today=date(ends_on.year - 1, 10, 1), now=NOW - timedelta(days=700))
        s.add(
            Meeting(
                pair_id=pair.id, proposed_by_id=mentor.id, starts_at=NOW - timedelta(days=650), kind="regular", format="offline",
                topic="личная тема", status=MeetingStatus.HELD, created_at=NOW - timedelta(days=660), updated_at=NOW - timedelta(days=650),
            )
        )  # fmt: skip
        old_id = old.id
        await s.commit()
        return old_id


async def test_a_programme_past_its_period_is_purged_once(client: BotClient) -> None:
    expired = await old_programme(client, date(2025, 8, 31), 801)  # 12 months: until 31.08.2026
    kept = await old_programme(client, date(2025, 11, 24), 811)  # 12 months: until 24.11.2026, tomorrow
    longer = await old_programme(client, date(2025, 8, 31), 821, months=24)  # the curator chose two years
    async with client.app.sessionmaker() as s:
        first = await first_programme(s)
        assert first is not None
        # The school's current programme is its newest row (programmes are made year after year).
        current = Programme(
            organisation_id=first.organisation_id, academic_year="2026/2027", starts_on=date(2026, 9, 1), ends_on=date(2027, 8, 31),
            forms=["teacher_teacher"], settings={}, created_at=NOW,
        )  # fmt: skip
        s.add(current)
        await s.flush()
        await make_member(s, current.id, 831, "mentee", name="Нынешняя Ученица")
        await s.commit()

    # A purged person was in the middle of a dialog: its state goes too (the database's or Redis').
    key = StorageKey(bot_id=client.bot.id, chat_id=802, user_id=802)
    await client.app.storage.set_state(key, "Dialog:questionnaire")
    await client.app.storage.set_data(key, {"draft": "секрет ученицы"})
    await client.tick()
    assert await client.app.storage.get_state(key) is None and await client.app.storage.get_data(key) == {}
    async with client.app.sessionmaker() as s:
        purged = await s.get(Programme, expired)
        assert purged is not None and purged.purged_at == NOW
        for pid in (kept, longer):
            other = await s.get(Programme, pid)
            assert other is not None and other.purged_at is None
        people = list(await s.scalars(select(Participant).where(Participant.programme_id == expired)))
        assert len(people) == 2
        assert all(p.status == ParticipantStatus.WITHDRAWN and p.full_name is None and p.user_id is None for p in people)
        assert await s.scalar(select(func.count()).select_from(User).where(User.telegram_id.in_([801, 802]))) == 0
        answers = await s.scalar(
            select(func.count()).select_from(Answer).join(QuestionnaireResponse).join(Participant).where(Participant.programme_id == expired)
        )
        assert answers == 0
        # The anonymous figures stay: the pair and its meeting.
        assert await s.scalar(select(func.count()).select_from(Pair).where(Pair.programme_id == expired)) == 1
        meeting = await s.scalar(select(Meeting).join(Pair).where(Pair.programme_id == expired))
        assert meeting is not None and meeting.status == MeetingStatus.HELD and meeting.topic is None
        # The others are untouched.
        for first_id in (811, 812, 821, 822, 831):
            assert await s.scalar(select(func.count()).select_from(User).where(User.telegram_id == first_id)) == 1
        events = list(await s.scalars(select(AuditEvent).where(AuditEvent.action == "retention.purge")))
        assert [(e.programme_id, e.actor_role, e.details["participants"]) for e in events] == [(expired, "system", 2)]
    told = [t for t in client.texts_to(CURATOR) if "Срок хранения данных программы 2024/2025 истёк" in t]
    assert len(told) == 1 and "2 участников" in told[0]

    # Once: the next minutes do nothing more.
    client.app.clock.advance(minutes=5)  # type: ignore[attr-defined]
    await client.tick()
    assert len([t for t in client.texts_to(CURATOR) if "Срок хранения" in t]) == 1

    # The next day the second programme's period is over too.
    client.app.clock.advance(days=1)  # type: ignore[attr-defined]
    await client.tick()
    async with client.app.sessionmaker() as s:
        second = await s.get(Programme, kept)
        assert second is not None and second.purged_at is not None


def test_purge_dates() -> None:
    assert retention.add_months(date(2025, 8, 31), 12) == date(2026, 8, 31)
    assert retention.add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert retention.add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert retention.add_months(date(2025, 12, 15), -1) == date(2025, 11, 15)
    assert retention.add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)
