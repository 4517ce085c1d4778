"""Suggested mentor-mentee pairs for /match: scoring and an optimal assignment over the cohort.

Pure code: no aiogram, no database. A handler reads the intake answers and the preference
questionnaire into `MenteeProfile` / `MentorProfile`, calls `match()` and renders the result.

Compatibility (hard rules): a mentee may go only to a mentor who takes part in the mentee's form and
still has free capacity: their own 1 or 2 (never over `MAX_MENTEES_PER_MENTOR`), less the mentees
they already have (`MentorProfile.taken`) and the pairs the curator has fixed in this run (`fixed`).
Pairs the curator skipped (`excluded`) are never suggested.

Score (soft): see the weights below and `score()`. Each suggestion carries its reasons as codes with
data, never text; the handler renders them through locale keys (`REASON_LOCALE_KEYS`):

    ("directions", ("methodical", "career"))  shared directions, in `DIRECTIONS` order
    ("mutual", rank)                           the mentee ranked the mentor `rank` (1..3) and the
                                               mentor marked the mentee; replaces the two below
    ("mentee_choice", rank)                    the mentee ranked the mentor `rank` (1..3)
    ("mentor_choice",)                         the mentor marked the mentee
    ("format",)                                meeting formats fit ("any" fits all)
    ("times", ("breaks", "evening"))           shared meeting times (all of them; points for up to 3)

Assignment: each mentor is expanded into free-capacity slots and a rectangular assignment problem
(scipy's `linear_sum_assignment`) is solved over the whole cohort, so the result is optimal, not
first-come greedy. Two modes:

- `best_fit`: the largest total score; a pair scoring 0 (nothing in common but the form) is never
  suggested.
- `max_matched`: as many mentees matched as possible (any compatible pair counts, score 0 too),
  and among those assignments the largest total score.

Mentees left without a pair are listed with the compatible mentors who still have room after the
assignment (not skipped by the curator), best score first. Because the assignment is optimal, in
`max_matched` that list is always empty, and in `best_fit` it holds only mentors who share nothing
with the mentee (score 0); it grows as the curator skips suggestions or mentors change capacity.

The cohort is split into independent parts (forms linked by mentors who take part in several of
them) and each part is solved on its own; that is exact, and much faster for a school with many
forms. The result is deterministic: the same profiles give the same pairs in any input order.
"""

from __future__ import annotations

import importlib
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from types import ModuleType
from typing import Any


