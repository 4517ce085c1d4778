"""Update throughput in-process, the polling path: a realistic mix of updates from 500 people through
the real Dispatcher, against a bare aiogram echo handler on the same harness in the same run.

Run from the repository root: `.venv/bin/python -m bench.throughput [--updates 10000] [--no-pg] [--profile]`
(the default is the issue's 10,000 updates a database: about five minutes each on a quiet 2-core machine).

The app is built as the tests build it (`bot.app.build_app`, `create_bot` over a fake Bot API session
that answers in-process: no HTTP), on SQLite in a temporary file and on PostgreSQL
(`--pg-url`, default postgresql+asyncpg://postgres@127.0.0.1:5432/test_hb, dropped and re-made; skipped
with a note when unreachable) with the dialog state in Redis (`--redis-url`, index 11, flushed) when
Redis answers. The school (bulk Core inserts, seeded): 200 people mid-onboarding (consent given, intake
questionnaire not done: 100 mentors, 100 mentees), 150 active pairs (300 people) each with two
accepted meetings in the past waiting for "Встреча состоялась?" and a history of held ones, 5 curators.

Each person is a small script that reads what the bot sent them and answers like a person would:
the onboarding people /start, then answer the question on screen (press an option, type a name, a
number, a text, press "Готово" after a multiple choice, submit on the review screen; the mentees go on
to the self-assessment), then use the participant commands; the people in pairs answer the check-ins
(yes/no, then skip the note or type one), run /pair, /meetings, /plan, /profile, press the menu
buttons those show (the plan, "Изменить ответ"), and propose a meeting (button, typed time, type,
format, no topic); the curators run /status, /participants, /pairs, /stuck, /roadmap and open a
/status drill-down. A person sends the next update after the bot answered the previous one.

Concurrency as `python -m bot` polls (`tasks_concurrency_limit=64`): at most 64 updates in the
Dispatcher at once (an asyncio.Semaphore), every person's updates in order. Every update has its
own update_id. The updates our run fed are recorded and replayed, the same way, to the baseline: a bare
`Dispatcher()` with one router whose message handler does `message.answer(text)` and callback handler
`callback.answer()`, over the same fake session.

Printed: updates/s for both and the ratio (goal: at least 0.5 of the bare rate), p50/p99 of one
update's handling (feed_update, from entering the Dispatcher to return; not the wait for a slot),
how many updates got an answer (a message, an edit, a callback answer), how many of those were
refusals (an alert such as "the button is stale"), and handler errors. `--profile` runs our SQLite
pass under cProfile and prints where the time goes.
"""

from __future__ import annotations

import argparse
import asyncio
import contextvars
import cProfile
import io
import itertools
import logging
import pstats
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import AsyncGenerator, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aiogram import Bot, Dispatcher, Router
from aiogram.client.session.base import BaseSession
from aiogram.filters.callback_data import CallbackData
from aiogram.methods import (
    AnswerCallbackQuery,
    EditMessageReplyMarkup,
    EditMessageText,
    GetMe,
    SendDocument,
    SendMessage,
    SendPhoto,
    TelegramMethod,
)
from aiogram.types import CallbackQuery, Chat, InlineKeyboardMarkup, Message, Update, User
from sqlalchemy import insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bench.common import Figure, StatementCounter, bulk, max_id, reset
from bot.app import App, build_app, create_bot
from bot.callbacks import AnswerCb
from bot.clock import FrozenClock
from bot.config import Settings
from bot.services.programme import first_programme
from db.engine import check_connection, create_engine, create_sessionmaker, is_sqlite
from db.models import (
    Answer,
    Consent,
    Meeting,
    MeetingCheckin,
    MeetingStatus,
    Pair,
    PairStatus,
    Participant,
    ParticipantStatus,
    ProcessedUpdate,
    QuestionnaireResponse,
    ResponseStatus,
)
from db.models import User as UserRow
from handlers.meetings import MeetCb
from questionnaires.engine import QUESTIONNAIRES, Question

TOKEN = "123456789:AAH-bench-token-for-the-fake-bot-api"
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # Monday 23 November 2026, 12:00 in Moscow
DATE = int(NOW.timestamp())
BOT_ID = 7000000001
BOT_JSON = {"id": BOT_ID, "is_bot": True, "first_name": "Bot", "username": "school_mentor_bench_bot"}
CURATORS = (100, 101, 102, 103, 104)
PG_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test_hb"
REDIS_URL = "redis://127.0.0.1:6379/11"
CONCURRENCY = 64  # as `python -m bot`: start_polling(tasks_concurrency_limit=64)
GOAL_RATIO = 0.5
UPDATES = 10_000  # per database, as the issue asks: 20 a person; about 5 minutes a database on a quiet 2-core machine
ONBOARDING, PAIRS = 200, 150  # 200 + 2 x 150 = 500 people, and the curators
TG_BASE = 5_000_000_000  # people's Telegram ids


