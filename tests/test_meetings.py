"""Meetings of a pair and check-ins after them, through the real Dispatcher."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aiogram.methods import SendMessage, TelegramMethod
from aiogram.types import InlineKeyboardMarkup

from sqlalchemy import select

from bot.services.programme import first_programme
from db.models import Meeting, MeetingCheckin, Pair
from tests.factories import make_member, make_pair
from tests.harness import CURATOR, BotClient, Person, alerts, texts

MENTOR = Person(801, "Сергей", "ru")
MENTEE = Person(802, "Мария", "ru")
OTHER_MENTOR = Person(803, "Павел", "ru")
OTHER_MENTEE = Person(804, "Олег", "ru")


async def make_pairs(client: BotClient) -> None:
    async with client.app.sessionmaker() as s:
        programme = await first_programme(s)
        assert programme is not None
        mentor = await make_member(s, programme.id, MENTOR.id, "mentor", name="Сергеев Сергей")
        mentee = await make_member(s, programme.id, MENTEE.id, "mentee", name="Маркова Мария")
        await make_pair(s, mentor, mentee)
        other_mentor = await make_member(s, programme.id, OTHER_MENTOR.id, "mentor")
        other_mentee = await make_member(s, programme.id, OTHER_MENTEE.id, "mentee")
        await make_pair(s, other_mentor, other_mentee)
        await s.commit()


async def meetings(client: BotClient) -> list[Meeting]:
    async with client.app.sessionmaker() as s:
        return list(await s.scalars(select(Meeting).order_by(Meeting.id)))


async def propose(client: BotClient, who: Person, when: str = "25.11 15:30", kind: str | None = None, topic: str | None = "Знакомство") -> str:
    out = texts(await client.send(who, "/meetings"))
    await client.press(who, "Предложить встречу")
    out = texts(await client.send(who, when))
    assert "Какая это встреча" in out, out
    if kind:
        await client.press(who, kind)
    else:
        await client.press(who, "\u2705")
    await client.press(who, "очно")
    if topic is None:
        requests = await client.press(who, "Пропустить")
    else:
        requests = await client.send(who, topic)
    return texts(requests)


async def test_proposal_accepted_and_listed_in_moscow_time(client: BotClient) -> None:
    await make_pairs(client)
    out = texts(await client.send(MENTOR, "/meetings"))
    assert "Ближайших встреч нет" in out
    await client.press(MENTOR, "Предложить встречу")
    assert "прошло" in texts(await client.send(MENTOR, "20.11 10:00"))
    assert "не больше чем на год" in texts(await client.send(MENTOR, "25.11.2028 10:00"))
    assert "Не получилось прочитать" in texts(await client.send(MENTOR, "завтра"))
    out = texts(await client.send(MENTOR, "25.11 15:30"))
    assert "следующая — организационная" in out
    await client.press(MENTOR, "\u2705")
    await client.press(MENTOR, "очно")
    await client.send(MENTOR, "Знакомство")
    assert "Сергеев Сергей предлагает встречу" in client.last_text(MENTEE)
    assert "25.11.2026 15:30" in client.last_text(MENTEE)
    (meeting,) = await meetings(client)
    assert meeting.status == "proposed" and meeting.kind == "organisational" and meeting.format == "offline"
    assert meeting.starts_at == datetime(2026, 11, 25, 12, 30, tzinfo=UTC)

    await client.press(MENTEE, "Принять")
    assert "принимает встречу" in client.last_text(MENTOR)
    (meeting,) = await meetings(client)
    assert meeting.status == "accepted"

    out = texts(await client.send(MENTEE, "/meetings"))
    assert "25.11.2026 15:30" in out and "организационная" in out and "очно" in out and "Знакомство" in out
    assert "Ближайшая 1 встреча" in out

    # The next proposal suggests the trial meeting.
    await client.press(MENTEE, "Предложить встречу")
    assert "следующая — пробная" in texts(await client.send(MENTEE, "01.12 16:00"))


async def test_counter_proposal_then_accept(client: BotClient) -> None:
    await make_pairs(client)
    await propose(client, MENTOR, topic=None)
    _, mentee_accept = client.find_button(MENTEE, "Принять")
    await client.press(MENTEE, "Предложить другое время")
    out = texts(await client.send(MENTEE, "26.11 17:00"))
    assert "Новое время отправлено" in out
    assert "предлагает другое время" in client.last_text(MENTOR) and "26.11.2026 17:00" in client.last_text(MENTOR)
    (meeting,) = await meetings(client)
    async with client.app.sessionmaker() as s:
        pair = await s.scalar(select(Pair).where(Pair.id == meeting.pair_id))
        assert pair is not None and meeting.proposed_by_id == pair.mentee_id
    assert meeting.status == "proposed" and meeting.starts_at == datetime(2026, 11, 26, 14, 0, tzinfo=UTC)
    # The side who proposed the new time cannot accept it themselves.
    assert alerts(await client.callback(MENTEE, mentee_accept)) == ["Эта кнопка больше не работает."]
    await client.press(MENTOR, "Принять")
    assert "принимает встречу" in client.last_text(MENTEE)
    (meeting,) = await meetings(client)
    assert meeting.status == "accepted"


async def test_decline(client: BotClient) -> None:
    await make_pairs(client)
    await propose(client, MENTEE)
    _, accept_data = client.find_button(MENTOR, "Принять")
    await client.press(MENTOR, "Отклонить")
    assert "отклоняет встречу" in client.last_text(MENTEE)
    (meeting,) = await meetings(client)
    assert meeting.status == "declined"
    # Pressing again changes nothing.
    assert alerts(await client.callback(MENTOR, accept_data)) == ["Эта кнопка больше не работает."]
    (meeting,) = await meetings(client)
    assert meeting.status == "declined"


def checkin_questions(requests: list[TelegramMethod[Any]]) -> int:
    """Messages with the check-in buttons (the question or its repeat)."""
    return sum(
        1
        for r in requests
        if isinstance(r, SendMessage)
        and isinstance(r.reply_markup, InlineKeyboardMarkup)
        and any((b.callback_data or "").startswith("mt:yes:") for row in r.reply_markup.inline_keyboard for b in row)
    )


async def accepted_meeting(client: BotClient, kind: str | None = None) -> None:
    await propose(client, MENTOR, kind=kind)
    await client.press(MENTEE, "Принять")


async def test_both_yes_held_with_notes_and_planning_rhythm(client: BotClient) -> None:
    await make_pairs(client)
    await accepted_meeting(client, kind="планирование")
    assert checkin_questions(await client.tick()) == 0
    client.app.clock.advance(hours=56)  # 25.11 17:30 MSK: an hour after the start
    assert checkin_questions(await client.tick()) == 2
    for person in (MENTOR, MENTEE):
        assert any("Встреча состоялась?" in x for x in client.texts_to(person)[-3:])

    await client.press(MENTOR, "Да")
    assert "что сделали" in client.last_text(MENTOR)
    await client.send(MENTOR, "Составили план на полугодие")
    # Asked once: the next run of the scheduler asks nobody again.
    assert checkin_questions(await client.tick()) == 0
    await client.press(MENTEE, "Да")
    await client.send(MENTEE, "Обсудили цели")
    (meeting,) = await meetings(client)
    assert meeting.status == "held"
    async with client.app.sessionmaker() as s:
        notes = {c.answer + ":" + (c.note or "") for c in await s.scalars(select(MeetingCheckin))}
    client.app.clock.advance(hours=24)  # 26.11 17:30: past the time of the repeat, not at night
    assert checkin_questions(await client.tick()) == 0  # no repeat for a confirmed meeting
    assert notes == {"yes:Составили план на полугодие", "yes:Обсудили цели"}
    assert any("Как часто вы будете встречаться" in x for x in client.texts_to(MENTEE))
    await client.press(MENTEE, "Раз в 14 дней")
    assert "раз в 14 дней" in client.last_text(MENTOR)
    async with client.app.sessionmaker() as s:
        pair = await s.scalar(select(Pair).where(Pair.id == meeting.pair_id))
        assert pair is not None and pair.rhythm_days == 14


async def test_yes_and_no_goes_to_curator(client: BotClient) -> None:
    await make_pairs(client)
    await accepted_meeting(client)
    client.app.clock.advance(hours=56)
    assert checkin_questions(await client.tick()) == 2
    await client.press(MENTOR, "Да")
    await client.press(MENTOR, "Пропустить")
    await client.press(MENTEE, "Нет")
    assert "расходится в ответах" in client.last_text(CURATOR)
    (meeting,) = await meetings(client)
    assert meeting.status == "accepted"
    message, data = client.find_button(CURATOR, "Считать состоявшейся")
    assert alerts(await client.callback(MENTEE, data)) == ["Эта кнопка больше не работает."]  # a curator's button
    assert (await meetings(client))[0].status == "accepted"
    await client.callback(CURATOR, data, message)
    (meeting,) = await meetings(client)
    assert meeting.status == "held" and meeting.curator_accepted_at is not None
    assert "встреча состоялась" in client.last_text(MENTEE)


async def test_forged_meeting_callback_is_refused(client: BotClient) -> None:
    await make_pairs(client)
    await propose(client, MENTOR)
    (meeting,) = await meetings(client)
    for action in ("accept", "decline", "counter", "yes", "no", "moved"):
        assert alerts(await client.callback(OTHER_MENTEE, f"mt:{action}:{meeting.id}:")) == ["Эта кнопка не для вас."]
    assert alerts(await client.callback(OTHER_MENTEE, f"mt:propose:{meeting.pair_id}:")) == ["Эта кнопка не для вас."]
    assert alerts(await client.callback(OTHER_MENTEE, f"mtc:held:{meeting.id}")) == ["Эта кнопка больше не работает."]
    (meeting,) = await meetings(client)
    assert meeting.status == "proposed"


async def test_moved_checkin_reschedules(client: BotClient) -> None:
    await make_pairs(client)
    await accepted_meeting(client)
    client.app.clock.advance(hours=56)
    assert checkin_questions(await client.tick()) == 2
    _, yes_data = client.find_button(MENTOR, "Да")
    out = texts(await client.press(MENTEE, "Перенесли"))
    assert "Предложите новое время" in out
    (meeting,) = await meetings(client)
    assert meeting.status == "rescheduled"
    assert alerts(await client.callback(MENTOR, yes_data)) == ["Эта кнопка больше не работает."]


async def test_both_no_and_curator_not_held(client: BotClient) -> None:
    await make_pairs(client)
    await accepted_meeting(client)
    await propose(client, MENTEE, when="27.11 10:00")
    await client.press(MENTOR, "Принять")
    client.app.clock.advance(hours=100)
    assert checkin_questions(await client.tick()) == 4
    first, second = await meetings(client)
    await client.callback(MENTOR, f"mt:no:{first.id}:")
    await client.callback(MENTEE, f"mt:no:{first.id}:")
    await client.callback(MENTOR, f"mt:yes:{second.id}:")
    await client.callback(MENTEE, f"mt:no:{second.id}:")
    await client.press(CURATOR, "Не состоялась")
    first, second = await meetings(client)
    assert first.status == "not_held" and second.status == "not_held" and second.curator_accepted_at is None


async def test_expired_proposal_cannot_be_accepted(client: BotClient) -> None:
    await make_pairs(client)
    await propose(client, MENTOR)
    client.app.clock.advance(days=3)
    assert "прошло" in alerts(await client.press(MENTEE, "Принять"))[0]
    (meeting,) = await meetings(client)
    assert meeting.status == "proposed"
