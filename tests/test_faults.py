"""Faults around a running `python -m bot`, driven like Telegram drives it (getUpdates from a fake Bot
API over real HTTP, bench/fake_bot_api.py): after each, nothing lost, nothing twice, and the bot
answers again within seconds.

- SIGKILL during a questionnaire, the moment an answer is in Telegram's queue (never reached the bot:
  given again) with the previous answer stored and replied to but not confirmed (given again too: the
  update id is remembered and the repeat skipped).
- SIGKILL during a broadcast: everyone gets it, only messages in flight at the kill may go twice.
- SIGKILL during a migration (all revisions in one transaction): the database stays at its old
  revision with its data, the next start migrates it to head.
- SQLite locked by another writer for seconds; PostgreSQL unreachable for seconds (a TCP proxy cut):
  the updates that arrive meanwhile are answered afterwards, or get the "try again" text; the outbox
  sender resumes.
- The Bot API answering a handler's reply with 429, 5xx, a dropped connection or a timeout: the reply
  is sent again (bot/retry.py), once delivered; the outbox sender keeps its own retries (no_retry).

The kills (tests/test_delivery_faults.py kills a process in the middle of a long outbox) and the
in-process restart of a questionnaire (tests/test_restart.py) are not repeated here.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from aiogram.exceptions import TelegramBadRequest, TelegramNetworkError, TelegramRetryAfter, TelegramServerError
from aiogram.methods import GetUpdates, SendMessage
from aiohttp import web
from alembic.script import ScriptDirectory
from sqlalchemy import insert, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from bench.fake_bot_api import BOT_USER, FakeBotAPI
from bot.app import create_bot
from bot.config import Settings
from bot.i18n import L10n
from bot.retry import RetryMiddleware, no_retry
from bot.services.invites import create_invite
from bot.services.programme import ensure_programme, first_programme
from db.engine import create_engine, create_sessionmaker, is_sqlite
from db.migrate import alembic_config, downgrade, upgrade
from db.models import Answer, InviteKind, OutboxMessage, OutboxStatus, QuestionnaireResponse
from tests.conftest import PG_RUN_ONLY, SQLITE_RUN_ONLY, require_service
from tests.factories import make_member, make_pair
from tests.harness import CURATOR
from tests.test_delivery_faults import CONCURRENCY, BotProcess, bot_env, outbox_row

ROOT = Path(__file__).resolve().parent.parent
SCHOOL = "МБОУ «Лицей № 1»"
# Unique over the run, as Telegram's are: the bot skips an update id it has handled before.
UPDATE_IDS = itertools.count(880_000_001)
MESSAGE_IDS = itertools.count(1)
L10N = L10n(default="ru")
WAIT = 60.0  # for anything a process must do: generous, CI runs two suites side by side on two cores
START_WAIT = 150.0  # for a process to start polling: importing aiogram alone took 35 s on a loaded machine
ANSWER_WITHIN = 5.0  # seconds from a (re)started bot's first getUpdates, or a fault's end, to its answer


def ru(key: str, **args: Any) -> str:
    return L10N.get("ru", key, **args)


# ---- a Bot API that can hold a conversation -------------------------------------------------------------


class Telegram(FakeBotAPI):
    """The fake Bot API, plus what a conversation needs (each message's buttons, edits) and faults
    for one chat's next sendMessage calls (`faults[chat_id]`, used up in order): "429" (retry after
    1 s), "500", "drop" (the connection closed unanswered), "stall" (no answer for `stall_seconds`,
    then 502)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("limit", None)
        super().__init__(**kwargs)
        self.markups: dict[int, dict[str, Any]] = {}  # message_id -> reply_markup
        self.edits: list[tuple[int, int, str]] = []  # chat_id, message_id, text
        self.faults: dict[int, list[str]] = {}
        self.stall_seconds = 2.0

    def pending(self) -> set[int]:
        """Update ids still waiting for a getUpdates that confirms them."""
        return {int(u["update_id"]) for u in self._updates}

    def requeue(self, update: dict[str, Any]) -> None:
        """Gives an update again, in its place by id: as Telegram does when it did not hear it arrived."""
        self._updates = sorted([*self._updates, update], key=lambda u: int(u["update_id"]))
        self._new_update.set()

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info["method"].lower()
        if name in ("editmessagetext", "editmessagereplymarkup"):
            self.calls[request.match_info["method"]] += 1
            params = await self._params(request)
            chat_id, message_id = int(params.get("chat_id", 0)), int(params.get("message_id", 0))
            self.edits.append((chat_id, message_id, str(params.get("text", ""))))
            chat = {"id": chat_id, "type": "private", "first_name": "User"}
            return self._ok({"message_id": message_id, "date": int(time.time()), "chat": chat, "from": BOT_USER, "text": "…"})
        if name == "sendmessage" and self.faults:
            params = await self._params(request)  # aiohttp keeps the body: the fake reads it again
            chat_id, body, now = int(params.get("chat_id", 0)), str(params.get("text", "")), time.monotonic()
            fault = self.faults[chat_id].pop(0) if self.faults.get(chat_id) else None
            if fault is not None:
                self.calls[request.match_info["method"]] += 1
                if fault == "429":
                    response = self._refuse(chat_id, body, now, 429, "Too Many Requests: retry after 1", {"retry_after": 1})
                elif fault == "500":
                    response = self._refuse(chat_id, body, now, 500, "Internal Server Error")
                elif fault == "drop":
                    self._refuse(chat_id, body, now, 0, "connection closed")
                    assert request.transport is not None
                    request.transport.abort()
                    response = web.Response()  # never reaches the bot
                else:
                    await asyncio.sleep(self.stall_seconds)
                    response = self._refuse(chat_id, body, now, 502, "Bad Gateway")
                self._changed.set()
                return response
        return await super()._handle(request)

    def _send_message(self, params: dict[str, Any], via: str = "") -> web.Response:
        before = len(self.delivered)
        response = super()._send_message(params, via)
        markup = params.get("reply_markup")
        if len(self.delivered) > before and markup:
            self.markups[self.delivered[-1].message_id] = json.loads(markup) if isinstance(markup, str) else markup
        return response

    async def wait_for(self, predicate: Callable[[Telegram], bool], what: str, bot: BotProcess | None = None) -> float:
        """Waits until predicate holds; fails with the bot's log if it does not. Returns the time it held."""
        if not await self.wait_until(predicate, WAIT):
            log = f"\nbot log:\n{bot.tail(40)}" if bot is not None else ""
            pytest.fail(f"timed out waiting for {what}; {self.summary()}{log}")
        return time.monotonic()


