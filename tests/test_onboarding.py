"""Whole onboarding journeys through the real Dispatcher."""

from __future__ import annotations

from aiogram.methods import SetMyCommands
from aiogram.types import BotCommandScopeChat
from sqlalchemy import func, select

from db.models import Answer, Consent, Participant, QuestionnaireResponse, User
from tests.factories import make_invite
from tests.harness import BotClient, Person, texts

TEACHER = Person(501, "Мария", "ru")


async def count(client: BotClient, model: type) -> int:
    async with client.app.sessionmaker() as s:
        return int(await s.scalar(select(func.count()).select_from(model)) or 0)


async def test_teacher_mentee_full_onboarding(client: BotClient) -> None:
    invite = await make_invite(client, role="mentee", form="teacher_teacher")
    requests = await client.send(TEACHER, f"/start {invite.code}")
    out = texts(requests)
    assert "Ваша роль: <b>наставляемый</b>" in out
    menus = [r for r in requests if isinstance(r, SetMyCommands)]
    assert menus and menus[0].scope == BotCommandScopeChat(chat_id=TEACHER.id)
    assert {c.command for c in menus[0].commands} >= {"profile", "help", "cancel", "language"}
    assert "invite" not in {c.command for c in menus[0].commands}
    assert "Согласие на обработку персональных данных" in out
    assert await count(client, Consent) == 0

    out = texts(await client.press(TEACHER, "Согласен"))
    assert "согласие записано" in out
    assert "Вопрос 1 из" in out and "Кто вы?" in out

    out = texts(await client.press(TEACHER, "Учитель"))
    assert "Вопрос 2 из 8" in out and "Сколько лет вы работаете учителем" in out
    out = texts(await client.send(TEACHER, "2"))
    assert "Вопрос 3 из 8" in out
    await client.press(TEACHER, "Пропустить")  # subject is optional
    out = texts(await client.press(TEACHER, "Методическое"))
    await client.press(TEACHER, "Готово")
    await client.send(TEACHER, "Не получается удерживать дисциплину в 7 классе")
    await client.send(TEACHER, "Научиться вести уроки без окриков")
    await client.press(TEACHER, "Очно")
    await client.press(TEACHER, "После уроков")
    out = texts(await client.press(TEACHER, "Готово"))
    assert "Проверьте ответы" in out and "Учитель" in out and "— пропущено" in out

    out = texts(await client.press(TEACHER, "Отправить"))
    assert "Анкета «Анкета наставляемого» отправлена" in out
    assert "самооценка" in out and "Вопрос 1 из 5" in out
    for _ in range(5):
        await client.press(TEACHER, "7")
    out = texts(await client.press(TEACHER, "Отправить"))
    assert "Всё готово" in out

    async with client.app.sessionmaker() as s:
        participant = await s.scalar(select(Participant))
        assert participant is not None and participant.status == "active"
        consent = await s.scalar(select(Consent))
        assert consent is not None and consent.kind == "self" and consent.text_version == "2026-11b"
        assert consent.given_by_telegram_id == TEACHER.id and consent.text_sha256
        answers = {
            (r.questionnaire, a.question): a.value
            for r, a in (await s.execute(select(QuestionnaireResponse, Answer).join(Answer))).all()
        }
    assert answers[("mentee_intake", "kind")] == "teacher"
    assert answers[("mentee_intake", "experience_years")] == 2
    assert answers[("mentee_intake", "requests")] == ["methodical"]
    assert answers[("mentee_intake", "meeting_times")] == ["after_lessons"]
    assert ("mentee_intake", "subject") not in answers
    assert answers[("self_assessment", "confidence")] == 7
    assert answers[("self_assessment", "methods")] == 7


async def test_start_without_invite_does_not_register(client: BotClient) -> None:
    out = texts(await client.send(TEACHER, "/start"))
    assert "ссылке-приглашению" in out
    out = texts(await client.send(TEACHER, "/start nosuchcode"))
    assert "Такой ссылки-приглашения нет" in out
    assert await count(client, User) == 0
    assert await count(client, Participant) == 0


STUDENT = Person(601, "Петя", "ru")
PARENT = Person(602, "Ирина", "ru")
MENTOR = Person(701, "Сергей", "ru")


