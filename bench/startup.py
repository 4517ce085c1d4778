"""Start-up benchmark: from launching `python -m bot` to the first answered update.

Run from the repository root: `.venv/bin/python -m bench.startup [--runs 3]`.

A fake Bot API (bench/fake_bot_api.py) runs in this process's event loop with a /start from a
stranger already queued for getUpdates, as Telegram holds the updates that came while the bot was
down. The clock starts when `python -m bot` is launched (polling, SQLite in a temporary directory,
TELEGRAM_API_URL pointing at the fake) and stops when the fake receives the bot's sendMessage to
that chat. Then the bot is stopped with SIGTERM.

- cold: a new database each time (its schema created at head, the school and its roadmap),
- warm: the database of the cold runs (at head: nothing to migrate),

the median of `--runs` starts each. Baseline, in the same run: the median time of
`python -c "import aiogram, sqlalchemy"`, where any aiogram + SQLAlchemy bot starts from (this bot
builds aiogram's models on first use instead: bot/lazy_models.py).

The repository's modules are compiled to bytecode first, as a deployed bot has them after its first
start (`python -m bot` writes them; `pip install` does it for a package): a machine that sets
PYTHONDONTWRITEBYTECODE, like this one, would otherwise compile the bot's 150 modules at every launch.
Goal: under 2 s on SQLite.
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import contextlib
import os
import resource
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import Figure
from bench.fake_bot_api import FakeBotAPI

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "123456789:AAH-bench-token-for-the-fake-bot-api"
GOAL_S = 2.0
STRANGER = 4_200_000_000
PACKAGES = ("bot", "handlers", "db", "scheduler", "questionnaires")
TIMEOUT_S = 180.0  # a loaded machine: the imports alone can take half a minute


def bot_env(database_url: str, api_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS_", "WEBHOOK_", "CURATOR_", "COORDINATOR_"))}
    env.update({
        "BOT_TOKEN": TOKEN,
        "DATABASE_URL": database_url,
        "TELEGRAM_API_URL": api_url,
        "SCHOOL_NAME": "МБОУ «Лицей № 1»",
        "PYTHONPATH": str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else ""),
    })
    return env


def cpu_of(pid: int) -> float:
    """CPU seconds (user + system) a running process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def one_start(database_url: str, workdir: str, update_id: int) -> tuple[float, float]:
    """Seconds from launching the bot to its answer to a queued /start, and the CPU seconds the bot
    used until then; the bot is stopped after."""
    chat = STRANGER + update_id
    async with FakeBotAPI(limit=None, max_poll_wait=0.5) as api:
        api.push_update({
            "update_id": update_id,
            "message": {"message_id": 1, "date": int(time.time()), "text": "/start",
                        "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
                        "from": {"id": chat, "is_bot": False, "first_name": "Гость", "language_code": "ru"},
                        "chat": {"id": chat, "type": "private", "first_name": "Гость"}},
        })
        started = time.perf_counter()
        # cwd: an empty directory, so no .env of the checkout is read.
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", cwd=workdir, env=bot_env(database_url, api.url),
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
        )
        try:
            answered = await api.wait_until(lambda a: bool(a.to_chat(chat)) or proc.returncode is not None, TIMEOUT_S)
            elapsed = time.perf_counter() - started
            cpu = cpu_of(proc.pid) if proc.returncode is None else float("nan")
            if not answered or not api.to_chat(chat):
                stderr = b""
                if proc.returncode is not None and proc.stderr is not None:
                    stderr = await proc.stderr.read()
                raise RuntimeError(f"no answer from `python -m bot` in {TIMEOUT_S:.0f} s (exit {proc.returncode}): {stderr.decode()[-2000:]}")
        finally:
            if proc.returncode is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    await asyncio.wait_for(proc.wait(), 15)
                except TimeoutError:
                    proc.kill()
                    await proc.wait()
            if proc.stderr is not None:
                with contextlib.suppress(Exception):
                    await proc.stderr.read()
    return elapsed, cpu


async def import_floor(deferred: bool = False) -> tuple[float, float]:
    """`python -c "import aiogram, sqlalchemy"`; `deferred`: with `import bot` first, so aiogram's
    models are built on first use as in the bot (bot/lazy_models.py)."""
    code = ("import bot; " if deferred else "") + "import aiogram, sqlalchemy"
    started, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = await asyncio.create_subprocess_exec(sys.executable, "-c", code, cwd=ROOT)
    if await proc.wait() != 0:
        raise RuntimeError(f"python -c {code!r} failed")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.perf_counter() - started, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


async def measure(runs: int) -> dict[str, list[tuple[float, float]]]:
    """(wall, CPU) seconds of each start, by kind."""
    times: dict[str, list[tuple[float, float]]] = {"cold": [], "warm": [], "floor": [], "deferred": []}
    for package in PACKAGES:
        compileall.compile_dir(ROOT / package, quiet=1)
    ids = iter(range(1, 1000))
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        for n in range(runs):
            times["floor"].append(await import_floor())
            times["deferred"].append(await import_floor(deferred=True))
            workdir = Path(tmp, f"cold{n}")
            workdir.mkdir()
            times["cold"].append(await one_start(f"sqlite+aiosqlite:///{workdir}/bot.sqlite3", str(workdir), next(ids)))
        warm = Path(tmp, "cold0")  # migrated and used once: as after a restart
        for _ in range(runs):
            times["warm"].append(await one_start(f"sqlite+aiosqlite:///{warm}/bot.sqlite3", str(warm), next(ids)))
    return times


def median(values: list[tuple[float, float]], i: int) -> float:
    return statistics.median(v[i] for v in values)


def figures(quick: bool = False) -> list[Figure]:
    times = asyncio.run(measure(1 if quick else 3))
    floor, floor_cpu = median(times["floor"], 0), median(times["floor"], 1)
    out = []
    for kind in ("cold", "warm"):
        wall, cpu = median(times[kind], 0), median(times[kind], 1)
        out += [
            Figure("startup", f"launch to first answer, SQLite, {kind} (median of {len(times[kind])})", wall, "s", floor,
                   f"< {GOAL_S:.0f} s", wall < GOAL_S),
            Figure("startup", f"CPU used until the first answer, {kind}", cpu, "s", floor_cpu),
        ]
    out.append(Figure("startup", "import aiogram and SQLAlchemy, models built on first use (as the bot does)",
                      median(times["deferred"], 0), "s", floor))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    times = asyncio.run(measure(args.runs))
    floor = median(times["floor"], 0)
    print()
    print(f"startup: `python -m bot` (polling, SQLite) from launch to its answer to a queued /start, median of {args.runs}")
    print(f"{'':50} {'median s':>9} {'x floor':>8} {'CPU s':>6} {'runs, wall s':>20}")
    labels = {"cold": "cold: new database, schema created", "warm": "warm: existing database",
              "floor": "baseline: python -c 'import aiogram, sqlalchemy'",
              "deferred": "the same, aiogram's models deferred (as the bot)"}
    for kind in ("cold", "warm", "floor", "deferred"):
        wall, cpu = median(times[kind], 0), median(times[kind], 1)
        runs = " ".join(f"{t:.2f}" for t, _ in times[kind])
        print(f"{labels[kind]:50} {wall:9.2f} {wall / floor:8.1f} {cpu:6.2f} {runs:>20}")
    print(f"goal: under {GOAL_S:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
