"""Who may use which command and which button: the access matrix, enforced in one place.

Every command and every kind of button (a `CallbackData` prefix) has a rule here. The
`AccessMiddleware` (bot/middlewares.py) applies it to each update before any handler runs:

- the audience: anyone, a participant (someone with a participation in a programme), a curator
  (of some school), or a municipal coordinator;
- for buttons, the objects named in the button data: a participant's button may only point at
  their own participation, questionnaire response, pair, meeting or plan; a curator's button only at
  objects of their own school's programmes. Button data is untrusted input: anyone can send any
  `callback_data`, so a forged id pointing at another pair's or another school's object is refused
  here, whatever the handler does.

A button whose prefix has no rule is refused (deny by default), and `tests/test_access.py` fails if
a handler is registered for a command or a prefix without a rule, so a new screen cannot skip the
matrix. The handlers keep their own checks (a stale button, a state that changed) as a second line.
docs/access.md is the same table for people.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from aiogram import Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData, CallbackQueryFilter
from sqlalchemy import BigInteger, and_, exists, false, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import (
    Broadcast,
    Concern,
    Consent,
    ConsentKind,
    Invite,
    Meeting,
    Organisation,
    Pair,
    Participant,
    PlanGoal,
    PlanTask,
    Programme,
    QuestionnaireResponse,
    RoadmapEvent,
    Staff,
    StaffRole,
    User,
)

MAX_ID = 2**31 - 1


class Audience(StrEnum):
    ANYONE = "anyone"  # any person in a private chat, registered or not
    PARTICIPANT = "participant"  # has a participation (any status) in some programme
    CURATOR = "curator"  # a curator of a school (a `staff` row)
    COORDINATOR = "coordinator"  # a municipal coordinator (`COORDINATOR_IDS`)


class Kind(StrEnum):
    """What an id in button data points at."""

    PARTICIPANT = "participant"
    RESPONSE = "response"
    PAIR = "pair"
    MEETING = "meeting"
    GOAL = "goal"
    TASK = "task"
    INVITE = "invite"
    BROADCAST = "broadcast"
    ROADMAP_EVENT = "roadmap_event"
    CONCERN = "concern"
    STAFF = "staff"
    ORGANISATION = "organisation"
    WARD = "ward"  # a participation of the person's own, or of a minor they gave a parent's consent for


@dataclass(frozen=True)
class Rule:
    audience: Audience
    # Button data field -> the kind of object it names; 0 means "none" and is not checked.
    objects: Mapping[str, Kind] = field(default_factory=dict)
    note: str = ""  # for docs/access.md: what the handler checks beyond this
    # Buttons whose id means another kind of object for some actions (`mt:propose:<pair id>`).
    per_action: Mapping[str, Mapping[str, Kind]] = field(default_factory=dict)
    action_field: str = "action"

    def objects_for(self, parsed: Any) -> Mapping[str, Kind]:
        return self.per_action.get(str(getattr(parsed, self.action_field, "")), self.objects)


A, P, C, K = Audience.ANYONE, Audience.PARTICIPANT, Audience.CURATOR, Audience.COORDINATOR

COMMANDS: dict[str, Audience] = {
    # everyone
    "start": A, "help": A, "language": A, "cancel": A, "privacy": A,
    # participants (their own data only)
    "profile": P, "pair": P, "meetings": P, "plan": P,
    # the curator of a school (their own school only)
    "curators": C, "invite": C, "links": C, "import": C, "consents": C, "preferences": C, "match": C, "pairup": C,
    "pairs": C, "stuck": C, "settings": C, "roadmap": C, "reports": C, "swot": C, "status": C, "participants": C,
    "broadcast": C, "broadcasts": C, "audit": C,
    # the municipal coordinator (figures of every school, no personal data)
    "schools": K, "school_add": K,
}  # fmt: skip

CALLBACKS: dict[str, Rule] = {
    # anyone
    "lang": Rule(A),
    "j": Rule(A, note="the invite code is the secret; the handler checks it is valid and unused"),
    "pc": Rule(A, note="the parent-consent code from the parent's link is the secret; the child cannot accept"),
    "pv": Rule(A, {"pid": Kind.WARD}, note="/privacy: withdrawal asks for a confirmation first"),
    # a participant: their own objects
    "c": Rule(P, {"pid": Kind.PARTICIPANT}),
    "rs": Rule(P, {"pid": Kind.PARTICIPANT}),
    "qa": Rule(P, {"rid": Kind.RESPONSE}),
    "pf": Rule(P, {"rid": Kind.RESPONSE}),
    "pl": Rule(P, {"pid": Kind.PARTICIPANT}, note="the poll's month must be the current or the previous one"),
    "pref": Rule(P, {"pid": Kind.PARTICIPANT}),
    "mt": Rule(
        P,
        {"id": Kind.MEETING},
        note="the handler checks which side may answer (proposer / other side)",
        per_action={action: {"id": Kind.PAIR} for action in ("propose", "kind", "fmt", "notopic", "rhythm")},
    ),
    "plf": Rule(P, {"pair": Kind.PAIR, "goal": Kind.GOAL, "task": Kind.TASK}, note="a replacement request: the mentee only"),
    "plx": Rule(P, {"pair": Kind.PAIR, "pid": Kind.PARTICIPANT}),
    # the curator of a school: their own school's objects
    "m": Rule(C),
    "iw": Rule(C),
    "ln": Rule(C, {"id": Kind.INVITE}),
    "pp": Rule(C, {"pid": Kind.PARTICIPANT}),
    "st": Rule(C),
    "sk": Rule(C),
    "mtch": Rule(C, {"mentee": Kind.PARTICIPANT, "mentor": Kind.PARTICIPANT}),
    "sw": Rule(C),
    "sta": Rule(C),
    "ppl": Rule(C, {"id": Kind.PARTICIPANT}, note="a response or a note is re-read through the participant"),
    "bc": Rule(C, {"id": Kind.BROADCAST}),
    "rep": Rule(C),
    "rm": Rule(C, {"id": Kind.ROADMAP_EVENT}),
    "cpl": Rule(C, {"pair": Kind.PAIR, "m": Kind.PARTICIPANT, "c": Kind.CONCERN}),
    "mtc": Rule(C, {"id": Kind.MEETING}),
    "tm": Rule(C, {"id": Kind.STAFF}, note="only colleagues added by link, never oneself"),
    "aud": Rule(C, note="the audit log of the curator's own school: a filter code and a page, no object ids"),
    # the coordinator
    "sch": Rule(K, {"id": Kind.ORGANISATION}),
}


@dataclass(frozen=True)
class Who:
    """The person an update comes from, as far as access is concerned."""

    telegram_id: int
    user_id: int | None  # users.id, None if they never registered
    school: int | None  # the organisation they curate
    coordinator: bool

    def has(self, audience: Audience, participant: bool) -> bool:
        if audience == Audience.ANYONE:
            return True
        if audience == Audience.PARTICIPANT:
            return participant
        if audience == Audience.CURATOR:
            return self.school is not None
        return self.coordinator


def command_of(text: str | None) -> str | None:
    """`/status@my_bot args` -> "status"; None for anything that is not a command."""
    if not text or not text.startswith("/"):
        return None
    return text[1:].split(maxsplit=1)[0].split("@", 1)[0].lower() if len(text) > 1 else None


def prefix_of(data: str | None) -> str:
    return (data or "").split(":", 1)[0]


def ids_in(data: str, rule: Rule) -> dict[Kind, list[int]] | None:
    """The object ids a button names, read positionally by its CallbackData class; None if malformed."""
    cls = CALLBACK_CLASSES.get(prefix_of(data))
    if cls is None:
        return {} if not rule.objects else None
    try:
        parsed = cls.unpack(data)
    except (ValueError, TypeError):
        return None
    # No button of ours carries an id beyond INTEGER, nor any number beyond 64 bits: such a one is
    # forged, and a query with it would fail in the driver (OverflowError on SQLite, out of range on
    # PostgreSQL) instead of finding nothing.
    if any(isinstance(v, int) and not -(2**63) <= v < 2**63 for v in parsed.model_dump().values()):
        return None
    found: dict[Kind, list[int]] = {}
    for name, kind in rule.objects_for(parsed).items():
        value = getattr(parsed, name, 0)
        if isinstance(value, int) and not -MAX_ID - 1 <= value <= MAX_ID:
            return None
        # 0 is "none"; an id no row can have (negative) is left to the handler's "gone".
        if isinstance(value, int) and 0 < value <= MAX_ID:
            found.setdefault(kind, []).append(value)
    return found


# ---- ownership ------------------------------------------------------------------------------------


def _mine(user_id: int) -> Any:
    return select(Participant.id).where(Participant.user_id == user_id)


def _my_pairs(user_id: int) -> Any:
    mine = _mine(user_id)
    return select(Pair.id).where(or_(Pair.mentor_id.in_(mine), Pair.mentee_id.in_(mine)))


def _my_mentees(user_id: int) -> Any:
    """Whose plan the person may work on: their own, and their mentees' (as a member of the pair)."""
    mine = _mine(user_id)
    return select(Pair.mentee_id).where(or_(Pair.mentor_id.in_(mine), Pair.mentee_id.in_(mine)))