class _OnFirstUse:
    """numpy, imported when a match is first computed rather than at the bot's start (with scipy,
    about 50 MB and half a second that most processes never need)."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._module: ModuleType | None = None

    def __getattr__(self, attr: str) -> Any:
        if self._module is None:
            self._module = importlib.import_module(self._name)
        return getattr(self._module, attr)


np: Any = _OnFirstUse("numpy")

from bot.domain import DIRECTIONS, MAX_MENTEES_PER_MENTOR

# --- weights ---------------------------------------------------------------------------------
W_DIRECTION = 10  # each direction the mentee asks for and the mentor can help with
W_FORMAT = 3  # meeting formats fit: equal, or either side said "any"
W_TIME = 2  # each shared meeting time ...
MAX_TIMES_SCORED = 3  # ... up to this many
W_MENTEE_RANK = {1: 12, 2: 8, 3: 5}  # the mentee ranked the mentor 1st / 2nd / 3rd
W_MENTOR_CHOICE = 8  # the mentor marked the mentee as one they would take
W_MUTUAL = 5  # bonus on top of both choices when the choice is mutual
MAX_RANKED = len(W_MENTEE_RANK)  # a mentee's ranking beyond the third mentor is ignored

ANY_FORMAT = "any"

# Reason code -> locale key a handler renders it with (directions also use opt-directions-<value>,
# meeting times opt-meeting_times-<value>).
REASON_LOCALE_KEYS = {
    "directions": "match-reason-directions",
    "mutual": "match-reason-mutual",
    "mentee_choice": "match-reason-mentee-choice",
    "mentor_choice": "match-reason-mentor-choice",
    "format": "match-reason-format",
    "times": "match-reason-times",
}


class MatchMode(StrEnum):
    BEST_FIT = "best_fit"
    MAX_MATCHED = "max_matched"


@dataclass(frozen=True)
class MenteeProfile:
    id: int
    form: str
    requests: frozenset[str] = frozenset()
    meeting_format: str | None = None
    meeting_times: frozenset[str] = frozenset()
    ranked_mentors: tuple[int, ...] = ()  # mentor ids, first = most wanted; up to three count


@dataclass(frozen=True)
class MentorProfile:
    id: int
    forms: frozenset[str]  # the form of the mentor's invite plus their preferred_forms
    can_help: frozenset[str] = frozenset()
    capacity: int = 1  # clamped to 1..MAX_MENTEES_PER_MENTOR
    meeting_format: str | None = None
    availability: frozenset[str] = frozenset()
    wanted_mentees: frozenset[int] = frozenset()
    taken: int = 0  # mentees already paired with this mentor (not counting `fixed` of match())

    def __post_init__(self) -> None:
        object.__setattr__(self, "capacity", max(1, min(int(self.capacity), MAX_MENTEES_PER_MENTOR)))
        object.__setattr__(self, "taken", max(0, int(self.taken)))

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.taken)


Reason = tuple  # ("code", *data)


@dataclass(frozen=True)
class Score:
    points: int
    reasons: tuple[Reason, ...] = ()


@dataclass(frozen=True)
class Suggestion:
    mentee_id: int
    mentor_id: int
    score: Score


@dataclass(frozen=True)
class Unmatched:
    mentee_id: int
    candidates: list[int]  # compatible mentors with capacity left after the assignment, best first


@dataclass
class MatchResult:
    mode: MatchMode
    pairs: list[Suggestion] = field(default_factory=list)  # by mentee id
    unmatched: list[Unmatched] = field(default_factory=list)  # by mentee id

    @property
    def total(self) -> int:
        return sum(s.score.points for s in self.pairs)


def _ordered(values: Iterable[str], order: Sequence[str]) -> tuple[str, ...]:
    rank = {v: i for i, v in enumerate(order)}
    return tuple(sorted(values, key=lambda v: (rank.get(v, len(rank)), v)))


def _formats_fit(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    return a == b or a == ANY_FORMAT or b == ANY_FORMAT


def _mentee_rank(mentee: MenteeProfile, mentor_id: int) -> int | None:
    for i, mid in enumerate(mentee.ranked_mentors[:MAX_RANKED]):
        if mid == mentor_id:
            return i + 1
    return None


def compatible(mentee: MenteeProfile, mentor: MentorProfile) -> bool:
    """The form rule only; free capacity and the curator's exclusions are checked by `match()`."""
    return mentee.form in mentor.forms


def score(mentee: MenteeProfile, mentor: MentorProfile) -> Score:
    """How well the two fit, with the reasons (codes, see the module docstring)."""
    points = 0
    reasons: list[Reason] = []
    shared = _ordered(mentee.requests & mentor.can_help, DIRECTIONS)
    if shared:
        points += W_DIRECTION * len(shared)
        reasons.append(("directions", shared))
    rank = _mentee_rank(mentee, mentor.id)
    wanted = mentee.id in mentor.wanted_mentees
    if rank is not None:
        points += W_MENTEE_RANK[rank]
    if wanted:
        points += W_MENTOR_CHOICE
    if rank is not None and wanted:
        points += W_MUTUAL
        reasons.append(("mutual", rank))
    elif rank is not None:
        reasons.append(("mentee_choice", rank))
    elif wanted:
        reasons.append(("mentor_choice",))
    if _formats_fit(mentee.meeting_format, mentor.meeting_format):
        points += W_FORMAT
        reasons.append(("format",))
    times = mentee.meeting_times & mentor.availability
    if times:
        points += W_TIME * min(len(times), MAX_TIMES_SCORED)
        reasons.append(("times", tuple(sorted(times))))
    return Score(points, tuple(reasons))


# --- the matrix ------------------------------------------------------------------------------


def _one_hot(sets: Sequence[frozenset[str]], vocab: dict[str, int]) -> np.ndarray:
    m = np.zeros((len(sets), max(1, len(vocab))), dtype=np.int32)
    for i, s in enumerate(sets):
        for v in s:
            m[i, vocab[v]] = 1
    return m


