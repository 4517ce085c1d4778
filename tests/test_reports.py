"""The curator's /reports: every report of a small school read back cell by cell, the privacy rules
(fewer than three answers hidden, names only with consent), the fixed number of queries, and the
screens through the real Dispatcher."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from aiogram.methods import AnswerCallbackQuery, SendDocument, TelegramMethod
from aiogram.types import BufferedInputFile
from openpyxl import load_workbook
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bench.common import StatementCounter
from bot.i18n import L10n
from bot.services import reports as rs
from bot.services.pairs import complete
from bot.services.programme import first_programme
from db.models import (
    Answer,
    Consent,
    Invite,
    Meeting,
    Participant,
    ParticipantStatus,
    PlanGoal,
    PlanTask,
    Programme,
    QuestionnaireResponse,
    ResponseStatus,
    RoadmapEvent,
    RoadmapStatus,
)
from handlers.curator.reports import ReportCb
from tests.factories import make_member, make_pair
from tests.harness import CURATOR, BotClient, Person, alerts, read_xlsx, texts

T = L10n().translator("ru")
MSK = ZoneInfo("Europe/Moscow")
NOW = datetime(2027, 1, 12, 9, 0, tzinfo=UTC)  # 12:00 in Moscow
TODAY = date(2027, 1, 12)
SCHOOL = "МБОУ «Лицей № 1»"
STRANGER = Person(999, "Гость", "ru")
HIDDEN = "—"
FOOTNOTE = "— менее 3 ответов: показатель не приводится, чтобы нельзя было узнать ответ конкретного человека."
TT, TS, SS = "учитель — учитель", "учитель — ученик", "ученик — ученик"


def D(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A date cell as openpyxl reads it back."""
    return datetime(year, month, day, hour, minute)


def ctx() -> rs.Ctx:
    return rs.Ctx(t=T, tz=MSK, today=TODAY, school=SCHOOL)


def read(data: bytes) -> dict[str, list[list[Any]]]:
    return read_xlsx(data)


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 BOM"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def book_of(sheets: list[rs.Sheet]) -> dict[str, list[list[Any]]]:
    return read(rs.xlsx(sheets))


# ---- the school ---------------------------------------------------------------------------------


@dataclass
class School:
    programme_id: int
    ids: dict[str, int] = field(default_factory=dict)
    pairs: dict[str, int] = field(default_factory=dict)


async def respond(session: AsyncSession, participant_id: int, questionnaire: str, period: str, answers: dict[str, Any], status: str = ResponseStatus.SUBMITTED) -> None:
    at = datetime(2026, 12, 1, tzinfo=UTC)
    session.add(
        QuestionnaireResponse(
            participant_id=participant_id,
            questionnaire=questionnaire,
            period=period,
            status=status,
            started_at=at,
            updated_at=at,
            submitted_at=at if status == ResponseStatus.SUBMITTED else None,
            answers=[Answer(question=k, value=v, answered_at=at) for k, v in answers.items()],
        )
    )
    await session.flush()


def consent(session: AsyncSession, participant_id: int, kind: str, day: int) -> None:
    session.add(Consent(participant_id=participant_id, kind=kind, text_version="2026-11", given_at=datetime(2026, 10, day, 9, 0, tzinfo=UTC)))