def _ward(object_id: int, who: Who) -> Any:
    parent = exists().where(
        Consent.participant_id == object_id, Consent.kind == ConsentKind.PARENT, Consent.given_by_telegram_id == who.telegram_id
    )
    own = Participant.user_id == who.user_id if who.user_id is not None else false()
    return exists().where(Participant.id == object_id, or_(own, parent))


def _own(kind: Kind, object_id: int, user_id: int) -> Any:
    """A condition true when the object belongs to the participant-user."""
    if kind == Kind.PARTICIPANT:
        return exists().where(Participant.id == object_id, Participant.user_id == user_id)
    if kind == Kind.RESPONSE:
        return exists().where(QuestionnaireResponse.id == object_id, QuestionnaireResponse.participant_id.in_(_mine(user_id)))
    if kind == Kind.PAIR:
        return exists().where(Pair.id == object_id, Pair.id.in_(_my_pairs(user_id)))
    if kind == Kind.MEETING:
        return exists().where(Meeting.id == object_id, Meeting.pair_id.in_(_my_pairs(user_id)))
    if kind == Kind.GOAL:
        return exists().where(PlanGoal.id == object_id, PlanGoal.mentee_id.in_(_my_mentees(user_id)))
    if kind == Kind.TASK:
        goals = select(PlanGoal.id).where(PlanGoal.mentee_id.in_(_my_mentees(user_id)))
        return exists().where(PlanTask.id == object_id, PlanTask.goal_id.in_(goals))
    return None  # not a participant's kind of object