def score_matrix(mentees: Sequence[MenteeProfile], mentors: Sequence[MentorProfile]) -> np.ndarray:
    """`score(e, m).points` for every mentee (rows) and mentor (columns), vectorised; int64."""
    n, k = len(mentees), len(mentors)
    if n == 0 or k == 0:
        return np.zeros((n, k), dtype=np.int64)

    def shared(left: Sequence[frozenset[str]], right: Sequence[frozenset[str]]) -> np.ndarray:
        """How many values each left set shares with each right set: one-hot matrices multiplied."""
        vocab = {v: i for i, v in enumerate(sorted(set().union(*left, *right)))}
        return _one_hot(left, vocab) @ _one_hot(right, vocab).T

    shared_dirs = shared([e.requests for e in mentees], [m.can_help for m in mentors])
    shared_times = shared([e.meeting_times for e in mentees], [m.availability for m in mentors])
    pts = W_DIRECTION * shared_dirs.astype(np.int64)
    pts += W_TIME * np.minimum(shared_times, MAX_TIMES_SCORED)

    # Formats: codes 0 = none, 1 = any, 2.. = concrete ones; a small lookup table.
    fvocab: dict[str | None, int] = {None: 0, "": 0, ANY_FORMAT: 1}
    for p in (*mentees, *mentors):
        fvocab.setdefault(p.meeting_format, len(fvocab))
    size = max(fvocab.values()) + 1
    fit = np.zeros((size, size), dtype=np.int64)
    for a, ia in fvocab.items():
        for b, ib in fvocab.items():
            if _formats_fit(a, b):
                fit[ia, ib] = W_FORMAT
    ef = np.array([fvocab[e.meeting_format] for e in mentees])
    mf = np.array([fvocab[m.meeting_format] for m in mentors])
    pts += fit[ef[:, None], mf[None, :]]

    # Preferences are sparse: a few entries per row and column.
    col = {m.id: j for j, m in enumerate(mentors)}
    row = {e.id: i for i, e in enumerate(mentees)}
    rank = np.zeros((n, k), dtype=np.int8)
    for i, e in enumerate(mentees):
        for r, mid in enumerate(e.ranked_mentors[:MAX_RANKED], start=1):
            j = col.get(mid)
            if j is not None and rank[i, j] == 0:
                rank[i, j] = r
    wanted_i: list[int] = []
    wanted_j: list[int] = []
    for j, m in enumerate(mentors):
        for eid in m.wanted_mentees:
            i = row.get(eid)
            if i is not None:
                wanted_i.append(i)
                wanted_j.append(j)
    rank_pts = np.zeros(MAX_RANKED + 1, dtype=np.int64)
    for r, w in W_MENTEE_RANK.items():
        rank_pts[r] = w
    pts += rank_pts[rank]
    if wanted_i:
        wi, wj = np.array(wanted_i), np.array(wanted_j)
        pts[wi, wj] += W_MENTOR_CHOICE + W_MUTUAL * (rank[wi, wj] > 0)
    return pts


# --- the assignment --------------------------------------------------------------------------


