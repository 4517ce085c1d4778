"""Bad input gets a clear answer and changes nothing stored (issue: foundation, "Bad input")."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.callbacks import AnswerCb, ConsentCb, InviteCb, LinksCb
from db.models import Answer, Consent, Invite, Participant, QuestionnaireResponse, User
from tests.factories import make_invite
from tests.harness import BotClient, Person, alerts, texts

ANNA = Person(801, "Анна", "ru")
BORIS = Person(802, "Борис", "ru")


async def count(client: BotClient, model: type) -> int:
    async with client.app.sessionmaker() as s:
        return int(await s.scalar(select(func.count()).select_from(model)) or 0)


async def stored_answers(client: BotClient) -> dict[str, object]:
    async with client.app.sessionmaker() as s:
        return {a.question: a.value for a in await s.scalars(select(Answer))}


async def onboard_to_first_question(client: BotClient, person: Person = ANNA, form: str = "teacher_teacher") -> None:
    invite = await make_invite(client, role="mentee", form=form)
    await client.send(person, f"/start {invite.code}")
    await client.press(person, "Согласен")


async def test_text_where_a_button_is_expected(client: BotClient) -> None:
    await onboard_to_first_question(client)
    out = texts(await client.send(ANNA, "учитель"))
    assert "выберите вариант кнопкой" in out
    assert "Вопрос 1 из" in out  # asked again
    assert await stored_answers(client) == {}


async def test_number_out_of_range_and_not_a_number(client: BotClient) -> None:
    await onboard_to_first_question(client)
    await client.press(ANNA, "Учитель")
    assert "от 0 до 60" in texts(await client.send(ANNA, "75"))
    assert "Нужно число" in texts(await client.send(ANNA, "два года"))
    assert "от 0 до 60" in texts(await client.send(ANNA, "-3"))
    assert await stored_answers(client) == {"kind": "teacher"}
    out = texts(await client.send(ANNA, "3"))
    assert "Вопрос 3 из" in out


async def test_overlong_answer_is_refused_with_the_limit(client: BotClient) -> None:
    await onboard_to_first_question(client)
    await client.press(ANNA, "Учитель")
    await client.send(ANNA, "3")
    out = texts(await client.send(ANNA, "а" * 101))  # subject: up to 100
    assert "101 символ" in out and "ограничении 100" in out
    assert "subject" not in await stored_answers(client)
    out = texts(await client.send(ANNA, "я" * 4096))
    assert "ограничении 100" in out
    await client.send(ANNA, "Физика")
    assert (await stored_answers(client))["subject"] == "Физика"


async def test_unknown_command_gets_help(client: BotClient) -> None:
    out = texts(await client.send(ANNA, "/frobnicate now"))
    assert "не знаю такой команды" in out and "/help" in out
    await onboard_to_first_question(client)
    out = texts(await client.send(ANNA, "/whatever"))
    assert "не знаю такой команды" in out
    assert await stored_answers(client) == {}


async def test_sticker_and_photo_in_a_dialog(client: BotClient) -> None:
    await onboard_to_first_question(client)
    await client.press(ANNA, "Учитель")
    sticker = {"file_id": "st1", "file_unique_id": "st1u", "type": "regular", "width": 512, "height": 512, "is_animated": False, "is_video": False}
    out = texts(await client.send_content(ANNA, sticker=sticker))
    assert "стикеры, фото и файлы я не сохраняю" in out and "Вопрос 2 из" in out
    photo = [{"file_id": "ph1", "file_unique_id": "ph1u", "width": 90, "height": 90}]
    out = texts(await client.send_content(ANNA, photo=photo, caption="5"))
    assert "не сохраняю" in out
    assert await stored_answers(client) == {"kind": "teacher"}


async def test_text_before_consent_is_not_stored(client: BotClient) -> None:
    invite = await make_invite(client)
    await client.send(ANNA, f"/start {invite.code}")
    await client.send(ANNA, "Меня зовут Анна Иванова, мой телефон +7 900 000-00-00")
    async with client.app.sessionmaker() as s:
        assert await s.scalar(select(func.count()).select_from(Consent)) == 0
        assert await s.scalar(select(func.count()).select_from(Answer)) == 0
        assert await s.scalar(select(func.count()).select_from(QuestionnaireResponse)) == 0


async def test_forged_consent_of_another_person(client: BotClient) -> None:
    invite = await make_invite(client)
    await client.send(ANNA, f"/start {invite.code}")
    async with client.app.sessionmaker() as s:
        anna = await s.scalar(select(Participant))
    assert anna is not None
    out = await client.callback(BORIS, ConsentCb(action="accept", pid=anna.id).pack())
    assert "не для вас" in " ".join(alerts(out))
    out = await client.callback(BORIS, ConsentCb(action="accept", pid=99999).pack())
    assert "не для вас" in " ".join(alerts(out))
    assert await count(client, Consent) == 0


async def test_forged_answer_buttons(client: BotClient) -> None:
    await onboard_to_first_question(client)
    async with client.app.sessionmaker() as s:
        response = await s.scalar(select(QuestionnaireResponse))
    assert response is not None
    # Another person's questionnaire.
    out = await client.callback(BORIS, AnswerCb(action="opt", rid=response.id, q="kind", v=0).pack())
    assert "не для вас" in " ".join(alerts(out))
    # A question that is not the current one, an option that does not exist, junk data.
    out = await client.callback(ANNA, AnswerCb(action="opt", rid=response.id, q="goal", v=0).pack())
    assert "другого вопроса" in " ".join(alerts(out))
    out = await client.callback(ANNA, AnswerCb(action="opt", rid=response.id, q="kind", v=99).pack())
    assert "больше не работает" in " ".join(alerts(out))
    out = await client.callback(ANNA, "qa:opt:notanumber:kind:x")
    assert "больше не работает" in " ".join(alerts(out))
    out = await client.callback(ANNA, AnswerCb(action="submit", rid=response.id).pack())
    assert "другого вопроса" in " ".join(alerts(out))
    assert await stored_answers(client) == {}


async def test_button_from_an_old_question_and_double_tap(client: BotClient) -> None:
    await onboard_to_first_question(client)
    message, data = client.find_button(ANNA, "Учитель")
    await client.callback(ANNA, data, message)
    out = await client.callback(ANNA, data, message)  # the same button again
    assert "другого вопроса" in " ".join(alerts(out))
    assert await stored_answers(client) == {"kind": "teacher"}


async def test_buttons_of_a_submitted_questionnaire(client: BotClient) -> None:
    invite = await make_invite(client, role="mentor", form="teacher_teacher")
    await client.send(ANNA, f"/start {invite.code}")
    await client.press(ANNA, "Согласен")
    await client.send(ANNA, "Учитель химии")
    await client.send(ANNA, "20")
    await client.press(ANNA, "Методическое")
    await client.press(ANNA, "Готово")
    await client.press(ANNA, "Пропустить")
    await client.press(ANNA, "Одного")
    await client.press(ANNA, "Учитель — учитель")
    await client.press(ANNA, "Готово")
    await client.press(ANNA, "Очно")
    await client.press(ANNA, "До уроков")
    await client.press(ANNA, "Готово")
    submit_message, submit_data = client.find_button(ANNA, "Отправить")
    await client.callback(ANNA, submit_data, submit_message)
    before = await stored_answers(client)
    out = await client.callback(ANNA, submit_data, submit_message)
    assert "уже отправлена" in " ".join(alerts(out))
    async with client.app.sessionmaker() as s:
        response = await s.scalar(select(QuestionnaireResponse))
    assert response is not None
    out = await client.callback(ANNA, AnswerCb(action="opt", rid=response.id, q="capacity", v=1).pack())
    assert "уже отправлена" in " ".join(alerts(out))
    assert await stored_answers(client) == before


async def test_second_invite_while_one_is_active(client: BotClient) -> None:
    await onboard_to_first_question(client)
    other = await make_invite(client, role="mentor", form="teacher_student")
    out = texts(await client.send(ANNA, f"/start {other.code}"))
    assert "Сначала завершите начатую регистрацию" in out
    async with client.app.sessionmaker() as s:
        assert await s.scalar(select(func.count()).select_from(Participant)) == 1
        refreshed = await s.get(Invite, other.id)
        assert refreshed is not None and refreshed.uses == 0  # the other link is not used up


async def test_personal_invite_cannot_be_reused_by_another_person(client: BotClient) -> None:
    invite = await make_invite(client)
    await client.send(ANNA, f"/start {invite.code}")
    out = texts(await client.send(BORIS, f"/start {invite.code}"))
    assert "уже использована" in out
    # Its owner opening it again just continues.
    out = texts(await client.send(ANNA, f"/start {invite.code}"))
    assert "Согласие на обработку" in out
    assert await count(client, Participant) == 1


async def test_bot_added_to_a_group(client: BotClient) -> None:
    group = {"id": -100123, "type": "supergroup", "title": "7Б класс"}
    update = {
        "my_chat_member": {
            "chat": group,
            "from": ANNA.json(),
            "date": 1795424400,
            "old_chat_member": {"status": "left", "user": {"id": 7000000001, "is_bot": True, "first_name": "Bot"}},
            "new_chat_member": {"status": "member", "user": {"id": 7000000001, "is_bot": True, "first_name": "Bot"}},
        }
    }
    out = await client.feed(update)
    assert "только в личных сообщениях" in texts(out)
    assert any(type(r).__name__ == "LeaveChat" for r in out)
    invite = await make_invite(client)
    out = await client.send(ANNA, f"/start {invite.code}", chat=group)
    assert "только в личных сообщениях" in texts(out)
    out = await client.send(ANNA, "всем привет", chat=group)
    assert out == []
    assert await count(client, User) == 0 and await count(client, Participant) == 0


async def test_unknown_user_pressing_curator_buttons(client: BotClient) -> None:
    invite = await make_invite(client, kind="group", max_uses=5)  # type: ignore[arg-type]
    for data in (
        LinksCb(action="confirm", id=invite.id).pack(),
        LinksCb(action="revoke", id=invite.id).pack(),
        InviteCb(step="role", value="mentor").pack(),
        "m:invite",
    ):
        out = await client.callback(BORIS, data)
        assert "больше не работает" in " ".join(alerts(out))
    out = texts(await client.send(BORIS, "/invite"))
    assert "Меню куратора" not in out and "ссылк" not in out.lower().replace("ссылке-приглашению", "")
    async with client.app.sessionmaker() as s:
        refreshed = await s.get(Invite, invite.id)
        assert refreshed is not None and refreshed.revoked_at is None
        assert await s.scalar(select(func.count()).select_from(Invite)) == 1


async def test_cancel_keeps_answers_and_start_resumes(client: BotClient) -> None:
    await onboard_to_first_question(client)
    await client.press(ANNA, "Учитель")
    out = texts(await client.send(ANNA, "/cancel"))
    assert "ответы сохранены" in out
    out = texts(await client.send(ANNA, "4"))
    assert "Вопрос" not in out  # not in the dialog any more
    out = texts(await client.send(ANNA, "/start"))
    assert "Вопрос 2 из" in out
    await client.send(ANNA, "4")
    assert await stored_answers(client) == {"kind": "teacher", "experience_years": 4}


async def test_english_speaker_and_language_switch(client: BotClient) -> None:
    english = Person(901, "John", "en")
    invite = await make_invite(client)
    out = texts(await client.send(english, f"/start {invite.code}"))
    assert "Your role: <b>mentee</b>" in out and "Consent to personal data processing" in out
    await client.send(english, "/language")
    out = texts(await client.press(english, "Русский"))
    assert "по-русски" in out
    out = texts(await client.send(english, "/help"))
    assert "Что можно сделать" in out
