"""`python -m bench`: every benchmark's figures in one table.

    python -m bench [--quick] [--only matching,planner] [--markdown] [--database-url URL]

Each module in MODULES exposes `figures(quick=False) -> list[bench.common.Figure]` (and, if it uses
a database, a `database_url` keyword: a temporary SQLite file when not given). Each runs in its own
`python -m bench --child NAME` process, one after the other: a clean memory for each, one crash
does not stop the rest, and timings do not disturb each other. A module that is missing, has no
`figures()` or fails gets a row "not available: <reason>".

`--database-url URL` (repeatable) runs the benches that take a database once more on each URL,
after their SQLite run: a scratch database, since they drop its tables first.

Printed: bench | what | value | baseline | ratio | goal | met, the baseline measured in the same
run (ratio = value / baseline); `--markdown` prints it as a Markdown table for bench/README.md.
The exit status is 1 if a bench failed or timed out (a goal not met is shown, not an error).
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import inspect
import json
import math
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bench.common import Figure

# The order they run in; throughput, memory, startup and webhook may not be there yet (a row says so).
MODULES = ("matching", "delivery", "planner", "status", "export", "municipality", "throughput", "memory", "startup", "webhook")
ROOT = Path(__file__).resolve().parent.parent
COLUMNS = ("bench", "what", "value", "baseline", "ratio", "goal", "met")


@dataclasses.dataclass
class Outcome:
    """What one bench run gave: its figures, or why there are none."""

    name: str
    figures: list[Figure]
    seconds: float
    problem: str = ""  # "not available: ..." when there are no figures
    failed: bool = False  # crashed or timed out (a missing module is not a failure)
    skipped: bool = False  # takes no database: nothing to run on the extra URL


# ---- the child: one module's figures as JSON -------------------------------------------------------


def child(name: str, out: Path, quick: bool, database_url: str | None) -> int:
    def write(**data: Any) -> None:
        out.write_text(json.dumps(data, ensure_ascii=False))

    try:
        module = importlib.import_module(f"bench.{name}")
    except ModuleNotFoundError as exc:
        if exc.name == f"bench.{name}":
            write(missing=f"no module bench/{name}.py")
        else:
            write(missing=f"bench/{name}.py needs {exc.name!r}")
        return 0
    figures = getattr(module, "figures", None)
    if figures is None:
        write(missing=f"bench/{name}.py has no figures()")
        return 0
    kwargs: dict[str, Any] = {"quick": quick}
    if database_url:
        if "database_url" not in inspect.signature(figures).parameters:
            write(skip="takes no database")
            return 0
        kwargs["database_url"] = database_url
    try:
        result = figures(**kwargs)
    except BaseException as exc:  # noqa: BLE001 - reported in the table, the other benches go on
        traceback.print_exc()
        write(error=f"{type(exc).__name__}: {exc}".splitlines()[0][:200])
        return 1
    write(figures=[plain(f) for f in result])
    return 0


def plain(f: Figure) -> dict[str, Any]:
    """JSON-safe (numpy numbers and booleans become Python's)."""
    return {
        **dataclasses.asdict(f),
        "value": float(f.value),
        "baseline": None if f.baseline is None else float(f.baseline),
        "ok": None if f.ok is None else bool(f.ok),
    }


# ---- the parent: run each, print the table ---------------------------------------------------------


def run_one(name: str, quick: bool, database_url: str | None, timeout: float, verbose: bool) -> Outcome:
    with tempfile.TemporaryDirectory(prefix="bench-run-") as tmp:
        out, log = Path(tmp) / "figures.json", Path(tmp) / "output.log"
        cmd = [sys.executable, "-m", "bench", "--child", name, "--out", str(out)]
        cmd += ["--quick"] if quick else []
        cmd += ["--database-url", database_url] if database_url else []
        started = time.perf_counter()
        with log.open("wb") as sink:
            proc = subprocess.Popen(
                cmd, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=sys.stderr if verbose else sink,
                stderr=sys.stderr if verbose else subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
            try:
                code = proc.wait(timeout)
            except (subprocess.TimeoutExpired, KeyboardInterrupt) as exc:
                os.killpg(proc.pid, signal.SIGKILL)  # the child and whatever it started, nothing else
                proc.wait()
                if isinstance(exc, KeyboardInterrupt):
                    raise
                return Outcome(name, [], time.perf_counter() - started, f"not available: timed out after {timeout:.0f} s", True)
        seconds = time.perf_counter() - started
        data = json.loads(out.read_text()) if out.exists() else {}
        tail = [line for line in log.read_text(errors="replace").splitlines() if line.strip()][-1:] if log.exists() else []
    if "figures" in data:
        from bench.common import Figure  # here: the parent itself needs no database libraries

        return Outcome(name, [Figure(**f) for f in data["figures"]], seconds)
    if "skip" in data:
        return Outcome(name, [], seconds, data["skip"], skipped=True)
    if "missing" in data:
        return Outcome(name, [], seconds, f"not available: {data['missing']}")
    reason = data.get("error") or (tail[0].strip()[:200] if tail else f"exit status {code}")
    return Outcome(name, [], seconds, f"not available: {reason}", True)


def number(value: float, unit: str) -> str:
    if math.isnan(value):
        text = "n/a"
    elif value == int(value) and unit in ("", "pts"):  # counts
        text = f"{int(value):,}"
    elif abs(value) >= 100:
        text = f"{value:,.0f}"
    elif abs(value) >= 10:
        text = f"{value:.1f}"
    elif abs(value) >= 1:
        text = f"{value:.2f}"
    else:
        text = f"{value:.3f}"
    if not unit or text == "n/a":
        return text
    return f"{text}{unit}" if unit.startswith("/") or unit in ("×", "%") else f"{text} {unit}"


def cells(outcome: Outcome) -> list[list[str]]:
    if not outcome.figures:
        return [[outcome.name, outcome.problem, "", "", "", "", ""]]
    rows = []
    for f in outcome.figures:
        ratio = number(f.value / f.baseline, "×") if f.baseline else ""
        met = {True: "yes", False: "NO", None: ""}[f.ok]
        baseline = number(f.baseline, f.unit) if f.baseline is not None else ""
        rows.append([f.bench, f.what, number(f.value, f.unit), baseline, ratio, f.goal, met])
    return rows


def text_table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [list(COLUMNS), *rows]) for i in range(len(COLUMNS))]
    right = {2, 3, 4}  # numbers

    def line(row: list[str]) -> str:
        return "  ".join(c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))).rstrip()

    return "\n".join([line(list(COLUMNS)), "  ".join("-" * w for w in widths), *map(line, rows)])