def _school_programmes(school: int) -> Any:
    return select(Programme.id).where(Programme.organisation_id == school)


def _in_school(kind: Kind, object_id: int, school: int) -> Any:
    """A condition true when the object belongs to one of the school's programmes."""
    programmes = _school_programmes(school)
    by_programme: dict[Kind, Any] = {
        Kind.PARTICIPANT: Participant,
        Kind.PAIR: Pair,
        Kind.INVITE: Invite,
        Kind.BROADCAST: Broadcast,
        Kind.ROADMAP_EVENT: RoadmapEvent,
    }
    if kind in by_programme:
        model = by_programme[kind]
        return exists().where(model.id == object_id, model.programme_id.in_(programmes))
    school_pairs = select(Pair.id).where(Pair.programme_id.in_(programmes))
    if kind == Kind.MEETING:
        return exists().where(Meeting.id == object_id, Meeting.pair_id.in_(school_pairs))
    if kind == Kind.CONCERN:
        return exists().where(Concern.id == object_id, Concern.pair_id.in_(school_pairs))
    if kind == Kind.STAFF:
        return exists().where(Staff.id == object_id, Staff.organisation_id == school)
    return None


async def allowed_objects(session: AsyncSession, who: Who, rule: Rule, ids: dict[Kind, list[int]]) -> bool:
    """True if every object the button names is the person's to reach; one statement at most.

    An id that does not exist passes: the handler answers that the object is gone (a stale button).
    """
    if not ids:
        return True
    conditions = []
    for kind, values in ids.items():
        for object_id in values:
            if rule.audience == Audience.COORDINATOR:
                if kind != Kind.ORGANISATION:
                    return False
                continue  # the coordinator reaches every school's figures
            if kind == Kind.WARD:
                condition = _ward(object_id, who)
            elif rule.audience == Audience.CURATOR:
                if who.school is None:
                    return False
                condition = _in_school(kind, object_id, who.school)
            else:
                if who.user_id is None:
                    return False
                condition = _own(kind, object_id, who.user_id)
            if condition is None:
                return False
            conditions.append((kind, object_id, condition))
    if not conditions:
        return True
    # Owned, or absent altogether (then the handler's "gone" answer applies): one SELECT of flags.
    checks = []
    for kind, object_id, condition in conditions:
        checks.append(condition)
        checks.append(~_exists(kind, object_id))
    flags = (await session.execute(select(*checks))).one()
    return all(flags[i] or flags[i + 1] for i in range(0, len(flags), 2))


