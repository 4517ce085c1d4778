"""The curator's list of participants and a person's card: filters, one set-based query per page,
everything the card shows, notes from third parties, deactivation and reactivation.

Plain functions over a session: they never commit and never talk to Telegram.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ColumnElement, and_, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import (
    Consent,
    ConsentKind,
    Form,
    Invite,
    Meeting,
    MeetingStatus,
    Pair,
    PairStatus,
    ParentConsentRequest,
    Participant,
    ParticipantNote,
    ParticipantStatus,
    QuestionnaireResponse,
    ResponseStatus,
    Role,
    User,
)

PER_PAGE = 10
NOTE_LIMIT = 2000  # the column's length
NOTE_SOURCES = ("psychologist", "class_teacher", "parent", "other")
FEEDBACK = "feedback"
INTAKE = {Role.MENTOR.value: "mentor_intake", Role.MENTEE.value: "mentee_intake"}
# A meeting the pair agreed on (still ahead, held or not held); proposals, refusals and moved ones are not counted.
AGREED_MEETINGS = (MeetingStatus.ACCEPTED, MeetingStatus.HELD, MeetingStatus.NOT_HELD)
FORMS = tuple(f.value for f in Form)  # a form's position here is its one-character code

# ---- filters ------------------------------------------------------------------------------------

# Each filter is one character of a fixed-length code, in this order; "-" means "any".
# The values are what the code stores; handlers name them through the locales.
ANY = "-"
DIMENSIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("role", ("mentor", "mentee")),
    ("form", FORMS),
    ("consent", ("given", "waiting", "declined")),
    ("questionnaire", ("done", "missing")),
    ("paired", ("yes", "no")),
    ("unreachable", ("yes", "no")),
)
DIMENSION_NAMES = tuple(name for name, _ in DIMENSIONS)
_CODES: dict[str, dict[str, str]] = {
    "role": {"mentor": "m", "mentee": "e"},
    "form": {form: str(index) for index, form in enumerate(FORMS)},
    "consent": {"given": "g", "waiting": "w", "declined": "d"},
    "questionnaire": {"done": "y", "missing": "n"},
    "paired": {"yes": "y", "no": "n"},
    "unreachable": {"yes": "y", "no": "n"},
}


@dataclass(frozen=True)
class Filters:
    """The chosen value per dimension; a missing dimension is not filtered on."""

    values: dict[str, str] = field(default_factory=dict)

    def get(self, name: str) -> str | None:
        return self.values.get(name)

    def with_value(self, name: str, value: str | None) -> Filters:
        values = {k: v for k, v in self.values.items() if k != name}
        if value is not None and value in _CODES.get(name, {}):
            values[name] = value
        return replace(self, values=values)

    @property
    def empty(self) -> bool:
        return not self.values

    def encode(self) -> str:
        return "".join(_CODES[name].get(self.values.get(name, ""), ANY) for name in DIMENSION_NAMES)

    @classmethod
    def decode(cls, code: str) -> Filters:
        """From button data (untrusted): an unknown character is "any", never an error."""
        values: dict[str, str] = {}
        for name, char in zip(DIMENSION_NAMES, code or "", strict=False):
            for value, known in _CODES[name].items():
                if char == known:
                    values[name] = value
        return cls(values)


def consent_given() -> ColumnElement[bool]:
    """Own consent, and for a minor a parent's (in the bot or on paper)."""
    own = exists().where(Consent.participant_id == Participant.id, Consent.kind == ConsentKind.SELF)
    parent = exists().where(Consent.participant_id == Participant.id, Consent.kind.in_((ConsentKind.PARENT, ConsentKind.PAPER)))
    return and_(own, or_(Participant.is_minor.is_(False), parent))


def consent_declined() -> ColumnElement[bool]:
    """The person declined, or a parent declined and nobody has consented since."""
    parent_declined = exists().where(
        ParentConsentRequest.participant_id == Participant.id, ParentConsentRequest.decision == "declined"
    )
    return and_(~consent_given(), or_(Participant.status == ParticipantStatus.DECLINED, parent_declined))


def intake_submitted() -> ColumnElement[bool]:
    return exists().where(
        QuestionnaireResponse.participant_id == Participant.id,
        QuestionnaireResponse.status == ResponseStatus.SUBMITTED,
        or_(*(and_(Participant.role == role, QuestionnaireResponse.questionnaire == name) for role, name in INTAKE.items())),
    )


def in_active_pair() -> ColumnElement[bool]:
    return exists().where(
        Pair.status == PairStatus.ACTIVE, or_(Pair.mentor_id == Participant.id, Pair.mentee_id == Participant.id)
    )


def unreachable() -> ColumnElement[bool]:
    return User.unreachable_at.is_not(None)