class Chat:
    """One person writing to the bot in a private chat: the update JSON Telegram would send."""

    def __init__(self, api: Telegram, user_id: int, first_name: str = "Анна") -> None:
        self.api = api
        self.user = {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": "ru"}
        self.chat = {"id": user_id, "type": "private", "first_name": first_name}

    @property
    def id(self) -> int:
        return int(self.user["id"])

    def texts(self) -> list[str]:
        """What the bot sent this person, then the texts it edited its messages to."""
        return [d.text for d in self.api.to_chat(self.id)] + [t for c, _, t in self.api.edits if c == self.id]

    def count(self, part: str) -> int:
        return sum(part in t for t in self.texts())

    def send(self, body: str) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": next(MESSAGE_IDS), "from": self.user, "chat": self.chat, "date": int(time.time()), "text": body,
        }
        if body.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(body.split()[0])}]
        return self.push({"update_id": next(UPDATE_IDS), "message": message})

    def press(self, label: str) -> dict[str, Any]:
        """Presses the button whose text contains `label` on the newest message to this chat that has one."""
        for d in reversed(self.api.to_chat(self.id)):
            for row in self.api.markups.get(d.message_id, {}).get("inline_keyboard", []):
                for button in row:
                    if label in button["text"] and "callback_data" in button:
                        message = {"message_id": d.message_id, "date": int(time.time()), "chat": self.chat, "from": BOT_USER, "text": d.text}
                        query = {"id": str(next(MESSAGE_IDS)), "from": self.user, "chat_instance": "ci", "data": button["callback_data"], "message": message}
                        return self.push({"update_id": next(UPDATE_IDS), "callback_query": query})
        raise AssertionError(f"no button {label!r} in the messages to {self.id}: {self.texts()[-2:]}")

    def push(self, update: dict[str, Any]) -> dict[str, Any]:
        self.api.push_update(update)
        return update

    async def said(self, part: str, times: int = 1, bot: BotProcess | None = None) -> float:
        """Waits until the bot has sent this person `times` messages containing `part`."""
        return await self.api.wait_for(lambda _: self.count(part) >= times, f"{part!r} to {self.id}", bot)