# ---- the school ---------------------------------------------------------------------------------


@dataclass
class School:
    programme_id: int
    onboarding: list[tuple[int, str]] = field(default_factory=list)  # (telegram_id, role)
    # (telegram_id, pair_id, [meeting ids waiting for this side's check-in])
    paired: list[tuple[int, int, list[int]]] = field(default_factory=list)
    registered: int = 0  # people in the database


async def seed_school(
    engine: Any, programme_id: int, *, onboarding: int = ONBOARDING, pairs: int = PAIRS, others: int = 0, seed: int = 1
) -> School:
    """Writes the people with bulk Core inserts: `onboarding` people who consented and have not started
    their intake questionnaire, `pairs` active pairs with two meetings each waiting for the check-in,
    and `others` registered people (consent, submitted intake with answers; half of them in pairs)
    who only take up room."""
    rnd = random.Random(seed)
    school = School(programme_id)
    base_user, base_part = await max_id(engine, UserRow.id), await max_id(engine, Participant.id)
    base_resp, base_pair, base_meeting = (
        await max_id(engine, QuestionnaireResponse.id), await max_id(engine, Pair.id), await max_id(engine, Meeting.id),
    )
    users: list[dict[str, Any]] = []
    people: list[dict[str, Any]] = []
    consents: list[dict[str, Any]] = []
    responses: list[dict[str, Any]] = []
    answers: list[dict[str, Any]] = []
    counter = itertools.count(1)
    resp_ids = itertools.count(base_resp + 1)
    joined = NOW - timedelta(days=40)

    def person(role: str, status: ParticipantStatus) -> tuple[int, int]:
        n = next(counter)
        uid, pid, tg = base_user + n, base_part + n, TG_BASE + n
        created = joined + timedelta(minutes=n)
        users.append({"id": uid, "telegram_id": tg, "locale": None, "language_code": "ru", "created_at": created, "unreachable_at": None})
        people.append({"id": pid, "programme_id": programme_id, "user_id": uid, "invite_id": None, "role": role, "form": "teacher_teacher",
                       "status": status.value, "full_name": f"Участник {n}", "class_or_subject": None, "is_minor": False,
                       "created_at": created, "updated_at": created})
        consents.append({"participant_id": pid, "kind": "self", "text_version": "2026-11b", "text_sha256": None, "locale": "ru",
                         "given_at": created, "given_by_telegram_id": tg, "recorded_by_telegram_id": None})
        if status == ParticipantStatus.ACTIVE:
            intake(pid, role, created)
        return pid, tg

    def intake(pid: int, role: str, at: datetime) -> None:
        for name, period in [(f"{role}_intake", "")] + ([("self_assessment", "baseline")] if role == "mentee" else []):
            rid = next(resp_ids)
            responses.append({"id": rid, "participant_id": pid, "questionnaire": name, "period": period,
                              "status": ResponseStatus.SUBMITTED.value, "cursor": None, "started_at": at, "updated_at": at, "submitted_at": at})
            values: dict[str, Any] = (
                {"full_name": f"Участник {pid}", "experience_years": rnd.randint(0, 30), "meeting_format": "offline"}
                if name.endswith("intake") else {f"q{i}": rnd.randint(1, 10) for i in range(1, 6)}
            )
            if role == "mentor" and name.endswith("intake"):
                values["capacity"] = rnd.choice(["1", "2"])
            answers.extend({"response_id": rid, "question": k, "value": v, "answered_at": at} for k, v in values.items())

    for i in range(onboarding):
        role = "mentor" if i % 2 == 0 else "mentee"
        school.onboarding.append((person(role, ParticipantStatus.QUESTIONNAIRE)[1], role))
    pair_rows: list[dict[str, Any]] = []
    acting: list[tuple[int, int, int, int]] = []  # pair id, mentor (pid, tg), mentee (pid, tg) flattened below
    members: dict[int, tuple[tuple[int, int], tuple[int, int]]] = {}
    n_pairs = pairs + others // 4
    for k in range(n_pairs):
        mentor, mentee = person("mentor", ParticipantStatus.ACTIVE), person("mentee", ParticipantStatus.ACTIVE)
        pair_id = base_pair + k + 1
        created = joined + timedelta(days=5, minutes=k)
        pair_rows.append({"id": pair_id, "programme_id": programme_id, "mentor_id": mentor[0], "mentee_id": mentee[0],
                          "form": "teacher_teacher", "status": PairStatus.ACTIVE.value, "starts_on": created.date(),
                          "ends_on": date(2027, 5, 31), "rhythm_days": 14, "completed_at": None, "created_at": created, "updated_at": created})
        members[pair_id] = (mentor, mentee)
        if k < pairs:
            acting.append((pair_id, mentor[0], mentee[0], k))
    for _ in range(others - 2 * (others // 4)):
        person(rnd.choice(["mentor", "mentee"]), ParticipantStatus.ACTIVE)

    meetings: list[dict[str, Any]] = []
    checkins: list[dict[str, Any]] = []
    meeting_ids = itertools.count(base_meeting + 1)
    waiting: dict[int, list[int]] = {}
    for row in pair_rows:
        pair_id, (mentor, mentee) = row["id"], members[row["id"]]
        for weeks in (5, 3):  # held, both sides answered
            mid, at = next(meeting_ids), NOW - timedelta(weeks=weeks)
            meetings.append(_meeting(mid, pair_id, mentor[0], at, MeetingStatus.HELD))
            checkins += [{"meeting_id": mid, "participant_id": p, "answer": "yes", "note": None, "answered_at": at + timedelta(hours=2)}
                         for p in (mentor[0], mentee[0])]
        waiting[pair_id] = []
        for days in (8, 1):  # accepted, in the past, nobody has answered yet
            mid = next(meeting_ids)
            meetings.append(_meeting(mid, pair_id, mentor[0], NOW - timedelta(days=days, hours=2), MeetingStatus.ACCEPTED))
            waiting[pair_id].append(mid)
    for pair_id, _, _, _ in acting:
        mentor, mentee = members[pair_id]
        school.paired.append((mentor[1], pair_id, list(waiting[pair_id])))
        school.paired.append((mentee[1], pair_id, list(waiting[pair_id])))

    for table, rows in ((UserRow, users), (Participant, people), (Consent, consents), (QuestionnaireResponse, responses),
                        (Answer, answers), (Pair, pair_rows), (Meeting, meetings), (MeetingCheckin, checkins)):
        await bulk(engine, table, rows)
    if not is_sqlite(str(engine.url)):  # explicit ids: move the sequences past them
        async with engine.begin() as conn:
            for table_name in ("users", "participants", "questionnaire_responses", "pairs", "meetings"):
                await conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table_name}', 'id'), (SELECT max(id) FROM {table_name}))"))
    school.registered = len(people)
    return school


def _meeting(mid: int, pair_id: int, proposer: int, at: datetime, status: MeetingStatus) -> dict[str, Any]:
    agreed = at - timedelta(days=3)
    return {"id": mid, "pair_id": pair_id, "proposed_by_id": proposer, "starts_at": at, "kind": "regular", "format": "offline",
            "topic": None, "status": status.value, "curator_accepted_at": None, "created_at": agreed, "updated_at": agreed}


# ---- a fake Bot API, in-process ---------------------------------------------------------------

# The requests one update caused: feed() sets a list here, the session appends to it.
SINK: contextvars.ContextVar[list[TelegramMethod[Any]] | None] = contextvars.ContextVar("SINK", default=None)


class FastTelegram(BaseSession):
    """Answers like the Bot API with as little work as possible: a Message for sendMessage (built
    without validation), True for the rest. What each update caused goes to its SINK."""

    def __init__(self) -> None:
        super().__init__()
        self._ids = itertools.count(1000)
        self._chats: dict[int, Chat] = {}
        self._me = User(id=BOT_ID, is_bot=True, first_name="Bot", username=BOT_JSON["username"])
        self.requests = 0

    async def close(self) -> None:
        return None

    async def stream_content(self, url: str, headers: Any = None, timeout: int = 30, chunk_size: int = 65536,
                             raise_for_status: bool = True) -> AsyncGenerator[bytes, None]:
        yield b""

    async def make_request(self, bot: Bot, method: TelegramMethod[Any], timeout: int | None = None) -> Any:
        self.requests += 1
        sink = SINK.get()
        if sink is not None:
            sink.append(method)
        if isinstance(method, SendMessage | SendDocument | SendPhoto):
            chat_id = int(method.chat_id)
            chat = self._chats.get(chat_id) or self._chats.setdefault(chat_id, Chat(id=chat_id, type="private"))
            return Message.model_construct(message_id=next(self._ids), date=NOW, chat=chat, from_user=self._me,
                                           text=getattr(method, "text", None), reply_markup=method.reply_markup)
        if isinstance(method, GetMe):
            return self._me
        return True


def answered(requests: list[TelegramMethod[Any]]) -> bool:
    return any(isinstance(r, SendMessage | EditMessageText | EditMessageReplyMarkup | AnswerCallbackQuery | SendDocument | SendPhoto)
               for r in requests)


def refused(requests: list[TelegramMethod[Any]]) -> bool:
    """Only an alert (a stale or someone else's button): the update did nothing."""
    return len(requests) == 1 and isinstance(requests[0], AnswerCallbackQuery) and bool(requests[0].show_alert)


# ---- people -------------------------------------------------------------------------------------


def _questions() -> dict[str, Question]:
    found: dict[str, Question] = {}
    for qn in QUESTIONNAIRES.values():
        for q in qn.questions:
            found.setdefault(q.key, q)
    return found


QUESTIONS = _questions()
TEXTS = ("Хочу лучше вести уроки", "Методика и документы", "Учитель математики", "Разбор открытых уроков", "Иванова Анна Сергеевна")


def keyboard_of(requests: list[TelegramMethod[Any]]) -> list[str] | None:
    """The button data of the last message sent with an inline keyboard ([] for an empty one)."""
    for r in reversed(requests):
        if isinstance(r, SendMessage) and isinstance(r.reply_markup, InlineKeyboardMarkup):
            return [b.callback_data for row in r.reply_markup.inline_keyboard for b in row if b.callback_data]
    return None


def unpack(cls: type[CallbackData], data: str) -> Any:
    try:
        return cls.unpack(data)
    except (TypeError, ValueError):
        return None


class Person:
    """Makes a person's next update from what the bot last sent them."""

    def __init__(self, telegram_id: int, rnd: random.Random) -> None:
        self.id = telegram_id
        self.rnd = rnd
        self.kb: list[str] = []  # the buttons of the last message with a keyboard
        self.messages = itertools.count(1)
        self.kind = "?"  # what the last update was, for the table

    def user_json(self) -> dict[str, Any]:
        return {"id": self.id, "is_bot": False, "first_name": "Анна", "language_code": "ru"}

    def text(self, text: str, kind: str) -> dict[str, Any]:
        self.kind = kind
        message: dict[str, Any] = {"message_id": next(self.messages), "from": self.user_json(), "date": DATE,
                                   "chat": {"id": self.id, "type": "private", "first_name": "Анна"}, "text": text}
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        return {"message": message}

    def press(self, data: str, kind: str) -> dict[str, Any]:
        self.kind = kind
        return {"callback_query": {
            "id": f"{self.id}-{next(self.messages)}", "from": self.user_json(), "chat_instance": "ci", "data": data,
            "message": {"message_id": 900, "date": DATE, "chat": {"id": self.id, "type": "private", "first_name": "Анна"},
                        "from": BOT_JSON, "text": "…"},
        }}

    def seen(self, requests: list[TelegramMethod[Any]]) -> None:
        kb = keyboard_of(requests)
        if kb is not None:
            self.kb = kb

    def button(self, prefix: str) -> str | None:
        return next((b for b in self.kb if b.startswith(prefix)), None)

    def next_update(self) -> dict[str, Any]:
        raise NotImplementedError


class Onboarding(Person):
    """Consented, the intake questionnaire not started: /start, answer what is asked, then look around."""

    def __init__(self, telegram_id: int, rnd: random.Random) -> None:
        super().__init__(telegram_id, rnd)
        self.started = self.done = False
        self.pending: str | None = None  # "Готово" after a multiple choice
        self.typed_unknown = False
        self.after = itertools.cycle(["/profile", "/help", "/pair", "/meetings"])

    def seen(self, requests: list[TelegramMethod[Any]]) -> None:
        kb = keyboard_of(requests)
        if self.kind == "questionnaire: submit" and not any(b.startswith("qa:") for b in kb or []):
            self.done = True
        if kb is not None:
            self.kb = kb

    def next_update(self) -> dict[str, Any]:
        if not self.started:
            self.started = True
            return self.text("/start", "/start (resume onboarding)")
        if self.done:
            return self.text(next(self.after), "participant command")
        if self.pending:
            data, self.pending = self.pending, None
            return self.press(data, "questionnaire: button")
        answers = [cb for cb in (unpack(AnswerCb, b) for b in self.kb) if cb is not None]
        if any(cb.action == "submit" for cb in answers):
            return self.press(next(b for b in self.kb if unpack(AnswerCb, b) and unpack(AnswerCb, b).action == "submit"),
                              "questionnaire: submit")
        options = [b for b, cb in zip(self.kb, answers, strict=False) if cb.action == "opt"] if len(answers) == len(self.kb) else []
        if options:
            question = QUESTIONS.get(answers[0].q)
            if question is not None and question.type in ("multi", "rank"):
                self.pending = next((b for b in self.kb if b.startswith("qa:done:")), None)
            return self.press(self.rnd.choice(options), "questionnaire: button")
        key = next((cb.q for cb in answers if cb.q), "")
        question = QUESTIONS.get(key)
        if question is None or question.type == "text":
            return self.text(self.rnd.choice(TEXTS), "questionnaire: typed")
        if question.type == "number":
            low, high = question.min if question.min is not None else 0, question.max if question.max is not None else 10
            return self.text(str(self.rnd.randint(low, high)), "questionnaire: typed")
        if question.type == "date":
            return self.text("15.12.2026", "questionnaire: typed")
        return self.text(self.rnd.choice(TEXTS), "questionnaire: typed")


class Paired(Person):
    """In an active pair with meetings waiting for the check-in."""

    def __init__(self, telegram_id: int, rnd: random.Random, pair_id: int, waiting: list[int]) -> None:
        super().__init__(telegram_id, rnd)
        self.pair_id = pair_id
        self.waiting = list(waiting)
        self.plan: list[Callable[[], dict[str, Any]]] = []
        self.step = 0

    def next_update(self) -> dict[str, Any]:
        if self.plan:
            return self.plan.pop(0)()
        self.step += 1
        r = self.rnd.random()
        if self.waiting and r < 0.3:
            meeting = self.waiting.pop(0)
            answer = "yes" if self.rnd.random() < 0.85 else "no"
            if answer == "yes":
                self.plan.append(self._note)
            return self.press(MeetCb(action=answer, id=meeting).pack(), "check-in: did it take place?")
        if 0.3 <= r < 0.36:
            self.plan += [self._typed_when, self._kind, self._format, self._no_topic]
            return self.press(MeetCb(action="propose", id=self.pair_id).pack(), "meeting proposal (buttons and typed time)")
        command = self.rnd.choice(["/pair", "/meetings", "/plan", "/profile", "/pair", "/meetings"])
        if command in ("/pair", "/profile"):
            self.plan.append(self._menu_button)
        return self.text(command, "participant command")

    def _note(self) -> dict[str, Any]:
        skip = self.button("mt:nonote:")
        if skip and self.rnd.random() < 0.6:
            return self.press(skip, "check-in: note skipped / typed")
        return self.text("Обсудили план на месяц", "check-in: note skipped / typed")

    def _typed_when(self) -> dict[str, Any]:
        day = NOW + timedelta(days=self.rnd.randint(2, 20))
        return self.text(f"{day:%d.%m} {self.rnd.choice(['15:30', '16:00', '17:15'])}", "meeting proposal (buttons and typed time)")

    def _pick(self, prefix: str) -> dict[str, Any]:
        options = [b for b in self.kb if b.startswith(prefix)]
        return self.press(self.rnd.choice(options) if options else f"{prefix}x", "meeting proposal (buttons and typed time)")

    def _kind(self) -> dict[str, Any]:
        return self._pick("mt:kind:")

    def _format(self) -> dict[str, Any]:
        return self._pick("mt:fmt:")

    def _no_topic(self) -> dict[str, Any]:
        return self._pick("mt:notopic:")

    def _menu_button(self) -> dict[str, Any]:
        data = self.button("plf:plan:") or self.button("pf:")
        if data is None:
            return self.text("/help", "participant command")
        return self.press(data, "menu button (plan, change answers)")


class Curator(Person):
    COMMANDS = ("/status", "/participants", "/pairs", "/stuck", "/roadmap", "/status")

    def __init__(self, telegram_id: int, rnd: random.Random) -> None:
        super().__init__(telegram_id, rnd)
        self.step = 0

    def next_update(self) -> dict[str, Any]:
        self.step += 1
        if self.kind == "curator command" and self.rnd.random() < 0.3 and (data := self.button("sta:list:") or self.button("ppl:")):
            return self.press(data, "curator button (drill-down)")
        return self.text(self.COMMANDS[self.step % len(self.COMMANDS)], "curator command")


def make_people(school: School, seed: int = 2) -> list[Person]:
    rnd = random.Random(seed)
    people: list[Person] = [Onboarding(tg, random.Random(rnd.random())) for tg, _ in school.onboarding]
    people += [Paired(tg, random.Random(rnd.random()), pair, waiting) for tg, pair, waiting in school.paired]
    people += [Curator(tg, random.Random(rnd.random())) for tg in CURATORS]
    return people


# ---- the runs -----------------------------------------------------------------------------------


@dataclass
class Pass:
    name: str
    updates: int = 0
    wall: float = 0.0
    cpu: float = 0.0  # process CPU seconds (every thread: aiosqlite's too)
    times: list[float] = field(default_factory=list)
    people: int = 0
    answered: int = 0
    refused: int = 0
    errors: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    kind_answered: Counter[str] = field(default_factory=Counter)
    statements: int = 0  # SQL statements sent during the pass

    @property
    def rate(self) -> float:
        return self.updates / self.wall if self.wall else 0.0

    def pct(self, q: float) -> float:
        values = sorted(self.times)
        return values[min(len(values) - 1, round(q * (len(values) - 1)))] * 1000 if values else float("nan")


class ErrorCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.count = 0
        self.first: str | None = None

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
        if self.first is None:
            self.first = record.getMessage()[:300] + (f" ({record.exc_info[1]!r})" if record.exc_info else "")


class Feeder:
    """Feeds updates to a dispatcher with at most `concurrency` in it at once; times each one."""

    def __init__(self, dispatcher: Dispatcher, bot: Bot, result: Pass, concurrency: int, ids: itertools.count[int]) -> None:
        self.dispatcher, self.bot, self.result = dispatcher, bot, result
        self.slots = asyncio.Semaphore(concurrency)
        self.ids = ids

    async def feed(self, update: dict[str, Any], kind: str) -> list[TelegramMethod[Any]]:
        sink: list[TelegramMethod[Any]] = []
        async with self.slots:
            token = SINK.set(sink)
            try:
                event = Update.model_validate({**update, "update_id": next(self.ids)}, context={"bot": self.bot})
                started = time.perf_counter()
                await self.dispatcher.feed_update(self.bot, event)
                self.result.times.append(time.perf_counter() - started)
            finally:
                SINK.reset(token)
        r = self.result
        r.updates += 1
        r.kinds[kind] += 1
        if answered(sink):
            r.answered += 1
            r.kind_answered[kind] += 1
        if refused(sink):
            r.refused += 1
        return sink


async def drive(feeder: Feeder, people: list[Person], total: int) -> list[list[tuple[dict[str, Any], str]]]:
    """Every person sends their share of `total`, one after the other's answer; returns what each sent."""
    share, extra = divmod(total, len(people))
    feeder.result.people = len(people)
    sent: list[list[tuple[dict[str, Any], str]]] = [[] for _ in people]

    async def one(i: int, person: Person) -> None:
        for _ in range(share + (1 if i < extra else 0)):
            update = person.next_update()
            sent[i].append((update, person.kind))
            person.seen(await feeder.feed(update, person.kind))

    started, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(one(i, p) for i, p in enumerate(people)))
    feeder.result.wall, feeder.result.cpu = time.perf_counter() - started, time.process_time() - cpu
    return sent