async def build_school(client: BotClient) -> School:
    """Six mentors (one person in two forms), six mentees, four pairs (one completed), meetings,
    plans, two months of feedback, self-assessments, exit questionnaires, a roadmap of its own."""
    client.app.clock.set(NOW)  # type: ignore[attr-defined]
    async with client.app.sessionmaker() as s:
        programme = await first_programme(s)
        assert programme is not None
        school = School(programme.id)
        pid = programme.id

        m1 = await make_member(s, pid, 1001, "mentor", "teacher_teacher", name="Смирнова Ольга Петровна", capacity=2)
        m2 = await make_member(s, pid, 1002, "mentor", "teacher_student", name="Кузнецов Игорь Андреевич")
        m3 = await make_member(s, pid, 1003, "mentor", "student_student", name="Орлова Дарья")
        m4 = await make_member(s, pid, 1004, "mentor", "teacher_teacher", name="Белов Пётр")
        m5 = await make_member(s, pid, 1005, "mentor", "teacher_student", name="Лебедев Олег")
        m2b = Participant(
            programme_id=pid, user_id=m2.user_id, role="mentor", form="teacher_teacher", status=ParticipantStatus.ACTIVE,
            full_name="Кузнецов Игорь Андреевич", class_or_subject="физика", is_minor=False, created_at=NOW, updated_at=NOW,
        )
        s.add(m2b)
        e1 = await make_member(s, pid, 2001, "mentee", "teacher_teacher", name="Иванова Анна Сергеевна", answers={"kind": "teacher", "experience_years": 2})
        e2 = await make_member(s, pid, 2002, "mentee", "teacher_student", name="Петров Максим", answers={"kind": "student", "grade": 8})
        e3 = await make_member(s, pid, 2003, "mentee", "student_student", name="Соколова Мария", answers={"kind": "student", "grade": 6})
        e4 = await make_member(s, pid, 2004, "mentee", "teacher_teacher", name="Волков Денис", answers={"kind": "teacher", "experience_years": 10})
        e5 = await make_member(s, pid, 2005, "mentee", "teacher_teacher", name="Зайцева Ксения", answers={"kind": "teacher", "experience_years": 0})
        e6 = await make_member(s, pid, 2006, "mentee", "teacher_student", name="x")
        invite = Invite(
            code="reportsinvite01", programme_id=pid, role="mentee", form="teacher_student", kind="personal", max_uses=1, uses=1,
            full_name="Новиков Артём", class_or_subject="7 Б", created_by=CURATOR.id, created_at=NOW,
        )
        s.add(invite)
        await s.flush()
        e6.full_name, e6.invite_id, e6.status = None, invite.id, ParticipantStatus.INVITED
        m1.class_or_subject, m2.class_or_subject, m3.class_or_subject = "математика", "физика", "11 А"
        e2.class_or_subject, e3.class_or_subject = "8 А", "6 В"
        m4.status = ParticipantStatus.QUESTIONNAIRE
        await s.flush()
        people = {"m1": m1, "m2": m2, "m2b": m2b, "m3": m3, "m4": m4, "m5": m5, "e1": e1, "e2": e2, "e3": e3, "e4": e4, "e5": e5, "e6": e6}
        school.ids = {k: p.id for k, p in people.items()}

        for p, kind, day in [
            (m1, "self", 1), (m2, "self", 2), (m2b, "self", 2), (m3, "self", 3), (m3, "parent", 4), (m4, "self", 5),
            (e1, "self", 6), (e2, "self", 7), (e2, "paper", 8), (e3, "self", 9), (e3, "parent", 10), (e4, "self", 11), (e5, "self", 12),
        ]:
            consent(s, p.id, kind, day)

        p1 = await make_pair(s, m1, e1)
        p4 = await make_pair(s, m1, e4)
        p2 = await make_pair(s, m2, e2)
        p3 = await make_pair(s, m3, e3)
        await complete(s, p2, "on_time", actor=CURATOR.id, today=date(2027, 1, 10), now=datetime(2027, 1, 10, 9, 0, tzinfo=UTC))
        school.pairs = {"p1": p1.id, "p2": p2.id, "p3": p3.id, "p4": p4.id}

        for pair, proposer, at, kind, fmt, status in [
            (p1, m1, datetime(2026, 12, 1, 12, 0, tzinfo=UTC), "organisational", "offline", "held"),
            (p1, e1, datetime(2026, 12, 20, 13, 0, tzinfo=UTC), "regular", "online", "accepted"),
            (p2, m2, datetime(2026, 11, 25, 12, 0, tzinfo=UTC), "trial", "offline", "held"),
            (p4, m1, datetime(2026, 12, 3, 6, 30, tzinfo=UTC), "organisational", "online", "not_held"),
        ]:
            s.add(Meeting(pair_id=pair.id, proposed_by_id=proposer.id, starts_at=at, kind=kind, format=fmt, topic="тема", status=status, created_at=at, updated_at=at))

        goal = PlanGoal(mentee_id=e1.id, title="Освоить работу с родителями", created_by_id=m1.id, created_at=NOW)
        s.add_all([goal, PlanGoal(mentee_id=e3.id, title="Подготовиться к олимпиаде", created_by_id=m3.id, created_at=NOW)])
        await s.flush()
        s.add_all(
            [
                PlanTask(goal_id=goal.id, title="Подготовить памятку для родителей", due_on=date(2027, 2, 1), created_at=NOW),
                PlanTask(
                    goal_id=goal.id, title="Провести родительское собрание", due_on=date(2026, 12, 15),
                    done_at=datetime(2026, 12, 14, 10, 0, tzinfo=UTC), done_by_id=e1.id, created_at=NOW,
                ),
            ]
        )

        # Monthly feedback: November has three anonymous mentee answers in teacher-teacher, December two.
        fb = lambda u, m, named, **texts: {"usefulness": u, "meetings": m, "named": named, **texts}
        await respond(s, m1.id, "feedback", "2026-11", fb(9, 2, "yes", helped="Анна Сергеевна быстро учится"))
        await respond(s, e1.id, "feedback", "2026-11", fb(6, 1, "no", helped="Разбор урока"))
        await respond(s, e4.id, "feedback", "2026-11", fb(7, 2, "no"))
        await respond(s, e5.id, "feedback", "2026-11", fb(5, 0, "no", hard="Не успеваем встретиться с Ольгой Петровной"))
        await respond(s, e1.id, "feedback", "2026-12", fb(8, 2, "no", helped="Смирнова помогла с планом"))
        await respond(s, e4.id, "feedback", "2026-12", fb(4, 1, "no", hard="мало времени"))
        await respond(s, e2.id, "feedback", "2026-12", fb(9, 3, "yes", helped="Игорь Андреевич объясняет понятно"))

        teacher = ("confidence", "methods", "classroom", "parents", "communication")
        student = ("confidence", "motivation", "goals", "career", "communication")
        for p, keys, base, final in [
            (e1, teacher, (4, 3, 5, 2, 6), (7, 6, 6, 5, 7)),
            (e4, teacher, (5, 5, 5, 5, 5), (6, 5, 7, 6, 5)),
            (e5, teacher, (3, 2, 4, 3, 4), (6, 5, 5, 4, 6)),
            (e2, student, (5, 4, 3, 2, 6), None),
            (e3, student, (6, 6, 5, 4, 7), (8, 7, 7, 6, 8)),
        ]:
            await respond(s, p.id, "self_assessment", "baseline", dict(zip(keys, base, strict=True)))
            if final:
                await respond(s, p.id, "self_assessment", "final", dict(zip(keys, final, strict=True)))
        # A final begun but not submitted does not count.
        await respond(s, e2.id, "self_assessment", "final", {"confidence": 9}, status=ResponseStatus.IN_PROGRESS)

        for p, pair, goal_reached, again in [
            (e1, p1, "yes", "yes"), (e4, p4, "partly", "no"), (e5, p1, "yes", "yes"), (e2, p2, "yes", "yes"), (m2, p2, "partly", "yes"),
        ]:
            await respond(s, p.id, "exit", f"pair-{pair.id}", {"goal_reached": goal_reached, "what_helped": "Ольга Петровна", "again": again})

        # The school's own roadmap instead of the template the bot lays out at start.
        await s.execute(delete(RoadmapEvent).where(RoadmapEvent.programme_id == pid))
        for stage, title, responsible, due, status, done in [
            (2, "Анкетирование наставляемых", "куратор", date(2026, 11, 30), RoadmapStatus.DONE, datetime(2026, 11, 28, 10, 0, tzinfo=UTC)),
            (2, "Сбор согласий", None, date(2026, 12, 15), RoadmapStatus.PLANNED, None),
            (2, "Встреча с психологом", "педагог-психолог", date(2026, 12, 20), RoadmapStatus.CANCELLED, None),
            (1, "Приказ о программе", "директор", date(2026, 9, 30), RoadmapStatus.DONE, datetime(2026, 10, 5, 7, 0, tzinfo=UTC)),
            (1, "Информирование родителей", "классные руководители", date(2026, 10, 31), RoadmapStatus.PLANNED, None),
            (3, "Выбор форм наставничества", "куратор", date(2027, 1, 31), RoadmapStatus.PLANNED, None),
            (1, "Положение о наставничестве", "куратор", date(2026, 9, 15), RoadmapStatus.PLANNED, None),
        ]:
            s.add(
                RoadmapEvent(
                    programme_id=pid, stage=stage, code=None, category="event", title=title, responsible=responsible, due_on=due,
                    status=status, done_at=done, done_by_telegram_id=CURATOR.id, created_at=NOW, updated_at=NOW,
                )
            )
        await s.commit()
        return school


