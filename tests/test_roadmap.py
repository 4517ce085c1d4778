"""The curator's /roadmap through the real Dispatcher (overview, a stage, an event's card, moving a
date, adding an event, forged presses) and the bot's own marking of events (roadmap_auto)."""

from __future__ import annotations

from datetime import date
from typing import Any

from aiogram.methods import EditMessageText
from aiogram.types import InlineKeyboardMarkup
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import FrozenClock
from bot.i18n import L10n
from bot.services import roadmap_auto
from bot.services.pairs import complete
from bot.services.programme import first_programme
from bot.services.roadmap import STAGES, TEMPLATE, due_date, ensure_roadmap
from db.models import (
    Participant,
    ParticipantStatus,
    Programme,
    QuestionnaireResponse,
    ResponseStatus,
    RoadmapEvent,
    RoadmapStatus,
)
from handlers.curator.roadmap import PER_PAGE, RoadmapCb
from tests.factories import make_member, make_pair
from tests.harness import CURATOR, BotClient, Person, alerts, sent_to, texts

STRANGER = Person(999, "Гость", "ru")
STALE = "Эта кнопка больше не работает."
NOT_FOUND = "Мероприятие не найдено"
RU = L10n()


def ru(key: str, **args: Any) -> str:
    return RU.get("ru", key, **args)


def events_word(n: int) -> str:
    """Russian plural of "мероприятие", written out here rather than taken from the locale."""
    if n % 10 == 1 and n % 100 != 11:
        return "мероприятие"
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return "мероприятия"
    return "мероприятий"


def local_today(client: BotClient) -> date:
    return client.app.clock.now().astimezone(client.app.settings.tz).date()


async def programme_of(client: BotClient) -> Programme:
    """Read in a session of its own: on SQLite an open transaction would lock the bot out."""
    async with client.app.sessionmaker() as s:
        programme = await first_programme(s)
        assert programme is not None
        return programme


async def event_by_code(client: BotClient, programme_id: int, code: str) -> RoadmapEvent:
    async with client.app.sessionmaker() as s:
        event = await s.scalar(select(RoadmapEvent).where(RoadmapEvent.programme_id == programme_id, RoadmapEvent.code == code))
        assert event is not None
        return event


def buttons_of(client: BotClient, person: Person) -> list[str]:
    message, _ = client.find_button(person, "")
    assert isinstance(message.reply_markup, InlineKeyboardMarkup)
    return [b.text for row in message.reply_markup.inline_keyboard for b in row]


def screen(requests: list[Any]) -> str:
    """The last thing the bot showed: a new message or an edited one."""
    shown = [r.text for r in requests if isinstance(r, EditMessageText)] + [r.text for r in sent_to(requests, CURATOR.id)]
    assert shown, "nothing was shown"
    return shown[-1]


# ---- the overview -------------------------------------------------------------------------------


async def test_overview_counts_every_stage_from_the_template(client: BotClient, session: AsyncSession) -> None:
    programme = await programme_of(client)
    assert programme.starts_on == date(2026, 9, 1)
    today = local_today(client)
    assert today == date(2026, 11, 23)

    expected: dict[int, tuple[int, int, int]] = {}
    for stage in STAGES:
        dues = [due_date(programme.starts_on, *t.due) for t in TEMPLATE if t.stage == stage]
        overdue = sum(1 for d in dues if d < today)
        expected[stage] = (len(dues), len(dues) - overdue, overdue)
    # Not a trivial picture: on 23 November something is overdue and something lies ahead.
    assert sum(o for _, _, o in expected.values()) > 0
    assert sum(a for _, a, _ in expected.values()) > 0

    requests = await client.send(CURATOR, "/roadmap")
    [message] = sent_to(requests, CURATOR.id)
    text = message.text
    assert len(text) < 4096
    assert "Дорожная карта 2026/2027" in text
    assert "Сегодня 23.11.2026" in text
    total = sum(n for n, _, _ in expected.values())
    overdue_total = sum(o for _, _, o in expected.values())
    assert f"Всего {total} {events_word(total)}: выполнено 0, предстоит {total - overdue_total}, просрочено {overdue_total}." in text
    for stage, (count, ahead, overdue) in expected.items():
        head = f"<b>{stage}. {ru(f'roadmap-stage-{stage}')}</b>"
        line = f"{count} {events_word(count)}: выполнено 0, предстоит {ahead}, просрочено {overdue}"
        assert f"{head}\n{line}\n" in text + "\n", (stage, line)
    labels = buttons_of(client, CURATOR)
    stage_buttons = [b for b in labels if b[:2] in {f"{n}." for n in STAGES}]
    assert len(stage_buttons) == 7
    assert any("Добавить мероприятие" in b for b in labels)


