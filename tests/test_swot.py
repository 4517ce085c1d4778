"""The curator's /swot: the SWOT analysis per form of mentorship through the real Dispatcher (fill in
part by part, skip, over-long text, a sticker, a restart in the middle, editing one part), forged and
stale buttons, people who are not curators, the report read back cell by cell, its fixed number of
queries, and the roadmap event the bot marks done when every form with pairs has its analysis."""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime
from typing import Any

from aiogram.methods import EditMessageText, SendDocument, TelegramMethod
from aiogram.types import BufferedInputFile, InlineKeyboardMarkup
from sqlalchemy import func, select

from bench.common import StatementCounter
from bot.i18n import L10n
from bot.services import roadmap_auto, swot
from bot.services.pairs import complete
from bot.services.programme import first_programme
from bot.services.roadmap import ensure_roadmap
from db.models import (
    Answer,
    Meeting,
    Organisation,
    Pair,
    Participant,
    ParticipantStatus,
    Programme,
    QuestionnaireResponse,
    ResponseStatus,
    RoadmapEvent,
    RoadmapStatus,
    SwotReview,
)
from handlers.curator.swot import SwotCb
from tests.conftest import AppFactory
from tests.factories import make_member, make_pair
from tests.harness import CURATOR, BotClient, Person, alerts, read_xlsx, sent_to, texts

RU = L10n()
STRANGER = Person(999, "Гость", "ru")
MENTEE = Person(3001, "Аня", "ru")
STALE = "Эта кнопка больше не работает. Откройте /swot заново."
TT, TS, SS = "учитель — учитель", "учитель — ученик", "ученик — ученик"
NOW = datetime(2027, 1, 13, 9, 0, tzinfo=UTC)  # 12:00 in Moscow
SCHOOL = "МБОУ «Лицей № 1»"
FOOTNOTE = "— менее 3 ответов: показатель не приводится, чтобы нельзя было узнать ответ конкретного человека."
HIDDEN = "—"


def ru(key: str, **args: Any) -> str:
    return RU.get("ru", key, **args)


def screen(requests: list[TelegramMethod[Any]]) -> str:
    """The last thing the bot showed the curator: a new message or an edited one."""
    shown = [r.text for r in requests if isinstance(r, EditMessageText)] + [r.text for r in sent_to(requests, CURATOR.id)]
    assert shown, "nothing was shown"
    return shown[-1]


def visible(text: str) -> int:
    """A message's length as Telegram counts it: tags parsed out, entities unescaped, in UTF-16 units."""
    return len(html.unescape(re.sub(r"<[^>]+>", "", text)).encode("utf-16-le")) // 2


def buttons(client: BotClient) -> list[str]:
    message, _ = client.find_button(CURATOR, "")
    assert isinstance(message.reply_markup, InlineKeyboardMarkup)
    return [b.text for row in message.reply_markup.inline_keyboard for b in row]


async def programme_of(client: BotClient) -> Programme:
    """Read in a session of its own: on SQLite an open transaction would lock the bot out."""
    async with client.app.sessionmaker() as s:
        programme = await first_programme(s)
        assert programme is not None
        return programme


async def answers_of(client: BotClient, form: str) -> dict[str, Any] | None:
    async with client.app.sessionmaker() as s:
        review = await s.scalar(select(SwotReview).where(SwotReview.form == form))
        return None if review is None else dict(review.answers)


async def reviews_count(client: BotClient) -> int:
    async with client.app.sessionmaker() as s:
        return int(await s.scalar(select(func.count()).select_from(SwotReview)) or 0)


