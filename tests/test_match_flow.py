"""/match and /pairup through the real Dispatcher: suggestions with reasons, accept, skip, mode,
confirmation (pairs, notifications, the draft order), forged presses, and the rules of /pairup."""

from __future__ import annotations

import io
from typing import Any

from aiogram.exceptions import TelegramForbiddenError
from aiogram.methods import SendDocument, SendMessage, TelegramMethod
from aiogram.types import BufferedInputFile
from openpyxl import load_workbook
from sqlalchemy import func, select

from bot.services.programme import first_programme
from db.models import Pair, PairStatus, Participant, User
from handlers.curator.matching import MatchCb
from tests.factories import make_member, make_pair
from tests.harness import CURATOR, BotClient, Person, alerts, sent_to, texts

STRANGER = Person(999, "Гость", "ru")


async def programme_id(client: BotClient) -> int:
    async with client.app.sessionmaker() as s:
        programme = await first_programme(s)
        assert programme is not None
        return programme.id


async def members(client: BotClient, *specs: dict[str, Any]) -> list[Participant]:
    pid = await programme_id(client)
    out = []
    async with client.app.sessionmaker() as s:
        for spec in specs:
            spec = dict(spec)
            out.append(await make_member(s, pid, spec.pop("tg"), spec.pop("role"), spec.pop("form", "teacher_teacher"), **spec))
        await s.commit()
    return out


async def active_pairs(client: BotClient) -> list[tuple[int, int]]:
    async with client.app.sessionmaker() as s:
        rows = await s.execute(select(Pair.mentee_id, Pair.mentor_id).where(Pair.status == PairStatus.ACTIVE).order_by(Pair.id))
        return [tuple(r) for r in rows.all()]


def documents(requests: list[TelegramMethod[Any]]) -> list[SendDocument]:
    return [r for r in requests if isinstance(r, SendDocument)]


def xlsx_rows(method: SendDocument) -> list[list[str]]:
    assert isinstance(method.document, BufferedInputFile)
    book = load_workbook(io.BytesIO(method.document.data), read_only=True)
    rows = [["" if v is None else str(v) for v in row] for row in book.worksheets[0].iter_rows(values_only=True)]
    book.close()
    return rows


METHODICAL = {"requests": ["methodical", "career"], "goal": "Научиться вести уроки"}


async def test_suggestions_accept_confirm(client: BotClient) -> None:
    mentee, mentor = await members(
        client,
        {"tg": 201, "role": "mentee", "name": "Петрова Анна", "answers": {**METHODICAL, "meeting_format": "online"}},
        {"tg": 301, "role": "mentor", "name": "Сидоров Иван", "capacity": 1,
         "answers": {"can_help": ["methodical", "career"], "meeting_format": "any"}},
    )
    sent = await client.send(CURATOR, "/match")
    text = texts(sent)
    assert "1. Петрова Анна → Сидоров Иван" in text
    assert "совпадает: профориентационное, методическое" in text
    assert "подходит формат встреч" in text

    sent = await client.press(CURATOR, "✅ 1")
    assert "Подтвердить принятые (1)" in str(client.find_button(CURATOR, "Подтвердить")[0].reply_markup)
    assert await active_pairs(client) == []

    sent = await client.press(CURATOR, "Подтвердить принятые")
    assert await active_pairs(client) == [(mentee.id, mentor.id)]
    to_mentor = sent_to(sent, 301)
    to_mentee = sent_to(sent, 201)
    assert len(to_mentor) == 1 and "Петрова Анна" in to_mentor[0].text and "Научиться вести уроки" in to_mentor[0].text
    assert "методическое" in to_mentor[0].text
    assert len(to_mentee) == 1 and "Сидоров Иван" in to_mentee[0].text
    assert "/pair" not in to_mentee[0].text  # an adult: no safeguarding line
    (doc,) = documents(sent)
    assert int(doc.chat_id) == CURATOR.id
    rows = xlsx_rows(doc)
    flat = "\n".join(" | ".join(r) for r in rows)
    assert "приказа о закреплении наставнических пар" in flat
    assert "23.11.2026" in flat
    table = [r for r in rows if r and r[0] == "1"]
    assert table and table[0][1] == "Сидоров Иван" and table[0][2] == "Петрова Анна"
    assert "учитель — учитель" in table[0][3]
    assert table[0][4].startswith("23.11.2026–")

    # Nothing left to suggest; the session was cleared.
    sent = await client.send(CURATOR, "/match")
    assert "Сейчас предложить некого" in texts(sent)


