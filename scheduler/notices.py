"""Messages the delivery itself gives rise to: the curator hears when someone blocks the bot."""

from __future__ import annotations

from datetime import datetime
from html import escape

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.i18n import L10n
from bot.services.curators import curator_recipients
from bot.services.outbox import Draft, enqueue
from db.models import Participant


def blocked_hook(l10n: L10n, settings: Settings):  # type: ignore[no-untyped-def]
    async def on_blocked(session: AsyncSession, user_id: int, now: datetime) -> None:
        people = list(
            (await session.scalars(select(Participant).where(Participant.user_id == user_id).order_by(Participant.id))).unique()
        )
        if not people:
            return  # a curator, a parent or a stranger: nobody to report about
        drafts = []
        by_programme: dict[int, list[Participant]] = {}
        for p in people:
            by_programme.setdefault(p.programme_id, []).append(p)
        for programme_id, theirs in by_programme.items():  # each school's curators hear of their own people
            for c in await curator_recipients(session, settings, programme_id):
                if c.user is not None and c.user.id == user_id:
                    continue
                t = l10n.for_user(c.user)
                names = ", ".join(escape(p.full_name or t("pairs-unknown-person")) for p in theirs)
                drafts.append(
                    Draft(
                        key=f"unreachable:{user_id}:{now:%Y%m%d%H%M}:p{programme_id}:c{c.chat_id}",
                        kind="unreachable",
                        chat_id=c.chat_id,
                        user_id=c.user.id if c.user else None,
                        programme_id=programme_id,
                        text=t("notice-blocked", name=names),
                    )
                )
        await enqueue(session, drafts, now)

    return on_blocked
