"""Memory benchmark: the bot's resident memory with 10,000 registered people and 500 dialogs under way.

Run from the repository root: `.venv/bin/python -m bench.memory`.

Each measurement runs in a fresh subprocess, so nothing of the parent (or of the data generation) is
counted:

1. `seed`: writes the school to a SQLite file with bulk Core inserts (bench/throughput.py's
   `seed_school`): 10,000 registered people (users, participants, consents, submitted intake
   questionnaires with their answers; 2,600 of them in 1,300 active pairs with meetings), of whom
   200 are mid-onboarding (consented, intake not done).
2. `full`: the bot as `python -m bot` builds it (`build_app` over that file, the dispatcher started
   over an in-process fake Bot API), then 500 people are put mid-dialog with real updates through the
   Dispatcher: the 200 onboarding people send /start and answer two questions (dialog state:
   the questionnaire), 300 people of the pairs press "yes, it took place" on a meeting (dialog state:
   waiting for a note); the five curators open /status. Then, after a garbage collection: the
   resident memory now (VmRSS in /proc/self/status) and at its peak (ru_maxrss).
3. `baseline`: the same interpreter, the same imports, the app built over an empty database and one
   /help from a stranger fed: what the code costs before any data.

Goal: under 200 MB resident with the data and the dialogs.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import itertools
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import Figure

REGISTERED = 10_000
DIALOGS_ONBOARDING, DIALOG_PAIRS = 200, 150  # 200 + 2 x 150 = 500 people mid-dialog
GOAL_MB = 200.0
ROOT = Path(__file__).resolve().parent.parent


def rss_mb() -> tuple[float, float]:
    """(VmRSS now, peak) in MB."""
    now = 0.0
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            now = int(line.split()[1]) / 1024
    return now, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def _seed(database_url: str, registered: int) -> dict[str, Any]:
    from bench.throughput import NOW, make_settings, seed_school
    from bot.app import build_app
    from bot.clock import FrozenClock
    from bot.services.programme import first_programme

    app = await build_app(make_settings(database_url, None), FrozenClock(NOW))
    try:
        async with app.sessionmaker() as session:
            programme = await first_programme(session)
            assert programme is not None
            pid = programme.id
        others = registered - DIALOGS_ONBOARDING - 2 * DIALOG_PAIRS
        school = await seed_school(app.engine, pid, onboarding=DIALOGS_ONBOARDING, pairs=DIALOG_PAIRS, others=others)
    finally:
        await app.close()
    return {"registered": school.registered, "onboarding": school.onboarding, "paired": school.paired}


async def _run_bot(database_url: str, school: dict[str, Any] | None, dialogs: int = 0) -> dict[str, Any]:
    """Builds the bot over the database, puts people mid-dialog, measures."""
    from sqlalchemy import func, select

    from bench.throughput import CURATORS, NOW, Curator, FastTelegram, Feeder, Onboarding, Paired, Pass, Person, make_settings
    from bot.app import build_app, create_bot
    from bot.clock import FrozenClock
    from db.models import FsmRecord, Participant
    from handlers.meetings import MeetCb

    imported = rss_mb()[0]
    settings = make_settings(database_url, None)
    app = await build_app(settings, FrozenClock(NOW))
    bot = create_bot(settings, session=FastTelegram())
    await app.dispatcher.emit_startup(bot=bot, **app.dispatcher.workflow_data)
    result = Pass("memory")
    feeder = Feeder(app.dispatcher, bot, result, 64, itertools.count(1))
    started = time.perf_counter()
    try:
        if school is None:
            stranger = Person(42, random.Random(0))
            await feeder.feed(stranger.text("/help", "stranger"), "stranger")
        else:
            rnd = random.Random(3)
            people: list[tuple[Person, int]] = [(Onboarding(tg, random.Random(rnd.random())), 3) for tg, _ in school["onboarding"]]
            for tg, pair, waiting in school["paired"]:
                person = Paired(tg, random.Random(rnd.random()), pair, waiting)
                person.plan.append(lambda p=person: p.press(MeetCb(action="yes", id=p.waiting.pop(0)).pack(), "check-in"))
                people.append((person, 1))
            people += [(Curator(tg, random.Random(rnd.random())), 1) for tg in CURATORS]
            if dialogs:  # quick: fewer people mid-dialog
                people = people[: dialogs // 2] + people[-dialogs // 2 :]

            async def one(person: Person, count: int) -> None:
                for _ in range(count):
                    update = person.next_update()
                    person.seen(await feeder.feed(update, person.kind))

            await asyncio.gather(*(one(p, n) for p, n in people))
        async with app.sessionmaker() as session:
            dialogs = int(await session.scalar(select(func.count()).select_from(FsmRecord).where(FsmRecord.state.is_not(None))) or 0)
            registered = int(await session.scalar(select(func.count()).select_from(Participant)) or 0)
        gc.collect()
        now, peak = rss_mb()
    finally:
        await bot.session.close()
        await app.close()
    return {"rss_mb": now, "peak_mb": peak, "imported_mb": imported, "dialogs": dialogs, "registered": registered,
            "updates": result.updates, "answered": result.answered, "seconds": time.perf_counter() - started}


def child(kind: str, database_url: str, school_file: str, dialogs: int = 0) -> None:
    # The same modules in every child, before anything is measured.
    import bench.throughput  # noqa: F401 - the bot, aiogram, SQLAlchemy, the handlers
    import bot.app  # noqa: F401

    if kind == "seed":
        school = asyncio.run(_seed(database_url, REGISTERED))
        Path(school_file).write_text(json.dumps(school))
        out: dict[str, Any] = {"registered": school["registered"]}
    elif kind == "full":
        out = asyncio.run(_run_bot(database_url, json.loads(Path(school_file).read_text()), dialogs))
    else:
        out = asyncio.run(_run_bot(database_url, None))
    print(json.dumps(out))


def spawn(kind: str, database_url: str, school_file: str, dialogs: int = 0) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, "-m", "bench.memory", "--child", kind, "--database-url", database_url, "--school", school_file,
         "--dialogs", str(dialogs)],
        check=False, cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"bench.memory child {kind} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


FLOOR_IMPORTS = "import aiogram, aiogram.types, sqlalchemy.ext.asyncio, aiosqlite"


def floor_mb(deferred: bool = False) -> float:
    """VmRSS of a fresh interpreter that has only imported the stack (aiogram with its Bot API types,
    SQLAlchemy's asyncio extension, aiosqlite): what any bot on this stack holds before its own code.
    `deferred`: the same imports after `bot.lazy_models.install()`, as this bot imports them (aiogram's
    models built on first use)."""
    first = "from bot.lazy_models import install\ninstall()\n" if deferred else ""
    code = f"{first}{FLOOR_IMPORTS}\nfrom bench.memory import rss_mb\nprint(rss_mb()[0])"
    proc = subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, capture_output=True, text=True, timeout=300)
    return float(proc.stdout.strip().splitlines()[-1])


def measure(dialogs: int = 0) -> tuple[dict[str, Any], dict[str, Any]]:
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as tmp:
        school_file = f"{tmp}/school.json"
        spawn("seed", f"sqlite+aiosqlite:///{tmp}/full.sqlite3", school_file)
        full = spawn("full", f"sqlite+aiosqlite:///{tmp}/full.sqlite3", school_file, dialogs)
        base = spawn("baseline", f"sqlite+aiosqlite:///{tmp}/empty.sqlite3", school_file)
    return full, base


def figures(quick: bool = False) -> list[Figure]:
    full, base = measure(100 if quick else 0)  # quick: 100 dialogs instead of 500
    return [
        Figure("memory", f"RSS, {full['registered']:,} people, {full['dialogs']} dialogs", full["rss_mb"], "MB", base["rss_mb"],
               f"< {GOAL_MB:.0f} MB", full["rss_mb"] < GOAL_MB),
        Figure("memory", "peak RSS (ru_maxrss), same run", full["peak_mb"], "MB", base["peak_mb"], f"< {GOAL_MB:.0f} MB",
               full["peak_mb"] < GOAL_MB),
        Figure("memory", "data and dialogs over the empty-database baseline, same run", full["rss_mb"] - base["rss_mb"], "MB"),
        Figure("memory", "floor: RSS after importing aiogram and SQLAlchemy only", floor_mb(), "MB", None,
               f"< {GOAL_MB:.0f} MB", None),
        Figure("memory", "the same imports, aiogram's models built on first use (as the bot does)", floor_mb(deferred=True), "MB"),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", choices=["seed", "full", "baseline"])
    parser.add_argument("--database-url", default="")
    parser.add_argument("--school", default="")
    parser.add_argument("--dialogs", type=int, default=0, help="people to put mid-dialog (0: all 500)")
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.database_url, args.school, args.dialogs)
        return 0
    full, base = measure(args.dialogs)
    print()
    print(f"memory: the bot on SQLite with {full['registered']:,} registered people and {full['dialogs']} dialogs under way "
          f"({full['answered']}/{full['updates']} updates answered in {full['seconds']:.1f} s); each column a fresh process")
    print(f"{'':34} {'RSS MB':>8} {'peak MB':>8} {'after imports':>14}")
    print(f"{'baseline: empty database':34} {base['rss_mb']:8.1f} {base['peak_mb']:8.1f} {base['imported_mb']:14.1f}")
    label = f"{full['registered']:,} people, {full['dialogs']} dialogs"
    print(f"{label:34} {full['rss_mb']:8.1f} {full['peak_mb']:8.1f} {full['imported_mb']:14.1f}")
    print(f"{'difference':34} {full['rss_mb'] - base['rss_mb']:8.1f} {full['peak_mb'] - base['peak_mb']:8.1f}")
    print(f"{'floor: ' + FLOOR_IMPORTS:34} {floor_mb():8.1f}")
    print(f"{'the same, models deferred (bot/lazy_models.py)':34} {floor_mb(deferred=True):8.1f}")
    print(f"goal: under {GOAL_MB:.0f} MB resident")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