def test_russian_plurals_of_events() -> None:
    for n in (1, 2, 5, 11, 21, 24):
        line = ru("rm-counts", count=n, done=0, due=n, overdue=0, cancelled=0)
        assert line.startswith(f"{n} {events_word(n)}:"), line
    assert ru("rm-counts", count=1, done=0, due=1, overdue=0, cancelled=0).startswith("1 мероприятие:")
    assert ru("rm-counts", count=2, done=0, due=2, overdue=0, cancelled=0).startswith("2 мероприятия:")
    assert ru("rm-counts", count=5, done=0, due=5, overdue=0, cancelled=0).startswith("5 мероприятий:")
    assert "отменено" not in ru("rm-counts", count=5, done=0, due=5, overdue=0, cancelled=0)
    assert ru("rm-counts", count=5, done=0, due=4, overdue=0, cancelled=1).endswith(", отменено 1")
    assert ru("rm-status-overdue", days=2) == "⚠️ просрочено на 2 дня"


# ---- a stage and an event -----------------------------------------------------------------------


async def open_event(client: BotClient, stage: int, title_start: str) -> list[Any]:
    await client.send(CURATOR, "/roadmap")
    await client.press(CURATOR, f"{stage}. {ru(f'roadmap-stage-{stage}')}")
    return await client.press(CURATOR, title_start)


async def test_a_stage_lists_its_events_with_marks(client: BotClient, session: AsyncSession) -> None:
    await client.send(CURATOR, "/roadmap")
    requests = await client.press(CURATOR, f"1. {ru('roadmap-stage-1')}")
    assert any(isinstance(r, EditMessageText) for r in requests), "the overview is turned into the stage in place"
    text = screen(requests)
    assert "Этап 1. Подготовка" in text
    # 30 September has passed: the order is overdue.
    assert f"⚠️ {ru('roadmap-event-normative-base')} — срок 30.09.2026 прошёл" in text
    requests = await client.press(CURATOR, "К обзору")
    assert "Дорожная карта 2026/2027" in screen(requests)
    requests = await client.press(CURATOR, f"2. {ru('roadmap-stage-2')}")
    assert f"🗓 {ru('roadmap-event-mentee-base')} — до 31.12.2026" in screen(requests)