async def replay(feeder: Feeder, sent: list[list[tuple[dict[str, Any], str]]]) -> None:
    async def one(updates: list[tuple[dict[str, Any], str]]) -> None:
        for update, kind in updates:
            await feeder.feed(update, kind)

    started, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(one(u) for u in sent))
    feeder.result.wall, feeder.result.cpu = time.perf_counter() - started, time.process_time() - cpu


def bare_dispatcher() -> Dispatcher:
    router = Router(name="echo")

    @router.message()
    async def echo(message: Message) -> None:
        await message.answer(message.text or "?")

    @router.callback_query()
    async def pressed(callback: CallbackQuery) -> None:
        await callback.answer()

    dp = Dispatcher()
    dp.include_router(router)
    return dp


def bare_db_dispatcher(sessionmaker: async_sessionmaker[AsyncSession], statements: int) -> Dispatcher:
    """The bare echo behind one transaction per update of `statements` statements on the bot's database:
    the update's mark in processed_updates (as ours), then indexed one-row reads of the person's `users`
    row, Core statements (no ORM objects), committed before the answer. What any bot that answers from
    its database pays for the same number of statements: the floor under ours."""
    dp = bare_dispatcher()

    async def transaction(handler: Any, event: Update, data: dict[str, Any]) -> Any:
        tg = data.get("event_from_user")
        async with sessionmaker() as session:
            await session.execute(insert(ProcessedUpdate).values(update_id=event.update_id + 10**12, processed_at=NOW))
            for _ in range(statements - 1):
                await session.execute(select(UserRow.id, UserRow.locale).where(UserRow.telegram_id == (tg.id if tg else 0)))
            await session.commit()
        return await handler(event, data)

    dp.update.outer_middleware(transaction)
    return dp


