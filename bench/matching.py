"""Matching benchmark: the optimal /match assignment against a first-come greedy baseline.

Run from the repository root: `.venv/bin/python -m bench.matching` (or `python bench/matching.py`).
Both are measured in the same run on the same generated school; wall time is the median of 3 runs.
The greedy baseline takes mentees in id order, each to the best-scoring compatible mentor with room
(it reuses the same vectorised score matrix, so the ratio shows the price of the optimal solve).
"""

from __future__ import annotations

import dataclasses
import random
import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np

from bench.common import Figure
from bot.domain import DIRECTIONS, FORM_SIDES
from bot.services.matching import MatchMode, MenteeProfile, MentorProfile, match, score_matrix

FORMS = [f.value for f in FORM_SIDES]
FORM_WEIGHTS = [30, 30, 20, 8, 8, 4]
FORMATS = ["offline", "online", "any"]
TIMES = ["before_lessons", "breaks", "after_lessons", "evening", "weekend"]
SIZES = [(200, 150), (2000, 1500)]
RUNS = 3


def make_school(n_mentees: int, n_mentors: int, seed: int = 1) -> tuple[list[MenteeProfile], list[MentorProfile]]:
    """A generated cohort: mixed forms, some mentors in two forms, popular mentors, preferences."""
    rnd = random.Random(seed)
    mentor_side = {f.value: s[0] for f, s in FORM_SIDES.items()}
    mentors_by_form: dict[str, list[int]] = {f: [] for f in FORMS}
    mentor_rows = []
    for j in range(n_mentors):
        mid = 10_000 + j
        form = rnd.choices(FORMS, FORM_WEIGHTS)[0]
        forms = {form}
        if rnd.random() < 0.25:  # preferred_forms: another form with the same mentor side
            same = [f for f in FORMS if mentor_side[f] == mentor_side[form] and f != form]
            if same:
                forms.add(rnd.choice(same))
        for f in sorted(forms):
            mentors_by_form[f].append(mid)
        mentor_rows.append((mid, frozenset(forms)))
    mentees = []
    for i in range(n_mentees):
        form = rnd.choices(FORMS, FORM_WEIGHTS)[0]
        pool = mentors_by_form[form]
        ranked: tuple[int, ...] = ()
        if pool and rnd.random() < 0.6:  # popular mentors are ranked more often
            weights = [1.0 / (1 + (p * 7919) % 37) for p in pool]
            picks: list[int] = []
            for _ in range(rnd.randint(1, 3)):
                p = rnd.choices(pool, weights)[0]
                if p not in picks:
                    picks.append(p)
            ranked = tuple(picks)
        directions = rnd.sample(DIRECTIONS, rnd.randint(1, 3))
        if form == "teacher_teacher" and rnd.random() < 0.7:
            directions = sorted({*directions, "methodical"})
        mentees.append(
            MenteeProfile(
                id=i + 1,
                form=form,
                requests=frozenset(directions),
                meeting_format=rnd.choice(FORMATS),
                meeting_times=frozenset(rnd.sample(TIMES, rnd.randint(1, 3))),
                ranked_mentors=ranked,
            )
        )
    by_form: dict[str, list[int]] = {f: [] for f in FORMS}
    for e in mentees:
        by_form[e.form].append(e.id)
    mentors = []
    for mid, forms in mentor_rows:
        pool = [eid for f in sorted(forms) for eid in by_form[f]]
        wanted: frozenset[int] = frozenset()
        if pool and rnd.random() < 0.4:
            wanted = frozenset(rnd.sample(pool, min(len(pool), rnd.randint(1, 3))))
        mentors.append(
            MentorProfile(
                id=mid,
                forms=forms,
                can_help=frozenset(rnd.sample(DIRECTIONS, rnd.randint(1, 4))),
                capacity=2 if rnd.random() < 0.6 else 1,
                meeting_format=rnd.choice(FORMATS),
                availability=frozenset(rnd.sample(TIMES, rnd.randint(1, 4))),
                wanted_mentees=wanted,
            )
        )
    return mentees, mentors


