"""The curator's /settings (the scheduler's per-programme settings) and /stuck (unfinished
registrations), through the real Dispatcher; and that nobody else can use them."""

from __future__ import annotations

from typing import Any

from aiogram.methods import AnswerCallbackQuery, SetMyCommands
from aiogram.types import InlineKeyboardMarkup
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import SettingsCb, StuckCb
from bot.clock import FrozenClock
from bot.services.programme import first_programme
from bot.services.programme_settings import EDITABLE
from db.models import Participant, ParticipantStatus, User
from handlers.curator import settings as settings_screen
from tests.factories import make_invite, make_member
from tests.harness import CURATOR, BotClient, Person, alerts, sent_to, texts

STRANGER = Person(999, "Гость", "ru")
UNKNOWN = "Я не знаю такой команды. Список команд — /help."
STALE = "Эта кнопка больше не работает."
DEFAULT_LINES = (
    "Тихие часы: 21:00–08:00",
    "По выходным: как в будни",
    "Напоминания о встрече: за 24 часа и за 1 час",
    "Повторный вопрос «Как прошла встреча?»: через 24 часа",
    "Сообщить вам, если о встрече не ответили: через 48 часов",
    "Сообщить вам о паре без встреч: через 45 дней",
    "Предупреждение о конце пары: за 30 дней",
    "Вопрос об отношениях в паре: через 30 дней после начала",
    "Тревожная оценка отношений: 4 и ниже",
    "Ежемесячный опрос: 25-го числа",
    "Напоминание об опросе: через 3 дня",
    "Напоминания о регистрации: через 2 дня и через 7 дней",
    "Напоминания о дорожной карте: за 7 дней и за 1 день",
    "Еженедельная сводка: по понедельникам",
    "Хранение данных после программы: 12 месяцев",
)


async def stored(client: BotClient) -> dict[str, Any]:
    async with client.app.sessionmaker() as s:
        programme = await first_programme(s)
        assert programme is not None
        return dict(programme.settings or {})


async def store(client: BotClient, values: dict[str, Any]) -> None:
    async with client.app.sessionmaker() as s:
        programme = await first_programme(s)
        assert programme is not None
        programme.settings = values
        await s.commit()


def button_texts(client: BotClient, person: Person) -> list[str]:
    message, _ = client.find_button(person, "")
    assert isinstance(message.reply_markup, InlineKeyboardMarkup)
    return [b.text for row in message.reply_markup.inline_keyboard for b in row]


# ---- /settings ----------------------------------------------------------------------------------


def test_every_setting_is_on_the_screen() -> None:
    shown = {n for _, names in settings_screen.SECTIONS for n in names}
    assert shown == set(settings_screen.KIND)
    expected = (set(EDITABLE) - {"quiet_start", "quiet_end"}) | {settings_screen.QUIET_NAME}
    assert shown == expected


async def test_screen_shows_the_defaults(client: BotClient) -> None:
    requests = await client.send(CURATOR, "/settings")
    [screen] = sent_to(requests, CURATOR.id)
    assert "Настройки напоминаний" in screen.text
    for line in DEFAULT_LINES:
        assert line in screen.text
    assert "Сохранено" not in screen.text
    labels = button_texts(client, CURATOR)
    assert len(labels) == 16
    assert "🔕 Не писать по выходным" in labels and "↩️ Вернуть стандартные" in labels
    assert await stored(client) == {}


async def test_poll_day_changed(client: BotClient) -> None:
    await client.send(CURATOR, "/settings")
    out = texts(await client.press(CURATOR, "День опроса"))
    assert "Ежемесячный опрос" in out and "Сейчас: 25-го числа." in out
    assert "Напишите число от 1 до 31, например: 25" in out and "/cancel" in out
    assert await stored(client) == {}

    requests = await client.send(CURATOR, "10")
    [screen] = sent_to(requests, CURATOR.id)
    assert screen.text.startswith("✅ Сохранено.")
    assert "Ежемесячный опрос: 10-го числа" in screen.text
    assert "Напоминание об опросе: через 3 дня" in screen.text
    assert await stored(client) == {"poll_day": 10}

    # The question is answered: another number is not a setting.
    assert "Я понимаю только команды и кнопки" in texts(await client.send(CURATOR, "12"))
    assert "Ежемесячный опрос: 10-го числа" in texts(await client.send(CURATOR, "/settings"))
    assert await stored(client) == {"poll_day": 10}

    # Back to the default: nothing is stored.
    await client.press(CURATOR, "День опроса")
    await client.send(CURATOR, "25")
    assert await stored(client) == {}


