"""The /match algorithm (bot/services/matching.py): pure, no database.

Optimality is checked by code that shares nothing with the module's solver: a small min-cost-flow
(successive shortest paths, Bellman-Ford) and an exhaustive search, both scoring pairs with `score()`
one at a time rather than through the vectorised matrix.
"""

from __future__ import annotations

import random
from collections import Counter

import pytest

from bot.domain import DIRECTIONS, MAX_MENTEES_PER_MENTOR
from bot.services.matching import (
    W_DIRECTION,
    W_FORMAT,
    W_MENTEE_RANK,
    W_MENTOR_CHOICE,
    W_MUTUAL,
    W_TIME,
    MatchMode,
    MatchResult,
    MenteeProfile,
    MentorProfile,
    match,
    score,
    score_matrix,
)

TT, TS, SS = "teacher_teacher", "teacher_student", "student_student"
TIMES = ["before_lessons", "breaks", "after_lessons", "evening", "weekend"]


def mentee(id: int, form: str = TT, requests=(), fmt=None, times=(), ranked=()) -> MenteeProfile:
    return MenteeProfile(id, form, frozenset(requests), fmt, frozenset(times), tuple(ranked))


def mentor(id: int, forms=(TT,), can_help=(), capacity=1, fmt=None, times=(), wanted=(), taken=0) -> MentorProfile:
    return MentorProfile(
        id, frozenset(forms), frozenset(can_help), capacity, fmt, frozenset(times), frozenset(wanted), taken
    )


# --- independent references -------------------------------------------------------------------


def allowed_edges(mentees, mentors, mode, fixed=(), excluded=()):
    """{(mentee_id, mentor_id): points} for every pair the rules allow, and each mentor's free places."""
    fixed = list(fixed)
    done = {e for e, _ in fixed}
    used = Counter(m for _, m in fixed)
    free = {m.id: max(0, min(m.capacity, MAX_MENTEES_PER_MENTOR) - m.taken - used[m.id]) for m in mentors}
    edges = {}
    for e in mentees:
        if e.id in done:
            continue
        for m in mentors:
            if e.form not in m.forms or (e.id, m.id) in excluded or free[m.id] == 0:
                continue
            p = score(e, m).points
            if mode == MatchMode.BEST_FIT and p <= 0:
                continue
            edges[e.id, m.id] = p
    return edges, free


def min_cost_flow_optimum(mentees, mentors, mode, fixed=(), excluded=()) -> tuple[int, int]:
    """(matched, total score) of an optimal assignment, by successive shortest paths.

    best_fit: augment while the cheapest path still gains score (min-cost flow of any value).
    max_matched: augment while any path exists; each step keeps the flow min-cost for its value, so
    the end is the best score among maximum matchings.
    """
    edges, free = allowed_edges(mentees, mentors, mode, fixed, excluded)
    es = sorted({e for e, _ in edges})
    ms = sorted({m for _, m in edges})
    src, sink = "s", "t"
    graph: dict = {}  # node -> list of [to, cap, cost, rev_index]

    def add(u, v, cap, cost):
        graph.setdefault(u, []).append([v, cap, cost, len(graph.setdefault(v, []))])
        graph[v].append([u, 0, -cost, len(graph[u]) - 1])

    for e in es:
        add(src, ("e", e), 1, 0)
    for m in ms:
        add(("m", m), sink, free[m], 0)
    for (e, m), p in edges.items():
        add(("e", e), ("m", m), 1, -p)
    matched = cost = 0
    while True:
        dist = {src: 0}
        prev: dict = {}
        for _ in range(len(graph)):
            changed = False
            for u in list(dist):
                for idx, (v, cap, c, _) in enumerate(graph[u]):
                    if cap > 0 and dist[u] + c < dist.get(v, float("inf")):
                        dist[v] = dist[u] + c
                        prev[v] = (u, idx)
                        changed = True
            if not changed:
                break
        if sink not in dist or (mode == MatchMode.BEST_FIT and dist[sink] >= 0):
            return matched, -cost
        v = sink
        while v != src:
            u, idx = prev[v]
            graph[u][idx][1] -= 1
            graph[v][graph[u][idx][3]][1] += 1
            v = u
        matched += 1
        cost += dist[sink]