def conditions(filters: Filters) -> list[ColumnElement[bool]]:
    """SQL conditions over Participant (and User, joined) for the chosen filters."""
    found: list[ColumnElement[bool]] = []
    if (role := filters.get("role")) is not None:
        found.append(Participant.role == role)
    if (form := filters.get("form")) is not None:
        found.append(Participant.form == form)
    consent = filters.get("consent")
    if consent == "given":
        found.append(consent_given())
    elif consent == "declined":
        found.append(consent_declined())
    elif consent == "waiting":
        found.append(and_(~consent_given(), ~consent_declined()))
    questionnaire = filters.get("questionnaire")
    if questionnaire is not None:
        found.append(intake_submitted() if questionnaire == "done" else ~intake_submitted())
    paired = filters.get("paired")
    if paired is not None:
        found.append(in_active_pair() if paired == "yes" else ~in_active_pair())
    reach = filters.get("unreachable")
    if reach is not None:
        found.append(unreachable() if reach == "yes" else ~unreachable())
    return found


# ---- the list -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    id: int
    name: str | None  # the participant's name, or the one their personal invitation carried
    role: str
    form: str
    status: str
    paired: bool
    unreachable: bool


@dataclass(frozen=True)
class Page:
    rows: list[Row]
    total: int
    page: int
    pages: int


