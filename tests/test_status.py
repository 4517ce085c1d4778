"""The curator's /status through the real Dispatcher: every number of the summary against a small
school built here, the privacy rule for the average (fewer than three answers: none), the
drill-downs (who exactly, escaped, ten per page), "remind them" (once a day), the chart (a PNG),
forged buttons and non-curators; and that `summary()` runs the same number of statements for a
school of 5 and of 60 people."""

from __future__ import annotations

import struct
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from aiogram.methods import AnswerCallbackQuery, EditMessageText, SendPhoto
from sqlalchemy import event, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import FrozenClock
from bot.i18n import L10n
from bot.services import charts
from bot.services import status as svc
from bot.services.meetings import due_checkins
from bot.services.pairs import free_places
from bot.services.programme import first_programme
from db.models import (
    Answer,
    Meeting,
    MeetingCheckin,
    MeetingStatus,
    OutboxMessage,
    Pair,
    PairStatus,
    Participant,
    ParticipantStatus,
    Programme,
    QuestionnaireResponse,
    ResponseStatus,
    RoadmapEvent,
    RoadmapStatus,
    User,
)
from handlers.curator.status import StatusCb
from tests.factories import make_member, make_pair
from tests.harness import CURATOR, BotClient, Person, alerts, sent_to, texts

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # 12:00 in Moscow, the school's zone
STALE = "Эта кнопка больше не работает."
RU = L10n()
E1_TG = 3001  # a mentee in a pair who gets the reminders in the tests below


def ru(key: str, **args: Any) -> str:
    return RU.get("ru", key, **args)


# ---- the school ---------------------------------------------------------------------------------


@dataclass
class School:
    programme_id: int
    mentors: dict[str, int]
    mentees: dict[str, int]
    pairs: dict[str, int]
    overdue_title: str


async def programme_of(s: AsyncSession) -> Programme:
    programme = await first_programme(s)
    assert programme is not None
    return programme


async def raw_participant(
    s: AsyncSession, programme_id: int, telegram_id: int, role: str, status: str, name: str, created: datetime
) -> Participant:
    """Someone not (yet) through onboarding, written straight to the database."""
    user = User(telegram_id=telegram_id, language_code="ru", created_at=created)
    s.add(user)
    await s.flush()
    participant = Participant(
        programme_id=programme_id, user_id=user.id, role=role, form="teacher_teacher", status=status,
        full_name=name, is_minor=False, created_at=created, updated_at=created,
    )
    s.add(participant)
    await s.flush()
    return participant


def meeting(pair: Pair, starts_at: datetime, status: MeetingStatus) -> Meeting:
    return Meeting(
        pair_id=pair.id, proposed_by_id=pair.mentor_id, starts_at=starts_at, kind="regular", format="offline",
        topic=None, status=status, created_at=starts_at - timedelta(days=3), updated_at=starts_at - timedelta(days=3),
    )


def checkin(meeting_: Meeting, participant_id: int, answer: str) -> MeetingCheckin:
    return MeetingCheckin(meeting_id=meeting_.id, participant_id=participant_id, answer=answer, answered_at=meeting_.starts_at + timedelta(hours=2))


def feedback(participant_id: int, usefulness: int, period: str = "2026-11", status: str = ResponseStatus.SUBMITTED) -> QuestionnaireResponse:
    at = NOW - timedelta(days=1)
    values = {"usefulness": usefulness, "meetings": 2, "named": "no"}
    return QuestionnaireResponse(
        participant_id=participant_id, questionnaire="feedback", period=period, status=status, started_at=at, updated_at=at,
        submitted_at=at if status == ResponseStatus.SUBMITTED else None,
        answers=[Answer(question=k, value=v, answered_at=at) for k, v in values.items()],
    )


