"""The curator's reports (/reports): tables built from the programme's data, written as XLSX or CSV.

Each report reads the programme with a fixed number of set-based queries (no query per row or per
person: names, roles and forms come from one read of the participants and are joined in Python), then
lays the rows out as `Sheet`s. `xlsx()` and `csv_bytes()` turn sheets into a file; they touch no
database and may run in a thread.

Privacy (DOMAIN.md; regulation 004, 8.3): an average or a share over fewer than `MIN_ANSWERS` answers is
not shown ("—" and a footnote), so that nobody's own rating (a student's of their teacher) can be
read off a small group. In the feedback table the same holds for anonymous answers: in a month, role
and form with fewer than three anonymous answers their scores are hidden. Free text appears without
the author's name unless they agreed (feedback question `named` = yes), and names of participants
inside an anonymous text are masked.

Functions here read and never write.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Translator
from bot.services.roadmap import event_responsible, event_title, stage_name
from db.models import (
    Answer,
    Consent,
    Form,
    Invite,
    Meeting,
    Pair,
    PairEvent,
    PairStatus,
    Participant,
    ParticipantStatus,
    PlanGoal,
    PlanTask,
    Programme,
    QuestionnaireResponse,
    ResponseStatus,
    RoadmapEvent,
    RoadmapStatus,
    Role,
)
from questionnaires.engine import QUESTIONNAIRES

MIN_ANSWERS = 3  # an aggregate over fewer answers is hidden
# Consent complete: counted as participants of the programme (deactivated ones took part too).
CONSENTED = (ParticipantStatus.QUESTIONNAIRE, ParticipantStatus.ACTIVE, ParticipantStatus.INACTIVE)
YOUNG_TEACHER_YEARS = 3  # a young teacher: 0-3 years of experience (DOMAIN.md)
# Students aged 10-19 are counted by grade: 5th to 11th grade (a 5th-grader is 10 or 11).
STUDENT_GRADES = range(5, 12)
NATIONAL_TARGET = 0.7  # share of students aged 10-19 involved in mentorship (national project target)
ANNUAL_DEADLINE = (1, 20)  # participant counts and effectiveness figures: by 20 January (001, items 34-35)
QUARTER_DEADLINE_DAY = 10  # roadmap progress: by the 10th of the month after the quarter (001, item 33)
MAX_STUDENTS = 100_000

ROLE_ORDER = {Role.MENTOR.value: 0, Role.MENTEE.value: 1}
FORM_ORDER = {f.value: n for n, f in enumerate(Form)}
SCALES = tuple(q.key for q in QUESTIONNAIRES["self_assessment"].questions)
FEEDBACK, EXIT, INTAKE, SELF = "feedback", "exit", "mentee_intake", "self_assessment"
BASELINE, FINAL = "baseline", "final"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# ---- sheets ---------------------------------------------------------------------------------------


class Share(float):
    """A fraction, shown as a percentage."""


@dataclass
class Sheet:
    """A table: rows of cells (str, int, float, Share, date, datetime or None for empty)."""

    title: str
    widths: tuple[int, ...] = ()
    rows: list[list[Any]] = field(default_factory=list)
    bold: set[int] = field(default_factory=set)
    freeze: int = 0  # rows kept in view at the top
    hidden: bool = False  # an aggregate was hidden: the footnote is due

    def add(self, *cells: Any, bold: bool = False) -> None:
        if bold:
            self.bold.add(len(self.rows))
        self.rows.append(list(cells))

    def blank(self) -> None:
        self.rows.append([])


@dataclass(frozen=True, slots=True)
class Ctx:
    t: Translator
    tz: tzinfo
    today: date
    school: str = ""
    _texts: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def text(self, key: str, fallback: str | None = None) -> str:
        """A text without variables, looked up once per report (a big export asks for the same
        labels hundreds of thousands of times); `fallback` when the key is missing."""
        found = self._texts.get(key)
        if found is None:
            found = self._texts[key] = self.t(key) if fallback is None or self.t.has(key) else fallback
        return found

    def label(self, prefix: str, value: str) -> str:
        """A stored code in the reader's language (underscores become hyphens); unknown: as it is."""
        return self.text(f"{prefix}-{value.replace('_', '-')}", value)

    def role(self, role: str) -> str:
        return self.label("role", role)

    def form(self, form: str) -> str:
        return self.label("form", form)


def _hide(ctx: Ctx, sheet: Sheet, count: int, value: Any) -> Any:
    if count < MIN_ANSWERS:
        sheet.hidden = True
        return ctx.text("rep-hidden")
    return value


def _footnote(ctx: Ctx, sheet: Sheet) -> None:
    if sheet.hidden:
        sheet.blank()
        sheet.add(ctx.t("rep-footnote-few", min=MIN_ANSWERS))