def make_settings(database_url: str, redis_url: str | None) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        bot_token=TOKEN,
        curator_ids=frozenset(CURATORS),
        database_url=database_url,
        redis_url=redis_url,
        school_name="МБОУ «Лицей № 1»",
        timezone="Europe/Moscow",
    )


async def start(settings: Settings) -> tuple[App, Bot, School]:
    app = await build_app(settings, FrozenClock(NOW))
    async with app.sessionmaker() as session:
        programme = await first_programme(session)
        assert programme is not None
        programme_id = programme.id
    school = await seed_school(app.engine, programme_id)
    bot = create_bot(settings, session=FastTelegram())
    await app.dispatcher.emit_startup(bot=bot, **app.dispatcher.workflow_data)
    return app, bot, school


async def measure(
    settings: Settings, label: str, total: int, concurrency: int, profile: bool = False
) -> tuple[Pass, Pass, Pass, str]:
    """Our app, then the bare echo over the same updates, then the bare echo behind a transaction of as
    many statements as ours averaged; and the profile of ours if asked."""
    errors = ErrorCounter()
    logging.getLogger().addHandler(errors)
    app, bot, school = await start(settings)
    ids = itertools.count(1)
    ours = Pass(f"ours, {label}")
    profiler = cProfile.Profile() if profile else None
    try:
        feeder = Feeder(app.dispatcher, bot, ours, concurrency, ids)
        # Warm-up outside the figures: every curator's first screens, so the first /status does not
        # carry the imports and caches of the first run.
        warm = Feeder(app.dispatcher, bot, Pass("warm-up"), concurrency, ids)
        for tg in CURATORS[:1]:
            await warm.feed(Curator(tg, random.Random(0)).text("/status", "warm-up"), "warm-up")
        if profiler:
            profiler.enable()
        with StatementCounter(app.engine) as counter:
            sent = await drive(feeder, make_people(school), total)
        ours.statements = counter.count
        if profiler:
            profiler.disable()
    finally:
        await bot.session.close()
        await app.close()
        logging.getLogger().removeHandler(errors)
    ours.errors = errors.count
    if errors.first:
        print(f"  first error ({label}): {errors.first}", file=sys.stderr)

    bare = Pass(f"bare echo, {label}")
    dp = bare_dispatcher()
    bare_bot = create_bot(settings, session=FastTelegram())
    await replay(Feeder(dp, bare_bot, Pass("warm-up"), concurrency, itertools.count(10**9)), [s[:1] for s in sent[:50]])
    await replay(Feeder(dp, bare_bot, bare, concurrency, itertools.count(1)), sent)

    bare_db = Pass(f"bare echo + database, {label}")
    engine = create_engine(settings.database_url)
    try:
        per_update = max(1, round(ours.statements / max(ours.updates, 1)))
        dp = bare_db_dispatcher(create_sessionmaker(engine), per_update)
        await replay(Feeder(dp, bare_bot, Pass("warm-up"), concurrency, itertools.count(10**9)), [s[:1] for s in sent[:50]])
        await replay(Feeder(dp, bare_bot, bare_db, concurrency, itertools.count(1)), sent)
    finally:
        await engine.dispose()
        await bare_bot.session.close()

    report = ""
    if profiler:
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("tottime").print_stats(25)
        stats.sort_stats("cumulative").print_stats(45)
        report = out.getvalue()
    return ours, bare, bare_db, report