def greedy_match(
    mentees: list[MenteeProfile], mentors: list[MentorProfile], mode: MatchMode
) -> list[tuple[int, int, int]]:
    """Baseline: first come, first served; each mentee takes the best mentor with room left."""
    mentees = sorted(mentees, key=lambda e: e.id)
    mentors = sorted(mentors, key=lambda m: m.id)
    pts = score_matrix(mentees, mentors)
    left = np.array([m.free for m in mentors])
    forms = [m.forms for m in mentors]
    form_ok = {f: np.array([f in fs for fs in forms]) for f in {e.form for e in mentees}}
    pairs = []
    for i, e in enumerate(mentees):
        ok = form_ok[e.form] & (left > 0)
        if mode is MatchMode.BEST_FIT:
            ok &= pts[i] > 0
        if not ok.any():
            continue
        j = int(np.argmax(np.where(ok, pts[i], -1)))
        left[j] -= 1
        pairs.append((e.id, mentors[j].id, int(pts[i, j])))
    return pairs


def _median_time(fn) -> tuple[float, object]:
    times, out = [], None
    for _ in range(RUNS):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def one_form(capacity: int | None = None):
    """Everyone in one form (one sub-problem, nothing to split); optionally one capacity for all."""

    def transform(mentees: list[MenteeProfile], mentors: list[MentorProfile]):
        form = FORMS[0]
        cap = {"capacity": capacity} if capacity else {}
        return (
            [dataclasses.replace(e, form=form) for e in mentees],
            [dataclasses.replace(m, forms=frozenset({form}), **cap) for m in mentors],
        )

    return transform


# The generated school as is, then the solver's harder cases: everyone in one form, and everyone in
# one form with every mentor taking one mentee (fewer places than mentees).
SCENARIOS = [
    ("mixed forms", lambda es, ms: (es, ms)),
    ("one form", one_form()),
    ("one form, cap 1", one_form(1)),
]


def main() -> None:
    print(f"matching: optimal assignment vs first-come greedy, median of {RUNS} runs")
    header = (
        f"{'school':>15} {'mentees x mentors':>18} {'slots':>6} {'mode':>12} {'optimal s':>10}"
        f" {'greedy s':>9} {'ratio':>6} {'matched opt/greedy':>19} {'score opt/greedy':>17}"
    )
    print(header)
    print("-" * len(header))
    for name, transform in SCENARIOS:
        for n, k in SIZES:
            mentees, mentors = transform(*make_school(n, k))
            slots = sum(m.free for m in mentors)
            for mode in MatchMode:
                t_opt, res = _median_time(lambda es=mentees, ms=mentors, mode=mode: match(es, ms, mode))
                t_gr, gr = _median_time(lambda es=mentees, ms=mentors, mode=mode: greedy_match(es, ms, mode))
                print(
                    f"{name:>15} {f'{n:,} x {k:,}':>18} {slots:>6} {mode.value:>12}"
                    f" {t_opt:>10.3f} {t_gr:>9.3f} {t_opt / t_gr:>6.1f}"
                    f" {f'{len(res.pairs)}/{len(gr)}':>19} {f'{res.total}/{sum(p[2] for p in gr)}':>17}"
                )


GOAL_S = 2.0


def figures(quick: bool = False) -> list[Figure]:
    """For `python -m bench`: the optimal solve against the greedy baseline, best_fit mode, on the
    generated school and on the worst case tried (one form for everyone); quick: 200 x 150."""
    n, k = SIZES[0] if quick else SIZES[-1]
    size = f"{n:,}×{k:,}"
    out = []
    for name, transform in SCENARIOS[:2]:
        mentees, mentors = transform(*make_school(n, k))
        t_opt, res = _median_time(lambda es=mentees, ms=mentors: match(es, ms, MatchMode.BEST_FIT))
        t_gr, gr = _median_time(lambda es=mentees, ms=mentors: greedy_match(es, ms, MatchMode.BEST_FIT))
        out.append(Figure("matching", f"optimal /match, {size}, {name} (baseline: first-come greedy)", t_opt, "s", t_gr,
                          f"< {GOAL_S:.0f} s", t_opt < GOAL_S))  # fmt: skip
        if name == "mixed forms":
            out.append(Figure("matching", f"total score of /match, {size}, {name} (baseline: greedy)", res.total, "pts",
                              sum(p[2] for p in gr), "≥ greedy", res.total >= sum(p[2] for p in gr)))  # fmt: skip
    return out


if __name__ == "__main__":
    main()
