"""The audit log: every curator's and coordinator's change through the Dispatcher leaves exactly one
row (who, what, to what, codes only), a refused or rolled-back change leaves none, and /audit shows a
curator their own school's log only, page by page and as XLSX, with forged buttons handled."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from aiogram.methods import SendDocument
from aiogram.types import BufferedInputFile
from openpyxl import load_workbook
from sqlalchemy import event, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import LinksCb, PaperCb, SettingsCb
from bot.config import Settings
from bot.services import audit
from bot.services import reports as rs
from bot.services.invites import create_invite
from bot.services.programme import first_programme
from db.models import (
    AuditEvent,
    Broadcast,
    Concern,
    Consent,
    Invite,
    InviteKind,
    Meeting,
    MeetingCheckin,
    MeetingStatus,
    Organisation,
    Pair,
    PairStatus,
    Participant,
    ParticipantStatus,
    Programme,
    RoadmapEvent,
    RoadmapStatus,
    Staff,
    StaffInvite,
    StaffRole,
    User,
)
from handlers.curator.audit import AuditCb
from handlers.curator.pairs import CuratorPairCb
from handlers.curator.participants import PeopleCb
from handlers.curator.reports import ReportCb
from handlers.curator.roadmap import RoadmapCb
from handlers.curator.team import TeamCb
from handlers.meetings import MeetCuratorCb
from tests.conftest import AppFactory
from tests.factories import make_member, make_pair
from tests.harness import CURATOR, BotClient, Person, alerts, texts

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
COLLEAGUE = Person(302, "Вера", "ru")
CURATOR_B = Person(301, "Борис", "ru")
COORD = Person(300, "Марина", "ru")
LINK = re.compile(r"start=s_([A-Za-z0-9]+)")
NOTE_TEXT = "Психолог просит не давить на ребёнка"
RESPONSIBLE_TEXT = "Завуч Смирнова"
EVENT_TITLE = "Встреча с родителями"
INVITE_NAME = "Иванова Мария"
BROADCAST_TEXT = "Завтра общая встреча в актовом зале"
ROSTER_CSV = (
    "ФИО;Роль;Форма;Класс или предмет\r\n"
    "Иванов Иван Иванович;наставник;учитель — ученик;математика\r\n"
    "Петрова Анна;Наставляемая;Учитель–ученик;7А\r\n"
    "Сидоров Пётр;ученик;учитель-ученик;8Б\r\n"
    "Кузнецова Ольга;НАСТАВНИК;teacher_teacher;\r\n"
).encode("utf-8-sig")
CYRILLIC = re.compile(r"[А-Яа-яЁё]")


# ---- the school ---------------------------------------------------------------------------------------


@dataclass
class World:
    """School A: a pair with a concern and a meeting one side confirmed, a free mentor and mentee, a
    paused person, a minor waiting for a parent, a live invitation link, a planned roadmap event."""

    programme: int
    organisation: int
    mentor: int  # in the pair
    mentee: int  # in the pair
    free_mentor: int
    free_mentee: int
    paused: int
    minor: int
    pair: int
    concern: int
    meeting: int
    invite: int
    roadmap_event: int


NAMES = ("Алексеев Андрей", "Антонова Алина", "Борисов Богдан", "Белова Бэлла", "Волков Виктор", "Громова Галина")


async def make_world(client: BotClient) -> World:
    async with client.app.sessionmaker() as s:
        programme = await first_programme(s)
        assert programme is not None
        pid = programme.id
        mentor = await make_member(s, pid, 1001, "mentor", name=NAMES[0])
        mentee = await make_member(s, pid, 1002, "mentee", name=NAMES[1])
        free_mentor = await make_member(s, pid, 1003, "mentor", name=NAMES[2], capacity=2, answers={"can_help": ["methodical"]})
        free_mentee = await make_member(s, pid, 1004, "mentee", name=NAMES[3], answers={"requests": ["methodical"]})
        paused = await make_member(s, pid, 1005, "mentee", name=NAMES[4])
        paused.status = ParticipantStatus.INACTIVE
        user = User(telegram_id=1006, language_code="ru", created_at=NOW)
        s.add(user)
        await s.flush()
        minor = Participant(
            programme_id=pid, user_id=user.id, role="mentee", form="teacher_student", status=ParticipantStatus.AWAITING_PARENT,
            full_name=NAMES[5], is_minor=True, created_at=NOW, updated_at=NOW,
        )  # fmt: skip
        s.add(minor)
        pair = await make_pair(s, mentor, mentee)
        concern = Concern(pair_id=pair.id, raised_by_id=mentee.id, kind="concern", text="Наставник не отвечает", created_at=NOW)
        meeting = Meeting(
            pair_id=pair.id, starts_at=NOW - timedelta(days=2), kind="regular", format="offline", status=MeetingStatus.ACCEPTED,
            proposed_by_id=mentor.id, created_at=NOW - timedelta(days=3), updated_at=NOW - timedelta(days=2),
        )  # fmt: skip
        s.add_all([concern, meeting])
        await s.flush()
        s.add(MeetingCheckin(meeting_id=meeting.id, participant_id=mentor.id, answer="yes", answered_at=NOW))
        invite = await create_invite(
            s, programme_id=pid, role="mentee", form="teacher_teacher", kind=InviteKind.PERSONAL, created_by=CURATOR.id, now=NOW
        )
        roadmap_event = await s.scalar(
            select(RoadmapEvent.id).where(RoadmapEvent.programme_id == pid, RoadmapEvent.status == RoadmapStatus.PLANNED).limit(1)
        )
        assert roadmap_event is not None
        world = World(
            programme=pid, organisation=programme.organisation_id, mentor=mentor.id, mentee=mentee.id, free_mentor=free_mentor.id,
            free_mentee=free_mentee.id, paused=paused.id, minor=minor.id, pair=pair.id, concern=concern.id, meeting=meeting.id,
            invite=invite.id, roadmap_event=roadmap_event,
        )  # fmt: skip
        await s.commit()
        return world


async def last_id(client: BotClient) -> int:
    async with client.app.sessionmaker() as s:
        return int(await s.scalar(select(func.max(AuditEvent.id))) or 0)


async def rows_after(client: BotClient, after: int) -> list[AuditEvent]:
    async with client.app.sessionmaker() as s:
        return list(await s.scalars(select(AuditEvent).where(AuditEvent.id > after).order_by(AuditEvent.id)))


async def newest(client: BotClient, model: Any) -> Any:
    async with client.app.sessionmaker() as s:
        return await s.scalar(select(model).order_by(model.id.desc()).limit(1))


def link_code(text: str) -> str:
    found = LINK.search(text)
    assert found, text
    return found.group(1)


# ---- every action, through the Dispatcher ------------------------------------------------------------

# (action, object type, object id, details); the actor is CURATOR, the school A, unless said otherwise.
Row = tuple[str, str, int, dict[str, Any]]
Act = Callable[[BotClient, World], Awaitable[list[Row]]]


async def extend(c: BotClient, w: World) -> list[Row]:
    await c.callback(CURATOR, CuratorPairCb(action="extr", pair=w.pair, v="illness").pack())
    await c.send(CURATOR, "30.09.2027")
    return [(audit.PAIR_EXTEND, "pair", w.pair, {"reason": "illness", "old_end": "2027-08-31", "new_end": "2027-09-30"})]


async def replace(c: BotClient, w: World) -> list[Row]:
    await c.callback(CURATOR, CuratorPairCb(action="repm", pair=w.pair, v="request", m=w.free_mentor).pack())
    return [
        (
            audit.PAIR_REPLACE_MENTOR,
            "pair",
            w.pair,
            {"reason": "request", "old_mentor_id": w.mentor, "new_mentor_id": w.free_mentor},
        )
    ]


async def complete(c: BotClient, w: World) -> list[Row]:
    await c.callback(CURATOR, CuratorPairCb(action="cmpr", pair=w.pair, v="goal_reached").pack())
    return [(audit.PAIR_COMPLETE, "pair", w.pair, {"reason": "goal_reached", "early": True})]


async def pairup(c: BotClient, w: World) -> list[Row]:
    await c.send(CURATOR, f"/pairup {w.free_mentee} {w.free_mentor}")
    pair = await newest(c, Pair)
    assert (pair.mentee_id, pair.mentor_id) == (w.free_mentee, w.free_mentor)
    details = {"mentor_id": w.free_mentor, "mentee_id": w.free_mentee, "form": "teacher_teacher", "ends_on": "2027-08-31"}
    return [(audit.PAIR_CREATE_MANUAL, "pair", pair.id, details)]


async def match(c: BotClient, w: World) -> list[Row]:
    await c.send(CURATOR, "/match")
    await c.press(CURATOR, "✅ 1")
    await c.press(CURATOR, "Подтвердить принятые")
    pair = await newest(c, Pair)
    assert (pair.mentee_id, pair.mentor_id) == (w.free_mentee, w.free_mentor)
    details = {"mentor_id": w.free_mentor, "mentee_id": w.free_mentee, "form": "teacher_teacher", "ends_on": "2027-08-31"}
    return [(audit.PAIR_CONFIRM, "pair", pair.id, details), (audit.MATCH_CONFIRM, "programme", w.programme, {"count": 1})]


async def close_concern(c: BotClient, w: World) -> list[Row]:
    await c.callback(CURATOR, CuratorPairCb(action="close", c=w.concern).pack())
    return [(audit.CONCERN_CLOSE, "concern", w.concern, {"pair_id": w.pair, "kind": "concern"})]


async def resolve_meeting(c: BotClient, w: World) -> list[Row]:
    await c.callback(CURATOR, MeetCuratorCb(action="not_held", id=w.meeting).pack())
    return [(audit.MEETING_RESOLVE, "meeting", w.meeting, {"pair_id": w.pair, "held": False})]


async def pause(c: BotClient, w: World) -> list[Row]:
    await c.callback(CURATOR, PeopleCb(a="offy", id=w.free_mentee).pack())
    return [(audit.PARTICIPANT_PAUSE, "participant", w.free_mentee, {})]


async def reactivate(c: BotClient, w: World) -> list[Row]:
    await c.callback(CURATOR, PeopleCb(a="on", id=w.paused).pack())
    return [(audit.PARTICIPANT_REACTIVATE, "participant", w.paused, {})]


async def note(c: BotClient, w: World) -> list[Row]:
    await c.callback(CURATOR, PeopleCb(a="src", id=w.free_mentee, d="psychologist").pack())
    assert "сохранена" in texts(await c.send(CURATOR, NOTE_TEXT)).lower()
    return [(audit.PARTICIPANT_NOTE_ADD, "participant", w.free_mentee, {"source": "psychologist"})]


async def paper_consent(c: BotClient, w: World) -> list[Row]:
    await c.callback(CURATOR, PaperCb(action="confirm", pid=w.minor).pack())
    consent = await newest(c, Consent)
    assert consent.participant_id == w.minor
    return [(audit.CONSENT_PAPER, "participant", w.minor, {"consent_id": consent.id})]


async def invite(c: BotClient, w: World) -> list[Row]:
    await c.send(CURATOR, "/invite")
    await c.press(CURATOR, "Наставляемый")
    await c.press(CURATOR, "Учитель — учитель")
    await c.press(CURATOR, "Личную")
    assert "Личная ссылка готова" in texts(await c.send(CURATOR, INVITE_NAME))
    made = await newest(c, Invite)
    return [(audit.INVITE_CREATE, "invite", made.id, {"kind": "personal", "role": "mentee", "form": "teacher_teacher"})]


async def revoke(c: BotClient, w: World) -> list[Row]:
    await c.callback(CURATOR, LinksCb(action="confirm", id=w.invite).pack())
    return [(audit.INVITE_REVOKE, "invite", w.invite, {})]


async def roster(c: BotClient, w: World) -> list[Row]:
    await c.send(CURATOR, "/import")
    out = await c.send_document(CURATOR, "список.csv", ROSTER_CSV)
    assert "создано 3 ссылки, 1 строка с ошибками" in texts(out)
    return [(audit.ROSTER_IMPORT, "programme", w.programme, {"count": 3, "rows": 4})]


def report(code: str) -> Act:
    async def act(c: BotClient, w: World) -> list[Row]:
        out = await c.callback(CURATOR, ReportCb(action=code).pack())
        assert any(isinstance(r, SendDocument) for r in out)
        return [(audit.REPORT_EXPORT, "programme", w.programme, {"report": "annual" if code == "skip" else code})]

    return act


async def quarter_report(c: BotClient, w: World) -> list[Row]:
    async with c.app.sessionmaker() as s:
        programme = await s.get(Programme, w.programme)
        assert programme is not None
        code = rs.quarters_of(programme)[0].code
    out = await c.callback(CURATOR, ReportCb(action="quarter", code=code).pack())
    assert any(isinstance(r, SendDocument) for r in out)
    return [(audit.REPORT_EXPORT, "programme", w.programme, {"report": "quarter", "quarter": code})]


async def annual_typed(c: BotClient, w: World) -> list[Row]:
    await c.callback(CURATOR, ReportCb(action="annual").pack())
    out = await c.send(CURATOR, "500")
    assert any(isinstance(r, SendDocument) for r in out)
    return [(audit.REPORT_EXPORT, "programme", w.programme, {"report": "annual"})]


async def broadcast(c: BotClient, w: World) -> list[Row]:
    await c.send(CURATOR, "/broadcast")
    await c.press(CURATOR, "Наставники")
    await c.send(CURATOR, BROADCAST_TEXT)
    await c.press(CURATOR, "Отправить")
    sent = await newest(c, Broadcast)
    return [(audit.BROADCAST_SEND, "broadcast", sent.id, {"audience": "role", "value": "mentor", "recipients": 2})]


async def toggle_setting(c: BotClient, w: World) -> list[Row]:
    await c.callback(CURATOR, SettingsCb(action="set", name="quiet_weekends", value="1").pack())
    return [(audit.SETTINGS_CHANGE, "programme", w.programme, {"changes": {"quiet_weekends": [False, True]}})]


async def typed_setting(c: BotClient, w: World) -> list[Row]:
    await c.callback(CURATOR, SettingsCb(action="edit", name="quiet").pack())
    await c.send(CURATOR, "22:00-07:30")
    changes = {"quiet_start": ["21:00:00", "22:00:00"], "quiet_end": ["08:00:00", "07:30:00"]}
    return [(audit.SETTINGS_CHANGE, "programme", w.programme, {"changes": changes})]


async def reset_settings(c: BotClient, w: World) -> list[Row]:
    async with c.app.sessionmaker() as s:
        programme = await s.get(Programme, w.programme)
        assert programme is not None
        programme.settings = {"poll_day": 20}
        await s.commit()
    await c.callback(CURATOR, SettingsCb(action="reset-yes").pack())
    return [(audit.SETTINGS_CHANGE, "programme", w.programme, {"changes": {"poll_day": [20, 25]}, "reset": True})]


def roadmap_status(action: str) -> Act:
    async def act(c: BotClient, w: World) -> list[Row]:
        await c.callback(CURATOR, RoadmapCb(action=action, id=w.roadmap_event).pack())
        return [(audit.ROADMAP_CHANGE, "roadmap_event", w.roadmap_event, {"what": action})]

    return act


async def roadmap_due(c: BotClient, w: World) -> list[Row]:
    async with c.app.sessionmaker() as s:
        event_row = await s.get(RoadmapEvent, w.roadmap_event)
        assert event_row is not None
        old = event_row.due_on.isoformat()
    await c.callback(CURATOR, RoadmapCb(action="date", id=w.roadmap_event).pack())
    await c.send(CURATOR, "15.03.2027")
    return [(audit.ROADMAP_CHANGE, "roadmap_event", w.roadmap_event, {"what": "due", "old": old, "new": "2027-03-15"})]


async def roadmap_responsible(c: BotClient, w: World) -> list[Row]:
    await c.callback(CURATOR, RoadmapCb(action="resp", id=w.roadmap_event).pack())
    await c.send(CURATOR, RESPONSIBLE_TEXT)
    return [(audit.ROADMAP_CHANGE, "roadmap_event", w.roadmap_event, {"what": "responsible"})]


async def roadmap_add(c: BotClient, w: World) -> list[Row]:
    await c.callback(CURATOR, RoadmapCb(action="add", stage=2).pack())
    await c.send(CURATOR, EVENT_TITLE)
    await c.send(CURATOR, "15.03.2027")
    added = await newest(c, RoadmapEvent)
    assert added.title == EVENT_TITLE
    return [(audit.ROADMAP_CHANGE, "roadmap_event", added.id, {"what": "add", "stage": 2})]


async def curator_link(c: BotClient, w: World) -> list[Row]:
    assert "start=s_" in texts(await c.callback(CURATOR, TeamCb(action="link").pack()))
    link = await newest(c, StaffInvite)
    return [(audit.CURATOR_LINK, "staff_invite", link.id, {})]


async def curator_remove(c: BotClient, w: World) -> list[Row]:
    async with c.app.sessionmaker() as s:
        row = Staff(telegram_id=COLLEAGUE.id, organisation_id=w.organisation, role=StaffRole.CURATOR, full_name="Вера",
                    added_by=CURATOR.id, added_at=NOW)  # fmt: skip
        s.add(row)
        await s.commit()
        staff_id = row.id
    assert alerts(await c.callback(CURATOR, TeamCb(action="rmok", id=staff_id).pack())) == ["Вера больше не куратор."]
    return [(audit.CURATOR_REMOVE, "staff", staff_id, {"telegram_id": COLLEAGUE.id})]


CASES: dict[str, Act] = {
    "pair.extend": extend,
    "pair.replace_mentor": replace,
    "pair.complete": complete,
    "pair.create_manual": pairup,
    "pair.confirm+match.confirm": match,
    "concern.close": close_concern,
    "meeting.resolve": resolve_meeting,
    "participant.pause": pause,
    "participant.reactivate": reactivate,
    "participant.note_add": note,
    "consent.paper": paper_consent,
    "invite.create": invite,
    "invite.revoke": revoke,
    "roster.import": roster,
    "report.export:full": report("full"),
    "report.export:people": report("people"),
    "report.export:impact": report("impact"),
    "report.export:satisfaction": report("satisfaction"),
    "report.export:registry": report("registry"),
    "report.export:registry_csv": report("registry_csv"),
    "report.export:swot": report("swot"),
    "report.export:annual": report("skip"),
    "report.export:annual-typed": annual_typed,
    "report.export:quarter": quarter_report,
    "broadcast.send": broadcast,
    "settings.change:toggle": toggle_setting,
    "settings.change:typed": typed_setting,
    "settings.change:reset": reset_settings,
    "roadmap.change:done": roadmap_status("done"),
    "roadmap.change:cancel": roadmap_status("cancel"),
    "roadmap.change:due": roadmap_due,
    "roadmap.change:responsible": roadmap_responsible,
    "roadmap.change:add": roadmap_add,
    "curator.link": curator_link,
    "curator.remove": curator_remove,
}
TYPED = (NOTE_TEXT, RESPONSIBLE_TEXT, EVENT_TITLE, INVITE_NAME, BROADCAST_TEXT, "Иванов", "Петрова", "Наставник не отвечает")


def assert_codes_only(rows: list[AuditEvent]) -> None:
    """No name, nothing typed: not a single Cyrillic letter anywhere in the details."""
    for row in rows:
        dumped = json.dumps(row.details, ensure_ascii=False)
        assert not CYRILLIC.search(dumped), dumped
        assert not any(word in dumped for word in (*NAMES, *TYPED))


@pytest.mark.parametrize("name", list(CASES))
async def test_each_action_leaves_exactly_one_row(client: BotClient, name: str) -> None:
    world = await make_world(client)
    before = await last_id(client)
    expected = await CASES[name](client, world)
    rows = await rows_after(client, before)
    assert [(r.action, r.object_type, r.object_id, r.details) for r in rows] == expected
    for row in rows:
        assert (row.actor_telegram_id, row.actor_role) == (CURATOR.id, audit.CURATOR)
        school_level = row.object_type in ("staff", "staff_invite")  # a curator belongs to the school, not a year's programme
        assert (row.organisation_id, row.programme_id) == (world.organisation, None if school_level else world.programme)
        assert row.created_at == NOW
    assert_codes_only(rows)


async def test_the_world_itself_is_recorded_only_where_a_curator_acted(client: BotClient) -> None:
    """Setting up the school through the services: the invitation link is a curator's act (made in
    their name here), the pairs made for the test are not recorded by create_pairs itself."""
    before = await last_id(client)
    world = await make_world(client)
    rows = await rows_after(client, before)
    assert [(r.action, r.object_id) for r in rows] == [(audit.INVITE_CREATE, world.invite)]


# ---- refused, forged and rolled-back changes leave nothing ---------------------------------------------

FORGED: list[Callable[[World], str]] = [
    lambda w: CuratorPairCb(action="cmpr", pair=w.pair, v="bogus").pack(),
    lambda w: CuratorPairCb(action="cmpr", pair=10**6, v="on_time").pack(),
    lambda w: CuratorPairCb(action="repm", pair=w.pair, v="request", m=w.mentee).pack(),  # not a mentor
    lambda w: CuratorPairCb(action="close", c=10**6).pack(),
    lambda w: MeetCuratorCb(action="maybe", id=w.meeting).pack(),
    lambda w: PeopleCb(a="offy", id=w.mentee).pack(),  # in a pair: refused
    lambda w: PeopleCb(a="on", id=w.free_mentee).pack(),  # not paused
    lambda w: PeopleCb(a="offy", id=10**6).pack(),
    lambda w: PaperCb(action="confirm", pid=w.free_mentee).pack(),  # not waiting for a parent
    lambda w: LinksCb(action="confirm", id=10**6).pack(),
    lambda w: ReportCb(action="quarter", code=19991).pack(),
    lambda w: ReportCb(action="nonsense").pack(),
    lambda w: SettingsCb(action="set", name="quiet_weekends", value="7").pack(),
    lambda w: SettingsCb(action="set", name="nonsense", value="1").pack(),
    lambda w: RoadmapCb(action="undo", id=w.roadmap_event).pack(),  # planned: nothing to undo
    lambda w: TeamCb(action="rmok", id=10**6).pack(),
    lambda w: AuditCb(a="xlsx-all").pack(),
]


async def test_refused_and_forged_actions_leave_no_row(client: BotClient) -> None:
    world = await make_world(client)
    before = await last_id(client)
    stranger = Person(999, "Гость", "ru")
    for make in FORGED:
        data = make(world)
        out = await client.callback(CURATOR, data)
        assert alerts(out) or texts(out), data
        await client.callback(stranger, data)  # and nobody else's press does anything either
    # Typed input that does not fit: a date past a year, a settings value out of range.
    await client.callback(CURATOR, CuratorPairCb(action="extr", pair=world.pair, v="illness").pack())
    await client.send(CURATOR, "01.01.2030")
    await client.send(CURATOR, "/cancel")
    await client.callback(CURATOR, SettingsCb(action="edit", name="poll_day").pack())
    await client.send(CURATOR, "99")
    await client.send(CURATOR, "/cancel")
    await client.send(CURATOR, "/pairup 1 2")  # not a mentee and a mentor of this school
    await client.send(stranger, f"/pairup {world.free_mentee} {world.free_mentor}")
    # Revoking a link twice is one change.
    await client.callback(CURATOR, LinksCb(action="confirm", id=world.invite).pack())
    await client.callback(CURATOR, LinksCb(action="confirm", id=world.invite).pack())
    rows = await rows_after(client, before)
    assert [(r.action, r.object_id) for r in rows] == [(audit.INVITE_REVOKE, world.invite)]


async def test_a_change_rolled_back_leaves_no_row(client: BotClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """The record is in the change's transaction: an error after it undoes both."""
    world = await make_world(client)
    before = await last_id(client)

    async def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the notification could not be queued")

    monkeypatch.setattr("handlers.curator.pairs.notify", broken)
    out = await client.callback(CURATOR, CuratorPairCb(action="cmpr", pair=world.pair, v="on_time").pack())
    assert "Что-то пошло не так" in " ".join(alerts(out))
    monkeypatch.setattr("handlers.curator.participants.card_view", broken)
    await client.callback(CURATOR, PeopleCb(a="offy", id=world.free_mentee).pack())
    assert await rows_after(client, before) == []
    async with client.app.sessionmaker() as s:
        pair = await s.get(Pair, world.pair)
        person = await s.get(Participant, world.free_mentee)
        assert pair is not None and pair.status == PairStatus.ACTIVE
        assert person is not None and person.status == ParticipantStatus.ACTIVE


