"""Several schools in one bot: the coordinator adds a school and its curator joins by link; each
curator sees and reaches only their own school (screens, forged buttons, files, notifications); the
coordinator sees every school's figures side by side and never a person; curators by setting and by
link; /curators."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from aiogram.methods import SendDocument, TelegramMethod
from aiogram.types import BufferedInputFile
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.services import staff as staff_svc
from bot.services.invites import create_invite
from bot.services.programme import first_programme, programme_of_school
from bot.services.roadmap import ensure_roadmap
from db.models import (
    Concern,
    Invite,
    InviteKind,
    Meeting,
    MeetingStatus,
    Organisation,
    Programme,
    RoadmapEvent,
    Staff,
    StaffInvite,
)
from handlers.coordinator import SchoolCb
from handlers.curator.links import LinksCb
from handlers.curator.pairs import CuratorPairCb
from handlers.curator.participants import PeopleCb
from handlers.curator.roadmap import RoadmapCb
from handlers.curator.team import TeamCb
from handlers.meetings import MeetCuratorCb
from tests.conftest import AppFactory
from tests.factories import make_member, make_pair
from tests.harness import CURATOR, BotClient, Person, alerts, read_xlsx, texts

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
COORD = Person(300, "Марина", "ru")
CURATOR_B = Person(301, "Борис", "ru")
COLLEAGUE = Person(302, "Вера", "ru")
STRANGER = Person(303, "Гость", "ru")
LINK = re.compile(r"start=s_([A-Za-z0-9]+)")
SCHOOL_B = "МБОУ «СОШ № 5»"


@pytest.fixture
async def muni(start_app: AppFactory, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> BotClient:
    """The bot of a municipality: CURATOR runs the first school, COORD coordinates."""
    monkeypatch.setattr(settings, "coordinator_ids", frozenset({COORD.id}))
    return await start_app()


def link_code(text: str) -> str:
    found = LINK.search(text)
    assert found, text
    return found.group(1)


async def add_school(client: BotClient, name: str = SCHOOL_B) -> str:
    """The coordinator adds a school; returns its curator link's code."""
    await client.send(COORD, "/school_add")
    out = texts(await client.send(COORD, name))
    assert f"Школа «{name}» добавлена" in out
    return link_code(out)


async def school_b(client: BotClient) -> Programme:
    """School B with its curator joined through the coordinator's link."""
    code = await add_school(client)
    out = texts(await client.send(CURATOR_B, f"/start s_{code}"))
    assert f"Вы куратор школы «{SCHOOL_B}»" in out
    async with client.app.sessionmaker() as s:
        org = await s.scalar(select(Organisation).where(Organisation.name == SCHOOL_B))
        assert org is not None
        programme = await programme_of_school(s, org.id)
        assert programme is not None
        return programme


async def people(client: BotClient, programme_b: int) -> dict[str, Any]:
    """Two pairs in school A and one in school B, with a meeting, a concern and an invite in A."""
    async with client.app.sessionmaker() as s:
        a = await first_programme(s)
        assert a is not None
        mentor_a = await make_member(s, a.id, 1001, "mentor", name="Алексеев Андрей")
        mentee_a = await make_member(s, a.id, 1002, "mentee", name="Антонова Алина")
        await make_member(s, a.id, 1003, "mentee", name="Артёмов Аркадий")
        mentor_b = await make_member(s, programme_b, 2001, "mentor", name="Борисов Богдан")
        mentee_b = await make_member(s, programme_b, 2002, "mentee", name="Белова Бэлла")
        pair_a = await make_pair(s, mentor_a, mentee_a)
        pair_b = await make_pair(s, mentor_b, mentee_b)
        meeting = Meeting(
            pair_id=pair_a.id, starts_at=NOW - timedelta(days=2), kind="regular", format="offline", status=MeetingStatus.ACCEPTED,
            proposed_by_id=mentor_a.id, created_at=NOW - timedelta(days=3), updated_at=NOW - timedelta(days=2),
        )  # fmt: skip
        s.add(meeting)
        concern = Concern(pair_id=pair_a.id, raised_by_id=mentee_a.id, kind="replacement", text="нужна замена", created_at=NOW)
        s.add(concern)
        invite = await create_invite(
            s, programme_id=a.id, role="mentee", form="teacher_teacher", kind=InviteKind.PERSONAL, created_by=CURATOR.id, now=NOW
        )
        await s.flush()
        event = await s.scalar(select(RoadmapEvent).where(RoadmapEvent.programme_id == a.id).limit(1))
        assert event is not None
        ids = {
            "pair_a": pair_a.id, "pair_b": pair_b.id, "mentee_a": mentee_a.id, "meeting_a": meeting.id,
            "concern_a": concern.id, "invite_a": invite.id, "event_a": event.id,
        }  # fmt: skip
        await s.commit()
        return ids


