"""The curator's SWOT analysis of each form of mentorship (stage 7; regulation 004, 5.1 and 8.1).

The quality of the programme is judged "through a SWOT analysis by the forms of mentorship actually
run": per form the curator writes four parts (strengths, weaknesses, opportunities, threats). Each
typed part is stored at once in `SwotReview.answers`, so a restart in the middle loses nothing.

Next to the review the curator sees the form's own figures (participants, pairs, meetings held,
satisfaction), the material the analysis weighs; the SWOT report carries the same figures. They come
from a fixed number of aggregate queries whatever the size of the school. Satisfaction is read as the
satisfaction report reads it (bot/services/reports.py): each person's last monthly usefulness score and
the exit survey's "goal reached", by role; under `MIN_ANSWERS` answers the value is withheld, so that a
student's rating of their own teacher cannot be read off a small form.

Functions here never commit.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, select, union
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import reports as rs
from db.models import (
    Answer,
    Form,
    Meeting,
    MeetingStatus,
    Pair,
    PairStatus,
    Participant,
    Programme,
    QuestionnaireResponse,
    ResponseStatus,
    Role,
    SwotReview,
)

PARTS = ("strengths", "weaknesses", "opportunities", "threats")
# A part is a few paragraphs; four whole parts and the figures still fit in one 4096-character
# message only when shortened, so the review screen shows at most PREVIEW characters of each.
PART_MAX = 2000
FORMS = tuple(f.value for f in Form)  # known forms, in the order they are shown
ROLES = (Role.MENTOR.value, Role.MENTEE.value)
MIN_ANSWERS = rs.MIN_ANSWERS
FEEDBACK, EXIT = rs.FEEDBACK, rs.EXIT
USEFULNESS, GOAL = "usefulness", "goal_reached"


# ---- the review -----------------------------------------------------------------------------------


def parts_of(answers: Any) -> dict[str, str]:
    """The written parts of a stored review, in order. Anything else in the JSON (another key, a value
    that is not text, an empty text) does not count as written."""
    if not isinstance(answers, dict):
        return {}
    out: dict[str, str] = {}
    for part in PARTS:
        value = answers.get(part)
        if isinstance(value, str) and value.strip():
            out[part] = value.strip()
    return out


def is_complete(answers: Any) -> bool:
    return len(parts_of(answers)) == len(PARTS)


def ordered(forms: Iterable[str]) -> list[str]:
    """Known forms only, in the usual order (a stray value in the data is not a form to analyse)."""
    found = set(forms)
    return [f for f in FORMS if f in found]


async def forms_of(session: AsyncSession, programme: Programme) -> list[str]:
    """The forms to analyse: those the programme ran, i.e. with consented participants or pairs, and
    any the curator has already begun a review of; before anyone has joined, the programme's own
    forms. One query."""
    query = union(
        select(Participant.form).where(Participant.programme_id == programme.id, Participant.status.in_(rs.CONSENTED)),
        select(Pair.form).where(Pair.programme_id == programme.id),
        select(SwotReview.form).where(SwotReview.programme_id == programme.id),
    )
    found = ordered(await session.scalars(query))
    return found or ordered(programme.forms or ())


async def allowed_forms(session: AsyncSession, programme: Programme) -> set[str]:
    """Forms a button may name: the ones listed, and any form the programme runs (a list built before
    the first participant joined showed those)."""
    return set(await forms_of(session, programme)) | set(ordered(programme.forms or ()))


async def reviews_of(session: AsyncSession, programme_id: int) -> dict[str, SwotReview]:
    """The programme's reviews by form. One query."""
    rows = await session.scalars(select(SwotReview).where(SwotReview.programme_id == programme_id))
    return {r.form: r for r in rows}


async def review_of(session: AsyncSession, programme_id: int, form: str) -> SwotReview | None:
    return await session.scalar(
        select(SwotReview).where(SwotReview.programme_id == programme_id, SwotReview.form == form).execution_options(populate_existing=True)
    )