async def test_mark_done_and_back(client: BotClient, session: AsyncSession, clock: FrozenClock) -> None:
    programme = await programme_of(client)
    requests = await open_event(client, 2, "Анализ данных")
    card = screen(requests)
    assert ru("roadmap-event-mentee-base") in card
    assert "Срок: 31.12.2026" in card
    assert "Статус: 🗓 запланировано" in card

    clock.advance(hours=1)
    requests = await client.press(CURATOR, "Отметить выполненным")
    assert alerts(requests) == []
    assert "✅ выполнено 23.11.2026" in screen(requests)
    assert "автоматически" not in screen(requests)
    event = await event_by_code(client, programme.id, "mentee-base")
    assert event.status == RoadmapStatus.DONE
    assert event.done_by_telegram_id == CURATOR.id
    assert event.done_at == clock.now()
    assert event.updated_at == clock.now()

    clock.advance(hours=1)
    requests = await client.press(CURATOR, "Вернуть в план")
    assert "Статус: 🗓 запланировано" in screen(requests)
    event = await event_by_code(client, programme.id, "mentee-base")
    assert event.status == RoadmapStatus.PLANNED
    assert event.done_at is None
    assert event.updated_at == clock.now()

    # Cancelled, it is struck out in its stage; and it can come back.
    await client.press(CURATOR, "Отменить мероприятие")
    assert (await event_by_code(client, programme.id, "mentee-base")).status == RoadmapStatus.CANCELLED
    requests = await client.press(CURATOR, "К этапу")
    assert f"❌ <s>{ru('roadmap-event-mentee-base')}</s>" in screen(requests)
    assert "отменено 1" in screen(requests)
    await client.press(CURATOR, "Анализ данных")
    await client.press(CURATOR, "Вернуть в план")
    assert (await event_by_code(client, programme.id, "mentee-base")).status == RoadmapStatus.PLANNED


async def test_an_old_card_cannot_mark_twice(client: BotClient, session: AsyncSession) -> None:
    programme = await programme_of(client)
    await open_event(client, 2, "Анализ данных")
    old, data = client.find_button(CURATOR, "Отметить выполненным")
    await client.callback(CURATOR, data, old)
    first = await event_by_code(client, programme.id, "mentee-base")
    done_at = first.done_at
    requests = await client.callback(CURATOR, data, old)
    assert alerts(requests) == [ru("rm-stale")]
    assert (await event_by_code(client, programme.id, "mentee-base")).done_at == done_at


async def test_move_the_due_date(client: BotClient, session: AsyncSession) -> None:
    programme = await programme_of(client)
    await open_event(client, 2, "Анализ данных")
    requests = await client.press(CURATOR, "Перенести срок")
    assert "сейчас — 31.12.2026" in screen(requests)
    assert "ДД.ММ.ГГГГ" in screen(requests)

    for bad in ("завтра", "31.13.2026", "30.02.2027", "2026-12-20"):
        requests = await client.send(CURATOR, bad)
        assert "ДД.ММ.ГГГГ" in texts(requests), bad
        assert "Не удалось прочитать дату" in texts(requests), bad
    # The programme's year is 01.09.2026-31.08.2027; a year either side is allowed, no more.
    for far in ("31.08.2025", "01.09.2028"):
        requests = await client.send(CURATOR, far)
        assert "с 01.09.2025 по 31.08.2028" in texts(requests), far
        assert "ДД.ММ.ГГГГ" in texts(requests), far
    assert (await event_by_code(client, programme.id, "mentee-base")).due_on == date(2026, 12, 31)

    requests = await client.send(CURATOR, " 20.12.2026 ")
    assert "Срок перенесён на 20.12.2026" in texts(requests)
    assert "Срок: 20.12.2026" in texts(requests)
    event = await event_by_code(client, programme.id, "mentee-base")
    assert event.due_on == date(2026, 12, 20)
    assert event.status == RoadmapStatus.PLANNED
    # The question is over: a date typed now is not taken.
    requests = await client.send(CURATOR, "21.12.2026")
    assert "Срок перенесён" not in texts(requests)
    assert (await event_by_code(client, programme.id, "mentee-base")).due_on == date(2026, 12, 20)

    # Moved into the past, it is overdue; the edges of the range are allowed.
    await client.press(CURATOR, "Перенести срок")
    requests = await client.send(CURATOR, "01.09.2025")
    assert "просрочено на" in texts(requests)
    assert (await event_by_code(client, programme.id, "mentee-base")).due_on == date(2025, 9, 1)