async def build_school(client: BotClient) -> School:
    """Five mentors, six mentees in or out of four active pairs and a completed one, people stuck in
    registration, meetings across the month boundary in Moscow, check-ins, feedback, the roadmap."""
    async with client.app.sessionmaker() as s:
        programme = await programme_of(s)
        pid = programme.id
        m = {
            "m1": await make_member(s, pid, 2001, "mentor", name="Андреева Мария", capacity=2),
            "m2": await make_member(s, pid, 2002, "mentor", name="Борисов Павел", capacity=2),
            "m3": await make_member(s, pid, 2003, "mentor", name="Власова Ирина", capacity=2),
            "m4": await make_member(s, pid, 2004, "mentor", name="Глебов Олег"),  # no capacity answer: 1
            "m5": await make_member(s, pid, 2005, "mentor", name="Дмитриев <b>Д.</b> & Co", capacity=2),
        }
        e = {
            "e1": await make_member(s, pid, E1_TG, "mentee", name="Ершова Анна"),
            "e2": await make_member(s, pid, 3002, "mentee", name="Жуков Илья"),
            "e3": await make_member(s, pid, 3003, "mentee", name="Зайцева Ольга"),
            "e4": await make_member(s, pid, 3004, "mentee", name="Ильин Глеб"),
            "e5": await make_member(s, pid, 3005, "mentee", name="Котова <i>Вера</i>"),
            "e6": await make_member(s, pid, 3006, "mentee", name="Лебедев Юрий"),
        }
        # e4 and e6 have blocked the bot
        await s.execute(update(User).where(User.telegram_id.in_([3004, 3006])).values(unreachable_at=NOW - timedelta(days=2)))
        # registration: stuck for 5 days (counted), since this morning (not yet), declined, deactivated
        await raw_participant(s, pid, 4001, "mentee", ParticipantStatus.INVITED, "Морозов Кирилл", NOW - timedelta(days=5))
        await raw_participant(s, pid, 4002, "mentor", ParticipantStatus.QUESTIONNAIRE, "Новикова Елена", NOW - timedelta(days=5))
        await raw_participant(s, pid, 4003, "mentee", ParticipantStatus.AWAITING_PARENT, "Орлов Тимур", NOW - timedelta(hours=3))
        await raw_participant(s, pid, 4004, "mentee", ParticipantStatus.DECLINED, "Павлова Нина", NOW - timedelta(days=9))
        await raw_participant(s, pid, 4005, "mentor", ParticipantStatus.INACTIVE, "Романов Лев", NOW - timedelta(days=30))

        early = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)
        p = {
            "p1": await make_pair(s, m["m1"], e["e1"]),
            "p2": await make_pair(s, m["m1"], e["e2"]),
            "p3": await make_pair(s, m["m2"], e["e3"], today=early.date(), now=early),
            "p4": await make_pair(s, m["m5"], e["e4"], today=early.date(), now=early),
            "p5": await make_pair(s, m["m3"], e["e5"]),
        }
        p["p2"].rhythm_days = 14
        p["p5"].status = PairStatus.COMPLETED  # m3 is free again, e5 without a mentor
        p["p5"].completed_at = NOW - timedelta(days=1)
        await s.flush()

        held, accepted = MeetingStatus.HELD, MeetingStatus.ACCEPTED
        meetings = [
            meeting(p["p1"], datetime(2026, 11, 10, 10, 0, tzinfo=UTC), held),  # November
            meeting(p["p1"], datetime(2026, 10, 31, 22, 30, tzinfo=UTC), held),  # 01:30 on 1 November in Moscow
            meeting(p["p2"], datetime(2026, 10, 31, 20, 0, tzinfo=UTC), held),  # 23:00 on 31 October in Moscow
            meeting(p["p2"], datetime(2026, 9, 15, 12, 0, tzinfo=UTC), held),  # September
            meeting(p["p5"], datetime(2026, 11, 5, 12, 0, tzinfo=UTC), held),  # held before the pair was completed
            meeting(p["p2"], datetime(2026, 11, 12, 12, 0, tzinfo=UTC), MeetingStatus.NOT_HELD),
            meeting(p["p4"], datetime(2026, 11, 25, 12, 0, tzinfo=UTC), MeetingStatus.PROPOSED),  # planned: p4 not idle
        ]
        p3_waiting = meeting(p["p3"], datetime(2026, 11, 20, 10, 0, tzinfo=UTC), accepted)  # nobody answered
        p4_waiting = meeting(p["p4"], datetime(2026, 11, 22, 8, 30, tzinfo=UTC), accepted)  # the mentor answered
        p4_disputed = meeting(p["p4"], datetime(2026, 11, 21, 8, 30, tzinfo=UTC), accepted)  # both answered, disagree
        p4_just_now = meeting(p["p4"], NOW - timedelta(minutes=30), accepted)  # the check-in is not due yet
        p5_old = meeting(p["p5"], datetime(2026, 11, 18, 8, 0, tzinfo=UTC), accepted)  # a completed pair's
        s.add_all(meetings + [p3_waiting, p4_waiting, p4_disputed, p4_just_now, p5_old])
        await s.flush()
        s.add_all(
            [
                checkin(p4_waiting, m["m5"].id, "yes"),
                checkin(p4_disputed, m["m5"].id, "yes"),
                checkin(p4_disputed, e["e4"].id, "no"),
            ]
        )
        # feedback for November: e1 and m2 answered; e2 has started; e3 answered October only; e5 (pair completed) answered
        s.add_all(
            [
                feedback(e["e1"].id, 8),
                feedback(m["m2"].id, 6),
                feedback(e["e2"].id, 9, status=ResponseStatus.IN_PROGRESS),
                feedback(e["e3"].id, 2, period="2026-10"),
                feedback(e["e5"].id, 1),
            ]
        )
        # the roadmap: the template's events done; a planned stage-3 event overdue, a stage-5 one ahead
        await s.execute(update(RoadmapEvent).where(RoadmapEvent.programme_id == pid).values(status=RoadmapStatus.DONE))
        for stage, due_on, title in ((3, date(2026, 11, 2), "Собрать анкеты <наставников>"), (5, date(2026, 12, 10), "Общая встреча")):
            s.add(RoadmapEvent(programme_id=pid, stage=stage, code=None, category="event", title=title, responsible="куратор",
                               due_on=due_on, status=RoadmapStatus.PLANNED, created_at=NOW, updated_at=NOW))
        await s.commit()
        return School(
            pid,
            {k: v.id for k, v in m.items()},
            {k: v.id for k, v in e.items()},
            {k: v.id for k, v in p.items()},
            "Собрать анкеты &lt;наставников&gt;",
        )