async def save_part(
    session: AsyncSession, programme_id: int, form: str, part: str, text: str, actor: int, now: datetime
) -> SwotReview:
    """Writes one part of a form's review, creating the review on the first part. Another curator of
    the school may create the same row at the same moment: the insert runs in a savepoint and, if it
    loses the race, the other row is updated instead of the update failing."""
    if part not in PARTS:
        raise ValueError(part)
    review = await review_of(session, programme_id, form)
    if review is None:
        try:
            async with session.begin_nested():
                review = SwotReview(programme_id=programme_id, form=form, answers={}, updated_by=actor, created_at=now, updated_at=now)
                session.add(review)
        except IntegrityError:
            review = await review_of(session, programme_id, form)
            if review is None:
                raise
    review.answers = {**(review.answers if isinstance(review.answers, dict) else {}), part: text.strip()}
    review.updated_by = actor
    review.updated_at = now
    await session.flush()
    return review


# ---- the form's figures ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rating:
    """An average or a share over `answers` answers; `value` is None under MIN_ANSWERS (privacy) or with none."""

    answers: int = 0
    value: float | None = None


def _rating(values: Sequence[float], share: bool = False) -> Rating:
    n = len(values)
    if n < MIN_ANSWERS:
        return Rating(n, None)
    return Rating(n, round(sum(values) / n, 3 if share else 1))


@dataclass(frozen=True, slots=True)
class FormFigures:
    mentors: int = 0  # consented participants, deactivated ones included (they took part)
    mentees: int = 0
    pairs: int = 0  # formed: active and completed
    completed: int = 0
    meetings_held: int = 0
    usefulness: dict[str, Rating] = field(default_factory=dict)  # role -> last monthly usefulness, 1-10
    goal_reached: dict[str, Rating] = field(default_factory=dict)  # role -> share of exit surveys saying "yes"


async def figures(session: AsyncSession, programme_id: int, forms: Sequence[str]) -> dict[str, FormFigures]:
    """Each of these forms' figures. Four queries, whatever the number of people and forms."""
    wanted = list(forms)
    people: dict[tuple[str, str], int] = defaultdict(int)
    rows = await session.execute(
        select(Participant.form, Participant.role, func.count())
        .where(Participant.programme_id == programme_id, Participant.status.in_(rs.CONSENTED), Participant.form.in_(wanted))
        .group_by(Participant.form, Participant.role)
    )
    for form, role, count in rows.all():
        people[(form, role)] = int(count)

    pairs: dict[str, tuple[int, int]] = {}
    rows = await session.execute(
        select(Pair.form, func.count(), func.count(case((Pair.status == PairStatus.COMPLETED, 1))))
        .where(Pair.programme_id == programme_id, Pair.form.in_(wanted))
        .group_by(Pair.form)
    )
    for form, total, completed in rows.all():
        pairs[form] = (int(total), int(completed))

    rows = await session.execute(
        select(Pair.form, func.count(Meeting.id))
        .join(Pair, Pair.id == Meeting.pair_id)
        .where(Pair.programme_id == programme_id, Pair.form.in_(wanted), Meeting.status == MeetingStatus.HELD)
        .group_by(Pair.form)
    )
    held = {form: int(count) for form, count in rows.all()}

    # Satisfaction: the answers themselves (each person's last feedback is picked in Python, as the
    # satisfaction report does), one row per submitted answer to the two questions.
    rows = await session.execute(
        select(Participant.id, Participant.form, Participant.role, QuestionnaireResponse.questionnaire, QuestionnaireResponse.period, Answer.value)
        .join(QuestionnaireResponse, QuestionnaireResponse.participant_id == Participant.id)
        .join(Answer, Answer.response_id == QuestionnaireResponse.id)
        .where(
            Participant.programme_id == programme_id,
            Participant.form.in_(wanted),
            QuestionnaireResponse.status == ResponseStatus.SUBMITTED,
            (
                ((QuestionnaireResponse.questionnaire == FEEDBACK) & (Answer.question == USEFULNESS))
                | ((QuestionnaireResponse.questionnaire == EXIT) & (Answer.question == GOAL))
            ),
        )
    )
    last: dict[int, tuple[str, str, str, int]] = {}  # participant -> (period, form, role, score)
    goals: dict[tuple[str, str], list[float]] = defaultdict(list)
    for pid, form, role, questionnaire, period, value in rows.all():
        if questionnaire == EXIT:
            goals[(form, role)].append(1.0 if value == "yes" else 0.0)
        elif type(value) is int and (pid not in last or period > last[pid][0]):
            last[pid] = (period, form, role, value)
    scores: dict[tuple[str, str], list[float]] = defaultdict(list)
    for _, form, role, score in last.values():
        scores[(form, role)].append(float(score))

    return {
        form: FormFigures(
            mentors=people[(form, Role.MENTOR.value)],
            mentees=people[(form, Role.MENTEE.value)],
            pairs=pairs.get(form, (0, 0))[0],
            completed=pairs.get(form, (0, 0))[1],
            meetings_held=held.get(form, 0),
            usefulness={role: _rating(scores[(form, role)]) for role in ROLES},
            goal_reached={role: _rating(goals[(form, role)], share=True) for role in ROLES},
        )
        for form in wanted
    }