# ---- the bot as a process, the database beside it ---------------------------------------------------


def process_env(settings: Settings, api: FakeBotAPI, **extra: str) -> dict[str, str]:
    env = bot_env(settings.database_url, api.url, **{"CURATOR_IDS": str(CURATOR.id), "SCHOOL_NAME": SCHOOL, **extra})
    if settings.redis_url:
        env["REDIS_URL"] = settings.redis_url
    return env


async def polling(api: Telegram, bot: BotProcess, since: int = 0) -> float:
    """Waits for the process's first getUpdates (more than `since` in all); the time it came."""

    def started(a: Telegram) -> bool:
        if bot.proc.poll() is not None:
            pytest.fail(f"the bot exited with {bot.proc.returncode}:\n{bot.tail()}")
        return a.calls["getUpdates"] > since

    if not await api.wait_until(started, START_WAIT):
        pytest.fail(f"the bot did not poll within {START_WAIT:.0f} s:\n{bot.tail()}")
    return time.monotonic()


def failed_updates(bot: BotProcess) -> list[str]:
    """The updates the bot's error handler caught (bot/errors.py): each one a person told "try again"."""
    return [line for line in bot.log.read_text(encoding="utf-8").splitlines() if "ERROR bot.errors" in line]


@asynccontextmanager
async def database(url: str, *, write: bool = False) -> AsyncIterator[AsyncEngine]:
    """The test's own engine beside the bot's; reading, it takes no write lock on SQLite."""
    engine = create_engine(url)
    try:
        yield engine if write else engine.execution_options(sqlite_begin="DEFERRED")
    finally:
        await engine.dispose()


async def answers_of(url: str, questionnaire: str) -> list[tuple[str, Any]]:
    async with database(url) as engine, engine.connect() as conn:
        query = (
            select(Answer.question, Answer.value)
            .join(QuestionnaireResponse, QuestionnaireResponse.id == Answer.response_id)
            .where(QuestionnaireResponse.questionnaire == questionnaire)
            .order_by(Answer.id)
        )
        return [(q, v) for q, v in (await conn.execute(query)).all()]


# ---- SIGKILL during a questionnaire ---------------------------------------------------------------------


@SQLITE_RUN_ONLY
async def test_kill_during_questionnaire_keeps_every_answer_once(settings: Settings, tmp_path: Path) -> None:
    """Killed the moment an answer is in Telegram's queue, the previous answer stored and replied to
    but its update not confirmed (the offset goes with the next getUpdates): the restarted bot gets
    both again, skips the one it handled and takes the other, once."""
    url = settings.database_url
    async with Telegram() as api:
        env = process_env(settings, api)
        teacher = Chat(api, 502, "Мария")
        first = BotProcess(tmp_path, "first", env)
        try:
            await polling(api, first)
            async with database(url, write=True) as engine, create_sessionmaker(engine)() as session:
                programme = await first_programme(session)
                assert programme is not None
                invite = await create_invite(
                    session, programme_id=programme.id, role="mentee", form="teacher_teacher", kind=InviteKind.PERSONAL,
                    created_by=CURATOR.id, now=datetime.now(UTC), full_name="Иванова Мария Петровна",
                )
                await session.commit()
            teacher.send(f"/start {invite.code}")
            await teacher.said("Согласие на обработку персональных данных", bot=first)
            teacher.press("Согласен")
            await teacher.said("Вопрос 1 из 8", bot=first)
            teacher.press("Учитель")
            await teacher.said("Вопрос 2 из 8", bot=first)
            handled = teacher.send("2")
            await teacher.said("Вопрос 3 из 8", bot=first)
            deadline = time.monotonic() + WAIT
            while ("experience_years", 2) not in await answers_of(url, "mentee_intake"):  # committed, not only replied
                assert time.monotonic() < deadline, first.tail()
                await asyncio.sleep(0.05)
            unseen = teacher.send("Математика")
        finally:
            first.kill()  # before the fake could even hand "Математика" over: the test holds the loop
        killed_at = time.monotonic()
        assert unseen["update_id"] in api.pending()
        assert ("subject", "Математика") not in await answers_of(url, "mentee_intake")
        if handled["update_id"] not in api.pending():
            api.requeue(handled)

        second = BotProcess(tmp_path, "second", env)
        try:
            started = await polling(api, second, since=api.calls["getUpdates"])
            answered = await teacher.said("Вопрос 4 из 8", bot=second)
            teacher.press("Методическое")
            teacher.press("Готово")
            await teacher.said("Вопрос 5 из 8", bot=second)
        finally:
            code = await asyncio.to_thread(second.stop)  # the fakes run in this loop: keep it turning
        assert code == 0, second.tail()
    for bot in (first, second):
        assert not failed_updates(bot), bot.tail()

    stored = await answers_of(url, "mentee_intake")
    assert stored == [("kind", "teacher"), ("experience_years", 2), ("subject", "Математика"), ("requests", ["methodical"])]
    # No question asked twice: the repeated "2" was not taken as the answer to the next question.
    asked = Counter(t.split("\n", 1)[0] for t in teacher.texts() if t.startswith("Вопрос "))
    assert asked == Counter({f"Вопрос {n} из 8": 1 for n in range(1, 6)}), asked
    assert not teacher.count(ru("qa-error-use-buttons"))
    print(
        f"\nquestionnaire: answered {answered - started:.2f} s after the restarted bot's first getUpdates "
        f"({answered - killed_at:.1f} s after the kill, Python's start-up included)"
    )
    assert answered - started < ANSWER_WITHIN


