"""A restart in the middle of a questionnaire: the next answer continues where the person was,
with the earlier answers kept (the dialog state lives in the database, or in Redis when set)."""

from __future__ import annotations

from sqlalchemy import select

from db.models import Answer, QuestionnaireResponse
from tests.conftest import AppFactory
from tests.factories import make_invite
from tests.harness import Person, texts

TEACHER = Person(502, "Мария", "ru")


async def test_questionnaire_continues_after_restarts(start_app: AppFactory) -> None:
    client = await start_app()
    invite = await make_invite(client, role="mentee", form="teacher_teacher")
    await client.send(TEACHER, f"/start {invite.code}")
    await client.press(TEACHER, "Согласен")
    await client.press(TEACHER, "Учитель")
    out = texts(await client.send(TEACHER, "2"))
    assert "Вопрос 3 из 8" in out

    client = await start_app()  # waiting for a typed answer
    out = texts(await client.send(TEACHER, "Математика"))
    assert "Вопрос 4 из 8" in out, out
    await client.press(TEACHER, "Методическое")

    client = await start_app()  # half-way through a multiple choice, on a message sent before the restart
    out = texts(await client.press(TEACHER, "Готово"))
    assert "Вопрос 5 из 8" in out, out
    await client.press(TEACHER, "Пропустить")
    await client.send(TEACHER, "Научиться вести уроки без окриков")
    await client.press(TEACHER, "Очно")
    await client.press(TEACHER, "После уроков")
    out = texts(await client.press(TEACHER, "Готово"))
    assert "Проверьте ответы" in out
    assert "Учитель" in out and "Математика" in out and "Методическое" in out

    out = texts(await client.press(TEACHER, "Отправить"))
    assert "Анкета «Анкета наставляемого» отправлена" in out

    async with client.app.sessionmaker() as s:
        rows = (
            await s.execute(
                select(Answer.question, Answer.value)
                .join(QuestionnaireResponse)
                .where(QuestionnaireResponse.questionnaire == "mentee_intake")
            )
        ).all()
    answers = dict(rows)
    assert answers["kind"] == "teacher"
    assert answers["experience_years"] == 2
    assert answers["subject"] == "Математика"
    assert answers["requests"] == ["methodical"]
    assert answers["goal"] == "Научиться вести уроки без окриков"