# ---- the report -----------------------------------------------------------------------------------


def _form_sheet(ctx: rs.Ctx, programme: Programme, form: str, figures_: FormFigures, review: SwotReview | None) -> rs.Sheet:
    t = ctx.t
    sheet = rs.Sheet(ctx.form(form), widths=(52, 90, 16))
    rs._title_rows(ctx, sheet, t("swot-report-title"), t("rep-as-of", year=programme.academic_year, date=rs._fmt(ctx.today)))
    sheet.add(t("swot-report-form", form=ctx.form(form)), bold=True)
    sheet.blank()

    sheet.add(t("swot-report-figures"), bold=True)
    sheet.add(t("swot-report-mentors"), figures_.mentors)
    sheet.add(t("swot-report-mentees"), figures_.mentees)
    sheet.add(t("swot-report-pairs"), figures_.pairs)
    sheet.add(t("swot-report-completed"), figures_.completed)
    sheet.add(t("swot-report-meetings"), figures_.meetings_held)
    sheet.blank()
    sheet.add(t("swot-report-satisfaction"), t("swot-report-col-mentors"), t("swot-report-col-mentees"), bold=True)

    def shown(rating: Rating, share: bool) -> Any:
        if rating.value is None:
            return rs._hide(ctx, sheet, rating.answers, None)  # "—", with the footnote
        return rs.Share(rating.value) if share else rating.value

    use, goal = figures_.usefulness, figures_.goal_reached
    sheet.add(t("swot-report-usefulness-answers"), *(use[r].answers for r in ROLES))
    sheet.add(t("swot-report-usefulness"), *(shown(use[r], False) for r in ROLES))
    sheet.add(t("swot-report-exit-answers"), *(goal[r].answers for r in ROLES))
    sheet.add(t("swot-report-goal"), *(shown(goal[r], True) for r in ROLES))
    sheet.blank()

    sheet.add(t("swot-report-analysis"), bold=True)
    written = parts_of(review.answers) if review is not None else {}
    if review is None or not written:
        sheet.add(t("swot-report-not-done"))
    else:
        for part in PARTS:
            sheet.add(t(f"swot-part-{part}"), written.get(part) or t("swot-report-empty-part"))
        sheet.add(t("swot-report-updated"), rs._local_date(review.updated_at, ctx.tz))
    rs._footnote(ctx, sheet)
    return sheet


@dataclass(frozen=True, slots=True)
class Report:
    sheets: list[rs.Sheet]
    filename: str
    caption: str


async def report(session: AsyncSession, programme: Programme, ctx: rs.Ctx) -> Report:
    """The SWOT report: a sheet per form, the four parts and the form's figures under the school's name
    and the academic year; a form without a review says so. Six queries."""
    t = ctx.t
    forms = await forms_of(session, programme)
    reviews = await reviews_of(session, programme.id)
    numbers = await figures(session, programme.id, forms)
    sheets = [_form_sheet(ctx, programme, form, numbers[form], reviews.get(form)) for form in forms]
    if not sheets:
        sheet = rs.Sheet(t("swot-report-sheet"), widths=(90,))
        rs._title_rows(ctx, sheet, t("swot-report-title"), t("rep-as-of", year=programme.academic_year, date=rs._fmt(ctx.today)))
        sheet.add(t("swot-report-no-forms"))
        sheets = [sheet]
    done = sum(1 for form in forms if form in reviews and is_complete(reviews[form].answers))
    year = programme.academic_year.replace("/", "-")  # no slash in a file name
    caption = t("swot-caption", date=rs._fmt(ctx.today), done=done, forms=len(forms))
    return Report(sheets, f"{t('swot-file', year=year)}.xlsx", caption)
