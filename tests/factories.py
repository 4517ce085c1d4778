"""Test data made through the same services the bot uses."""

from __future__ import annotations

from datetime import datetime

from bot.services.invites import create_invite
from bot.services.programme import current_programme
from db.models import Invite, InviteKind
from tests.harness import CURATOR, BotClient


async def make_invite(
    client: BotClient,
    role: str = "mentee",
    form: str = "teacher_teacher",
    kind: InviteKind = InviteKind.PERSONAL,
    max_uses: int = 1,
    expires_at: datetime | None = None,
    full_name: str | None = "Иванова Анна Сергеевна",
) -> Invite:
    """A personal link carries a name by default (as from a roster); pass full_name=None for none."""
    async with client.app.sessionmaker() as session:
        programme = await current_programme(session)
        assert programme is not None
        invite = await create_invite(
            session,
            programme_id=programme.id,
            role=role,
            form=form,
            kind=kind,
            created_by=CURATOR.id,
            now=client.app.clock.now(),
            max_uses=max_uses,
            expires_at=expires_at,
            full_name=full_name,
        )
        await session.commit()
        return invite