# ---- SIGKILL during a broadcast ------------------------------------------------------------------------


@PG_RUN_ONLY
async def test_kill_during_broadcast_everyone_gets_it(settings: Settings, tmp_path: Path) -> None:
    """150 participants at 30 messages a second; killed after about 40 arrived; the next process
    finishes, and the curator's next command is answered while it does."""
    url, n, body = settings.database_url, 150, "Собрание наставников в четверг в 15:00"
    recipients = {6_100_000 + i for i in range(n)}
    async with Telegram() as api:
        env = process_env(settings, api, SEND_RATE="30", SEND_LEASE_SECONDS="2")
        curator = Chat(api, CURATOR.id, "Ольга")
        first = BotProcess(tmp_path, "first", env)
        try:
            await polling(api, first)
            async with database(url, write=True) as engine, create_sessionmaker(engine)() as session:
                programme = await first_programme(session)
                assert programme is not None
                programme.settings = {"quiet_start": "00:00", "quiet_end": "00:00"}  # none: the test may run at night
                for chat_id in sorted(recipients):
                    await make_member(session, programme.id, chat_id, "mentee" if chat_id % 3 else "mentor")
                await session.commit()
            curator.send("/broadcast")
            await curator.said(ru("broadcast-audience-question"), bot=first)
            curator.press(ru("broadcast-audience-all"))
            await curator.said("Напишите текст сообщения", bot=first)
            curator.send(body)
            await curator.said(ru("broadcast-preview-title"), bot=first)
            curator.press(ru("broadcast-send"))
            await api.wait_for(lambda a: len({d.chat_id for d in a.delivered} & recipients) >= 40, "40 recipients", first)
        finally:
            first.kill()
        killed_at = time.monotonic()
        await asyncio.sleep(0.3)  # requests already in the server's socket buffers are still answered
        async with database(url) as engine, engine.connect() as conn:
            rows = (await conn.execute(select(OutboxMessage.chat_id, OutboxMessage.status).where(OutboxMessage.kind == "broadcast"))).all()
        assert {c for c, _ in rows} == recipients
        in_flight = {c for c, s in rows if s == OutboxStatus.SENDING}
        before = len(api.delivered)

        second = BotProcess(tmp_path, "second", env)
        try:
            started = await polling(api, second, since=api.calls["getUpdates"])
            replies = len(curator.texts())
            curator.send("/broadcasts")
            answered = await api.wait_for(lambda a: len(curator.texts()) > replies, "the curator's /broadcasts", second)
            await api.wait_for(lambda a: recipients <= {d.chat_id for d in a.delivered}, "everyone", second)
        finally:
            code = await asyncio.to_thread(second.stop)  # the fakes run in this loop: keep it turning
        assert code == 0, second.tail()
        for bot in (first, second):
            assert not failed_updates(bot), bot.tail()

    got = Counter(d.chat_id for d in api.delivered if body in d.text and d.chat_id != CURATOR.id)  # not the preview
    twice = {c for c, k in got.items() if k > 1}
    print(
        f"\nbroadcast: {before} delivered before the kill, {len(in_flight)} in flight, {len(twice)} twice; "
        f"the curator answered {answered - started:.2f} s after the restarted bot's first getUpdates"
    )
    assert set(got) == recipients and max(got.values()) <= 2
    assert twice <= in_flight and len(twice) <= CONCURRENCY
    assert all(api.to_chat(c)[-1].at > killed_at for c in twice)  # the second time by the new process
    assert answered - started < ANSWER_WITHIN