async def test_invalid_values_are_refused_with_the_range(client: BotClient) -> None:
    await client.send(CURATOR, "/settings")
    await client.press(CURATOR, "День опроса")
    for bad in ("32", "abc", "0", "-5", "10.5", "1 0"):
        out = texts(await client.send(CURATOR, bad))
        assert "Не получилось: нужно целое число от 1 до 31" in out, bad
        assert "Сохранено" not in out
    assert await stored(client) == {}
    out = texts(await client.send(CURATOR, " 31 "))  # asked again until it fits
    assert "Ежемесячный опрос: в последний день месяца" in out
    assert await stored(client) == {"poll_day": 31}

    await client.send(CURATOR, "/settings")
    await client.press(CURATOR, "Тихие часы")
    for bad in ("25:00-08:00", "21:00-08:60", "21:00", "вечером", "21:00-08:00-09:00"):
        out = texts(await client.send(CURATOR, bad))
        assert "Часы — от 00 до 23, минуты — от 00 до 59" in out and "21:00-08:00" in out, bad
    assert await stored(client) == {"poll_day": 31}
    out = texts(await client.send(CURATOR, "22:00-07:30"))
    assert "Сохранено" in out and "Тихие часы: 22:00–07:30" in out
    assert await stored(client) == {"poll_day": 31, "quiet_start": "22:00:00", "quiet_end": "07:30:00"}

    await client.send(CURATOR, "/settings")
    await client.press(CURATOR, "Напоминания о встрече")
    for bad in ("0, 5", "721", "1, 2, 3, 4, 5", "24,,x", ""):
        out = texts(await client.send(CURATOR, bad or "   "))
        assert "от 1 до 4 целых чисел от 1 до 720 через запятую, например: 24, 1" in out, bad
    out = texts(await client.send(CURATOR, "1, 48,24"))
    assert "Напоминания о встрече: за 48 часов, за 24 часа и за 1 час" in out
    assert (await stored(client))["meeting_reminder_hours"] == [48, 24, 1]

    # A range from the model's own rules, not only 1..N.
    await client.press(CURATOR, "Пара без встреч")
    out = texts(await client.send(CURATOR, "6"))
    assert "от 7 до 180" in out
    assert "idle_curator_days" not in await stored(client)


async def test_cancel_and_back_leave_without_changes(client: BotClient) -> None:
    await client.send(CURATOR, "/settings")
    await client.press(CURATOR, "Напоминание об опросе")
    assert "Хорошо, отменено." in texts(await client.send(CURATOR, "/cancel"))
    assert "Я понимаю только команды и кнопки" in texts(await client.send(CURATOR, "5"))
    assert await stored(client) == {}

    await client.send(CURATOR, "/settings")
    await client.press(CURATOR, "Напоминание об опросе")
    out = texts(await client.press(CURATOR, "К настройкам"))
    assert "Напоминание об опросе: через 3 дня" in out
    assert "Я понимаю только команды и кнопки" in texts(await client.send(CURATOR, "5"))
    assert await stored(client) == {}

    # A sticker instead of a number: asked to type.
    await client.press(CURATOR, "Напоминание об опросе")
    out = texts(
        await client.send_content(
            CURATOR,
            sticker={
                "file_id": "s",
                "file_unique_id": "s",
                "type": "regular",
                "width": 1,
                "height": 1,
                "is_animated": False,
                "is_video": False,
            },
        )
    )
    assert "напишите значение текстом" in out
    await client.send(CURATOR, "4")
    assert await stored(client) == {"poll_reminder_days": 4}


async def test_weekends_toggle_weekday_and_reset(client: BotClient) -> None:
    await client.send(CURATOR, "/settings")
    out = texts(await client.press(CURATOR, "Не писать по выходным"))
    assert "Сохранено" in out and "По выходным: не беспокоить" in out
    assert await stored(client) == {"quiet_weekends": True}
    # A second tap on the same (now stale) button changes nothing more.
    _, data = client.find_button(CURATOR, "Писать и по выходным")
    assert SettingsCb.unpack(data).value == "0"
    await client.callback(CURATOR, SettingsCb(action="set", name="quiet_weekends", value="1").pack())
    assert await stored(client) == {"quiet_weekends": True}

    out = texts(await client.press(CURATOR, "День сводки"))
    assert "Сейчас: по понедельникам" in out
    days = button_texts(client, CURATOR)
    assert days[:7] == ["✓ Понедельник", "Вторник", "Среда", "Четверг", "Пятница", "Суббота", "Воскресенье"]
    out = texts(await client.press(CURATOR, "Пятница"))
    assert "Еженедельная сводка: по пятницам" in out
    assert await stored(client) == {"quiet_weekends": True, "digest_weekday": 4}

    await client.press(CURATOR, "День опроса")
    await client.send(CURATOR, "10")
    out = texts(await client.press(CURATOR, "Вернуть стандартные"))
    assert "Вернуть все настройки напоминаний к стандартным?" in out
    assert await stored(client) == {"quiet_weekends": True, "digest_weekday": 4, "poll_day": 10}
    out = texts(await client.press(CURATOR, "Да, вернуть"))
    assert "все настройки стандартные" in out
    for line in DEFAULT_LINES:
        assert line in out
    assert await stored(client) == {}


