"""Whole onboarding journeys through the real Dispatcher."""

from __future__ import annotations

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
    out = texts(await client.send(TEACHER, f"/start {invite.code}"))
    assert "Ваша роль: <b>наставляемый</b>" in out
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
        assert consent is not None and consent.kind == "self" and consent.text_version == "2026-11"
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