async def test_minor_mentee_gets_private_channel_and_failed_send_is_reported(client: BotClient, monkeypatch: Any) -> None:
    mentee, mentor = await members(
        client,
        {"tg": 202, "role": "mentee", "form": "teacher_student", "name": "Коля", "answers": METHODICAL},
        {"tg": 302, "role": "mentor", "form": "teacher_student", "name": "Учитель", "capacity": 2,
         "answers": {"can_help": ["methodical"]}},
    )
    async with client.app.sessionmaker() as s:
        (await s.get(Participant, mentee.id)).is_minor = True  # type: ignore[union-attr]
        await s.commit()
    await client.send(CURATOR, "/match")
    await client.press(CURATOR, "✅ 1")

    original = client.fake.make_request

    async def failing(bot: Any, method: TelegramMethod[Any], timeout: int | None = None) -> Any:
        if isinstance(method, SendMessage) and int(method.chat_id) == 302:
            client.fake.requests.append(method)
            raise TelegramForbiddenError(method=method, message="Forbidden: bot was blocked by the user")
        return await original(bot, method, timeout)

    monkeypatch.setattr(client.fake, "make_request", failing)
    sent = await client.press(CURATOR, "Подтвердить принятые")
    assert await active_pairs(client) == [(mentee.id, mentor.id)]
    (to_mentee,) = sent_to(sent, 202)
    assert "/pair" in to_mentee.text
    # The sender finds the mentor has blocked the bot: the curator is told, and nothing more is sent.
    assert any("заблокировал(а) бота" in m.text and "Учитель" in m.text for m in sent_to(sent, CURATOR.id))
    assert len(documents(sent)) == 1
    async with client.app.sessionmaker() as s:
        blocked = await s.scalar(select(User).where(User.telegram_id == 302))
        assert blocked is not None and blocked.unreachable_at is not None


async def test_skip_removes_a_suggestion_and_capacity_is_kept(client: BotClient) -> None:
    e1, e2, e3, m1, m2 = await members(
        client,
        {"tg": 211, "role": "mentee", "name": "Ученица Один", "answers": {"requests": ["methodical"]}},
        {"tg": 212, "role": "mentee", "name": "Ученица Два", "answers": {"requests": ["methodical"]}},
        {"tg": 213, "role": "mentee", "name": "Ученица Три", "answers": {"requests": ["methodical"]}},
        {"tg": 311, "role": "mentor", "name": "Наставник Один", "capacity": 2, "answers": {"can_help": ["methodical"]}},
        {"tg": 312, "role": "mentor", "name": "Наставник Два", "capacity": 1, "answers": {"can_help": ["methodical"]}},
    )
    # Mentor two already has a mentee: no room at all.
    async with client.app.sessionmaker() as s:
        old = await make_member(s, await programme_id(client), 219, "mentee", name="Старая")
        await make_pair(s, await s.get(Participant, m2.id), old)  # type: ignore[arg-type]
        await s.commit()

    text = texts(await client.send(CURATOR, "/match"))
    assert text.count("→ Наставник Один") == 2
    assert "→ Наставник Два" not in text
    assert "Без пары" in text

    sent = await client.press(CURATOR, "✖ 1")
    text = texts(sent)
    assert "1. Ученица Один" not in text
    assert text.count("→ Наставник Один") == 2  # the skipped mentee's place went to the third

    # Accept both, confirm: the mentor gets two, never three.
    await client.press(CURATOR, "✅ 1")
    await client.press(CURATOR, "✅ 2")
    await client.press(CURATOR, "Подтвердить принятые (2)")
    pairs = await active_pairs(client)
    assert sorted(pairs[1:]) == [(e2.id, m1.id), (e3.id, m1.id)]
    async with client.app.sessionmaker() as s:
        load = await s.scalar(select(func.count()).select_from(Pair).where(Pair.mentor_id == m1.id))
        assert load == 2
    assert e1.id not in {e for e, _ in pairs}


async def test_mode_switch_and_session_survives_restart(client: BotClient, start_app: Any) -> None:
    await members(
        client,
        {"tg": 221, "role": "mentee", "name": "Без общего", "answers": {"requests": ["sport"]}},
        {"tg": 321, "role": "mentor", "name": "Методист", "capacity": 1, "answers": {"can_help": ["methodical"]}},
    )
    text = texts(await client.send(CURATOR, "/match"))
    assert "1. Без общего" not in text  # best fit: nothing in common, no suggestion
    assert "могут взять: Методист" in text
    sent = await client.press(CURATOR, "больше пар")
    assert "1. Без общего → Методист — совпадает только форма" in texts(sent)
    await client.press(CURATOR, "✅ 1")

    restarted = await start_app()
    restarted.fake.messages.update(client.fake.messages)
    sent = await restarted.send(CURATOR, "/match")
    assert "режим: больше пар" in texts(sent)
    assert "✅ Без общего" in texts(sent)


