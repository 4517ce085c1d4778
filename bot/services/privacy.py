"""A person's own data under 152-FZ: what the bot holds about them, a copy of it, and its erasure.

Three parts:

- `holdings()` reads everything stored about one Telegram account: each participation (school, role,
  form, status, consents with date and version, questionnaires and their answers, pairs with the
  partner's name as /pair shows it, meetings, the development plan, concerns the person raised,
  the curator's notes about them), the consents they gave as a parent, their curator rows. /privacy
  shows a summary of it and `as_json()` is the copy they download (art. 14 of 152-FZ: the data
  processed, its purpose and its source).
- `erase_participants()` deletes everything personal of many participants at once with a fixed
  number of statements whatever their number, so that the retention purge of a whole programme costs
  the same handful of statements as one withdrawal. Each participant is left as an anonymous stub
  (role, form, programme, dates; status `withdrawn`) so that the programme's pair and meeting counts
  and the other side's pair history still add up.
- `withdraw()` is one person's (or their parent's) withdrawal of consent: their active pairs are
  completed (reason `withdrawn`) with notices to the other side and the curators through the outbox,
  in the same transaction, then the participant is erased.

Notes from third parties are shown as a count with their sources on the /privacy screen, and with
their text in the downloaded copy: 152-FZ art. 14 (7) gives the person the right to the data
processed about them and its source; the author's identity (the curator's account) is left out, as
it is someone else's data (art. 14 (8.5)).

Nothing here commits or talks to Telegram, except `forget_dialogs()`, which clears dialog state kept
outside the database (Redis).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from html import escape
from typing import Any

from aiogram.fsm.storage.base import BaseStorage, StorageKey
from sqlalchemy import (
    JSON,
    Column,
    ColumnElement,
    String,
    Table,
    and_,
    bindparam,
    case,
    cast,
    delete,
    exists,
    func,
    insert,
    literal,
    or_,
    select,
    union_all,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.config import Settings
from bot.fsm_storage import SQLStorage
from bot.i18n import L10n, Translator
from bot.services.notify import tell_curators, tell_participant
from bot.services.pairs import WITHDRAWAL_REASON, end_by_withdrawal
from bot.services.plans import plan_of
from db.models import (
    Answer,
    Concern,
    Consent,
    ConsentKind,
    FsmRecord,
    Invite,
    Meeting,
    MeetingCheckin,
    MeetingStatus,
    Organisation,
    OutboxMessage,
    OutboxStatus,
    Pair,
    PairEvent,
    PairStatus,
    ParentConsentRequest,
    Participant,
    ParticipantNote,
    ParticipantStatus,
    PlanGoal,
    PlanTask,
    Programme,
    QuestionnaireResponse,
    Staff,
    User,
    UTCDateTime,
)
from questionnaires.engine import QUESTIONNAIRES

log = logging.getLogger(__name__)

# Every column that can hold something a person typed or that names them. `erase_participants`
# clears each of them for the erased (tests/test_privacy.py checks that the list covers every
# text column of the schema, together with OTHER_TEXT).
PERSONAL_TEXT: tuple[tuple[Table, Column[Any]], ...] = tuple(
    (column.table, column)  # type: ignore[misc]
    for column in (
        Participant.__table__.c.full_name,
        Participant.__table__.c.class_or_subject,
        Invite.__table__.c.full_name,  # a personal link carries the name the curator typed
        Invite.__table__.c.class_or_subject,
        Answer.__table__.c.value,  # questionnaires, monthly feedback, exit survey
        FsmRecord.__table__.c.data,  # a dialog under way: a task title typed, a response id
        Meeting.__table__.c.topic,  # typed by whoever proposed the meeting
        MeetingCheckin.__table__.c.note,
        PlanGoal.__table__.c.title,
        PlanTask.__table__.c.title,
        Concern.__table__.c.text,
        ParticipantNote.__table__.c.text,  # about the person, by a third party
        OutboxMessage.__table__.c.text,  # messages to them, and others' messages naming them
        OutboxMessage.__table__.c.reply_markup,
    )
)

# The other text columns, and why no participant's text is in them.
OTHER_TEXT: dict[str, str] = {
    "organisations.name": "the school",
    "organisations.timezone": "a setting",
    "programmes.academic_year": "a code",
    "programmes.forms": "codes",
    "programmes.settings": "the curator's settings",
    "users.locale": "a code",
    "users.language_code": "a code from Telegram; the row goes with the person",
    "invites.code": "a random code",
    "invites.role": "a code",
    "invites.form": "a code",
    "invites.kind": "a code",
    "participants.role": "a code, kept in the stub for the statistics",
    "participants.form": "a code, kept in the stub",
    "participants.status": "a code",
    "consents.kind": "a code; the rows go with the person",
    "consents.text_version": "a code",
    "consents.text_sha256": "a hash of the text shown",
    "consents.locale": "a code",
    "parent_consent_requests.code": "a random code; the rows go with the person",
    "parent_consent_requests.decision": "a code",
    "questionnaire_responses.questionnaire": "a code; the rows go with the person",
    "questionnaire_responses.period": "a code",
    "questionnaire_responses.status": "a code",
    "questionnaire_responses.cursor": "a question key",
    "answers.question": "a question key; the rows go with the person",
    "fsm_states.key": "ids; the rows of the person's chat are deleted",
    "fsm_states.state": "a state name",
    "pairs.form": "a code",
    "pairs.status": "a code",
    "pair_events.kind": "a code",
    "pair_events.data": "ids and codes only",
    "meetings.kind": "a code",
    "meetings.format": "a code",
    "meetings.status": "a code",
    "meeting_checkins.answer": "a code",
    "concerns.kind": "a code",
    "concerns.resolution": "a code",
    "roadmap_events.code": "a code",
    "roadmap_events.category": "a code",
    "roadmap_events.title": "the curator's roadmap",
    "roadmap_events.responsible": "the curator's roadmap (a post, e.g. deputy head)",
    "roadmap_events.status": "a code",
    "outbox.key": "ids",
    "outbox.kind": "a code",
    "outbox.ref_type": "a code",
    "outbox.status": "a code",
    "outbox.claimed_by": "a process name",
    "outbox.last_error": "Telegram's error",
    "participant_notes.source": "a code",
    "broadcasts.audience": "codes",
    "broadcasts.text": "the curator's announcement to many",
    "staff.role": "a code",
    "staff.full_name": "a curator's name: staff, not participants",
    "staff_invites.code": "a random code",
    "staff_invites.role": "a code",
    "swot_reviews.form": "a code",
    "swot_reviews.answers": "the curator's analysis of a form, without names",
    "audit_events.actor_role": "a code",
    "audit_events.action": "a code",
    "audit_events.object_type": "a code",
    "audit_events.details": "ids and codes only",
}

# Typed texts shorter than this are not looked for inside outbox texts ("да" is everywhere).
MIN_TYPED = 6
MIN_NAME = 3
BUSY = (OutboxStatus.PENDING.value, OutboxStatus.SENDING.value)
UPCOMING = (MeetingStatus.PROPOSED.value, MeetingStatus.ACCEPTED.value)
PERIOD_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


# ---- erasure ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Erased:
    """What `erase_participants` did."""

    participants: int  # made into stubs
    users: int  # users rows deleted (the person had nothing else left)
    telegram_ids: tuple[int, ...]  # the erased participants' chats, for `forget_dialogs`
    answers: int
    outbox_deleted: int
    outbox_blanked: int  # others' messages that named them or quoted their texts: text removed


def _in(column: Any, values: Iterable[int]) -> ColumnElement[bool]:
    """`column IN (...)` with the ids written into the statement: no limit on bound parameters
    (PostgreSQL allows 32,767), so a whole programme fits in one statement."""
    return column.in_(bindparam(None, sorted(set(values)), expanding=True, literal_execute=True))


def _contains(dialect: str, haystack: Any, needle: Any) -> ColumnElement[bool]:
    """`needle` occurs in `haystack`: a plain substring test, so `%` or `_` in a name match literally."""
    if dialect == "postgresql":
        return func.strpos(haystack, needle) > 0
    return func.instr(haystack, needle) > 0


def _html(value: Any) -> Any:
    """html.escape(value) in SQL: texts reach the outbox escaped for Telegram's HTML."""
    for raw, escaped in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;")):
        value = func.replace(value, raw, escaped)
    return value


