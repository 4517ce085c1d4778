"""The preference round: the curator opens it, a mentee ranks mentors, a mentor marks mentees,
and /match counts the choices."""

from __future__ import annotations

from sqlalchemy import select

from bot.callbacks import AnswerCb
from bot.services.programme import first_programme
from db.models import Answer, QuestionnaireResponse
from handlers.pairing import PrefCb
from tests.factories import make_member
from tests.harness import CURATOR, BotClient, Person, alerts, texts

MENTOR_A, MENTOR_B, MENTEE, STRANGER = Person(1001), Person(1002), Person(2001), Person(3001)


async def setup_cohort(client: BotClient) -> dict[str, int]:
    async with client.app.sessionmaker() as s:
        programme = await first_programme(s)
        assert programme is not None
        a = await make_member(s, programme.id, MENTOR_A.id, "mentor", name="Алексеев Антон", capacity=1, answers={"can_help": ["methodical"]})
        b = await make_member(s, programme.id, MENTOR_B.id, "mentor", name="Борисова Вера", capacity=1, answers={"can_help": ["methodical"]})
        e = await make_member(s, programme.id, MENTEE.id, "mentee", name="Егорова Елена", answers={"requests": ["methodical"]})
        other_form = await make_member(s, programme.id, 1003, "mentor", "employer_student", name="Другой Форма", capacity=1)
        await s.commit()
        return {"a": a.id, "b": b.id, "e": e.id, "other": other_form.id}


async def stored(client: BotClient, questionnaire: str) -> object:
    async with client.app.sessionmaker() as s:
        return await s.scalar(
            select(Answer.value).join(QuestionnaireResponse).where(QuestionnaireResponse.questionnaire == questionnaire)
        )


async def test_preference_round_feeds_matching(client: BotClient) -> None:
    ids = await setup_cohort(client)
    out = await client.send(CURATOR, "/preferences")
    assert "в очередь на отправку: 4 участникам" in texts(out)
    assert "выбрать наставника" in client.last_text(MENTEE)

    out = texts(await client.press(MENTEE, "Выбрать"))
    assert "Кого из наставников" in out and "Другой Форма" not in str(client.find_button(MENTEE, "Борисова")[0].reply_markup)
    await client.press(MENTEE, "Борисова Вера")
    await client.press(MENTEE, "Алексеев Антон")
    message, _ = client.find_button(MENTEE, "Готово")
    labels = [b.text for row in message.reply_markup.inline_keyboard for b in row]  # type: ignore[union-attr]
    assert "1. Борисова Вера" in labels and "2. Алексеев Антон" in labels
    out = texts(await client.press(MENTEE, "Готово"))
    assert "1. Борисова Вера; 2. Алексеев Антон" in out
    await client.press(MENTEE, "Отправить")
    assert await stored(client, "preference_mentee") == [str(ids["b"]), str(ids["a"])]

    await client.press(MENTOR_B, "Выбрать")
    await client.press(MENTOR_B, "Егорова Елена")
    await client.press(MENTOR_B, "Готово")
    await client.press(MENTOR_B, "Отправить")
    assert await stored(client, "preference_mentor") == [str(ids["e"])]

    out = texts(await client.send(CURATOR, "/match"))
    assert "Егорова Елена → Борисова Вера" in out and "взаимный выбор" in out


async def test_forged_preference_buttons(client: BotClient) -> None:
    ids = await setup_cohort(client)
    out = await client.callback(STRANGER, PrefCb(pid=ids["e"]).pack())
    assert "не для вас" in " ".join(alerts(out))
    await client.send(CURATOR, "/preferences")
    await client.press(MENTEE, "Выбрать")
    async with client.app.sessionmaker() as s:
        response = await s.scalar(select(QuestionnaireResponse).where(QuestionnaireResponse.questionnaire == "preference_mentee"))
    assert response is not None
    # A mentor of another form, or an id that is nobody, is not on the list.
    for forged in (ids["other"], 999999):
        out = await client.callback(MENTEE, AnswerCb(action="opt", rid=response.id, q="mentors", v=forged).pack())
        assert "больше не работает" in " ".join(alerts(out))
    assert await stored(client, "preference_mentee") is None
    out = texts(await client.send(MENTEE, "/preferences"))
    assert "не знаю такой команды" in out