async def programme_of(session: AsyncSession) -> Programme:
    programme = await first_programme(session)
    assert programme is not None
    return programme


# ---- 1. the full export -------------------------------------------------------------------------

PARTICIPANTS = [
    ["ФИО", "Роль", "Форма наставничества", "Класс / предмет", "Статус", "Согласие на обработку данных", "Дата согласия"],
    ["Белов Пётр", "наставник", TT, None, "заполняет анкеты", "сам участник", D(2026, 10, 5)],
    ["Кузнецов Игорь Андреевич", "наставник", TT, "физика", "участвует", "сам участник", D(2026, 10, 2)],
    ["Смирнова Ольга Петровна", "наставник", TT, "математика", "участвует", "сам участник", D(2026, 10, 1)],
    ["Кузнецов Игорь Андреевич", "наставник", TS, "физика", "участвует", "сам участник", D(2026, 10, 2)],
    ["Лебедев Олег", "наставник", TS, None, "участвует"],
    ["Орлова Дарья", "наставник", SS, "11 А", "участвует", "сам участник; родитель (в боте)", D(2026, 10, 4)],
    ["Волков Денис", "наставляемый", TT, None, "участвует", "сам участник", D(2026, 10, 11)],
    ["Зайцева Ксения", "наставляемый", TT, None, "участвует", "сам участник", D(2026, 10, 12)],
    ["Иванова Анна Сергеевна", "наставляемый", TT, None, "участвует", "сам участник", D(2026, 10, 6)],
    ["Новиков Артём", "наставляемый", TS, "7 Б", "приглашён, нет согласия"],
    ["Петров Максим", "наставляемый", TS, "8 А", "участвует", "сам участник; родитель (на бумаге)", D(2026, 10, 8)],
    ["Соколова Мария", "наставляемый", SS, "6 В", "участвует", "сам участник; родитель (в боте)", D(2026, 10, 10)],
]
STAGE1, STAGE2, STAGE3 = "1. Подготовка", "2. Формирование базы наставляемых", "3. Формирование базы наставников"