def exhaustive_optimum(mentees, mentors, mode) -> tuple[int, int]:
    edges, free = allowed_edges(mentees, mentors, mode)
    ids = [e.id for e in mentees]
    best = (0, 0)

    def go(i, matched, total):
        nonlocal best
        if i == len(ids):
            key = (matched, total) if mode == MatchMode.MAX_MATCHED else (0, total)
            ref = best if mode == MatchMode.MAX_MATCHED else (0, best[1])
            if key > ref:
                best = (matched, total)
            return
        go(i + 1, matched, total)
        for m, left in free.items():
            p = edges.get((ids[i], m))
            if p is not None and left > 0:
                free[m] -= 1
                go(i + 1, matched + 1, total + p)
                free[m] += 1

    go(0, 0, 0)
    return best


def check_result(result: MatchResult, mentees, mentors, fixed=(), excluded=()):
    """The rules hold: capacity, forms, exclusions, everyone accounted for, candidates really free."""
    by_e = {e.id: e for e in mentees}
    by_m = {m.id: m for m in mentors}
    fixed = list(fixed)
    load = Counter(m for _, m in fixed)
    for s in result.pairs:
        e, m = by_e[s.mentee_id], by_m[s.mentor_id]
        assert e.form in m.forms
        assert (e.id, m.id) not in excluded
        assert s.score == score(e, m)
        if result.mode == MatchMode.BEST_FIT:
            assert s.score.points > 0
        load[m.id] += 1
    for m in mentors:
        assert load[m.id] + m.taken <= min(m.capacity, MAX_MENTEES_PER_MENTOR)
    paired = [s.mentee_id for s in result.pairs]
    unmatched = [u.mentee_id for u in result.unmatched]
    done = {e for e, _ in fixed}
    assert len(paired) == len(set(paired))
    assert sorted(paired + unmatched) == sorted(e.id for e in mentees if e.id not in done)
    for u in result.unmatched:
        e = by_e[u.mentee_id]
        expected = [
            m.id
            for m in mentors
            if e.form in m.forms and (e.id, m.id) not in excluded and load[m.id] + m.taken < m.capacity
        ]
        assert sorted(u.candidates) == sorted(expected)
        points = [score(e, by_m[c]).points for c in u.candidates]
        assert points == sorted(points, reverse=True)


def school(seed: int, n_mentees: int = 40, n_mentors: int = 25):
    """A realistic small school: three forms, some mentors in two, preferences, popular mentors."""
    rnd = random.Random(seed)
    forms = [TT, TS, SS]
    mentors = []
    for j in range(n_mentors):
        own = rnd.choices(forms, [4, 4, 2])[0]
        fs = {own} | ({rnd.choice([TT, TS])} if own != SS and rnd.random() < 0.3 else set())
        mentors.append((100 + j, fs))
    mentees = []
    for i in range(n_mentees):
        form = rnd.choices(forms, [3, 5, 3])[0]
        pool = [mid for mid, fs in mentors if form in fs] or [100]
        ranked = rnd.sample(pool, min(len(pool), rnd.randint(0, 3))) if rnd.random() < 0.7 else []
        if ranked and rnd.random() < 0.3:  # everyone wants the same star mentor
            ranked = [pool[0], *[r for r in ranked if r != pool[0]]][:3]
        mentees.append(
            mentee(
                i + 1,
                form,
                rnd.sample(DIRECTIONS, rnd.randint(1, 3)),
                rnd.choice(["offline", "online", "any"]),
                rnd.sample(TIMES, rnd.randint(1, 3)),
                ranked,
            )
        )
    out = []
    for mid, fs in mentors:
        pool = [e.id for e in mentees if e.form in fs]
        wanted = rnd.sample(pool, min(len(pool), rnd.randint(1, 4))) if rnd.random() < 0.5 else []
        out.append(
            mentor(
                mid,
                fs,
                rnd.sample(DIRECTIONS, rnd.randint(0, 3)),
                rnd.choice([1, 2, 2]),
                rnd.choice(["offline", "online", "any", None]),
                rnd.sample(TIMES, rnd.randint(0, 4)),
                wanted,
            )
        )
    return mentees, out