def test_details_refuse_names_and_typed_text() -> None:
    for bad in ({"name": "Иванова Анна"}, {"text": "hello world"}, {"note": "Some Text"}, {"x": {"y": object()}}):
        with pytest.raises(ValueError):
            audit.clean_details(bad)
    kept = {"reason": "illness", "old_end": "2027-08-31", "changes": {"quiet_start": ["21:00:00", "22:00:00"]}, "n": 3}
    assert audit.clean_details(kept) == kept


async def test_record_derives_the_school_from_the_programme(client: BotClient, session: AsyncSession) -> None:
    programme = await first_programme(session)
    assert programme is not None
    row = await audit.record(
        session, actor_telegram_id=CURATOR.id, actor_role=audit.CURATOR, action=audit.REPORT_EXPORT, programme_id=programme.id,
        details={"report": "full"}, now=NOW,
    )  # fmt: skip
    assert row.organisation_id == programme.organisation_id
    with pytest.raises(ValueError):
        await audit.record(session, actor_telegram_id=1, actor_role=audit.CURATOR, action="pair.delete", now=NOW)
    with pytest.raises(ValueError):
        await audit.record(session, actor_telegram_id=1, actor_role="director", action=audit.PAIR_EXTEND, now=NOW)
    await session.rollback()


# ---- the coordinator and the curator's own joining -----------------------------------------------------