async def test_full_export_cell_by_cell(client: BotClient) -> None:
    await build_school(client)
    async with client.app.sessionmaker() as s:
        book = book_of(await rs.full_export(s, await programme_of(s), ctx()))
    assert list(book) == ["Участники", "Пары", "Встречи", "Планы развития", "Обратная связь", "Дорожная карта"]
    assert book["Участники"] == PARTICIPANTS
    start, end = D(2026, 11, 23), D(2027, 8, 31)
    assert book["Пары"] == [
        ["Наставник", "Наставляемый", "Форма наставничества", "Начало", "Окончание", "Статус пары", "Завершена", "Записей в истории"],
        ["Кузнецов Игорь Андреевич", "Петров Максим", TS, start, end, "завершена", D(2027, 1, 10), 2],
        ["Орлова Дарья", "Соколова Мария", SS, start, end, "действует", None, 1],
        ["Смирнова Ольга Петровна", "Волков Денис", TT, start, end, "действует", None, 1],
        ["Смирнова Ольга Петровна", "Иванова Анна Сергеевна", TT, start, end, "действует", None, 1],
    ]
    assert book["Встречи"] == [
        ["Наставник", "Наставляемый", "Дата и время", "Вид встречи", "Формат", "Статус встречи"],
        ["Кузнецов Игорь Андреевич", "Петров Максим", D(2026, 11, 25, 15), "пробная", "очно", "состоялась"],
        ["Смирнова Ольга Петровна", "Иванова Анна Сергеевна", D(2026, 12, 1, 15), "организационная", "очно", "состоялась"],
        ["Смирнова Ольга Петровна", "Волков Денис", D(2026, 12, 3, 9, 30), "организационная", "онлайн", "не состоялась"],
        ["Смирнова Ольга Петровна", "Иванова Анна Сергеевна", D(2026, 12, 20, 16), "регулярная", "онлайн", "согласована"],
    ]
    assert book["Планы развития"] == [
        ["Наставляемый", "Цель", "Задача", "Срок", "Выполнена"],
        ["Иванова Анна Сергеевна", "Освоить работу с родителями", "Провести родительское собрание", D(2026, 12, 15), D(2026, 12, 14)],
        ["Иванова Анна Сергеевна", "Освоить работу с родителями", "Подготовить памятку для родителей", D(2027, 2, 1), "нет"],
        ["Соколова Мария", "Подготовиться к олимпиаде"],
    ]
    anonymous = "анонимно"
    assert book["Обратная связь"] == [
        ["Месяц", "Роль", "Форма наставничества", "Полезность (1–10)", "Встреч за месяц", "Что помогло", "Что было трудно", "Автор"],
        # Named: the author and the text as written.
        ["2026-11", "наставник", TT, 9, 2, "Анна Сергеевна быстро учится", None, "Смирнова Ольга Петровна"],
        # Three anonymous answers in the month, role and form: the scores are shown, names in the texts are not.
        ["2026-11", "наставляемый", TT, 7, 2, None, None, anonymous],
        ["2026-11", "наставляемый", TT, 5, 0, None, "Не успеваем встретиться с [имя скрыто] [имя скрыто]", anonymous],
        ["2026-11", "наставляемый", TT, 6, 1, "Разбор урока", None, anonymous],
        # Two anonymous answers: the scores are hidden.
        ["2026-12", "наставляемый", TT, HIDDEN, HIDDEN, None, "мало времени", anonymous],
        ["2026-12", "наставляемый", TT, HIDDEN, HIDDEN, "[имя скрыто] помогла с планом", None, anonymous],
        ["2026-12", "наставляемый", TS, 9, 3, "Игорь Андреевич объясняет понятно", None, "Петров Максим"],
        [],
        ["— менее 3 анонимных ответов за месяц в этой роли и форме: оценки скрыты, чтобы нельзя было узнать, кто их поставил."],
    ]
    assert book["Дорожная карта"] == [
        ["Этап", "Мероприятие", "Ответственный", "Срок", "Статус", "Дата выполнения"],
        [STAGE1, "Положение о наставничестве", "куратор", D(2026, 9, 15), "просрочено"],
        [STAGE1, "Приказ о программе", "директор", D(2026, 9, 30), "выполнено", D(2026, 10, 5)],
        [STAGE1, "Информирование родителей", "классные руководители", D(2026, 10, 31), "просрочено"],
        [STAGE2, "Анкетирование наставляемых", "куратор", D(2026, 11, 30), "выполнено", D(2026, 11, 28)],
        [STAGE2, "Сбор согласий", None, D(2026, 12, 15), "просрочено"],
        [STAGE2, "Встреча с психологом", "педагог-психолог", D(2026, 12, 20), "отменено"],
        [STAGE3, "Выбор форм наставничества", "куратор", D(2027, 1, 31), "запланировано"],
    ]
    # No Telegram ids anywhere in the export.
    cells = {str(c) for sheet in book.values() for row in sheet for c in row if c is not None}
    assert not any(str(tg) in cell for tg in (1001, 1002, 2001, CURATOR.id) for cell in cells)


async def test_participants_csv(client: BotClient) -> None:
    await build_school(client)
    async with client.app.sessionmaker() as s:
        data = rs.csv_bytes(await rs.participants_table(s, await programme_of(s), ctx()))
    expected = [[c.strftime("%d.%m.%Y") if isinstance(c, datetime) else c or "" for c in row] for row in PARTICIPANTS]
    assert read_csv(data) == [row + [""] * (7 - len(row)) for row in expected]


def test_csv_and_xlsx_never_run_formulas() -> None:
    sheet = rs.Sheet("Лист")
    sheet.add("=HYPERLINK(\"http://x\")", "+7 900", "обычный текст", "\x07звонок")
    assert read_csv(rs.csv_bytes(sheet)) == [["'=HYPERLINK(\"http://x\")", "'+7 900", "обычный текст", "звонок"]]
    book = load_workbook(io.BytesIO(rs.xlsx([sheet])))
    cells = [c for row in book.worksheets[0].iter_rows() for c in row]
    assert [c.value for c in cells] == ["=HYPERLINK(\"http://x\")", "+7 900", "обычный текст", "звонок"]
    assert all(c.data_type == "s" for c in cells)


def test_name_mask() -> None:
    mask = rs.NameMask(["Смирнова Ольга Петровна", "Петров Максим", "Ян Ли"], "[имя]")
    assert mask("Ольге Петровне спасибо") == "[имя] [имя] спасибо"
    assert mask("Смирновой и Петровым") == "[имя] и [имя]"
    assert mask("С Максимом и Яном, Ян молодец") == "С [имя] и Яном, [имя] молодец"
    assert mask("мало времени, много задач") == "мало времени, много задач"


def test_sheet_names_follow_excel_rules() -> None:
    names = rs.sheet_names([rs.Sheet("a/b:c*d?"), rs.Sheet("x" * 40), rs.Sheet("A/B:C*D?")])
    assert names[0] == "a b c d" and len(names[1]) == 31 and names[2] != names[0]


# ---- 2. the quarterly roadmap report ------------------------------------------------------------


