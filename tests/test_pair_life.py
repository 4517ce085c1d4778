"""A pair's life through the real Dispatcher: the card, the plan, concerns, replacement, extension,
completion, and buttons pressed by people they are not meant for."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from bot.services.programme import first_programme
from db.models import Concern, Pair, PlanGoal, PlanTask, QuestionnaireResponse
from handlers.curator.pairs import CuratorPairCb
from handlers.pair import PairLifeCb
from tests.factories import make_member, make_pair
from tests.harness import CURATOR, BotClient, Person, alerts, sent_to, texts

MENTOR = Person(801, "Сергей", "ru")
MENTEE = Person(802, "Мария", "ru")
NEW_MENTOR = Person(803, "Павел", "ru")
STRANGER = Person(804, "Глеб", "ru")


async def setup_pair(client: BotClient) -> int:
    async with client.app.sessionmaker() as s:
        programme = await first_programme(s)
        assert programme is not None
        mentor = await make_member(s, programme.id, MENTOR.id, "mentor", name="Сергеев Сергей", capacity=2)
        mentee = await make_member(
            s,
            programme.id,
            MENTEE.id,
            "mentee",
            name="Мариева Мария",
            answers={"requests": ["methodical"], "goal": "Научиться вести уроки без окриков"},
        )
        await make_member(s, programme.id, NEW_MENTOR.id, "mentor", name="Павлов Павел", capacity=2)
        stranger_mentor = await make_member(s, programme.id, STRANGER.id, "mentor", name="Глебов Глеб", capacity=1)
        other_mentee = await make_member(s, programme.id, 805, "mentee", name="Другая Дарья")
        pair = await make_pair(s, mentor, mentee)
        await make_pair(s, stranger_mentor, other_mentee)
        await s.commit()
        return pair.id


async def test_pair_card_for_both_sides(client: BotClient) -> None:
    await setup_pair(client)
    out = texts(await client.send(MENTEE, "/pair"))
    assert "Наставник: <b>Сергеев Сергей</b>" in out
    assert "23.11.2026" in out and "31.08.2027" in out
    assert "Научиться вести уроки без окриков" in out and "Методическ" in out
    client.find_button(MENTEE, "Попросить замену наставника")
    out = texts(await client.send(MENTOR, "/pair"))
    assert "Наставляемый: <b>Мариева Мария</b>" in out
    assert "Научиться вести уроки без окриков" in out
    out = texts(await client.send(Person(999, "Никто", "ru"), "/pair"))
    assert "для участников программы" in out


async def test_plan_goal_task_done(client: BotClient) -> None:
    await setup_pair(client)
    await client.send(MENTOR, "/plan")
    await client.press(MENTOR, "Добавить цель")
    out = texts(await client.send(MENTOR, "x" * 301))
    assert "Слишком длинный текст: 301 символ при ограничении 300" in out
    out = texts(await client.send(MENTOR, "Дисциплина в 7 классе"))
    assert "Цель добавлена" in out and "Дисциплина в 7 классе" in out
    await client.press(MENTOR, "Задача к цели 1")
    out = texts(await client.send(MENTOR, "Посетить 3 урока коллег"))
    assert "ДД.ММ.ГГГГ" in out
    out = texts(await client.send(MENTOR, "31.02.2026"))
    assert "Не получилось прочитать дату" in out
    out = texts(await client.send(MENTOR, "15.12.2026"))
    assert "Задача добавлена" in out and "до 15.12.2026" in out and "0 из 1 задачи" in out

    requests = await client.send(MENTEE, "/plan")
    assert "Посетить 3 урока коллег" in texts(requests)
    requests = await client.press(MENTEE, "Посетить 3 урока")
    assert "1 из 1 задачи" in texts(requests)
    async with client.app.sessionmaker() as s:
        task = await s.scalar(select(PlanTask))
        assert task is not None and task.done_at is not None and task.due_on == date(2026, 12, 15)
    requests = await client.press(MENTEE, "(отменить)")
    assert "0 из 1 задачи" in texts(requests)


async def test_concern_reaches_curator_not_partner(client: BotClient) -> None:
    await setup_pair(client)
    await client.send(MENTEE, "/pair")
    await client.press(MENTEE, "Что-то не так в паре")
    requests = await client.send(MENTEE, "Наставник не отвечает уже месяц")
    assert "куратор получил" in texts(requests)
    to_curator = sent_to(requests, CURATOR.id)
    assert len(to_curator) == 1 and "Наставник не отвечает уже месяц" in to_curator[0].text
    assert "Мариева Мария" in to_curator[0].text
    assert sent_to(requests, MENTOR.id) == []
    assert not any("не отвечает" in text for text in client.texts_to(MENTOR))
    out = texts(await client.press(CURATOR, "Закрыть"))
    assert "Обращение закрыто" in out
    async with client.app.sessionmaker() as s:
        concern = await s.scalar(select(Concern))
        assert concern is not None and concern.kind == "concern" and concern.resolution == "resolved"


async def test_replacement_request_and_replacement(client: BotClient) -> None:
    pair_id = await setup_pair(client)
    await client.send(MENTEE, "/pair")
    await client.press(MENTEE, "Попросить замену наставника")
    requests = await client.press(MENTEE, "Отправить без комментария")
    assert sent_to(requests, MENTOR.id) == []
    assert "Просьба заменить наставника" in texts(sent_to(requests, CURATOR.id))
    # the old mentor keeps an old plan button to try after the replacement
    await client.send(MENTOR, "/pair")
    old_plan = client.find_button(MENTOR, "План развития")

    await client.press(CURATOR, "Заменить наставника")
    await client.press(CURATOR, "обоснованная просьба")
    requests = await client.press(CURATOR, "Павлов Павел")
    assert "Наставник заменён" in texts(requests)
    assert "Павлов Павел" in texts(sent_to(requests, MENTEE.id))
    assert "Мариева Мария" in texts(sent_to(requests, NEW_MENTOR.id))
    assert "другому наставнику" in texts(sent_to(requests, MENTOR.id))
    assert "наставник заменён (обоснованная просьба одной из сторон): Сергеев Сергей → Павлов Павел" in texts(requests)
    assert "Глебов" not in texts(requests)  # a mentor without free places is not offered

    assert "нет активной пары" in texts(await client.send(MENTOR, "/pair"))
    assert alerts(await client.callback(MENTOR, old_plan[1], old_plan[0])) == ["Эта кнопка не для вас."]
    out = texts(await client.send(NEW_MENTOR, "/pair"))
    assert "Мариева Мария" in out and "31.08.2027" in out
    async with client.app.sessionmaker() as s:
        pair = await s.get(Pair, pair_id)
        assert pair is not None and pair.ends_on == date(2027, 8, 31) and pair.starts_on == date(2026, 11, 23)
        concern = await s.scalar(select(Concern))
        assert concern is not None and concern.kind == "replacement" and concern.resolution == "replaced"
    out = texts(await client.callback(CURATOR, CuratorPairCb(action="card", pair=pair_id).pack()))
    assert "наставник заменён" in out


async def test_extension_limits_and_notice(client: BotClient) -> None:
    pair_id = await setup_pair(client)
    out = texts(await client.send(CURATOR, "/pairs"))
    assert "Активные пары</b>: 2" in out
    await client.press(CURATOR, "Мариева Мария")
    await client.press(CURATOR, "Продлить")
    out = texts(await client.press(CURATOR, "болезнь"))
    assert "22.11.2027" in out
    out = texts(await client.send(CURATOR, "01.12.2027"))
    assert "не больше одного года" in out and "22.11.2027" in out
    async with client.app.sessionmaker() as s:
        pair = await s.get(Pair, pair_id)
        assert pair is not None and pair.ends_on == date(2027, 8, 31)
    requests = await client.send(CURATOR, "15.09.2027")
    assert "Пара продлена до 15.09.2027" in texts(requests)
    assert "продлена (болезнь): с 31.08.2027 до 15.09.2027" in texts(requests)
    assert "продлил вашу пару до 15.09.2027" in texts(sent_to(requests, MENTOR.id))
    assert "продлил вашу пару до 15.09.2027" in texts(sent_to(requests, MENTEE.id))


async def test_completion_offers_exit_questionnaire(client: BotClient) -> None:
    pair_id = await setup_pair(client)
    await client.callback(CURATOR, CuratorPairCb(action="card", pair=pair_id).pack())
    await client.press(CURATOR, "Завершить пару")
    requests = await client.press(CURATOR, "цель достигнута")
    assert "Пара завершена" in texts(requests)
    assert "итоговой анкеты" in texts(sent_to(requests, MENTEE.id))
    assert "итоговой анкеты" in texts(sent_to(requests, MENTOR.id))
    assert "нет активной пары" in texts(await client.send(MENTEE, "/pair"))
    out = texts(await client.press(MENTEE, "итоговую анкету"))
    assert "Итоговая анкета: 3 вопроса" in out and "Удалось ли достичь цели" in out
    await client.press(MENTEE, "Частично")
    await client.send(MENTEE, "Разбор уроков")
    await client.press(MENTEE, "Да")
    out = texts(await client.press(MENTEE, "Отправить"))
    assert "Итоговая анкета" in out
    async with client.app.sessionmaker() as s:
        response = await s.scalar(select(QuestionnaireResponse).where(QuestionnaireResponse.questionnaire == "exit"))
        assert response is not None and response.status == "submitted"
        assert {a.question: a.value for a in response.answers} == {
            "goal_reached": "partly",
            "what_helped": "Разбор уроков",
            "again": "yes",
        }
    # the mentor's exit button is not for the mentee
    message, data = client.find_button(MENTOR, "итоговую анкету")
    assert alerts(await client.callback(MENTEE, data, message)) == ["Эта кнопка не для вас."]


async def test_forged_callbacks_refused(client: BotClient) -> None:
    pair_id = await setup_pair(client)
    await client.send(MENTEE, "/plan")
    await client.press(MENTEE, "Добавить цель")
    await client.send(MENTEE, "Цель")
    await client.press(MENTEE, "Задача к цели 1")
    await client.send(MENTEE, "Задача")
    await client.press(MENTEE, "Без срока")
    async with client.app.sessionmaker() as s:
        goal = await s.scalar(select(PlanGoal))
        task = await s.scalar(select(PlanTask))
        other_pair = await s.scalar(select(Pair).where(Pair.id != pair_id))
        assert goal is not None and task is not None and other_pair is not None
    # a stranger presses this pair's buttons
    for data in (
        PairLifeCb(action="plan", pair=pair_id),
        PairLifeCb(action="done", pair=pair_id, task=task.id),
        PairLifeCb(action="addtask", pair=pair_id, goal=goal.id),
        PairLifeCb(action="concern", pair=pair_id),
    ):
        assert alerts(await client.callback(STRANGER, data.pack())) == ["Эта кнопка не для вас."]
    # a member of another pair forges this pair's task and goal into their own pair's buttons
    for data in (
        PairLifeCb(action="done", pair=other_pair.id, task=task.id),
        PairLifeCb(action="addtask", pair=other_pair.id, goal=goal.id),
    ):
        assert alerts(await client.callback(STRANGER, data.pack())) == ["Эта кнопка не для вас."]
    # a participant presses a curator's button
    requests = await client.callback(STRANGER, CuratorPairCb(action="cmpr", pair=pair_id, v="other").pack())
    async with client.app.sessionmaker() as s:
        pair = await s.get(Pair, pair_id)
        task2 = await s.get(PlanTask, task.id)
        assert pair is not None and pair.status == "active"
        assert task2 is not None and task2.done_at is None
    assert sent_to(requests, MENTEE.id) == []
