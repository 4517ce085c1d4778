"""Updates a second in webhook mode: 1, 2 and 4 `python -m bot` worker processes on PostgreSQL + Redis,
against the same number of bare aiogram webhook workers that only answer, in the same run.

Run from the repository root: `.venv/bin/python -m bench.webhook [--updates 1500] [--workers 1,2,4]`.

The mix is bench/throughput.py's, recorded once: its 500 people (onboarding people answering their
questionnaires, pairs answering check-ins, using /pair, /meetings, /plan and proposing meetings,
curators at /status and /participants) are driven through the real Dispatcher in-process, and what
they sent is kept. Each measured pass then starts from a copy of the same seeded database (PostgreSQL
`CREATE DATABASE … TEMPLATE`), an empty Redis index, and its own workers, and replays those updates
over HTTP with Telegram's secret header, to one port that all workers listen on (SO_REUSEPORT: the
kernel spreads connections). At most 64 requests are open at once, and a person's next update goes
only after the answer to the previous one (Telegram does the same per chat). The workers reply
through a fake Bot API over HTTP (bench/fake_bot_api.py, its own process, no flood limit).

The baseline: `python -m bench.webhook --bare-worker`, aiogram's SimpleRequestHandler (answering after
handling, as ours) over a Dispatcher whose only handlers do `message.answer(text)` and
`callback.answer()`, through the same fake Bot API, with the same number of processes.

Printed per number of workers: updates/s for ours and bare, the ratio (goal: ≥ 0.5), p50/p99 of one
request as the sender saw it, ours against one worker (scaling), and the CPU the workers used.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text

from bench.common import Figure

ROOT = Path(__file__).resolve().parent.parent
PG_BASE = os.environ.get("BENCH_PG_BASE", "postgresql+asyncpg://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
SEED_DB, RUN_DB = "bench_webhook_seed", "bench_webhook_run"
SECRET = "bench-webhook-secret-0123456789"
OPEN_REQUESTS = 64
UPDATES = 1500
GOAL_RATIO = 0.5


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# ---- the database: seeded once, copied per pass ------------------------------------------------------


async def admin(statements: list[str]) -> None:
    from db.engine import create_engine

    engine = create_engine(f"{PG_BASE}/postgres").execution_options(isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            for statement in statements:
                await conn.execute(text(statement))
    finally:
        await engine.dispose()


async def flush_redis() -> None:
    from redis.asyncio import Redis

    redis = Redis.from_url(REDIS_URL)
    try:
        await redis.flushdb()
    finally:
        await redis.aclose()


async def record(total: int) -> list[list[dict[str, Any]]]:
    """Seeds SEED_DB and records the mix on a copy of it; returns each person's updates in order."""
    from bench import throughput as tp

    await admin([f"DROP DATABASE IF EXISTS {SEED_DB} WITH (FORCE)", f"CREATE DATABASE {SEED_DB}"])
    await flush_redis()
    app, bot, school = await tp.start(tp.make_settings(f"{PG_BASE}/{SEED_DB}", REDIS_URL))
    await bot.session.close()
    await app.close()
    await admin([f"DROP DATABASE IF EXISTS {RUN_DB} WITH (FORCE)", f"CREATE DATABASE {RUN_DB} TEMPLATE {SEED_DB}"])
    await flush_redis()
    settings = tp.make_settings(f"{PG_BASE}/{RUN_DB}", REDIS_URL)
    from bot.app import build_app, create_bot
    from bot.clock import FrozenClock

    app = await build_app(settings, FrozenClock(tp.NOW))
    bot = create_bot(settings, session=tp.FastTelegram())
    await app.dispatcher.emit_startup(bot=bot, **app.dispatcher.workflow_data)
    try:
        feeder = tp.Feeder(app.dispatcher, bot, tp.Pass("recording"), tp.CONCURRENCY, itertools.count(1))
        sent = await tp.drive(feeder, tp.make_people(school), total)
    finally:
        await bot.session.close()
        await app.close()
    return [[update for update, _ in person] for person in sent]


# ---- processes -------------------------------------------------------------------------------------------