@pytest.fixture
async def muni(start_app: AppFactory, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> BotClient:
    monkeypatch.setattr(settings, "coordinator_ids", frozenset({COORD.id}))
    return await start_app()


async def test_school_add_link_and_join_are_recorded_for_the_new_school(muni: BotClient) -> None:
    before = await last_id(muni)
    await muni.send(COORD, "/school_add")
    code = link_code(texts(await muni.send(COORD, "МБОУ «СОШ № 5»")))
    await muni.send(CURATOR_B, f"/start s_{code}")
    rows = await rows_after(muni, before)
    async with muni.app.sessionmaker() as s:
        org = await s.scalar(select(Organisation).where(Organisation.name == "МБОУ «СОШ № 5»"))
        assert org is not None
        programme = await s.scalar(select(Programme).where(Programme.organisation_id == org.id))
        link = await s.scalar(select(StaffInvite).where(StaffInvite.code == code))
        assert programme is not None and link is not None
    assert [
        (r.actor_telegram_id, r.actor_role, r.action, r.object_type, r.object_id, r.organisation_id, r.details) for r in rows
    ] == [
        (COORD.id, audit.COORDINATOR, audit.SCHOOL_ADD, "programme", programme.id, org.id, {}),
        (COORD.id, audit.COORDINATOR, audit.CURATOR_LINK, "staff_invite", link.id, org.id, {}),
        (CURATOR_B.id, audit.CURATOR, audit.CURATOR_JOIN, "staff_invite", link.id, org.id, {}),
    ]
    # A spent link and a stranger's /school_add change nothing.
    await muni.send(COLLEAGUE, f"/start s_{code}")
    await muni.send(COLLEAGUE, "/school_add")
    assert len(await rows_after(muni, before)) == 3
    # The new school's curator sees the coordinator's acts in their log, as "coordinator".
    out = texts(await muni.send(CURATOR_B, "/audit"))
    assert "координатор\nдобавлена школа" in out
    assert f"вы\nприсоединение к кураторам школы по ссылке № {link.id}" in out


# ---- /audit -------------------------------------------------------------------------------------------


async def second_school(client: BotClient) -> tuple[int, int]:
    """School B with its own programme and curator, written straight to the database."""
    async with client.app.sessionmaker() as s:
        org = Organisation(name="МБОУ «СОШ № 5»", timezone="Europe/Moscow", created_at=NOW)
        s.add(org)
        await s.flush()
        first = await first_programme(s)
        assert first is not None
        programme = Programme(
            organisation_id=org.id, academic_year=first.academic_year, starts_on=first.starts_on, ends_on=first.ends_on,
            forms=first.forms, created_at=NOW,
        )  # fmt: skip
        s.add(programme)
        s.add(
            Staff(
                telegram_id=CURATOR_B.id,
                organisation_id=org.id,
                role=StaffRole.CURATOR,
                full_name="Борис Б.",
                added_by=COORD.id,
                added_at=NOW,
            )
        )
        await s.commit()
        return org.id, programme.id


async def add_rows(
    client: BotClient, programme_id: int, actor: int, count: int, action: str = audit.PARTICIPANT_PAUSE, *,
    object_id: int = 1, start: datetime = NOW, details: dict[str, Any] | None = None,
) -> None:  # fmt: skip
    """Rows as the services write them, straight to the database: `count` of them a minute apart."""
    object_type = "pair" if action.startswith("pair.") else "participant"
    async with client.app.sessionmaker() as s:
        for n in range(count):
            await audit.record(
                s, actor_telegram_id=actor, actor_role=audit.CURATOR, action=action, programme_id=programme_id,
                object_type=object_type, object_id=object_id + n, details=details, now=start + timedelta(minutes=n),
            )  # fmt: skip
        await s.commit()


def entries(text: str) -> list[str]:
    """The log's entries on a screen: "<when> · <who>" and what was done."""
    return re.findall(r"<b>(\d\d\.\d\d\.\d{4} \d\d:\d\d)</b> · ([^\n]+)\n([^\n]+)", text)


async def test_each_curator_sees_their_own_school_only(client: BotClient) -> None:
    world = await make_world(client)
    org_b, programme_b = await second_school(client)
    await client.callback(CURATOR, PeopleCb(a="offy", id=world.free_mentee).pack())
    await add_rows(client, programme_b, CURATOR_B.id, 2, object_id=900)

    mine = texts(await client.send(CURATOR, "/audit"))
    assert "Журнал действий" in mine and "Показано: все действия — 2 записи" in mine
    assert entries(mine) == [
        ("23.11.2026 12:00", "вы", f"приостановлено участие: {NAMES[3]} (№ {world.free_mentee})"),
        (
            "23.11.2026 12:00",
            "вы",
            f"создана личная ссылка-приглашение № {world.invite}: наставляемый, форма «учитель — учитель»",
        ),
    ]
    assert "№ 900" not in mine and "Борис" not in mine

    theirs = texts(await client.send(CURATOR_B, "/audit"))
    assert entries(theirs) == [
        ("23.11.2026 12:01", "вы", "приостановлено участие: участник № 901"),  # not B's participant: no name is looked up
        ("23.11.2026 12:00", "вы", "приостановлено участие: участник № 900"),
    ]
    assert NAMES[3] not in theirs and "ссылка-приглашение" not in theirs
    # A's rows never reach B's screen whatever the page or filter.
    for kind in audit.FILTERS:
        out = texts(await client.callback(CURATOR_B, AuditCb(a="list", k=kind, p=0).pack()))
        assert NAMES[3] not in out and "ссылка-приглашение" not in out
    async with client.app.sessionmaker() as s:
        assert org_b != world.organisation
        assert (
            int(await s.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.organisation_id == org_b)) or 0) == 2
        )


