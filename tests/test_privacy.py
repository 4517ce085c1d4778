"""/privacy and the erasure of a person's data (152-FZ) through the real Dispatcher: what is shown,
the downloaded copy, withdrawal with its confirmation, a parent withdrawing for a minor, forged
buttons, the set-based erasure's statement count, and a property over random user journeys."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from aiogram.fsm.storage.base import StorageKey
from aiogram.methods import SendDocument
from aiogram.types import BufferedInputFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import JSON, String, and_, event, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from bot.i18n import L10n
from bot.services import reports as rs
from bot.services import status as status_service
from bot.services.onboarding import record_consent
from bot.services.outbox import Draft, enqueue
from bot.services.privacy import OTHER_TEXT, PERSONAL_TEXT, erase_participants
from bot.services.programme import first_programme
from db.models import (
    Answer,
    Base,
    Concern,
    Consent,
    ConsentKind,
    Meeting,
    MeetingCheckin,
    MeetingStatus,
    OutboxMessage,
    OutboxStatus,
    Pair,
    PairEvent,
    PairStatus,
    Participant,
    ParticipantNote,
    ParticipantStatus,
    PlanGoal,
    PlanTask,
    Programme,
    QuestionnaireResponse,
    ResponseStatus,
    User,
)
from tests.factories import make_invite, make_member, make_pair
from tests.harness import CURATOR, BotClient, Person, alerts, sent_to, texts

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
MSK = ZoneInfo("Europe/Moscow")

MENTOR = Person(811, "Сергей", "ru")
MENTEE = Person(812, "Дарья", "ru")
STRANGER = Person(813, "Глеб", "ru")

NAME = "Кузнецова Дарья Игоревна"
MENTOR_NAME = "Сергеев Сергей Петрович"
# What the mentee typed or what was written about her, each unique in the database.
GOAL_ANSWER = "Научиться держать внимание класса на открытом уроке"
FEEDBACK_TEXT = "Разбор ошибок после урока очень помог"
NOTE_TEXT = "Психолог: тревожится перед выступлениями"
CONCERN_TEXT = "Нам неудобно время встреч по пятницам"
HELD_TOPIC = "Знакомство и ожидания от работы"
TOPIC = "Разбор конспекта открытого урока"
CHECKIN_NOTE = "Встреча прошла спокойно и с пользой"
PLAN_GOAL = "Провести открытый урок по истории"
PLAN_TASK = "Подготовить конспект и раздаточный материал"
DIALOG_TEXT = "Черновик задачи про подготовку презентации"
TYPED = (GOAL_ANSWER, FEEDBACK_TEXT, NOTE_TEXT, CONCERN_TEXT, HELD_TOPIC, TOPIC, CHECKIN_NOTE, PLAN_GOAL, PLAN_TASK, DIALOG_TEXT)
# Someone else's, never in the mentee's copy.
MENTOR_SECRET = "Наставник о себе: веду кружок робототехники"
OTHER_SECRET = "Другая наставляемая хочет перейти в профильный класс"
OTHER_NOTE = "Классный руководитель о другой ученице"


@dataclass
class Scene:
    programme_id: int
    mentor_id: int
    mentee_id: int
    other_id: int
    pair_id: int


async def build_scene(client: BotClient) -> Scene:
    """A mentor and a mentee in a pair, with everything a mentee can leave behind."""
    async with client.app.sessionmaker() as s:
        programme = await first_programme(s)
        assert programme is not None
        mentor = await make_member(s, programme.id, MENTOR.id, "mentor", name=MENTOR_NAME, capacity=2, answers={"about": MENTOR_SECRET})
        mentee = await make_member(
            s, programme.id, MENTEE.id, "mentee", name=NAME, answers={"requests": ["methodical"], "goal": GOAL_ANSWER}
        )
        other = await make_member(s, programme.id, 815, "mentee", name="Другова Ольга Ивановна", answers={"goal": OTHER_SECRET})
        record_consent(s, mentee, ConsentKind.SELF, version="2026-11b", text="consent", locale="ru", now=NOW, given_by=MENTEE.id)
        pair = await make_pair(s, mentor, mentee)
        s.add_all(
            [
                ParticipantNote(participant_id=mentee.id, source="psychologist", text=NOTE_TEXT, author_telegram_id=CURATOR.id, created_at=NOW),
                ParticipantNote(participant_id=other.id, source="class_teacher", text=OTHER_NOTE, author_telegram_id=CURATOR.id, created_at=NOW),
                QuestionnaireResponse(
                    participant_id=mentee.id,
                    questionnaire="feedback",
                    period="2026-11",
                    status=ResponseStatus.SUBMITTED,
                    started_at=NOW,
                    updated_at=NOW,
                    submitted_at=NOW,
                    answers=[
                        Answer(question="usefulness", value=8, answered_at=NOW),
                        Answer(question="helped", value=FEEDBACK_TEXT, answered_at=NOW),
                    ],
                ),
            ]
        )
        held = Meeting(
            pair_id=pair.id, proposed_by_id=mentee.id, starts_at=NOW - timedelta(days=3), kind="organisational", format="offline",
            topic=HELD_TOPIC, status=MeetingStatus.HELD, created_at=NOW - timedelta(days=5), updated_at=NOW - timedelta(days=3),
        )  # fmt: skip
        upcoming = Meeting(
            pair_id=pair.id, proposed_by_id=mentee.id, starts_at=NOW + timedelta(hours=20), kind="trial", format="online",
            topic=TOPIC, status=MeetingStatus.ACCEPTED, created_at=NOW - timedelta(days=2), updated_at=NOW - timedelta(days=2),
        )  # fmt: skip
        goal = PlanGoal(mentee_id=mentee.id, title=PLAN_GOAL, created_by_id=mentee.id, created_at=NOW)
        s.add_all([held, upcoming, goal])
        await s.flush()
        s.add_all(
            [
                MeetingCheckin(meeting_id=held.id, participant_id=mentee.id, answer="yes", note=CHECKIN_NOTE, answered_at=NOW),
                PlanTask(goal_id=goal.id, title=PLAN_TASK, due_on=date(2026, 11, 24), created_at=NOW),
            ]
        )
        await s.commit()
        return Scene(programme.id, mentor.id, mentee.id, other.id, pair.id)


async def leave_traces(client: BotClient, scene: Scene) -> None:
    """What the mentee does in the bot: a concern to the curator (through the outbox), a reminder
    run, messages still waiting, and a dialog left half-way (a task title typed, no date yet)."""
    await client.send(MENTEE, "/pair")
    await client.press(MENTEE, "Что-то не так в паре")
    await client.send(MENTEE, CONCERN_TEXT)
    await client.tick()  # the meeting reminder (both sides, naming each other) and the task due tomorrow
    async with client.app.sessionmaker() as s:
        mentee_user = await s.scalar(select(User.id).where(User.telegram_id == MENTEE.id))
        later = NOW + timedelta(days=1)
        await enqueue(
            s,
            [
                Draft(key="test:mentee", kind="test", chat_id=MENTEE.id, user_id=mentee_user, programme_id=scene.programme_id,
                      text=f"Завтра встреча: {TOPIC}", not_before=later),
                Draft(key="test:mentor", kind="test", chat_id=MENTOR.id, programme_id=scene.programme_id,
                      text=f"Завтра встреча с {NAME}", not_before=later),
                Draft(key="test:other", kind="test", chat_id=815, programme_id=scene.programme_id, text="Общее объявление", not_before=later),
            ],
            NOW,
        )  # fmt: skip
        await s.commit()
    await client.send(MENTEE, "/plan")
    await client.press(MENTEE, "Задача к цели 1")
    await client.send(MENTEE, DIALOG_TEXT)


async def traces(client: BotClient, needles: tuple[str, ...]) -> list[str]:
    """Every text column of every table (String, Text and JSON, found generically), searched for the needles."""
    found = []
    async with client.app.sessionmaker() as s:
        for table in Base.metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, String | JSON)]
            if not columns:
                continue
            for row in (await s.execute(select(*columns))).all():
                for column, value in zip(columns, row, strict=True):
                    if value is None:
                        continue
                    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                    found += [f"{table.name}.{column.name}: {needle}" for needle in needles if needle in text]
    return found


def document_json(requests: list[Any]) -> tuple[str, dict[str, Any], str]:
    (sent,) = [r for r in requests if isinstance(r, SendDocument)]
    assert isinstance(sent.document, BufferedInputFile)
    raw = sent.document.data.decode("utf-8")
    return sent.document.filename or "", json.loads(raw), raw


def dialog_key(client: BotClient, person: Person) -> StorageKey:
    return StorageKey(bot_id=client.bot.id, chat_id=person.id, user_id=person.id)


def export_ctx() -> rs.Ctx:
    return rs.Ctx(t=L10n().translator("ru"), tz=MSK, today=date(2026, 11, 23), school="Лицей")


async def figures(client: BotClient) -> tuple[status_service.Summary, dict[str, list[list[Any]]]]:
    async with client.app.sessionmaker() as s:
        programme = await first_programme(s)
        assert programme is not None
        summary = await status_service.summary(s, programme, client.app.clock.now(), MSK)
        sheets = {sheet.title: sheet.rows for sheet in await rs.full_export(s, programme, export_ctx())}
    return summary, sheets


# ---- the registry of personal text columns ----------------------------------------------------------


def test_every_text_column_is_classified() -> None:
    """A new text column must be added to PERSONAL_TEXT (erased) or OTHER_TEXT (with the reason)."""
    personal = {f"{table.name}.{column.name}" for table, column in PERSONAL_TEXT}
    assert all(column.table is table for table, column in PERSONAL_TEXT)
    every = {
        f"{table.name}.{column.name}"
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, String | JSON)
    }
    assert personal & set(OTHER_TEXT) == set()
    assert sorted(every - personal - set(OTHER_TEXT)) == []
    assert sorted((personal | set(OTHER_TEXT)) - every) == []


# ---- what is shown, and the copy ----------------------------------------------------------------------


async def test_privacy_shows_holdings_and_the_copy_is_only_theirs(client: BotClient) -> None:
    scene = await build_scene(client)
    await leave_traces(client, scene)
    out = texts(await client.send(MENTEE, "/privacy"))
    assert "Ваши данные в боте" in out and "Оператор персональных данных — школа" in out
    assert f"Имя: {NAME}" in out and "наставляемый, форма «учитель — учитель»" in out
    assert "Статус: участвует" in out and "Зачем: Подбор пар" in out
    assert "Согласие (собственное): 23.11.2026, версия текста 2026-11b" in out
    assert "Анкета наставляемого" in out and "11.2026" in out
    assert f"Пара: {MENTOR_NAME} (наставник), действует" in out
    assert "Встречи в парах: 2" in out and "План развития: 1 цель, 1 задача" in out
    assert "Ваши обращения к куратору: 1" in out
    assert "Заметки куратора о вас: 1 (источник: психолог)" in out and NOTE_TEXT not in out
    client.find_button(MENTEE, "Отозвать согласие: наставляемый")

    name, copy, raw = document_json(await client.press(MENTEE, "Скачать мои данные"))
    assert name == "my-data-2026-11-23.json"
    (part,) = copy["participations"]
    assert part["name"] == NAME and part["role"] == "mentee"
    intake = next(q for q in part["questionnaires"] if q["questionnaire"] == "mentee_intake")
    assert intake["answers"]["goal"] == GOAL_ANSWER
    for text in (FEEDBACK_TEXT, NOTE_TEXT, CONCERN_TEXT, TOPIC, HELD_TOPIC, CHECKIN_NOTE, PLAN_GOAL, PLAN_TASK):
        assert text in raw
    assert part["pairs"][0]["partner_name"] == MENTOR_NAME
    assert part["notes_about_you"] == [{"source": "psychologist", "text": NOTE_TEXT, "created_at": NOW.isoformat()}]
    # Nothing of anyone else's: the partner's and another mentee's answers and notes, the curator's account.
    for text in (MENTOR_SECRET, OTHER_SECRET, OTHER_NOTE, "Другова"):
        assert text not in raw
    assert str(MENTOR.id) not in raw and f": {CURATOR.id}," not in raw

    # Someone the bot knows nothing about is told so; a curator sees their curator row.
    out = texts(await client.send(STRANGER, "/privacy"))
    assert "ничего о вас не хранит" in out
    out = texts(await client.send(CURATOR, "/privacy"))
    assert "Вы куратор" in out and "Отозвать согласие" not in str(client.fake.requests[-1])


# ---- withdrawal ---------------------------------------------------------------------------------------


async def test_withdrawal_erases_every_trace_and_keeps_the_counts(client: BotClient) -> None:
    scene = await build_scene(client)
    await leave_traces(client, scene)
    redis = client.app.settings.redis_url is not None
    before = await traces(client, (NAME, *TYPED))
    for needle in (NAME, *TYPED):
        if needle != DIALOG_TEXT or not redis:
            assert any(f": {needle}" in hit for hit in before), needle
    assert (await client.app.storage.get_data(dialog_key(client, MENTEE))).get("title") == DIALOG_TEXT
    summary_before, sheets_before = await figures(client)
    assert summary_before.held_this_month == 1 and summary_before.active_pairs == 1

    await client.send(MENTEE, "/privacy")
    out = texts(await client.press(MENTEE, "Отозвать согласие: наставляемый"))
    assert "Отозвать согласие на обработку персональных данных?" in out and "Это нельзя отменить" in out
    requests = await client.press(MENTEE, "Да, отозвать")
    assert "Согласие отозвано, ваши данные удалены" in texts(requests)
    partner = texts(sent_to(requests, MENTOR.id))
    assert "пара" in partner.lower() and "больше не участвует в программе" in partner and NAME not in partner
    curator = texts(sent_to(requests, CURATOR.id))
    assert "Участник отозвал согласие (наставляемый" in curator and f"без пары остался: {MENTOR_NAME}" in curator

    # No trace of her name or of anything she typed, in any text column of any table.
    assert await traces(client, (NAME, *TYPED)) == []
    assert await client.app.storage.get_data(dialog_key(client, MENTEE)) == {}
    assert await client.app.storage.get_state(dialog_key(client, MENTEE)) is None
    async with client.app.sessionmaker() as s:
        assert await s.scalar(select(User).where(User.telegram_id == MENTEE.id)) is None
        stub = await s.get(Participant, scene.mentee_id)
        assert stub is not None and stub.status == ParticipantStatus.WITHDRAWN and stub.user_id is None
        assert (stub.role, stub.form, stub.full_name, stub.class_or_subject, stub.is_minor) == ("mentee", "teacher_teacher", None, None, None)
        for model, column in ((QuestionnaireResponse, QuestionnaireResponse.participant_id), (Consent, Consent.participant_id),
                              (ParticipantNote, ParticipantNote.participant_id), (Concern, Concern.raised_by_id), (PlanGoal, PlanGoal.mentee_id)):  # fmt: skip
            assert await s.scalar(select(func.count()).select_from(model).where(column == scene.mentee_id)) == 0, model
        pair = await s.get(Pair, scene.pair_id)
        assert pair is not None and pair.status == PairStatus.COMPLETED
        statuses = sorted(await s.scalars(select(Meeting.status).where(Meeting.pair_id == scene.pair_id)))
        assert statuses == [MeetingStatus.CANCELLED, MeetingStatus.HELD]  # the one ahead will not take place
        last = await s.scalar(select(PairEvent).where(PairEvent.pair_id == scene.pair_id).order_by(PairEvent.id.desc()).limit(1))
        assert last is not None and last.kind == "completed" and last.data["reason"] == "withdrawn" and last.actor_telegram_id is None
        assert await s.scalar(select(func.count()).select_from(OutboxMessage).where(OutboxMessage.chat_id == MENTEE.id)) == 0
        to_mentor = await s.scalar(select(OutboxMessage).where(OutboxMessage.key == "test:mentor"))
        assert to_mentor is not None and to_mentor.status == OutboxStatus.CANCELLED and to_mentor.text == ""
        to_other = await s.scalar(select(OutboxMessage).where(OutboxMessage.key == "test:other"))
        assert to_other is not None and to_other.text == "Общее объявление" and to_other.status == OutboxStatus.PENDING
        # The partner's data is untouched.
        assert await s.scalar(select(func.count()).select_from(QuestionnaireResponse).where(QuestionnaireResponse.participant_id == scene.mentor_id)) == 1

    # The planner has nobody to write to: the poll day, the task's due date, the meeting time pass.
    for days in (1, 2, 3):
        client.app.clock.set(NOW + timedelta(days=days))  # type: ignore[attr-defined]
        assert sent_to(await client.tick(), MENTEE.id) == []
    client.app.clock.set(NOW)  # type: ignore[attr-defined]

    # /status and the reports still count the pair and its meetings, under no name.
    summary, sheets = await figures(client)
    assert summary.held_this_month == 1 and summary.active_pairs == 0
    assert summary.invited.mentees == summary_before.invited.mentees - 1
    withdrawn = "Выбывший участник (данные удалены)"
    pairs = sheets["Пары"][1:]
    assert len(pairs) == len(sheets_before["Пары"]) - 1
    assert [row[:2] for row in pairs] == [[MENTOR_NAME, withdrawn]] and pairs[0][5] == "завершена"
    meetings = sheets["Встречи"][1:]
    assert len(meetings) == 2 and {row[1] for row in meetings} == {withdrawn}
    assert all(withdrawn not in row for row in sheets["Участники"])
    assert len(sheets["Участники"]) == len(sheets_before["Участники"]) - 1
    out = texts(await client.send(CURATOR, "/status"))
    assert "Кузнецова" not in out

    # The stub is nobody's: /privacy knows nothing, the curator's card does not open.
    assert "ничего о вас не хранит" in texts(await client.send(MENTEE, "/privacy"))


async def test_cancelled_withdrawal_changes_nothing(client: BotClient) -> None:
    scene = await build_scene(client)
    await client.send(MENTEE, "/privacy")
    await client.press(MENTEE, "Отозвать согласие: наставляемый")
    out = texts(await client.press(MENTEE, "Отмена"))
    assert "ничего не изменилось" in out
    async with client.app.sessionmaker() as s:
        participant = await s.get(Participant, scene.mentee_id)
        assert participant is not None and participant.status == ParticipantStatus.ACTIVE and participant.full_name == NAME
        assert await s.scalar(select(func.count()).select_from(QuestionnaireResponse).where(QuestionnaireResponse.participant_id == scene.mentee_id)) == 2
        pair = await s.get(Pair, scene.pair_id)
        assert pair is not None and pair.status == PairStatus.ACTIVE
    assert await traces(client, (NOTE_TEXT, PLAN_TASK))


async def test_forged_withdraw_button_does_nothing(client: BotClient) -> None:
    scene = await build_scene(client)
    for person in (STRANGER, MENTOR):
        for action in ("ask", "yes"):
            requests = await client.callback(person, f"pv:{action}:{scene.mentee_id}")
            assert alerts(requests) == ["Эта кнопка не для вас."]
            assert [r for r in requests if getattr(r, "chat_id", None) is not None] == []
    requests = await client.callback(STRANGER, "pv:yes:99999999999")
    assert alerts(requests)
    async with client.app.sessionmaker() as s:
        participant = await s.get(Participant, scene.mentee_id)
        assert participant is not None and participant.status == ParticipantStatus.ACTIVE
        assert await s.scalar(select(func.count()).select_from(Answer)) > 0
    # A second tap after the withdrawal is refused (the stub is nobody's), and nothing is sent.
    await client.send(MENTEE, "/privacy")
    await client.press(MENTEE, "Отозвать согласие: наставляемый")
    message, data = client.find_button(MENTEE, "Да, отозвать")
    await client.callback(MENTEE, data, message)
    again = await client.callback(MENTEE, data, message)
    assert alerts(again)[0] in ("Эта кнопка больше не работает.", "Эта кнопка не для вас.")
    assert [r for r in again if getattr(r, "chat_id", None) is not None] == []


# ---- a parent withdraws a minor's consent ---------------------------------------------------------------

STUDENT = Person(821, "Петя", "ru")
PARENT = Person(822, "Ирина", "ru")


async def student_with_parent_consent(client: BotClient) -> None:
    invite = await make_invite(client, role="mentee", form="teacher_student", full_name="Петров Пётр Ильич")
    await client.send(STUDENT, f"/start {invite.code}")
    await client.press(STUDENT, "Согласен")
    out = texts(await client.press(STUDENT, "меньше 18"))
    code = out.split("?start=")[1].split()[0]
    await client.send(PARENT, f"/start {code}")
    await client.press(PARENT, "Я родитель и согласен")
    await client.press(STUDENT, "Продолжить")
    await client.press(STUDENT, "Ученик (школьник)")  # one answer stored, the dialog under way


async def test_parent_withdraws_a_minors_consent(client: BotClient) -> None:
    await student_with_parent_consent(client)
    await client.send(PARENT, "/language")
    await client.press(PARENT, "Русский")  # the parent now has a users row (their language), needed by nothing else
    assert await client.app.storage.get_state(dialog_key(client, STUDENT)) is not None
    out = texts(await client.send(PARENT, "/privacy"))
    assert "Согласие за ребёнка</b>: Петров Пётр Ильич" in out and "учитель — ученик" in out
    _, copy, raw = document_json(await client.press(PARENT, "Скачать мои данные"))
    assert copy["participations"] == [] and copy["consents_given_as_parent"][0]["child"] == "Петров Пётр Ильич"
    assert '"answers"' not in raw and '"kind"' not in raw  # the child's answers are the child's
    out = texts(await client.press(PARENT, "Отозвать согласие за: Петров Пётр Ильич"))
    assert "Отозвать согласие за ребёнка: Петров Пётр Ильич?" in out
    requests = await client.press(PARENT, "Да, отозвать")
    assert "Согласие за ребёнка (Петров Пётр Ильич) отозвано" in texts(requests)
    assert "Родитель отозвал согласие за участника" in texts(sent_to(requests, CURATOR.id))

    assert await traces(client, ("Петров Пётр",)) == []
    assert await client.app.storage.get_state(dialog_key(client, STUDENT)) is None
    async with client.app.sessionmaker() as s:
        stub = await s.scalar(select(Participant))
        assert stub is not None and stub.status == ParticipantStatus.WITHDRAWN and stub.user_id is None
        assert await s.scalar(select(func.count()).select_from(Answer)) == 0
        assert await s.scalar(select(func.count()).select_from(Consent)) == 0
        telegram_ids = set(await s.scalars(select(User.telegram_id)))
    assert STUDENT.id not in telegram_ids and PARENT.id not in telegram_ids
    assert "ничего о вас не хранит" in texts(await client.send(PARENT, "/privacy"))
    assert "ничего о вас не хранит" in texts(await client.send(STUDENT, "/privacy"))
    texts(await client.send(STUDENT, "8"))  # a leftover answer goes nowhere
    async with client.app.sessionmaker() as s:
        assert await s.scalar(select(func.count()).select_from(Answer)) == 0


async def test_a_parent_who_takes_part_keeps_their_users_row(client: BotClient) -> None:
    async with client.app.sessionmaker() as s:
        programme = await first_programme(s)
        assert programme is not None
        await make_member(s, programme.id, PARENT.id, "mentor", name="Петрова Ирина", capacity=1)
        await s.commit()
    await student_with_parent_consent(client)
    await client.send(PARENT, "/privacy")
    out = texts(await client.press(PARENT, "Отозвать согласие за:"))
    assert "Петров Пётр Ильич" in out
    await client.press(PARENT, "Да, отозвать")
    async with client.app.sessionmaker() as s:
        telegram_ids = set(await s.scalars(select(User.telegram_id)))
    assert PARENT.id in telegram_ids and STUDENT.id not in telegram_ids
    out = texts(await client.send(PARENT, "/privacy"))
    assert "Петрова Ирина" in out and "Согласие за ребёнка" not in out


# ---- the erasure is set-based -----------------------------------------------------------------------------


@contextmanager
def counting(engine: AsyncEngine) -> Iterator[list[int]]:
    count = [0]

    def on_execute(*_: Any) -> None:
        count[0] += 1

    event.listen(engine.sync_engine, "before_cursor_execute", on_execute)
    try:
        yield count
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", on_execute)


async def people_with_data(session: AsyncSession, programme: Programme, base: int, n: int) -> list[int]:
    """`n` mentees, each in a pair with answers, consent, a note, a concern, a meeting topic, a plan
    and a message queued to them."""
    ids = []
    for i in range(n):
        mentor = await make_member(session, programme.id, base + 2 * i, "mentor", name=f"Наставник {base + i}", capacity=1)
        mentee = await make_member(session, programme.id, base + 2 * i + 1, "mentee", name=f"Наставляемый {base + i}", answers={"goal": f"цель {i}"})
        record_consent(session, mentee, ConsentKind.SELF, version="v", text="t", locale="ru", now=NOW, given_by=base + 2 * i + 1)
        pair = await make_pair(session, mentor, mentee)
        goal = PlanGoal(mentee_id=mentee.id, title=f"Цель плана {i}", created_by_id=mentee.id, created_at=NOW)
        session.add_all(
            [
                ParticipantNote(participant_id=mentee.id, source="other", text=f"Заметка {i}", author_telegram_id=CURATOR.id, created_at=NOW),
                Concern(pair_id=pair.id, raised_by_id=mentee.id, kind="concern", text=f"Беспокойство {i}", created_at=NOW),
                Meeting(pair_id=pair.id, proposed_by_id=mentee.id, starts_at=NOW, kind="trial", format="online", topic=f"Тема встречи {i}",
                        status=MeetingStatus.HELD, created_at=NOW, updated_at=NOW),
                goal,
            ]
        )  # fmt: skip
        await session.flush()
        session.add(PlanTask(goal_id=goal.id, title=f"Задача {i}", created_at=NOW))
        await enqueue(session, [Draft(key=f"bulk:{base}:{i}", kind="test", chat_id=base + 2 * i + 1, text=f"Тема встречи {i}")], NOW)
        ids.append(mentee.id)
    return ids


async def test_erasure_takes_the_same_statements_for_one_and_for_fifty(client: BotClient) -> None:
    counts = []
    for base, n in ((30000, 1), (40000, 50)):
        async with client.app.sessionmaker() as s:
            programme = await first_programme(s)
            assert programme is not None
            ids = await people_with_data(s, programme, base, n)
            await s.commit()
        async with client.app.sessionmaker() as s:
            with counting(client.app.engine) as count:
                erased = await erase_participants(s, ids, NOW)
            await s.commit()
        counts.append(count[0])
        assert erased.participants == n and erased.users == n and erased.answers == n
        async with client.app.sessionmaker() as s:
            assert await s.scalar(select(func.count()).select_from(Participant).where(Participant.id.in_(ids), Participant.user_id.is_not(None))) == 0
            assert await s.scalar(select(func.count()).select_from(PlanGoal).where(PlanGoal.mentee_id.in_(ids))) == 0
            assert await s.scalar(select(func.count()).select_from(Meeting).where(Meeting.proposed_by_id.in_(ids), Meeting.topic.is_not(None))) == 0
            assert await s.scalar(select(func.count()).select_from(Pair).where(Pair.mentee_id.in_(ids), Pair.status == PairStatus.ACTIVE)) == 0
    assert counts[0] == counts[1], counts
    assert counts[0] <= 25
    # Their mentors are untouched and nothing of the mentees' texts is left.
    assert await traces(client, ("Наставляемый 30000", "Наставляемый 40049", "Беспокойство 3", "Тема встречи 7", "Цель плана 9")) == []
    assert await traces(client, ("Наставник 40049",))


# ---- a property over random journeys ------------------------------------------------------------------------

ACTIONS = ("join", "accept", "decline", "adult", "minor", "parent-yes", "parent-no", "answer", "withdraw", "parent-withdraw", "start")
# What the newest buttons to a person invite them to do, by the button data's prefix.
INVITED = {"c:accept": ("accept",), "c:adult": ("adult", "minor"), "qa:": ("answer",), "rs:": ("start",)}
_ids = itertools.count(50000, 10)


async def violations(client: BotClient) -> list[tuple[int, str]]:
    """Answers stored without the person's consent (and a parent's for a minor), or of a withdrawn participant."""
    own = exists().where(Consent.participant_id == Participant.id, Consent.kind == ConsentKind.SELF)
    parent = exists().where(Consent.participant_id == Participant.id, Consent.kind.in_((ConsentKind.PARENT, ConsentKind.PAPER)))
    allowed = and_(own, or_(Participant.is_minor.is_(False), parent), Participant.status != ParticipantStatus.WITHDRAWN)
    async with client.app.sessionmaker() as s:
        rows = await s.execute(
            select(Participant.id, Answer.question)
            .join(QuestionnaireResponse, QuestionnaireResponse.participant_id == Participant.id)
            .join(Answer, Answer.response_id == QuestionnaireResponse.id)
            .where(~allowed)
        )
        return [(int(pid), str(question)) for pid, question in rows.all()]


def newest_buttons(client: BotClient, person: Person) -> tuple[Any, list[str]]:
    """The newest message to the person that has buttons, and their callback data."""
    for (chat_id, _), message in sorted(client.fake.messages.items(), key=lambda kv: -kv[0][1]):
        if chat_id == person.id and message.reply_markup is not None:
            return message, [b.callback_data for row in message.reply_markup.inline_keyboard for b in row if b.callback_data]
    return None, []


def sensible(client: BotClient, person: Person) -> tuple[str, ...]:
    """What the bot is asking the person now (so that journeys get somewhere): the buttons' actions,
    a parent's decision while a parent link is out, else answering."""
    _, data = newest_buttons(client, person)
    for prefix, actions in INVITED.items():
        if any(d.startswith(prefix) for d in data):
            return actions
    if any("?start=p_" in text for text in client.texts_to(person)[-2:]):
        return ("parent-yes",)
    return ("answer",)


