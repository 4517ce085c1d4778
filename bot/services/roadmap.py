"""The programme's roadmap: the default events from `roadmap.toml`, laid over the
programme's academic year, and the queries for what is due or overdue.

Template events are stored with their code and a responsible key; their title and responsible text
come from the locales (`roadmap-event-<code>`, `roadmap-resp-<key>`). The curator's own events carry
a title and free-text responsible instead. Functions here never commit.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Programme, RoadmapEvent, RoadmapStatus

TEMPLATE_PATH = Path(__file__).with_name("roadmap.toml")

STAGES = range(1, 8)
CATEGORIES = ("event", "report")
# Who the documents name as responsible; the text of each is `roadmap-resp-<key>`.
RESPONSIBLE = ("director", "director-and-curator", "curator", "mentors", "class-teachers", "psychologist")
# Conditions the bot can observe to mark an event done by itself.
AUTO = (
    "consents-collected",
    "mentee-questionnaires-done",
    "mentor-questionnaires-done",
    "baseline-done",
    "preferences-done",
    "pairs-formed",
    "final-survey-done",
    "swot-done",
)
CODE_MAX = 60
_CODE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_DUE = re.compile(r"(\d\d)-(\d\d)")
_KEYS = {"code", "stage", "category", "due", "responsible", "auto", "source"}

Translate = Callable[..., str]


@dataclass(frozen=True, slots=True)
class TemplateEvent:
    code: str
    stage: int
    category: str
    due: tuple[int, int]  # (month, day)
    responsible: str
    auto: str | None
    source: str


def _parse(entry: Any, index: int) -> TemplateEvent:
    if not isinstance(entry, dict):
        raise ValueError(f"roadmap event #{index}: not a table")
    code = entry.get("code")
    if not isinstance(code, str) or not _CODE.fullmatch(code) or len(code) > CODE_MAX:
        raise ValueError(f"roadmap event #{index}: bad code {code!r}")
    unknown = set(entry) - _KEYS
    if unknown:
        raise ValueError(f"roadmap event {code}: unknown keys {sorted(unknown)}")
    stage = entry.get("stage")
    if type(stage) is not int or stage not in STAGES:
        raise ValueError(f"roadmap event {code}: stage must be 1..7, not {stage!r}")
    category = entry.get("category")
    if category not in CATEGORIES:
        raise ValueError(f"roadmap event {code}: category must be one of {CATEGORIES}, not {category!r}")
    due = entry.get("due")
    match = _DUE.fullmatch(due) if isinstance(due, str) else None
    if match is None:
        raise ValueError(f"roadmap event {code}: due must be \"MM-DD\", not {due!r}")
    month, day = int(match[1]), int(match[2])
    try:
        date(2001, month, day)  # a common year: no 29 February, which most years lack
    except ValueError:
        raise ValueError(f"roadmap event {code}: no such month-day {due!r}") from None
    responsible = entry.get("responsible")
    if responsible not in RESPONSIBLE:
        raise ValueError(f"roadmap event {code}: responsible must be one of {RESPONSIBLE}, not {responsible!r}")
    auto = entry.get("auto")
    if auto is not None and auto not in AUTO:
        raise ValueError(f"roadmap event {code}: auto must be one of {AUTO}, not {auto!r}")
    source = entry.get("source")
    if not isinstance(source, str) or not source.strip():
        raise ValueError(f"roadmap event {code}: source is missing")
    return TemplateEvent(code, stage, category, (month, day), responsible, auto, source)


def load_template(path: Path = TEMPLATE_PATH) -> tuple[TemplateEvent, ...]:
    """The events of a roadmap TOML file; ValueError names the first bad entry."""
    with path.open("rb") as f:
        data = tomllib.load(f)
    entries = data.get("event")
    if not isinstance(entries, list) or not entries:
        raise ValueError(f"{path.name}: no [[event]] tables")
    events: list[TemplateEvent] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries, 1):
        event = _parse(entry, index)
        if event.code in seen:
            raise ValueError(f"roadmap event {event.code}: the code is used twice")
        seen.add(event.code)
        events.append(event)
    return tuple(events)


TEMPLATE: tuple[TemplateEvent, ...] = load_template()


def due_date(programme_starts_on: date, month: int, day: int) -> date:
    """The date of a month-day of the academic year that starts on `programme_starts_on`
    (September-December in its first calendar year, January-August in the second)."""
    year = programme_starts_on.year if month >= 9 else programme_starts_on.year + 1
    return date(year, month, day)


async def ensure_roadmap(session: AsyncSession, programme: Programme, now: datetime) -> int:
    """Adds the template events the programme does not have yet (by code) and returns how many;
    rows already there, moved or done by the curator, stay as they are. Flushes, never commits."""
    existing = set(
        await session.scalars(
            select(RoadmapEvent.code).where(RoadmapEvent.programme_id == programme.id, RoadmapEvent.code.is_not(None))
        )
    )
    missing = [t for t in TEMPLATE if t.code not in existing]
    for t in missing:
        session.add(
            RoadmapEvent(
                programme_id=programme.id,
                stage=t.stage,
                code=t.code,
                category=t.category,
                title=None,
                responsible=t.responsible,
                due_on=due_date(programme.starts_on, *t.due),
                status=RoadmapStatus.PLANNED,
                created_at=now,
                updated_at=now,
            )
        )
    if missing:
        await session.flush()
    return len(missing)


def event_title(t: Translate, event: RoadmapEvent) -> str:
    """The curator's own title, or the template event's title in the reader's language."""
    if event.title:
        return event.title
    if event.code:
        return t(f"roadmap-event-{event.code}")
    return ""


def event_responsible(t: Translate, event: RoadmapEvent) -> str:
    """Who is responsible: a template key in the reader's language, or the curator's free text."""
    if event.code is not None and event.responsible in RESPONSIBLE:
        return t(f"roadmap-resp-{event.responsible}")
    return event.responsible or ""


def stage_name(t: Translate, stage: int) -> str:
    return t(f"roadmap-stage-{stage}")


async def due_between(session: AsyncSession, programme_id: int, first: date, last: date) -> list[RoadmapEvent]:
    """Planned events due from `first` to `last`, both included, soonest first."""
    rows = await session.scalars(
        select(RoadmapEvent)
        .where(
            RoadmapEvent.programme_id == programme_id,
            RoadmapEvent.status == RoadmapStatus.PLANNED,
            RoadmapEvent.due_on >= first,
            RoadmapEvent.due_on <= last,
        )
        .order_by(RoadmapEvent.due_on, RoadmapEvent.id)
    )
    return list(rows)


async def overdue(session: AsyncSession, programme_id: int, today: date) -> list[RoadmapEvent]:
    """Planned events whose day has passed, oldest first."""
    rows = await session.scalars(
        select(RoadmapEvent)
        .where(
            RoadmapEvent.programme_id == programme_id,
            RoadmapEvent.status == RoadmapStatus.PLANNED,
            RoadmapEvent.due_on < today,
        )
        .order_by(RoadmapEvent.due_on, RoadmapEvent.id)
    )
    return list(rows)