async def test_pages_filters_and_forged_buttons(client: BotClient) -> None:
    world = await make_world(client)
    await add_rows(client, world.programme, CURATOR.id, 22, object_id=500)  # + the invite: 23 rows
    await add_rows(client, world.programme, CURATOR.id, 2, audit.PAIR_COMPLETE, object_id=700, start=NOW + timedelta(days=1),
                   details={"reason": "on_time", "early": False})  # fmt: skip

    first = texts(await client.send(CURATOR, "/audit"))
    assert "Показано: все действия — 25 записей" in first and "Страница 1 из 3" in first
    assert len(entries(first)) == 10
    assert entries(first)[:2] == [
        ("24.11.2026 12:01", "вы", "завершена пара № 701 (в срок)"),
        ("24.11.2026 12:00", "вы", "завершена пара № 700 (в срок)"),
    ]
    out = texts(await client.press(CURATOR, "Дальше"))
    assert "Страница 2 из 3" in out and len(entries(out)) == 10
    # A page past the end shows the last one; a negative one the first.
    out = texts(await client.callback(CURATOR, AuditCb(a="list", k="all", p=10**9).pack()))
    assert "Страница 3 из 3" in out and len(entries(out)) == 5
    out = texts(await client.callback(CURATOR, AuditCb(a="list", k="all", p=-5).pack()))
    assert "Страница 1 из 3" in out
    # The pairs filter: the two completions only.
    out = texts(await client.callback(CURATOR, AuditCb(a="list", k="pairs").pack()))
    assert "Показано: пары, встречи и обращения — 2 записи" in out and "Страница" not in out
    assert [e[2] for e in entries(out)] == ["завершена пара № 701 (в срок)", "завершена пара № 700 (в срок)"]
    out = texts(await client.callback(CURATOR, AuditCb(a="list", k="broadcasts").pack()))
    assert "Записей этого вида пока нет." in out
    # A filter that does not exist, an action that does not: an alert, no screen.
    for data in (AuditCb(a="list", k="secrets").pack(), AuditCb(a="drop").pack(), "aud:list:all:notanumber"):
        out = await client.callback(CURATOR, data)
        assert alerts(out) == ["Эта кнопка больше не работает."] and not entries(texts(out))
    # Someone who is not a curator gets nothing at all.
    stranger = Person(999, "Гость", "ru")
    assert entries(texts(await client.send(stranger, "/audit"))) == []
    assert entries(texts(await client.callback(stranger, AuditCb(a="list").pack()))) == []