async def test_forged_presses(client: BotClient) -> None:
    mentee, mentor = await members(
        client,
        {"tg": 231, "role": "mentee", "answers": {"requests": ["methodical"]}},
        {"tg": 331, "role": "mentor", "capacity": 1, "answers": {"can_help": ["methodical"]}},
    )
    await client.send(CURATOR, "/match")
    good = MatchCb(action="acc", mentee=mentee.id, mentor=mentor.id).pack()

    # A stranger is not a curator: the press does nothing.
    sent = await client.callback(STRANGER, good)
    assert "Предложения пар" not in texts(sent)
    sent = await client.callback(STRANGER, MatchCb(action="confirm").pack())
    assert await active_pairs(client) == []

    # The curator with forged ids: an alert, nothing stored.
    sent = await client.callback(CURATOR, MatchCb(action="acc", mentee=mentee.id, mentor=mentee.id).pack())
    assert alerts(sent) and "неактуально" in alerts(sent)[0]
    sent = await client.callback(CURATOR, MatchCb(action="skip", mentee=99999, mentor=mentor.id).pack())
    assert alerts(sent)
    state = client.app.dispatcher.fsm.get_context(client.bot, CURATOR.id, CURATOR.id)
    data = (await state.get_data()).get("match") or {}
    assert data.get("accepted") == [] and data.get("skipped") == []
    sent = await client.callback(CURATOR, MatchCb(action="confirm").pack())
    assert alerts(sent)
    assert await active_pairs(client) == []


async def test_pairup(client: BotClient) -> None:
    e1, e2, e3, full, other_form = await members(
        client,
        {"tg": 241, "role": "mentee", "name": "Анна"},
        {"tg": 242, "role": "mentee", "name": "Борис"},
        {"tg": 243, "role": "mentee", "name": "Вера", "form": "student_student"},
        {"tg": 341, "role": "mentor", "name": "Полный", "capacity": 1},
        {"tg": 342, "role": "mentor", "name": "Чужая форма", "form": "employer_student", "capacity": 2},
    )
    assert "/pairup" in texts(await client.send(CURATOR, "/pairup"))
    assert "/pairup" in texts(await client.send(CURATOR, "/pairup abc 1"))

    sent = await client.send(CURATOR, f"/pairup {e1.id} {full.id}")
    assert "Пара закреплена: Анна → Полный" in texts(sent)
    assert sent_to(sent, 241) and sent_to(sent, 341)
    assert await active_pairs(client) == [(e1.id, full.id)]

    sent = await client.send(CURATOR, f"/pairup {e2.id} {full.id}")
    assert "нет свободных мест" in texts(sent)
    sent = await client.send(CURATOR, f"/pairup {e3.id} {other_form.id}")
    assert "не работает в форме" in texts(sent)
    sent = await client.send(CURATOR, f"/pairup {e1.id} {other_form.id}")
    assert "не работает в форме" in texts(sent) or "уже есть наставник" in texts(sent)
    sent = await client.send(CURATOR, f"/pairup {full.id} {e2.id}")
    assert "Наставник не найден" in texts(sent)
    assert await active_pairs(client) == [(e1.id, full.id)]

    # Not a curator: nothing happens.
    sent = await client.send(STRANGER, f"/pairup {e2.id} {other_form.id}")
    assert await active_pairs(client) == [(e1.id, full.id)]


async def test_pages_of_ten_and_message_limit(client: BotClient) -> None:
    long = "Очень-длинное-имя " * 10  # 180 characters: near the 200 the column allows
    specs: list[dict[str, Any]] = [
        {"tg": 1000 + i, "role": "mentee", "name": f"{long}{i}", "answers": {"requests": ["methodical"]}} for i in range(13)
    ]
    specs += [
        {"tg": 2000 + i, "role": "mentor", "name": f"{long}М{i}", "capacity": 2, "answers": {"can_help": ["methodical"]}}
        for i in range(7)
    ]
    await members(client, *specs)
    sent = await client.send(CURATOR, "/match")
    (message,) = [r for r in sent if isinstance(r, SendMessage)]
    assert len(message.text) <= 4096
    assert "Страница 1 из 2" in message.text
    assert "\n10. " in message.text and "\n11. " not in message.text
    sent = await client.press(CURATOR, "▶")
    text = texts(sent)
    assert "Страница 2 из 2" in text and "\n11. " in text and "\n13. " in text
    # Accepting on page two keeps the curator there.
    sent = await client.press(CURATOR, "✅ 12")
    assert "Страница 2 из 2" in texts(sent)
    assert "Подтвердить принятые (1)" in str(client.find_button(CURATOR, "Подтвердить")[0].reply_markup)