async def small_school(client: BotClient) -> None:
    """Teacher-teacher: a pair with a held meeting; teacher-student: two people, no pair yet; a
    student-student participant who declined consent (the form is not listed for them)."""
    async with client.app.sessionmaker() as s:
        programme = await first_programme(s)
        assert programme is not None
        mentor = await make_member(s, programme.id, 1001, "mentor", "teacher_teacher", name="Смирнова Ольга Петровна")
        mentee = await make_member(s, programme.id, MENTEE.id, "mentee", "teacher_teacher", name="Иванова Анна")
        pair = await make_pair(s, mentor, mentee)
        at = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
        s.add(Meeting(pair_id=pair.id, proposed_by_id=mentor.id, starts_at=at, kind="organisational", format="offline", status="held", created_at=at, updated_at=at))
        await make_member(s, programme.id, 1002, "mentor", "teacher_student")
        await make_member(s, programme.id, 2002, "mentee", "teacher_student")
        declined = await make_member(s, programme.id, 2003, "mentee", "student_student")
        declined.status = ParticipantStatus.DECLINED
        await s.commit()


# ---- the dialog ---------------------------------------------------------------------------------


async def test_fill_in_part_by_part(client: BotClient) -> None:
    await small_school(client)
    out = screen(await client.send(CURATOR, "/swot"))
    assert "SWOT-анализ по формам наставничества" in out and "Программа 2026/2027" in out
    assert f"▫️ <b>{TT}</b> — не начат" in out and f"▫️ <b>{TS}</b> — не начат" in out
    assert SS not in out, "nobody consented in that form"
    assert buttons(client) == [f"▫️ {TT}", f"▫️ {TS}", "📄 Отчёт «SWOT-анализ» (XLSX)"]

    out = screen(await client.press(CURATOR, TT))
    assert f"SWOT-анализ: {TT}" in out and "Анализ ещё не начат." in out
    assert "Участники: наставников — 1, наставляемых — 1" in out
    assert "Пары: сформировано — 1, из них завершено — 0" in out
    assert "Встреч состоялось: 1" in out
    assert "Польза встреч (последний ежемесячный опрос, 1–10): наставники — нет ответов; наставляемые — нет ответов" in out
    assert out.count("— не заполнено") == 4

    out = screen(await client.press(CURATOR, "Заполнить по порядку"))
    assert "Часть 1 из 4. <b>Сильные стороны</b>" in out and "до 2000 символов" in out and "Сейчас: не заполнено." in out
    out = screen(await client.send(CURATOR, "Опытные наставники, <пары> встречаются регулярно"))
    assert "✅ Сохранено: «Сильные стороны»." in out and "Часть 2 из 4. <b>Слабые стороны</b>" in out
    # Stored at once, before the dialog is over.
    assert await answers_of(client, "teacher_teacher") == {"strengths": "Опытные наставники, <пары> встречаются регулярно"}

    # Too long: refused with the limit, nothing stored, the same part is still asked.
    out = screen(await client.send(CURATOR, "я" * 2001))
    assert out == "Слишком длинный текст: 2001 символ, а можно не больше 2000. Сократите его и отправьте ещё раз."
    assert await answers_of(client, "teacher_teacher") == {"strengths": "Опытные наставники, <пары> встречаются регулярно"}
    assert "Пропустить ➡️" in buttons(client)

    # A sticker: the question again.
    sticker = {"file_id": "st1", "file_unique_id": "st1u", "type": "regular", "width": 512, "height": 512, "is_animated": False, "is_video": False}
    out = screen(await client.send_content(CURATOR, sticker=sticker))
    assert "Ответ нужен текстом" in out and "Часть 2 из 4. <b>Слабые стороны</b>" in out

    out = screen(await client.send(CURATOR, "Мало времени у молодых учителей"))
    assert "Часть 3 из 4. <b>Возможности</b>" in out
    out = screen(await client.press(CURATOR, "Пропустить"))
    assert "Часть «Возможности» пропущена" in out and "Часть 4 из 4. <b>Угрозы</b>" in out
    out = screen(await client.send(CURATOR, "- нагрузка\n- уход наставников"))
    assert "✅ Сохранено: «Угрозы»." in out
    assert "Заполнено 3 из 4, изменён 23.11.2026." in out
    assert "Опытные наставники, &lt;пары&gt; встречаются регулярно" in out, "the curator's text is escaped"
    assert out.count("— не заполнено") == 1
    assert await answers_of(client, "teacher_teacher") == {
        "strengths": "Опытные наставники, <пары> встречаются регулярно",
        "weaknesses": "Мало времени у молодых учителей",
        "threats": "- нагрузка\n- уход наставников",
    }
    # The dialog is over: another message is just a message.
    out = texts(await client.send(CURATOR, "ещё текст"))
    assert "Сохранено" not in out

    # One part: the one that was skipped.
    out = screen(await client.press(CURATOR, "Изменить одну часть"))
    assert f"Какую часть анализа формы «{TT}» изменить?" in out
    out = screen(await client.press(CURATOR, "Возможности"))
    assert "Часть 3 из 4. <b>Возможности</b>" in out
    out = screen(await client.send(CURATOR, "Сетевое взаимодействие с вузом"))
    assert "✅ Сохранено: «Возможности»." in out and "✅ Анализ готов, изменён 23.11.2026." in out
    answers = await answers_of(client, "teacher_teacher")
    assert answers is not None and swot.is_complete(answers)

    out = screen(await client.press(CURATOR, "К списку форм"))
    assert f"✅ <b>{TT}</b> — готов, изменён 23.11.2026" in out
    assert buttons(client)[:2] == [f"✅ {TT}", f"▫️ {TS}"]