async def test_edit_who_is_responsible(client: BotClient, session: AsyncSession) -> None:
    programme = await programme_of(client)
    requests = await open_event(client, 2, "Анализ данных")
    assert "Ответственный: куратор (заместитель директора)" in screen(requests)
    await client.press(CURATOR, "Изменить ответственного")
    requests = await client.send(CURATOR, "А" * 201)
    assert "201 символ," in texts(requests)
    requests = await client.send(CURATOR, "Петрова <Мария>   Ивановна")
    assert "Ответственный: Петрова &lt;Мария&gt; Ивановна" in texts(requests)
    event = await event_by_code(client, programme.id, "mentee-base")
    assert event.responsible == "Петрова <Мария> Ивановна"


# ---- adding an event ----------------------------------------------------------------------------


async def test_add_an_event_to_a_stage(client: BotClient, session: AsyncSession) -> None:
    programme = await programme_of(client)
    await client.send(CURATOR, "/roadmap")
    requests = await client.press(CURATOR, "Добавить мероприятие")
    assert "К какому этапу" in screen(requests)
    requests = await client.send(CURATOR, "какой-то текст")
    assert "выберите этап кнопкой" in texts(requests)
    requests = await client.press(CURATOR, f"4. {ru('roadmap-stage-4')}")
    assert "не длиннее 300 символов" in screen(requests)

    requests = await client.send(CURATOR, "Я" * 301)
    assert "301 символ," in texts(requests)
    await client.send(CURATOR, "Семинар  наставников & <гостей>")
    requests = await client.send(CURATOR, "15/04/2027")
    assert "ДД.ММ.ГГГГ" in texts(requests)
    requests = await client.send(CURATOR, "15.04.2030")
    assert "с 01.09.2025 по 31.08.2028" in texts(requests)
    requests = await client.send(CURATOR, "15.04.2027")
    shown = texts(requests)
    assert "добавлено, срок — 15.04.2027" in shown
    assert "Этап 4. Отбор и обучение наставников" in shown
    assert "🗓 Семинар наставников &amp; &lt;гостей&gt; — до 15.04.2027" in shown

    async with client.app.sessionmaker() as s:
        [event] = list(await s.scalars(select(RoadmapEvent).where(RoadmapEvent.programme_id == programme.id, RoadmapEvent.code.is_(None))))
    assert (event.stage, event.title, event.due_on, event.status) == (4, "Семинар наставников & <гостей>", date(2027, 4, 15), RoadmapStatus.PLANNED)
    assert event.category == "event"

    stage_4 = sum(1 for t in TEMPLATE if t.stage == 4) + 1
    requests = await client.send(CURATOR, "/roadmap")
    assert f"{stage_4} {events_word(stage_4)}: выполнено 0, предстоит {stage_4}" in texts(requests)

    # Its card says who added it, and it can be opened from the stage.
    await client.press(CURATOR, f"4. {ru('roadmap-stage-4')}")
    requests = await client.press(CURATOR, "Семинар наставников")
    assert "добавлено куратором" in screen(requests)
    assert "Ответственный: не указан" in screen(requests)


async def test_add_from_a_stage_skips_the_stage_question(client: BotClient, session: AsyncSession) -> None:
    await client.send(CURATOR, "/roadmap")
    await client.press(CURATOR, f"6. {ru('roadmap-stage-6')}")
    requests = await client.press(CURATOR, "Добавить мероприятие")
    assert "этапа 6" in screen(requests)
    await client.send(CURATOR, "Мастер-класс")
    requests = await client.send(CURATOR, "10.03.2027")
    assert "Этап 6." in texts(requests)
    assert "🗓 Мастер-класс — до 10.03.2027" in texts(requests)