async def answers_of(client: BotClient, telegram_id: int) -> dict[tuple[str, str], object]:
    async with client.app.sessionmaker() as s:
        rows = (
            await s.execute(
                select(QuestionnaireResponse.questionnaire, Answer.question, Answer.value)
                .join(Answer)
                .join(Participant, Participant.id == QuestionnaireResponse.participant_id)
                .join(User, User.id == Participant.user_id)
                .where(User.telegram_id == telegram_id)
            )
        ).all()
    return {(q, k): v for q, k, v in rows}


async def test_student_mentee_needs_parent_consent(client: BotClient) -> None:
    invite = await make_invite(client, role="mentee", form="teacher_student", full_name="Петров Пётр")
    await client.send(STUDENT, f"/start {invite.code}")
    await client.press(STUDENT, "Согласен")
    out = texts(await client.press(STUDENT, "меньше 18"))
    assert "согласие одного из родителей" in out
    link = next(line for line in out.splitlines() if "?start=p_" in line).strip()
    parent_code = link.split("?start=")[1]

    # Until a parent agrees, the minor cannot answer and nothing they type is stored.
    out = texts(await client.send(STUDENT, "хочу заполнить анкету"))
    assert "Вопрос" not in out
    assert await answers_of(client, STUDENT.id) == {}
    out = texts(await client.send(STUDENT, "/start"))
    assert "?start=p_" in out

    # The minor cannot accept for the parent.
    out = texts(await client.send(STUDENT, f"/start {parent_code}"))
    assert "переслать родителю" in out

    out = texts(await client.send(PARENT, f"/start {parent_code}"))
    assert "Согласие родителя" in out and "Петров Пётр" in out
    requests = await client.press(PARENT, "Я родитель и согласен")
    assert "Согласие записано" in texts([r for r in requests if getattr(r, "chat_id", None) == PARENT.id])
    child_msgs = [r for r in requests if getattr(r, "chat_id", None) == STUDENT.id]
    assert "Родитель дал согласие" in texts(child_msgs)

    async with client.app.sessionmaker() as s:
        kinds = {(c.kind, c.given_by_telegram_id) for c in await s.scalars(select(Consent))}
    assert kinds == {("self", STUDENT.id), ("parent", PARENT.id)}

    # The same parent link cannot be used twice.
    out = texts(await client.send(PARENT, f"/start {parent_code}"))
    assert "недействительна" in out

    out = texts(await client.press(STUDENT, "Продолжить"))
    assert "Вопрос 1 из" in out
    out = texts(await client.press(STUDENT, "Ученик (школьник)"))
    assert "В каком вы классе?" in out
    out = texts(await client.send(STUDENT, "12"))
    assert "от 1 до 11" in out
    await client.send(STUDENT, "8")
    assert (await answers_of(client, STUDENT.id))[("mentee_intake", "grade")] == 8


async def test_parent_declines(client: BotClient) -> None:
    invite = await make_invite(client, role="mentee", form="student_student")
    await client.send(STUDENT, f"/start {invite.code}")
    await client.press(STUDENT, "Согласен")
    out = texts(await client.press(STUDENT, "меньше 18"))
    code = out.split("?start=")[1].split()[0]
    await client.send(PARENT, f"/start {code}")
    requests = await client.press(PARENT, "Не согласен")
    assert "не дал согласие" in texts([r for r in requests if getattr(r, "chat_id", None) == STUDENT.id])
    async with client.app.sessionmaker() as s:
        assert {c.kind for c in await s.scalars(select(Consent))} == {"self"}
        participant = await s.scalar(select(Participant))
        assert participant is not None and participant.status == "awaiting_parent"
    # "Продолжить" gives the minor a fresh link for the parent.
    out = texts(await client.press(STUDENT, "Продолжить"))
    new_code = out.split("?start=")[1].split()[0]
    assert new_code != code