# ---- helpers ------------------------------------------------------------------------------------


def status_message(requests: list[Any]) -> str:
    [message] = sent_to(requests, CURATOR.id)
    return message.text


def screen(requests: list[Any]) -> str:
    shown = [r.text for r in requests if isinstance(r, EditMessageText)] + [m.text for m in sent_to(requests, CURATOR.id)]
    assert shown, f"nothing was shown: {requests}"
    return shown[-1]


def lines_of(text: str) -> list[str]:
    return text.split("\n")


async def outbox_keys(client: BotClient, prefix: str) -> list[str]:
    async with client.app.sessionmaker() as s:
        return sorted(await s.scalars(select(OutboxMessage.key).where(OutboxMessage.key.like(f"{prefix}%"))))


async def press(client: BotClient, data: StatusCb | str) -> list[Any]:
    return await client.callback(CURATOR, data.pack() if isinstance(data, StatusCb) else data)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


# ---- the summary ----------------------------------------------------------------------------------


async def test_every_number_of_the_summary(client: BotClient) -> None:
    await build_school(client)
    requests = await client.send(CURATOR, "/status")
    text = status_message(requests)
    lines = lines_of(text)
    assert len(text) < 1500 and max(len(line) for line in lines) < 70, "readable on a phone"

    assert lines[0] == "📊 <b>Программа на 23.11.2026</b>"
    # the earliest planned event is the overdue stage-3 one
    assert lines[1] == f"Этап 3 из 7: {ru('roadmap-stage-3')}"
    # invited: every participant but the deactivated one; mentors m1-m5 + one stuck, mentees e1-e6 + three
    assert "15 — приглашены (6 + 9)" in lines
    # consented: questionnaire or active (the stuck mentor is filling in the questionnaire)
    assert "12 — дали согласие (6 + 6)" in lines
    assert "11 — заполнили анкеты (5 + 6)" in lines
    # in active pairs: m1 (twice), m2, m5; e1-e4 (the completed pair p5 does not count)
    assert "7 — в парах (3 + 4)" in lines
    assert "🤝 4 активные пары" in lines
    assert "2 наставляемых без наставника" in lines  # e5, e6
    # m2: 2-1, m3: 2-0, m4: 1 (no answer), m5: 2-1; m1: 2-2 is full
    assert "4 наставника со свободными местами: 5 мест" in lines
    # held: November 10th, 1 November 01:30 Moscow, the completed pair's 5th; October 31st 23:00 Moscow
    assert "📅 3 встречи в ноябре · 1 — в октябре" in lines
    # p3's meeting of the 20th (nobody answered), p4's of the 22nd (the mentee has not)
    assert "2 встречи ждут подтверждения" in lines
    # p2: last held 31 October, rhythm 14 days; p3: created 1 October, nothing held, rhythm 30
    assert "2 пары давно не встречались" in lines
    assert "📝 <b>Опрос за ноябрь</b>" in lines
    # expected from m1, m2, m5, e1-e4; answered: e1, m2 (e5's pair is over, e2 is not done, e3's was October)
    assert "2 из 7 ответили (29 %)" in lines
    assert "Средняя оценка появится, когда ответят хотя бы 3 человека" in lines
    assert "из 10" not in text
    assert "⚠️ 1 мероприятие дорожной карты просрочено" in lines
    assert "⏳ 2 человека не завершили регистрацию" in lines

    labels = [b.text for row in sent_to(requests, CURATOR.id)[0].reply_markup.inline_keyboard for b in row]
    assert labels == [
        "Без наставника · 2", "Свободные места · 4", "Не подтверждены · 2", "Давно не встречались · 2",
        "Нет ответа на опрос · 5", "Просрочено · 1", "Регистрация · 2",
    ]

    # the chart: a photo, a PNG of about 800 x 500, after the text
    [photo] = [r for r in requests if isinstance(r, SendPhoto)]
    assert int(photo.chat_id) == CURATOR.id
    data = photo.photo.data
    assert data.startswith(b"\x89PNG")
    assert png_size(data) == (800, 500)
    assert requests.index(photo) > requests.index(sent_to(requests, CURATOR.id)[0])