async def page_of(session: AsyncSession, programme_id: int, filters: Filters, page: int, per_page: int = PER_PAGE) -> Page:
    """One counting query and one query for the rows, whatever the page size."""
    where = [Participant.programme_id == programme_id, *conditions(filters)]
    base = select(Participant.id).join(User, User.id == Participant.user_id).where(*where)
    total = int(await session.scalar(select(func.count()).select_from(base.subquery())) or 0)
    pages = max(1, (total + per_page - 1) // per_page)
    page = min(max(page, 0), pages - 1)
    name = func.coalesce(Participant.full_name, Invite.full_name)
    query = (
        select(
            Participant.id,
            name.label("name"),
            Participant.role,
            Participant.form,
            Participant.status,
            in_active_pair().label("paired"),
            unreachable().label("unreachable"),
        )
        .join(User, User.id == Participant.user_id)
        .outerjoin(Invite, Invite.id == Participant.invite_id)
        .where(*where)
        .order_by(name.is_(None), name, Participant.id)
        .offset(page * per_page)
        .limit(per_page)
    )
    rows = [
        Row(r.id, r.name, r.role, r.form, r.status, bool(r.paired), bool(r.unreachable))
        for r in (await session.execute(query)).all()
    ]
    return Page(rows, total, page, pages)


# ---- one person ---------------------------------------------------------------------------------


async def find(session: AsyncSession, programme_id: int, participant_id: int) -> Participant | None:
    """The participant if they belong to this programme (ids in button data are untrusted)."""
    if not 0 < participant_id <= 2**31 - 1:
        return None
    participant = await session.get(Participant, participant_id, populate_existing=True)
    if participant is None or participant.programme_id != programme_id or participant.user_id is None:
        return None  # not theirs, or a withdrawn participant's anonymous stub (nothing to show)
    return participant


async def display_name(session: AsyncSession, participant: Participant) -> str | None:
    if participant.full_name:
        return participant.full_name
    if participant.invite_id is None:
        return None
    return await session.scalar(select(Invite.full_name).where(Invite.id == participant.invite_id))


@dataclass(frozen=True)
class Card:
    participant: Participant
    name: str | None
    consents: list[Consent]
    responses: list[QuestionnaireResponse]  # submitted, not the monthly feedback
    feedback: list[QuestionnaireResponse]  # submitted monthly feedback, by month
    pairs: list[Pair]  # active first, then the newest
    meetings_held: int
    meetings_agreed: int
    notes: list[ParticipantNote]  # newest first
    notes_total: int


async def card_of(session: AsyncSession, participant: Participant, notes_shown: int = 5) -> Card:
    pid = participant.id
    consents = list(
        await session.scalars(select(Consent).where(Consent.participant_id == pid).order_by(Consent.given_at, Consent.id))
    )
    submitted = list(
        await session.scalars(
            select(QuestionnaireResponse)
            .where(QuestionnaireResponse.participant_id == pid, QuestionnaireResponse.status == ResponseStatus.SUBMITTED)
            .order_by(QuestionnaireResponse.submitted_at, QuestionnaireResponse.id)
        )
    )
    pairs = list(
        await session.scalars(
            select(Pair)
            .where(or_(Pair.mentor_id == pid, Pair.mentee_id == pid))
            .order_by((Pair.status == PairStatus.ACTIVE).desc(), Pair.starts_on.desc(), Pair.id.desc())
        )
    )
    held, agreed = (
        await session.execute(
            select(
                func.count(Meeting.id).filter(Meeting.status == MeetingStatus.HELD),
                func.count(Meeting.id).filter(Meeting.status.in_(AGREED_MEETINGS)),
            )
            .join(Pair, Pair.id == Meeting.pair_id)
            .where(or_(Pair.mentor_id == pid, Pair.mentee_id == pid))
        )
    ).one()
    notes = list(
        await session.scalars(
            select(ParticipantNote)
            .where(ParticipantNote.participant_id == pid)
            .order_by(ParticipantNote.created_at.desc(), ParticipantNote.id.desc())
            .limit(notes_shown)
        )
    )
    notes_total = int(
        await session.scalar(select(func.count(ParticipantNote.id)).where(ParticipantNote.participant_id == pid)) or 0
    )
    return Card(
        participant=participant,
        name=await display_name(session, participant),
        consents=consents,
        responses=[r for r in submitted if r.questionnaire != FEEDBACK],
        feedback=sorted((r for r in submitted if r.questionnaire == FEEDBACK), key=lambda r: r.period),
        pairs=pairs,
        meetings_held=int(held or 0),
        meetings_agreed=int(agreed or 0),
        notes=notes,
        notes_total=notes_total,
    )


async def submitted_response(session: AsyncSession, participant: Participant, response_id: int) -> QuestionnaireResponse | None:
    """One of this participant's submitted questionnaires (the id comes from button data)."""
    if not 0 < response_id <= 2**31 - 1:
        return None
    return await session.scalar(
        select(QuestionnaireResponse).where(
            QuestionnaireResponse.id == response_id,
            QuestionnaireResponse.participant_id == participant.id,
            QuestionnaireResponse.status == ResponseStatus.SUBMITTED,
        )
    )


# ---- notes from third parties -------------------------------------------------------------------


class NoteError(StrEnum):
    EMPTY = "empty"
    TOO_LONG = "too-long"


def check_note(text: str) -> NoteError | None:
    if not text.strip():
        return NoteError.EMPTY
    if len(text.strip()) > NOTE_LIMIT:
        return NoteError.TOO_LONG
    return None


def may_have_notes(participant: Participant) -> bool:
    return participant.role == Role.MENTEE


def add_note(
    session: AsyncSession, participant: Participant, source: str, text: str, author_telegram_id: int, now: datetime
) -> ParticipantNote:
    if source not in NOTE_SOURCES:
        raise ValueError(f"unknown note source {source!r}")
    if check_note(text) is not None or not may_have_notes(participant):
        raise ValueError("the note cannot be stored")
    note = ParticipantNote(
        participant_id=participant.id, source=source, text=text.strip(), author_telegram_id=author_telegram_id, created_at=now
    )
    session.add(note)
    return note


async def note_at(session: AsyncSession, participant_id: int, index: int) -> tuple[ParticipantNote | None, int]:
    """The note at `index` counting from the newest (clamped), and how many there are."""
    total = int(
        await session.scalar(select(func.count(ParticipantNote.id)).where(ParticipantNote.participant_id == participant_id)) or 0
    )
    if total == 0:
        return None, 0
    index = min(max(index, 0), total - 1)
    note = await session.scalar(
        select(ParticipantNote)
        .where(ParticipantNote.participant_id == participant_id)
        .order_by(ParticipantNote.created_at.desc(), ParticipantNote.id.desc())
        .offset(index)
        .limit(1)
    )
    return note, total


# ---- deactivation -------------------------------------------------------------------------------


class StatusError(StrEnum):
    """Why a change of status was refused; each has a locale key `people-error-<value>`."""

    IN_PAIR = "in-pair"
    ALREADY_INACTIVE = "already-inactive"
    NOT_INACTIVE = "not-inactive"
    NO_INTAKE = "no-intake"


async def active_pairs_of(session: AsyncSession, participant_id: int) -> list[Pair]:
    return list(
        await session.scalars(
            select(Pair)
            .where(Pair.status == PairStatus.ACTIVE, or_(Pair.mentor_id == participant_id, Pair.mentee_id == participant_id))
            .order_by(Pair.id)
        )
    )


async def deactivation_refused(session: AsyncSession, participant: Participant) -> StatusError | None:
    if participant.status == ParticipantStatus.INACTIVE:
        return StatusError.ALREADY_INACTIVE
    if await active_pairs_of(session, participant.id):
        return StatusError.IN_PAIR
    return None


async def deactivate(session: AsyncSession, participant: Participant, now: datetime) -> StatusError | None:
    """Inactive: no reminders, polls or matching. Never breaks a pair: one in an active pair is refused
    (the curator completes the pair or replaces the mentor in /pairs first)."""
    refused = await deactivation_refused(session, participant)
    if refused is not None:
        return refused
    participant.status = ParticipantStatus.INACTIVE
    participant.updated_at = now
    return None


async def has_intake(session: AsyncSession, participant: Participant) -> bool:
    found = await session.scalar(
        select(QuestionnaireResponse.id)
        .where(
            QuestionnaireResponse.participant_id == participant.id,
            QuestionnaireResponse.questionnaire == INTAKE.get(participant.role, ""),
            QuestionnaireResponse.status == ResponseStatus.SUBMITTED,
        )
        .limit(1)
    )
    return found is not None


async def reactivate(session: AsyncSession, participant: Participant, now: datetime) -> StatusError | None:
    """Back to active, only for someone who had submitted their intake: the stage before deactivation
    is not stored, and active without an intake would skip onboarding."""
    if participant.status != ParticipantStatus.INACTIVE:
        return StatusError.NOT_INACTIVE
    if not await has_intake(session, participant):
        return StatusError.NO_INTAKE
    participant.status = ParticipantStatus.ACTIVE
    participant.updated_at = now
    return None
