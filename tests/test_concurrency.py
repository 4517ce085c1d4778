"""Many people at once on one SQLite file: no "database is locked", no lost or doubled rows."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from db.models import Answer, Consent, Invite, InviteKind, Participant
from tests.factories import make_invite
from tests.harness import BotClient, Person, sent_to, texts


async def test_people_joining_and_answering_at_once(client: BotClient) -> None:
    people = [Person(10_000 + i, f"P{i}", "ru") for i in range(30)]
    group = await make_invite(client, role="mentor", form="teacher_teacher", kind=InviteKind.GROUP, max_uses=25, full_name=None)

    async def journey(person: Person) -> str:
        # Updates run concurrently, so keep only what was sent to this person.
        out = texts(sent_to(await client.send(person, f"/start {group.code}"), person.id))
        if "уже использована" in out:
            return "refused"
        await client.press(person, "Согласен")
        await client.send(person, f"Учитель {person.id}")
        return "joined"

    results = await asyncio.gather(*(journey(p) for p in people))
    assert results.count("joined") == 25 and results.count("refused") == 5, str(results)
    async with client.app.sessionmaker() as s:
        assert await s.scalar(select(func.count()).select_from(Participant)) == 25
        assert await s.scalar(select(func.count()).select_from(Consent)) == 25
        assert await s.scalar(select(func.count()).select_from(Answer).where(Answer.question == "full_name")) == 25
        invite = await s.get(Invite, group.id)
        assert invite is not None and invite.uses == 25


async def test_double_tap_of_one_person_is_handled_once(client: BotClient) -> None:
    person = Person(20_001, "Д", "ru")
    invite = await make_invite(client)
    await client.send(person, f"/start {invite.code}")
    message, data = client.find_button(person, "Согласен")
    await asyncio.gather(client.callback(person, data, message), client.callback(person, data, message))
    async with client.app.sessionmaker() as s:
        assert await s.scalar(select(func.count()).select_from(Consent)) == 1