def _exists(kind: Kind, object_id: int) -> Any:
    model = {
        Kind.PARTICIPANT: Participant,
        Kind.RESPONSE: QuestionnaireResponse,
        Kind.PAIR: Pair,
        Kind.MEETING: Meeting,
        Kind.GOAL: PlanGoal,
        Kind.TASK: PlanTask,
        Kind.INVITE: Invite,
        Kind.BROADCAST: Broadcast,
        Kind.ROADMAP_EVENT: RoadmapEvent,
        Kind.CONCERN: Concern,
        Kind.STAFF: Staff,
        Kind.ORGANISATION: Organisation,
        Kind.WARD: Participant,
    }[kind]
    return exists().where(model.id == object_id)


@dataclass(frozen=True)
class Identity:
    """Who sent an update, as stored: their `users` row, their curator row, whether they take part."""

    user: User | None
    curator: Staff | None
    participant: bool


async def identify(session: AsyncSession, telegram_id: int) -> Identity:
    """One query for what every update needs first (three lookups before): the person's row, their
    school if they curate one, and whether they are a participant (for the access matrix)."""
    me = select(literal(telegram_id, BigInteger).label("telegram_id")).subquery("me")
    row = (
        await session.execute(
            select(User, Staff, exists().where(Participant.user_id == User.id).label("participant"))
            .select_from(me)
            .outerjoin(User, User.telegram_id == me.c.telegram_id)
            .outerjoin(Staff, and_(Staff.telegram_id == me.c.telegram_id, Staff.role == StaffRole.CURATOR))
        )
    ).one()
    return Identity(row[0], row[1], bool(row[2]))


async def is_participant(session: AsyncSession, user_id: int | None) -> bool:
    if user_id is None:
        return False
    return bool(await session.scalar(select(exists().where(Participant.user_id == user_id))))


# ---- what the routers handle ------------------------------------------------------------------------


def _walk(router: Router) -> Iterator[Router]:
    yield router
    for sub in router.sub_routers:
        yield from _walk(sub)


def handled(router: Router) -> tuple[set[str], dict[str, type[CallbackData]]]:
    """The commands and the CallbackData classes (by prefix) the router tree has handlers for."""
    commands: set[str] = set()
    classes: dict[str, type[CallbackData]] = {}
    for each in _walk(router):
        for handler in each.message.handlers:
            for f in handler.filters or ():
                if isinstance(f.callback, Command):
                    commands.update(c for c in f.callback.commands if isinstance(c, str))
        for handler in each.callback_query.handlers:
            for f in handler.filters or ():
                if isinstance(f.callback, CallbackQueryFilter):
                    cls = f.callback.callback_data
                    classes[cls.__prefix__] = cls
    return commands, classes


# The CallbackData classes by prefix, read from the routers when the dispatcher is built (the
# classes live with their handlers; importing them here would be circular).
CALLBACK_CLASSES: dict[str, type[CallbackData]] = {}


def register_router(router: Router) -> None:
    CALLBACK_CLASSES.update(handled(router)[1])


# ---- docs/access.md -------------------------------------------------------------------------------