async def test_the_free_places_agree_with_the_pairing_rule(client: BotClient) -> None:
    """The SQL capacity rule gives what `pairs.free_places` (used when pairs are made) gives."""
    school = await build_school(client)
    async with client.app.sessionmaker() as s:
        programme = await programme_of(s)
        rule = await free_places(s, school.mentors.values())
        assert dict(await svc.mentors_with_free_places(s, programme)) == {k: v for k, v in rule.items() if v > 0}


async def test_the_average_is_shown_only_from_three_answers(client: BotClient) -> None:
    school = await build_school(client)
    text = status_message(await client.send(CURATOR, "/status"))
    assert "2 из 7 ответили (29 %)" in text and "из 10" not in text

    async with client.app.sessionmaker() as s:
        s.add(feedback(school.mentees["e3"], 10))
        await s.commit()
    text = status_message(await client.send(CURATOR, "/status"))
    assert "3 из 7 ответили (43 %)" in lines_of(text)
    assert "8,0 из 10 — средняя польза встреч (3 оценки)" in lines_of(text)  # (8 + 6 + 10) / 3
    assert "Средняя оценка появится" not in text

    async with client.app.sessionmaker() as s:
        programme = await programme_of(s)
        summary = await svc.summary(s, programme, NOW, client.app.settings.tz)
    assert summary.usefulness_answers == 3 and summary.usefulness_average == 8.0