# --- hand-made cases ----------------------------------------------------------------------------


def test_optimal_beats_first_come():
    # A fits M1 best (3 directions) but also M2 (2); B can only go to M1 (its form).
    a = mentee(1, TT, ["methodical", "career", "creative"])
    b = mentee(2, TS, ["methodical", "career"])
    m1 = mentor(10, [TT, TS], ["methodical", "career", "creative"])
    m2 = mentor(11, [TT], ["methodical", "career"])
    # First come, first served: A takes M1 (30), B is left with nothing: 30.
    greedy = score(a, m1).points
    assert greedy == 3 * W_DIRECTION
    result = match([a, b], [m1, m2])
    assert {(s.mentee_id, s.mentor_id) for s in result.pairs} == {(1, 11), (2, 10)}
    assert result.total == 4 * W_DIRECTION > greedy
    assert result.unmatched == []


def test_capacity_own_one_and_two():
    es = [mentee(i, requests=["methodical"]) for i in range(1, 5)]
    one = mentor(10, can_help=["methodical"], capacity=1)
    two = mentor(11, can_help=["methodical"], capacity=2)
    result = match(es, [one, two])
    assert Counter(s.mentor_id for s in result.pairs) == {10: 1, 11: 2}
    assert len(result.unmatched) == 1 and result.unmatched[0].candidates == []


def test_hard_limit_of_two_whatever_the_answer():
    greedy_mentor = mentor(10, can_help=["methodical"], capacity=5)
    assert greedy_mentor.capacity == MAX_MENTEES_PER_MENTOR == 2
    zero = mentor(11, can_help=["methodical"], capacity=0)
    assert zero.capacity == 1
    result = match([mentee(i, requests=["methodical"]) for i in range(1, 6)], [greedy_mentor, zero])
    assert Counter(s.mentor_id for s in result.pairs) == {10: 2, 11: 1}


def test_taken_places_are_respected():
    es = [mentee(i, requests=["methodical"]) for i in range(1, 4)]
    half = mentor(10, can_help=["methodical"], capacity=2, taken=1)
    full = mentor(11, can_help=["methodical"], capacity=2, taken=2)
    result = match(es, [half, full])
    assert [s.mentor_id for s in result.pairs] == [10]
    assert all(u.candidates == [] for u in result.unmatched)
    check_result(result, es, [half, full])


def test_incompatible_forms_never_paired():
    # The mentee ranks the mentor first and they share everything, but the forms differ.
    e = mentee(1, SS, DIRECTIONS, "any", TIMES, ranked=[10])
    m = mentor(10, [TT, TS], DIRECTIONS, 2, "any", TIMES, wanted=[1])
    for mode in MatchMode:
        result = match([e], [m], mode)
        assert result.pairs == []
        assert result.unmatched[0].candidates == []


def test_reasons_are_codes_with_data():
    e = mentee(1, TT, ["career", "methodical", "sport"], "online", ["evening", "breaks"], ranked=[10, 11])
    m = mentor(10, [TT], ["methodical", "career"], 2, "any", ["evening", "breaks", "weekend"], wanted=[1])
    s = score(e, m)
    assert s.reasons == (
        ("directions", ("career", "methodical")),  # in DIRECTIONS order
        ("mutual", 1),
        ("format",),
        ("times", ("breaks", "evening")),
    )
    assert s.points == 2 * W_DIRECTION + W_MENTEE_RANK[1] + W_MENTOR_CHOICE + W_MUTUAL + W_FORMAT + 2 * W_TIME
    result = match([e], [m])
    assert ("mutual", 1) in result.pairs[0].score.reasons

    # One-sided choices, formats that do not fit, nothing in common.
    other = mentor(11, [TT], [], 1, "offline", [], wanted=[])
    assert score(e, other).reasons == (("mentee_choice", 2),)
    chooser = mentor(12, [TT], [], 1, None, [], wanted=[1])
    assert score(e, chooser).reasons == (("mentor_choice",),)
    assert score(mentee(2), mentor(13)).points == 0