async def test_quarterly_report_cell_by_cell(client: BotClient) -> None:
    await build_school(client)
    async with client.app.sessionmaker() as s:
        programme = await programme_of(s)
        quarters = rs.quarters_of(programme)
        assert [(q.year, q.number) for q in quarters] == [(2026, 3), (2026, 4), (2027, 1), (2027, 2), (2027, 3)]
        assert [q.deadline for q in quarters] == [date(2026, 10, 10), date(2027, 1, 10), date(2027, 4, 10), date(2027, 7, 10), date(2027, 10, 10)]
        book = book_of(await rs.quarterly_report(s, programme, ctx(), rs.Quarter(2026, 4)))
        q1 = book_of(await rs.quarterly_report(s, programme, ctx(), rs.Quarter(2027, 1)))
    columns = ["№", "Этап", "Мероприятие", "Ответственный", "Срок"]
    assert book == {
        "IV квартал 2026": [
            ["Отчёт об исполнении дорожной карты за IV квартал 2026 г."],
            [SCHOOL],
            ["Период: 01.10.2026–31.12.2026. Срок сдачи — до 10.01.2027."],
            ["Программа 2026/2027. Состояние на 12.01.2027."],
            ["Запланировано на квартал: 4; из них выполнено: 1, просрочено: 2, отменено: 1. Выполнено в квартале сверх плана квартала: 1."],
            [],
            ["1. Запланировано на квартал"],
            [*columns, "Статус", "Дата выполнения"],
            [1, STAGE1, "Информирование родителей", "классные руководители", D(2026, 10, 31), "просрочено"],
            [2, STAGE2, "Анкетирование наставляемых", "куратор", D(2026, 11, 30), "выполнено", D(2026, 11, 28)],
            [3, STAGE2, "Сбор согласий", None, D(2026, 12, 15), "просрочено"],
            [4, STAGE2, "Встреча с психологом", "педагог-психолог", D(2026, 12, 20), "отменено"],
            [],
            ["2. Выполнено в квартале"],
            [*columns, "Дата выполнения"],
            [1, STAGE1, "Приказ о программе", "директор", D(2026, 9, 30), D(2026, 10, 5)],
            [2, STAGE2, "Анкетирование наставляемых", "куратор", D(2026, 11, 30), D(2026, 11, 28)],
            [],
            ["3. Просрочено на 12.01.2027"],
            [*columns, "Дней просрочки"],
            [1, STAGE1, "Положение о наставничестве", "куратор", D(2026, 9, 15), 119],
            [2, STAGE1, "Информирование родителей", "классные руководители", D(2026, 10, 31), 73],
            [3, STAGE2, "Сбор согласий", None, D(2026, 12, 15), 28],
        ]
    }
    rows = q1["I квартал 2027"]
    assert rows[2] == ["Период: 01.01.2027–31.03.2027. Срок сдачи — до 10.04.2027."]
    assert rows[8] == [1, STAGE3, "Выбор форм наставничества", "куратор", D(2027, 1, 31), "запланировано"]
    assert rows[10:13] == [["2. Выполнено в квартале"], [*columns, "Дата выполнения"], ["нет мероприятий"]]


# ---- 3. annual figures --------------------------------------------------------------------------


def annual_rows(section4: list[list[Any]]) -> list[list[Any]]:
    return [
        ["Сведения об участниках и показатели эффективности программы наставничества"],
        [SCHOOL],
        ["Программа 2026/2027. Состояние на 12.01.2027."],
        ["Срок сдачи — до 20.01.2027."],
        [],
        ["1. Участники по ролям и формам"],
        ["Форма наставничества", "Наставники", "Наставляемые", "Всего"],
        [TT, 3, 3, 6],
        [TS, 2, 1, 3],
        [SS, 1, 1, 2],
        ["студент — ученик", 0, 0, 0],
        ["работодатель — ученик", 0, 0, 0],
        ["работодатель — студент", 0, 0, 0],
        ["Всего", 6, 5, 11],
        ["Всего человек (без повторов)", 10],
        ["Учтены участники, давшие согласие на обработку данных (несовершеннолетние — вместе с родителем)."],
        [],
        ["2. Наставнические пары"],
        ["Сформировано пар", 4],
        ["из них действуют", 3],
        ["из них завершены", 1],
        [],
        ["3. Молодые педагоги (стаж 0–3 года)"],
        ["Молодых педагогов среди наставляемых (по анкете)", 2],
        ["из них с наставником", 1],
        ["Доля молодых педагогов с наставником", 0.5],
        [],
        ["4. Обучающиеся 10–19 лет (5–11 классы)"],
        ["Вовлечено в наставничество (в парах — наставляемые и наставники)", 3],
        *section4,
        [],
        ["5. Удовлетворённость участников"],
        ["Роль", "Средняя полезность (1–10)", "Ответов", "Цель достигнута («да»)", "Итоговых анкет"],
        # Mentors: one feedback answer and one exit questionnaire, both hidden.
        ["Наставники", HIDDEN, 1, HIDDEN, 1],
        ["Наставляемые", 6.5, 6, 0.75, 4],
        [],
        [FOOTNOTE],
    ]


async def test_annual_figures_cell_by_cell(client: BotClient) -> None:
    await build_school(client)
    async with client.app.sessionmaker() as s:
        programme = await programme_of(s)
        given = book_of(await rs.annual_report(s, programme, ctx(), 10))
        unknown = book_of(await rs.annual_report(s, programme, ctx(), None))
    assert given == {
        "Показатели": annual_rows(
            [
                ["Всего обучающихся 10–19 лет в школе", 10],
                ["Доля вовлечённых", 0.3],
                ["Целевой показатель", 0.7],
                ["Целевой показатель достигнут", "нет"],
                ["Доля посчитана по численности обучающихся, которую указал куратор."],
            ]
        )
    }
    assert unknown == {
        "Показатели": annual_rows(
            [
                ["Всего обучающихся 10–19 лет в школе", "не указано"],
                ["Доля вовлечённых", "не рассчитана"],
                ["Целевой показатель", 0.7],
                ["Численность обучающихся не указана: разделите 3 на число обучающихся 5–11 классов школы."],
            ]
        )
    }
    assert rs.annual_deadline(date(2027, 1, 20)) == date(2027, 1, 20)
    assert rs.annual_deadline(date(2027, 1, 21)) == date(2028, 1, 20)


# ---- 4. monitoring of impact --------------------------------------------------------------------


