"""Retention: a programme's personal data is kept for a period after it ends, then deleted.

The period is the programme's `retention_months` setting (default 12: "one year after the
programme ends"; the curator changes it in /settings). When it has run out, every participant of
the programme is erased exactly as on a withdrawal of consent (`privacy.erase_participants`: the
person's texts and contacts go, an anonymous stub stays so the programme's counts still add up),
and so are the programme's other personal texts: the names on its invitations and the texts of
its announcements. The programme keeps its structure (pairs, meetings held, roadmap, SWOT, audit
log of ids), and `purged_at` records when this happened, so it runs once.

The planner calls `run` every minute; the candidate programmes come from one indexed query, and
the curators of the school are told afterwards through the outbox.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.i18n import L10n
from bot.services import audit
from bot.services.notify import tell_curators
from bot.services.privacy import erase_participants
from bot.services.programme_settings import settings_of
from db.models import Broadcast, Invite, Participant, ParticipantStatus, Programme

log = logging.getLogger(__name__)
MIN_MONTHS = 1  # ProgrammeSettings.retention_months' lower bound


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


def purge_on(programme: Programme) -> date:
    """The first day the programme's personal data is no longer kept."""
    return add_months(programme.ends_on, settings_of(programme).retention_months)


@dataclass(frozen=True)
class Purged:
    programme_id: int
    participants: int
    users: int
    telegram_ids: tuple[int, ...]  # their chats, for clearing dialog state kept outside the database


async def purge(session: AsyncSession, programme: Programme, now: datetime) -> Purged:
    """Deletes the programme's personal data now (the caller commits)."""
    ids = list(
        await session.scalars(
            select(Participant.id).where(Participant.programme_id == programme.id, Participant.status != ParticipantStatus.WITHDRAWN)
        )
    )
    erased = await erase_participants(session, ids, now) if ids else None
    await session.execute(
        update(Invite).where(Invite.programme_id == programme.id).values(full_name=None, class_or_subject=None)
    )
    await session.execute(update(Broadcast).where(Broadcast.programme_id == programme.id).values(text=""))
    programme.purged_at = now
    await audit.record(
        session,
        actor_telegram_id=0,
        actor_role=audit.SYSTEM,
        action=audit.RETENTION_PURGE,
        programme_id=programme.id,
        object_type="programme",
        object_id=programme.id,
        details={"participants": len(ids), "retention_months": settings_of(programme).retention_months},
        now=now,
    )
    await session.flush()
    return Purged(programme.id, len(ids), erased.users if erased else 0, erased.telegram_ids if erased else ())


async def run(session: AsyncSession, l10n: L10n, settings: Settings, now: datetime) -> list[Purged]:
    """Purges every programme whose retention period has run out (the caller commits)."""
    today = now.date()
    earliest_end = add_months(today, -MIN_MONTHS)
    candidates = list(
        await session.scalars(
            select(Programme).where(Programme.purged_at.is_(None), Programme.ends_on < earliest_end).order_by(Programme.id)
        )
    )
    done = []
    for programme in candidates:
        if purge_on(programme) > today:
            continue
        result = await purge(session, programme, now)
        done.append(result)
        year = programme.academic_year
        await tell_curators(
            session, l10n, settings, now, "retention-purged",
            lambda t, year=year, count=result.participants: t("retention-purged", year=year, count=count),
            programme_id=programme.id,
        )  # fmt: skip
        log.info("retention: programme %s purged (%s participants)", programme.id, result.participants)
    return done