async def test_names_colleagues_and_removed_participants(client: BotClient) -> None:
    world = await make_world(client)
    async with client.app.sessionmaker() as s:
        s.add(
            Staff(
                telegram_id=COLLEAGUE.id,
                organisation_id=world.organisation,
                role=StaffRole.CURATOR,
                full_name="Вера <Иванова>",
                added_by=CURATOR.id,
                added_at=NOW,
            )
        )
        gone = await s.get(Participant, world.paused)
        assert gone is not None
        gone.status, gone.user_id, gone.full_name = ParticipantStatus.WITHDRAWN, None, None
        await s.commit()
    await add_rows(client, world.programme, COLLEAGUE.id, 1, audit.PARTICIPANT_NOTE_ADD, object_id=world.free_mentee,
                   details={"source": "class_teacher"})  # fmt: skip
    await add_rows(client, world.programme, 55555, 1, audit.PARTICIPANT_PAUSE, object_id=world.paused)  # a former curator
    found = entries(texts(await client.send(CURATOR, "/audit")))
    note = f"добавлена заметка (источник: классный руководитель): {NAMES[3]} (№ {world.free_mentee})"
    link = f"создана личная ссылка-приглашение № {world.invite}: наставляемый, форма «учитель — учитель»"
    assert found == [
        ("23.11.2026 12:00", "бывший куратор (Telegram ID 55555)", "приостановлено участие: удалённый участник"),
        ("23.11.2026 12:00", "Вера &lt;Иванова&gt;", note),
        ("23.11.2026 12:00", "вы", link),
    ]