async def test_mentor_onboarding_and_profile_edit(client: BotClient) -> None:
    invite = await make_invite(client, role="mentor", form="teacher_teacher")
    await client.send(MENTOR, f"/start {invite.code}")
    out = texts(await client.press(MENTOR, "Согласен"))
    assert "Анкета наставника" in out or "анкету наставника" in out
    assert "Вопрос 1 из 8" in out
    await client.send(MENTOR, "Учитель математики")
    out = texts(await client.send(MENTOR, "пятнадцать"))
    assert "Нужно число" in out
    await client.send(MENTOR, "15")
    await client.press(MENTOR, "Методическое")
    await client.press(MENTOR, "Интеллектуальное")
    out = texts(await client.press(MENTOR, "Готово"))
    assert "Вопрос 4 из 8" in out
    out = texts(await client.press(MENTOR, "Назад"))
    assert "Вопрос 3 из 8" in out
    await client.press(MENTOR, "Готово")
    await client.press(MENTOR, "Пропустить")
    await client.press(MENTOR, "Двоих")
    await client.press(MENTOR, "Учитель — учитель")
    await client.press(MENTOR, "Готово")
    await client.press(MENTOR, "Онлайн")
    await client.press(MENTOR, "Вечером")
    out = texts(await client.press(MENTOR, "Готово"))
    assert "Проверьте ответы" in out
    out = texts(await client.press(MENTOR, "Отправить"))
    assert "Всё готово" in out
    stored = await answers_of(client, MENTOR.id)
    assert stored[("mentor_intake", "can_help")] == ["intellectual", "methodical"]
    assert stored[("mentor_intake", "capacity")] == "2"

    out = texts(await client.send(MENTOR, "/profile"))
    assert "Учитель математики" in out and "Двоих" in out
    await client.press(MENTOR, "Изменить ответ")
    out = texts(await client.press(MENTOR, "Скольких наставляемых"))
    assert "Сейчас: Двоих" in out or "✅ Двоих" in str(client.fake.requests[-1])
    out = texts(await client.press(MENTOR, "Одного"))
    assert "Ответ сохранён" in out
    assert (await answers_of(client, MENTOR.id))[("mentor_intake", "capacity")] == "1"


async def test_review_edit_then_submit(client: BotClient) -> None:
    invite = await make_invite(client, role="mentee", form="teacher_teacher")
    await client.send(TEACHER, f"/start {invite.code}")
    await client.press(TEACHER, "Согласен")
    await client.press(TEACHER, "Учитель")
    await client.send(TEACHER, "1")
    await client.send(TEACHER, "История")
    await client.press(TEACHER, "Творческое")
    await client.press(TEACHER, "Готово")
    await client.press(TEACHER, "Пропустить")
    await client.send(TEACHER, "Цель")
    await client.press(TEACHER, "Онлайн")
    await client.press(TEACHER, "Вечером")
    await client.press(TEACHER, "Готово")
    await client.press(TEACHER, "Изменить ответ")
    out = texts(await client.press(TEACHER, "Какой цели"))
    assert "Сейчас: Цель" in out
    out = texts(await client.send(TEACHER, "Провести открытый урок"))
    assert "Проверьте ответы" in out and "Провести открытый урок" in out
    assert (await answers_of(client, TEACHER.id))[("mentee_intake", "goal")] == "Провести открытый урок"


async def test_group_link_asks_the_name_and_keeps_it(client: BotClient) -> None:
    from db.models import InviteKind

    invite = await make_invite(client, role="mentor", form="teacher_student", kind=InviteKind.GROUP, max_uses=30, full_name=None)
    await client.send(MENTOR, f"/start {invite.code}")
    out = texts(await client.press(MENTOR, "Согласен"))
    assert "Вопрос 1 из 9" in out and "Как вас зовут?" in out
    out = texts(await client.send(MENTOR, "Смирнов Сергей Петрович"))
    assert "Вопрос 2 из 9" in out
    async with client.app.sessionmaker() as s:
        participant = await s.scalar(select(Participant))
    assert participant is not None and participant.full_name == "Смирнов Сергей Петрович"
    assert (await answers_of(client, MENTOR.id))[("mentor_intake", "full_name")] == "Смирнов Сергей Петрович"


async def test_decline_then_reconsider(client: BotClient) -> None:
    invite = await make_invite(client, role="mentee", form="teacher_teacher")
    await client.send(TEACHER, f"/start {invite.code}")
    out = texts(await client.press(TEACHER, "Не согласен"))
    assert "ничего не сохранили" in out
    assert await count(client, Consent) == 0
    out = texts(await client.send(TEACHER, "/start"))
    assert "Согласие на обработку" in out  # can be reconsidered later
    out = texts(await client.press(TEACHER, "Согласен"))
    assert "Вопрос 1 из" in out
    assert await count(client, Consent) == 1