def _avg(values: Sequence[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def _share(part: int, whole: int) -> Share | None:
    return Share(round(part / whole, 3)) if whole else None


def _local(moment: datetime | None, tz: tzinfo) -> datetime | None:
    return None if moment is None else moment.astimezone(tz).replace(tzinfo=None)


def _local_date(moment: datetime | None, tz: tzinfo) -> date | None:
    return None if moment is None else moment.astimezone(tz).date()


def _int(value: Any) -> int | None:
    return value if type(value) is int else None


# ---- the participants: one read, joined to everything else in Python ------------------------------


@dataclass(frozen=True, slots=True)
class Person:
    id: int
    user_id: int | None  # None: withdrawn, an anonymous stub (no name, no answers)
    role: str
    form: str
    status: str
    name: str
    class_or_subject: str


def _sort_name(name: str) -> str:
    return name.casefold().replace("\u0451", "\u0435")  # yo sorts as ye


async def people_of(session: AsyncSession, programme_id: int) -> dict[int, Person]:
    """Everyone in the programme by participant id; a name missing on the participant comes from
    their invitation. One query."""
    rows = await session.execute(
        select(
            Participant.id,
            Participant.user_id,
            Participant.role,
            Participant.form,
            Participant.status,
            Participant.full_name,
            Participant.class_or_subject,
            Invite.full_name,
            Invite.class_or_subject,
        )
        .outerjoin(Invite, Invite.id == Participant.invite_id)
        .where(Participant.programme_id == programme_id)
    )
    return {
        r[0]: Person(r[0], r[1], r[2], r[3], r[4], (r[5] or r[7] or "").strip(), (r[6] or r[8] or "").strip())
        for r in rows.all()
    }


def name_of(t: Translator, person: Person | None) -> str:
    if person is None:
        return t("rep-no-name", id=0)
    if person.status == ParticipantStatus.WITHDRAWN:
        return t("rep-withdrawn")  # their pairs and meetings still count, under no name
    return person.name or t("rep-no-name", id=person.id)


def _person_key(p: Person) -> tuple[Any, ...]:
    return (ROLE_ORDER.get(p.role, 9), FORM_ORDER.get(p.form, 99), _sort_name(p.name), p.id)


async def _answers(
    session: AsyncSession,
    programme_id: int,
    questionnaires: Sequence[str],
    questions: Sequence[str],
    periods: Sequence[str] | None = None,
) -> list[tuple[int, int, str, str, str, Any]]:
    """(response id, participant id, questionnaire, period, question, value) of submitted answers. One query."""
    query = (
        select(
            QuestionnaireResponse.id,
            QuestionnaireResponse.participant_id,
            QuestionnaireResponse.questionnaire,
            QuestionnaireResponse.period,
            Answer.question,
            Answer.value,
        )
        .join(Participant, Participant.id == QuestionnaireResponse.participant_id)
        .join(Answer, Answer.response_id == QuestionnaireResponse.id)
        .where(
            Participant.programme_id == programme_id,
            QuestionnaireResponse.questionnaire.in_(list(questionnaires)),
            QuestionnaireResponse.status == ResponseStatus.SUBMITTED,
            Answer.question.in_(list(questions)),
        )
    )
    if periods is not None:
        query = query.where(QuestionnaireResponse.period.in_(list(periods)))
    return [tuple(r) for r in (await session.execute(query)).all()]  # type: ignore[misc]


def _by_response(rows: Iterable[tuple[int, int, str, str, str, Any]]) -> dict[int, tuple[int, str, str, dict[str, Any]]]:
    """response id -> (participant id, questionnaire, period, {question: value})."""
    out: dict[int, tuple[int, str, str, dict[str, Any]]] = {}
    for rid, pid, qn, period, question, value in rows:
        if rid not in out:
            out[rid] = (pid, qn, period, {})
        out[rid][3][question] = value
    return out


@dataclass(frozen=True, slots=True)
class PairRow:
    id: int
    mentor_id: int
    mentee_id: int
    form: str
    status: str
    starts_on: date
    ends_on: date
    completed_at: datetime | None
    history: int = 0


async def pairs_of(session: AsyncSession, programme_id: int, *, history: bool = False) -> list[PairRow]:
    """The programme's pairs, with the number of their history records if asked. One query."""
    columns: list[Any] = [
        Pair.id, Pair.mentor_id, Pair.mentee_id, Pair.form, Pair.status, Pair.starts_on, Pair.ends_on, Pair.completed_at
    ]
    if history:
        columns.append(select(func.count(PairEvent.id)).where(PairEvent.pair_id == Pair.id).correlate(Pair).scalar_subquery())
    rows = await session.execute(select(*columns).where(Pair.programme_id == programme_id))
    return [PairRow(*r) for r in rows.all()]


# ---- names in free text ---------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+")


class NameMask:
    # Russian names change their endings (Анна -> Анне, Петров -> Петровым), so a word is masked
    # when it is a name part, or starts with one (less its last letter) and adds at most three
    # letters. It errs on the side of masking: a common word that looks like a name (вера) goes too.
    """Masks the participants' names (surnames, first names, patronymics) in a text."""

    def __init__(self, names: Iterable[str], replacement: str) -> None:
        self.replacement = replacement
        self.exact: set[str] = set()
        self.stems: set[str] = set()
        for name in names:
            for part in _WORD.findall(name.casefold()):
                if len(part) >= 2:
                    self.exact.add(part)
                if len(part) >= 3:
                    self.stems.add(part)
                if len(part) >= 4:
                    self.stems.add(part[:-1])

    def is_name(self, word: str) -> bool:
        w = word.casefold()
        if w in self.exact:
            return True
        return any(w[:k] in self.stems for k in range(max(3, len(w) - 3), len(w) + 1))

    def __call__(self, text: str) -> str:
        return _WORD.sub(lambda m: self.replacement if self.is_name(m.group(0)) else m.group(0), text)


# ---- 1. the full export ---------------------------------------------------------------------------


async def _consents(session: AsyncSession, programme_id: int) -> dict[int, list[tuple[str, datetime]]]:
    rows = await session.execute(
        select(Consent.participant_id, Consent.kind, Consent.given_at)
        .join(Participant, Participant.id == Consent.participant_id)
        .where(Participant.programme_id == programme_id)
    )
    out: dict[int, list[tuple[str, datetime]]] = defaultdict(list)
    for pid, kind, given in sorted(rows.all(), key=lambda r: (r[2], r[1])):
        out[pid].append((kind, given))
    return out


def participants_sheet(ctx: Ctx, people: dict[int, Person], consents: dict[int, list[tuple[str, datetime]]]) -> Sheet:
    t = ctx.t
    sheet = Sheet(t("rep-sheet-participants"), widths=(36, 16, 24, 18, 24, 34, 16), freeze=1)
    sheet.add(*(t(f"rep-col-{c}") for c in ("name", "role", "form", "class", "status", "consent", "consent-date")), bold=True)
    for p in sorted(people.values(), key=_person_key):
        if p.status == ParticipantStatus.WITHDRAWN:
            continue  # no longer a person of the programme: only their pairs and meetings are counted
        given = consents.get(p.id, [])
        kinds = "; ".join(dict.fromkeys(ctx.label("rep-consent", kind) for kind, _ in given)) or None
        last = max((moment for _, moment in given), default=None)
        sheet.add(
            name_of(t, p),
            ctx.role(p.role),
            ctx.form(p.form),
            p.class_or_subject or None,
            ctx.label("rep-status", p.status),
            kinds,
            _local_date(last, ctx.tz),
        )
    return sheet


async def participants_table(session: AsyncSession, programme: Programme, ctx: Ctx) -> Sheet:
    """The participants sheet alone (for CSV). Two queries."""
    people = await people_of(session, programme.id)
    return participants_sheet(ctx, people, await _consents(session, programme.id))


def _pair_names(t: Translator, people: dict[int, Person], pair: PairRow) -> tuple[str, str]:
    return name_of(t, people.get(pair.mentor_id)), name_of(t, people.get(pair.mentee_id))


def pairs_sheet(ctx: Ctx, people: dict[int, Person], pairs: list[PairRow]) -> Sheet:
    t = ctx.t
    sheet = Sheet(t("rep-sheet-pairs"), widths=(34, 34, 24, 12, 12, 14, 14, 12), freeze=1)
    columns = ("mentor", "mentee", "form", "starts", "ends", "pair-status", "completed", "history")
    sheet.add(*(t(f"rep-col-{c}") for c in columns), bold=True)
    rows = sorted(pairs, key=lambda p: (*(_sort_name(n) for n in _pair_names(t, people, p)), p.starts_on, p.id))
    for pair in rows:
        mentor, mentee = _pair_names(t, people, pair)
        sheet.add(
            mentor,
            mentee,
            ctx.form(pair.form),
            pair.starts_on,
            pair.ends_on,
            ctx.label("rep-pair-status", pair.status),
            _local_date(pair.completed_at, ctx.tz),
            pair.history,
        )
    return sheet


async def _meetings(session: AsyncSession, programme_id: int) -> list[tuple[int, datetime, str, str, str, int]]:
    rows = await session.execute(
        select(Meeting.pair_id, Meeting.starts_at, Meeting.kind, Meeting.format, Meeting.status, Meeting.id)
        .join(Pair, Pair.id == Meeting.pair_id)
        .where(Pair.programme_id == programme_id)
    )
    return [tuple(r) for r in rows.all()]  # type: ignore[misc]


def meetings_sheet(ctx: Ctx, people: dict[int, Person], pairs: list[PairRow], meetings: list[tuple[int, datetime, str, str, str, int]]) -> Sheet:
    t = ctx.t
    sheet = Sheet(t("rep-sheet-meetings"), widths=(34, 34, 18, 18, 12, 16), freeze=1)
    sheet.add(*(t(f"rep-col-{c}") for c in ("mentor", "mentee", "when", "kind", "format", "meeting-status")), bold=True)
    names = {p.id: _pair_names(t, people, p) for p in pairs}
    for pair_id, starts_at, kind, fmt, status, _ in sorted(meetings, key=lambda m: (m[1], m[5])):
        mentor, mentee = names.get(pair_id, ("", ""))
        sheet.add(
            mentor,
            mentee,
            _local(starts_at, ctx.tz),
            ctx.label("meet-kind", kind),
            ctx.label("meet-format", fmt),
            ctx.text(f"meet-status-{status}", status),  # these keys keep the underscore
        )
    return sheet


async def _plans(session: AsyncSession, programme_id: int) -> list[tuple[int, int, str, int | None, str | None, date | None, datetime | None]]:
    rows = await session.execute(
        select(PlanGoal.mentee_id, PlanGoal.id, PlanGoal.title, PlanTask.id, PlanTask.title, PlanTask.due_on, PlanTask.done_at)
        .join(Participant, Participant.id == PlanGoal.mentee_id)
        .outerjoin(PlanTask, PlanTask.goal_id == PlanGoal.id)
        .where(Participant.programme_id == programme_id)
    )
    return [tuple(r) for r in rows.all()]  # type: ignore[misc]


def plans_sheet(ctx: Ctx, people: dict[int, Person], plans: list[tuple[int, int, str, int | None, str | None, date | None, datetime | None]]) -> Sheet:
    t = ctx.t
    sheet = Sheet(t("rep-sheet-plans"), widths=(34, 40, 40, 12, 14), freeze=1)
    sheet.add(*(t(f"rep-col-{c}") for c in ("mentee", "goal", "task", "due", "done")), bold=True)

    def key(row: tuple[Any, ...]) -> tuple[Any, ...]:
        mentee_id, goal_id, _, task_id, _, due, _ = row
        return (_sort_name(name_of(t, people.get(mentee_id))), mentee_id, goal_id, due is None, due or date.min, task_id or 0)

    for mentee_id, _, goal, task_id, task, due, done_at in sorted(plans, key=key):
        if task_id is None:
            done: Any = None
        else:
            done = _local_date(done_at, ctx.tz) if done_at else ctx.text("rep-not-done")
        sheet.add(name_of(t, people.get(mentee_id)), goal, task, due, done)
    return sheet


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def feedback_sheet(ctx: Ctx, people: dict[int, Person], rows: list[tuple[int, int, str, str, str, Any]]) -> Sheet:
    """One row per submitted monthly feedback. An author's name only if they agreed (named = yes);
    names inside anonymous texts masked; anonymous scores hidden in a month, role and form with
    fewer than three anonymous answers."""
    t = ctx.t
    sheet = Sheet(t("rep-sheet-feedback"), widths=(10, 16, 24, 12, 12, 50, 50, 30), freeze=1)
    columns = ("month", "role", "form", "usefulness", "meetings", "helped", "hard", "author")
    sheet.add(*(t(f"rep-col-{c}") for c in columns), bold=True)
    mask = NameMask((p.name for p in people.values()), t("rep-name-hidden"))
    items = []
    anonymous: dict[tuple[str, str, str], int] = defaultdict(int)
    for pid, _, period, answers in _by_response(rows).values():
        person = people.get(pid)
        if person is None:
            continue
        named = answers.get("named") == "yes"
        group = (period, person.role, person.form)
        if not named:
            anonymous[group] += 1
        items.append((group, named, person, answers))

    def key(item: tuple[Any, ...]) -> tuple[Any, ...]:
        (period, role, form), named, person, answers = item
        return (period, ROLE_ORDER.get(role, 9), FORM_ORDER.get(form, 99), not named,
                _sort_name(person.name) if named else "", _text(answers.get("helped")), _text(answers.get("hard")))

    for group, named, person, answers in sorted(items, key=key):
        usefulness, meetings = _int(answers.get("usefulness")), _int(answers.get("meetings"))
        helped, hard = _text(answers.get("helped")), _text(answers.get("hard"))
        if not named:
            usefulness = _hide(ctx, sheet, anonymous[group], usefulness)
            meetings = _hide(ctx, sheet, anonymous[group], meetings)
            helped, hard = mask(helped), mask(hard)
        sheet.add(
            group[0],
            ctx.role(person.role),
            ctx.form(person.form),
            usefulness,
            meetings,
            helped or None,
            hard or None,
            name_of(t, person) if named else ctx.text("rep-anonymous"),
        )
    if sheet.hidden:
        sheet.blank()
        sheet.add(t("rep-footnote-feedback", min=MIN_ANSWERS))
        sheet.hidden = False
    return sheet


def roadmap_state(event: RoadmapEvent, today: date) -> str:
    if event.status == RoadmapStatus.DONE:
        return "done"
    if event.status == RoadmapStatus.CANCELLED:
        return "cancelled"
    return "overdue" if event.due_on < today else "planned"


async def roadmap_of(session: AsyncSession, programme_id: int) -> list[RoadmapEvent]:
    rows = await session.scalars(
        select(RoadmapEvent).where(RoadmapEvent.programme_id == programme_id).order_by(RoadmapEvent.stage, RoadmapEvent.due_on, RoadmapEvent.id)
    )
    return list(rows)


def roadmap_sheet(ctx: Ctx, events: list[RoadmapEvent]) -> Sheet:
    t = ctx.t
    sheet = Sheet(t("rep-sheet-roadmap"), widths=(30, 60, 30, 12, 14, 14), freeze=1)
    sheet.add(*(t(f"rep-col-{c}") for c in ("stage", "event", "responsible", "due", "rm-status", "done-on")), bold=True)
    for e in events:
        sheet.add(
            t("rep-stage", number=e.stage, name=stage_name(t, e.stage)),
            event_title(t, e),
            event_responsible(t, e) or None,
            e.due_on,
            ctx.text(f"rep-rm-{roadmap_state(e, ctx.today)}"),
            _local_date(e.done_at, ctx.tz) if e.status == RoadmapStatus.DONE else None,
        )
    return sheet


async def full_export(session: AsyncSession, programme: Programme, ctx: Ctx) -> list[Sheet]:
    """Participants, pairs, meetings, plans, feedback and the roadmap. Seven queries."""
    people = await people_of(session, programme.id)
    consents = await _consents(session, programme.id)
    pairs = await pairs_of(session, programme.id, history=True)
    meetings = await _meetings(session, programme.id)
    plans = await _plans(session, programme.id)
    feedback = await _answers(session, programme.id, [FEEDBACK], ["usefulness", "meetings", "helped", "hard", "named"])
    events = await roadmap_of(session, programme.id)
    return [
        participants_sheet(ctx, people, consents),
        pairs_sheet(ctx, people, pairs),
        meetings_sheet(ctx, people, pairs, meetings),
        plans_sheet(ctx, people, plans),
        feedback_sheet(ctx, people, feedback),
        roadmap_sheet(ctx, events),
    ]


# ---- 2. the quarterly roadmap report --------------------------------------------------------------

@dataclass(frozen=True, slots=True, order=True)
class Quarter:
    year: int
    number: int  # 1..4

    @classmethod
    def of(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def from_code(cls, code: int) -> Quarter | None:
        year, number = divmod(code, 10)
        return cls(year, number) if 1 <= number <= 4 and 2000 <= year <= 2200 else None

    @property
    def code(self) -> int:
        return self.year * 10 + self.number

    @property
    def first(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def last(self) -> date:
        return self.next().first - timedelta(days=1)

    @property
    def deadline(self) -> date:
        """The 10th of the month after the quarter (001, item 33)."""
        return self.next().first.replace(day=QUARTER_DEADLINE_DAY)

    def next(self) -> Quarter:
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)


def quarters_of(programme: Programme) -> list[Quarter]:
    """The calendar quarters the programme's year touches, in order."""
    quarter, last = Quarter.of(programme.starts_on), Quarter.of(programme.ends_on)
    out = []
    while quarter <= last:
        out.append(quarter)
        quarter = quarter.next()
    return out


def quarter_name(t: Translator, quarter: Quarter) -> str:
    return t(f"rep-quarter-name-{quarter.number}")


def _fmt(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def _title_rows(ctx: Ctx, sheet: Sheet, title: str, *lines: str) -> None:
    sheet.add(title, bold=True)
    sheet.add(ctx.school or ctx.t("rep-school-default"))
    for line in lines:
        sheet.add(line)
    sheet.blank()


def quarterly_sheet(ctx: Ctx, programme: Programme, quarter: Quarter, events: list[RoadmapEvent]) -> Sheet:
    t = ctx.t
    sheet = Sheet(t("rep-sheet-quarter", quarter=quarter_name(t, quarter), year=quarter.year), widths=(6, 30, 60, 30, 12, 14, 14))

    def stage(e: RoadmapEvent) -> str:
        return t("rep-stage", number=e.stage, name=stage_name(t, e.stage))

    planned = [e for e in events if quarter.first <= e.due_on <= quarter.last]
    done = [
        e for e in events
        if e.status == RoadmapStatus.DONE and e.done_at is not None and quarter.first <= _local_date(e.done_at, ctx.tz) <= quarter.last  # type: ignore[operator]
    ]
    done.sort(key=lambda e: (e.done_at, e.stage, e.due_on, e.id))
    overdue = [e for e in events if e.status == RoadmapStatus.PLANNED and e.due_on < ctx.today and e.due_on <= quarter.last]
    overdue.sort(key=lambda e: (e.due_on, e.stage, e.id))
    states = [roadmap_state(e, ctx.today) for e in planned]
    _title_rows(
        ctx,
        sheet,
        t("rep-quarter-title", quarter=quarter_name(t, quarter), year=quarter.year),
        t("rep-quarter-period", first=_fmt(quarter.first), last=_fmt(quarter.last), deadline=_fmt(quarter.deadline)),
        t("rep-as-of", year=programme.academic_year, date=_fmt(ctx.today)),
        t(
            "rep-quarter-summary",
            planned=len(planned),
            done=states.count("done"),
            overdue=states.count("overdue"),
            cancelled=states.count("cancelled"),
            extra=sum(1 for e in done if not quarter.first <= e.due_on <= quarter.last),
        ),
    )
    sheet.add(t("rep-quarter-planned"), bold=True)
    sheet.add(*(t(f"rep-col-{c}") for c in ("number", "stage", "event", "responsible", "due", "rm-status", "done-on")), bold=True)
    for n, e in enumerate(planned, start=1):
        done_on = _local_date(e.done_at, ctx.tz) if e.status == RoadmapStatus.DONE else None
        sheet.add(n, stage(e), event_title(t, e), event_responsible(t, e) or None, e.due_on, ctx.text(f"rep-rm-{roadmap_state(e, ctx.today)}"), done_on)
    if not planned:
        sheet.add(t("rep-quarter-none"))
    sheet.blank()
    sheet.add(t("rep-quarter-done"), bold=True)
    sheet.add(*(t(f"rep-col-{c}") for c in ("number", "stage", "event", "responsible", "due", "done-on")), bold=True)
    for n, e in enumerate(done, start=1):
        sheet.add(n, stage(e), event_title(t, e), event_responsible(t, e) or None, e.due_on, _local_date(e.done_at, ctx.tz))
    if not done:
        sheet.add(t("rep-quarter-none"))
    sheet.blank()
    sheet.add(t("rep-quarter-overdue", date=_fmt(ctx.today)), bold=True)
    sheet.add(*(t(f"rep-col-{c}") for c in ("number", "stage", "event", "responsible", "due", "days-overdue")), bold=True)
    for n, e in enumerate(overdue, start=1):
        sheet.add(n, stage(e), event_title(t, e), event_responsible(t, e) or None, e.due_on, (ctx.today - e.due_on).days)
    if not overdue:
        sheet.add(t("rep-quarter-none"))
    return sheet


async def quarterly_report(session: AsyncSession, programme: Programme, ctx: Ctx, quarter: Quarter) -> list[Sheet]:
    """What the roadmap planned for the quarter, what was done in it (and when), what is overdue. One query."""
    return [quarterly_sheet(ctx, programme, quarter, await roadmap_of(session, programme.id))]


# ---- 3. annual figures ----------------------------------------------------------------------------


def annual_deadline(today: date) -> date:
    """The next 20 January, today included (001, items 34-35)."""
    month, day = ANNUAL_DEADLINE
    this_year = date(today.year, month, day)
    return this_year if today <= this_year else date(today.year + 1, month, day)


@dataclass
class AnnualData:
    people: dict[int, Person]
    pairs: list[PairRow]
    intake: dict[int, dict[str, Any]]  # mentee id -> kind, experience_years, grade
    answers: dict[int, tuple[int, str, str, dict[str, Any]]]  # feedback and exit responses

    def involved_students(self) -> set[int]:
        """Users who are students aged 10-19 (5th-11th grade) in a pair (active or completed): mentees
        by their grade, mentors of the student-student form (senior students)."""
        in_pairs = {p.mentor_id for p in self.pairs} | {p.mentee_id for p in self.pairs}
        users: set[int] = set()
        for pid in in_pairs:
            person = self.people.get(pid)
            if person is None or person.user_id is None:
                continue  # unknown, or withdrawn: their grade and account are gone
            grade = _int(self.intake.get(pid, {}).get("grade"))
            student_mentee = person.role == Role.MENTEE and grade in STUDENT_GRADES
            if student_mentee or (person.role == Role.MENTOR and person.form == Form.STUDENT_STUDENT):
                users.add(person.user_id)
        return users


async def annual_data(session: AsyncSession, programme: Programme) -> AnnualData:
    """Four queries."""
    people = await people_of(session, programme.id)
    pairs = await pairs_of(session, programme.id)
    intake: dict[int, dict[str, Any]] = defaultdict(dict)
    for _, pid, _, _, question, value in await _answers(session, programme.id, [INTAKE], ["kind", "experience_years", "grade"]):
        intake[pid][question] = value
    answers = _by_response(await _answers(session, programme.id, [FEEDBACK, EXIT], ["usefulness", "goal_reached", "again"]))
    return AnnualData(people, pairs, dict(intake), answers)


def annual_sheet(ctx: Ctx, programme: Programme, data: AnnualData, students: int | None) -> Sheet:
    t = ctx.t
    sheet = Sheet(t("rep-sheet-annual"), widths=(58, 16, 16, 16, 16))
    _title_rows(
        ctx,
        sheet,
        t("rep-annual-title"),
        t("rep-as-of", year=programme.academic_year, date=_fmt(ctx.today)),
        t("rep-annual-deadline", date=_fmt(annual_deadline(ctx.today))),
    )
    counted = [p for p in data.people.values() if p.status in CONSENTED]

    # 1. participants by role and form
    sheet.add(t("rep-annual-people"), bold=True)
    sheet.add(t("rep-col-form"), t("rep-col-mentors"), t("rep-col-mentees"), t("rep-col-total"), bold=True)
    forms = list(dict.fromkeys([*programme.forms, *sorted({p.form for p in counted}, key=lambda f: FORM_ORDER.get(f, 99))]))
    by = defaultdict(int)
    for p in counted:
        by[(p.form, p.role)] += 1
    for form in forms:
        mentors, mentees = by[(form, Role.MENTOR.value)], by[(form, Role.MENTEE.value)]
        sheet.add(ctx.form(form), mentors, mentees, mentors + mentees)
    mentors = sum(1 for p in counted if p.role == Role.MENTOR)
    sheet.add(t("rep-total"), mentors, len(counted) - mentors, len(counted), bold=True)
    sheet.add(t("rep-annual-people-unique"), len({p.user_id for p in counted}))
    sheet.add(t("rep-annual-people-note"))
    sheet.blank()

    # 2. pairs
    sheet.add(t("rep-annual-pairs"), bold=True)
    sheet.add(t("rep-annual-pairs-total"), len(data.pairs))
    sheet.add(t("rep-annual-pairs-active"), sum(1 for p in data.pairs if p.status == PairStatus.ACTIVE))
    sheet.add(t("rep-annual-pairs-completed"), sum(1 for p in data.pairs if p.status == PairStatus.COMPLETED))
    sheet.blank()

    # 3. young teachers with a mentor
    young = [
        p for p in counted
        if p.role == Role.MENTEE
        and data.intake.get(p.id, {}).get("kind") == "teacher"
        and (years := _int(data.intake.get(p.id, {}).get("experience_years"))) is not None
        and 0 <= years <= YOUNG_TEACHER_YEARS
    ]
    paired_mentees = {p.mentee_id for p in data.pairs}
    with_mentor = sum(1 for p in young if p.id in paired_mentees)
    sheet.add(t("rep-annual-young", years=YOUNG_TEACHER_YEARS), bold=True)
    sheet.add(t("rep-annual-young-total"), len(young))
    sheet.add(t("rep-annual-young-paired"), with_mentor)
    sheet.add(t("rep-annual-young-share"), _share(with_mentor, len(young)) if young else t("rep-no-data"))
    sheet.blank()

    # 4. students aged 10-19
    involved = len(data.involved_students())
    sheet.add(t("rep-annual-students"), bold=True)
    sheet.add(t("rep-annual-students-involved"), involved)
    sheet.add(t("rep-annual-students-total"), students if students else t("rep-not-given"))
    sheet.add(t("rep-annual-students-share"), _share(involved, students) if students else t("rep-share-unknown"))
    sheet.add(t("rep-annual-students-target"), Share(NATIONAL_TARGET))
    if students:
        reached = involved / students >= NATIONAL_TARGET
        sheet.add(t("rep-annual-students-reached"), t("rep-yes" if reached else "rep-no"))
        sheet.add(t("rep-annual-students-note"))
    else:
        sheet.add(t("rep-annual-students-unknown", involved=involved))
    sheet.blank()

    # 5. satisfaction
    sheet.add(t("rep-annual-satisfaction"), bold=True)
    sheet.add(t("rep-col-role"), t("rep-col-avg-usefulness"), t("rep-col-answers"), t("rep-col-goal-yes"), t("rep-col-exit-answers"), bold=True)
    for role in (Role.MENTOR.value, Role.MENTEE.value):
        scores: list[int] = []
        goals: list[Any] = []
        for pid, qn, _, answers in data.answers.values():
            person = data.people.get(pid)
            if person is None or person.role != role:
                continue
            if qn == FEEDBACK and (score := _int(answers.get("usefulness"))) is not None:
                scores.append(score)
            elif qn == EXIT and "goal_reached" in answers:
                goals.append(answers["goal_reached"])
        sheet.add(
            t(f"rep-role-plural-{role}"),
            _hide(ctx, sheet, len(scores), _avg(scores)),
            len(scores),
            _hide(ctx, sheet, len(goals), _share(goals.count("yes"), len(goals))),
            len(goals),
        )
    _footnote(ctx, sheet)
    return sheet


async def annual_report(session: AsyncSession, programme: Programme, ctx: Ctx, students: int | None) -> list[Sheet]:
    return [annual_sheet(ctx, programme, await annual_data(session, programme), students)]


# ---- 4. monitoring of impact ----------------------------------------------------------------------


async def impact_report(session: AsyncSession, programme: Programme, ctx: Ctx) -> list[Sheet]:
    """Each mentee's baseline self-assessment against the final one, and the averages by form. Two queries."""
    t = ctx.t
    people = await people_of(session, programme.id)
    scores: dict[tuple[int, str], dict[str, int]] = defaultdict(dict)
    for _, pid, _, period, question, value in await _answers(session, programme.id, [SELF], SCALES, [BASELINE, FINAL]):
        if (v := _int(value)) is not None:
            scores[(pid, period)][question] = v
    mentees = sorted(
        (p for p in people.values() if p.role == Role.MENTEE and (p.status in CONSENTED or (p.id, BASELINE) in scores or (p.id, FINAL) in scores)),
        key=lambda p: (FORM_ORDER.get(p.form, 99), _sort_name(name_of(t, p)), p.id),
    )
    scale = {key: t(f"rep-scale-{key}") for key in SCALES}

    per = Sheet(t("rep-sheet-impact-people"), widths=(34, 24, 34, 16, 16, 12), freeze=1)
    per.add(*(t(f"rep-col-{c}") for c in ("mentee", "form", "scale", "baseline", "final", "change")), bold=True)
    no_base, no_final = t("rep-no-baseline"), t("rep-no-final")
    # form -> scale (or "" for the total) -> [(baseline, final)]
    pairs_by_form: dict[str, dict[str, list[tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))
    coverage: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    seen: dict[str, set[str]] = defaultdict(set)  # form -> scales anyone answered
    for p in mentees:
        base, final = scores.get((p.id, BASELINE)), scores.get((p.id, FINAL))
        cover = coverage[p.form]
        cover[0] += 1
        cover[1] += base is not None
        cover[2] += final is not None
        name, form = name_of(t, p), ctx.form(p.form)
        if base is None and final is None:
            per.add(name, form, None, no_base, no_final, None)
            continue
        keys = [k for k in SCALES if k in (base or {}) or k in (final or {})]
        seen[p.form].update(keys)
        for key in keys:
            b = (base or {}).get(key)
            f = (final or {}).get(key)
            per.add(
                name,
                form,
                scale[key],
                b if b is not None else no_base,
                f if f is not None else no_final,
                f - b if b is not None and f is not None else None,
            )
            if b is not None and f is not None:
                pairs_by_form[p.form][key].append((b, f))
        both = [k for k in keys if k in (base or {}) and k in (final or {})]
        if base is not None and final is not None:
            total_b, total_f = sum(base[k] for k in both), sum(final[k] for k in both)
            per.add(name, form, t("rep-scale-total"), total_b, total_f, total_f - total_b, bold=True)
            if both:
                pairs_by_form[p.form][""].append((total_b, total_f))
        else:
            total_b = sum(base.values()) if base else no_base
            total_f = sum(final.values()) if final else no_final
            per.add(name, form, t("rep-scale-total"), total_b, total_f, None, bold=True)

    forms = Sheet(t("rep-sheet-impact-forms"), widths=(28, 34, 18, 16, 16, 16))
    _title_rows(ctx, forms, t("rep-impact-title"), t("rep-as-of", year=programme.academic_year, date=_fmt(ctx.today)))
    forms.add(t("rep-impact-coverage"), bold=True)
    forms.add(*(t(f"rep-col-{c}") for c in ("form", "mentees", "with-baseline", "with-final")), bold=True)
    for form, (total, with_base, with_final) in coverage.items():
        forms.add(ctx.form(form), total, with_base, with_final)
    forms.blank()
    forms.add(t("rep-impact-averages"), bold=True)
    forms.add(*(t(f"rep-col-{c}") for c in ("form", "scale", "both", "avg-baseline", "avg-final", "avg-change")), bold=True)
    for form in coverage:
        by_scale = pairs_by_form.get(form, {})
        for key in [*(k for k in SCALES if k in seen[form]), ""]:
            values = by_scale.get(key, [])
            n = len(values)
            label = scale[key] if key else t("rep-scale-total")
            forms.add(
                ctx.form(form),
                label,
                n,
                _hide(ctx, forms, n, _avg([b for b, _ in values])),
                _hide(ctx, forms, n, _avg([f for _, f in values])),
                _hide(ctx, forms, n, _avg([f - b for b, f in values])),
                bold=not key,
            )
    _footnote(ctx, forms)
    return [forms, per]


# ---- 5. satisfaction survey -----------------------------------------------------------------------


async def satisfaction_report(session: AsyncSession, programme: Programme, ctx: Ctx) -> list[Sheet]:
    """The exit questionnaires and each person's last monthly feedback, by role and form. Two queries."""
    t = ctx.t
    people = await people_of(session, programme.id)
    rows = _by_response(await _answers(session, programme.id, [FEEDBACK, EXIT], ["usefulness", "goal_reached", "again"]))
    exits: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    last: dict[int, tuple[str, int]] = {}
    for pid, qn, period, answers in rows.values():
        person = people.get(pid)
        if person is None:
            continue
        if qn == EXIT:
            exits[(person.role, person.form)].append(answers)
        elif (score := _int(answers.get("usefulness"))) is not None and (pid not in last or period > last[pid][0]):
            last[pid] = (period, score)
    feedback: dict[tuple[str, str], list[int]] = defaultdict(list)
    for pid, (_, score) in last.items():
        person = people[pid]
        feedback[(person.role, person.form)].append(score)

    sheet = Sheet(t("rep-sheet-satisfaction"), widths=(22, 24, 14, 14, 14, 14, 16, 16, 16))
    _title_rows(ctx, sheet, t("rep-satisfaction-title"), t("rep-as-of", year=programme.academic_year, date=_fmt(ctx.today)))
    columns = ("role", "form", "exit-answers", "goal-yes", "goal-partly", "goal-no", "again-yes", "last-answers", "avg-usefulness")
    sheet.add(*(t(f"rep-col-{c}") for c in columns), bold=True)

    def line(role_text: str, form_text: str, ex: list[dict[str, Any]], scores: list[int], bold: bool = False) -> None:
        n = len(ex)
        goals = [a.get("goal_reached") for a in ex]
        again = [a.get("again") for a in ex]
        sheet.add(
            role_text,
            form_text,
            n,
            *(_hide(ctx, sheet, n, _share(goals.count(v), n)) for v in ("yes", "partly", "no")),
            _hide(ctx, sheet, n, _share(again.count("yes"), n)),
            len(scores),
            _hide(ctx, sheet, len(scores), _avg(scores)),
            bold=bold,
        )

    groups = set(exits) | set(feedback)
    everyone_ex: list[dict[str, Any]] = []
    everyone_fb: list[int] = []
    for role in (Role.MENTOR.value, Role.MENTEE.value):
        role_forms = sorted((f for r, f in groups if r == role), key=lambda f: FORM_ORDER.get(f, 99))
        all_ex: list[dict[str, Any]] = []
        all_fb: list[int] = []
        for form in role_forms:
            line(ctx.role(role), ctx.form(form), exits[(role, form)], feedback[(role, form)])
            all_ex += exits[(role, form)]
            all_fb += feedback[(role, form)]
        line(t(f"rep-role-plural-{role}"), t("rep-all-forms"), all_ex, all_fb, bold=True)
        everyone_ex += all_ex
        everyone_fb += all_fb
    line(t("rep-everyone"), t("rep-all-forms"), everyone_ex, everyone_fb, bold=True)
    sheet.blank()
    sheet.add(t("rep-satisfaction-note"))
    _footnote(ctx, sheet)
    return [sheet]


# ---- 6. the registry of mentors -------------------------------------------------------------------


async def registry_sheet(session: AsyncSession, programme: Programme, ctx: Ctx) -> Sheet:
    """Active mentors who consented, one row per person: name, subject, forms, mentees helped
    (completed and active pairs). Three queries."""
    t = ctx.t
    people = await people_of(session, programme.id)
    consented = set(
        await session.scalars(
            select(Consent.participant_id)
            .join(Participant, Participant.id == Consent.participant_id)
            .where(Participant.programme_id == programme.id, Participant.role == Role.MENTOR)
            .distinct()
        )
    )
    pairs = await pairs_of(session, programme.id)
    mentors = [p for p in people.values() if p.role == Role.MENTOR and p.status == ParticipantStatus.ACTIVE and p.id in consented]
    by_user: dict[int, list[Person]] = defaultdict(list)
    for p in sorted(mentors, key=lambda p: p.id):
        by_user[p.user_id].append(p)
    helped: dict[int, set[int]] = defaultdict(set)
    pair_forms: dict[int, set[str]] = defaultdict(set)
    for pair in pairs:
        if pair.status in (PairStatus.ACTIVE, PairStatus.COMPLETED):
            helped[pair.mentor_id].add(pair.mentee_id)
            pair_forms[pair.mentor_id].add(pair.form)
    rows = []
    for rows_of_user in by_user.values():
        ids = [p.id for p in rows_of_user]
        name = next((p.name for p in rows_of_user if p.name), "") or name_of(t, rows_of_user[0])
        subject = next((p.class_or_subject for p in rows_of_user if p.class_or_subject), "")
        forms = {p.form for p in rows_of_user} | set().union(*(pair_forms[i] for i in ids))
        mentees = set().union(*(helped[i] for i in ids))
        rows.append((name, subject, forms, len(mentees)))
    sheet = Sheet(t("rep-sheet-registry"), widths=(6, 36, 28, 40, 16), freeze=1)
    sheet.add(*(t(f"rep-col-{c}") for c in ("number", "name", "subject", "forms", "mentees-helped")), bold=True)
    for n, (name, subject, forms, count) in enumerate(sorted(rows, key=lambda r: _sort_name(r[0])), start=1):
        labels = ", ".join(ctx.form(f) for f in sorted(forms, key=lambda f: FORM_ORDER.get(f, 99)))
        sheet.add(n, name, subject or None, labels, count)
    return sheet


# ---- files ----------------------------------------------------------------------------------------

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
_EPOCH = date(1899, 12, 30)
# Cell styles (xl/styles.xml cellXfs): 0 plain, 1 bold, 2 date, 3 date and time, 4 percent, 5 one decimal.
PLAIN, BOLD, DATE, DATETIME, PERCENT, DECIMAL = range(6)
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_NS_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_STYLES = (
    _HEAD + f"<styleSheet {_NS}>"
    '<numFmts count="3"><numFmt numFmtId="164" formatCode="dd.mm.yyyy"/>'
    '<numFmt numFmtId="165" formatCode="dd.mm.yyyy hh:mm"/><numFmt numFmtId="166" formatCode="0.0"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="9" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
)


def _column(n: int) -> str:
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell(ref: str, value: Any, bold: bool) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, Share):
        return f'<c r="{ref}" s="{PERCENT}"><v>{float(value)!r}</v></c>'
    if isinstance(value, float):
        return f'<c r="{ref}" s="{DECIMAL}"><v>{value!r}</v></c>'
    if isinstance(value, int):
        style = f' s="{BOLD}"' if bold else ""
        return f'<c r="{ref}"{style}><v>{value}</v></c>'
    if isinstance(value, datetime):
        serial = (value.date() - _EPOCH).days + (value.hour * 3600 + value.minute * 60 + value.second) / 86400
        return f'<c r="{ref}" s="{DATETIME}"><v>{serial!r}</v></c>'
    if isinstance(value, date):
        return f'<c r="{ref}" s="{DATE}"><v>{(value - _EPOCH).days}</v></c>'
    text = escape(_ILLEGAL.sub("", str(value)))
    style = f' s="{BOLD}"' if bold else ""
    # An inline string is never a formula, whatever it starts with.
    return f'<c r="{ref}"{style} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def _sheet_xml(sheet: Sheet) -> str:
    width = max((len(r) for r in sheet.rows), default=0)
    letters = [_column(n) for n in range(1, width + 1)]
    parts = [_HEAD, f"<worksheet {_NS} {_NS_R}>"]
    if sheet.freeze:
        top = f"A{sheet.freeze + 1}"
        parts.append(
            f'<sheetViews><sheetView workbookViewId="0"><pane ySplit="{sheet.freeze}" topLeftCell="{top}" '
            'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
        )
    if sheet.widths:
        parts.append("<cols>")
        parts += [f'<col min="{n}" max="{n}" width="{w}" customWidth="1"/>' for n, w in enumerate(sheet.widths, start=1)]
        parts.append("</cols>")
    parts.append("<sheetData>")
    for number, row in enumerate(sheet.rows, start=1):
        bold = number - 1 in sheet.bold
        cells = "".join(_cell(f"{letters[i]}{number}", v, bold) for i, v in enumerate(row))
        parts.append(f'<row r="{number}">{cells}</row>' if cells else f'<row r="{number}"/>')
    parts.append("</sheetData></worksheet>")
    return "".join(parts)


def sheet_names(sheets: Sequence[Sheet]) -> list[str]:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique."""
    names: list[str] = []
    for n, sheet in enumerate(sheets, start=1):
        name = _SHEET_BAD.sub(" ", sheet.title).strip()[:31] or str(n)
        while name.casefold() in (x.casefold() for x in names):
            name = f"{name[:28]} {n}"
        names.append(name)
    return names


def xlsx(sheets: Sequence[Sheet]) -> bytes:
    """The sheets as an Office Open XML workbook, streamed out without a spreadsheet library (a
    municipality's export has hundreds of thousands of cells)."""
    names = sheet_names(sheets)
    count = len(sheets)
    content_types = (
        _HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        + "".join(
            f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for n in range(1, count + 1)
        )
        + "</Types>"
    )
    rels = (
        _HEAD + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'
    )
    workbook = (
        _HEAD + f"<workbook {_NS} {_NS_R}><sheets>"
        + "".join(f'<sheet name={quoteattr(name)} sheetId="{n}" r:id="rId{n}"/>' for n, name in enumerate(names, start=1))
        + "</sheets></workbook>"
    )
    workbook_rels = (
        _HEAD + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(
            f'<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            f'Target="worksheets/sheet{n}.xml"/>'
            for n in range(1, count + 1)
        )
        + f'<Relationship Id="rId{count + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
        'Target="styles.xml"/></Relationships>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", content_types)
        z.writestr("_rels/.rels", rels)
        z.writestr("xl/workbook.xml", workbook)
        z.writestr("xl/_rels/workbook.xml.rels", workbook_rels)
        z.writestr("xl/styles.xml", _STYLES)
        for n, sheet in enumerate(sheets, start=1):
            z.writestr(f"xl/worksheets/sheet{n}.xml", _sheet_xml(sheet))
    return out.getvalue()


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Share):
        return f"{round(value * 100)}%"
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return _fmt(value)
    text = _ILLEGAL.sub("", str(value))
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_bytes(sheet: Sheet) -> bytes:
    """One sheet as CSV for Excel: UTF-8 with a BOM, ";" between cells; a cell a spreadsheet would run
    as a formula starts with an apostrophe."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in sheet.rows:
        writer.writerow([_csv_value(v) for v in row])
    return out.getvalue().encode("utf-8-sig")