@contextmanager
def counting(client: BotClient) -> Iterator[list[str]]:
    statements: list[str] = []

    def before(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    engine = client.app.engine.sync_engine
    event.listen(engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before)


async def test_a_page_reads_names_set_based(client: BotClient) -> None:
    """The same number of statements for a page of one entry and a page of ten different people."""
    world = await make_world(client)
    await add_rows(client, world.programme, CURATOR.id, 1, object_id=world.free_mentee)
    await client.send(CURATOR, "/audit")
    with counting(client) as one:
        await client.callback(CURATOR, AuditCb(a="list", k="participants").pack())
    async with client.app.sessionmaker() as s:
        programme = await s.get(Programme, world.programme)
        assert programme is not None
        for n in range(12):
            person = await make_member(s, programme.id, 5000 + n, "mentee", name=f"Участник {n}")
            await audit.record(s, actor_telegram_id=CURATOR.id, actor_role=audit.CURATOR, action=audit.PARTICIPANT_PAUSE,
                               programme_id=programme.id, object_type="participant", object_id=person.id, now=NOW)  # fmt: skip
        await s.commit()
    with counting(client) as ten:
        out = await client.callback(CURATOR, AuditCb(a="list", k="participants").pack())
    assert len(entries(texts(out))) == 10
    assert len(ten) == len(one)


async def test_the_whole_log_as_xlsx(client: BotClient) -> None:
    world = await make_world(client)
    async with client.app.sessionmaker() as s:
        s.add(Staff(telegram_id=COLLEAGUE.id, organisation_id=world.organisation, role=StaffRole.CURATOR, full_name="Вера",
                    added_by=CURATOR.id, added_at=NOW))  # fmt: skip
        await s.commit()
    await add_rows(client, world.programme, COLLEAGUE.id, 1, object_id=world.free_mentee, start=NOW + timedelta(hours=1))
    await client.callback(CURATOR, CuratorPairCb(action="cmpr", pair=world.pair, v="on_time").pack())
    await client.send(CURATOR, "/audit")
    before = await last_id(client)
    out = await client.press(CURATOR, "Весь журнал")
    (doc,) = [r for r in out if isinstance(r, SendDocument)]
    assert isinstance(doc.document, BufferedInputFile)
    assert doc.document.filename == "Журнал действий 2026-11-23.xlsx"
    assert doc.caption == "Журнал действий школы: 3 записи. Участники названы номерами, без имён."
    book = load_workbook(io.BytesIO(doc.document.data))
    assert book.sheetnames == ["Журнал действий"]
    rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    assert rows == [
        ["№", "Дата и время", "Кто", "Роль", "Действие", "Код действия", "Объект", "Номер объекта"],
        [1, datetime(2026, 11, 23, 13, 0), "Вера", "куратор", f"приостановлено участие: участник № {world.free_mentee}",
         "participant.pause", "участник", world.free_mentee],
        [2, datetime(2026, 11, 23, 12, 0), "куратор (Telegram ID 100)", "куратор", f"завершена пара № {world.pair} (в срок)",
         "pair.complete", "пара", world.pair],
        [3, datetime(2026, 11, 23, 12, 0), "куратор (Telegram ID 100)", "куратор",
         f"создана личная ссылка-приглашение № {world.invite}: наставляемый, форма «учитель — учитель»",
         "invite.create", "ссылка-приглашение", world.invite],
    ]  # fmt: skip
    assert not any(name in str(rows) for name in NAMES)
    # The export itself is in the log.
    rows_now = await rows_after(client, before)
    assert [(r.action, r.object_type, r.object_id, r.details) for r in rows_now] == [
        (audit.REPORT_EXPORT, "organisation", world.organisation, {"report": "audit"})
    ]
    assert "выгружен отчёт: журнал действий (XLSX)" in texts(await client.send(CURATOR, "/audit"))


async def test_help_and_menu_name_audit(client: BotClient) -> None:
    out = texts(await client.send(CURATOR, "/help"))
    assert "/audit — журнал действий" in out


async def test_the_bot_s_own_purge_reads_as_the_bot(client: BotClient) -> None:
    """The retention purge (bot/services/retention.py) is recorded as the system's act, with counts only."""
    world = await make_world(client)
    async with client.app.sessionmaker() as s:
        await audit.record(
            s,
            actor_telegram_id=0,
            actor_role=audit.SYSTEM,
            action=audit.RETENTION_PURGE,
            programme_id=world.programme,
            object_type="programme",
            object_id=world.programme,
            details={"participants": 21, "retention_months": 12},
            now=NOW + timedelta(hours=1),
        )
        await s.commit()
    out = texts(await client.callback(CURATOR, AuditCb(a="list", k="participants").pack()))
    assert entries(out)[0] == (
        "23.11.2026 13:00",
        "бот",
        "срок хранения истёк (12 месяцев после окончания программы): удалены персональные данные 21 участника",
    )
