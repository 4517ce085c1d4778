"""The default roadmap: the template loads and is whole, every text exists in both languages, the
dates fall in the programme's year, and ensure_roadmap fills a programme once without undoing the
curator's changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import SUPPORTED, L10n
from bot.services import roadmap
from bot.services.programme import first_programme
from bot.services.roadmap import TEMPLATE, TemplateEvent, due_date, ensure_roadmap, load_template
from db.models import Programme, RoadmapEvent, RoadmapStatus

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
STARTS = date(2026, 9, 1)
ENDS = date(2027, 8, 31)


def test_template_loads_with_unique_codes() -> None:
    assert 25 <= len(TEMPLATE) <= 60
    codes = [t.code for t in TEMPLATE]
    assert len(codes) == len(set(codes))
    assert all(isinstance(t, TemplateEvent) and t.source for t in TEMPLATE)
    assert {t.category for t in TEMPLATE} == {"event", "report"}
    assert load_template() == TEMPLATE


def test_every_stage_has_events() -> None:
    for stage in range(1, 8):
        assert [t for t in TEMPLATE if t.stage == stage and t.category == "event"], f"stage {stage}"


def test_auto_conditions_are_known_and_used_once() -> None:
    autos = [t.auto for t in TEMPLATE if t.auto is not None]
    assert set(autos) <= set(roadmap.AUTO)
    assert len(autos) == len(set(autos))
    assert "feedback-monthly" not in autos
    assert {"consents-collected", "pairs-formed", "final-survey-done"} <= set(autos)


def test_due_date_splits_the_academic_year() -> None:
    assert due_date(STARTS, 9, 30) == date(2026, 9, 30)
    assert due_date(STARTS, 12, 31) == date(2026, 12, 31)
    assert due_date(STARTS, 1, 10) == date(2027, 1, 10)
    assert due_date(STARTS, 8, 31) == date(2027, 8, 31)


def test_due_dates_fall_in_the_programme_year() -> None:
    dates = {t.code: due_date(STARTS, *t.due) for t in TEMPLATE}
    outside = {code: d for code, d in dates.items() if not STARTS <= d <= ENDS}
    assert outside == {}


def test_reporting_deadlines() -> None:
    reports = {due_date(STARTS, *t.due) for t in TEMPLATE if t.category == "report"}
    quarterly = {date(2026, 10, 10), date(2027, 1, 10), date(2027, 4, 10), date(2027, 7, 10)}
    yearly = {date(2027, 1, 20)}
    half_yearly = {date(2026, 12, 31), date(2027, 6, 30)}
    assert quarterly | yearly | half_yearly <= reports
    # Participant counts and effectiveness indicators are two reports due the same day (001, 34-35).
    assert sum(1 for t in TEMPLATE if t.category == "report" and t.due == (1, 20)) == 2


def test_stages_follow_the_year() -> None:
    """Stage 1 opens the year, completion closes it; a stage's events do not run backwards
    past the previous stage's on the main sequence 1-2-3-4 and 6-7."""
    by_stage = {s: [due_date(STARTS, *t.due) for t in TEMPLATE if t.stage == s and t.category == "event"] for s in range(1, 8)}
    for earlier, later in ((1, 2), (2, 3), (3, 4), (6, 7)):
        assert min(by_stage[earlier]) <= min(by_stage[later]), (earlier, later)
    assert max(by_stage[7]) == max(max(dates) for dates in by_stage.values())


@pytest.mark.parametrize("locale", SUPPORTED)
def test_every_text_exists(locale: str) -> None:
    l10n = L10n()
    keys = {f"roadmap-stage-{s}" for s in range(1, 8)}
    keys |= {f"roadmap-event-{t.code}" for t in TEMPLATE}
    keys |= {f"roadmap-resp-{key}" for key in roadmap.RESPONSIBLE}
    assert sorted(k for k in keys if not l10n.has(locale, k)) == []
    assert {t.responsible for t in TEMPLATE} <= set(roadmap.RESPONSIBLE)


def test_titles_and_responsible() -> None:
    t = L10n().translator("ru")
    template = RoadmapEvent(stage=6, code="first-meeting", title=None, responsible="curator")
    assert roadmap.event_title(t, template) == t("roadmap-event-first-meeting") != "roadmap-event-first-meeting"
    assert roadmap.event_responsible(t, template) == t("roadmap-resp-curator")
    custom = RoadmapEvent(stage=6, code=None, title="Open lesson", responsible="A. Petrova")
    assert roadmap.event_title(t, custom) == "Open lesson"
    assert roadmap.event_responsible(t, custom) == "A. Petrova"
    assert roadmap.event_responsible(t, RoadmapEvent(stage=6, code=None, title="x", responsible=None)) == ""
    # A template event the curator renamed or gave to a person keeps the curator's words.
    renamed = RoadmapEvent(stage=6, code="first-meeting", title="Kick-off", responsible="A. Petrova")
    assert (roadmap.event_title(t, renamed), roadmap.event_responsible(t, renamed)) == ("Kick-off", "A. Petrova")
    assert roadmap.stage_name(t, 5) == t("roadmap-stage-5")


GOOD = """
[[event]]
code = "{code}"
stage = {stage}
category = "{category}"
due = "{due}"
responsible = "{responsible}"
source = "000 p. 1.1"
"""