# ---- SIGKILL during a migration ------------------------------------------------------------------------

# Runs the upgrade to head and stops dead after the second revision is recorded (in the one open
# transaction), so that the kill lands in the middle of it every time.
MIGRATE_AND_HANG = """
import asyncio, os, sys, time
from sqlalchemy import event
from db.engine import create_engine
from db.migrate import upgrade

async def main():
    engine = create_engine(os.environ["DATABASE_URL"])
    versions = 0

    @event.listens_for(engine.sync_engine, "before_cursor_execute")
    def hang(conn, cursor, statement, parameters, context, executemany):
        nonlocal versions
        if statement.lstrip().upper().startswith("UPDATE ALEMBIC_VERSION"):
            versions += 1
            if versions == 2:
                print("in the middle", flush=True)
                time.sleep(120)

    await upgrade(engine)
    print("finished", flush=True)

asyncio.run(main())
"""

KEPT_TABLES = ("organisations", "programmes", "users", "participants", "invites", "questionnaire_responses", "answers", "pairs")


async def columns_of(engine: AsyncEngine) -> dict[str, list[str]]:
    async with engine.connect() as conn:
        return await conn.run_sync(lambda sync: {t: [c["name"] for c in inspect(sync).get_columns(t)] for t in KEPT_TABLES})


