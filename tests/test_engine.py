"""The questionnaire engine as plain functions: conditions, order, progress, typed answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from questionnaires.engine import QUESTIONNAIRES, REVIEW, Invalid, load, parse_typed

MENTEE = QUESTIONNAIRES["mentee_intake"]


def test_conditions_pick_questions_by_earlier_answers() -> None:
    named = {"named": True}
    student = [q.key for q in MENTEE.visible({"kind": "student"}, named)]
    teacher = [q.key for q in MENTEE.visible({"kind": "teacher"}, named)]
    assert "grade" in student and "experience_years" not in student
    assert "experience_years" in teacher and "grade" not in teacher
    assert "full_name" in [q.key for q in MENTEE.visible({}, {"named": False})]


def test_order_back_and_progress() -> None:
    answers = {"kind": "teacher"}
    ctx = {"named": True}
    assert MENTEE.first({}, ctx) == "kind"
    assert MENTEE.after("kind", answers, ctx) == "experience_years"
    assert MENTEE.after("kind", {"kind": "student"}, ctx) == "grade"
    assert MENTEE.before("requests", answers, ctx) == "subject"
    assert MENTEE.before("kind", answers, ctx) is None
    assert MENTEE.after("meeting_times", answers, ctx) == REVIEW
    assert MENTEE.before(REVIEW, answers, ctx) == "meeting_times"
    assert MENTEE.progress("requests", answers, ctx) == (4, 8)


def test_missing_and_hidden_answers() -> None:
    ctx = {"named": True}
    answers = {"kind": "student", "grade": 7, "experience_years": 3}
    assert [q.key for q in MENTEE.missing(answers, ctx)] == ["requests", "goal", "meeting_format", "meeting_times"]
    assert MENTEE.hidden_answers(answers, ctx) == ["experience_years"]


@pytest.mark.parametrize(
    ("key", "raw", "expected"),
    [
        ("grade", "7", 7),
        ("grade", " 11 ", 11),
        ("grade", "12", Invalid("qa-error-range", {"min": 1, "max": 11})),
        ("grade", "седьмой", Invalid("qa-error-not-number")),
        ("grade", "", Invalid("qa-error-empty")),
        ("goal", "x" * 500, "x" * 500),
        ("goal", "x" * 501, Invalid("qa-error-too-long", {"limit": 500, "length": 501})),
        ("kind", "teacher", Invalid("qa-error-use-buttons")),
    ],
)
def test_typed_answers(key: str, raw: str, expected: object) -> None:
    question = MENTEE.question(key)
    assert question is not None
    assert parse_typed(question, raw) == expected


def test_dates_and_definition_errors(tmp_path: Path) -> None:
    (tmp_path / "x.toml").write_text(
        'key = "x"\n[[questions]]\nkey = "d"\ntype = "date"\n', encoding="utf-8"
    )
    question = load(tmp_path)["x"].questions[0]
    assert parse_typed(question, "15.09.2026") == "2026-09-15"
    assert parse_typed(question, "2026-09-15") == "2026-09-15"
    assert parse_typed(question, "31.02.2026") == Invalid("qa-error-date")
    (tmp_path / "x.toml").write_text('key = "x"\n[[questions]]\nkey = "d"\ntype = "colour"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="unknown type"):
        load(tmp_path)


def test_expected_total_does_not_jump_after_the_first_answer() -> None:
    ctx = {"named": True}
    assert MENTEE.progress("kind", {}, ctx) == (1, 8)  # a teacher is asked 8, a student 7
    assert MENTEE.progress("experience_years", {"kind": "teacher"}, ctx) == (2, 8)
    assert MENTEE.progress("grade", {"kind": "student"}, ctx) == (2, 7)