def _parts(mentees: Sequence[MenteeProfile], mentors: Sequence[MentorProfile]) -> list[tuple[list[int], list[int]]]:
    """Independent sub-problems: (mentee indices, mentor indices), forms joined by shared mentors."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for m in mentors:
        forms = sorted(m.forms)
        for f in forms:
            find(f)
        for f in forms[1:]:
            parent[find(f)] = find(forms[0])
    groups: dict[str, tuple[list[int], list[int]]] = {}
    for i, e in enumerate(mentees):
        if e.form in parent:
            groups.setdefault(find(e.form), ([], []))[0].append(i)
    for j, m in enumerate(mentors):
        if m.forms:
            groups.setdefault(find(min(m.forms)), ([], []))[1].append(j)
    return [g for _, g in sorted(groups.items()) if g[0] and g[1]]


def match(
    mentees: Iterable[MenteeProfile],
    mentors: Iterable[MentorProfile],
    mode: MatchMode | str = MatchMode.BEST_FIT,
    fixed: Iterable[tuple[int, int]] = (),
    excluded: Collection[tuple[int, int]] = (),
) -> MatchResult:
    """Suggested pairs for the mentees who have none, optimal over the whole cohort.

    `fixed`: (mentee_id, mentor_id) pairs already accepted in this run or made by hand and not yet
    counted in `MentorProfile.taken`; their mentees are not matched again, and each counts against
    its mentor's capacity. `excluded`: (mentee_id, mentor_id) pairs the curator skipped.
    The result holds only the new suggestions, not the fixed pairs.
    """
    mode = MatchMode(mode)
    mentees = sorted(mentees, key=lambda e: e.id)
    mentors = sorted(mentors, key=lambda m: m.id)
    for kind, ids in (("mentee", [e.id for e in mentees]), ("mentor", [m.id for m in mentors])):
        if len(set(ids)) != len(ids):
            raise ValueError(f"duplicate {kind} ids")
    fixed = list(fixed)
    fixed_mentees = {e for e, _ in fixed}
    fixed_count: dict[int, int] = {}
    for _, mid in fixed:
        fixed_count[mid] = fixed_count.get(mid, 0) + 1
    excluded = set(excluded)

    mentees = [e for e in mentees if e.id not in fixed_mentees]
    free = np.array([max(0, m.free - fixed_count.get(m.id, 0)) for m in mentors], dtype=np.int64)
    n, k = len(mentees), len(mentors)
    result = MatchResult(mode)
    if n == 0:
        return result

    pts = score_matrix(mentees, mentors)
    form_code: dict[str, int] = {}
    e_form = np.array([form_code.setdefault(e.form, len(form_code)) for e in mentees])
    m_forms = np.zeros((k, len(form_code)), dtype=bool)
    for j, m in enumerate(mentors):
        for f in m.forms:
            if f in form_code:
                m_forms[j, form_code[f]] = True
    allowed = m_forms.T[e_form]  # the form rule, n x k
    if excluded:
        row = {e.id: i for i, e in enumerate(mentees)}
        col = {m.id: j for j, m in enumerate(mentors)}
        for eid, mid in excluded:
            if eid in row and mid in col:
                allowed[row[eid], col[mid]] = False

    used = np.zeros(k, dtype=np.int64)
    chosen: list[tuple[int, int]] = []
    for rows, cols in _parts(mentees, mentors):
        cols = [j for j in cols if free[j] > 0]
        if not cols:
            continue
        r, c = np.array(rows), np.array(cols)
        sub_ok = allowed[np.ix_(r, c)]
        sub_pts = pts[np.ix_(r, c)]
        if mode is MatchMode.BEST_FIT:
            sub_ok = sub_ok & (sub_pts > 0)
            weight = np.where(sub_ok, sub_pts, 0)
        else:
            # Any extra matched mentee outweighs every possible difference in total score.
            big = int(sub_pts.max(initial=0)) * min(len(rows), int(free[c].sum())) + 1
            weight = np.where(sub_ok, sub_pts + big, 0)
        keep = sub_ok.any(axis=1)
        if not keep.any():
            continue
        r, weight, sub_ok = r[keep], weight[keep], sub_ok[keep]
        slots = np.repeat(np.arange(len(c)), free[c])  # slot -> column of the sub-problem
        from scipy.optimize import linear_sum_assignment

        ri, si = linear_sum_assignment(weight[:, slots].astype(np.float64), maximize=True)
        for a, s in zip(ri.tolist(), si.tolist()):
            b = slots[s]
            if sub_ok[a, b]:  # a zero (forbidden) cell means "left without a pair"
                chosen.append((int(r[a]), int(c[b])))
                used[c[b]] += 1

    chosen.sort()
    matched = set()
    for i, j in chosen:
        result.pairs.append(Suggestion(mentees[i].id, mentors[j].id, score(mentees[i], mentors[j])))
        matched.add(i)

    left = free - used
    open_cols = np.flatnonzero(left > 0)
    for i in range(n):
        if i in matched:
            continue
        js = open_cols[allowed[i, open_cols]]
        # Best first: higher score, then lower mentor id (columns are in id order).
        order = np.lexsort((js, -pts[i, js]))
        result.unmatched.append(Unmatched(mentees[i].id, [mentors[j].id for j in js[order].tolist()]))
    return result