async def snapshot(engine: AsyncEngine, columns: dict[str, list[str]]) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the tables a migration must keep, in the columns they had at the old revision."""
    async with engine.connect() as conn:
        out = {}
        for table, names in columns.items():
            listed = ", ".join(f'"{n}"' for n in names)
            out[table] = [tuple(r) for r in (await conn.execute(text(f'SELECT {listed} FROM "{table}" ORDER BY 1'))).all()]
        return out


async def revision(engine: AsyncEngine) -> str | None:
    async with engine.connect() as conn:
        return await conn.scalar(text("SELECT version_num FROM alembic_version"))


@SQLITE_RUN_ONLY
async def test_kill_during_migration_leaves_the_old_revision_then_start_migrates(settings: Settings, tmp_path: Path) -> None:
    url = settings.database_url
    now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    engine = create_engine(url)
    try:
        await upgrade(engine)
        async with create_sessionmaker(engine)() as session:
            programme = await ensure_programme(session, SCHOOL, "Europe/Moscow", now)
            members = [
                await make_member(session, programme.id, 6_200_000 + i, "mentor" if i < 2 else "mentee", answers={"goal": f"цель {i}"})
                for i in range(6)
            ]
            await make_pair(session, members[0], members[2])
            await make_pair(session, members[1], members[3])
            await create_invite(
                session, programme_id=programme.id, role="mentee", form="teacher_teacher", kind=InviteKind.GROUP, max_uses=30,
                created_by=CURATOR.id, now=now,
            )
            await session.commit()
        await downgrade(engine, "0005")
        columns = await columns_of(engine)
        old = await snapshot(engine, columns)
        assert sum(map(len, old.values())) > 20 and len(old["answers"]) == 6

        env = {k: v for k, v in os.environ.items() if k.upper() not in {f.upper() for f in Settings.model_fields}}
        env.update(PYTHONPATH=str(ROOT), DATABASE_URL=url)
        migration = await asyncio.create_subprocess_exec(
            sys.executable, "-c", MIGRATE_AND_HANG, cwd=tmp_path, env=env, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )
        assert migration.stdout is not None
        try:
            line = await asyncio.wait_for(migration.stdout.readline(), WAIT)
        finally:
            with contextlib.suppress(ProcessLookupError):
                migration.kill()  # SIGKILL
            rest = await migration.stdout.read()
            await migration.wait()
        assert line.decode().strip() == "in the middle", (line + rest).decode(errors="replace")
        assert await revision(engine) == "0005"
        assert await snapshot(engine, columns) == old

        async with Telegram() as api:
            member = Chat(api, 6_200_002)
            bot = BotProcess(tmp_path, "bot", process_env(settings, api))
            try:
                started = await polling(api, bot)
                member.send("/pair")
                answered = await api.wait_for(lambda a: bool(member.texts()), "an answer to /pair", bot)
            finally:
                code = await asyncio.to_thread(bot.stop)  # the fakes run in this loop: keep it turning
            assert code == 0, bot.tail()
            assert not failed_updates(bot), bot.tail()
        head = ScriptDirectory.from_config(alembic_config()).get_current_head()
        assert await revision(engine) == head
        assert await snapshot(engine, columns) == old
    finally:
        await engine.dispose()
    print(f"\nmigration: killed in the middle, still at 0005; the next start migrated to {head} and answered in {answered - started:.2f} s")
    assert answered - started < ANSWER_WITHIN


# ---- the database locked, or away for seconds ---------------------------------------------------------


async def test_sqlite_locked_for_seconds_then_everything_answered(settings: Settings, tmp_path: Path) -> None:
    """Another process holds SQLite's write lock (BEGIN IMMEDIATE) for 3 s while people write: the
    bot waits for it (busy_timeout) and answers each once, right after it goes."""
    if not is_sqlite(settings.database_url):
        pytest.skip("SQLite's lock; the PostgreSQL run has the outage test")
    path = make_url(settings.database_url).database
    assert path
    api = Telegram()
    people = [Chat(api, 6_300_000 + i) for i in range(4)]
    async with api:
        bot = BotProcess(tmp_path, "bot", process_env(settings, api))
        try:
            await polling(api, bot)
            people[0].send("/start")
            await people[0].said(ru("start-no-invite").split("\n")[0], bot=bot)

            holder = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
            try:
                await asyncio.to_thread(holder.execute, "BEGIN IMMEDIATE")
                locked_at = time.monotonic()
                for person in people[1:]:
                    person.send("/start")
                await asyncio.sleep(3)  # the fault's length, not a check: the bot cannot write meanwhile
                holder.execute("COMMIT")
                released_at = time.monotonic()
            finally:
                holder.close()
            for person in people[1:]:
                await person.said(ru("start-no-invite").split("\n")[0], bot=bot)
        finally:
            code = await asyncio.to_thread(bot.stop)  # the fakes run in this loop: keep it turning
        assert code == 0, bot.tail()
        log = bot.log.read_text(encoding="utf-8")
    assert not failed_updates(bot) and "database is locked" not in log, log[-3000:]
    late = [d for p in people[1:] for d in api.to_chat(p.id)]
    assert [len(api.to_chat(p.id)) for p in people] == [1, 1, 1, 1]
    assert all(d.at > released_at - 0.05 for d in late), "answered while the database was locked"
    slowest = max(d.at for d in late) - released_at
    print(f"\nSQLite locked for {released_at - locked_at:.1f} s: {len(late)} answers, the last {slowest:.2f} s after the lock went")
    assert slowest < ANSWER_WITHIN


class Proxy:
    """A TCP proxy in front of PostgreSQL that the test can cut (connections dropped, new ones refused)."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.port = 0
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._client, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def cut(self) -> None:
        assert self._server is not None
        self._server.close()
        for writer in list(self._writers):
            writer.transport.abort()
        self._writers.clear()
        await self._server.wait_closed()
        self._server = None

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.transport.abort()
            return
        self._writers |= {writer, up_writer}

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            with contextlib.suppress(OSError, asyncio.IncompleteReadError):
                while data := await src.read(65536):
                    dst.write(data)
                    await dst.drain()
            dst.transport.abort()
            self._writers.discard(dst)

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))