async def test_a_long_stage_is_paged_under_the_limit(client: BotClient, session: AsyncSession, clock: FrozenClock) -> None:
    programme = await programme_of(client)
    for i in range(30):
        session.add(
            RoadmapEvent(
                programme_id=programme.id,
                stage=3,
                code=None,
                category="event",
                title=f"{i:02d} " + "Длинное название мероприятия " * 10,
                responsible=None,
                due_on=date(2027, 2, 1),
                status=RoadmapStatus.PLANNED,
                created_at=clock.now(),
                updated_at=clock.now(),
            )
        )
    await session.commit()
    await client.send(CURATOR, "/roadmap")
    requests = await client.press(CURATOR, f"3. {ru('roadmap-stage-3')}")
    total = sum(1 for t in TEMPLATE if t.stage == 3) + 30
    pages = (total + PER_PAGE - 1) // PER_PAGE
    assert f"Страница 1 из {pages}" in screen(requests)
    assert len(screen(requests)) < 4096
    requests = await client.press(CURATOR, "Дальше")
    assert f"Страница 2 из {pages}" in screen(requests)
    assert len(screen(requests)) < 4096


# ---- who may press what -------------------------------------------------------------------------


async def test_a_stranger_changes_nothing(client: BotClient, session: AsyncSession) -> None:
    programme = await programme_of(client)
    event = await event_by_code(client, programme.id, "mentee-base")
    requests = await client.send(STRANGER, "/roadmap")
    assert "Дорожная карта" not in texts(requests)
    for action in ("done", "cancel", "date", "event"):
        requests = await client.callback(STRANGER, RoadmapCb(action=action, id=event.id).pack())
        assert alerts(requests) == [STALE]
    event = await event_by_code(client, programme.id, "mentee-base")
    assert event.status == RoadmapStatus.PLANNED
    assert event.done_by_telegram_id is None
    assert event.updated_at == event.created_at


async def test_forged_presses_change_nothing(client: BotClient, session: AsyncSession, clock: FrozenClock) -> None:
    old = await programme_of(client)
    old_event = await event_by_code(client, old.id, "mentee-base")
    # A newer programme (next year's) becomes the current one; the old one's events are not its own.
    new = Programme(
        organisation_id=old.organisation_id,
        academic_year="2027/2028",
        starts_on=date(2027, 9, 1),
        ends_on=date(2028, 8, 31),
        forms=old.forms,
        created_at=clock.now(),
    )
    session.add(new)
    await session.flush()
    await ensure_roadmap(session, new, clock.now())
    missing = int(await session.scalar(select(func.max(RoadmapEvent.id))) or 0) + 1000
    await session.commit()

    for event_id in (old_event.id, missing, 0, -5, 2**40):
        for action in ("done", "cancel", "undo", "event", "date", "resp"):
            requests = await client.callback(CURATOR, RoadmapCb(action=action, id=event_id).pack())
            expected = STALE if event_id == 2**40 else NOT_FOUND  # beyond INTEGER: forged on its face
            assert [a for a in alerts(requests) if expected in a] != [], (event_id, action)
    for data in (RoadmapCb(action="stage", stage=8).pack(), RoadmapCb(action="add", stage=-1).pack(), RoadmapCb(action="drop", id=old_event.id).pack()):
        requests = await client.callback(CURATOR, data)
        assert alerts(requests) == [ru("rm-stale")], data
    requests = await client.callback(CURATOR, "rm:done:0:abc:0")
    assert alerts(requests) == [STALE]

    old_event = await event_by_code(client, old.id, "mentee-base")
    assert old_event.status == RoadmapStatus.PLANNED
    assert old_event.done_by_telegram_id is None
    assert old_event.updated_at == old_event.created_at
    # A typed date after a forged "move" press is not taken either.
    requests = await client.send(CURATOR, "20.12.2026")
    assert "Срок перенесён" not in texts(requests)
    assert (await event_by_code(client, old.id, "mentee-base")).due_on == date(2026, 12, 31)


# ---- the bot marks what it can see --------------------------------------------------------------


