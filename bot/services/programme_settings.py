"""A programme's scheduler settings: the defaults from DOMAIN.md and the issue, changed by the curator.

Stored as the programme's `settings` JSON holding only what the curator changed, so a new default
reaches every programme that kept the old one.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from datetime import tzinfo as TzInfo
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from db.models import Programme


class ProgrammeSettings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    poll_day: int = Field(25, ge=1, le=31)  # the monthly feedback poll; 31 means the month's last day
    poll_reminder_days: int = Field(3, ge=1, le=10)
    quiet_start: time = time(21, 0)
    quiet_end: time = time(8, 0)
    quiet_weekends: bool = False  # hold reminders on Saturday and Sunday until Monday morning
    meeting_reminder_hours: tuple[int, ...] = (24, 1)
    checkin_repeat_hours: int = Field(24, ge=1, le=168)
    checkin_curator_hours: int = Field(48, ge=1, le=336)
    idle_curator_days: int = Field(45, ge=7, le=180)  # the pair's own rhythm nudges the pair first
    onboarding_reminder_days: tuple[int, ...] = (2, 7)
    pair_end_notice_days: int = Field(30, ge=1, le=120)
    relationship_check_days: int = Field(30, ge=7, le=120)
    relationship_low_score: int = Field(4, ge=1, le=9)
    roadmap_nudge_days: tuple[int, ...] = (7, 1)
    digest_weekday: int = Field(0, ge=0, le=6)  # Monday
    # How long after the programme ends its personal data is kept (bot/services/retention.py).
    retention_months: int = Field(12, ge=1, le=120)

    @field_validator("meeting_reminder_hours", "onboarding_reminder_days", "roadmap_nudge_days")
    @classmethod
    def _offsets(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        if not value or len(value) > 4 or any(v < 1 or v > 720 for v in value):
            raise ValueError("one to four offsets between 1 and 720")
        return tuple(sorted(set(value), reverse=True))


DEFAULTS = ProgrammeSettings()
EDITABLE = tuple(ProgrammeSettings.model_fields)


def settings_of(programme: Programme) -> ProgrammeSettings:
    raw = programme.settings or {}
    try:
        return ProgrammeSettings.model_validate(raw)
    except ValidationError:
        # A hand-edited row must not stop the scheduler: keep every value that is valid on its own.
        good: dict[str, Any] = {}
        for name, value in raw.items():
            try:
                ProgrammeSettings.model_validate({**good, name: value})
            except ValidationError:
                continue
            good[name] = value
        return ProgrammeSettings.model_validate(good)


def changed(programme: Programme, name: str, value: Any) -> ProgrammeSettings:
    """Validates one change; raises ValueError (pydantic's) when the value does not fit."""
    if name not in EDITABLE:
        raise ValueError(f"unknown setting {name}")
    current = settings_of(programme).model_dump(mode="json", exclude_defaults=True)
    current[name] = value
    new = ProgrammeSettings.model_validate(current)
    stored = new.model_dump(mode="json", exclude_defaults=True)
    programme.settings = stored
    return new


def zone_of(programme: Programme) -> TzInfo:
    try:
        return ZoneInfo(programme.organisation.timezone)
    except (KeyError, ValueError):
        return ZoneInfo("Europe/Moscow")


def is_quiet(moment: datetime, tz: TzInfo, s: ProgrammeSettings) -> bool:
    local = moment.astimezone(tz)
    if s.quiet_weekends and local.weekday() >= 5:
        return True
    clock = local.time()
    if s.quiet_start == s.quiet_end:
        return False
    if s.quiet_start < s.quiet_end:  # e.g. 13:00-14:00
        return s.quiet_start <= clock < s.quiet_end
    return clock >= s.quiet_start or clock < s.quiet_end  # across midnight, e.g. 21:00-08:00


def next_allowed(moment: datetime, tz: TzInfo, s: ProgrammeSettings) -> datetime:
    """The first moment at or after `moment` outside the quiet hours (and weekends, if set)."""
    current = moment
    for _ in range(10):  # a quiet night, then at most a weekend
        if not is_quiet(current, tz, s):
            return current
        local = current.astimezone(tz)
        morning = datetime.combine(local.date(), s.quiet_end, tzinfo=tz)
        if morning <= local:
            morning = datetime.combine(local.date() + timedelta(days=1), s.quiet_end, tzinfo=tz)
        current = morning.astimezone(UTC)
    return current