async def erase_participants(session: AsyncSession, participant_ids: Sequence[int], now: datetime) -> Erased:
    """Erases the participants' personal data; each is left as an anonymous stub.

    Deleted: questionnaire responses and answers (feedback included: reports lose those figures),
    consents and parents' consent requests, the curator's notes about them, the concerns they raised,
    their development plan (as the mentee), the dialog state of their chat, the outbox rows to their
    chat; set to NULL: the topics of meetings they proposed, their check-in notes, their name and
    class on the participant row and on their personal invitation. Others' outbox messages that
    name them or quote what they typed keep their key (so the planner does not queue them again)
    but lose their text, and are cancelled if not yet sent. A pair of theirs still active is
    completed (reason `withdrawn`) and its meetings still ahead are cancelled. Their users row is
    deleted unless they still take part elsewhere or are a curator; so is the users row of a parent
    who consented for them, on the same terms.

    The same 21 statements for one participant or a whole programme: every condition is a subquery
    or an IN list written into the statement. The one whose work grows with the batch is the search
    of the outbox for their names and texts (messages left x needles, substring tests in SQL): a few
    seconds on SQLite for a purge of 600 people against 8,000 messages, milliseconds for one person.
    ORM objects of the erased rows already loaded in `session` are stale afterwards.
    """
    await session.flush()  # pending changes first: the statements below bypass the unit of work
    dialect = session.get_bind().dialect.name
    ids = sorted(set(participant_ids))
    mine = _in(Participant.id, ids)
    owners = select(Participant.user_id).where(mine, Participant.user_id.is_not(None))
    programmes = select(Participant.programme_id).where(mine)

    # 1. Whose users rows go: the participants' own and the parents' who consented for them, unless
    #    they take part elsewhere or curate a school.
    other = aliased(Participant)
    parents = select(Consent.given_by_telegram_id).where(_in(Consent.participant_id, ids), Consent.kind == ConsentKind.PARENT)
    gone = (
        await session.execute(
            select(User.id, User.telegram_id).where(
                or_(User.id.in_(owners), User.telegram_id.in_(parents)),
                ~exists().where(other.user_id == User.id, ~_in(other.id, ids)),
                ~exists().where(Staff.telegram_id == User.telegram_id),
            )
        )
    ).all()
    gone_users, gone_chats = [int(r[0]) for r in gone], [int(r[1]) for r in gone]

    # 2. The erased participants' chats (kept users too: their dialog state is cleared).
    chats = [int(tg) for tg in await session.scalars(select(User.telegram_id).where(User.id.in_(owners)))]

    # 3. Messages to them: all of them for a person who is gone; for one who keeps another
    #    participation, what still waits in this programme (the planner queues again what their
    #    other participation needs).
    deleted = await session.execute(
        delete(OutboxMessage)
        .where(
            or_(
                _in(OutboxMessage.user_id, gone_users),
                _in(OutboxMessage.chat_id, gone_chats),
                and_(
                    OutboxMessage.status.in_(BUSY),
                    _in(OutboxMessage.chat_id, chats),
                    OutboxMessage.programme_id.in_(programmes),
                ),
            )
        )
        .execution_options(synchronize_session=False)
    )

    # 4. Others' messages naming them or quoting their texts (after the deletion above, so fewer are
    #    searched): the text goes, the key stays. The needles (their names and typed texts) are a
    #    derived table joined once to the outbox.
    person, same, box = aliased(Participant), aliased(Participant), aliased(OutboxMessage)
    name = func.coalesce(person.full_name, Invite.full_name)
    texts = union_all(
        select(name.label("needle"))
        .select_from(person)
        .outerjoin(Invite, Invite.id == person.invite_id)
        .where(
            _in(person.id, ids),
            func.length(name) >= MIN_NAME,
            # The same name on a participation they keep (another role) is still in use.
            ~exists().where(same.user_id == person.user_id, ~_in(same.id, ids), same.full_name == name),
        ),
        select(Meeting.topic).where(_in(Meeting.proposed_by_id, ids), func.length(Meeting.topic) >= MIN_TYPED),
        select(MeetingCheckin.note).where(_in(MeetingCheckin.participant_id, ids), func.length(MeetingCheckin.note) >= MIN_TYPED),
        select(Concern.text).where(_in(Concern.raised_by_id, ids), func.length(Concern.text) >= MIN_TYPED),
        select(PlanGoal.title).where(_in(PlanGoal.mentee_id, ids), func.length(PlanGoal.title) >= MIN_TYPED),
        select(PlanTask.title)
        .join(PlanGoal, PlanGoal.id == PlanTask.goal_id)
        .where(_in(PlanGoal.mentee_id, ids), func.length(PlanTask.title) >= MIN_TYPED),
    ).subquery()
    # Each needle once, with its HTML-escaped form worked out once (not per message compared).
    needles = select(texts.c.needle, _html(texts.c.needle).label("escaped")).distinct().subquery()
    hits = (
        select(box.id)
        .join(
            needles,
            or_(
                _contains(dialect, box.text, needles.c.needle),
                and_(needles.c.escaped != needles.c.needle, _contains(dialect, box.text, needles.c.escaped)),
            ),
        )
        .where(or_(box.programme_id.in_(programmes), box.programme_id.is_(None)), box.text != "")
    )
    blanked = await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(hits))
        .values(
            text="",
            reply_markup=None,
            status=case((OutboxMessage.status.in_(BUSY), OutboxStatus.CANCELLED.value), else_=OutboxMessage.status),
        )
        .execution_options(synchronize_session=False)
    )

    # 5. Dialog state of their chats kept in the database (keys "fsm:<bot>:<chat>:<user>:<destiny>").
    fsm_key = literal("fsm:%:") + cast(User.telegram_id, String) + literal(":%")
    await session.execute(
        delete(FsmRecord)
        .where(exists().where(User.id.in_(owners), FsmRecord.key.like(fsm_key)))
        .execution_options(synchronize_session=False)
    )

    # 6. What they answered and consented to.
    responses = select(QuestionnaireResponse.id).where(_in(QuestionnaireResponse.participant_id, ids))
    answers = await session.execute(delete(Answer).where(Answer.response_id.in_(responses)).execution_options(synchronize_session=False))
    for statement in (
        delete(QuestionnaireResponse).where(_in(QuestionnaireResponse.participant_id, ids)),
        delete(Consent).where(_in(Consent.participant_id, ids)),
        delete(ParentConsentRequest).where(_in(ParentConsentRequest.participant_id, ids)),
        delete(ParticipantNote).where(_in(ParticipantNote.participant_id, ids)),
        delete(Concern).where(_in(Concern.raised_by_id, ids)),
        update(Meeting).where(_in(Meeting.proposed_by_id, ids), Meeting.topic.is_not(None)).values(topic=None),
        update(MeetingCheckin).where(_in(MeetingCheckin.participant_id, ids), MeetingCheckin.note.is_not(None)).values(note=None),
        delete(PlanTask).where(PlanTask.goal_id.in_(select(PlanGoal.id).where(_in(PlanGoal.mentee_id, ids)))),
        delete(PlanGoal).where(_in(PlanGoal.mentee_id, ids)),
        update(Invite)
        .where(Invite.id.in_(select(Participant.invite_id).where(mine)))
        .values(full_name=None, class_or_subject=None),
    ):
        await session.execute(statement.execution_options(synchronize_session=False))

    # 7. A pair of theirs still active ends (a withdrawal has ended it already, with notices).
    still = and_(Pair.status == PairStatus.ACTIVE, or_(_in(Pair.mentor_id, ids), _in(Pair.mentee_id, ids)))
    await session.execute(
        insert(PairEvent).from_select(
            ["pair_id", "kind", "data", "created_at"],
            select(Pair.id, literal("completed"), literal({"reason": WITHDRAWAL_REASON}, JSON), literal(now, UTCDateTime())).where(still),
        )
    )
    await session.execute(
        update(Pair)
        .where(still)
        .values(status=PairStatus.COMPLETED.value, completed_at=now, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    # Meetings of their pairs still ahead will not take place: their reminders are dropped by the
    # outbox's guard, and the other side's /meetings no longer offers them.
    theirs = select(Pair.id).where(or_(_in(Pair.mentor_id, ids), _in(Pair.mentee_id, ids)))
    await session.execute(
        update(Meeting)
        .where(Meeting.pair_id.in_(theirs), Meeting.status.in_(UPCOMING), Meeting.starts_at > now)
        .values(status=MeetingStatus.CANCELLED.value, updated_at=now)
        .execution_options(synchronize_session=False)
    )

    # 8. The stubs, then the users rows (after: a users row cascades to its participants).
    stubs = await session.execute(
        update(Participant)
        .where(mine)
        .values(
            user_id=None,
            full_name=None,
            class_or_subject=None,
            is_minor=None,
            status=ParticipantStatus.WITHDRAWN.value,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    users = await session.execute(delete(User).where(_in(User.id, gone_users)).execution_options(synchronize_session=False))
    # Numbers only: after a restore from a backup, `python -m bot.erase <numbers>` erases them again.
    log.info("erasing the personal data of participant(s) %s", ",".join(map(str, sorted(participant_ids))))
    return Erased(
        participants=stubs.rowcount,  # type: ignore[attr-defined]
        users=users.rowcount,  # type: ignore[attr-defined]
        telegram_ids=tuple(sorted(set(chats))),
        answers=answers.rowcount,  # type: ignore[attr-defined]
        outbox_deleted=deleted.rowcount,  # type: ignore[attr-defined]
        outbox_blanked=blanked.rowcount,  # type: ignore[attr-defined]
    )


async def forget_dialogs(storage: BaseStorage, bot_id: int, telegram_ids: Iterable[int]) -> None:
    """Clears the private-chat dialog state of these people in a storage outside the database
    (Redis); the database's own table is cleared by `erase_participants`, in its transaction."""
    if isinstance(storage, SQLStorage):
        return
    for telegram_id in telegram_ids:
        key = StorageKey(bot_id=bot_id, chat_id=telegram_id, user_id=telegram_id)
        await storage.set_state(key, None)
        await storage.set_data(key, {})


# ---- withdrawal -------------------------------------------------------------------------------------


def _label(t: Translator, prefix: str, code: str) -> str:
    return t(f"{prefix}-{code.replace('_', '-')}")


async def withdraw(
    session: AsyncSession,
    l10n: L10n,
    settings: Settings,
    participant: Participant,
    *,
    by_parent: bool,
    now: datetime,
    today: date,
) -> Erased:
    """One person's withdrawal of consent (or their parent's): their active pairs end, the other
    side and the curators hear of it through the outbox (without the person's name: the erasure
    below would blank a message naming them), then everything personal is erased."""
    pairs = list(
        await session.scalars(
            select(Pair)
            .where(Pair.status == PairStatus.ACTIVE, or_(Pair.mentor_id == participant.id, Pair.mentee_id == participant.id))
            .order_by(Pair.id)
        )
    )
    ended: list[tuple[Pair, Participant]] = []
    for pair in pairs:
        side = "mentor" if pair.mentor_id == participant.id else "mentee"
        other = pair.mentee if side == "mentor" else pair.mentor
        await end_by_withdrawal(session, pair, today=today, now=now)
        ended.append((pair, other))
        await tell_participant(
            session,
            l10n,
            now,
            other,
            "pair-withdrawn",
            lambda t, pair=pair, side=side: t(
                "privacy-partner-notice", side=side, form=_label(t, "form", pair.form), date=pair.starts_on.strftime("%d.%m.%Y")
            ),
        )

    def curator_text(t: Translator) -> str:
        lines = [
            t(
                "privacy-curator-withdrawn",
                by=("parent" if by_parent else "self"),
                role=_label(t, "role", participant.role),
                form=_label(t, "form", participant.form),
            )
        ]
        for pair, other in ended:
            other_name = escape(other.full_name) if other.full_name else t("pairs-unknown-person")
            lines.append(t("privacy-curator-pair", pair=pair.id, form=_label(t, "form", pair.form), other=other_name))
        return "\n".join(lines)

    await tell_curators(session, l10n, settings, now, "participant-withdrawn", curator_text, programme_id=participant.programme_id)
    return await erase_participants(session, [participant.id], now)


async def withdrawable(session: AsyncSession, telegram_id: int, participant_id: int) -> tuple[Participant, bool] | None:
    """The participation this Telegram account may withdraw consent for, and whether as a parent:
    their own, or a minor's they gave a parent's consent for in the bot. Ids from buttons are untrusted."""
    if not 0 < participant_id <= 2**31 - 1:
        return None
    participant = await session.get(Participant, participant_id, populate_existing=True)
    if participant is None or participant.user_id is None or participant.status == ParticipantStatus.WITHDRAWN:
        return None
    if participant.user is not None and participant.user.telegram_id == telegram_id:
        return participant, False
    parent = await session.scalar(
        select(Consent.id)
        .where(Consent.participant_id == participant.id, Consent.kind == ConsentKind.PARENT, Consent.given_by_telegram_id == telegram_id)
        .limit(1)
    )
    return (participant, True) if parent is not None else None


async def participates(session: AsyncSession, telegram_id: int) -> bool:
    """Whether this Telegram account still has a participation (a withdrawn one is a stub without a user)."""
    found = await session.scalar(
        select(Participant.id).join(User, User.id == Participant.user_id).where(User.telegram_id == telegram_id).limit(1)
    )
    return found is not None


# ---- what is held -----------------------------------------------------------------------------------


@dataclass
class Participation:
    participant: Participant
    school: str
    academic_year: str
    name: str | None  # their own, or the one their personal invitation carried
    consents: list[Consent]
    parent_requests: list[ParentConsentRequest]
    responses: list[QuestionnaireResponse]
    pairs: list[tuple[Pair, Participant]]  # the pair and the other side
    meetings: list[Meeting]
    checkins: list[MeetingCheckin]  # their own answers only
    plan: list[tuple[PlanGoal, list[PlanTask]]]  # as the mentee
    concerns: list[Concern]  # raised by them
    notes: list[ParticipantNote]  # about them


@dataclass
class ChildConsent:
    """A minor's participation the person consented to as a parent."""

    participant: Participant
    school: str
    name: str | None
    consent: Consent


@dataclass
class Holdings:
    telegram_id: int
    user: User | None
    participations: list[Participation] = field(default_factory=list)
    children: list[ChildConsent] = field(default_factory=list)
    staff: list[tuple[Staff, str]] = field(default_factory=list)  # curator rows and their school
    messages: dict[str, int] = field(default_factory=dict)  # outbox rows to them, by status

    @property
    def empty(self) -> bool:
        return self.user is None and not self.participations and not self.children and not self.staff


async def _school(session: AsyncSession, programme_id: int) -> tuple[str, str]:
    programme = await session.get(Programme, programme_id)
    if programme is None:
        return "", ""
    return programme.organisation.name, programme.academic_year


async def _name(session: AsyncSession, participant: Participant) -> str | None:
    if participant.full_name:
        return participant.full_name
    if participant.invite_id is None:
        return None
    return await session.scalar(select(Invite.full_name).where(Invite.id == participant.invite_id))


async def _participation(session: AsyncSession, participant: Participant) -> Participation:
    pid = participant.id
    school, year = await _school(session, participant.programme_id)
    pairs = list(
        (await session.scalars(select(Pair).where(or_(Pair.mentor_id == pid, Pair.mentee_id == pid)).order_by(Pair.id))).unique()
    )
    pair_ids = [p.id for p in pairs]
    meetings = list(await session.scalars(select(Meeting).where(Meeting.pair_id.in_(pair_ids)).order_by(Meeting.starts_at, Meeting.id))) if pair_ids else []
    return Participation(
        participant=participant,
        school=school,
        academic_year=year,
        name=await _name(session, participant),
        consents=list(await session.scalars(select(Consent).where(Consent.participant_id == pid).order_by(Consent.given_at, Consent.id))),
        parent_requests=list(
            await session.scalars(select(ParentConsentRequest).where(ParentConsentRequest.participant_id == pid).order_by(ParentConsentRequest.id))
        ),
        responses=list(
            await session.scalars(select(QuestionnaireResponse).where(QuestionnaireResponse.participant_id == pid).order_by(QuestionnaireResponse.id))
        ),
        pairs=[(p, p.mentee if p.mentor_id == pid else p.mentor) for p in pairs],
        meetings=meetings,
        checkins=list(await session.scalars(select(MeetingCheckin).where(MeetingCheckin.participant_id == pid).order_by(MeetingCheckin.id))),
        plan=await plan_of(session, pid),
        concerns=list(await session.scalars(select(Concern).where(Concern.raised_by_id == pid).order_by(Concern.id))),
        notes=list(await session.scalars(select(ParticipantNote).where(ParticipantNote.participant_id == pid).order_by(ParticipantNote.created_at, ParticipantNote.id))),
    )


async def holdings(session: AsyncSession, telegram_id: int) -> Holdings:
    """Everything stored about this Telegram account (a few queries per participation)."""
    user = await session.scalar(select(User).where(User.telegram_id == telegram_id))
    found = Holdings(telegram_id=telegram_id, user=user)
    if user is not None:
        own = (await session.scalars(select(Participant).where(Participant.user_id == user.id).order_by(Participant.id))).unique()
        found.participations = [await _participation(session, p) for p in own]
        found.messages = {
            str(status): int(n)
            for status, n in (
                await session.execute(
                    select(OutboxMessage.status, func.count()).where(OutboxMessage.chat_id == telegram_id).group_by(OutboxMessage.status)
                )
            ).all()
        }
    consents = await session.execute(
        select(Consent, Participant)
        .join(Participant, Participant.id == Consent.participant_id)
        .where(
            Consent.kind == ConsentKind.PARENT,
            Consent.given_by_telegram_id == telegram_id,
            Participant.status != ParticipantStatus.WITHDRAWN,
        )
        .order_by(Consent.given_at, Consent.id)
    )
    for consent, child in consents.unique().all():
        school, _ = await _school(session, child.programme_id)
        found.children.append(ChildConsent(child, school, await _name(session, child), consent))
    rows = await session.execute(
        select(Staff, Organisation.name)
        .join(Organisation, Organisation.id == Staff.organisation_id)
        .where(Staff.telegram_id == telegram_id)
        .order_by(Staff.id)
    )
    found.staff = [(staff, school) for staff, school in rows.all()]
    return found


# ---- the copy they download ---------------------------------------------------------------------------


def _when(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


def period_label(t: Translator, period: str) -> str:
    """A questionnaire's period for people: a month, baseline / final, nothing for a pair's own."""
    if not period or period.startswith("pair-"):
        return ""
    if match := PERIOD_MONTH.match(period):
        return f"{match.group(2)}.{match.group(1)}"
    return t(f"privacy-period-{period}") if period in ("baseline", "final") else period


def questionnaire_title(t: Translator, response: QuestionnaireResponse) -> str:
    qn = QUESTIONNAIRES.get(response.questionnaire)
    title = t(qn.title_key) if qn is not None else response.questionnaire
    period = period_label(t, response.period)
    return f"{title} ({period})" if period else title


def as_json(t: Translator, held: Holdings, now: datetime) -> dict[str, Any]:
    """The person's copy: everything about them, nothing of anyone else's beyond the partner's name
    as /pair shows it. Codes are the stored values; the texts are as they were typed."""
    user = held.user
    data: dict[str, Any] = {
        "generated_at": _when(now),
        "about": t("privacy-json-about"),
        "purpose": t("privacy-purpose"),
        "telegram_account": {
            "telegram_id": held.telegram_id,
            "locale": user.locale if user else None,
            "language_code": user.language_code if user else None,
            "first_seen": _when(user.created_at) if user else None,
            "unreachable_since": _when(user.unreachable_at) if user else None,
        }
        if user is not None
        else None,
        "participations": [],
        "consents_given_as_parent": [
            {
                "child": child.name,
                "school": child.school,
                "role": child.participant.role,
                "form": child.participant.form,
                "given_at": _when(child.consent.given_at),
                "text_version": child.consent.text_version,
            }
            for child in held.children
        ],
        "curator_of": [{"school": school, "name": staff.full_name, "since": _when(staff.added_at)} for staff, school in held.staff],
        "messages_to_you": held.messages,
    }
    for part in held.participations:
        p = part.participant
        mine = {p.id}
        data["participations"].append(
            {
                "school": part.school,
                "academic_year": part.academic_year,
                "role": p.role,
                "form": p.form,
                "status": p.status,
                "name": part.name,
                "class_or_subject": p.class_or_subject,
                "is_minor": p.is_minor,
                "joined_at": _when(p.created_at),
                "updated_at": _when(p.updated_at),
                "consents": [
                    {"kind": c.kind, "given_at": _when(c.given_at), "text_version": c.text_version, "locale": c.locale}
                    for c in part.consents
                ],
                "parent_consent_requests": [
                    {"created_at": _when(r.created_at), "decided_at": _when(r.decided_at), "decision": r.decision} for r in part.parent_requests
                ],
                "questionnaires": [
                    {
                        "questionnaire": r.questionnaire,
                        "title": questionnaire_title(t, r),
                        "period": r.period,
                        "status": r.status,
                        "started_at": _when(r.started_at),
                        "submitted_at": _when(r.submitted_at),
                        "answers": {a.question: a.value for a in r.answers},
                    }
                    for r in part.responses
                ],
                "pairs": [
                    {
                        "your_role": "mentor" if pair.mentor_id == p.id else "mentee",
                        "partner_name": other.full_name,
                        "form": pair.form,
                        "status": pair.status,
                        "starts_on": _when(pair.starts_on),
                        "ends_on": _when(pair.ends_on),
                        "completed_at": _when(pair.completed_at),
                    }
                    for pair, other in part.pairs
                ],
                "meetings": [
                    {
                        "starts_at": _when(m.starts_at),
                        "kind": m.kind,
                        "format": m.format,
                        "topic": m.topic,
                        "status": m.status,
                        "proposed_by_you": m.proposed_by_id in mine,
                    }
                    for m in part.meetings
                ],
                "your_checkins": [{"answer": c.answer, "note": c.note, "answered_at": _when(c.answered_at)} for c in part.checkins],
                "development_plan": [
                    {
                        "goal": goal.title,
                        "created_at": _when(goal.created_at),
                        "tasks": [{"title": task.title, "due_on": _when(task.due_on), "done_at": _when(task.done_at)} for task in tasks],
                    }
                    for goal, tasks in part.plan
                ],
                "concerns_you_raised": [
                    {"kind": c.kind, "text": c.text, "created_at": _when(c.created_at), "resolved_at": _when(c.resolved_at), "resolution": c.resolution}
                    for c in part.concerns
                ],
                "notes_about_you": [{"source": n.source, "text": n.text, "created_at": _when(n.created_at)} for n in part.notes],
            }
        )
    return data
