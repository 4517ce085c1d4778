"""The scheduler over a month of a small school: exactly which messages go to whom and when, none at
night, none twice; a bot that was down; reminders whose reason went away; delivery faults."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError, TelegramNetworkError, TelegramRetryAfter, TelegramServerError
from aiogram.methods import SendMessage, TelegramMethod
from sqlalchemy import func, select
from sqlalchemy import text as sql

from bot.services.outbox import Draft, enqueue
from bot.services.programme import first_programme
from db.models import (
    Meeting,
    MeetingStatus,
    OutboxMessage,
    OutboxStatus,
    Participant,
    ParticipantStatus,
    PlanGoal,
    PlanTask,
    RoadmapEvent,
    User,
)
from scheduler.sender import RateLimiter
from tests.conftest import PG_RUN_ONLY
from tests.factories import make_member, make_pair
from tests.harness import CURATOR, BotClient, Person

MSK = ZoneInfo("Europe/Moscow")
START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # Monday 12:00 in Moscow
M1, E1, M2, E2, STUCK = 501, 601, 502, 602, 701


def utc(day: int, hour: int, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=UTC)


async def school(client: BotClient) -> dict[str, Any]:
    """Two pairs, an accepted meeting, a plan task, a person stuck before consent, the curator."""
    async with client.app.sessionmaker() as s:
        programme = await first_programme(s)
        assert programme is not None
        s.add(User(telegram_id=CURATOR.id, language_code="ru", created_at=START))
        m1 = await make_member(s, programme.id, M1, "mentor", name="Петрова Мария")
        e1 = await make_member(s, programme.id, E1, "mentee", name="Орлов Илья")
        m2 = await make_member(s, programme.id, M2, "mentor", name="Соколов Пётр")
        e2 = await make_member(s, programme.id, E2, "mentee", name="Белова Ольга")
        pair1 = await make_pair(s, m1, e1)
        pair2 = await make_pair(s, m2, e2)
        pair2.ends_on = date(2026, 12, 20)  # an extension ending soon: the 30-day notice is due now
        meeting = Meeting(
            pair_id=pair1.id, proposed_by_id=m1.id, starts_at=utc(25, 12), kind="organisational", format="offline",
            topic=None, status=MeetingStatus.ACCEPTED, created_at=START, updated_at=START,
        )
        s.add(meeting)
        goal = PlanGoal(mentee_id=e1.id, title="Открытый урок", created_by_id=m1.id, created_at=START)
        s.add(goal)
        await s.flush()
        s.add(PlanTask(goal_id=goal.id, title="Подготовить конспект", due_on=date(2026, 12, 1), created_at=START))
        stuck_user = User(telegram_id=STUCK, language_code="ru", created_at=START)
        s.add(stuck_user)
        await s.flush()
        s.add(Participant(
            programme_id=programme.id, user_id=stuck_user.id, role="mentee", form="teacher_teacher",
            status=ParticipantStatus.INVITED, full_name="Кузнецова Вера", created_at=START, updated_at=START,
        ))
        await s.commit()
        return {"meeting": meeting.id, "pair1": pair1.id, "pair2": pair2.id}


LABELS = (
    ("Встреча состоялась?", "checkin"),
    ("ответьте, пожалуйста, состоялась ли встреча", "checkin-repeat"),
    ("Ежемесячный опрос", "poll"),
    ("Напоминаем об опросе", "poll-reminder"),
    ("срок задачи из плана", "task"),
    ("заканчивается", "pair-ending"),
    ("работает уже 30 дней", "relationship"),
    ("не встречались уже", "idle"),
    ("не дали согласие", "onboarding"),
)


def label(text: str) -> str:
    if text.startswith("⏰"):
        return "remind-1h" if "через 1 час " in text else "remind-24h"
    for marker, name in LABELS:
        if marker in text:
            return name
    return text[:40]


async def run_month(client: BotClient, until: datetime) -> list[tuple[datetime, int, str]]:
    """Ticks every hour from START to `until`; returns (time, chat, text) of everything delivered."""
    log: list[tuple[datetime, int, str]] = []
    clock = client.app.clock
    while clock.now() <= until:
        for r in await client.tick():
            if isinstance(r, SendMessage):
                log.append((clock.now(), int(r.chat_id), r.text))
        clock.advance(hours=1)  # type: ignore[attr-defined]
    return log


async def test_a_month_of_a_small_school(client: BotClient) -> None:
    await school(client)
    log = await run_month(client, utc(27, 9, month=12))

    def timeline(chat: int) -> list[tuple[datetime, str]]:
        return [(when, label(text)) for when, c, text in log if c == chat]

    common_polls = [(utc(25, 5), "poll"), (utc(28, 5), "poll-reminder")]
    assert timeline(M1) == [
        (utc(24, 12), "remind-24h"),
        (utc(25, 5), "poll"),
        (utc(25, 11), "remind-1h"),
        (utc(25, 13), "checkin"),
        (utc(26, 13), "checkin-repeat"),
        (utc(28, 5), "poll-reminder"),
        (utc(23, 9, month=12), "relationship"),
        (utc(24, 9, month=12), "idle"),
        (utc(25, 5, month=12), "poll"),
    ]
    assert timeline(E1) == [
        (utc(24, 12), "remind-24h"),
        (utc(25, 5), "poll"),
        (utc(25, 11), "remind-1h"),
        (utc(25, 13), "checkin"),
        (utc(26, 13), "checkin-repeat"),
        (utc(28, 5), "poll-reminder"),
        (utc(30, 5), "task"),  # 08:00 in Moscow on the day before it is due
        (utc(23, 9, month=12), "relationship"),
        (utc(24, 9, month=12), "idle"),
        (utc(25, 5, month=12), "poll"),
    ]
    for person in (M2, E2):
        assert timeline(person) == [(START, "pair-ending"), *common_polls, (utc(23, 9, month=12), "relationship"), (utc(24, 9, month=12), "idle"), (utc(25, 5, month=12), "poll")]
    assert timeline(STUCK) == [(utc(25, 9), "onboarding"), (utc(30, 9), "onboarding")]

    curator = [(when, text) for when, c, text in log if c == CURATOR.id]
    digests = [when for when, text in curator if text.startswith("<b>Дорожная карта")]
    assert digests == [START, utc(30, 5), utc(7, 5, 12), utc(14, 5, 12), utc(21, 5, 12)]  # Mondays, 08:00 MSK
    assert [when for when, text in curator if "не подтверждена" in text] == [utc(27, 13)]
    assert [when for when, text in curator if "завершает работу" in text] == [START]
    assert [when for when, text in curator if "не встречалась" in text] == []  # 45 days have not passed
    nudges = [(when, text.split("\n")[0]) for when, text in curator if text.startswith(("🗓", "⚠️", "🗂"))]
    consents = [(when, text) for when, text in nudges if "персональных данных" in text]
    assert [when for when, _ in consents] == [START, utc(29, 5), utc(1, 5, 12)]  # 7 days, 1 day, overdue; 08:00 MSK
    assert "Через 7 дней" in consents[0][1] and "Через 1 день" in consents[1][1] and "Просрочено" in consents[2][1]
    assert any("Не завершили регистрацию: 1 человек" in text for _, text in curator)

    # Nothing at night in the school's time zone, and nothing twice.
    for when, chat, text in log:
        assert 8 <= when.astimezone(MSK).hour < 21, (when, chat, text)
    repeats = [k for k, n in Counter((c, t) for _, c, t in log).items() if n > 1]
    assert repeats == []
    async with client.app.sessionmaker() as s:
        statuses = dict((await s.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status))).all())
    assert set(statuses) <= {OutboxStatus.SENT, OutboxStatus.EXPIRED, OutboxStatus.CANCELLED}


async def test_down_for_a_day_sends_what_is_still_useful_once(client: BotClient) -> None:
    ids = await school(client)
    client.app.clock.set(utc(25, 14))  # the meeting began two hours ago; the stuck person waits 2 days
    first = [(int(r.chat_id), label(r.text)) for r in await client.tick() if isinstance(r, SendMessage)]
    assert sorted(c for c, what in first if what in ("remind-24h", "remind-1h")) == []  # the meeting has passed
    assert sorted(c for c, what in first if what == "checkin") == [M1, E1]
    assert (STUCK, "onboarding") in first
    assert sorted(c for c, what in first if what == "poll") == [M1, M2, E1, E2]
    assert await client.tick() == []  # a second run finds it all queued
    async with client.app.sessionmaker() as s:
        keys = set(await s.scalars(select(OutboxMessage.key)))
    assert not any(k.startswith(f"meeting:{ids['meeting']}:remind") for k in keys)


async def test_a_moved_meeting_cancels_the_old_reminder(client: BotClient) -> None:
    ids = await school(client)
    client.app.clock.set(utc(24, 12))
    await client.scheduler.planner.run()  # type: ignore[union-attr]  # queued, not yet sent
    async with client.app.sessionmaker() as s:
        meeting = await s.get(Meeting, ids["meeting"])
        assert meeting is not None
        meeting.starts_at = utc(26, 12)  # moved by the pair before the sender got to it
        await s.commit()
    out = client.fake.requests[:]
    await client.scheduler.sender.drain()  # type: ignore[union-attr]
    assert not any(isinstance(r, SendMessage) and r.text.startswith("⏰") for r in client.fake.requests[len(out):])
    async with client.app.sessionmaker() as s:
        rows = list(await s.scalars(select(OutboxMessage).where(OutboxMessage.ref_type == "meeting")))
    assert {r.status for r in rows} == {OutboxStatus.CANCELLED} and len(rows) == 2
    client.app.clock.set(utc(25, 12))  # a day before the new time: the new reminder goes
    out = [(int(r.chat_id), label(r.text)) for r in await client.tick() if isinstance(r, SendMessage)]
    assert sorted(c for c, what in out if what == "remind-24h") == [M1, E1]


async def test_quiet_hours_hold_a_message_until_morning(client: BotClient) -> None:
    await school(client)
    async with client.app.sessionmaker() as s:
        programme = await first_programme(s)
        assert programme is not None
        evening = datetime(2026, 11, 23, 17, 59, tzinfo=UTC)  # 20:59 in Moscow
        await enqueue(s, [Draft(key="t:1", kind="test", chat_id=M1, text="вечер", programme_id=programme.id)], evening)
        await s.commit()
    client.app.clock.set(datetime(2026, 11, 23, 18, 30, tzinfo=UTC))  # the sender comes to it at 21:30
    assert await client.scheduler.sender.drain() == 0  # type: ignore[union-attr]
    async with client.app.sessionmaker() as s:
        row = await s.scalar(select(OutboxMessage).where(OutboxMessage.key == "t:1"))
        assert row is not None and row.status == OutboxStatus.PENDING
        assert row.not_before.astimezone(MSK) == datetime(2026, 11, 24, 8, 0, tzinfo=MSK)
    client.app.clock.set(datetime(2026, 11, 24, 5, 0, tzinfo=UTC))
    assert await client.scheduler.sender.drain() == 1  # type: ignore[union-attr]


async def test_planner_runs_at_once_queue_each_message_once(client: BotClient) -> None:
    await school(client)
    planner = client.scheduler.planner  # type: ignore[union-attr]
    counts = await asyncio.gather(planner.run(), planner.run(), planner.run())
    async with client.app.sessionmaker() as s:
        total = await s.scalar(select(func.count(OutboxMessage.id)))
        duplicates = await s.scalar(
            select(func.count()).select_from(
                select(OutboxMessage.chat_id, OutboxMessage.text).group_by(OutboxMessage.chat_id, OutboxMessage.text)
                .having(func.count() > 1).subquery()
            )
        )
    assert total == sum(counts) and total > 0 and duplicates == 0


async def test_a_done_roadmap_event_is_not_nudged(client: BotClient) -> None:
    await school(client)
    await client.scheduler.planner.run()  # type: ignore[union-attr]
    async with client.app.sessionmaker() as s:
        event = await s.scalar(select(RoadmapEvent).where(RoadmapEvent.code == "consents"))
        assert event is not None
        event.status = "done"  # the curator marks it done before the nudge goes
        await s.commit()
    await client.scheduler.sender.drain()  # type: ignore[union-attr]
    nudges = [t for t in client.texts_to(CURATOR) if t.startswith(("🗓", "⚠️"))]
    assert nudges and not any("персональных данных" in t for t in nudges)


# ---- delivery faults (the HTTP path is in test_delivery_faults.py) -----------------------------


def failing_api(client: BotClient, monkeypatch: pytest.MonkeyPatch, fail: Any) -> list[int]:
    """Makes the fake Bot API raise `fail(method, attempt)` (or answer normally when it returns None)."""
    original = client.fake.make_request
    attempts: list[int] = []

    async def make_request(bot: Bot, method: TelegramMethod[Any], timeout: int | None = None) -> Any:
        if isinstance(method, SendMessage):
            attempts.append(int(method.chat_id))
            error = fail(method, attempts.count(int(method.chat_id)))
            if error is not None:
                raise error
        return await original(bot, method, timeout)

    monkeypatch.setattr(client.fake, "make_request", make_request)
    return attempts


async def queue(client: BotClient, *chats: int) -> None:
    async with client.app.sessionmaker() as s:
        programme = await first_programme(s)
        drafts = [Draft(key=f"t:{c}:{i}", kind="test", chat_id=c, text=f"сообщение {i}", programme_id=programme.id if programme else None)
                  for i, c in enumerate(chats)]
        await enqueue(s, drafts, client.app.clock.now())
        await s.commit()


async def statuses(client: BotClient) -> dict[str, str]:
    async with client.app.sessionmaker() as s:
        return {r.key: r.status for r in await s.scalars(select(OutboxMessage).where(OutboxMessage.kind == "test"))}


async def test_429_waits_and_delivers_everything_once(client: BotClient, monkeypatch: pytest.MonkeyPatch) -> None:
    sleeps: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    client.scheduler.sender.limiter.sleep = fake_sleep  # type: ignore[union-attr]
    failing_api(client, monkeypatch, lambda m, n: TelegramRetryAfter(method=m, message="Too Many Requests", retry_after=7) if int(m.chat_id) == 901 and n == 1 else None)
    await queue(client, 901, 902, 903)
    assert await client.scheduler.sender.drain() == 2  # type: ignore[union-attr]
    assert await statuses(client) == {"t:901:0": "pending", "t:902:1": "sent", "t:903:2": "sent"}
    client.app.clock.advance(seconds=7)  # type: ignore[attr-defined]
    assert await client.scheduler.sender.drain() == 1  # type: ignore[union-attr]
    assert set((await statuses(client)).values()) == {"sent"}
    assert Counter(int(r.chat_id) for r in client.fake.requests if isinstance(r, SendMessage)) == {901: 1, 902: 1, 903: 1}
    assert any(s >= 6.9 for s in sleeps)  # everything paused for retry_after


async def test_5xx_and_network_errors_retry_with_backoff(client: BotClient, monkeypatch: pytest.MonkeyPatch) -> None:
    errors = {1: TelegramServerError, 2: TelegramNetworkError}
    attempts = failing_api(client, monkeypatch, lambda m, n: errors[n](method=m, message="Bad Gateway") if n in errors else None)
    await queue(client, 904)
    delays = []
    for _ in range(3):
        await client.scheduler.sender.drain()  # type: ignore[union-attr]
        async with client.app.sessionmaker() as s:
            row = await s.scalar(select(OutboxMessage).where(OutboxMessage.kind == "test"))
            assert row is not None
            delays.append((row.not_before - client.app.clock.now()).total_seconds())
        client.app.clock.advance(seconds=max(delays[-1], 0) + 1)  # type: ignore[attr-defined]
    assert attempts == [904, 904, 904]
    assert await statuses(client) == {"t:904:0": "sent"}
    assert delays[0] == 2 and delays[1] == 4  # 2 s, then 4 s


async def test_403_marks_the_person_unreachable_and_tells_the_curator(client: BotClient, monkeypatch: pytest.MonkeyPatch) -> None:
    await school(client)
    failing_api(client, monkeypatch, lambda m, n: TelegramForbiddenError(method=m, message="Forbidden: bot was blocked by the user") if int(m.chat_id) == E1 else None)
    await queue(client, E1, E1, M1)
    await client.scheduler.sender.drain()  # type: ignore[union-attr]
    assert sorted((await statuses(client)).values()) == ["blocked", "blocked", "sent"]
    assert any("Орлов Илья заблокировал(а) бота" in t for t in client.texts_to(CURATOR))
    async with client.app.sessionmaker() as s:
        user = await s.scalar(select(User).where(User.telegram_id == E1))
        assert user is not None and user.unreachable_at is not None
    # The planner leaves them out from now on; writing to the bot again makes them reachable.
    client.app.clock.set(utc(25, 6))
    polls = [int(r.chat_id) for r in await client.tick() if isinstance(r, SendMessage) and "Ежемесячный опрос" in r.text]
    assert E1 not in polls and M1 in polls
    monkeypatch.undo()  # they unblock the bot and write to it
    await client.send(Person(E1, "Илья"), "/help")
    async with client.app.sessionmaker() as s:
        user = await s.scalar(select(User).where(User.telegram_id == E1))
        assert user is not None and user.unreachable_at is None


async def test_blocking_in_telegram_stops_messages_at_once(client: BotClient) -> None:
    await school(client)
    await queue(client, E1)
    client.auto_deliver = False
    await client.feed({"my_chat_member": {
        "chat": {"id": E1, "type": "private", "first_name": "Илья"},
        "from": {"id": E1, "is_bot": False, "first_name": "Илья"},
        "date": 1795424400,
        "old_chat_member": {"status": "member", "user": {"id": 7000000001, "is_bot": True, "first_name": "Bot"}},
        "new_chat_member": {"status": "kicked", "until_date": 0, "user": {"id": 7000000001, "is_bot": True, "first_name": "Bot"}},
    }})
    assert await statuses(client) == {f"t:{E1}:0": "blocked"}
    await client.scheduler.sender.drain()  # type: ignore[union-attr]
    assert any("Орлов Илья заблокировал(а) бота" in t for t in client.texts_to(CURATOR))
    assert client.texts_to(Person(E1)) == []


async def test_a_refused_message_fails_without_retrying(client: BotClient, monkeypatch: pytest.MonkeyPatch) -> None:
    attempts = failing_api(client, monkeypatch, lambda m, n: TelegramBadRequest(method=m, message="Bad Request: message is too long"))
    await queue(client, 905)
    await client.scheduler.sender.drain()  # type: ignore[union-attr]
    client.app.clock.advance(hours=1)  # type: ignore[attr-defined]
    await client.scheduler.sender.drain()  # type: ignore[union-attr]
    assert attempts == [905] and await statuses(client) == {"t:905:0": "failed"}


async def test_a_lease_left_by_a_killed_sender_runs_out(client: BotClient) -> None:
    await queue(client, 906)
    async with client.app.sessionmaker() as s:
        row = await s.scalar(select(OutboxMessage).where(OutboxMessage.kind == "test"))
        assert row is not None
        row.status, row.claimed_at, row.claimed_by = OutboxStatus.SENDING, client.app.clock.now(), "dead:1"
        await s.commit()
    assert await client.scheduler.sender.drain() == 0  # type: ignore[union-attr]  # still leased
    client.app.clock.advance(seconds=61)  # type: ignore[attr-defined]
    assert await client.scheduler.sender.drain() == 1  # type: ignore[union-attr]


async def test_rate_limiter_spacing_overall_and_per_chat() -> None:
    now = [0.0]

    async def sleep(seconds: float) -> None:
        now[0] += seconds

    limiter = RateLimiter(rate=25, chat_interval=1.0, monotonic=lambda: now[0], sleep=sleep)
    times: dict[int, list[float]] = {}
    for chat in [1, 2, 3, 1, 1, 4]:
        await limiter.wait_turn(chat)
        times.setdefault(chat, []).append(now[0])
    flat = sorted(t for ts in times.values() for t in ts)
    assert all(b - a >= 0.04 - 1e-9 for a, b in zip(flat, flat[1:]))
    assert all(b - a >= 1.0 - 1e-9 for a, b in zip(times[1], times[1][1:]))
    limiter.pause(5)
    before = now[0]
    await limiter.wait_turn(9)
    assert now[0] - before >= 5 - 1e-9


def test_quiet_hours_arithmetic() -> None:
    from bot.services.programme_settings import DEFAULTS, ProgrammeSettings, next_allowed

    night = datetime(2026, 11, 23, 20, 0, tzinfo=UTC)  # 23:00 MSK
    assert next_allowed(night, MSK, DEFAULTS) == datetime(2026, 11, 24, 5, 0, tzinfo=UTC)
    day = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    assert next_allowed(day, MSK, DEFAULTS) == day
    friday_night = datetime(2026, 11, 27, 19, 0, tzinfo=UTC)
    weekends = ProgrammeSettings(quiet_weekends=True)
    assert next_allowed(friday_night, MSK, weekends) == datetime(2026, 11, 30, 5, 0, tzinfo=UTC)
    assert timedelta(0) == next_allowed(day, MSK, ProgrammeSettings(quiet_start="13:00", quiet_end="14:00")) - day


@PG_RUN_ONLY
async def test_a_bulk_enqueue_refreshes_postgresql_statistics(client: BotClient) -> None:
    """After thousands of rows at once PostgreSQL knows the outbox's size (on the statistics of the empty
    table it read the whole outbox for each batch of keys: the next planner minute took 10 s at 50,000
    people, bench/planner.py), and no query is JIT-compiled (300 ms of compiling for a 50 ms query)."""
    async with client.app.sessionmaker() as s:
        assert await s.scalar(sql("SELECT reltuples FROM pg_class WHERE relname = 'outbox'")) < 1_000
    await queue(client, *range(10_000, 11_200))
    async with client.app.sessionmaker() as s:
        assert await s.scalar(sql("SHOW jit")) == "off"
        assert await s.scalar(sql("SELECT reltuples FROM pg_class WHERE relname = 'outbox'")) >= 1_200


async def test_day_scale_rules_run_every_ten_minutes_and_the_rest_every_minute(client: BotClient) -> None:
    from scheduler.planner import DAY_SCALE_EVERY, Planner
    from scheduler.rules import Context

    ran: list[tuple[str, datetime]] = []

    def rule(name: str) -> Any:
        async def check(ctx: Context) -> None:
            ran.append((name, ctx.now))

        check.__name__ = name
        return check

    rules = [rule("meeting_reminders"), rule("idle_pairs"), rule("relationship_checks")]
    app, clock = client.app, client.app.clock

    def planner() -> Planner:
        return Planner(app.sessionmaker, app.l10n, app.settings, clock, rules=rules)

    first = planner()
    start = clock.now()
    for minute in range(12):
        clock.set(start + timedelta(minutes=minute))  # type: ignore[attr-defined]
        await first.run()
    assert DAY_SCALE_EVERY == timedelta(minutes=10)
    assert [t for name, t in ran if name == "meeting_reminders"] == [start + timedelta(minutes=m) for m in range(12)]
    assert [t for name, t in ran if name == "idle_pairs"] == [start, start + timedelta(minutes=10)]
    assert [t for name, t in ran if name == "relationship_checks"] == [start, start + timedelta(minutes=10)]

    ran.clear()
    await planner().run()  # a restart, or another worker taking the lead: at once, not ten minutes on
    assert sorted(name for name, _ in ran) == ["idle_pairs", "meeting_reminders", "relationship_checks"]
