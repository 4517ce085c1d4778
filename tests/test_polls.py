"""The monthly feedback poll and the relationship check, through the real Dispatcher: answering,
forged and stale buttons, answering twice, a low score reaching the curator, a restart mid-poll."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select

from bot.callbacks import PollCb
from bot.clock import FrozenClock
from bot.services.pairs import complete
from bot.services.programme import first_programme
from db.models import Answer, Pair, Programme, QuestionnaireResponse, ResponseStatus
from tests.conftest import AppFactory
from tests.factories import make_member, make_pair
from tests.harness import CURATOR, BotClient, Person, alerts, sent_to, texts

MENTOR = Person(811, "Сергей", "ru")
MENTEE = Person(812, "Мария", "ru")
OTHER_MENTOR = Person(813, "Павел", "ru")
OTHER_MENTEE = Person(814, "Олег", "ru")
LONER = Person(815, "Глеб", "ru")

NOT_YOURS = "не для вас"
CLOSED = "опрос уже закрыт"


@dataclass
class Ids:
    mentor: int
    mentee: int
    loner: int
    pair: int
    other_pair: int


async def setup(client: BotClient) -> Ids:
    async with client.app.sessionmaker() as s:
        programme = await first_programme(s)
        assert programme is not None
        mentor = await make_member(s, programme.id, MENTOR.id, "mentor", name="Сергеев Сергей", capacity=2)
        mentee = await make_member(s, programme.id, MENTEE.id, "mentee", name="Мариева Мария")
        other_mentor = await make_member(s, programme.id, OTHER_MENTOR.id, "mentor", name="Павлов Павел", capacity=1)
        other_mentee = await make_member(s, programme.id, OTHER_MENTEE.id, "mentee", name="Олегов Олег")
        loner = await make_member(s, programme.id, LONER.id, "mentee", name="Глебов Глеб")
        pair = await make_pair(s, mentor, mentee)
        other_pair = await make_pair(s, other_mentor, other_mentee)
        await s.commit()
        return Ids(mentor.id, mentee.id, loner.id, pair.id, other_pair.id)


async def press_poll(client: BotClient, person: Person, kind: str, pid: int, period: str) -> str:
    return texts(await client.callback(person, PollCb(kind=kind, pid=pid, period=period).pack()))


async def poll_responses(client: BotClient) -> list[QuestionnaireResponse]:
    async with client.app.sessionmaker() as s:
        return list(
            await s.scalars(
                select(QuestionnaireResponse)
                .where(QuestionnaireResponse.questionnaire.in_(("feedback", "relationship")))
                .order_by(QuestionnaireResponse.id)
            )
        )


async def answers_of(client: BotClient, questionnaire: str, period: str) -> dict[str, object]:
    async with client.app.sessionmaker() as s:
        rows = (
            await s.execute(
                select(Answer.question, Answer.value)
                .join(QuestionnaireResponse)
                .where(QuestionnaireResponse.questionnaire == questionnaire, QuestionnaireResponse.period == period)
            )
        ).all()
    return dict(rows)


async def test_feedback_poll_from_the_scheduler_is_answered_in_full(client: BotClient, clock: FrozenClock) -> None:
    ids = await setup(client)
    clock.set(datetime(2026, 11, 25, 10, 0, tzinfo=UTC))  # the poll day, 13:00 in Moscow
    await client.tick()
    out = texts(await client.press(MENTEE, "Ответить"))
    assert "Ежемесячный опрос: 5 вопросов" in out, out
    assert "Вопрос 1 из 5" in out and "Насколько полезным" in out
    out = texts(await client.press(MENTEE, "7"))
    assert "Вопрос 2 из 5" in out and "Сколько встреч" in out
    out = texts(await client.send(MENTEE, "40"))
    assert "от 0 до 31" in out
    out = texts(await client.send(MENTEE, "3"))
    assert "Вопрос 3 из 5" in out
    await client.send(MENTEE, "Разбор моих уроков")
    out = texts(await client.press(MENTEE, "Пропустить"))
    assert "Вопрос 5 из 5" in out and "имя" in out
    out = texts(await client.press(MENTEE, "Нет, без имени"))
    assert "Проверьте ответы" in out and "Разбор моих уроков" in out
    requests = await client.press(MENTEE, "Отправить")
    assert "Анкета «Ежемесячный опрос» отправлена" in texts(requests)
    assert sent_to(requests, CURATOR.id) == []

    (response,) = await poll_responses(client)
    assert response.participant_id == ids.mentee and response.period == "2026-11"
    assert response.status == ResponseStatus.SUBMITTED
    assert await answers_of(client, "feedback", "2026-11") == {
        "usefulness": 7,
        "meetings": 3,
        "helped": "Разбор моих уроков",
        "named": "no",
    }
    # the reminder is not sent to someone who has answered
    clock.set(datetime(2026, 11, 28, 10, 0, tzinfo=UTC))
    await client.tick()
    assert not any("Напоминаем об опросе" in text for text in client.texts_to(MENTEE))


async def test_forged_and_stale_buttons_are_refused(client: BotClient) -> None:
    ids = await setup(client)
    # someone else's participant id
    assert NOT_YOURS in await press_poll(client, MENTEE, "feedback", ids.mentor, "2026-11")
    assert NOT_YOURS in await press_poll(client, OTHER_MENTOR, "relationship", ids.mentee, f"pair-{ids.pair}")
    # a pair the presser is not in
    assert NOT_YOURS in await press_poll(client, MENTEE, "relationship", ids.mentee, f"pair-{ids.other_pair}")
    assert NOT_YOURS in await press_poll(client, MENTEE, "relationship", ids.mentee, f"pair-{ids.other_pair + 1000}")
    # an unknown kind, a questionnaire that is not a poll, malformed periods
    assert NOT_YOURS in await press_poll(client, MENTEE, "survey", ids.mentee, "2026-11")
    assert NOT_YOURS in await press_poll(client, MENTEE, "exit", ids.mentee, f"pair-{ids.pair}")
    assert NOT_YOURS in await press_poll(client, MENTEE, "feedback", ids.mentee, "2026-13")
    assert NOT_YOURS in await press_poll(client, MENTEE, "feedback", ids.mentee, f"pair-{ids.pair}")
    assert NOT_YOURS in await press_poll(client, MENTEE, "relationship", ids.mentee, "2026-11")
    # two months ago, next month, and someone with no pair
    assert CLOSED in await press_poll(client, MENTEE, "feedback", ids.mentee, "2026-09")
    assert CLOSED in await press_poll(client, MENTEE, "feedback", ids.mentee, "2026-12")
    assert CLOSED in await press_poll(client, LONER, "feedback", ids.loner, "2026-11")
    assert await poll_responses(client) == []

    # the previous month is still open
    out = await press_poll(client, MENTEE, "feedback", ids.mentee, "2026-10")
    assert "Вопрос 1 из 5" in out
    (response,) = await poll_responses(client)
    assert response.period == "2026-10" and response.participant_id == ids.mentee


async def test_relationship_check_closed_when_the_pair_is_over(client: BotClient) -> None:
    ids = await setup(client)
    async with client.app.sessionmaker() as s:
        pair = await s.get(Pair, ids.pair)
        assert pair is not None
        await complete(s, pair, "goal_reached", actor=CURATOR.id, today=date(2026, 11, 23), now=client.app.clock.now())
        await s.commit()
    assert CLOSED in await press_poll(client, MENTEE, "relationship", ids.mentee, f"pair-{ids.pair}")
    assert CLOSED in await press_poll(client, MENTEE, "feedback", ids.mentee, "2026-11")
    assert await poll_responses(client) == []


async def test_good_score_stays_with_the_pair_and_answering_twice_is_refused(client: BotClient) -> None:
    ids = await setup(client)
    out = await press_poll(client, MENTOR, "relationship", ids.mentor, f"pair-{ids.pair}")
    assert "2 вопроса о том, как идёт работа в паре" in out and "Вопрос 1 из 2" in out
    await client.press(MENTOR, "8")
    await client.send(MENTOR, "Всё хорошо, встречаемся раз в неделю")
    requests = await client.press(MENTOR, "Отправить")
    assert "Анкета «Как дела в паре» отправлена" in texts(requests)
    assert sent_to(requests, CURATOR.id) == []
    assert await answers_of(client, "relationship", f"pair-{ids.pair}") == {
        "score": 8,
        "comment": "Всё хорошо, встречаемся раз в неделю",
    }

    requests = await client.callback(MENTOR, PollCb(kind="relationship", pid=ids.mentor, period=f"pair-{ids.pair}").pack())
    assert alerts(requests) == ["Вы уже ответили на этот опрос. Спасибо!"]
    assert len(await poll_responses(client)) == 1


async def test_low_score_reaches_the_curator_at_once(client: BotClient) -> None:
    ids = await setup(client)
    await press_poll(client, MENTEE, "relationship", ids.mentee, f"pair-{ids.pair}")
    await client.press(MENTEE, "3")
    await client.send(MENTEE, "Наставник <b>не отвечает</b> на сообщения")
    requests = await client.press(MENTEE, "Отправить")
    (alert,) = sent_to(requests, CURATOR.id)
    assert "3 из 10" in alert.text
    assert "Сергеев Сергей" in alert.text and "Мариева Мария" in alert.text and "наставляемый" in alert.text
    assert "Наставник &lt;b&gt;не отвечает&lt;/b&gt; на сообщения" in alert.text
    assert sent_to(requests, MENTOR.id) == []
    # the curator sees it once, however often the outbox is drained
    await client.tick()
    assert sum("Низкая оценка" in m.text for m in sent_to(client.fake.requests, CURATOR.id)) == 1


async def test_low_score_threshold_is_the_programmes(client: BotClient) -> None:
    ids = await setup(client)
    async with client.app.sessionmaker() as s:
        programme = await s.get(Programme, (await first_programme(s)).id)  # type: ignore[union-attr]
        assert programme is not None
        programme.settings = {"relationship_low_score": 6}
        await s.commit()
    await press_poll(client, MENTOR, "relationship", ids.mentor, f"pair-{ids.pair}")
    await client.press(MENTOR, "6")
    requests = await client.press(MENTOR, "Пропустить")
    assert "Проверьте ответы" in texts(requests)
    requests = await client.press(MENTOR, "Отправить")
    (alert,) = sent_to(requests, CURATOR.id)
    assert "6 из 10" in alert.text and "наставник" in alert.text and "Комментарий" not in alert.text


async def test_restart_in_the_middle_of_the_poll_resumes_there(start_app: AppFactory) -> None:
    client = await start_app()
    ids = await setup(client)
    await press_poll(client, MENTEE, "feedback", ids.mentee, "2026-11")
    out = texts(await client.press(MENTEE, "9"))
    assert "Вопрос 2 из 5" in out

    client = await start_app()  # waiting for a typed number
    out = texts(await client.send(MENTEE, "2"))
    assert "Вопрос 3 из 5" in out, out

    client = await start_app()  # pressing the poll button again resumes, without a second intro
    out = await press_poll(client, MENTEE, "feedback", ids.mentee, "2026-11")
    assert "Вопрос 3 из 5" in out and "Ежемесячный опрос:" not in out
    await client.press(MENTEE, "Пропустить")
    await client.send(MENTEE, "Мало времени")
    await client.press(MENTEE, "Да, можно с именем")
    out = texts(await client.press(MENTEE, "Отправить"))
    assert "отправлена" in out
    assert await answers_of(client, "feedback", "2026-11") == {
        "usefulness": 9,
        "meetings": 2,
        "hard": "Мало времени",
        "named": "yes",
    }