async def reachable_pg(url: str) -> str | None:
    engine = create_engine(url)
    try:
        async with asyncio.timeout(5):
            await check_connection(engine)
        await reset(engine)
        return None
    except Exception as exc:  # noqa: BLE001 - any reason to skip is reported
        return f"{type(exc).__name__}: {exc}".splitlines()[0]
    finally:
        await engine.dispose()


async def reachable_redis(url: str) -> str | None:
    try:
        from redis.asyncio import Redis

        redis = Redis.from_url(url, socket_connect_timeout=3)
        try:
            await redis.flushdb()
        finally:
            await redis.aclose()
        return None
    except Exception as exc:  # noqa: BLE001
        return f"{type(exc).__name__}: {exc}".splitlines()[0]


Result = tuple[Pass, Pass, Pass]  # ours, the bare echo, the bare echo + database


async def run_all(
    total: int, concurrency: int, pg_url: str | None, redis_url: str | None, profile: bool
) -> tuple[list[Result], list[str], str]:
    results: list[Result] = []
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bench-throughput-") as tmp:
        ours, bare, bare_db, report = await measure(
            make_settings(f"sqlite+aiosqlite:///{tmp}/bot.sqlite3", None), "SQLite", total, concurrency, profile
        )
        results.append((ours, bare, bare_db))
    if pg_url:
        why = await reachable_pg(pg_url)
        if why:
            notes.append(f"PostgreSQL skipped: {pg_url} unreachable ({why})")
        else:
            redis = redis_url
            if redis_url and (why := await reachable_redis(redis_url)):
                notes.append(f"Redis {redis_url} unreachable ({why}): FSM in PostgreSQL")
                redis = None
            label = "PostgreSQL + Redis FSM" if redis else "PostgreSQL"
            ours, bare, bare_db, _ = await measure(make_settings(pg_url, redis), label, total, concurrency)
            results.append((ours, bare, bare_db))
    return results, notes, report


