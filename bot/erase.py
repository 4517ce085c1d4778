"""`python -m bot.erase <participant numbers>`: erases people's personal data again after a restore.

A backup taken before someone withdrew their consent still holds their data. The bot's log names every
erasure by participant number ("erasing the personal data of participant(s) 12,15"); after restoring
a backup, run this with the numbers logged since the backup was taken, with the bot stopped.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime

from bot.__main__ import fail, load_settings


async def erase(ids: list[int]) -> int:
    from bot.services.privacy import erase_participants
    from db.engine import create_engine, create_sessionmaker
    from db.migrate import upgrade

    settings = load_settings()
    engine = create_engine(settings.database_url)
    try:
        await upgrade(engine)
        async with create_sessionmaker(engine)() as session:
            erased = await erase_participants(session, ids, datetime.now(UTC))
            await session.commit()
    finally:
        await engine.dispose()
    return erased.participants


def main(argv: list[str]) -> None:
    try:
        ids = sorted({int(a) for arg in argv for a in arg.replace(",", " ").split()})
    except ValueError:
        fail("usage: python -m bot.erase <participant numbers, e.g. 12 15 or 12,15>")
    if not ids:
        fail("usage: python -m bot.erase <participant numbers, e.g. 12 15 or 12,15>")
    count = asyncio.run(erase(ids))
    print(f"erased {count} participant(s) of the {len(ids)} given")


if __name__ == "__main__":
    main(sys.argv[1:])