async def test_impact_monitoring_cell_by_cell(client: BotClient) -> None:
    await build_school(client)
    async with client.app.sessionmaker() as s:
        book = book_of(await rs.impact_report(s, await programme_of(s), ctx()))
    conf, methods, classroom, parents, comm = "Уверенность в себе", "Владение методиками", "Дисциплина и интерес класса", "Общение с родителями", "Общение и работа в команде"
    motivation, goals, career, total = "Интерес к учёбе", "Постановка целей", "Представление о профессии", "Сумма баллов"
    none4 = [HIDDEN, HIDDEN, HIDDEN]
    assert book["По формам"] == [
        ["Мониторинг влияния программы: самооценка наставляемых в начале и в конце"],
        [SCHOOL],
        ["Программа 2026/2027. Состояние на 12.01.2027."],
        [],
        ["Охват"],
        ["Форма наставничества", "Наставляемые", "С начальной оценкой", "С итоговой оценкой"],
        [TT, 3, 3, 3],
        [TS, 1, 1, 0],
        [SS, 1, 1, 1],
        [],
        ["Средние значения (по наставляемым с обеими оценками)"],
        ["Форма наставничества", "Показатель", "С обеими оценками", "Средняя начальная", "Средняя итоговая", "Среднее изменение"],
        [TT, conf, 3, 4.0, 6.3, 2.3],
        [TT, methods, 3, 3.3, 5.3, 2.0],
        [TT, classroom, 3, 4.7, 6.0, 1.3],
        [TT, parents, 3, 3.3, 5.0, 1.7],
        [TT, comm, 3, 5.0, 6.0, 1.0],
        [TT, total, 3, 20.3, 28.7, 8.3],
        # One mentee without a final, one with: fewer than three, hidden.
        *([TS, scale, 0, *none4] for scale in (conf, motivation, goals, career, comm, total)),
        *([SS, scale, 1, *none4] for scale in (conf, motivation, goals, career, comm, total)),
        [],
        [FOOTNOTE],
    ]
    no_final = "нет итоговой оценки"
    person = lambda name, form, rows: [[name, form, *r] for r in rows]
    assert book["По наставляемым"] == [
        ["Наставляемый", "Форма наставничества", "Показатель", "Начальная оценка", "Итоговая оценка", "Изменение"],
        *person("Волков Денис", TT, [[conf, 5, 6, 1], [methods, 5, 5, 0], [classroom, 5, 7, 2], [parents, 5, 6, 1], [comm, 5, 5, 0], [total, 25, 29, 4]]),
        *person("Зайцева Ксения", TT, [[conf, 3, 6, 3], [methods, 2, 5, 3], [classroom, 4, 5, 1], [parents, 3, 4, 1], [comm, 4, 6, 2], [total, 16, 26, 10]]),
        *person("Иванова Анна Сергеевна", TT, [[conf, 4, 7, 3], [methods, 3, 6, 3], [classroom, 5, 6, 1], [parents, 2, 5, 3], [comm, 6, 7, 1], [total, 20, 31, 11]]),
        *person("Петров Максим", TS, [[conf, 5, no_final], [motivation, 4, no_final], [goals, 3, no_final], [career, 2, no_final], [comm, 6, no_final], [total, 20, no_final]]),
        *person("Соколова Мария", SS, [[conf, 6, 8, 2], [motivation, 6, 7, 1], [goals, 5, 7, 2], [career, 4, 6, 2], [comm, 7, 8, 1], [total, 28, 36, 8]]),
    ]


# ---- 5. satisfaction ----------------------------------------------------------------------------


async def test_satisfaction_cell_by_cell(client: BotClient) -> None:
    await build_school(client)
    async with client.app.sessionmaker() as s:
        book = book_of(await rs.satisfaction_report(s, await programme_of(s), ctx()))
    h4 = [HIDDEN] * 4
    assert book == {
        "Удовлетворённость": [
            ["Результаты анкетирования удовлетворённости участников (этап 7)"],
            [SCHOOL],
            ["Программа 2026/2027. Состояние на 12.01.2027."],
            [],
            [
                "Роль", "Форма наставничества", "Итоговых анкет", "Цель достигнута («да»)", "Цель достигнута частично",
                "Цель не достигнута", "Участвовали бы снова", "Ответов в последней обратной связи", "Средняя полезность (1–10)",
            ],
            ["наставник", TT, 0, *h4, 1, HIDDEN],
            ["наставник", TS, 1, *h4, 0, HIDDEN],
            ["Наставники", "все формы", 1, *h4, 1, HIDDEN],
            # Three exit questionnaires and three last feedbacks (8, 4, 5): shown.
            ["наставляемый", TT, 3, 0.667, 0.333, 0, 0.667, 3, 5.7],
            # One student's rating of their teacher: hidden.
            ["наставляемый", TS, 1, *h4, 1, HIDDEN],
            ["Наставляемые", "все формы", 4, 0.75, 0.25, 0, 0.75, 4, 6.5],
            ["Все участники", "все формы", 5, 0.6, 0.4, 0, 0.8, 5, 7.0],
            [],
            ["Итоговые анкеты — при завершении пары; полезность — по последней ежемесячной обратной связи каждого участника."],
            [],
            [FOOTNOTE],
        ]
    }


async def test_two_answers_are_hidden_three_are_shown(client: BotClient) -> None:
    async with client.app.sessionmaker() as s:
        programme = await programme_of(s)
        mentees = [await make_member(s, programme.id, 3000 + i, "mentee", "teacher_student", name=f"Ученик {i}") for i in range(3)]
        for person, score in zip(mentees[:2], (2, 10), strict=True):
            await respond(s, person.id, "feedback", "2026-12", {"usefulness": score, "meetings": 1, "named": "no"})
        await s.commit()
        two = book_of(await rs.satisfaction_report(s, programme, ctx()))["Удовлетворённость"]
        await respond(s, mentees[2].id, "feedback", "2026-12", {"usefulness": 3, "meetings": 1, "named": "no"})
        await s.commit()
        three = book_of(await rs.satisfaction_report(s, programme, ctx()))["Удовлетворённость"]
    # No mentor answered: their line says so.
    assert two[5] == three[5] == ["Наставники", "все формы", 0, *[HIDDEN] * 4, 0, HIDDEN]
    assert two[6] == ["наставляемый", TS, 0, *[HIDDEN] * 4, 2, HIDDEN]
    assert two[-1] == [FOOTNOTE]
    assert three[6] == ["наставляемый", TS, 0, *[HIDDEN] * 4, 3, 5.0]