def _write(path: Path, *entries: dict[str, object]) -> Path:
    base = {"code": "one", "stage": 1, "category": "event", "due": "09-30", "responsible": "curator"}
    path.write_text("".join(GOOD.format(**(base | e)) for e in entries), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        (({}, {}), "one"),  # the code twice
        (({"stage": 8},), "stage"),
        (({"stage": 0},), "stage"),
        (({"due": "02-29"},), "02-29"),
        (({"due": "13-01"},), "13-01"),
        (({"due": "9-30"},), "9-30"),
        (({"category": "meeting"},), "category"),
        (({"responsible": "janitor"},), "responsible"),
        (({"code": "Bad Code"},), "Bad Code"),
    ],
)
def test_a_bad_entry_is_named(tmp_path: Path, entries: tuple[dict[str, object], ...], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        load_template(_write(tmp_path / "roadmap.toml", *entries))


def test_a_good_file_loads(tmp_path: Path) -> None:
    loaded = load_template(_write(tmp_path / "roadmap.toml", {}, {"code": "two", "due": "01-10", "category": "report"}))
    assert [(e.code, e.due, e.category, e.auto) for e in loaded] == [("one", (9, 30), "event", None), ("two", (1, 10), "report", None)]


async def _fresh_programme(session: AsyncSession) -> Programme:
    """The test programme with no template events (whatever the app's start may have added)."""
    programme = await first_programme(session)
    assert programme is not None
    assert programme.starts_on == STARTS
    await session.execute(delete(RoadmapEvent).where(RoadmapEvent.programme_id == programme.id))
    await session.commit()
    return programme


async def test_ensure_roadmap_adds_once_and_keeps_changes(session: AsyncSession) -> None:
    programme = await _fresh_programme(session)
    assert await ensure_roadmap(session, programme, NOW) == len(TEMPLATE)
    await session.commit()

    rows = {e.code: e for e in await session.scalars(select(RoadmapEvent).where(RoadmapEvent.programme_id == programme.id))}
    assert set(rows) == {t.code for t in TEMPLATE}
    for t in TEMPLATE:
        row = rows[t.code]
        assert (row.stage, row.category, row.responsible, row.title) == (t.stage, t.category, t.responsible, None)
        assert row.due_on == due_date(STARTS, *t.due)
        assert row.status == RoadmapStatus.PLANNED and row.done_at is None

    # The curator moves one event, marks another done, and adds one of their own.
    moved, done = rows["mentee-questionnaires"], rows["consents"]
    moved.due_on = date(2026, 12, 15)
    done.status, done.done_at, done.done_by_telegram_id = RoadmapStatus.DONE, NOW, 100
    session.add(
        RoadmapEvent(
            programme_id=programme.id,
            stage=2,
            code=None,
            category="event",
            title="Parents' evening",
            responsible="A. Petrova",
            due_on=date(2026, 11, 27),
            status=RoadmapStatus.PLANNED,
            created_at=NOW,
            updated_at=NOW,
        )
    )
    await session.commit()

    later = NOW + timedelta(days=30)
    assert await ensure_roadmap(session, programme, later) == 0
    await session.commit()
    programme_id = programme.id
    session.expire_all()  # read back what the database holds
    after = list(await session.scalars(select(RoadmapEvent).where(RoadmapEvent.programme_id == programme_id)))
    assert len(after) == len(TEMPLATE) + 1
    by_code = {e.code: e for e in after}
    assert by_code["mentee-questionnaires"].due_on == date(2026, 12, 15)
    assert by_code["consents"].status == RoadmapStatus.DONE
    assert by_code["consents"].done_by_telegram_id == 100
    assert by_code[None].title == "Parents' evening"


async def test_ensure_roadmap_adds_only_the_missing(session: AsyncSession) -> None:
    programme = await _fresh_programme(session)
    assert await ensure_roadmap(session, programme, NOW) == len(TEMPLATE)
    await session.commit()
    await session.execute(delete(RoadmapEvent).where(RoadmapEvent.code == "cases"))
    await session.commit()
    assert await ensure_roadmap(session, programme, NOW) == 1
    await session.commit()
    assert await session.scalar(select(RoadmapEvent.due_on).where(RoadmapEvent.code == "cases")) == due_date(STARTS, 6, 30)


async def test_due_between_and_overdue(session: AsyncSession) -> None:
    programme = await _fresh_programme(session)
    await ensure_roadmap(session, programme, NOW)
    await session.commit()

    november = await roadmap.due_between(session, programme.id, date(2026, 11, 1), date(2026, 11, 30))
    assert sorted(e.code for e in november) == sorted(t.code for t in TEMPLATE if t.due[0] == 11)
    assert [(e.due_on, e.id) for e in november] == sorted((e.due_on, e.id) for e in november)

    # Both ends are included; a done or cancelled event is no longer due.
    first = await roadmap.due_between(session, programme.id, date(2026, 10, 10), date(2026, 10, 10))
    assert [e.code for e in first] == ["report-roadmap-q3"]
    first[0].status = RoadmapStatus.DONE
    november[0].status = RoadmapStatus.CANCELLED
    await session.commit()
    assert await roadmap.due_between(session, programme.id, date(2026, 10, 10), date(2026, 10, 10)) == []
    assert len(await roadmap.due_between(session, programme.id, date(2026, 11, 1), date(2026, 11, 30))) == len(november) - 1

    late = await roadmap.overdue(session, programme.id, date(2026, 11, 1))
    assert late, "September and October events are overdue on 1 November"
    assert all(e.due_on < date(2026, 11, 1) and e.status == RoadmapStatus.PLANNED for e in late)
    assert "report-roadmap-q3" not in {e.code for e in late}
    assert [(e.due_on, e.id) for e in late] == sorted((e.due_on, e.id) for e in late)
    assert await roadmap.overdue(session, programme.id, STARTS) == []