async def test_an_empty_programme(client: BotClient) -> None:
    text = status_message(await client.send(CURATOR, "/status"))
    assert "0 — приглашены (0 + 0)" in text
    assert "Все наставляемые в парах" in text
    assert "пока некого опрашивать: нет активных пар" in text
    assert "Средняя оценка" not in text


def test_the_chart_before_the_programme_year_and_in_english() -> None:
    """No months to show yet (the programme starts later): the chart still draws, in either language."""
    empty = svc.Summary(
        today=date(2026, 8, 20), stage=1, stage_from_roadmap=False, invited=svc.ByRole(3, 4), consented=svc.ByRole(1, 2),
        questionnaire_done=svc.ByRole(1, 1), paired=svc.ByRole(0, 0), stuck=0, stuck_days=2, active_pairs=0,
        mentees_without_mentor=1, mentors_with_free_places=1, free_places=2, month=date(2026, 8, 1), held_this_month=0,
        held_last_month=0, held_by_month=[],
    )
    for locale in ("ru", "en"):
        data = charts.render(RU.translator(locale), empty)
        assert png_size(data) == (800, 500)
    assert charts.labels(RU.translator("en"), empty).steps[0] == "Invited"


# ---- the scheduler's definitions, in SQL ------------------------------------------------------------


def idle_by_the_rule(created: datetime, rhythm: int, held: list[datetime], planned: bool, now: datetime) -> bool:
    """`scheduler.rules.idle_pairs` in Python: nothing planned; the last held meeting (or the pair's
    creation) at least a week ago and more than `rhythm` whole days ago."""
    if planned:
        return False
    anchor = max(held) if held else created
    return anchor <= now - timedelta(days=7) and (now - anchor).days > rhythm


async def test_idle_pairs_agree_with_the_scheduler_rule_around_every_boundary(client: BotClient) -> None:
    offsets = (3.5, 6.9, 7.1, 7.9, 8.1, 14.9, 15.1, 15.9, 30.9, 31.1, 31.9, 45.0)
    expected: dict[int, bool] = {}
    async with client.app.sessionmaker() as s:
        programme = await programme_of(s)
        n = 0
        for rhythm in (3, 7, 14, 30):  # 3: below the week the rule waits at least
            for days in offsets:
                for variant in ("held", "never-held", "planned", "past-accepted"):
                    n += 1
                    mentor = await make_member(s, programme.id, 6000 + n, "mentor", capacity=1)
                    mentee = await make_member(s, programme.id, 7000 + n, "mentee")
                    created = NOW - timedelta(days=60) if variant != "never-held" else NOW - timedelta(days=days)
                    pair = await make_pair(s, mentor, mentee, today=created.date(), now=created)
                    pair.rhythm_days = rhythm
                    held = [NOW - timedelta(days=days), NOW - timedelta(days=days + 20)] if variant != "never-held" else []
                    s.add_all([meeting(pair, moment, MeetingStatus.HELD) for moment in held])
                    if variant == "planned":
                        s.add(meeting(pair, NOW + timedelta(days=2), MeetingStatus.ACCEPTED))
                    if variant == "past-accepted":  # waiting for its check-in: not a plan
                        s.add(meeting(pair, NOW - timedelta(days=1), MeetingStatus.ACCEPTED))
                    expected[pair.id] = idle_by_the_rule(created, rhythm, held, variant == "planned", NOW)
        await s.commit()
        found = await svc.idle_pairs(s, programme, NOW)
        summary = await svc.summary(s, programme, NOW, client.app.settings.tz)
    assert sorted(found) == sorted(pid for pid, idle in expected.items() if idle)
    assert summary.idle_pairs == sum(expected.values())
    assert 0 < summary.idle_pairs < len(expected)