async def try_press(client: BotClient, person: Person, label: str) -> None:
    try:
        await client.press(person, label)
    except AssertionError:
        pass  # no such button now: the step does nothing


async def answer_something(client: BotClient, person: Person) -> None:
    """Presses the first option of the newest question, or submits a review, or types "5"."""
    message, data = newest_buttons(client, person)
    for prefix in ("qa:opt:", "qa:submit:", "qa:done:"):
        chosen = next((d for d in data if d.startswith(prefix)), None)
        if chosen is not None:
            await client.callback(person, chosen, message)
            return
    await client.send(person, "5")


async def act(client: BotClient, action: str, person: Person, parent: Person, student: bool) -> None:
    if action == "join":
        invite = await make_invite(
            client, role="mentee", form="teacher_student" if student else "teacher_teacher", full_name=f"Участник {person.id}"
        )
        await client.send(person, f"/start {invite.code}")
    elif action == "accept":
        await try_press(client, person, "Согласен")
        await try_press(client, person, "Я передумал")
    elif action == "decline":
        await try_press(client, person, "Не согласен")
    elif action == "adult":
        await try_press(client, person, "мне 18 или больше")
    elif action == "minor":
        await try_press(client, person, "мне меньше 18")
    elif action in ("parent-yes", "parent-no"):
        links = [text for text in client.texts_to(person) if "?start=p_" in text]
        if links:
            await client.send(parent, f"/start {links[-1].split('?start=')[1].split()[0]}")
            await try_press(client, parent, "Я родитель и согласен" if action == "parent-yes" else "Не согласен")
    elif action == "answer":
        for _ in range(3):
            await answer_something(client, person)
    elif action == "withdraw":
        await client.send(person, "/privacy")
        await try_press(client, person, "Отозвать согласие:")
        await try_press(client, person, "Да, отозвать")
    elif action == "parent-withdraw":
        await client.send(parent, "/privacy")
        await try_press(client, parent, "Отозвать согласие за:")
        await try_press(client, parent, "Да, отозвать")
    elif action == "start":
        await client.send(person, "/start")
        await try_press(client, person, "Продолжить")


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(students=st.tuples(st.booleans(), st.booleans()), data=st.data())
async def test_no_answer_without_consent(client: BotClient, students: tuple[bool, bool], data: st.DataObject) -> None:
    """Whatever two people (and their parents) do, in any order, no answer is kept without the
    person's consent and, for a minor, a parent's; and none is left after a withdrawal. Each step
    is any action, or (more often, so that journeys get somewhere) one the bot is asking for."""
    base = next(_ids)
    people = [Person(base + i, "Участник", "ru") for i in range(2)]
    parents = [Person(base + 5 + i, "Родитель", "ru") for i in range(2)]
    for who in (0, 1):
        await act(client, "join", people[who], parents[who], students[who])
    rnd = data.draw(st.randoms(use_true_random=False), label="choices")
    for _ in range(rnd.randint(8, 24)):
        who = rnd.randint(0, 1)
        likely = sensible(client, people[who])
        action = rnd.choice(likely) if rnd.random() < 0.7 else rnd.choice(ACTIONS)
        await act(client, action, people[who], parents[who], students[who])
        assert await violations(client) == [], (who, action)