def documents(requests: list[TelegramMethod[Any]]) -> list[tuple[str, bytes]]:
    out = []
    for r in requests:
        if isinstance(r, SendDocument) and isinstance(r.document, BufferedInputFile):
            out.append((r.document.filename or "", r.document.data))
    return out


def cells(data: bytes) -> list[list[Any]]:
    return [row for rows in read_xlsx(data).values() for row in rows]


def flat(data: bytes) -> str:
    return " ".join(str(c) for row in cells(data) for c in row if c is not None)


# ---- adding a school, curator links ---------------------------------------------------------------


async def test_coordinator_adds_a_school_and_its_curator_joins(muni: BotClient) -> None:
    out = texts(await muni.send(COORD, "/start"))
    assert "Меню координатора" in out and "без данных об отдельных людях" in out

    await muni.send(COORD, "/school_add")
    assert "Как называется школа?" in muni.last_text(COORD)
    await muni.send_content(COORD, sticker={"file_id": "s", "file_unique_id": "s", "type": "regular", "width": 1, "height": 1, "is_animated": False, "is_video": False})
    assert muni.last_text(COORD) == "Пожалуйста, напишите название школы текстом. Отменить — /cancel."
    await muni.send(COORD, "ab")
    assert muni.last_text(COORD) == "Название должно быть от 3 до 200 символов, а в вашем 2. Попробуйте ещё раз."
    await muni.send(COORD, "мбоу «лицей № 1»")  # the first school, in other letters' case
    assert "уже есть" in muni.last_text(COORD)
    out = texts(await muni.send(COORD, f"  {SCHOOL_B}  "))
    assert f"Школа «{SCHOOL_B}» добавлена" in out and "до 30.11.2026" in out
    code = link_code(out)

    async with muni.app.sessionmaker() as s:
        org = await s.scalar(select(Organisation).where(Organisation.name == SCHOOL_B))
        assert org is not None and org.timezone == "Europe/Moscow"
        programme = await programme_of_school(s, org.id)
        assert programme is not None and programme.academic_year == "2026/2027"
        assert await s.scalar(select(RoadmapEvent.id).where(RoadmapEvent.programme_id == programme.id).limit(1)) is not None

    out = texts(await muni.send(CURATOR_B, f"/start s_{code}"))
    assert f"Вы куратор школы «{SCHOOL_B}»" in out and "Меню куратора" in out
    assert f"Вы уже куратор школы «{SCHOOL_B}»" in texts(await muni.send(CURATOR_B, f"/start s_{code}"))
    # Single use: a second person gets nothing; a curator of another school cannot take a link.
    assert "уже использована" in texts(await muni.send(STRANGER, f"/start s_{code}"))
    fresh = link_code(texts(await muni.callback(COORD, SchoolCb(action="link", id=org.id).pack())))
    assert "Вы уже куратор другой школы" in texts(await muni.send(CURATOR, f"/start s_{fresh}"))
    assert "не найдена" in texts(await muni.send(STRANGER, "/start s_nonsense"))
    muni.app.clock.advance(days=8)  # type: ignore[attr-defined]
    assert "истёк" in texts(await muni.send(STRANGER, f"/start s_{fresh}"))
    async with muni.app.sessionmaker() as s:
        rows = {(r.telegram_id, r.organisation_id, r.added_by) for r in await s.scalars(select(Staff))}
        first = await first_programme(s)
        assert first is not None
        assert rows == {(CURATOR.id, first.organisation_id, None), (CURATOR_B.id, org.id, COORD.id)}
        assert await s.scalar(select(StaffInvite.used_by).where(StaffInvite.code == code)) == CURATOR_B.id

    # The new curator's screens are their school's: nobody there yet.
    assert "0 — приглашены" in texts(await muni.send(CURATOR_B, "/status"))