async def test_waiting_checkins_agree_with_the_meetings_service(client: BotClient) -> None:
    """`meetings.due_checkins` (an accepted meeting an hour past its start with a side that has not
    answered), for the active pairs of the programme, as the scheduler's check-in rule takes it."""
    await build_school(client)
    async with client.app.sessionmaker() as s:
        programme = await programme_of(s)
        due = await due_checkins(s, NOW)
        ours = await svc.waiting_checkins(s, programme, NOW)
    assert sorted(ours) == sorted(d.meeting.id for d in due if d.pair.status == PairStatus.ACTIVE)
    assert len(ours) == 2


# ---- drill-downs ----------------------------------------------------------------------------------


async def test_drill_downs_list_who_exactly(client: BotClient) -> None:
    school = await build_school(client)
    await client.send(CURATOR, "/status")

    text = screen(await press(client, StatusCb(action="list", what="unpaired")))
    assert lines_of(text) == [
        "<b>Наставляемые без наставника: 2</b>",
        "1. Котова &lt;i&gt;Вера&lt;/i&gt; — учитель — учитель",
        "2. Лебедев Юрий — учитель — учитель 🚫 заблокировал(а) бота",
    ]

    text = screen(await press(client, StatusCb(action="list", what="free")))
    assert lines_of(text) == [
        "<b>Наставники со свободными местами: 4</b>",
        "1. Власова Ирина — учитель — учитель: 2 свободных места",
        "2. Борисов Павел — учитель — учитель: 1 свободное место",
        "3. Глебов Олег — учитель — учитель: 1 свободное место",
        "4. Дмитриев &lt;b&gt;Д.&lt;/b&gt; &amp; Co — учитель — учитель: 1 свободное место",
    ]

    text = screen(await press(client, StatusCb(action="list", what="checkins")))
    assert lines_of(text)[:5] == [
        "<b>Встречи ждут подтверждения: 2</b>",
        "1. 20.11.2026 13:00 · Борисов Павел — Зайцева Ольга",
        "не ответили: Борисов Павел, Зайцева Ольга",
        "2. 22.11.2026 11:30 · Дмитриев &lt;b&gt;Д.&lt;/b&gt; &amp; Co — Ильин Глеб",
        "не ответили: Ильин Глеб",
    ]

    text = screen(await press(client, StatusCb(action="list", what="idle")))
    assert lines_of(text)[:3] == [
        "<b>Пары давно не встречались: 2</b>",
        "1. Борисов Павел — Зайцева Ольга: 53 дня без встреч (ритм — 30 дней)",
        "2. Андреева Мария — Жуков Илья: 22 дня без встреч (ритм — 14 дней)",
    ]

    text = screen(await press(client, StatusCb(action="list", what="feedback")))
    assert lines_of(text)[:6] == [
        "<b>Не ответили на опрос за ноябрь: 5</b>",
        "1. Андреева Мария (наставник)",
        "2. Дмитриев &lt;b&gt;Д.&lt;/b&gt; &amp; Co (наставник)",
        "3. Жуков Илья (наставляемый)",
        "4. Зайцева Ольга (наставляемый)",
        "5. Ильин Глеб (наставляемый) 🚫 заблокировал(а) бота",
    ]

    text = screen(await press(client, StatusCb(action="list", what="overdue")))
    assert lines_of(text)[:2] == ["<b>Просроченные мероприятия: 1</b>", f"1. 02.11.2026 — {school.overdue_title} (этап 3)"]
    assert "/roadmap" in text

    text = screen(await press(client, StatusCb(action="list", what="stuck")))
    assert "Морозов Кирилл" in text and "Новикова Елена" in text and "Орлов Тимур" not in text

    # back to the summary, in place
    text = screen(await press(client, StatusCb(action="home")))
    assert text.startswith("📊 <b>Программа на 23.11.2026</b>")


