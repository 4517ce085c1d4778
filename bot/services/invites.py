"""Invitation links: creation, checking, single-use consumption, revocation."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import audit
from db.models import Invite, InviteKind, Participant

CODE_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12
PARENT_PREFIX = "p_"


def new_code(length: int = CODE_LENGTH) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def deep_link(bot_username: str, code: str) -> str:
    return f"https://t.me/{bot_username}?start={code}"


class InviteProblem(StrEnum):
    UNKNOWN = "unknown"
    REVOKED = "revoked"
    EXPIRED = "expired"
    USED = "used"


@dataclass(frozen=True)
class InviteCheck:
    invite: Invite | None
    problem: InviteProblem | None
    own_participant: Participant | None = None  # this person already joined with it


async def create_invite(
    session: AsyncSession,
    *,
    programme_id: int,
    role: str,
    form: str,
    kind: InviteKind,
    created_by: int,
    now: datetime,
    max_uses: int = 1,
    expires_at: datetime | None = None,
    full_name: str | None = None,
    class_or_subject: str | None = None,
) -> Invite:
    invite = Invite(
        code=new_code(),
        programme_id=programme_id,
        role=role,
        form=form,
        kind=kind,
        max_uses=1 if kind == InviteKind.PERSONAL else max_uses,
        uses=0,
        expires_at=expires_at,
        full_name=full_name,
        class_or_subject=class_or_subject,
        created_by=created_by,
        created_at=now,
    )
    session.add(invite)
    await session.flush()
    details = {"kind": kind, "role": role, "form": form}
    await audit.record_on(session, created_by, audit.INVITE_CREATE, invite, now, details=details)
    return invite


async def check_invite(session: AsyncSession, code: str, user_id: int | None, now: datetime) -> InviteCheck:
    invite = await session.scalar(select(Invite).where(Invite.code == code)) if code else None
    if invite is None:
        return InviteCheck(None, InviteProblem.UNKNOWN)
    own = None
    if user_id is not None:
        own = await session.scalar(
            select(Participant).where(Participant.invite_id == invite.id, Participant.user_id == user_id)
        )
    if own is not None:
        return InviteCheck(invite, None, own)
    if invite.revoked_at is not None:
        return InviteCheck(invite, InviteProblem.REVOKED)
    if invite.expires_at is not None and invite.expires_at <= now:
        return InviteCheck(invite, InviteProblem.EXPIRED)
    if invite.uses >= invite.max_uses:
        return InviteCheck(invite, InviteProblem.USED)
    return InviteCheck(invite, None)


async def take_use(session: AsyncSession, invite: Invite, now: datetime) -> bool:
    """Counts one use if the link still allows it; atomic, so two people cannot share one use."""
    result = await session.execute(
        update(Invite)
        .where(
            Invite.id == invite.id,
            Invite.uses < Invite.max_uses,
            Invite.revoked_at.is_(None),
            or_(Invite.expires_at.is_(None), Invite.expires_at > now),
        )
        .values(uses=Invite.uses + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return False
    await session.refresh(invite)
    return True


async def active_invites(session: AsyncSession, programme_id: int, now: datetime) -> list[Invite]:
    rows = await session.scalars(
        select(Invite)
        .where(
            Invite.programme_id == programme_id,
            Invite.revoked_at.is_(None),
            Invite.uses < Invite.max_uses,
            or_(Invite.expires_at.is_(None), Invite.expires_at > now),
        )
        .order_by(Invite.id.desc())
    )
    return list(rows)


async def revoke(session: AsyncSession, invite_id: int, programme_id: int, now: datetime, by: int | None = None) -> Invite | None:
    """Revokes the link; `by` (the curator) is recorded in the audit log when the link was still live."""
    invite = await session.get(Invite, invite_id)
    if invite is None or invite.programme_id != programme_id:
        return None
    if invite.revoked_at is None:
        invite.revoked_at = now
        await session.flush()
        if by is not None:
            await audit.record_on(session, by, audit.INVITE_REVOKE, invite, now)
    return invite