# ---- 6. the registry of mentors -----------------------------------------------------------------

REGISTRY = [
    ["№", "ФИО", "Предмет / класс", "Формы наставничества", "Наставляемых (всего)"],
    # One person in two forms is one row; the completed pair counts.
    [1, "Кузнецов Игорь Андреевич", "физика", f"{TT}, {TS}", 1],
    [2, "Орлова Дарья", "11 А", SS, 1],
    [3, "Смирнова Ольга Петровна", "математика", TT, 2],
]


async def test_registry_cell_by_cell(client: BotClient) -> None:
    """Only active mentors who consented: not Белов (still filling in questionnaires), not Лебедев (no consent)."""
    await build_school(client)
    async with client.app.sessionmaker() as s:
        sheet = await rs.registry_sheet(s, await programme_of(s), ctx())
    assert book_of([sheet]) == {"Реестр наставников": REGISTRY}
    assert read_csv(rs.csv_bytes(sheet)) == [[str(c) for c in row] for row in REGISTRY]


# ---- a fixed number of queries ------------------------------------------------------------------


async def grow(session: AsyncSession, programme: Programme, start: int, n: int) -> None:
    """n mentors and n mentees in pairs, each with everything the reports read."""
    for i in range(start, start + n):
        mentor = await make_member(session, programme.id, 10_000 + i, "mentor", "teacher_student", name=f"Наставник {i}")
        mentee = await make_member(session, programme.id, 20_000 + i, "mentee", "teacher_student", name=f"Ученик {i}", answers={"kind": "student", "grade": 7})
        for person in (mentor, mentee):
            consent(session, person.id, "self", 1)
            await respond(session, person.id, "feedback", "2026-12", {"usefulness": 7, "meetings": 2, "named": "no", "helped": "Наставник помог"})
        pair = await make_pair(session, mentor, mentee)
        for day in (1, 15):
            at = datetime(2026, 12, day, 12, 0, tzinfo=UTC)
            session.add(Meeting(pair_id=pair.id, proposed_by_id=mentor.id, starts_at=at, kind="regular", format="online", status="held", created_at=at, updated_at=at))
        goal = PlanGoal(mentee_id=mentee.id, title="Цель", created_by_id=mentor.id, created_at=NOW)
        session.add(goal)
        await session.flush()
        session.add(PlanTask(goal_id=goal.id, title="Задача", due_on=date(2027, 2, 1), created_at=NOW))
        await respond(session, mentee.id, "self_assessment", "baseline", {"confidence": 5, "motivation": 5})
        await respond(session, mentee.id, "self_assessment", "final", {"confidence": 7, "motivation": 6})
        await respond(session, mentee.id, "exit", f"pair-{pair.id}", {"goal_reached": "yes", "again": "yes"})
    await session.commit()


async def statements(client: BotClient) -> dict[str, int]:
    counts: dict[str, int] = {}
    async with client.app.sessionmaker() as s:
        programme = await programme_of(s)
        runs = {
            "full": lambda: rs.full_export(s, programme, ctx()),
            "people": lambda: rs.participants_table(s, programme, ctx()),
            "quarter": lambda: rs.quarterly_report(s, programme, ctx(), rs.Quarter(2026, 4)),
            "annual": lambda: rs.annual_report(s, programme, ctx(), 1000),
            "impact": lambda: rs.impact_report(s, programme, ctx()),
            "satisfaction": lambda: rs.satisfaction_report(s, programme, ctx()),
            "registry": lambda: rs.registry_sheet(s, programme, ctx()),
        }
        for name, run in runs.items():
            with StatementCounter(client.app.engine) as counter:
                await run()
            counts[name] = counter.count
    return counts


async def test_query_count_does_not_grow_with_the_school(client: BotClient) -> None:
    async with client.app.sessionmaker() as s:
        programme = await programme_of(s)
        await grow(s, programme, 0, 5)
    small = await statements(client)
    async with client.app.sessionmaker() as s:
        await grow(s, await programme_of(s), 5, 45)
    large = await statements(client)
    assert small == large
    assert small == {"full": 7, "people": 2, "quarter": 1, "annual": 4, "impact": 2, "satisfaction": 2, "registry": 3}

    # Through the bot too (the full export also brings the roadmap up to date first).
    with StatementCounter(client.app.engine) as counter:
        requests = await client.callback(CURATOR, ReportCb(action="full").pack())
    assert len(documents(requests)) == 1
    with StatementCounter(client.app.engine) as again:
        await client.callback(CURATOR, ReportCb(action="full").pack())
    assert again.count <= counter.count < 40


# ---- through the bot ----------------------------------------------------------------------------


def documents(requests: list[TelegramMethod[Any]]) -> list[SendDocument]:
    return [r for r in requests if isinstance(r, SendDocument)]


def document(requests: list[TelegramMethod[Any]]) -> tuple[str, bytes, str]:
    (sent,) = documents(requests)
    assert isinstance(sent.document, BufferedInputFile)
    return sent.document.filename or "", sent.document.data, sent.caption or ""