async def test_skip_keeps_the_text_and_the_date_is_the_schools(client: BotClient) -> None:
    await small_school(client)
    client.app.clock.set(datetime(2026, 11, 23, 22, 30, tzinfo=UTC))  # 24 November, 01:30 in Moscow
    await client.send(CURATOR, "/swot")
    await client.press(CURATOR, TS)
    await client.press(CURATOR, "Заполнить по порядку")
    for text in ("Сильные", "Слабые", "Возможности", "Угрозы"):
        out = screen(await client.send(CURATOR, text))
    assert f"✅ Все четыре части анализа формы «{TS}» заполнены." in out
    assert "изменён 24.11.2026" in out

    out = screen(await client.press(CURATOR, "Заполнить по порядку"))
    assert "Сейчас:\nСильные" in out and "«Пропустить» оставит текущий текст." in out
    for _ in range(4):
        out = screen(await client.press(CURATOR, "Пропустить"))
    assert "Часть «Угрозы» пропущена, текст не изменился." in out and "✅ Анализ готов" in out
    assert await answers_of(client, "teacher_student") == {"strengths": "Сильные", "weaknesses": "Слабые", "opportunities": "Возможности", "threats": "Угрозы"}


async def test_a_restart_in_the_middle_keeps_what_was_typed(start_app: AppFactory) -> None:
    client = await start_app()
    await small_school(client)
    await client.send(CURATOR, "/swot")
    await client.press(CURATOR, TT)
    await client.press(CURATOR, "Заполнить по порядку")
    await client.send(CURATOR, "Сильные стороны формы")
    await client.send(CURATOR, "Слабые стороны формы")

    client = await start_app()
    assert await answers_of(client, "teacher_teacher") == {"strengths": "Сильные стороны формы", "weaknesses": "Слабые стороны формы"}
    out = screen(await client.send(CURATOR, "Возможности формы"))
    assert "Часть 4 из 4. <b>Угрозы</b>" in out

    client = await start_app()  # a button pressed on a message sent before the restart
    out = screen(await client.press(CURATOR, "Пропустить"))
    assert "Заполнено 3 из 4" in out
    assert await answers_of(client, "teacher_teacher") == {
        "strengths": "Сильные стороны формы",
        "weaknesses": "Слабые стороны формы",
        "opportunities": "Возможности формы",
    }


async def test_cancel_leaves_the_dialog(client: BotClient) -> None:
    await small_school(client)
    await client.send(CURATOR, "/swot")
    await client.press(CURATOR, TT)
    await client.press(CURATOR, "Заполнить по порядку")
    assert "Хорошо, отменено." in texts(await client.send(CURATOR, "/cancel"))
    await client.send(CURATOR, "Этот текст не для анализа")
    assert await answers_of(client, "teacher_teacher") is None
    # "Skip" on the question that is no longer open.
    out = await client.press(CURATOR, "Пропустить")
    assert alerts(out) == [STALE]