class Proc:
    def __init__(self, args: list[str], env: dict[str, str], log: Path) -> None:
        clean = {k: v for k, v in os.environ.items() if not k.startswith(("WEBHOOK_", "DATABASE_", "REDIS_", "TELEGRAM_"))}
        clean.update(env)
        clean["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
        self.log = log
        with log.open("wb") as out:
            self.proc = subprocess.Popen(args, cwd=log.parent, env=clean, stdin=subprocess.DEVNULL, stdout=out, stderr=out)

    def cpu(self) -> float:
        """User + system CPU seconds so far (Linux /proc)."""
        try:
            fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            return 0.0

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


async def wait_http(url: str, procs: list[Proc], timeout: float = 180) -> None:
    import aiohttp

    deadline = time.monotonic() + timeout
    async with aiohttp.ClientSession() as http:
        while True:
            for p in procs:
                if p.proc.poll() is not None:
                    raise RuntimeError(f"{p.log.name} exited: {p.log.read_text(errors='replace')[-2000:]}")
            with contextlib.suppress(aiohttp.ClientError):
                async with http.get(url) as response:
                    if response.status == 200:
                        return
            if time.monotonic() > deadline:
                raise RuntimeError(f"nothing answers at {url}")
            await asyncio.sleep(0.2)


def start_workers(kind: str, n: int, port: int, api_url: str, tmp: Path) -> list[Proc]:
    from bench import throughput as tp

    procs = []
    for i in range(n):
        if kind == "ours":
            env = {
                "BOT_TOKEN": tp.TOKEN,
                "DATABASE_URL": f"{PG_BASE}/{RUN_DB}",
                "REDIS_URL": REDIS_URL,
                "TELEGRAM_API_URL": api_url,
                "WEBHOOK_URL": f"http://127.0.0.1:{port}/tg",
                "WEBHOOK_SECRET": SECRET,
                "WEBHOOK_LISTEN": f"127.0.0.1:{port}",
                "CURATOR_IDS": ",".join(map(str, tp.CURATORS)),
                "SCHOOL_NAME": "МБОУ «Лицей № 1»",
                "PLANNER_INTERVAL_SECONDS": "3600",
            }
            args = [sys.executable, "-m", "bot"]
        else:
            env = {"TELEGRAM_API_URL": api_url}
            args = [sys.executable, "-m", "bench.webhook", "--bare-worker", "--port", str(port)]
        procs.append(Proc(args, env, tmp / f"{kind}-{n}-{i}.log"))
    return procs


# ---- the load ------------------------------------------------------------------------------------------


@dataclass
class Result:
    kind: str
    workers: int
    updates: int = 0
    wall: float = 0.0
    cpu: float = 0.0
    times: list[float] = field(default_factory=list)
    failed: int = 0

    @property
    def rate(self) -> float:
        return self.updates / self.wall if self.wall else 0.0

    def pct(self, q: float) -> float:
        values = sorted(self.times)
        return values[min(len(values) - 1, round(q * (len(values) - 1)))] * 1000 if values else float("nan")


async def replay(url: str, people: list[list[dict[str, Any]]], result: Result) -> None:
    import aiohttp

    slots = asyncio.Semaphore(OPEN_REQUESTS)
    ids = itertools.count(1)
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    connector = aiohttp.TCPConnector(limit=OPEN_REQUESTS, force_close=False)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=120)) as http:

        async def one(updates: list[dict[str, Any]]) -> None:
            for update in updates:
                async with slots:
                    started = time.perf_counter()
                    try:
                        async with http.post(url, json={**update, "update_id": next(ids)}, headers=headers) as response:
                            await response.read()
                            ok = response.status == 200
                    except (aiohttp.ClientError, TimeoutError):
                        ok = False
                    result.times.append(time.perf_counter() - started)
                result.updates += 1
                result.failed += not ok

        started = time.perf_counter()
        await asyncio.gather(*(one(u) for u in people))
        result.wall = time.perf_counter() - started


async def measure(kind: str, n: int, people: list[list[dict[str, Any]]], tmp: Path) -> Result:
    result = Result(kind, n)
    if kind == "ours":
        await admin([f"DROP DATABASE IF EXISTS {RUN_DB} WITH (FORCE)", f"CREATE DATABASE {RUN_DB} TEMPLATE {SEED_DB}"])
        await flush_redis()
    api_port, port = free_port(), free_port()
    api = Proc([sys.executable, "-m", "bench.fake_bot_api", "--port", str(api_port), "--limit", "0"], {}, tmp / f"api-{kind}-{n}.log")
    workers: list[Proc] = []
    try:
        await wait_http(f"http://127.0.0.1:{api_port}/botX/getMe", [api], timeout=60)
        workers = start_workers(kind, n, port, f"http://127.0.0.1:{api_port}", tmp)
        await wait_http(f"http://127.0.0.1:{port}/healthz", workers)
        await asyncio.sleep(1.0)  # every worker listening, not only the first
        cpu = sum(w.cpu() for w in workers)
        await replay(f"http://127.0.0.1:{port}/tg", people, result)
        result.cpu = sum(w.cpu() for w in workers) - cpu
    finally:
        for w in workers:
            w.stop()
        api.stop()
    errors = sum(w.log.read_text(errors="replace").count("Traceback") for w in workers)
    if errors:
        print(f"  {kind} × {n}: {errors} traceback(s) in the worker logs, e.g. {workers[0].log}", file=sys.stderr)
    return result


