"""The database session of the update being handled, for code that aiogram calls without it."""

from __future__ import annotations

from contextvars import ContextVar

from sqlalchemy.ext.asyncio import AsyncSession

current_session: ContextVar[AsyncSession | None] = ContextVar("current_session", default=None)

# The school (organisation id) of the curator whose update is being handled; set by the
# middleware from the `staff` table, None for everyone else. `current_programme()` reads it, so a
# curator's screens can only ever reach their own school's programme.
current_school: ContextVar[int | None] = ContextVar("current_school", default=None)