async def test_postgres_away_for_seconds_then_answers_and_sends_again(settings: Settings, tmp_path: Path) -> None:
    """The connection to PostgreSQL cut for 3 s: what people write meanwhile gets the "try again"
    text (nothing is silently dropped), the next messages are answered at once, and the outbox
    rows queued during the cut are delivered once after it."""
    url = make_url(require_service("postgres"))
    assert url.host and settings.database_url == require_service("postgres")
    proxy = Proxy(url.host, url.port or 5432)
    await proxy.start()
    proxied = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    api = Telegram()
    people = [Chat(api, 6_400_000 + i) for i in range(3)]
    welcome, sorry = ru("start-no-invite").split("\n")[0], ru("error-generic")
    try:
        async with api, database(settings.database_url, write=True) as engine:
            bot = BotProcess(tmp_path, "bot", process_env(settings.model_copy(update={"database_url": proxied}), api))
            try:
                await polling(api, bot)
                people[0].send("/start")
                await people[0].said(welcome, bot=bot)

                await proxy.cut()
                cut_at = time.monotonic()
                for person in people:
                    person.send("/start")
                queued = datetime.now(UTC)
                async with engine.begin() as conn:
                    await conn.execute(insert(OutboxMessage), [outbox_row(f"cut:{p.id}", p.id, queued) for p in people])
                for person in people:  # each told to try again, or answered: never silence
                    await api.wait_for(lambda _, p=person: p.count(sorry) + p.count(welcome) >= (2 if p is people[0] else 1), "an answer in the cut", bot)
                await asyncio.sleep(max(0.0, 3 - (time.monotonic() - cut_at)))  # the rest of the outage
                await proxy.start()
                restored_at = time.monotonic()

                for person in people:
                    person.send("/start")
                for person in people:
                    await api.wait_for(lambda _, p=person: p.count(welcome) + p.count(sorry) >= (3 if p is people[0] else 2), "answers after the cut", bot)
                answered = time.monotonic()
                await api.wait_for(lambda a: all(a.texts()[f"message cut:{p.id}"] for p in people), "the outbox after the cut", bot)
                delivered = time.monotonic()
            finally:
                code = await asyncio.to_thread(bot.stop)  # the fakes run in this loop: keep it turning
            assert code == 0, bot.tail()
            async with engine.connect() as conn:
                statuses = dict((await conn.execute(select(OutboxMessage.key, OutboxMessage.status).where(OutboxMessage.key.like("cut:%")))).all())
    finally:
        await proxy.cut()
    replies = [d for p in people for d in api.to_chat(p.id) if not d.text.startswith("message cut:")]
    after = [d for d in replies if d.at > restored_at]
    during = [d for d in replies if cut_at < d.at <= restored_at]
    print(
        f"\nPostgreSQL cut for {restored_at - cut_at:.1f} s: {len(during)} answer(s) during it "
        f"({sum(sorry in d.text for d in during)} 'try again'); answered {answered - restored_at:.2f} s and the outbox "
        f"delivered {delivered - restored_at:.2f} s after it came back"
    )
    assert all(welcome in d.text for d in after), [d.text for d in after]  # no error once it is back
    assert set(statuses.values()) == {OutboxStatus.SENT}
    assert all(api.texts()[f"message cut:{p.id}"] == 1 for p in people)
    assert answered - restored_at < ANSWER_WITHIN and delivered - restored_at < 10


# ---- the Bot API failing a handler's reply ----------------------------------------------------------


@PG_RUN_ONLY
async def test_handler_reply_survives_429_5xx_and_dropped_connections(settings: Settings, tmp_path: Path) -> None:
    """Each person's /start meets one kind of fault, twice, on the reply; each gets it exactly once."""
    welcome = ru("start-no-invite").split("\n")[0]
    faults = {"429": 1.9, "500": 1.9, "drop": 1.9}  # the least a reply can take: 2 x retry_after 1 s; 0.5 + 1.5 s
    async with Telegram() as api:
        bot = BotProcess(tmp_path, "bot", process_env(settings, api))
        try:
            await polling(api, bot)
            took = {}
            for i, fault in enumerate(faults):
                person = Chat(api, 6_500_000 + i)
                api.faults[person.id] = [fault, fault]
                asked = time.monotonic()
                person.send("/start")
                took[fault] = await person.said(welcome, bot=bot) - asked
                assert api.faults[person.id] == [] and [d.text for d in api.to_chat(person.id)] == [ru("start-no-invite")]
        finally:
            code = await asyncio.to_thread(bot.stop)  # the fakes run in this loop: keep it turning
        assert code == 0, bot.tail()
    print("\nreplies after two faults each: " + ", ".join(f"{fault} {seconds:.2f} s" for fault, seconds in took.items()))
    assert api.answers[429] == api.answers[500] == api.answers[0] == 2
    assert all(faults[f] <= took[f] < faults[f] + ANSWER_WITHIN for f in faults)


