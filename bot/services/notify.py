"""Telling someone other than the person acting: through the outbox, in the same transaction as
the change it reports, in the recipient's language. (Replies to a person's own action are sent
directly by the handler.)"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime

from aiogram.types import InlineKeyboardMarkup
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.i18n import L10n, Translator
from bot.services.curators import curator_recipients
from bot.services.outbox import Draft, enqueue
from db.models import Participant, User

Text = Callable[[Translator], str]
Markup = Callable[[Translator], InlineKeyboardMarkup] | None


def _key(kind: str, chat_id: int) -> str:
    # Each notice is a new event: the update that caused it commits once, with its row.
    return f"notice:{kind}:{chat_id}:{uuid.uuid4().hex}"


async def tell_participant(
    session: AsyncSession,
    l10n: L10n,
    now: datetime,
    participant: Participant,
    kind: str,
    text: Text,
    markup: Markup = None,
    ref: tuple[str, int] | None = None,
) -> None:
    if participant.user is None:
        return  # a withdrawn participant's anonymous stub: nobody to tell
    await tell_user(session, l10n, now, participant.user, kind, text, markup, participant.programme_id, ref)


async def tell_user(
    session: AsyncSession,
    l10n: L10n,
    now: datetime,
    user: User,
    kind: str,
    text: Text,
    markup: Markup = None,
    programme_id: int | None = None,
    ref: tuple[str, int] | None = None,
) -> None:
    t = l10n.for_user(user)
    draft = Draft(
        key=_key(kind, user.telegram_id),
        kind=kind,
        chat_id=user.telegram_id,
        user_id=user.id,
        programme_id=programme_id,
        text=text(t),
        markup=markup(t) if markup else None,
        ref_type=ref[0] if ref else None,
        ref_id=ref[1] if ref else None,
    )
    await enqueue(session, [draft], now)


async def tell_curators(
    session: AsyncSession,
    l10n: L10n,
    settings: Settings,
    now: datetime,
    kind: str,
    text: Text,
    markup: Markup = None,
    *,
    programme_id: int,
) -> int:
    """Queues the message for every curator of the programme's school."""
    drafts = []
    for curator in await curator_recipients(session, settings, programme_id):
        t = l10n.for_user(curator.user)
        drafts.append(
            Draft(
                key=_key(kind, curator.chat_id),
                kind=kind,
                chat_id=curator.chat_id,
                user_id=curator.user.id if curator.user else None,
                programme_id=programme_id,
                text=text(t),
                markup=markup(t) if markup else None,
            )
        )
    return await enqueue(session, drafts, now)