async def test_reports_screen_and_files(client: BotClient) -> None:
    await build_school(client)
    out = texts(await client.send(CURATOR, "/reports"))
    assert "Отчёты" in out and "Программа 2026/2027" in out

    name, data, caption = document(await client.press(CURATOR, "Полная выгрузка"))
    assert name == "Выгрузка 2026-2027.xlsx"
    assert caption == "Полная выгрузка на 12.01.2027: 12 участников, 4 пары, 4 встречи."
    book = read(data)
    assert book["Участники"] == PARTICIPANTS
    # The bot added the template roadmap next to the school's own events before exporting.
    assert len(book["Дорожная карта"]) > 8

    name, data, caption = document(await client.press(CURATOR, "Участники (CSV)"))
    assert (name, caption) == ("Участники 2026-2027.csv", "Участники программы на 12.01.2027: 12 записей.")
    assert read_csv(data)[1] == ["Белов Пётр", "наставник", TT, "", "заполняет анкеты", "сам участник", "05.10.2026"]

    await client.press(CURATOR, "Квартальный отчёт")
    name, data, caption = document(await client.press(CURATOR, "IV квартал 2026 — сдать до 10.01.2027"))
    assert name == "Дорожная карта — IV квартал 2026.xlsx"
    assert caption == "Отчёт об исполнении дорожной карты за IV квартал 2026. Сдать до 10.01.2027."
    rows = read(data)["IV квартал 2026"]
    assert rows[2] == ["Период: 01.10.2026–31.12.2026. Срок сдачи — до 10.01.2027."]

    name, data, caption = document(await client.press(CURATOR, "Мониторинг влияния"))
    assert (name, caption) == ("Мониторинг влияния 2026-2027.xlsx", "Мониторинг влияния: начальная и итоговая самооценка наставляемых на 12.01.2027.")
    assert list(read(data)) == ["По формам", "По наставляемым"]

    name, data, caption = document(await client.press(CURATOR, "Удовлетворённость"))
    assert name == "Удовлетворённость 2026-2027.xlsx" and "12.01.2027" in caption

    name, data, caption = document(await client.press(CURATOR, "Реестр наставников (XLSX)"))
    assert (name, caption) == ("Реестр наставников.xlsx", "Реестр наставников для сайта школы: 3 наставника.")
    assert read(data) == {"Реестр наставников": REGISTRY}
    name, data, _ = document(await client.press(CURATOR, "Реестр наставников (CSV)"))
    assert name == "Реестр наставников.csv" and read_csv(data) == [[str(c) for c in row] for row in REGISTRY]


async def test_annual_figures_ask_for_the_number_of_students(client: BotClient) -> None:
    await build_school(client)
    await client.send(CURATOR, "/reports")
    out = texts(await client.press(CURATOR, "Годовые показатели"))
    assert "срок сдачи — до 20.01.2027" in out and "5–11 классов" in out

    assert "Напишите число цифрами, от 1 до 100000" in texts(await client.send(CURATOR, "много"))
    assert "В парах уже 3 обучающихся 10–19 лет" in texts(await client.send(CURATOR, "2"))
    name, data, caption = document(await client.send(CURATOR, "1 000"))
    assert name == "Годовые показатели 2026-2027.xlsx"
    assert caption == "Годовые показатели на 12.01.2027. Сдать до 20.01.2027."
    rows = read(data)["Показатели"]
    assert rows[29:32] == [["Всего обучающихся 10–19 лет в школе", 1000], ["Доля вовлечённых", 0.003], ["Целевой показатель", 0.7]]
    # The question is answered: a number now is just a message.
    assert documents(await client.send(CURATOR, "500")) == []

    await client.send(CURATOR, "/reports")
    await client.press(CURATOR, "Годовые показатели")
    requests = await client.press(CURATOR, "Пропустить")
    _, data, _ = document(requests)
    assert read(data)["Показатели"][29] == ["Всего обучающихся 10–19 лет в школе", "не указано"]
    # The screen is back at the list of reports.
    assert "Выберите отчёт" in texts(requests)


async def test_forged_and_stale_buttons(client: BotClient) -> None:
    await build_school(client)
    for data in (ReportCb(action="quarter", code=20301).pack(), ReportCb(action="quarter", code=20265).pack(), ReportCb(action="drop").pack()):
        requests = await client.callback(CURATOR, data)
        assert documents(requests) == []
        assert alerts(requests) == ["Эта кнопка больше не работает. Откройте /reports заново."]


async def test_a_non_curator_gets_nothing(client: BotClient) -> None:
    await build_school(client)
    requests = await client.send(STRANGER, "/reports")
    assert documents(requests) == [] and "Отчёты" not in texts(requests)
    for action in ("full", "people", "registry", "registry_csv", "impact", "satisfaction", "skip", "annual", "quarters"):
        requests = await client.callback(STRANGER, ReportCb(action=action).pack())
        assert documents(requests) == []
        assert "Отчёты" not in texts(requests) and "обучающихся" not in texts(requests)
        assert not [r for r in requests if isinstance(r, AnswerCallbackQuery) and r.text and "квартал" in r.text]
    requests = await client.callback(STRANGER, ReportCb(action="quarter", code=20264).pack())
    assert documents(requests) == []
    async with client.app.sessionmaker() as s:
        # Nothing was written on their behalf either (the full export fills in the roadmap for the curator).
        assert await s.scalar(select(func.count(RoadmapEvent.id))) == 7


def test_large_export_is_a_valid_workbook() -> None:
    """Many rows, odd characters and long texts survive the writer."""
    sheet = rs.Sheet("Проверка", widths=(10, 10), freeze=1)
    sheet.add("Текст", "Число", bold=True)
    for i in range(3000):
        sheet.add(f"<&> «строка» {i}\n\"x\"", i, bold=i % 100 == 0)
    sheet.add(rs.Share(0.125), 2.5)
    sheet.add(date(2027, 1, 12), datetime(2027, 1, 12, 23, 59))
    rows = read(rs.xlsx([sheet]))["Проверка"]
    assert rows[1] == ["<&> «строка» 0\n\"x\"", 0]
    assert rows[3000] == ["<&> «строка» 2999\n\"x\"", 2999]
    assert rows[3001:] == [[0.125, 2.5], [D(2027, 1, 12), D(2027, 1, 12, 23, 59)]]