async def test_erase_command_erases_again_after_a_restore(client: BotClient, monkeypatch: Any, caplog: Any) -> None:
    """A backup restored after someone withdrew brings their data back; the log names the erasure by
    participant number, and `python -m bot.erase <numbers>` erases them again."""
    import logging

    from bot import erase as erase_cli

    async with client.app.sessionmaker() as s:
        programme = await first_programme(s)
        assert programme is not None
        ids = await people_with_data(s, programme, 60000, 2)
        await s.commit()
    with caplog.at_level(logging.INFO, logger="bot.services.privacy"):
        async with client.app.sessionmaker() as s:
            await erase_participants(s, ids[:1], NOW)
            await s.rollback()  # as if this erasure happened after the backup that is restored now
    logged = [r.getMessage() for r in caplog.records if "personal data of participant(s)" in r.getMessage()]
    assert logged == [f"erasing the personal data of participant(s) {ids[0]}"]
    assert await traces(client, ("Наставляемый 60000",))  # still there: the "restored" data

    settings = client.app.settings
    monkeypatch.setenv("BOT_TOKEN", settings.bot_token.get_secret_value())
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    assert await erase_cli.erase([ids[0]]) == 1
    assert await traces(client, ("Наставляемый 60000",)) == []
    assert await traces(client, ("Наставляемый 60001",))  # the other one is untouched
    with pytest.raises(SystemExit):
        erase_cli.main(["12,x"])
