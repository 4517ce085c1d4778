"""/broadcast and /broadcasts: audiences and their counts, the escaped preview, one message per person
through the outbox, quiet hours, a blocked recipient in the report, double presses, forged buttons."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, date, datetime
from typing import Any

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramForbiddenError
from aiogram.methods import SendMessage, TelegramMethod
from sqlalchemy import func, select

from bot.services.programme import first_programme
from db.models import Broadcast, OutboxMessage, Participant, ParticipantStatus, Programme, User
from handlers.curator.broadcast import BroadcastCb
from tests.factories import make_member, make_pair
from tests.harness import CURATOR, BotClient, Person, alerts, sent_to, texts

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # Monday 12:00 in Moscow
M1, M2, E1, E2, E3, GONE, INVITED = 501, 502, 601, 602, 603, 604, 701
NAMES = {M1: "Петрова Мария", M2: "Соколов Пётр", E1: "Орлов Илья", E2: "Белова Ольга", E3: "Кузнецова Вера", GONE: "Зайцев Олег"}


async def school(client: BotClient) -> int:
    """Mentors M1 (paired with E1) and M2; mentees E1, E2, E3 (E3 takes part in two forms); GONE
    blocked the bot; INVITED has not finished registering. Returns the programme id."""
    async with client.app.sessionmaker() as s:
        programme = await first_programme(s)
        assert programme is not None
        m1 = await make_member(s, programme.id, M1, "mentor", "teacher_teacher", name=NAMES[M1])
        await make_member(s, programme.id, M2, "mentor", "teacher_student", name=NAMES[M2])
        e1 = await make_member(s, programme.id, E1, "mentee", "teacher_teacher", name=NAMES[E1])
        await make_member(s, programme.id, E2, "mentee", "teacher_student", name=NAMES[E2])
        e3 = await make_member(s, programme.id, E3, "mentee", "teacher_teacher", name=NAMES[E3])
        s.add(Participant(
            programme_id=programme.id, user_id=e3.user_id, role="mentee", form="teacher_student",
            status=ParticipantStatus.ACTIVE, full_name=NAMES[E3], created_at=START, updated_at=START,
        ))
        gone = await make_member(s, programme.id, GONE, "mentee", "teacher_student", name=NAMES[GONE])
        (await s.get(User, gone.user_id)).unreachable_at = START  # type: ignore[union-attr]
        invited = User(telegram_id=INVITED, language_code="ru", created_at=START)
        s.add(invited)
        await s.flush()
        s.add(Participant(
            programme_id=programme.id, user_id=invited.id, role="mentee", form="teacher_teacher",
            status=ParticipantStatus.INVITED, full_name="Новикова Анна", created_at=START, updated_at=START,
        ))
        await make_pair(s, m1, e1)
        await s.commit()
        return programme.id


def broadcast_messages(client: BotClient, text: str) -> Counter[int]:
    """Who got a message containing `text`, and how many times."""
    return Counter(int(r.chat_id) for r in client.fake.requests if isinstance(r, SendMessage) and text in r.text and int(r.chat_id) != CURATOR.id)


async def count(client: BotClient, model: Any) -> int:
    async with client.app.sessionmaker() as s:
        return int(await s.scalar(select(func.count()).select_from(model)) or 0)


async def compose(client: BotClient, audience: str, text: str) -> list[TelegramMethod[Any]]:
    await client.send(CURATOR, "/broadcast")
    await client.press(CURATOR, audience)
    return await client.send(CURATOR, text)


def failing_api(client: BotClient, monkeypatch: pytest.MonkeyPatch, chat: int) -> None:
    """The fake Bot API answers 403 to messages for `chat`, as when the person blocked the bot."""
    original = client.fake.make_request

    async def make_request(bot: Bot, method: TelegramMethod[Any], timeout: int | None = None) -> Any:
        if isinstance(method, SendMessage) and int(method.chat_id) == chat:
            raise TelegramForbiddenError(method=method, message="Forbidden: bot was blocked by the user")
        return await original(bot, method, timeout)

    monkeypatch.setattr(client.fake, "make_request", make_request)


# ---- audiences ------------------------------------------------------------------------------------


async def test_audiences_show_how_many_people_each_reaches(client: BotClient) -> None:
    await school(client)
    await client.send(CURATOR, "/broadcast")
    assert "Кому отправить сообщение?" in client.last_text(CURATOR)
    # People, not participations: E3 counts once; GONE (blocked the bot) and INVITED are not counted.
    for label in (
        "Все активные участники · 5",
        "Наставники · 2",
        "Наставляемые · 3",
        "Форма «учитель — учитель» · 3",
        "Форма «учитель — ученик» · 3",
        "Форма «ученик — ученик» · 0",
        "Участники без пары · 3",
    ):
        client.find_button(CURATOR, label)
    # An audience with nobody in it cannot be chosen.
    out = await client.press(CURATOR, "Форма «ученик — ученик»")
    assert alerts(out) == ["В этой группе пока некому отправить сообщение. Выберите другую."]


@pytest.mark.parametrize(
    ("audience", "who"),
    [
        ("Все активные участники", {M1, M2, E1, E2, E3}),
        ("Наставники", {M1, M2}),
        ("Наставляемые", {E1, E2, E3}),
        ("Форма «учитель — учитель»", {M1, E1, E3}),
        ("Форма «учитель — ученик»", {M2, E2, E3}),
        ("Участники без пары", {M2, E2, E3}),
    ],
)
async def test_each_audience_gets_it_once(client: BotClient, audience: str, who: set[int]) -> None:
    await school(client)
    await compose(client, audience, f"Объявление для группы {audience}")
    await client.press(CURATOR, "Отправить")
    got = broadcast_messages(client, f"Объявление для группы {audience}")
    assert got == Counter({chat: 1 for chat in who})
    assert GONE not in got and INVITED not in got
    async with client.app.sessionmaker() as s:
        (item,) = (await s.scalars(select(Broadcast))).all()
        assert item.recipients == len(who)
        assert await s.scalar(select(func.count()).select_from(OutboxMessage).where(OutboxMessage.ref_type == "broadcast", OutboxMessage.ref_id == item.id)) == len(who)


# ---- the text, the preview, sending ---------------------------------------------------------------


async def test_preview_shows_the_escaped_text_and_sending_queues_it_for_each_recipient(client: BotClient) -> None:
    await school(client)
    out = await compose(client, "Участники без пары", "Встреча в 15:00 <в актовом зале> & чай")
    preview, summary = sent_to(out, CURATOR.id)
    escaped = "Встреча в 15:00 &lt;в актовом зале&gt; &amp; чай"
    assert preview.text == f"📣 <b>Сообщение от куратора программы</b>\n\n{escaped}"
    assert "Кому: Участники без пары" in summary.text
    assert "Сообщение уйдёт 3 участникам." in summary.text
    assert "1 участник заблокировал бота — ему сообщение не придёт." in summary.text
    assert await count(client, Broadcast) == 0  # nothing before "Отправить"

    out = await client.press(CURATOR, "Отправить")
    told = texts(out)
    assert "Рассылка поставлена в очередь: 3 сообщения." in told
    assert "1 участник заблокировал бота" in told
    assert "с 21:00 до 08:00" in told
    for chat in (M2, E2, E3):
        (message,) = [r for r in sent_to(client.fake.requests, chat) if escaped in r.text]
        assert message.text == preview.text  # exactly as previewed
    assert broadcast_messages(client, escaped) == Counter({M2: 1, E2: 1, E3: 1})
    assert [t for t in client.texts_to(CURATOR) if t.startswith("📣 <b>Сообщение")] == [preview.text]  # the preview only


async def test_plurals_for_one_recipient(client: BotClient) -> None:
    async with client.app.sessionmaker() as s:
        programme = await first_programme(s)
        assert programme is not None
        await make_member(s, programme.id, M1, "mentor", name=NAMES[M1])
        await s.commit()
    out = await compose(client, "Наставники", "Привет")
    assert "Сообщение уйдёт 1 участнику." in texts(out)
    assert "заблокировал" not in texts(out)
    assert "в очередь: 1 сообщение." in texts(await client.press(CURATOR, "Отправить"))


async def test_a_curator_who_takes_part_does_not_get_their_own_announcement(client: BotClient) -> None:
    await school(client)
    async with client.app.sessionmaker() as s:
        programme = await first_programme(s)
        assert programme is not None
        await make_member(s, programme.id, CURATOR.id, "mentor", "teacher_teacher", name="Куратор Ольга")
        await s.commit()
    await client.send(CURATOR, "/broadcast")
    client.find_button(CURATOR, "Наставники · 2")
    await client.press(CURATOR, "Наставники")
    await client.send(CURATOR, "Для наставников, кроме меня")
    await client.press(CURATOR, "Отправить")
    assert broadcast_messages(client, "кроме меня") == Counter({M1: 1, M2: 1})
    assert len([t for t in client.texts_to(CURATOR) if "кроме меня" in t]) == 1  # the preview


async def test_double_send_creates_one_broadcast(client: BotClient) -> None:
    await school(client)
    await compose(client, "Наставники", "Совещание в пятницу")
    message, data = client.find_button(CURATOR, "Отправить")
    await client.callback(CURATOR, data, message)
    second = await client.callback(CURATOR, data, message)
    assert alerts(second) == ["Эта кнопка уже не работает: рассылка отправлена или отменена. Новая рассылка — /broadcast."]
    assert await count(client, Broadcast) == 1
    assert broadcast_messages(client, "Совещание в пятницу") == Counter({M1: 1, M2: 1})

    # Two presses at once: still one.
    await compose(client, "Наставники", "Совещание в субботу")
    message, data = client.find_button(CURATOR, "Отправить")
    await asyncio.gather(client.callback(CURATOR, data, message), client.callback(CURATOR, data, message))
    assert await count(client, Broadcast) == 2
    assert broadcast_messages(client, "Совещание в субботу") == Counter({M1: 1, M2: 1})


async def test_changing_the_text_makes_the_older_preview_stale(client: BotClient) -> None:
    await school(client)
    await compose(client, "Наставники", "Первый вариант")
    old, old_data = client.find_button(CURATOR, "Отправить")
    out = await client.press(CURATOR, "Изменить текст")
    assert "Напишите текст сообщения" in texts(out)
    await client.send(CURATOR, "Второй вариант")
    assert alerts(await client.callback(CURATOR, old_data, old)) != []
    assert await count(client, Broadcast) == 0
    await client.press(CURATOR, "Отправить")
    assert broadcast_messages(client, "Второй вариант") == Counter({M1: 1, M2: 1})
    assert broadcast_messages(client, "Первый вариант") == Counter()


async def test_cancel_button_and_command_send_nothing(client: BotClient) -> None:
    await school(client)
    await compose(client, "Наставники", "Не отправлять")
    assert "Рассылка отменена." in texts(await client.press(CURATOR, "Отмена"))
    await client.send(CURATOR, "/broadcast")
    await client.press(CURATOR, "Наставники")
    assert "Хорошо, отменено." in texts(await client.send(CURATOR, "/cancel"))
    assert "Я не знаю такой команды" not in texts(await client.send(CURATOR, "/help"))
    assert await count(client, Broadcast) == 0 and await count(client, OutboxMessage) == 0


async def test_text_too_long_or_not_text_is_asked_again(client: BotClient) -> None:
    await school(client)
    await client.send(CURATOR, "/broadcast")
    out = await client.press(CURATOR, "Наставники")
    assert "до 4000 символов" in texts(out)
    out = await client.send(CURATOR, "я" * 4001)
    assert "Слишком длинный текст: 4001 символ при ограничении 4000" in texts(out)
    out = await client.send_content(CURATOR, sticker={
        "file_id": "s1", "file_unique_id": "s1", "type": "regular", "width": 512, "height": 512, "is_animated": False, "is_video": False,
    })
    assert "Пожалуйста, пришлите текст сообщения" in texts(out)
    # Counted as Telegram counts: an emoji is two.
    assert "Слишком длинный текст: 4002 символа" in texts(await client.send(CURATOR, "😀" * 2001))
    # 4000 signs that become "&amp;" would not fit into one message.
    out = await client.send(CURATOR, "&" * 4000)
    assert "не помещается в одно сообщение" in texts(out)
    out = await client.send(CURATOR, "я" * 4000)
    assert "Сообщение уйдёт 2 участникам" in texts(out)
    await client.press(CURATOR, "Отправить")
    assert broadcast_messages(client, "я" * 4000) == Counter({M1: 1, M2: 1})


# ---- delivery report ------------------------------------------------------------------------------


async def open_report(client: BotClient, number: int = 1) -> str:
    await client.send(CURATOR, "/broadcasts")
    return texts(await client.press(CURATOR, f"📊 {number}"))


async def test_blocked_recipient_is_in_the_report_and_the_drill_down(client: BotClient, monkeypatch: pytest.MonkeyPatch) -> None:
    await school(client)
    failing_api(client, monkeypatch, E2)
    await compose(client, "Участники без пары", "Собрание в среду")
    await client.press(CURATOR, "Отправить")
    assert broadcast_messages(client, "Собрание в среду") == Counter({M2: 1, E3: 1})

    out = await client.send(CURATOR, "/broadcasts")
    listing = texts(out)
    assert "1. 23.11.2026 12:00 · Участники без пары · 3 получателя" in listing
    assert "«Собрание в среду»" in listing
    report = texts(await client.press(CURATOR, "📊 1"))
    assert "Рассылка от 23.11.2026 12:00" in report
    assert "✅ Доставлено: 2" in report
    assert "⏳ Ждут отправки: 0" in report
    assert "🚫 Заблокировали бота: 1" in report
    assert "⚠️ Не доставлено из-за ошибки: 0" in report
    missed = texts(await client.press(CURATOR, "Кто не получил (1)"))
    assert "Не получили рассылку от 23.11.2026 12:00</b>: 1 человек" in missed
    assert "1. Белова Ольга (наставляемый) — заблокировал(а) бота" in missed
    assert NAMES[M2] not in missed and NAMES[E3] not in missed
    assert "Рассылка от" in texts(await client.press(CURATOR, "К отчёту"))


async def test_drill_down_is_paged(client: BotClient, monkeypatch: pytest.MonkeyPatch) -> None:
    async with client.app.sessionmaker() as s:
        programme = await first_programme(s)
        assert programme is not None
        for i in range(12):
            await make_member(s, programme.id, 800 + i, "mentee", name=f"Ученик {i:02d}")
        await s.commit()
    original = client.fake.make_request

    async def make_request(bot: Bot, method: TelegramMethod[Any], timeout: int | None = None) -> Any:
        if isinstance(method, SendMessage) and 800 <= int(method.chat_id) < 900:
            raise TelegramForbiddenError(method=method, message="Forbidden: bot was blocked by the user")
        return await original(bot, method, timeout)

    monkeypatch.setattr(client.fake, "make_request", make_request)
    await compose(client, "Наставляемые", "Всем ученикам")
    await client.press(CURATOR, "Отправить")
    assert "🚫 Заблокировали бота: 12" in await open_report(client)
    first = texts(await client.press(CURATOR, "Кто не получил (12)"))
    assert "12 человек" in first and "Страница 1 из 2" in first
    assert "Ученик 00" in first and "Ученик 09" in first and "Ученик 10" not in first
    second = texts(await client.press(CURATOR, "Дальше"))
    assert "11. Ученик 10" in second and "12. Ученик 11" in second and "Ученик 00" not in second


async def test_queued_at_night_waits_in_the_report_and_goes_at_eight(client: BotClient) -> None:
    await school(client)
    client.app.clock.set(datetime(2026, 11, 23, 19, 0, tzinfo=UTC))  # type: ignore[attr-defined]  # 22:00 in Moscow
    await compose(client, "Наставники", "Завтра педсовет")
    told = texts(await client.press(CURATOR, "Отправить"))
    assert "Сейчас тихие часы: сообщения уйдут 24.11 в 08:00." in told
    assert broadcast_messages(client, "Завтра педсовет") == Counter()
    report = await open_report(client)
    assert "Рассылка от 23.11.2026 22:00" in report
    assert "⏳ Ждут отправки: 2" in report and "✅ Доставлено: 0" in report

    client.app.clock.set(datetime(2026, 11, 24, 4, 59, tzinfo=UTC))  # type: ignore[attr-defined]  # 07:59
    await client.tick()
    assert broadcast_messages(client, "Завтра педсовет") == Counter()
    client.app.clock.set(datetime(2026, 11, 24, 5, 0, tzinfo=UTC))  # type: ignore[attr-defined]  # 08:00
    await client.tick()
    assert broadcast_messages(client, "Завтра педсовет") == Counter({M1: 1, M2: 1})
    report = texts(await client.press(CURATOR, "Обновить"))
    assert "✅ Доставлено: 2" in report and "⏳ Ждут отправки: 0" in report


async def test_no_broadcasts_yet(client: BotClient) -> None:
    assert "Рассылок пока не было" in texts(await client.send(CURATOR, "/broadcasts"))


# ---- who may do what ------------------------------------------------------------------------------


async def test_non_curator_cannot_broadcast_or_read_reports(client: BotClient) -> None:
    await school(client)
    await compose(client, "Наставники", "Для наставников")
    await client.press(CURATOR, "Отправить")
    async with client.app.sessionmaker() as s:
        broadcast_id = await s.scalar(select(Broadcast.id))
    assert broadcast_id is not None
    stranger = Person(E1, "Илья")
    out = await client.send(stranger, "/broadcast")
    assert "Кому отправить" not in texts(out) and "Я не знаю такой команды" in texts(out)
    assert "Рассылки" not in texts(await client.send(stranger, "/broadcasts"))
    for data in (
        BroadcastCb(action="aud", k="all").pack(),
        BroadcastCb(action="send", n="0000").pack(),
        BroadcastCb(action="rep", id=broadcast_id).pack(),
        BroadcastCb(action="miss", id=broadcast_id).pack(),
    ):
        out = await client.callback(stranger, data)
        assert alerts(out) == ["Эта кнопка больше не работает."]
        assert not sent_to(out, stranger.id)
    assert await count(client, Broadcast) == 1
    assert broadcast_messages(client, "Для наставников") == Counter({M1: 1, M2: 1})


async def test_forged_buttons_change_nothing(client: BotClient) -> None:
    programme_id = await school(client)
    # Audience buttons outside the audience step, and audiences the programme does not have.
    assert alerts(await client.callback(CURATOR, BroadcastCb(action="aud", k="all").pack())) != []
    await client.send(CURATOR, "/broadcast")
    for k, v in (("form", "no_such_form"), ("role", "director"), ("everyone", ""), ("all", "x")):
        out = await client.callback(CURATOR, BroadcastCb(action="aud", k=k, v=v).pack())
        assert alerts(out) == ["Такого варианта нет. Выберите одну из кнопок."]
    # A send with no preview, or with a made-up nonce.
    await client.send(CURATOR, "/cancel")
    assert alerts(await client.callback(CURATOR, BroadcastCb(action="send", n="").pack())) != []
    await compose(client, "Наставники", "Настоящий текст")
    assert alerts(await client.callback(CURATOR, BroadcastCb(action="send", n="deadbeef").pack())) != []
    assert alerts(await client.callback(CURATOR, BroadcastCb(action="zap").pack())) != []
    assert await count(client, Broadcast) == 0
    # The preview is still there and works.
    await client.press(CURATOR, "Отправить")
    async with client.app.sessionmaker() as s:
        broadcast_id = await s.scalar(select(Broadcast.id))
        assert broadcast_id is not None
        # A new academic year's programme starts: the old one's broadcast is out of reach.
        org_id = (await s.get(Programme, programme_id)).organisation_id  # type: ignore[union-attr]
        other = Programme(organisation_id=org_id, academic_year="2027/2028", starts_on=date(2027, 9, 1), ends_on=date(2028, 8, 31), forms=["teacher_teacher"], created_at=START)
        s.add(other)
        await s.commit()
        assert other.id != programme_id
    for data in (
        BroadcastCb(action="rep", id=broadcast_id).pack(),
        BroadcastCb(action="miss", id=broadcast_id).pack(),
        BroadcastCb(action="rep", id=2**40).pack(),
        BroadcastCb(action="rep", id=-1).pack(),
    ):
        out = await client.callback(CURATOR, data)
        assert alerts(out) == (["Эта кнопка больше не работает."] if "1099511627776" in data else ["Такой рассылки нет."])
        assert not [r for r in out if isinstance(r, SendMessage)] and "Рассылка от" not in texts(out)
    assert "Рассылок пока не было" in texts(await client.send(CURATOR, "/broadcasts"))