async def test_lists_are_paged_by_ten(client: BotClient) -> None:
    async with client.app.sessionmaker() as s:
        programme = await programme_of(s)
        for i in range(12):
            await make_member(s, programme.id, 5000 + i, "mentee", name=f"Наставляемый {i:02d}")
        await s.commit()
    await client.send(CURATOR, "/status")
    text = screen(await press(client, StatusCb(action="list", what="unpaired")))
    assert "Страница 1 из 2" in text
    assert "1. Наставляемый 00" in text and "10. Наставляемый 09" in text and "Наставляемый 10" not in text
    text = screen(await client.press(CURATOR, "Дальше"))
    assert "Страница 2 из 2" in text and "11. Наставляемый 10" in text and "12. Наставляемый 11" in text
    # a page past the end (forged) shows the last one; a negative one the first
    assert "Страница 2 из 2" in screen(await press(client, "sta:list:unpaired:99"))
    assert "Страница 1 из 2" in screen(await press(client, "sta:list:unpaired:-3"))


# ---- remind them ----------------------------------------------------------------------------------


async def test_remind_them_queues_once_a_day(client: BotClient, clock: FrozenClock) -> None:
    school = await build_school(client)
    await client.send(CURATOR, "/status")
    await press(client, StatusCb(action="list", what="feedback"))

    requests = await client.press(CURATOR, "Напомнить им")
    # five have not answered; e4 has blocked the bot
    assert alerts(requests) == ["🔔 Напоминание получат 4 человека."]
    expected = sorted(
        f"nudge:feedback:2026-11:{pid}:20261123"
        for pid in (school.mentors["m1"], school.mentors["m5"], school.mentees["e2"], school.mentees["e3"])
    )
    assert await outbox_keys(client, "nudge:feedback:") == expected
    # the mentee got it, with the poll's button
    [nudge] = [m for m in sent_to(requests, E1_TG + 1)]  # e2
    assert "напоминает об опросе за ноябрь" in nudge.text
    assert nudge.reply_markup.inline_keyboard[0][0].callback_data == f"pl:feedback:{school.mentees['e2']}:2026-11"

    requests = await client.press(CURATOR, "Напомнить им")
    assert alerts(requests) == ["Сегодня напоминание уже отправлено — повторно не отправляем."]
    assert len(await outbox_keys(client, "nudge:feedback:")) == 4
    assert sent_to(requests, E1_TG + 1) == []

    clock.set(NOW + timedelta(days=1))
    requests = await client.press(CURATOR, "Напомнить им")
    assert alerts(requests) == ["🔔 Напоминание получат 4 человека."]
    assert len(await outbox_keys(client, "nudge:feedback:2026-11:")) == 8


async def test_remind_pairs_and_checkins(client: BotClient) -> None:
    school = await build_school(client)
    await client.send(CURATOR, "/status")

    await press(client, StatusCb(action="list", what="idle"))
    requests = await client.press(CURATOR, "Напомнить им")
    assert alerts(requests) == ["🔔 Напоминание получат 4 человека."]  # both sides of p2 and p3
    [to_e2] = sent_to(requests, E1_TG + 1)
    assert "ваша пара (Андреева Мария) не встречалась уже 22 дня" in to_e2.text
    assert alerts(await client.press(CURATOR, "Напомнить им")) == ["Сегодня напоминание уже отправлено — повторно не отправляем."]

    await press(client, StatusCb(action="list", what="checkins"))
    requests = await client.press(CURATOR, "Напомнить им")
    # p3: both sides; p4: the mentee has not answered, but has blocked the bot
    assert alerts(requests) == ["🔔 Напоминание получат 2 человека."]
    keys = await outbox_keys(client, "nudge:checkin:")
    assert [k.split(":")[3] for k in keys] == sorted([str(school.mentors["m2"]), str(school.mentees["e3"])])
    [to_e3] = sent_to(requests, 3003)
    assert "состоялась ли встреча" in to_e3.text
    assert "Встреча состоялась" in texts(requests) or to_e3.reply_markup is not None


# ---- who may, and forged buttons ------------------------------------------------------------------