async def test_only_coordinators_reach_the_coordinators_screens(muni: BotClient) -> None:
    programme = await school_b(muni)
    for person in (CURATOR, CURATOR_B, STRANGER):
        out = texts(await muni.send(person, "/schools")) + texts(await muni.send(person, "/school_add"))
        assert "Школы на" not in out and "Как называется школа" not in out
        for data in (SchoolCb(action="list"), SchoolCb(action="card", id=programme.organisation_id), SchoolCb(action="link", id=programme.organisation_id)):
            requests = await muni.callback(person, data.pack())
            assert "start=s_" not in texts(requests) and "Школы на" not in texts(requests)
    async with muni.app.sessionmaker() as s:
        assert await s.scalar(select(StaffInvite.id).where(StaffInvite.created_by != COORD.id)) is None
    # Forged school ids get an alert.
    for forged in (10**6, 2**40, -1, 0):
        expected = "Эта кнопка больше не работает." if forged == 2**40 else "Такой школы нет."  # beyond INTEGER
        assert alerts(await muni.callback(COORD, SchoolCb(action="card", id=forged).pack())) == [expected]


# ---- each curator sees their own school only ------------------------------------------------------


async def test_a_curator_reaches_only_their_school(muni: BotClient) -> None:
    b = await school_b(muni)
    ids = await people(muni, b.id)

    out = texts(await muni.send(CURATOR_B, "/participants"))
    assert "Борисов Богдан" in out and "Белова Бэлла" in out and "Алексеев" not in out and "Антонова" not in out
    out = texts(await muni.send(CURATOR, "/participants"))
    assert "Алексеев Андрей" in out and "Борисов" not in out
    await muni.send(CURATOR_B, "/pairs")
    pairs_list, _ = muni.find_button(CURATOR_B, "Борисов")
    assert pairs_list.reply_markup is not None
    assert not any("Алексеев" in b.text for row in pairs_list.reply_markup.inline_keyboard for b in row)
    out = texts(await muni.send(CURATOR_B, "/status"))
    assert "2 — приглашены (1 + 1)" in out and "1 активная пара" in out

    # Buttons pointing at school A's objects, pressed by school B's curator.
    forged = {
        PeopleCb(a="card", id=ids["mentee_a"]).pack(): "Эта кнопка не для вас.",
        CuratorPairCb(action="card", pair=ids["pair_a"]).pack(): None,
        CuratorPairCb(action="plan", pair=ids["pair_a"]).pack(): None,
        CuratorPairCb(action="close", c=ids["concern_a"]).pack(): None,
        MeetCuratorCb(action="held", id=ids["meeting_a"]).pack(): None,
        RoadmapCb(action="event", id=ids["event_a"]).pack(): None,
        RoadmapCb(action="done", id=ids["event_a"]).pack(): None,
        LinksCb(action="revoke", id=ids["invite_a"]).pack(): None,
        LinksCb(action="confirm", id=ids["invite_a"]).pack(): None,
    }
    for data, alert in forged.items():
        requests = await muni.callback(CURATOR_B, data)
        shown = texts(requests)
        assert alerts(requests), data
        if alert:
            assert alerts(requests) == [alert], data
        assert "Алексеев" not in shown and "Антонова" not in shown, data
    async with muni.app.sessionmaker() as s:
        concern = await s.get(Concern, ids["concern_a"])
        meeting = await s.get(Meeting, ids["meeting_a"])
        invite = await s.get(Invite, ids["invite_a"])
        event = await s.get(RoadmapEvent, ids["event_a"])
        assert concern is not None and concern.resolved_at is None
        assert meeting is not None and meeting.status == MeetingStatus.ACCEPTED
        assert invite is not None and invite.revoked_at is None
        assert event is not None and event.status == "planned"

    # The full export of school B holds school B only.
    await muni.send(CURATOR_B, "/reports")
    ((_name, data),) = documents(await muni.press(CURATOR_B, "Полная выгрузка"))
    content = flat(data)
    assert "Борисов Богдан" in content and "Белова Бэлла" in content
    assert "Алексеев" not in content and "Антонова" not in content and "Артёмов" not in content