def to_figures(results: list[Result]) -> list[Figure]:
    figures: list[Figure] = []
    for ours, bare, bare_db in results:
        where = ours.name.split(", ", 1)[1]
        ratio = ours.rate / bare.rate if bare.rate else 0.0
        figures += [
            Figure("throughput", f"updates/s, {where}, 500 people's mix", ours.rate, "/s", bare.rate, f"≥ {GOAL_RATIO} × bare", ratio >= GOAL_RATIO),
            Figure("throughput", f"ratio to bare aiogram echo, {where}", ratio, "×", None, f"≥ {GOAL_RATIO}", ratio >= GOAL_RATIO),
            Figure("throughput", f"p50 handling, {where}", ours.pct(0.5), "ms", bare.pct(0.5)),
            Figure("throughput", f"p99 handling, {where}", ours.pct(0.99), "ms", bare.pct(0.99)),
            Figure("throughput", f"CPU per update, {where}", 1000 * ours.cpu / max(ours.updates, 1), "ms", 1000 * bare.cpu / max(bare.updates, 1)),
            Figure("throughput", f"updates answered, {where}", 100.0 * ours.answered / max(ours.updates, 1), "%", None, "100 %",
                   ours.answered == ours.updates),
            Figure("throughput", f"SQL statements per update, {where}", ours.statements / max(ours.updates, 1), ""),
            Figure("throughput", f"updates/s against the bare echo + a transaction of as many statements, {where}",
                   ours.rate, "/s", bare_db.rate),
        ]
    return figures