async def test_a_non_curator_gets_nothing(client: BotClient) -> None:
    await build_school(client)
    stranger = Person(2001, "Мария", "ru")  # a mentor of the programme, not a curator
    requests = await client.send(stranger, "/status")
    assert "Программа на" not in texts(requests)
    assert not [r for r in requests if isinstance(r, SendPhoto)]
    requests = await client.callback(stranger, StatusCb(action="list", what="feedback").pack())
    assert alerts(requests) == [STALE]
    requests = await client.callback(stranger, StatusCb(action="remind", what="feedback").pack())
    assert alerts(requests) == [STALE]
    assert await outbox_keys(client, "nudge:") == []


async def test_forged_buttons_are_refused(client: BotClient) -> None:
    await build_school(client)
    await client.send(CURATOR, "/status")
    for data in (
        "sta:list:bogus:0",
        "sta:remind:unpaired:0",  # not a list one reminds
        "sta:remind:overdue:0",
        "sta:drop:feedback:0",
        "sta:list:feedback:abc",
        "sta:remind",
    ):
        requests = await press(client, data)
        assert alerts(requests) == [STALE], data
        assert not [r for r in requests if isinstance(r, EditMessageText)], data
    assert await outbox_keys(client, "nudge:") == []
    assert [r for r in client.fake.requests if isinstance(r, AnswerCallbackQuery)]


# ---- a fixed number of statements -------------------------------------------------------------------


async def grow_school(s: AsyncSession, programme_id: int, people: int, base: int) -> None:
    """`people` participants: pairs with meetings, check-ins and feedback, some stuck."""
    mentors = []
    for i in range(people // 2):
        mentors.append(await make_member(s, programme_id, base + i, "mentor", name=f"Наставник {i}", capacity=1 + i % 2))
    mentees = []
    for i in range(people - people // 2):
        mentees.append(await make_member(s, programme_id, base + 500 + i, "mentee", name=f"Наставляемый {i}"))
    for i, (mentor, mentee) in enumerate(zip(mentors, mentees, strict=False)):
        if i % 3 == 2:
            continue
        pair = await make_pair(s, mentor, mentee)
        held = meeting(pair, NOW - timedelta(days=3 + i), MeetingStatus.HELD)
        waiting = meeting(pair, NOW - timedelta(days=1), MeetingStatus.ACCEPTED)
        s.add_all([held, waiting])
        await s.flush()
        s.add(checkin(waiting, mentor.id, "yes"))
        s.add(feedback(mentee.id, 1 + i % 10))
    if mentees:
        mentees[-1].status = ParticipantStatus.QUESTIONNAIRE
        mentees[-1].created_at = NOW - timedelta(days=10)
    await s.commit()


async def test_summary_runs_the_same_statements_for_5_and_60_people(client: BotClient) -> None:
    counted: list[int] = []

    def count(*_: Any) -> None:
        counted.append(1)

    async def statements() -> tuple[int, svc.Summary]:
        async with client.app.sessionmaker() as s:
            programme = await programme_of(s)
            await s.commit()
            counted.clear()
            event.listen(client.app.engine.sync_engine, "before_cursor_execute", count)
            try:
                result = await svc.summary(s, programme, NOW, client.app.settings.tz)
            finally:
                event.remove(client.app.engine.sync_engine, "before_cursor_execute", count)
            return len(counted), result

    async with client.app.sessionmaker() as s:
        await grow_school(s, (await programme_of(s)).id, 5, 10_000)
    small, small_summary = await statements()
    async with client.app.sessionmaker() as s:
        await grow_school(s, (await programme_of(s)).id, 55, 20_000)
    large, large_summary = await statements()

    assert small_summary.invited.total == 5 and large_summary.invited.total == 60
    assert large_summary.active_pairs > small_summary.active_pairs > 0
    assert large_summary.checkins_waiting == large_summary.active_pairs
    assert small == large
    assert small <= 7  # six queries (and SQLite's BEGIN)
