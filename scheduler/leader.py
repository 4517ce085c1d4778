"""Which process runs the planner and the sender when several serve one bot.

Every worker handles updates; one of them, the leader, also plans and sends. Telegram's limit of about
30 messages a second is per bot, and one sender reaches it, so more senders would only have to share
that pace; a single one keeps the pace, the one-message-a-second per chat and the order of a chat's
messages simply right.

- PostgreSQL: a session-level advisory lock (`pg_try_advisory_lock`) on a connection the leader keeps
  open. If the leader dies, PostgreSQL closes its connection and drops the lock, and the next worker to
  try (every few seconds) takes over. The leader checks its connection each time; if it is gone, the
  lock may be someone else's now, and it steps down at once.
- SQLite: an exclusive `flock` on a file beside the database (SQLite serves one machine); the kernel
  releases it when the process dies. An in-memory database has one process by definition.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
from pathlib import Path
from typing import IO

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from db.engine import LOCK_LEADER

log = logging.getLogger(__name__)


class Leadership:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.postgres = engine.dialect.name == "postgresql"
        self._conn: AsyncConnection | None = None
        self._file: IO[bytes] | None = None
        self.held = False

    async def try_acquire(self) -> bool:
        """Takes the lead if nobody has it; True if this process leads (now or already)."""
        if self.held:
            return True
        if self.postgres:
            self.held = await self._acquire_postgres()
        else:
            self.held = self._acquire_file()
        return self.held

    async def still_held(self) -> bool:
        """False once the lock may have been lost (PostgreSQL: the connection holding it broke)."""
        if not self.held:
            return False
        if self._conn is None:
            return True  # the file lock lasts as long as the process
        try:
            await self._conn.execute(text("SELECT 1"))
        except Exception as exc:  # noqa: BLE001 - any failure means the lock may be gone
            log.error("the connection holding the leader lock broke (%s): stepping down", type(exc).__name__)
            await self._drop_connection()
            self.held = False
        return self.held

    async def release(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(Exception):
                await self._conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": LOCK_LEADER})
            await self._drop_connection()
        if self._file is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None
        self.held = False

    # ---- PostgreSQL ------------------------------------------------------------------------------

    async def _acquire_postgres(self) -> bool:
        try:
            if self._conn is None:
                conn = await self.engine.connect()
                self._conn = await conn.execution_options(isolation_level="AUTOCOMMIT")  # no transaction left open
            got = await self._conn.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": LOCK_LEADER})
        except Exception as exc:  # noqa: BLE001 - the database away for a moment: try again later
            log.warning("cannot try the leader lock (%s: %s)", type(exc).__name__, str(exc).splitlines()[0] if str(exc) else "")
            await self._drop_connection()
            return False
        return bool(got)

    async def _drop_connection(self) -> None:
        if self._conn is not None:
            conn, self._conn = self._conn, None
            with contextlib.suppress(Exception):
                await conn.invalidate()  # a broken connection must not go back to the pool
            with contextlib.suppress(Exception):
                await conn.close()

    # ---- SQLite ------------------------------------------------------------------------------------

    def _acquire_file(self) -> bool:
        database = self.engine.url.database
        if not database or database == ":memory:":
            return True
        path = Path(database).with_name(Path(database).name + ".leader")
        handle = open(path, "a+b")  # noqa: SIM115 - kept open while leading
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return False
        handle.truncate(0)
        handle.write(f"{os.getpid()}\n".encode())
        handle.flush()
        self._file = handle
        return True