async def test_forged_setting_buttons(client: BotClient) -> None:
    await store(client, {"poll_day": 10})
    for data in (
        SettingsCb(action="edit", name="bogus"),
        SettingsCb(action="set", name="bogus", value="1"),
        SettingsCb(action="edit", name="quiet_start"),  # a field, but not one the screen edits alone
        SettingsCb(action="set", name="settings", value="1"),
    ):
        requests = await client.callback(CURATOR, data.pack())
        assert alerts(requests) == ["Такой настройки нет."]
        assert not sent_to(requests, CURATOR.id)
    for data in (
        SettingsCb(action="set", name="poll_day", value="20"),  # typed settings are not set by buttons
        SettingsCb(action="set", name="quiet_weekends", value="yes"),
        SettingsCb(action="set", name="digest_weekday", value="7"),
        SettingsCb(action="set", name="digest_weekday", value="-1"),
        SettingsCb(action="edit", name="quiet_weekends"),
    ):
        requests = await client.callback(CURATOR, data.pack())
        assert alerts(requests) == ["Такого варианта нет. Выберите одну из кнопок."]
    assert alerts(await client.callback(CURATOR, SettingsCb(action="drop").pack())) == [STALE]
    assert await stored(client) == {"poll_day": 10}


async def test_non_curator_cannot_see_or_change_settings(client: BotClient) -> None:
    await store(client, {"poll_day": 10})
    start = len(client.fake.requests)
    for command in ("/settings", "/stuck"):
        requests = await client.send(STRANGER, command)
        assert texts(requests) == UNKNOWN
    forged = [
        SettingsCb(action="edit", name="poll_day"),
        SettingsCb(action="set", name="quiet_weekends", value="1"),
        SettingsCb(action="set", name="digest_weekday", value="3"),
        SettingsCb(action="reset"),
        SettingsCb(action="reset-yes"),
        StuckCb(page=0),
    ]
    for data in forged:
        requests = await client.callback(STRANGER, data.pack())
        assert alerts(requests) == [STALE]
        assert [r for r in requests if not isinstance(r, AnswerCallbackQuery)] == []
    # Typing a value is just text for them.
    assert "Я понимаю только команды и кнопки" in texts(await client.send(STRANGER, "20"))
    assert not any(isinstance(r, SetMyCommands) for r in client.fake.requests[start:])
    assert await stored(client) == {"poll_day": 10}


async def test_curator_menu_and_help_mention_both(client: BotClient) -> None:
    requests = await client.send(CURATOR, "/start")
    [commands] = [r for r in requests if isinstance(r, SetMyCommands)]
    names = {c.command: c.description for c in commands.commands}
    assert names["settings"] == "Настройки напоминаний"
    assert names["stuck"] == "Кто не завершил регистрацию"
    out = texts(await client.send(CURATOR, "/help"))
    assert "/settings" in out and "/stuck" in out


# ---- /stuck -------------------------------------------------------------------------------------


async def add_stuck(session: AsyncSession, programme_id: int, telegram_id: int, name: str | None, client: BotClient) -> None:
    now = client.app.clock.now()
    user = User(telegram_id=telegram_id, language_code="ru", created_at=now)
    session.add(user)
    await session.flush()
    session.add(
        Participant(
            programme_id=programme_id,
            user_id=user.id,
            role="mentee",
            form="teacher_student",
            status=ParticipantStatus.INVITED,
            full_name=name,
            created_at=now,
            updated_at=now,
        )
    )
    await session.flush()


