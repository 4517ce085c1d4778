"""Smoke test of `python -m bench`: the command prints the table, the fast benches give positive
figures on the test database (SQLite, or PostgreSQL in the services run), and a missing or failing
bench becomes a row instead of stopping the run. Small runs only (`quick`), about 10 s in all."""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
import types
from pathlib import Path

import pytest

from bench import delivery, planner
from bench.__main__ import cells, child, run_one, text_table
from bench.common import Figure

ROOT = Path(__file__).resolve().parent.parent


def numbers(cell: str) -> float:
    match = re.match(r"[\d,.]+", cell)
    assert match, f"not a number: {cell!r}"
    return float(match.group().replace(",", ""))


def test_command_prints_a_markdown_table_of_the_benches_figures() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--only", "matching", "--markdown"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    rows = [line.split(" | ") for line in done.stdout.splitlines() if line.startswith("| matching |")]
    assert [r[1] for r in rows] == [
        "optimal /match, 200×150, mixed forms (baseline: first-come greedy)",
        "total score of /match, 200×150, mixed forms (baseline: greedy)",
        "optimal /match, 200×150, one form (baseline: first-come greedy)",
    ]
    for _, _, value, baseline, ratio, goal, met in rows:
        assert numbers(value) > 0 and numbers(baseline) > 0 and numbers(ratio) > 0
        assert goal and met.rstrip(" |") in ("yes", "NO")
    assert "| bench | what | value | baseline | ratio | goal | met |" in done.stdout
    assert "3 figures" in done.stdout


async def test_planner_figures_on_the_test_database(database_url: str) -> None:
    figures = await asyncio.to_thread(planner.figures, True, database_url)
    backend = "sqlite" if database_url.startswith("sqlite") else "postgresql"
    assert [re.sub(r"\d[\d,]* queued", "N queued", f.what) for f in figures] == [
        f"Planner.run(), ordinary minute (median of 3), 500 people, {backend}",
        f"SQL statements, ordinary minute, 500 people, {backend}",
        f"Planner.run(), the minute in ten with the day-scale rules, 500 people, {backend}",
        f"Planner.run(), poll day: N queued, 500 people, {backend}",
        f"Planner.run(), first run: N queued, 500 people, {backend}",
    ]
    assert all(f.value > 0 for f in figures)
    assert figures[0].goal == "< 1 s" and figures[0].ok is (figures[0].value < 1)


async def test_delivery_figures_on_the_test_database(database_url: str) -> None:
    figures = {f.what.split(",")[0]: f for f in await asyncio.to_thread(delivery.figures, True, database_url)}
    assert figures["achieved rate"].value > 0 and figures["achieved rate"].baseline == 28
    assert figures["lost + duplicated + not sent"].value == 0 and figures["lost + duplicated + not sent"].ok
    assert figures["claim-to-sent p99"].value > 0
    assert figures["429 answers from the fake (limit 30/s)"].value >= 0


def test_a_missing_bench_is_a_row_not_an_error() -> None:
    outcome = run_one("no_such_bench", quick=True, database_url=None, timeout=60, verbose=False)
    assert outcome.problem == "not available: no module bench/no_such_bench.py"
    assert not outcome.figures and not outcome.failed
    assert "no_such_bench  not available: no module bench/no_such_bench.py" in text_table(cells(outcome))


def test_a_failing_bench_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def figures(quick: bool = False) -> list[Figure]:
        raise RuntimeError("the fake Bot API did not start")

    monkeypatch.setitem(sys.modules, "bench.boom", types.SimpleNamespace(figures=figures))
    out = tmp_path / "figures.json"
    assert child("boom", out, True, None) == 1
    assert out.read_text() == '{"error": "RuntimeError: the fake Bot API did not start"}'
    # a bench that takes no database is skipped on an extra database, not failed
    assert child("boom", out, True, "postgresql+asyncpg://nowhere/x") == 0
    assert out.read_text() == '{"skip": "takes no database"}'