AUDIENCE_TEXT = {
    Audience.ANYONE: "anyone (a private chat)",
    Audience.PARTICIPANT: "a participant",
    Audience.CURATOR: "a curator",
    Audience.COORDINATOR: "a municipal coordinator",
}
OWNER_TEXT = {
    Audience.PARTICIPANT: "their own",
    Audience.CURATOR: "of the curator's own school",
    Audience.COORDINATOR: "any school",
}


OWN_KIND_TEXT = {
    Kind.PARTICIPANT: "their own participation",
    Kind.RESPONSE: "their own answers",
    Kind.PAIR: "a pair they are the mentor or the mentee of",
    Kind.MEETING: "a meeting of their pair",
    Kind.GOAL: "a goal of their pair's plan",
    Kind.TASK: "a task of their pair's plan",
    Kind.WARD: "their own participation, or a minor's they gave a parent's consent for",
}


def _objects_text(rule: Rule, mapping: Mapping[str, Kind]) -> str:
    if rule.audience in (Audience.PARTICIPANT, Audience.ANYONE):
        return ", ".join(f"`{name}`: {OWN_KIND_TEXT.get(kind, kind.value)}" for name, kind in mapping.items())
    return ", ".join(f"`{name}` → {kind.value}" for name, kind in mapping.items())


def markdown() -> str:
    """docs/access.md, generated from the tables above (`python -m bot.access > docs/access.md`);
    tests/test_access.py checks the file is up to date."""
    lines = [
        "# Who may use what: the access matrix",
        "",
        "Generated from `bot/access.py` by `python -m bot.access > docs/access.md`; enforced for every update",
        "by `AccessMiddleware` (bot/middlewares.py) before any handler runs, and tried role by role in",
        "`tests/test_access.py`. A button with no rule is refused (deny by default).",
        "",
        "Roles: **anyone** — any person in a private chat; **participant** — has a participation in a",
        "programme (mentor or mentee, any status) and reaches only their own participation, answers,",
        "pair, meetings and plan (the mentor of a pair also the pair's plan); **curator** — a curator of a",
        "school (`staff`), reaching only the programmes of their own school; **coordinator** — a municipal",
        "coordinator (`COORDINATOR_IDS`), who sees every school's figures and no person's data.",
        "",
        "A refused command gets the same answer as an unknown one (a participant's command: \"for",
        "participants\"); a refused button gets an alert. Ids that exist nowhere pass to the handler,",
        "which answers that the object is gone.",
        "",
        "## Commands",
        "",
        "| Command | Who |",
        "|---|---|",
    ]
    lines += [f"| `/{name}` | {AUDIENCE_TEXT[who]} |" for name, who in sorted(COMMANDS.items(), key=lambda kv: (list(Audience).index(kv[1]), kv[0]))]
    lines += ["", "## Buttons", "", "| Prefix | Screen | Who | Objects in the data | Checked by the handler too |", "|---|---|---|---|---|"]
    for prefix, rule in sorted(CALLBACKS.items(), key=lambda kv: (list(Audience).index(kv[1].audience), kv[0])):
        cls = CALLBACK_CLASSES.get(prefix)
        screen = f"`{cls.__module__}.{cls.__name__}`" if cls else ""
        objects = _objects_text(rule, rule.objects)
        grouped: dict[str, list[str]] = {}
        for action, mapping in rule.per_action.items():
            grouped.setdefault(_objects_text(rule, mapping), []).append(f"`{action}`")
        for text, actions in grouped.items():
            objects += f"; for {', '.join(actions)}: {text}"
        if objects and rule.audience in (Audience.CURATOR, Audience.COORDINATOR):
            objects += f" ({OWNER_TEXT[rule.audience]})"
        lines.append(f"| `{prefix}` | {screen} | {AUDIENCE_TEXT[rule.audience]} | {objects or '—'} | {rule.note or '—'} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover - a maintenance command
    from bot.config import Settings
    from handlers import build_router

    register_router(build_router(Settings(_env_file=None, bot_token="123456:" + "A" * 35)))  # type: ignore[call-arg]
    print(markdown(), end="")
