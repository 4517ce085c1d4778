"""/participants: the filtered list (each filter and combinations, one query per page), a person's card,
notes from third parties, pausing and resuming participation, forged buttons, and outsiders."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from aiogram.methods import EditMessageText, SendMessage, TelegramMethod
from sqlalchemy import event, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import FrozenClock
from bot.services import participants as people
from bot.services.participants import Filters
from bot.services.programme import first_programme
from db.models import (
    Answer,
    Consent,
    ConsentKind,
    Meeting,
    MeetingStatus,
    ParentConsentRequest,
    Participant,
    ParticipantNote,
    ParticipantStatus,
    Programme,
    QuestionnaireResponse,
    ResponseStatus,
    User,
)
from handlers.curator.participants import PeopleCb
from tests.factories import make_member, make_pair
from tests.harness import CURATOR, BotClient, Person, alerts, texts

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
STRANGER = Person(999, "Гость", "ru")
ITEM = re.compile(r"^\d+\. <b>(.+?)</b> — ", re.MULTILINE)


# ---- data ---------------------------------------------------------------------------------------


async def programme_id(session: AsyncSession) -> int:
    programme = await first_programme(session)
    assert programme is not None
    return programme.id


async def make_person(
    session: AsyncSession,
    programme: int,
    telegram_id: int,
    role: str,
    form: str,
    status: ParticipantStatus,
    name: str,
    *,
    is_minor: bool | None = False,
    created_at: datetime = NOW,
) -> Participant:
    """Someone who has not finished onboarding: no questionnaire."""
    user = User(telegram_id=telegram_id, language_code="ru", created_at=created_at)
    session.add(user)
    await session.flush()
    participant = Participant(
        programme_id=programme,
        user_id=user.id,
        role=role,
        form=form,
        status=status,
        full_name=name,
        is_minor=is_minor,
        created_at=created_at,
        updated_at=created_at,
    )
    session.add(participant)
    await session.flush()
    return participant


def consent(session: AsyncSession, participant: Participant, kind: ConsentKind, version: str = "2026-09") -> None:
    session.add(Consent(participant_id=participant.id, kind=kind, text_version=version, given_at=NOW - timedelta(days=3)))


async def set_unreachable(session: AsyncSession, participant: Participant, since: datetime | None) -> None:
    user = await session.get(User, participant.user_id)
    assert user is not None
    user.unreachable_at = since
    await session.flush()


class Cast:
    """Seven people, one per corner of the filters (names are the assertions)."""

    A = "Андреев Антон"  # mentor, teacher-teacher, consent given, intake, in a pair with D
    B = "Борисова Белла"  # mentor, teacher-student, consent given, intake, no pair, unreachable
    C = "Воронов Виктор"  # mentee, teacher-student, invited: no consent, no intake
    D = "Григорьева Галина"  # mentee, teacher-teacher, a minor with a parent's consent, intake, paired with A
    E = "Данилов Денис"  # mentee, student-student, declined consent
    F = "Егорова Ева"  # mentee, student-student, a minor whose parent declined
    G = "Жуков Жан"  # mentee, teacher-student, a minor waiting for a parent


async def make_cast(session: AsyncSession) -> dict[str, Participant]:
    pid = await programme_id(session)
    a = await make_member(session, pid, 2001, "mentor", "teacher_teacher", name=Cast.A, capacity=2)
    b = await make_member(session, pid, 2002, "mentor", "teacher_student", name=Cast.B)
    c = await make_person(session, pid, 2003, "mentee", "teacher_student", ParticipantStatus.INVITED, Cast.C, is_minor=None)
    d = await make_member(session, pid, 2004, "mentee", "teacher_teacher", name=Cast.D)
    d.is_minor = True
    e = await make_person(session, pid, 2005, "mentee", "student_student", ParticipantStatus.DECLINED, Cast.E, is_minor=None)
    f = await make_person(
        session, pid, 2006, "mentee", "student_student", ParticipantStatus.AWAITING_PARENT, Cast.F, is_minor=True
    )
    g = await make_person(
        session, pid, 2007, "mentee", "teacher_student", ParticipantStatus.AWAITING_PARENT, Cast.G, is_minor=True
    )
    for person in (a, b, d, f, g):
        consent(session, person, ConsentKind.SELF)
    consent(session, d, ConsentKind.PARENT)
    session.add(
        ParentConsentRequest(participant_id=f.id, code="PCdeclined1", created_at=NOW, decided_at=NOW, decision="declined")
    )
    session.add(ParentConsentRequest(participant_id=g.id, code="PCpending01", created_at=NOW))
    await set_unreachable(session, b, NOW - timedelta(days=1))
    await make_pair(session, a, d)
    await session.commit()
    return {"A": a, "B": b, "C": c, "D": d, "E": e, "F": f, "G": g}


def names_in(text: str) -> set[str]:
    return set(ITEM.findall(text))


def screens(requests: list[TelegramMethod[Any]]) -> list[str]:
    return [r.text for r in requests if isinstance(r, SendMessage | EditMessageText)]


async def status_of(client: BotClient, participant_id: int) -> str:
    async with client.app.sessionmaker() as s:
        return str(await s.scalar(select(Participant.status).where(Participant.id == participant_id)))


async def open_card(client: BotClient, participant_id: int) -> str:
    return texts(await client.callback(CURATOR, PeopleCb(a="card", id=participant_id).pack()))


# ---- filters ------------------------------------------------------------------------------------

EACH_FILTER = [
    ({}, "ABCDEFG"),
    ({"role": "mentor"}, "AB"),
    ({"role": "mentee"}, "CDEFG"),
    ({"form": "teacher_teacher"}, "AD"),
    ({"form": "teacher_student"}, "BCG"),
    ({"form": "student_student"}, "EF"),
    ({"form": "employer_student"}, ""),
    ({"consent": "given"}, "ABD"),
    ({"consent": "waiting"}, "CG"),
    ({"consent": "declined"}, "EF"),
    ({"questionnaire": "done"}, "ABD"),
    ({"questionnaire": "missing"}, "CEFG"),
    ({"paired": "yes"}, "AD"),
    ({"paired": "no"}, "BCEFG"),
    ({"unreachable": "yes"}, "B"),
    ({"unreachable": "no"}, "ACDEFG"),
    ({"role": "mentee", "consent": "waiting", "form": "teacher_student"}, "CG"),
    ({"role": "mentor", "paired": "no", "unreachable": "yes"}, "B"),
    ({"role": "mentee", "paired": "yes", "questionnaire": "done"}, "D"),
    ({"role": "mentee", "questionnaire": "missing", "consent": "declined", "form": "student_student"}, "EF"),
    ({"role": "mentor", "form": "student_student"}, ""),
]


@pytest.mark.parametrize(("chosen", "expected"), EACH_FILTER)
async def test_each_filter_and_combinations_find_exactly_the_expected_people(
    client: BotClient, session: AsyncSession, chosen: dict[str, str], expected: str
) -> None:
    cast = await make_cast(session)
    filters = Filters(chosen)
    assert Filters.decode(filters.encode()) == filters

    found = await people.page_of(session, await programme_id(session), filters, 0)
    assert {r.id for r in found.rows} == {cast[k].id for k in expected}
    assert found.total == len(expected)
    await session.commit()  # SQLite: no open read while the bot writes

    out = texts(await client.callback(CURATOR, PeopleCb(a="list", f=filters.encode()).pack()))
    assert names_in(out) == {getattr(Cast, k) for k in expected}
    assert f"Найдено: {len(expected)}" in out


def test_filter_codes_from_buttons_are_untrusted() -> None:
    assert Filters.decode("") == Filters()
    assert Filters.decode("zzzzzzzzzzz") == Filters()
    assert Filters.decode("m9gx") == Filters({"role": "mentor", "consent": "given"})
    assert Filters({"role": "nobody"}).with_value("role", "nobody").empty
    assert len(Filters({name: values[0] for name, values in people.DIMENSIONS}).encode()) == len(people.DIMENSIONS)


async def test_filters_are_chosen_with_buttons_and_combine(client: BotClient, session: AsyncSession) -> None:
    await make_cast(session)
    out = texts(await client.send(CURATOR, "/participants"))
    assert "Участники программы" in out and "Найдено: 7" in out and "Фильтры не выбраны" in out
    assert names_in(out) == {Cast.A, Cast.B, Cast.C, Cast.D, Cast.E, Cast.F, Cast.G}

    out = texts(await client.press(CURATOR, "Роль: все"))
    assert "Фильтр «Роль»" in out
    out = texts(await client.press(CURATOR, "наставляемые"))
    assert names_in(out) == {Cast.C, Cast.D, Cast.E, Cast.F, Cast.G}
    assert "Роль — наставляемые" in out

    await client.press(CURATOR, "Согласие: все")
    out = texts(await client.press(CURATOR, "ожидается"))
    assert names_in(out) == {Cast.C, Cast.G} and "Найдено: 2" in out

    await client.press(CURATOR, "Форма: все")
    out = texts(await client.press(CURATOR, "учитель — учитель"))
    assert names_in(out) == set() and "Найдено: 0" in out and "никто не подходит" in out

    out = texts(await client.press(CURATOR, "Сбросить фильтры"))
    assert "Найдено: 7" in out


async def test_pages_of_ten_with_the_count(client: BotClient, session: AsyncSession) -> None:
    pid = await programme_id(session)
    for n in range(23):
        await make_member(session, pid, 3000 + n, "mentee", name=f"Ученик {n:02d}")
    await session.commit()
    out = texts(await client.send(CURATOR, "/participants"))
    assert "Найдено: 23" in out and "Страница 1 из 3" in out
    assert len(names_in(out)) == 10
    seen = names_in(out)
    out = texts(await client.press(CURATOR, "Дальше"))
    assert "Страница 2 из 3" in out and len(names_in(out)) == 10
    seen |= names_in(out)
    out = texts(await client.press(CURATOR, "Дальше"))
    assert "Страница 3 из 3" in out and len(names_in(out)) == 3
    seen |= names_in(out)
    assert seen == {f"Ученик {n:02d}" for n in range(23)}


@contextmanager
def counting(client: BotClient) -> Iterator[list[str]]:
    statements: list[str] = []

    def before(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    engine = client.app.engine.sync_engine
    event.listen(engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before)


async def add_people(session: AsyncSession, start: int, count: int) -> None:
    """Mentors and mentees with consents, pairs, notes and unreachable ones: every column of a row."""
    pid = await programme_id(session)
    for n in range(start, start + count, 2):
        mentor = await make_member(session, pid, 4000 + n, "mentor", name=f"Наставник {n:03d}")
        mentee = await make_member(session, pid, 4001 + n, "mentee", name=f"Наставляемый {n:03d}")
        for person in (mentor, mentee):
            consent(session, person, ConsentKind.SELF)
        session.add(
            ParticipantNote(
                participant_id=mentee.id, source="psychologist", text="x", author_telegram_id=CURATOR.id, created_at=NOW
            )
        )
        await set_unreachable(session, mentee, NOW if n % 4 == 0 else None)
        await make_pair(session, mentor, mentee)
    await session.commit()


async def test_a_page_takes_the_same_number_of_queries_for_5_and_40_people(client: BotClient, session: AsyncSession) -> None:
    await add_people(session, 0, 6)
    code = Filters({"consent": "given", "questionnaire": "done"}).encode()

    async def measure() -> tuple[int, int]:
        with counting(client) as first:
            out = texts(await client.send(CURATOR, "/participants"))
        assert "🤝" in out
        with counting(client) as filtered:
            await client.callback(CURATOR, PeopleCb(a="list", f=code).pack())
        # Of the participants: one count and one page, set-based; the rest is the update's own overhead
        # (among it, who is writing: bot/access.py's identify, over a subquery named "me").
        assert sum("participants" in q and ") AS me " not in q for q in first) == 2
        assert sum("participants" in q and ") AS me " not in q for q in filtered) == 2
        return len(first), len(filtered)

    few = await measure()
    await add_people(session, 6, 34)
    many = await measure()
    async with client.app.sessionmaker() as s:
        assert await s.scalar(select(func.count(Participant.id))) == 40
    assert many == few


# ---- the card -----------------------------------------------------------------------------------


async def test_the_card_shows_consents_questionnaires_pair_meetings_feedback_and_notes(
    client: BotClient, session: AsyncSession
) -> None:
    cast = await make_cast(session)
    d, a = cast["D"], cast["A"]
    d.class_or_subject = "7 «Б»"
    (pair,) = await people.active_pairs_of(session, d.id)
    pair_id, period = pair.id, f"{pair.starts_on:%d.%m.%Y} — {pair.ends_on:%d.%m.%Y}"
    for status, days in ((MeetingStatus.HELD, -10), (MeetingStatus.ACCEPTED, 5), (MeetingStatus.DECLINED, 2)):
        session.add(
            Meeting(
                pair_id=pair_id,
                proposed_by_id=a.id,
                starts_at=NOW + timedelta(days=days),
                kind="regular",
                format="offline",
                status=status,
                created_at=NOW,
                updated_at=NOW,
            )
        )
    session.add(
        QuestionnaireResponse(
            participant_id=d.id,
            questionnaire="feedback",
            period="2026-11",
            status=ResponseStatus.SUBMITTED,
            started_at=NOW,
            updated_at=NOW,
            submitted_at=NOW,
            answers=[Answer(question="usefulness", value=9, answered_at=NOW)],
        )
    )
    session.add(
        ParticipantNote(
            participant_id=d.id,
            source="class_teacher",
            text="Старая <заметка>",
            author_telegram_id=CURATOR.id,
            created_at=NOW - timedelta(days=2),
        )
    )
    session.add(
        ParticipantNote(
            participant_id=d.id,
            source="psychologist",
            text="Новая & важная",
            author_telegram_id=CURATOR.id,
            created_at=NOW - timedelta(days=1),
        )
    )
    await session.commit()

    await client.send(CURATOR, "/participants")
    out = texts(await client.press(CURATOR, Cast.D))
    assert f"<b>{Cast.D}</b>" in out
    assert "Роль: наставляемый · форма «учитель — учитель»" in out
    assert "Класс или предмет: 7 «Б»" in out
    assert "Статус: участвует" in out and "Несовершеннолетний" in out
    assert "• собственное, версия 2026-09, 20.11.2026" in out
    assert "• родителя (в боте), версия 2026-09, 20.11.2026" in out
    assert "• Анкета наставляемого — 23.11.2026" in out
    assert f"• наставник: {Cast.A}, {period} (действует)" in out
    assert "Встречи: проведено 1, всего назначено 2" in out
    assert "Ежемесячные опросы: ноябрь 2026" in out
    assert "психолог: Новая &amp; важная" in out and "классный руководитель: Старая &lt;заметка&gt;" in out
    assert out.index("Новая") < out.index("Старая"), "newest first"

    # The answers, through the questionnaire's own review screen.
    out = texts(await client.press(CURATOR, "📄 Анкета наставляемого"))
    assert f"<b>{Cast.D}</b> · отправлено 23.11.2026" in out and "<b>Анкета наставляемого</b>" in out
    out = texts(await client.press(CURATOR, "📝 Опрос: ноябрь 2026"))
    assert "опрос за ноябрь 2026" in out and "Ежемесячный опрос" in out

    # The pair's card in /pairs.
    out = texts(await client.press(CURATOR, f"🤝 Пара: {Cast.A}"))
    assert f"<b>Пара № {pair_id}</b>" in out and Cast.A in out and Cast.D in out

    # All notes, one by one.
    out = texts(await client.press(CURATOR, "Заметки полностью"))
    assert "1 из 2" in out and "Новая &amp; важная" in out
    out = texts(await client.press(CURATOR, "Дальше"))
    assert "2 из 2" in out and "Старая &lt;заметка&gt;" in out

    # A mentor's card: no notes section, the pair from the other side.
    out = await open_card(client, a.id)
    assert f"• наставляемый: {Cast.D}" in out and "Заметки" not in out
    assert "• Анкета наставника — 23.11.2026" in out


async def test_a_card_of_someone_without_anything(client: BotClient, session: AsyncSession) -> None:
    cast = await make_cast(session)
    out = await open_card(client, cast["C"].id)
    assert "Статус: согласие ещё не получено" in out
    assert out.count("\nнет") >= 3  # consents, questionnaires, notes
    assert "пары нет" in out and "ответов пока нет" in out and "проведено 0, всего назначено 0" in out


# ---- notes --------------------------------------------------------------------------------------


async def start_note(client: BotClient, participant_id: int, source: str = "Психолог") -> str:
    await client.callback(CURATOR, PeopleCb(a="card", id=participant_id).pack())
    out = texts(await client.press(CURATOR, "Добавить заметку"))
    assert "От кого эти сведения?" in out
    for label in ("Психолог", "Классный руководитель", "Родители", "Другое"):
        client.find_button(CURATOR, label)
    return texts(await client.press(CURATOR, source))


async def notes_of(client: BotClient, participant_id: int) -> list[ParticipantNote]:
    async with client.app.sessionmaker() as s:
        return list(
            await s.scalars(
                select(ParticipantNote).where(ParticipantNote.participant_id == participant_id).order_by(ParticipantNote.id)
            )
        )


async def test_adding_a_note_with_wrong_input_first(client: BotClient, session: AsyncSession, clock: FrozenClock) -> None:
    cast = await make_cast(session)
    g = cast["G"]
    out = await start_note(client, g.id, "Классный руководитель")
    assert "Источник: классный руководитель" in out and "до 2000 символов" in out and "/cancel" in out

    out = texts(await client.send_content(CURATOR, photo=[{"file_id": "p1", "file_unique_id": "u1", "width": 10, "height": 10}]))
    assert "пришлите заметку текстом" in out
    out = texts(await client.send(CURATOR, "я" * 2001))
    assert "2001 символ при ограничении 2000" in out
    out = texts(await client.send(CURATOR, "   "))
    assert "Заметка пустая" in out
    assert await notes_of(client, g.id) == []

    clock.advance(hours=1)
    text = "Со слов классного руководителя: <b>часто</b> пропускает & опаздывает"
    out = texts(await client.send(CURATOR, text))
    assert "Заметка сохранена" in out
    assert "классный руководитель: Со слов классного руководителя: &lt;b&gt;часто&lt;/b&gt; пропускает &amp; опаздывает" in out
    (note,) = await notes_of(client, g.id)
    assert note.text == text and note.source == "class_teacher"
    assert note.author_telegram_id == CURATOR.id and note.created_at == clock.now()

    # The dialog is over: more text is not a note.
    await client.send(CURATOR, "ещё что-то")
    assert len(await notes_of(client, g.id)) == 1

    # A note of exactly the limit is accepted.
    await start_note(client, g.id, "Родители")
    out = texts(await client.send(CURATOR, "ы" * 2000))
    assert "Заметка сохранена" in out
    assert [n.source for n in await notes_of(client, g.id)] == ["class_teacher", "parent"]
    out = texts(await client.press(CURATOR, "Заметки полностью"))
    assert "1 из 2" in out and "родители: " + "ы" * 2000 in out


async def test_cancel_leaves_the_note_dialog(client: BotClient, session: AsyncSession) -> None:
    cast = await make_cast(session)
    await start_note(client, cast["C"].id)
    out = texts(await client.send(CURATOR, "/cancel"))
    assert "отменено" in out
    await client.send(CURATOR, "Это уже не заметка")
    assert await notes_of(client, cast["C"].id) == []


async def test_notes_are_for_mentees_only(client: BotClient, session: AsyncSession) -> None:
    cast = await make_cast(session)
    out = await open_card(client, cast["A"].id)
    assert "Добавить заметку" not in out
    for action in ("note", "notes"):
        requests = await client.callback(CURATOR, PeopleCb(a=action, id=cast["A"].id).pack())
        assert alerts(requests) == ["Эта кнопка больше не работает."] and screens(requests) == []
    requests = await client.callback(CURATOR, PeopleCb(a="src", id=cast["D"].id, d="neighbour").pack())
    assert alerts(requests) == ["Эта кнопка больше не работает."] and screens(requests) == []


# ---- deactivation -------------------------------------------------------------------------------


async def test_someone_in_an_active_pair_is_not_deactivated(client: BotClient, session: AsyncSession) -> None:
    cast = await make_cast(session)
    for key in ("A", "D"):
        await open_card(client, cast[key].id)
        out = texts(await client.press(CURATOR, "Приостановить участие"))
        assert "в действующей паре" in out and "/pairs" in out
        client.find_button(CURATOR, "🤝 Пара:")
        assert await status_of(client, cast[key].id) == ParticipantStatus.ACTIVE
        # Even the confirmation button, pressed from an old message, does not break the pair.
        out = texts(await client.callback(CURATOR, PeopleCb(a="offy", id=cast[key].id).pack()))
        assert "в действующей паре" in out
        assert await status_of(client, cast[key].id) == ParticipantStatus.ACTIVE


async def test_deactivate_with_confirmation_and_reactivate(client: BotClient, session: AsyncSession) -> None:
    cast = await make_cast(session)
    b = cast["B"]
    await open_card(client, b.id)
    out = texts(await client.press(CURATOR, "Приостановить участие"))
    assert f"Приостановить участие: {Cast.B}?" in out and "Вернуть в программу можно из этой же карточки" in out
    assert await status_of(client, b.id) == ParticipantStatus.ACTIVE
    requests = await client.press(CURATOR, "Да, приостановить")
    assert alerts(requests) == ["Участие приостановлено."]
    assert "Статус: участие приостановлено" in texts(requests)
    assert await status_of(client, b.id) == ParticipantStatus.INACTIVE

    # Shown so in the list; pressing the old confirmation again changes nothing.
    out = texts(await client.callback(CURATOR, PeopleCb(a="list", f=Filters({"role": "mentor"}).encode()).pack()))
    assert f"<b>{Cast.B}</b> — наставник, «учитель — ученик», участие приостановлено" in out
    requests = await client.callback(CURATOR, PeopleCb(a="offy", id=b.id).pack())
    assert alerts(requests) == ["Участие уже приостановлено."]

    await open_card(client, b.id)
    requests = await client.press(CURATOR, "Вернуть в программу")
    assert alerts(requests) == ["Участник снова в программе."]
    assert await status_of(client, b.id) == ParticipantStatus.ACTIVE
    requests = await client.callback(CURATOR, PeopleCb(a="on", id=b.id).pack())
    assert alerts(requests) == ["Этот участник и так в программе."]


async def test_reactivation_needs_a_submitted_intake(client: BotClient, session: AsyncSession) -> None:
    cast = await make_cast(session)
    g = cast["G"]
    await open_card(client, g.id)
    out = texts(await client.press(CURATOR, "Приостановить участие"))
    assert "вернуть участника в программу из карточки потом не получится" in out
    await client.press(CURATOR, "Да, приостановить")
    assert await status_of(client, g.id) == ParticipantStatus.INACTIVE
    requests = await client.press(CURATOR, "Вернуть в программу")
    (alert,) = alerts(requests)
    assert "только того, кто заполнил анкету" in alert and len(alert) <= 200
    assert await status_of(client, g.id) == ParticipantStatus.INACTIVE


async def test_an_inactive_person_gets_no_onboarding_reminders(client: BotClient, session: AsyncSession) -> None:
    pid = await programme_id(session)
    since = NOW - timedelta(days=2, hours=12)
    kept = await make_person(
        session, pid, 2101, "mentee", "teacher_teacher", ParticipantStatus.QUESTIONNAIRE, "Остался", created_at=since
    )
    paused = await make_person(
        session, pid, 2102, "mentee", "teacher_teacher", ParticipantStatus.QUESTIONNAIRE, "Приостановлен", created_at=since
    )
    await session.commit()
    await client.callback(CURATOR, PeopleCb(a="offy", id=paused.id).pack())
    assert await status_of(client, paused.id) == ParticipantStatus.INACTIVE

    sent = await client.tick()
    chats = {int(r.chat_id) for r in sent if isinstance(r, SendMessage)}
    assert 2101 in chats and 2102 not in chats
    assert kept.id != paused.id


# ---- forged buttons, outsiders ------------------------------------------------------------------


async def test_forged_ids_get_an_alert_and_nothing_else(client: BotClient, session: AsyncSession) -> None:
    cast = await make_cast(session)
    old_programme = await programme_id(session)
    outsider = await make_member(session, old_programme, 2999, "mentee", name="Чужой Человек")
    # A newer programme becomes the current one: the old one's people are outside it now.
    org_id = (await session.get(Programme, old_programme)).organisation_id  # type: ignore[union-attr]
    session.add(
        Programme(  # the school's next academic year
            organisation_id=org_id,
            academic_year="2027/2028",
            starts_on=date(2027, 9, 1),
            ends_on=date(2028, 8, 31),
            forms=["teacher_teacher"],
            settings={},
            created_at=NOW,
        )
    )
    await session.commit()
    biggest = int(await session.scalar(select(func.max(Participant.id))) or 0)
    await session.commit()

    forged = [
        PeopleCb(a=action, id=pid, r=r, d=d)
        for pid in (outsider.id, cast["D"].id, biggest + 1000, 2**31, -1, 0)
        for action, r, d in (
            ("card", 0, ""),
            ("qn", 1, ""),
            ("note", 0, ""),
            ("src", 0, "psychologist"),
            ("off", 0, ""),
            ("offy", 0, ""),
            ("on", 0, ""),
            ("notes", 0, ""),
        )
    ]
    for data in forged:
        requests = await client.callback(CURATOR, data.pack())
        # An id beyond INTEGER is forged on its face: the access layer calls the button stale.
        expected = "Эта кнопка больше не работает." if data.id == 2**31 else "Такого участника нет в текущей программе."
        assert alerts(requests) == [expected], data
        assert screens(requests) == [], data
    assert await status_of(client, outsider.id) == ParticipantStatus.ACTIVE
    assert await notes_of(client, outsider.id) == []
    out = texts(await client.send(CURATOR, "/participants"))
    assert "Найдено: 0" in out and "Чужой" not in out


async def test_a_questionnaire_of_someone_else_is_not_shown(client: BotClient, session: AsyncSession) -> None:
    cast = await make_cast(session)
    other_response = await session.scalar(
        select(QuestionnaireResponse.id).where(QuestionnaireResponse.participant_id == cast["A"].id)
    )
    await session.commit()
    for r in (other_response or 0, 0, 2**31):
        requests = await client.callback(CURATOR, PeopleCb(a="qn", id=cast["D"].id, r=r).pack())
        assert alerts(requests) == ["Эта кнопка больше не работает."] and screens(requests) == []


async def test_not_for_a_non_curator(client: BotClient, session: AsyncSession) -> None:
    cast = await make_cast(session)
    out = texts(await client.send(STRANGER, "/participants"))
    assert "Участники программы" not in out and Cast.A not in out
    for data in (
        PeopleCb(a="list"),
        PeopleCb(a="card", id=cast["D"].id),
        PeopleCb(a="offy", id=cast["B"].id),
        PeopleCb(a="src", id=cast["D"].id, d="psychologist"),
    ):
        requests = await client.callback(STRANGER, data.pack())
        assert screens(requests) == []
        assert all(Cast.D not in a and Cast.B not in a for a in alerts(requests))
    assert await status_of(client, cast["B"].id) == ParticipantStatus.ACTIVE
    await client.send(STRANGER, "Текст заметки")
    assert await notes_of(client, cast["D"].id) == []


# ---- the questionnaires' conditions, read once per transaction ---------------------------------------


async def test_intake_facts_are_read_once_and_an_answer_or_a_rollback_reads_them_again(
    client: BotClient, session: AsyncSession
) -> None:
    from bot.services import answers as store

    programme = await first_programme(session)
    assert programme is not None
    member = await make_member(session, programme.id, 7001, "mentee", answers={"kind": "student"})
    member_id = member.id
    await session.commit()
    await session.refresh(member)
    response = await session.scalar(select(QuestionnaireResponse).where(QuestionnaireResponse.participant_id == member_id))
    assert response is not None
    await session.refresh(response, ["answers"])

    with counting(client) as reads:
        assert (await store.context_for(session, member))["kind"] == "student"
        assert (await store.context_for(session, member))["kind"] == "student"
    assert sum("FROM answers" in q for q in reads) == 1  # the second from the transaction's memory

    store.set_answer(response, "kind", "teacher", client.app.clock.now())
    assert (await store.context_for(session, member))["kind"] == "teacher"  # the answer just given
    await session.rollback()
    await session.refresh(member)
    await session.refresh(response)
    await session.refresh(response, ["answers"])
    assert (await store.context_for(session, member))["kind"] == "student"  # the rolled-back one is gone

    store.set_answer(response, "kind", "teacher", client.app.clock.now())
    await session.commit()
    await session.refresh(member)
    with counting(client) as reads:
        assert (await store.context_for(session, member))["kind"] == "teacher"
    assert sum("FROM answers" in q for q in reads) == 1  # a new transaction reads again