async def test_long_parts_still_fit_in_a_message(client: BotClient) -> None:
    await small_school(client)
    async with client.app.sessionmaker() as s:
        programme = await first_programme(s)
        assert programme is not None
        for part in swot.PARTS:
            await swot.save_part(s, programme.id, "teacher_teacher", part, "<&>" * (swot.PART_MAX // 3) + "xy", CURATOR.id, NOW)
        await s.commit()
    await client.send(CURATOR, "/swot")
    out = screen(await client.press(CURATOR, TT))
    assert visible(out) <= 4096 and out.count("…") == 4
    await client.press(CURATOR, "Изменить одну часть")
    out = screen(await client.press(CURATOR, "Угрозы"))
    assert visible(out) <= 4096 and "&lt;&amp;&gt;" * 666 + "xy" in out, "the whole current text when asked"
    # Exactly the limit is accepted.
    out = screen(await client.send(CURATOR, "a" * swot.PART_MAX))
    assert "✅ Сохранено: «Угрозы»." in out
    assert (await answers_of(client, "teacher_teacher") or {})["threats"] == "a" * swot.PART_MAX

    # Emoji are two units each for Telegram: four parts of them still fit, shortened.
    async with client.app.sessionmaker() as s:
        programme = await first_programme(s)
        assert programme is not None
        for part in swot.PARTS:
            await swot.save_part(s, programme.id, "teacher_teacher", part, "😀" * swot.PART_MAX, CURATOR.id, NOW)
        await s.commit()
    out = screen(await client.press(CURATOR, "К анализу формы"))
    assert visible(out) <= 4096 and out.count("😀" * 299 + "…") == 4
    await client.press(CURATOR, "Изменить одну часть")
    out = screen(await client.press(CURATOR, "Сильные стороны"))
    assert visible(out) <= 4096 and "😀" * 1399 + "…" in out


# ---- untrusted buttons and other people ---------------------------------------------------------


async def test_forged_and_stale_buttons(client: BotClient) -> None:
    await small_school(client)
    async with client.app.sessionmaker() as s:
        programme = await first_programme(s)
        assert programme is not None
        programme.forms = ["teacher_teacher", "teacher_student", "student_student"]
        await s.commit()
    forged = [
        SwotCb(action="form", form="nonsense"),
        SwotCb(action="form", form=""),
        SwotCb(action="fill", form="employer_student"),  # a known form the programme does not run
        SwotCb(action="part", form="teacher_teacher", part="swot"),
        SwotCb(action="part", form="teacher_teacher", part=""),
        SwotCb(action="skip", form="teacher_teacher", part="threats"),  # no question is open
        SwotCb(action="drop", form="teacher_teacher"),
    ]
    for data in forged:
        out = await client.callback(CURATOR, data.pack())
        assert alerts(out) == [STALE], data
    # Data that is not even ours: the general "stale button" answer, no traceback.
    for raw in ("sw:form", "sw:form:teacher_teacher:strengths:extra", "sw"):
        out = await client.callback(CURATOR, raw)
        assert alerts(out) == ["Эта кнопка больше не работает."], raw
    assert await reviews_count(client) == 0

    # A form of the programme with nobody in it yet may be analysed.
    out = screen(await client.callback(CURATOR, SwotCb(action="form", form="student_student").pack()))
    assert f"SWOT-анализ: {SS}" in out

    # Skip of another part than the one asked.
    await client.callback(CURATOR, SwotCb(action="fill", form="teacher_teacher").pack())
    out = await client.callback(CURATOR, SwotCb(action="skip", form="teacher_teacher", part="threats").pack())
    assert alerts(out) == [STALE]
    out = await client.callback(CURATOR, SwotCb(action="skip", form="teacher_student", part="strengths").pack())
    assert alerts(out) == [STALE]
    # The question asked is still open.
    assert "Часть 2 из 4" in screen(await client.send(CURATOR, "Сильные"))

    # The open question's form leaves the programme (its participants and pair gone): the answer is refused.
    async with client.app.sessionmaker() as s:
        programme = await first_programme(s)
        assert programme is not None
        await s.execute(SwotReview.__table__.delete())
        await s.execute(Pair.__table__.delete())
        for participant in await s.scalars(select(Participant).where(Participant.form == "teacher_teacher")):
            participant.status = ParticipantStatus.DECLINED
        programme.forms = ["teacher_student"]
        await s.commit()
    out = texts(await client.send(CURATOR, "Слабые"))
    assert out == "Этот вопрос уже закрыт. Откройте /swot, чтобы продолжить анализ."
    assert await reviews_count(client) == 0


async def test_not_for_other_people(client: BotClient) -> None:
    await small_school(client)
    for person in (STRANGER, MENTEE):
        out = await client.send(person, "/swot")
        assert "SWOT" not in texts(out)
        assert all(int(getattr(r, "chat_id", person.id)) == person.id for r in out), "nothing reaches the curator"
        for data in (SwotCb(action="form", form="teacher_teacher"), SwotCb(action="fill", form="teacher_teacher"), SwotCb(action="file")):
            out = await client.callback(person, data.pack())
            assert alerts(out) == ["Эта кнопка больше не работает."]
            assert "SWOT" not in texts(out) and not [r for r in out if isinstance(r, SendDocument)]
        out = await client.send(person, "Сильные стороны")
        assert "Сохранено" not in texts(out)
    assert await reviews_count(client) == 0


# ---- the report ---------------------------------------------------------------------------------


async def respond(s: Any, participant_id: int, questionnaire: str, period: str, answers: dict[str, Any]) -> None:
    at = datetime(2026, 12, 1, tzinfo=UTC)
    s.add(
        QuestionnaireResponse(
            participant_id=participant_id, questionnaire=questionnaire, period=period, status=ResponseStatus.SUBMITTED,
            started_at=at, updated_at=at, submitted_at=at,
            answers=[Answer(question=k, value=v, answered_at=at) for k, v in answers.items()],
        )
    )
    await s.flush()


async def report_school(client: BotClient) -> None:
    """Teacher-teacher: two mentors, four mentees, four pairs (three completed), meetings, feedback and
    exit surveys, and a written review; teacher-student: two people and no review."""
    client.app.clock.set(NOW)  # type: ignore[attr-defined]
    async with client.app.sessionmaker() as s:
        programme = await first_programme(s)
        assert programme is not None
        pid = programme.id
        m1 = await make_member(s, pid, 1001, "mentor", "teacher_teacher", capacity=2)
        m2 = await make_member(s, pid, 1002, "mentor", "teacher_teacher", capacity=2)
        e1, e2, e3, e5 = [await make_member(s, pid, 2000 + i, "mentee", "teacher_teacher") for i in (1, 2, 3, 5)]
        m3 = await make_member(s, pid, 1003, "mentor", "teacher_student")
        await make_member(s, pid, 2004, "mentee", "teacher_student")
        p1, p2 = await make_pair(s, m1, e1), await make_pair(s, m1, e2)
        p3, p4 = await make_pair(s, m2, e3), await make_pair(s, m2, e5)
        for pair in (p2, p3, p4):
            await complete(s, pair, "on_time", actor=CURATOR.id, today=date(2027, 1, 10), now=datetime(2027, 1, 10, 9, 0, tzinfo=UTC))
        for pair, status in [(p1, "held"), (p1, "held"), (p2, "held"), (p2, "not_held"), (p3, "accepted")]:
            at = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
            s.add(Meeting(pair_id=pair.id, proposed_by_id=m1.id, starts_at=at, kind="regular", format="online", status=status, created_at=at, updated_at=at))
        # Mentees' last answers: 8, 7, 9 (e1's November 6 is not the last); mentors: two answers only.
        for person, period, score in [(e1, "2026-11", 6), (e1, "2026-12", 8), (e2, "2026-12", 7), (e3, "2026-11", 9), (m1, "2026-12", 9), (m2, "2026-12", 10), (m3, "2026-12", 1)]:
            await respond(s, person.id, "feedback", period, {"usefulness": score, "meetings": 2, "named": "no"})
        for person, pair, goal in [(e2, p2, "yes"), (e3, p3, "partly"), (e5, p4, "yes"), (m1, p2, "yes"), (m2, p3, "yes"), (m2, p4, "yes")]:
            await respond(s, person.id, "exit", f"pair-{pair.id}", {"goal_reached": goal, "again": "yes"})
        edited = datetime(2027, 1, 12, 22, 30, tzinfo=UTC)  # 13 January, 01:30 in Moscow
        for part, text in [
            ("strengths", "Опытные наставники"),
            ("weaknesses", "Мало времени"),
            ("opportunities", "=СУММ(A1) сеть школ"),
            ("threats", "- нагрузка\n- уход наставников"),
        ]:
            await swot.save_part(s, pid, "teacher_teacher", part, text, CURATOR.id, edited)
        await s.commit()


def read(data: bytes) -> dict[str, list[list[Any]]]:
    return read_xlsx(data)


def head(form: str) -> list[list[Any]]:
    return [
        ["SWOT-анализ по формам наставничества"],
        [SCHOOL],
        ["Программа 2026/2027. Состояние на 13.01.2027."],
        [],
        [f"Форма наставничества: {form}"],
        [],
        ["Показатели формы"],
    ]


SATISFACTION = ["Удовлетворённость", "Наставники", "Наставляемые"]
TT_SHEET = [
    *head(TT),
    ["Наставников (дали согласие)", 2],
    ["Наставляемых (дали согласие)", 4],
    ["Пар сформировано", 4],
    ["Из них завершено", 3],
    ["Встреч состоялось", 3],
    [],
    SATISFACTION,
    ["Ответов в ежемесячном опросе (последний ответ каждого)", 2, 3],
    ["Средняя польза встреч (1–10)", HIDDEN, 8],
    ["Ответов в итоговой анкете", 3, 3],
    ["Цель достигнута (доля ответивших «да»)", 1, 0.667],
    [],
    ["SWOT-анализ"],
    ["Сильные стороны", "Опытные наставники"],
    ["Слабые стороны", "Мало времени"],
    ["Возможности", "=СУММ(A1) сеть школ"],
    ["Угрозы", "- нагрузка\n- уход наставников"],
    ["Последнее изменение", datetime(2027, 1, 13)],
    [],
    [FOOTNOTE],
]
TS_SHEET = [
    *head(TS),
    ["Наставников (дали согласие)", 1],
    ["Наставляемых (дали согласие)", 1],
    ["Пар сформировано", 0],
    ["Из них завершено", 0],
    ["Встреч состоялось", 0],
    [],
    SATISFACTION,
    ["Ответов в ежемесячном опросе (последний ответ каждого)", 1, 0],
    ["Средняя польза встреч (1–10)", HIDDEN, HIDDEN],
    ["Ответов в итоговой анкете", 0, 0],
    ["Цель достигнута (доля ответивших «да»)", HIDDEN, HIDDEN],
    [],
    ["SWOT-анализ"],
    ["SWOT-анализ по этой форме ещё не проведён."],
    [],
    [FOOTNOTE],
]


def document(requests: list[TelegramMethod[Any]]) -> tuple[str, bytes, str]:
    (sent,) = [r for r in requests if isinstance(r, SendDocument)]
    assert isinstance(sent.document, BufferedInputFile)
    return sent.document.filename or "", sent.document.data, sent.caption or ""


async def test_report_cell_by_cell(client: BotClient) -> None:
    await report_school(client)
    await client.send(CURATOR, "/reports")
    name, data, caption = document(await client.press(CURATOR, "SWOT-анализ по формам наставничества"))
    assert name == "SWOT-анализ 2026-2027.xlsx"
    assert caption == "SWOT-анализ по формам наставничества на 13.01.2027: готов по 1 из 2 форм."
    book = read(data)
    assert list(book) == [TT, TS]
    assert book[TT] == TT_SHEET
    assert book[TS] == TS_SHEET

    # The same file from /swot.
    await client.send(CURATOR, "/swot")
    again = document(await client.press(CURATOR, "Отчёт «SWOT-анализ»"))
    assert (again[0], again[2]) == (name, caption) and read(again[1]) == book

    # The review screen shows the same figures.
    out = screen(await client.press(CURATOR, TT))
    assert "Участники: наставников — 2, наставляемых — 4" in out
    assert "Пары: сформировано — 4, из них завершено — 3" in out
    assert "Встреч состоялось: 3" in out
    assert "наставники — 2 ответа, показатель появится от 3; наставляемые — 8,0 (3 ответа)" in out
    assert "Цель достигнута (итоговая анкета): наставники — 100 % (3 ответа); наставляемые — 67 % (3 ответа)" in out
    assert "✅ Анализ готов, изменён 13.01.2027." in out


async def test_report_of_a_programme_without_forms(client: BotClient) -> None:
    async with client.app.sessionmaker() as s:
        programme = await first_programme(s)
        assert programme is not None
        programme.forms = []
        await s.commit()
    out = screen(await client.send(CURATOR, "/swot"))
    assert "В программе пока нет форм наставничества." in out
    await client.send(CURATOR, "/reports")
    _, data, caption = document(await client.press(CURATOR, "SWOT-анализ по формам наставничества"))
    assert "готов по 0 из 0 форм" in caption
    (rows,) = read(data).values()
    assert rows[-1] == ["В программе пока нет форм наставничества."]


async def test_a_partial_review_in_the_report(client: BotClient) -> None:
    await small_school(client)
    async with client.app.sessionmaker() as s:
        programme = await first_programme(s)
        assert programme is not None
        await swot.save_part(s, programme.id, "teacher_student", "weaknesses", "  Мало встреч  ", CURATOR.id, NOW)
        await swot.save_part(s, programme.id, "teacher_student", "threats", "Нагрузка", CURATOR.id, NOW)
        await s.commit()
        ctx = swot.rs.Ctx(t=RU.translator("ru"), tz=client.app.settings.tz, today=date(2027, 1, 13), school=SCHOOL)
        built = await swot.report(s, programme, ctx)
    assert built.caption == "SWOT-анализ по формам наставничества на 13.01.2027: готов по 0 из 2 форм."
    book = read(swot.rs.xlsx(built.sheets))
    assert book[TS][-8:] == [
        ["SWOT-анализ"],
        ["Сильные стороны", "не заполнено"],
        ["Слабые стороны", "Мало встреч"],
        ["Возможности", "не заполнено"],
        ["Угрозы", "Нагрузка"],
        ["Последнее изменение", datetime(2027, 1, 13)],
        [],
        [FOOTNOTE],
    ]
    assert book[TT][-4:] == [["SWOT-анализ"], ["SWOT-анализ по этой форме ещё не проведён."], [], [FOOTNOTE]]


async def test_a_fixed_number_of_queries(client: BotClient) -> None:
    await report_school(client)

    async def count() -> int:
        async with client.app.sessionmaker() as s:
            programme = await first_programme(s)
            assert programme is not None
            ctx = swot.rs.Ctx(t=RU.translator("ru"), tz=client.app.settings.tz, today=date(2027, 1, 13), school=SCHOOL)
            with StatementCounter(client.app.engine) as counter:
                await swot.report(s, programme, ctx)
            return counter.count

    small = await count()
    async with client.app.sessionmaker() as s:
        programme = await first_programme(s)
        assert programme is not None
        for i in range(20):
            mentor = await make_member(s, programme.id, 5000 + i, "mentor", "student_student")
            mentee = await make_member(s, programme.id, 6000 + i, "mentee", "student_student")
            await make_pair(s, mentor, mentee)
            await respond(s, mentee.id, "feedback", "2026-12", {"usefulness": 5})
        await s.commit()
    assert await count() == small == 6


# ---- the roadmap --------------------------------------------------------------------------------


async def test_roadmap_marks_the_swot_done(client: BotClient) -> None:
    now = client.app.clock.now()
    async with client.app.sessionmaker() as s:
        programme = await first_programme(s)
        assert programme is not None
        await ensure_roadmap(s, programme, now)
        assert not await roadmap_auto.swot_done(s, programme.id), "no pairs: nothing to analyse yet"
        tt_mentor = await make_member(s, programme.id, 1001, "mentor", "teacher_teacher")
        tt_mentee = await make_member(s, programme.id, 2001, "mentee", "teacher_teacher")
        ts_mentor = await make_member(s, programme.id, 1002, "mentor", "teacher_student")
        ts_mentee = await make_member(s, programme.id, 2002, "mentee", "teacher_student")
        await make_member(s, programme.id, 2003, "mentee", "student_student")  # no pair: needs no analysis
        await make_pair(s, tt_mentor, tt_mentee)
        ts_pair = await make_pair(s, ts_mentor, ts_mentee)
        await complete(s, ts_pair, "on_time", actor=CURATOR.id, today=date(2026, 11, 23), now=now)  # completed pairs count too
        for part in swot.PARTS:
            await swot.save_part(s, programme.id, "teacher_teacher", part, f"{part} текст", CURATOR.id, now)
        await s.commit()
        assert not await roadmap_auto.swot_done(s, programme.id)

        # Another school's complete review of the form does not count for this one.
        other_school = Organisation(name="Школа № 2", timezone="Europe/Moscow", created_at=now)
        s.add(other_school)
        await s.flush()
        other = Programme(organisation_id=other_school.id, academic_year="2026/2027", starts_on=date(2026, 9, 1), ends_on=date(2027, 8, 31), forms=["teacher_student"], created_at=now)
        s.add(other)
        await s.flush()
        for part in swot.PARTS:
            await swot.save_part(s, other.id, "teacher_student", part, "текст", CURATOR.id, now)
        # Three parts, and a fourth of spaces written by someone else: not complete.
        for part in swot.PARTS[:3]:
            await swot.save_part(s, programme.id, "teacher_student", part, "текст", CURATOR.id, now)
        review = await swot.review_of(s, programme.id, "teacher_student")
        assert review is not None
        review.answers = {**review.answers, "threats": "   "}
        await s.commit()
        assert not await roadmap_auto.swot_done(s, programme.id)
        assert "quality-monitoring" not in {e.code for e in await roadmap_auto.refresh(s, programme, now)}
        await s.commit()

    await client.send(CURATOR, "/swot")
    await client.press(CURATOR, TS)
    await client.press(CURATOR, "Изменить одну часть")
    await client.press(CURATOR, "Угрозы")
    await client.send(CURATOR, "Уход наставников")
    out = texts(await client.send(CURATOR, "/roadmap"))
    assert "Бот сам отметил" in out and "Мониторинг качества реализации программы (SWOT-анализ по формам)" in out
    async with client.app.sessionmaker() as s:
        event_ = await s.scalar(select(RoadmapEvent).where(RoadmapEvent.programme_id == programme.id, RoadmapEvent.code == "quality-monitoring"))
        assert event_ is not None
        assert (event_.status, event_.done_by_telegram_id) == (RoadmapStatus.DONE, None)


def test_the_roadmap_hint_exists_in_both_languages() -> None:
    assert "quality-monitoring" in roadmap_auto.AUTO_OF and roadmap_auto.AUTO_OF["quality-monitoring"] == "swot-done"
    for locale in ("ru", "en"):
        assert RU.has(locale, "rm-auto-swot-done") and RU.has(locale, "cmd-swot")