def test_times_score_caps_at_three_slots():
    e = mentee(1, times=TIMES)
    m = mentor(10, times=TIMES)
    assert score(e, m).points == 3 * W_TIME
    assert score(e, m).reasons == (("times", tuple(sorted(TIMES))),)


def test_best_fit_never_suggests_a_pair_with_nothing_in_common():
    e = mentee(1, requests=["sport"])
    m = mentor(10, can_help=["methodical"])
    best = match([e], [m], "best_fit")
    assert best.pairs == [] and best.unmatched[0].candidates == [10]
    most = match([e], [m], "max_matched")
    assert [(s.mentee_id, s.mentor_id, s.score.points) for s in most.pairs] == [(1, 10, 0)]


def test_max_matched_matches_more_than_best_fit():
    # A fits M1 very well and M2 a little; B can only go to M1.
    a = mentee(1, TT, ["methodical", "career", "creative"], "online", ["evening"])
    b = mentee(2, TS, ["methodical"])
    m1 = mentor(10, [TT, TS], ["methodical", "career", "creative"])
    m2 = mentor(11, [TT], [], 1, "online", ["evening"])
    best = match([a, b], [m1, m2], MatchMode.BEST_FIT)
    most = match([a, b], [m1, m2], MatchMode.MAX_MATCHED)
    assert [(s.mentee_id, s.mentor_id) for s in best.pairs] == [(1, 10)]
    assert best.total == 3 * W_DIRECTION
    assert [u.mentee_id for u in best.unmatched] == [2]
    assert best.unmatched[0].candidates == []  # M1 is taken
    assert [(s.mentee_id, s.mentor_id) for s in most.pairs] == [(1, 11), (2, 10)]
    assert most.total == W_FORMAT + W_TIME + W_DIRECTION < best.total
    assert most.unmatched == []


def test_fixed_pairs_count_against_capacity():
    es = [mentee(i, requests=["methodical"]) for i in range(1, 4)]
    m = mentor(10, can_help=["methodical"], capacity=2)
    result = match(es, [m], fixed=[(1, 10)])
    (pair,) = result.pairs  # one place left for two equal mentees
    (left,) = result.unmatched
    assert pair.mentor_id == 10 and {pair.mentee_id, left.mentee_id} == {2, 3} and left.candidates == []
    assert 1 not in {u.mentee_id for u in result.unmatched}  # already paired: neither suggested nor left
    result = match(es, [m], fixed=[(1, 10), (2, 10)])
    assert result.pairs == []
    assert [(u.mentee_id, u.candidates) for u in result.unmatched] == [(3, [])]
    check_result(result, es, [m], fixed=[(1, 10), (2, 10)])


def test_excluded_pairs_never_suggested():
    e = mentee(1, requests=["methodical"], ranked=[10])
    best = mentor(10, can_help=["methodical"], wanted=[1])
    second = mentor(11, can_help=["methodical"])
    result = match([e], [best, second], excluded={(1, 10)})
    assert [(s.mentee_id, s.mentor_id) for s in result.pairs] == [(1, 11)]
    result = match([e], [best, second], excluded={(1, 10), (1, 11)})
    assert result.pairs == [] and result.unmatched[0].candidates == []