async def test_handler_reply_survives_a_timeout(settings: Settings) -> None:
    """The production Bot (create_bot: AiohttpSession and the retry middleware) against a Bot API
    that does not answer within the request timeout: sent again, delivered once."""
    async with Telegram() as api:
        bot = create_bot(settings.model_copy(update={"telegram_api_url": api.url}))
        bot.session.timeout = 1.0
        api.faults[6_600_000], api.stall_seconds = ["stall"], 2.0
        try:
            started = time.monotonic()
            message = await bot.send_message(6_600_000, "Вопрос 1 из 8")
            took = time.monotonic() - started
            with no_retry():  # the outbox sender's requests: one attempt, its own queue retries
                api.faults[6_600_001] = ["500"]
                with pytest.raises(TelegramServerError):
                    await bot.send_message(6_600_001, "из очереди")
        finally:
            await bot.session.close()
    assert [d.text for d in api.to_chat(6_600_000)] == ["Вопрос 1 из 8"] and message.message_id == api.delivered[0].message_id
    assert 1.0 <= took < 5 and api.calls["sendMessage"] == 3 and not api.to_chat(6_600_001)


# ---- the retry policy itself ---------------------------------------------------------------------------


class Script:
    """make_request for the middleware: raises the given errors in turn, then answers "ok"."""

    def __init__(self, *errors: Exception) -> None:
        self.errors = list(errors)
        self.calls = 0

    async def __call__(self, bot: Any, method: Any) -> str:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return "ok"


def middleware() -> tuple[RetryMiddleware, list[float]]:
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    return RetryMiddleware(flood_retries=3, max_retry_after=30, error_delays=(0.5, 1.5), sleep=sleep), slept


SEND = SendMessage(chat_id=1, text="x")


def flood(seconds: int) -> TelegramRetryAfter:
    return TelegramRetryAfter(method=SEND, message="Too Many Requests", retry_after=seconds)


def server_error() -> TelegramServerError:
    return TelegramServerError(method=SEND, message="Bad Gateway")


def network_error() -> TelegramNetworkError:
    return TelegramNetworkError(method=SEND, message="Request timeout error")


@pytest.mark.parametrize(
    ("errors", "result", "delays"),
    [
        ([], "ok", []),
        ([flood(3), flood(1)], "ok", [3.0, 1.0]),
        ([flood(1)] * 3, "ok", [1.0] * 3),
        ([flood(1)] * 4, TelegramRetryAfter, [1.0] * 3),  # up to three waits
        ([flood(120)], TelegramRetryAfter, []),  # longer than anyone waits for a reply
        ([server_error(), network_error()], "ok", [0.5, 1.5]),
        ([server_error()] * 3, TelegramServerError, [0.5, 1.5]),
        ([network_error(), flood(2), server_error()], "ok", [0.5, 2.0, 1.5]),  # floods counted apart
        ([TelegramBadRequest(method=SEND, message="Bad Request: message is too long")], TelegramBadRequest, []),
    ],
)
async def test_retry_policy(errors: list[Exception], result: Any, delays: list[float]) -> None:
    retry, slept = middleware()
    script = Script(*errors)
    if isinstance(result, str):
        assert await retry(script, None, SEND) == result  # type: ignore[arg-type]
    else:
        with pytest.raises(result):
            await retry(script, None, SEND)  # type: ignore[arg-type]
    assert slept == delays
    assert script.calls == len(delays) + 1


async def test_no_retry_for_the_sender_and_for_polling() -> None:
    retry, slept = middleware()
    for method, scope in ((SEND, no_retry), (GetUpdates(), contextlib.nullcontext)):
        script = Script(server_error(), server_error())
        with scope(), pytest.raises(TelegramServerError):
            await retry(script, None, method)  # type: ignore[arg-type]
        assert script.calls == 1

    async def in_a_task() -> str:
        return await retry(Script(server_error()), None, SEND)  # type: ignore[arg-type]

    with no_retry(), pytest.raises(TelegramServerError):  # a task started inside inherits it
        await asyncio.create_task(in_a_task())
    assert await asyncio.create_task(in_a_task()) == "ok"  # and outside it retries again
    assert slept == [0.5]