def figures(quick: bool = False) -> list[Figure]:
    total = 300 if quick else UPDATES
    results, notes, _ = asyncio.run(run_all(total, CONCURRENCY, PG_URL, REDIS_URL, False))
    for note in notes:
        print(f"throughput: {note}", file=sys.stderr)
    return to_figures(results)


def print_table(results: list[Result], notes: list[str], concurrency: int) -> None:
    print()
    n = results[0][0].updates
    print(f"throughput: {n:,} updates from {results[0][0].people:,} people ({ONBOARDING + 2 * PAIRS} + {len(CURATORS)} curators), "
          f"at most {concurrency} in the Dispatcher at once, each person's in order")
    print(f"{'':24} {'updates/s':>9} {'bare/s':>7} {'ratio':>6} {'p50 ms':>7} {'p99 ms':>7} {'bare p50':>8} {'bare p99':>8} "
          f"{'CPU ms/upd':>10} {'bare CPU':>8}  {'answered':>8} {'refused':>7} {'errors':>6}")
    for ours, bare, _ in results:
        where = ours.name.split(", ", 1)[1]
        ratio = ours.rate / bare.rate if bare.rate else 0.0
        print(f"{where:24} {ours.rate:9.1f} {bare.rate:7.0f} {ratio:6.3f} {ours.pct(0.5):7.1f} {ours.pct(0.99):7.1f} "
              f"{bare.pct(0.5):8.2f} {bare.pct(0.99):8.2f} {1000 * ours.cpu / ours.updates:10.2f} {1000 * bare.cpu / bare.updates:8.2f}  "
              f"{ours.answered:8,} {ours.refused:7,} {ours.errors:6,}")
    print(f"goal: ratio >= {GOAL_RATIO}; every update answered")
    print("\nagainst the bare echo behind one transaction of as many statements as ours averaged (Core, indexed reads)")
    print(f"{'':24} {'stmts/upd':>9} {'ours/s':>7} {'floor/s':>7} {'ratio':>6} {'CPU ms/upd':>10} {'floor CPU':>9}")
    for ours, _, bare_db in results:
        where = ours.name.split(", ", 1)[1]
        ratio = ours.rate / bare_db.rate if bare_db.rate else 0.0
        print(f"{where:24} {ours.statements / ours.updates:9.1f} {ours.rate:7.1f} {bare_db.rate:7.1f} {ratio:6.3f} "
              f"{1000 * ours.cpu / ours.updates:10.2f} {1000 * bare_db.cpu / bare_db.updates:9.2f}")
    ours = results[0][0]
    print("\nthe mix (first run): kind, updates, answered")
    for kind, count in ours.kinds.most_common():
        print(f"  {kind:44} {count:6,} {ours.kind_answered[kind]:6,}")
    for note in notes:
        print(f"note: {note}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=UPDATES, help="per database (default: the issue's 10,000; about 5 min each)")
    parser.add_argument("--concurrency", type=int, default=CONCURRENCY)
    parser.add_argument("--pg-url", default=PG_URL)
    parser.add_argument("--redis-url", default=REDIS_URL)
    parser.add_argument("--no-pg", action="store_true", help="SQLite only")
    parser.add_argument("--profile", action="store_true", help="cProfile our SQLite pass and print where the time goes")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    results, notes, report = asyncio.run(
        run_all(args.updates, args.concurrency, None if args.no_pg else args.pg_url, args.redis_url or None, args.profile)
    )
    print_table(results, notes, args.concurrency)
    if report:
        print(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