def test_unmatched_listed_with_mentors_who_still_have_room():
    many = [mentee(i, requests=["sport"]) for i in range(1, 4)]
    ms = [mentor(12), mentor(10, can_help=["sport"]), mentor(11, can_help=["sport"], fmt="any"), mentor(13)]
    result = match(many, ms, "best_fit")
    assert len(result.pairs) == 2
    (u,) = result.unmatched
    # Only mentors sharing nothing with the mentee have room left (an optimum would have used any
    # other); best_fit does not pair on a score of 0, but the curator sees who could take them.
    assert u.candidates == [12, 13]
    assert match(many, ms, "max_matched").unmatched == []


def test_unmatched_candidates_leave_out_skipped_pairs():
    e = mentee(1, requests=["sport"])
    ms = [mentor(10, can_help=["sport"]), mentor(11)]
    result = match([e], ms, excluded={(1, 10)})
    assert result.pairs == [] and result.unmatched[0].candidates == [11]
    result = match([e], ms, excluded={(1, 10), (1, 11)})
    assert result.unmatched[0].candidates == []


def test_empty_inputs():
    assert match([], []).pairs == []
    result = match([mentee(1)], [])
    assert [(u.mentee_id, u.candidates) for u in result.unmatched] == [(1, [])]
    assert match([], [mentor(10)]).unmatched == []


def test_duplicate_ids_rejected():
    with pytest.raises(ValueError):
        match([mentee(1), mentee(1)], [mentor(10)])


def test_deterministic_in_any_input_order():
    mentees, mentors = school(7)
    first = match(mentees, mentors)
    rnd = random.Random(0)
    for _ in range(3):
        rnd.shuffle(mentees)
        rnd.shuffle(mentors)
        assert match(mentees, mentors) == first


# --- a realistic school -------------------------------------------------------------------------


@pytest.mark.parametrize("mode", list(MatchMode))
@pytest.mark.parametrize("seed", range(6))
def test_realistic_school_is_optimal_and_keeps_the_rules(seed, mode):
    mentees, mentors = school(seed)
    assert len(mentees) == 40 and len(mentors) == 25
    result = match(mentees, mentors, mode)
    check_result(result, mentees, mentors)
    assert (len(result.pairs), result.total) == min_cost_flow_optimum(mentees, mentors, mode)


@pytest.mark.parametrize("seed", range(4))
def test_realistic_school_with_fixed_and_excluded_pairs(seed):
    mentees, mentors = school(seed)
    first = match(mentees, mentors, "max_matched")
    fixed = [(s.mentee_id, s.mentor_id) for s in first.pairs[::3]]  # the curator accepted some
    excluded = {(s.mentee_id, s.mentor_id) for s in first.pairs[1::3]}  # and skipped others
    for mode in MatchMode:
        result = match(mentees, mentors, mode, fixed=fixed, excluded=excluded)
        check_result(result, mentees, mentors, fixed, excluded)
        assert not {(s.mentee_id, s.mentor_id) for s in result.pairs} & excluded
        assert (len(result.pairs), result.total) == min_cost_flow_optimum(mentees, mentors, mode, fixed, excluded)


def test_max_matched_never_matches_fewer_than_best_fit():
    for seed in range(6):
        mentees, mentors = school(seed)
        assert len(match(mentees, mentors, "max_matched").pairs) >= len(match(mentees, mentors, "best_fit").pairs)
        assert match(mentees, mentors, "max_matched").total <= match(mentees, mentors, "best_fit").total


@pytest.mark.parametrize("seed", range(30))
def test_small_instances_against_exhaustive_search(seed):
    mentees, mentors = school(100 + seed, n_mentees=6, n_mentors=3)
    for mode in MatchMode:
        result = match(mentees, mentors, mode)
        check_result(result, mentees, mentors)
        best = exhaustive_optimum(mentees, mentors, mode)
        if mode == MatchMode.MAX_MATCHED:
            assert (len(result.pairs), result.total) == best
        else:
            assert result.total == best[1]


def test_score_matrix_agrees_with_score():
    mentees, mentors = school(3)
    matrix = score_matrix(mentees, mentors)
    for i, e in enumerate(mentees):
        for j, m in enumerate(mentors):
            assert matrix[i, j] == score(e, m).points