async def test_consents_collected_when_everyone_consented(client: BotClient, session: AsyncSession) -> None:
    programme = await programme_of(client)
    await make_member(session, programme.id, 201, "mentee")
    await make_member(session, programme.id, 202, "mentor")
    declined = await make_member(session, programme.id, 203, "mentee")
    declined.status = ParticipantStatus.DECLINED  # said no: not waited for
    await session.commit()

    requests = await client.send(CURATOR, "/roadmap")
    assert "Бот сам отметил выполненными" in texts(requests)
    assert ru("roadmap-event-consents") in texts(requests)
    event = await event_by_code(client, programme.id, "consents")
    assert event.status == RoadmapStatus.DONE
    assert event.done_by_telegram_id is None
    assert event.done_at == client.app.clock.now()
    # Both intakes are in (make_member submits them); the mentee's baseline self-assessment is not.
    assert (await event_by_code(client, programme.id, "mentee-questionnaires")).status == RoadmapStatus.DONE
    assert (await event_by_code(client, programme.id, "mentor-questionnaires")).status == RoadmapStatus.DONE
    assert (await event_by_code(client, programme.id, "mentee-baseline")).status == RoadmapStatus.PLANNED
    assert (await event_by_code(client, programme.id, "form-pairs")).status == RoadmapStatus.PLANNED

    requests = await client.press(CURATOR, f"2. {ru('roadmap-stage-2')}")
    assert f"✅ {ru('roadmap-event-consents')} — выполнено 23.11.2026, отмечено автоматически" in screen(requests)
    requests = await client.press(CURATOR, "Согласия на обработку")
    assert "отмечено автоматически" in screen(requests)

    # Nothing new: a second look marks nothing more.
    requests = await client.send(CURATOR, "/roadmap")
    assert "Бот сам отметил" not in texts(requests)


async def test_consents_wait_for_an_invited_person(client: BotClient, session: AsyncSession) -> None:
    programme = await programme_of(client)
    await make_member(session, programme.id, 201, "mentee")
    waiting = await make_member(session, programme.id, 202, "mentee")
    waiting.status = ParticipantStatus.INVITED
    await session.commit()
    await client.send(CURATOR, "/roadmap")
    assert (await event_by_code(client, programme.id, "consents")).status == RoadmapStatus.PLANNED

    waiting = await session.get(Participant, waiting.id, populate_existing=True)
    assert waiting is not None
    waiting.status = ParticipantStatus.AWAITING_PARENT  # consented, the parent not yet
    await session.commit()
    changed = await roadmap_auto.refresh(session, programme, client.app.clock.now())
    assert "consents" not in {e.code for e in changed}

    waiting.status = ParticipantStatus.QUESTIONNAIRE
    await session.flush()
    changed = await roadmap_auto.refresh(session, programme, client.app.clock.now())
    assert "consents" in {e.code for e in changed}


async def test_nobody_yet_marks_nothing(client: BotClient, session: AsyncSession) -> None:
    programme = await programme_of(client)
    assert await roadmap_auto.refresh(session, programme, client.app.clock.now()) == []


async def test_pairs_formed_when_every_active_mentee_has_a_pair(client: BotClient, session: AsyncSession) -> None:
    programme = await programme_of(client)
    mentor = await make_member(session, programme.id, 301, "mentor", capacity=2)
    first = await make_member(session, programme.id, 302, "mentee")
    second = await make_member(session, programme.id, 303, "mentee")
    now = client.app.clock.now()
    await make_pair(session, mentor, first)
    changed = await roadmap_auto.refresh(session, programme, now)
    assert "form-pairs" not in {e.code for e in changed}
    # Preferences: the unpaired ones have not answered.
    assert "preference-survey" not in {e.code for e in changed}

    await make_pair(session, mentor, second)
    changed = await roadmap_auto.refresh(session, programme, now)
    assert {"form-pairs", "preference-survey"} <= {e.code for e in changed}
    event = await session.scalar(select(RoadmapEvent).where(RoadmapEvent.programme_id == programme.id, RoadmapEvent.code == "form-pairs"))
    assert event is not None
    assert (event.status, event.done_by_telegram_id) == (RoadmapStatus.DONE, None)


