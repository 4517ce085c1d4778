"""One engine for every questionnaire. Definitions are data (`definitions/*.toml`); texts come from
locales by convention:

    qn-<questionnaire>-title                    the questionnaire's name
    q-<questionnaire>-<question>                 the question
    opt-<option set>-<value>                     a choice

(underscores become hyphens). This module knows nothing of Telegram or the database.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

DEFINITIONS_DIR = Path(__file__).parent / "definitions"
TYPES = {"single", "multi", "rank", "text", "number", "scale", "date"}
PROFILE_FIELDS = {"full_name", "class_or_subject"}
REVIEW = "__review__"
DEFAULT_TEXT_LIMIT = 500


def _kebab(name: str) -> str:
    return name.replace("_", "-")


@dataclass(frozen=True)
class Condition:
    """Shown only when `field` (an earlier answer, or a context value) is one of `values`."""

    field: str
    values: tuple[Any, ...]

    def holds(self, facts: Mapping[str, Any]) -> bool:
        value = facts.get(self.field)
        if isinstance(value, list):
            return any(v in self.values for v in value)
        return value in self.values


@dataclass(frozen=True)
class Question:
    key: str
    type: str
    questionnaire: str
    optional: bool = False
    options: tuple[str, ...] = ()
    option_set: str = ""
    max_length: int = DEFAULT_TEXT_LIMIT
    min: int | None = None
    max: int | None = None
    max_choices: int | None = None
    when: Condition | None = None
    # Options drawn from the programme at run time ("@mentors"): values and labels come from
    # bot/services/preferences.py instead of the definition and locales.
    source: str | None = None
    # Also kept on the participant (e.g. the name the curator sees), from PROFILE_FIELDS only.
    profile_field: str | None = None

    @property
    def text_key(self) -> str:
        return f"q-{_kebab(self.questionnaire)}-{_kebab(self.key)}"

    def option_key(self, value: str) -> str:
        return f"opt-{_kebab(self.option_set)}-{_kebab(value)}"

    @property
    def choices(self) -> tuple[str, ...]:
        if self.type == "scale":
            return tuple(str(v) for v in range(self.min or 1, (self.max or 10) + 1))
        return self.options

    @property
    def typed(self) -> bool:
        """Answered by typing a message rather than pressing a button."""
        return self.type in ("text", "number", "date")


@dataclass(frozen=True)
class Questionnaire:
    key: str
    questions: tuple[Question, ...]
    by_key: dict[str, Question] = field(default_factory=dict, compare=False)

    @property
    def title_key(self) -> str:
        return f"qn-{_kebab(self.key)}-title"

    def question(self, key: str) -> Question | None:
        return self.by_key.get(key)

    def visible(self, answers: Mapping[str, Any], context: Mapping[str, Any] | None = None) -> list[Question]:
        facts = {**(context or {}), **answers}
        return [q for q in self.questions if q.when is None or q.when.holds(facts)]

    def first(self, answers: Mapping[str, Any], context: Mapping[str, Any] | None = None) -> str:
        shown = self.visible(answers, context)
        return shown[0].key if shown else REVIEW

    def after(self, key: str, answers: Mapping[str, Any], context: Mapping[str, Any] | None = None) -> str:
        """The next question to ask after `key`: the next visible one, or the review."""
        shown = [q.key for q in self.visible(answers, context)]
        order = [q.key for q in self.questions]
        position = order.index(key) if key in order else -1
        for k in shown:
            if order.index(k) > position:
                return k
        return REVIEW

    def before(self, key: str, answers: Mapping[str, Any], context: Mapping[str, Any] | None = None) -> str | None:
        shown = [q.key for q in self.visible(answers, context)]
        if key == REVIEW:
            return shown[-1] if shown else None
        order = [q.key for q in self.questions]
        position = order.index(key) if key in order else len(order)
        earlier = [k for k in shown if order.index(k) < position]
        return earlier[-1] if earlier else None

    def expected_total(self, answers: Mapping[str, Any], context: Mapping[str, Any] | None = None) -> int:
        """How many questions this person will be asked: exact once the answers that conditions
        depend on are given, before that the largest count any of their choices would give."""
        facts = {**(context or {}), **answers}
        pending = sorted(
            {
                q.when.field
                for q in self.questions
                if q.when is not None and q.when.field not in facts and (f := self.by_key.get(q.when.field)) and f.type == "single"
            }
        )
        combos: list[dict[str, Any]] = [{}]
        for field_key in pending:
            combos = [{**c, field_key: option} for c in combos for option in self.by_key[field_key].options]
        return max(len(self.visible({**answers, **combo}, context)) for combo in combos)

    def progress(self, key: str, answers: Mapping[str, Any], context: Mapping[str, Any] | None = None) -> tuple[int, int]:
        shown = [q.key for q in self.visible(answers, context)]
        number = shown.index(key) + 1 if key in shown else len(shown)
        return number, max(number, self.expected_total(answers, context))

    def missing(self, answers: Mapping[str, Any], context: Mapping[str, Any] | None = None) -> list[Question]:
        return [q for q in self.visible(answers, context) if not q.optional and _empty(answers.get(q.key))]

    def hidden_answers(self, answers: Mapping[str, Any], context: Mapping[str, Any] | None = None) -> list[str]:
        shown = {q.key for q in self.visible(answers, context)}
        return [k for k in answers if k not in shown]


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


# ---- parsing what the person typed -------------------------------------------------------------


@dataclass(frozen=True)
class Invalid:
    """Why an answer was refused: a locale key and its arguments."""

    key: str
    args: dict[str, Any] = field(default_factory=dict)


_NUMBER_RE = re.compile(r"^[+-]?\d{1,9}$")
_DATE_FORMATS = ("%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d", "%d/%m/%Y")


def parse_typed(question: Question, raw: str) -> Any | Invalid:
    text = raw.strip()
    if not text:
        return Invalid("qa-error-empty")
    if question.type == "text":
        if len(text) > question.max_length:
            return Invalid("qa-error-too-long", {"limit": question.max_length, "length": len(text)})
        return text
    if question.type == "number":
        if not _NUMBER_RE.match(text.replace(" ", "")):
            return Invalid("qa-error-not-number")
        value = int(text.replace(" ", ""))
        if (question.min is not None and value < question.min) or (question.max is not None and value > question.max):
            return Invalid("qa-error-range", {"min": question.min, "max": question.max})
        return value
    if question.type == "date":
        for fmt in _DATE_FORMATS:
            try:
                return datetime.strptime(text, fmt).date().isoformat()
            except ValueError:
                continue
        return Invalid("qa-error-date")
    return Invalid("qa-error-use-buttons")


def format_date(value: str) -> str:
    return date.fromisoformat(value).strftime("%d.%m.%Y")


# ---- loading definitions -----------------------------------------------------------------------


def _question(qn: str, raw: dict[str, Any], option_sets: Mapping[str, list[str]]) -> Question:
    kind = raw["type"]
    if kind not in TYPES:
        raise ValueError(f"{qn}.{raw['key']}: unknown type {kind!r}")
    options: tuple[str, ...] = ()
    option_set = ""
    source = None
    if kind in ("single", "multi", "rank"):
        spec = raw["options"]
        if isinstance(spec, str) and spec.startswith("@"):
            source = option_set = spec[1:]
        elif isinstance(spec, str):
            option_set, options = spec, tuple(option_sets[spec])
        else:
            option_set, options = raw.get("option_set", raw["key"]), tuple(str(v) for v in spec)
    when = None
    if "when" in raw:
        cond = raw["when"]
        values = cond.get("in", [cond.get("equals")])
        when = Condition(cond["field"], tuple(values))
    profile_field = raw.get("profile_field")
    if profile_field is not None and profile_field not in PROFILE_FIELDS:
        raise ValueError(f"{qn}.{raw['key']}: profile_field must be one of {sorted(PROFILE_FIELDS)}")
    minimum, maximum = raw.get("min"), raw.get("max")
    if kind == "scale":
        minimum, maximum = minimum or 1, maximum or 10
    return Question(
        key=raw["key"],
        type=kind,
        questionnaire=qn,
        optional=bool(raw.get("optional", False)),
        options=options,
        option_set=option_set,
        max_length=int(raw.get("max_length", DEFAULT_TEXT_LIMIT)),
        min=minimum,
        max=maximum,
        max_choices=raw.get("max_choices"),
        when=when,
        profile_field=profile_field,
        source=source,
    )


def load(directory: Path = DEFINITIONS_DIR) -> dict[str, Questionnaire]:
    option_sets: dict[str, list[str]] = {}
    options_file = directory / "_options.toml"
    if options_file.exists():
        option_sets = tomllib.loads(options_file.read_text(encoding="utf-8"))
    result: dict[str, Questionnaire] = {}
    for path in sorted(directory.glob("*.toml")):
        if path.name.startswith("_"):
            continue
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        key = raw["key"]
        questions = tuple(_question(key, q, option_sets) for q in raw["questions"])
        keys = [q.key for q in questions]
        if len(set(keys)) != len(keys):
            raise ValueError(f"{key}: duplicate question keys")
        result[key] = Questionnaire(key=key, questions=questions, by_key={q.key: q for q in questions})
    return result


QUESTIONNAIRES = load()