async def test_messages_for_the_curator_go_to_their_school(muni: BotClient) -> None:
    b = await school_b(muni)
    await people(muni, b.id)
    # Mentee of school B blocks the bot: B's curator hears of it, A's does not.
    blocked = {
        "chat": {"id": 2002, "type": "private", "first_name": "Бэлла"},
        "from": {"id": 2002, "is_bot": False, "first_name": "Бэлла"},
        "date": 1795424400,
        "old_chat_member": {"status": "member", "user": {"id": 7000000001, "is_bot": True, "first_name": "Bot"}},
        "new_chat_member": {"status": "kicked", "until_date": 0, "user": {"id": 7000000001, "is_bot": True, "first_name": "Bot"}},
    }
    await muni.feed({"my_chat_member": blocked})
    assert any("Белова Бэлла" in t for t in muni.texts_to(CURATOR_B))
    assert not any("Белова" in t for t in muni.texts_to(CURATOR))
    # A's mentee raises a concern: it reaches A's curator only.
    await muni.send(Person(1002), "/pair")
    await muni.press(Person(1002), "Что-то не так в паре")
    await muni.send(Person(1002), "Мы не сошлись характерами")
    assert any("Мы не сошлись характерами" in t for t in muni.texts_to(CURATOR))
    assert not any("Мы не сошлись характерами" in t for t in muni.texts_to(CURATOR_B))


# ---- the coordinator's overview ------------------------------------------------------------------


async def test_the_coordinator_sees_figures_side_by_side_without_people(muni: BotClient) -> None:
    b = await school_b(muni)
    await people(muni, b.id)
    out = texts(await muni.send(COORD, "/schools"))
    assert "Школы на 23.11.2026" in out
    assert "Всего 2 школы: 5 дали согласие, 2 пары" in out
    assert "1. <b>МБОУ «Лицей № 1»</b> — этап" in out and "согласия 3/3 · пары 1" in out
    assert f"2. <b>{SCHOOL_B}</b> — этап" in out and "согласия 2/2 · пары 1" in out
    for name in ("Алексеев", "Антонова", "Артёмов", "Борисов", "Белова"):
        assert name not in out

    card = texts(await muni.press(COORD, SCHOOL_B))
    assert f"<b>{SCHOOL_B}</b>" in card and "1 куратор" in card and "1 активная пара" in card
    assert "Борисов" not in card and "Белова" not in card

    await muni.press(COORD, "К списку")
    ((name, data),) = documents(await muni.press(COORD, "Таблица XLSX"))
    assert name == "Сводка по школам 2026-11-23.xlsx"
    rows = cells(data)
    assert rows[0][:4] == ["Школа", "Этап", "Приглашены", "Дали согласие"]
    by_school = {row[0]: row for row in rows[1:] if row and row[0]}
    assert by_school["МБОУ «Лицей № 1»"][2:9] == [3, 3, 3, 1, 2, 1, 1]
    assert by_school[SCHOOL_B][2:9] == [2, 2, 2, 1, 1, 1, 0]
    assert by_school["Итого"][2:9] == [5, 5, 5, 2, 3, 2, 1]
    for name in ("Алексеев", "Антонова", "Борисов", "Белова"):
        assert name not in flat(data)


# ---- curators by setting and by link ---------------------------------------------------------------