async def test_preferences_done_when_the_unpaired_answered(client: BotClient, session: AsyncSession) -> None:
    programme = await programme_of(client)
    now = client.app.clock.now()
    people = [await make_member(session, programme.id, 400 + i, role) for i, role in enumerate(("mentor", "mentee"))]
    for person in people[:1]:
        session.add(QuestionnaireResponse(participant_id=person.id, questionnaire="preference_mentor", period="", status=ResponseStatus.SUBMITTED, started_at=now, updated_at=now, submitted_at=now))
    await session.flush()
    assert "preference-survey" not in {e.code for e in await roadmap_auto.refresh(session, programme, now)}
    session.add(QuestionnaireResponse(participant_id=people[1].id, questionnaire="preference_mentee", period="", status=ResponseStatus.IN_PROGRESS, started_at=now, updated_at=now))
    await session.flush()
    assert "preference-survey" not in {e.code for e in await roadmap_auto.refresh(session, programme, now)}
    response = await session.scalar(select(QuestionnaireResponse).where(QuestionnaireResponse.participant_id == people[1].id, QuestionnaireResponse.questionnaire == "preference_mentee"))
    assert response is not None
    response.status = ResponseStatus.SUBMITTED
    await session.flush()
    assert "preference-survey" in {e.code for e in await roadmap_auto.refresh(session, programme, now)}


async def test_final_survey_done_when_both_members_answered(client: BotClient, session: AsyncSession) -> None:
    programme = await programme_of(client)
    now = client.app.clock.now()
    mentor = await make_member(session, programme.id, 501, "mentor")
    mentee = await make_member(session, programme.id, 502, "mentee")
    pair = await make_pair(session, mentor, mentee)
    for person in (mentor, mentee):
        session.add(QuestionnaireResponse(participant_id=person.id, questionnaire="exit", period=f"pair-{pair.id}", status=ResponseStatus.SUBMITTED, started_at=now, updated_at=now, submitted_at=now))
    await session.flush()
    assert "satisfaction-survey" not in {e.code for e in await roadmap_auto.refresh(session, programme, now)}, "the pair is still active"
    await complete(session, pair, "on_time", actor=CURATOR.id, today=date(2027, 5, 31), now=now)
    # An answer filed under another pair does not count.
    other = await session.scalar(select(QuestionnaireResponse).where(QuestionnaireResponse.participant_id == mentee.id, QuestionnaireResponse.questionnaire == "exit"))
    assert other is not None
    other.period = f"pair-{pair.id + 1}"
    await session.flush()
    assert "satisfaction-survey" not in {e.code for e in await roadmap_auto.refresh(session, programme, now)}
    other.period = f"pair-{pair.id}"
    await session.flush()
    assert "satisfaction-survey" in {e.code for e in await roadmap_auto.refresh(session, programme, now)}


async def test_an_event_put_back_by_hand_is_not_marked_again(client: BotClient, session: AsyncSession, clock: FrozenClock) -> None:
    programme = await programme_of(client)
    await make_member(session, programme.id, 201, "mentee")
    await session.commit()
    await client.send(CURATOR, "/roadmap")
    assert (await event_by_code(client, programme.id, "consents")).status == RoadmapStatus.DONE
    await client.press(CURATOR, f"2. {ru('roadmap-stage-2')}")
    await client.press(CURATOR, "Согласия на обработку")
    requests = await client.press(CURATOR, "Вернуть в план")
    assert "Автоматическая отметка выключена" in screen(requests)
    clock.advance(hours=1)
    await client.send(CURATOR, "/roadmap")
    event = await event_by_code(client, programme.id, "consents")
    assert event.status == RoadmapStatus.PLANNED
    assert event.done_by_telegram_id == CURATOR.id


def test_every_auto_condition_has_a_check_and_a_hint() -> None:
    autos = {t.auto for t in TEMPLATE if t.auto}
    assert autos <= set(roadmap_auto.CONDITIONS)
    for name in roadmap_auto.CONDITIONS:
        assert RU.has("ru", f"rm-auto-{name}") and RU.has("en", f"rm-auto-{name}")
