"""The access matrix (bot/access.py, docs/access.md) as a table test.

Every command and every kind of button is tried by every role: a guest, a mentee and a mentor of
pair A1, the mentee of another pair of the same school, the curator of school A, the curator of
school B and the municipal coordinator. Buttons carry ids of school A's objects, so for everyone but
their owners they are forged: another pair's, another person's or another school's. A refused
update must be refused by the access layer itself (its log says so), before any handler: nothing
is sent but the refusal, and no row changes anywhere. An allowed one reaches its handler.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from aiogram.filters.callback_data import CallbackData
from aiogram.methods import AnswerCallbackQuery, SendMessage, TelegramMethod
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import access
from bot.callbacks import (
    AnswerCb,
    ConsentCb,
    InviteCb,
    JoinCb,
    LangCb,
    LinksCb,
    MenuCb,
    PaperCb,
    ParentCb,
    PollCb,
    ProfileCb,
    ResumeCb,
    SettingsCb,
    StuckCb,
)
from bot.config import Settings
from bot.services.invites import create_invite
from bot.services.programme import first_programme
from bot.services.staff import add_school
from db.models import (
    Base,
    Broadcast,
    Concern,
    Invite,
    InviteKind,
    Meeting,
    MeetingStatus,
    PlanGoal,
    PlanTask,
    QuestionnaireResponse,
    RoadmapEvent,
    Staff,
)
from handlers.coordinator import SchoolCb
from handlers.curator.audit import AuditCb
from handlers.curator.broadcast import BroadcastCb
from handlers.curator.matching import MatchCb
from handlers.curator.pairs import CuratorPairCb
from handlers.curator.participants import PeopleCb
from handlers.curator.reports import ReportCb
from handlers.curator.roadmap import RoadmapCb
from handlers.curator.status import StatusCb
from handlers.curator.swot import SwotCb
from handlers.curator.team import TeamCb
from handlers.meetings import MeetCb, MeetCuratorCb
from handlers.pair import ExitCb, PairLifeCb
from handlers.pairing import PrefCb
from handlers.privacy import PrivacyCb
from tests.conftest import AppFactory
from tests.factories import make_member, make_pair
from tests.harness import CURATOR, BotClient, Person

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
GUEST = Person(700, "Гость", "ru")
MENTEE = Person(701, "Ева", "ru")
MENTOR = Person(702, "Марк", "ru")
OTHER_MENTEE = Person(703, "Ольга", "ru")
OTHER_MENTOR = Person(704, "Олег", "ru")
CURATOR_B = Person(705, "Борис", "ru")
COORD = Person(706, "Марина", "ru")
ROLES = {
    "guest": GUEST, "mentee": MENTEE, "mentor": MENTOR, "other-mentee": OTHER_MENTEE,
    "curator": CURATOR, "curator-b": CURATOR_B, "coordinator": COORD,
}  # fmt: skip
A, P, C, K = access.Audience.ANYONE, access.Audience.PARTICIPANT, access.Audience.CURATOR, access.Audience.COORDINATOR
# Who passes each audience (the participants' own objects are checked below, per button).
PASSES = {
    A: set(ROLES),
    P: {"mentee", "mentor", "other-mentee"},
    C: {"curator", "curator-b"},
    K: {"coordinator"},
}
PERSONAL = ("Ева Ментина", "Марк Менторов", "Ольга Другова", "Олег Другов", "Бэлла Школьная")


@pytest.fixture
async def world(start_app: AppFactory, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> tuple[BotClient, dict[str, int]]:
    monkeypatch.setattr(settings, "coordinator_ids", frozenset({COORD.id}))
    client = await start_app()
    async with client.app.sessionmaker() as s:
        a = await first_programme(s)
        assert a is not None
        b = await add_school(s, "Школа Б", "Europe/Moscow", NOW)
        s.add(Staff(telegram_id=CURATOR_B.id, organisation_id=b.organisation_id, role="curator", added_by=COORD.id, added_at=NOW))
        mentor = await make_member(s, a.id, MENTOR.id, "mentor", name="Марк Менторов", capacity=2)
        mentee = await make_member(s, a.id, MENTEE.id, "mentee", name="Ева Ментина")
        other_mentor = await make_member(s, a.id, OTHER_MENTOR.id, "mentor", name="Олег Другов")
        other_mentee = await make_member(s, a.id, OTHER_MENTEE.id, "mentee", name="Ольга Другова")
        await make_member(s, b.id, 710, "mentee", name="Бэлла Школьная")
        pair = await make_pair(s, mentor, mentee)
        await make_pair(s, other_mentor, other_mentee)
        meeting = Meeting(
            pair_id=pair.id, proposed_by_id=mentor.id, starts_at=NOW + timedelta(days=2), kind="regular", format="offline",
            status=MeetingStatus.PROPOSED, created_at=NOW, updated_at=NOW,
        )  # fmt: skip
        goal = PlanGoal(mentee_id=mentee.id, title="Цель", created_by_id=mentee.id, created_at=NOW)
        s.add_all([meeting, goal])
        await s.flush()
        task = PlanTask(goal_id=goal.id, title="Задача", due_on=date(2026, 12, 1), created_at=NOW)
        concern = Concern(pair_id=pair.id, raised_by_id=mentee.id, kind="concern", text="текст", created_at=NOW)
        broadcast = Broadcast(programme_id=a.id, audience={"kind": "all"}, text="Новость", recipients=0, created_by_telegram_id=CURATOR.id, created_at=NOW)
        s.add_all([task, concern, broadcast])
        invite = await create_invite(s, programme_id=a.id, role="mentee", form="teacher_teacher", kind=InviteKind.PERSONAL, created_by=CURATOR.id, now=NOW)
        await s.flush()
        response = await s.scalar(select(QuestionnaireResponse.id).where(QuestionnaireResponse.participant_id == mentee.id))
        event = await s.scalar(select(RoadmapEvent.id).where(RoadmapEvent.programme_id == a.id).limit(1))
        curator_row = await s.scalar(select(Staff.id).where(Staff.telegram_id == CURATOR_B.id))
        ids = {
            "mentee": mentee.id, "mentor": mentor.id, "other_mentee": other_mentee.id, "pair": pair.id, "meeting": meeting.id,
            "goal": goal.id, "task": task.id, "concern": concern.id, "broadcast": broadcast.id, "invite": invite.id,
            "response": int(response or 0), "event": int(event or 0), "org_a": a.organisation_id, "staff_b": int(curator_row or 0),
        }  # fmt: skip
        await s.commit()
    return client, ids


def buttons(ids: dict[str, int]) -> dict[str, tuple[CallbackData, set[str]]]:
    """One realistic button per prefix, pointing at school A's objects, and who owns its objects
    (None: nothing to own — the audience alone decides)."""
    participants_own = {"mentee"}
    pair_members = {"mentee", "mentor"}
    return {
        "lang": (LangCb(code="ru"), set(ROLES)),
        "j": (JoinCb(code="nonexistent"), set(ROLES)),
        "pc": (ParentCb(action="accept", code="p_nonexistent"), set(ROLES)),
        "c": (ConsentCb(action="accept", pid=ids["mentee"]), participants_own),
        "rs": (ResumeCb(pid=ids["mentee"]), participants_own),
        "qa": (AnswerCb(action="review", rid=ids["response"]), participants_own),
        "pf": (ProfileCb(action="show", rid=ids["response"]), participants_own),
        "pl": (PollCb(kind="feedback", pid=ids["mentee"], period="2026-11"), participants_own),
        "pref": (PrefCb(pid=ids["mentee"]), participants_own),
        "mt": (MeetCb(action="accept", id=ids["meeting"]), pair_members),
        "plf": (PairLifeCb(action="done", pair=ids["pair"], goal=ids["goal"], task=ids["task"]), pair_members),
        "plx": (ExitCb(pair=ids["pair"], pid=ids["mentee"]), participants_own),
        "m": (MenuCb(item="invite"), {"curator", "curator-b"}),
        "iw": (InviteCb(step="role", value="mentor"), {"curator", "curator-b"}),
        "ln": (LinksCb(action="revoke", id=ids["invite"]), {"curator"}),
        "pp": (PaperCb(action="ask", pid=ids["mentee"]), {"curator"}),
        "st": (SettingsCb(action="back"), {"curator", "curator-b"}),
        "sk": (StuckCb(page=0), {"curator", "curator-b"}),
        "mtch": (MatchCb(action="acc", mentee=ids["other_mentee"], mentor=ids["mentor"]), {"curator"}),
        "sw": (SwotCb(action="list"), {"curator", "curator-b"}),
        "sta": (StatusCb(action="list", what="unpaired"), {"curator", "curator-b"}),
        "ppl": (PeopleCb(a="card", id=ids["mentee"]), {"curator"}),
        "bc": (BroadcastCb(action="rep", id=ids["broadcast"]), {"curator"}),
        "rep": (ReportCb(action="home"), {"curator", "curator-b"}),
        "rm": (RoadmapCb(action="event", id=ids["event"]), {"curator"}),
        "cpl": (CuratorPairCb(action="card", pair=ids["pair"], c=ids["concern"], m=ids["mentor"]), {"curator"}),
        "mtc": (MeetCuratorCb(action="held", id=ids["meeting"]), {"curator"}),
        "tm": (TeamCb(action="rm", id=ids["staff_b"]), {"curator-b"}),
        "sch": (SchoolCb(action="card", id=ids["org_a"]), {"coordinator"}),
        "pv": (PrivacyCb(action="file", pid=ids["mentee"]), participants_own),
        "aud": (AuditCb(a="list"), {"curator", "curator-b"}),
    }


COMMAND_SAMPLES: dict[str, str] = {}  # a command with arguments, where it takes some


async def snapshot(session: AsyncSession) -> dict[str, int]:
    """Row counts of every table, and of the rows whose state a press could change."""
    counts = {}
    for table in Base.metadata.sorted_tables:
        if table.name == "processed_updates":  # the record that the update was handled, refused or not
            continue
        counts[table.name] = int(await session.scalar(select(func.count()).select_from(table)) or 0)
    counts["meetings-proposed"] = int(await session.scalar(select(func.count()).select_from(Meeting).where(Meeting.status == "proposed")) or 0)
    counts["tasks-done"] = int(await session.scalar(select(func.count()).select_from(PlanTask).where(PlanTask.done_at.is_not(None))) or 0)
    counts["concerns-open"] = int(await session.scalar(select(func.count()).select_from(Concern).where(Concern.resolved_at.is_(None))) or 0)
    counts["invites-revoked"] = int(await session.scalar(select(func.count()).select_from(Invite).where(Invite.revoked_at.is_not(None))) or 0)
    counts["events-changed"] = int(await session.scalar(select(func.count()).select_from(RoadmapEvent).where(RoadmapEvent.status != "planned")) or 0)
    return counts


def refused_by_access(caplog: pytest.LogCaptureFixture) -> bool:
    return any(r.name == "bot.access" and r.getMessage().startswith("refused") for r in caplog.records)


def visible(requests: list[TelegramMethod[Any]]) -> str:
    out = []
    for r in requests:
        if isinstance(r, AnswerCallbackQuery):
            out.append(r.text or "")
        else:
            out.append(str(getattr(r, "text", "") or getattr(r, "caption", "") or ""))
    return " ".join(out)


def test_every_handled_command_and_button_has_a_rule(client: BotClient) -> None:
    commands, classes = access.handled(client.app.dispatcher)
    assert commands - set(access.COMMANDS) == set(), "a command without an access rule"
    assert set(classes) - set(access.CALLBACKS) == set(), "a button without an access rule"
    assert set(access.COMMANDS) - commands == set(), "a rule for a command nobody handles"
    assert set(access.CALLBACKS) - set(classes) == set(), "a rule for a button nobody handles"


async def test_buttons_against_every_role(world: tuple[BotClient, dict[str, int]], caplog: pytest.LogCaptureFixture) -> None:
    client, ids = world
    caplog.set_level(logging.INFO, logger="bot.access")
    table = buttons(ids)
    assert set(table) == set(access.CALLBACKS), "the table must try every kind of button"
    for prefix, (data, owners) in table.items():
        rule = access.CALLBACKS[prefix]
        for role, person in ROLES.items():
            allowed = role in PASSES[rule.audience] and role in owners
            async with client.app.sessionmaker() as s:
                before = await snapshot(s)
            caplog.clear()
            requests = await client.callback(person, data.pack())
            if allowed:
                assert not refused_by_access(caplog), (prefix, role)
                continue
            assert refused_by_access(caplog), (prefix, role)
            assert all(isinstance(r, AnswerCallbackQuery) for r in requests), (prefix, role, requests)
            assert [r.text for r in requests] in (["Эта кнопка не для вас."], ["Эта кнопка больше не работает."]), (prefix, role)
            for name in PERSONAL:
                assert name not in visible(requests)
            async with client.app.sessionmaker() as s:
                assert await snapshot(s) == before, (prefix, role)


async def test_commands_against_every_role(world: tuple[BotClient, dict[str, int]], caplog: pytest.LogCaptureFixture) -> None:
    client, ids = world
    caplog.set_level(logging.INFO, logger="bot.access")
    for command, audience in access.COMMANDS.items():
        for role, person in ROLES.items():
            caplog.clear()
            text = COMMAND_SAMPLES.get(command, f"/{command}")
            requests = await client.send(person, text)
            await client.send(person, "/cancel")  # leave any dialog the command opened
            if role in PASSES[audience]:
                assert not refused_by_access(caplog), (command, role)
                continue
            assert refused_by_access(caplog), (command, role)
            sent = [r for r in requests if isinstance(r, SendMessage)]
            assert len(sent) == 1 and len(requests) == 1, (command, role, requests)
            expected = "для участников программы" if audience == P else "Я не знаю такой команды"
            assert expected in sent[0].text, (command, role)
            for name in PERSONAL:
                assert name not in sent[0].text


async def test_a_forged_button_of_another_school_reaches_no_handler(world: tuple[BotClient, dict[str, int]], caplog: pytest.LogCaptureFixture) -> None:
    """School B's curator, with school A's ids in every curator button that names an object."""
    client, ids = world
    caplog.set_level(logging.INFO, logger="bot.access")
    for prefix, (data, owners) in buttons(ids).items():
        rule = access.CALLBACKS[prefix]
        if rule.audience != C or not rule.objects:
            continue
        caplog.clear()
        requests = await client.callback(CURATOR_B, data.pack())
        if "curator-b" in owners:
            continue
        assert refused_by_access(caplog), prefix
        assert [r.text for r in requests if isinstance(r, AnswerCallbackQuery)] == ["Эта кнопка не для вас."], prefix


def test_malformed_and_unknown_buttons_are_refused() -> None:
    assert access.CALLBACKS.get(access.prefix_of("zzz:1")) is None
    rule = access.CALLBACKS["ppl"]
    assert access.ids_in("ppl:card::0:notanumber::0", rule) is None
    assert access.ids_in(PeopleCb(a="card", id=2**40).pack(), rule) is None  # beyond INTEGER: forged
    assert access.ids_in("ppl:card::" + str(2**70) + ":5::0", rule) is None  # beyond 64 bits, any field
    assert access.ids_in(PeopleCb(a="card", id=-1).pack(), rule) == {}  # no such row: the handler says so
    assert access.ids_in(PeopleCb(a="card", id=5).pack(), rule) == {access.Kind.PARTICIPANT: [5]}
    mt = access.CALLBACKS["mt"]
    assert access.ids_in(MeetCb(action="propose", id=7).pack(), mt) == {access.Kind.PAIR: [7]}
    assert access.ids_in(MeetCb(action="accept", id=7).pack(), mt) == {access.Kind.MEETING: [7]}
    assert access.command_of("/status@school_bot now") == "status" and access.command_of("hello") is None


def test_docs_access_md_is_the_table(client: BotClient) -> None:
    """docs/access.md is generated from bot/access.py: regenerate it with `python -m bot.access > docs/access.md`."""
    from pathlib import Path

    assert (Path(__file__).parent.parent / "docs" / "access.md").read_text(encoding="utf-8") == access.markdown()