def markdown_table(rows: list[list[str]]) -> str:
    def line(row: list[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in row) + " |"

    return "\n".join([line(list(COLUMNS)), "|---|---|--:|--:|--:|---|---|", *map(line, rows)])


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for raw in Path("/proc/cpuinfo").read_text().splitlines():
            if raw.startswith("model name"):
                cpu = raw.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} CPUs, Python {platform.python_version()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description="Runs every benchmark and prints one table of figures")
    parser.add_argument("--quick", action="store_true", help="small runs (seconds each), as the smoke test")
    parser.add_argument("--only", default="", help=f"comma-separated, of: {', '.join(MODULES)}")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--database-url", action="append", default=[], metavar="URL",
                        help="also run the database benches on URL (a scratch database: its tables are dropped)")  # fmt: skip
    parser.add_argument("--timeout", type=float, default=None, help="seconds per bench (default 1800, quick 300)")
    parser.add_argument("--verbose", action="store_true", help="show each bench's own output (on stderr)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args.child, args.out, args.quick, args.database_url[0] if args.database_url else None)

    names = [n.strip() for n in args.only.split(",") if n.strip()] or list(MODULES)
    unknown = [n for n in names if n not in MODULES]
    if unknown:
        parser.error(f"unknown bench {', '.join(unknown)}; known: {', '.join(MODULES)}")
    timeout = args.timeout or (300.0 if args.quick else 1800.0)
    started = time.perf_counter()
    when = datetime.now(UTC)
    outcomes: list[Outcome] = []
    for name in names:
        for url in [None, *args.database_url]:
            where = "" if url is None else f" on {url.rsplit('@', 1)[-1]}"
            print(f"bench: {name}{where} ...", file=sys.stderr, flush=True)
            outcome = run_one(name, args.quick, url, timeout, args.verbose)
            done = f"{len(outcome.figures)} figures" if outcome.figures else outcome.problem
            print(f"bench: {name}{where}: {done} in {outcome.seconds:.0f} s", file=sys.stderr, flush=True)
            if outcome.skipped:
                continue
            outcomes.append(outcome)
            if outcome.problem and not outcome.failed:
                break  # missing: no use trying the next database

    rows = [row for o in outcomes for row in cells(o)]
    figures = [f for o in outcomes for f in o.figures]
    met = sum(f.ok is True for f in figures)
    missed = sum(f.ok is False for f in figures)
    unavailable = sum(not o.figures for o in outcomes)
    title = (
        f"python -m bench{' --quick' if args.quick else ''}, {when:%Y-%m-%d %H:%M} UTC, {machine()}; "
        f"{time.perf_counter() - started:.0f} s"
    )
    summary = f"{len(figures)} figures: {met} goals met, {missed} not met; {unavailable} bench(es) not available"
    if args.markdown:
        print(f"{title}\n\n{markdown_table(rows)}\n\n{summary}")
    else:
        print(f"{title}\n{text_table(rows)}\n{summary}")
    return 1 if any(o.failed for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