async def run(total: int, counts: list[int]) -> list[tuple[Result, Result]]:
    people = await record(total)
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-webhook-") as tmp:
        for n in counts:
            ours = await measure("ours", n, people, Path(tmp))
            bare = await measure("bare", n, people, Path(tmp))
            results.append((ours, bare))
            print(f"  {n} worker(s): ours {ours.rate:.1f}/s, bare {bare.rate:.1f}/s", file=sys.stderr)
    with contextlib.suppress(Exception):
        await admin([f"DROP DATABASE IF EXISTS {RUN_DB} WITH (FORCE)", f"DROP DATABASE IF EXISTS {SEED_DB} WITH (FORCE)"])
    return results


def to_figures(results: list[tuple[Result, Result]]) -> list[Figure]:
    out: list[Figure] = []
    one = results[0][0].rate or 1.0
    for ours, bare in results:
        ratio = ours.rate / bare.rate if bare.rate else 0.0
        where = f"webhook, {ours.workers} worker(s), PostgreSQL + Redis"
        out += [
            Figure("webhook", f"updates/s, {where}", ours.rate, "/s", bare.rate, f"≥ {GOAL_RATIO} × bare", ratio >= GOAL_RATIO),
            Figure("webhook", f"p99 request, {where}", ours.pct(0.99), "ms", bare.pct(0.99)),
            Figure("webhook", f"scaling against 1 worker, {where}", ours.rate / one, "×"),
        ]
    return out


def figures(quick: bool = False) -> list[Figure]:
    return to_figures(asyncio.run(run(200 if quick else UPDATES, [1, 2] if quick else [1, 2, 4])))


def print_table(results: list[tuple[Result, Result]]) -> None:
    n = results[0][0].updates
    print(f"\nwebhook: {n:,} updates (bench/throughput.py's mix), at most {OPEN_REQUESTS} requests open, each person's in order")
    print(f"{'workers':>7} {'ours/s':>7} {'bare/s':>7} {'ratio':>6} {'scaling':>7} {'p50 ms':>7} {'p99 ms':>7} {'bare p50':>8} "
          f"{'bare p99':>8} {'CPU s':>6} {'bare CPU':>8} {'failed':>6}")
    one = results[0][0].rate or 1.0
    for ours, bare in results:
        ratio = ours.rate / bare.rate if bare.rate else 0.0
        print(f"{ours.workers:7} {ours.rate:7.1f} {bare.rate:7.1f} {ratio:6.2f} {ours.rate / one:7.2f} {ours.pct(0.5):7.1f} "
              f"{ours.pct(0.99):7.1f} {bare.pct(0.5):8.1f} {bare.pct(0.99):8.1f} {ours.cpu:6.1f} {bare.cpu:8.1f} "
              f"{ours.failed + bare.failed:6}")
    print(f"goal: ours ≥ {GOAL_RATIO} × bare; rate growing with workers until both cores are busy (machine: {os.cpu_count()} CPUs)")


# ---- the bare worker ---------------------------------------------------------------------------------------


async def bare_worker(port: int) -> None:
    from aiogram.webhook.aiohttp_server import SimpleRequestHandler
    from aiohttp import web

    from bench import throughput as tp
    from bot.app import create_bot
    from bot.config import Settings

    settings = Settings(_env_file=None, bot_token=tp.TOKEN, telegram_api_url=os.environ["TELEGRAM_API_URL"])  # type: ignore[call-arg]
    bot = create_bot(settings)
    dp = tp.bare_dispatcher()
    app = web.Application()
    handler = SimpleRequestHandler(dp, bot, handle_in_background=False, secret_token=SECRET)
    app.router.add_route("POST", "/tg", handler.handle)
    app.router.add_get("/healthz", lambda _: web.json_response({"ok": True}))
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port, reuse_port=True).start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    await stop.wait()
    await runner.cleanup()
    await bot.session.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=UPDATES)
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--bare-worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.bare_worker:
        asyncio.run(bare_worker(args.port))
        return 0
    print_table(asyncio.run(run(args.updates, [int(n) for n in args.workers.split(",")])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