async def test_stuck_lists_who_has_not_finished(client: BotClient, session: AsyncSession, clock: FrozenClock) -> None:
    out = texts(await client.send(CURATOR, "/stuck"))
    assert out == "🎉 Все, кто начал регистрацию 2 дня назад или раньше, её завершили."

    teacher, student, adult = Person(501, "Мария", "ru"), Person(502, "Ваня", "ru"), Person(503, "Пётр", "ru")
    invite = await make_invite(client, role="mentee", form="teacher_teacher", full_name="Иванова Анна <Сергеевна>")
    await client.send(teacher, f"/start {invite.code}")  # opened, no consent yet
    minor = await make_invite(client, role="mentee", form="teacher_student", full_name="Петров Пётр")
    await client.send(student, f"/start {minor.code}")
    await client.press(student, "Согласен")
    await client.press(student, "меньше 18")  # waits for a parent
    almost = await make_invite(client, role="mentor", form="teacher_teacher", full_name=None)
    await client.send(adult, f"/start {almost.code}")
    await client.press(adult, "Согласен")  # consented; the questionnaire is not sent
    programme = await first_programme(session)
    assert programme is not None
    done = await make_member(session, programme.id, 504, "mentor", name="Готова Галина", now=clock.now())
    await session.commit()
    assert done.status == ParticipantStatus.ACTIVE

    # Nobody has been stuck for two days yet.
    assert "её завершили" in texts(await client.send(CURATOR, "/stuck"))

    clock.advance(days=3)
    fresh = await make_invite(client, full_name="Новенькая Нина")
    await client.send(Person(505, "Нина", "ru"), f"/start {fresh.code}")  # opened just now

    requests = await client.send(CURATOR, "/stuck")
    [screen] = sent_to(requests, CURATOR.id)
    text = screen.text
    assert "<b>Не завершили регистрацию</b>: 3" in text
    assert "Начали регистрацию 2 дня назад или раньше." in text
    assert (
        "<b>1.</b> Иванова Анна &lt;Сергеевна&gt; — наставляемый, «учитель — учитель»\n"
        "Не хватает: согласия на обработку данных. Начало регистрации: 23.11.2026 (3 дня назад)."
    ) in text
    assert "<b>2.</b> Петров Пётр — наставляемый, «учитель — ученик»\nНе хватает: согласия родителя" in text
    assert "<b>3.</b> без имени (участник №" in text and "— наставник, «учитель — учитель»\nНе хватает: анкеты." in text
    assert "Готова Галина" not in text and "Новенькая Нина" not in text
    assert screen.reply_markup is None

    # The name from the invite when the participant has none.
    async with client.app.sessionmaker() as s:
        participant = (await s.scalars(select(Participant).where(Participant.invite_id == invite.id))).one()
        participant.full_name = None
        await s.commit()
    assert "<b>1.</b> Иванова Анна &lt;Сергеевна&gt; —" in texts(await client.send(CURATOR, "/stuck"))

    # The threshold follows the first onboarding reminder.
    await store(client, {"onboarding_reminder_days": [5, 9]})
    assert texts(await client.send(CURATOR, "/stuck")) == "🎉 Все, кто начал регистрацию 5 дней назад или раньше, её завершили."
    await store(client, {"onboarding_reminder_days": [1]})
    out = texts(await client.send(CURATOR, "/stuck"))
    assert "<b>Не завершили регистрацию</b>: 3" in out and "1 день назад или раньше" in out


async def test_stuck_pages(client: BotClient, session: AsyncSession, clock: FrozenClock) -> None:
    programme = await first_programme(session)
    assert programme is not None
    for n in range(12):
        await add_stuck(session, programme.id, 900 + n, f"Ученик {n + 1:02d}", client)
    await session.commit()
    clock.advance(days=3)

    requests = await client.send(CURATOR, "/stuck")
    [screen] = sent_to(requests, CURATOR.id)
    assert "<b>Не завершили регистрацию</b>: 12" in screen.text and "Страница 1 из 2" in screen.text
    assert screen.text.count("Не хватает:") == 10 and "<b>10.</b>" in screen.text and "<b>11.</b>" not in screen.text
    assert button_texts(client, CURATOR) == ["Дальше ▶️"]
    out = texts(await client.press(CURATOR, "Дальше"))
    assert "Страница 2 из 2" in out and "<b>11.</b>" in out and "<b>12.</b>" in out and "<b>1.</b>" not in out
    assert button_texts(client, CURATOR) == ["◀️ Назад"]
    for page in (99, -3, 2**40):
        requests = await client.callback(CURATOR, StuckCb(page=page).pack())
        assert "Не завершили регистрацию" in texts(requests)