async def test_curator_ids_follow_the_setting_at_start(start_app: AppFactory, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    client = await start_app()
    assert "Меню куратора" in texts(await client.send(CURATOR, "/start"))
    # A colleague joins by link; then the setting drops CURATOR.
    await client.send(CURATOR, "/curators")
    code = link_code(texts(await client.press(CURATOR, "Пригласить куратора")))
    assert "Вы куратор школы" in texts(await client.send(COLLEAGUE, f"/start s_{code}"))
    monkeypatch.setattr(settings, "curator_ids", frozenset())
    client = await start_app()
    out = texts(await client.send(CURATOR, "/status"))
    assert "Программа на" not in out
    assert "Программа на" in texts(await client.send(COLLEAGUE, "/status"))
    monkeypatch.setattr(settings, "curator_ids", frozenset({CURATOR.id}))
    client = await start_app()
    assert "Программа на" in texts(await client.send(CURATOR, "/status"))


async def test_curators_invite_and_remove_colleagues(muni: BotClient) -> None:
    b = await school_b(muni)
    out = texts(await muni.send(CURATOR, "/curators"))
    assert "Кураторы: МБОУ «Лицей № 1»" in out and "1. пользователь 100 (вы)" in out
    code = link_code(texts(await muni.press(CURATOR, "Пригласить куратора")))
    await muni.send(COLLEAGUE, f"/start s_{code}")
    out = texts(await muni.send(CURATOR, "/curators"))
    assert "2. Вера" in out
    assert "Программа на" in texts(await muni.send(COLLEAGUE, "/status"))

    async with muni.app.sessionmaker() as s:
        mine = await s.scalar(select(Staff.id).where(Staff.telegram_id == CURATOR.id))
        theirs = await s.scalar(select(Staff.id).where(Staff.telegram_id == CURATOR_B.id))
        colleague = await s.scalar(select(Staff.id).where(Staff.telegram_id == COLLEAGUE.id))
    # Nobody removes a curator from the setting, themselves, or another school's curator.
    for forged in (mine, 10**6):
        assert alerts(await muni.callback(COLLEAGUE, TeamCb(action="rmok", id=forged).pack())) == ["Этого куратора нельзя убрать здесь."]
    # Another school's curator: refused before the handler (the access matrix).
    assert alerts(await muni.callback(COLLEAGUE, TeamCb(action="rmok", id=theirs).pack())) == ["Эта кнопка не для вас."]
    assert alerts(await muni.callback(CURATOR_B, TeamCb(action="rmok", id=colleague).pack())) == ["Эта кнопка не для вас."]

    await muni.press(CURATOR, "Убрать: Вера")
    out = await muni.press(CURATOR, "Да, убрать")
    assert alerts(out) == ["Вера больше не куратор."]
    assert any("Вы больше не куратор школы «МБОУ «Лицей № 1»»" in t for t in muni.texts_to(COLLEAGUE))
    assert "Программа на" not in texts(await muni.send(COLLEAGUE, "/status"))
    async with muni.app.sessionmaker() as s:
        assert {r.telegram_id for r in await s.scalars(select(Staff))} == {CURATOR.id, CURATOR_B.id}
        assert b.organisation_id != (await first_programme(s)).organisation_id  # type: ignore[union-attr]


async def test_scope_is_none_outside_a_curators_update(session: AsyncSession) -> None:
    """Code that runs for nobody in particular (the scheduler, a test) gets no programme by scope."""
    from bot.services.programme import current_programme

    assert await current_programme(session) is None
    assert await staff_svc.in_scope(session, 1) is False
    first = await first_programme(session)
    assert first is not None
    await ensure_roadmap(session, first, NOW)
    assert first.starts_on == date(2026, 9, 1)


async def test_each_school_s_curators_get_their_own_digest(muni: BotClient) -> None:
    b = await school_b(muni)
    await people(muni, b.id)
    async with muni.app.sessionmaker() as s:
        # Only school B has people stuck in registration (the digest counts them).
        for n in range(3):
            stuck = await make_member(s, b.id, 2100 + n, "mentee", name=f"Застрявший {n}", now=NOW - timedelta(days=10))
            stuck.status = "questionnaire"
        await s.commit()
    muni.app.clock.set(datetime(2026, 11, 23, 5, 0, tzinfo=UTC))  # type: ignore[attr-defined]  # Monday 08:00 in Moscow
    await muni.tick()
    digests_a = [t for t in muni.texts_to(CURATOR) if t.startswith("<b>Дорожная карта:")]
    digests_b = [t for t in muni.texts_to(CURATOR_B) if t.startswith("<b>Дорожная карта:")]
    assert len(digests_a) == 1 and len(digests_b) == 1
    assert "Не завершили регистрацию: 3" in digests_b[0]
    assert "Не завершили регистрацию" not in digests_a[0]
    assert muni.texts_to(COORD) == [t for t in muni.texts_to(COORD) if "Дорожная карта:" not in t]
