"""The data: organisation (school) -> programme -> participants, invites, consents, answers."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class UTCDateTime(TypeDecorator[datetime]):
    """Stored as naive UTC (portable across SQLite and PostgreSQL), returned as aware UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; pass an aware UTC datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON(), list[str]: JSON()}


class Role(StrEnum):
    MENTOR = "mentor"
    MENTEE = "mentee"


class Form(StrEnum):
    """Forms of mentorship (DOMAIN.md): mentor side first."""

    TEACHER_TEACHER = "teacher_teacher"
    TEACHER_STUDENT = "teacher_student"
    STUDENT_STUDENT = "student_student"
    UNIVERSITY_STUDENT = "university_student"
    EMPLOYER_STUDENT = "employer_student"
    EMPLOYER_UNIVERSITY = "employer_university"


class InviteKind(StrEnum):
    PERSONAL = "personal"
    GROUP = "group"


class ParticipantStatus(StrEnum):
    INVITED = "invited"  # opened an invite, has not consented yet
    DECLINED = "declined"  # declined consent; may reconsider
    AWAITING_PARENT = "awaiting_parent"  # a minor who consented; a parent has not yet
    QUESTIONNAIRE = "questionnaire"  # consent complete; questionnaires not all submitted
    ACTIVE = "active"  # onboarding finished
    INACTIVE = "inactive"  # deactivated by the curator
    WITHDRAWN = "withdrawn"  # consent withdrawn: personal data deleted, an anonymous stub is left


class ConsentKind(StrEnum):
    SELF = "self"
    PARENT = "parent"
    PAPER = "paper"  # a parent's paper consent recorded by the curator


class ResponseStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"


class Organisation(Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]


class Programme(Base):
    __tablename__ = "programmes"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    academic_year: Mapped[str] = mapped_column(String(9))  # "2026/2027"
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    forms: Mapped[list[str]]
    # The curator's changes to the scheduler's defaults (bot/services/programme_settings.py).
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, server_default="{}")  # as migration 0003 added it
    created_at: Mapped[datetime]
    # When the retention period ran out and the personal parts of the programme were deleted.
    purged_at: Mapped[datetime | None]

    organisation: Mapped[Organisation] = relationship(lazy="joined")


class User(Base):
    """A Telegram account. Holds nothing the person typed: only ids and language."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    telegram_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    locale: Mapped[str | None] = mapped_column(String(8))  # chosen with /language
    language_code: Mapped[str | None] = mapped_column(String(16))  # from Telegram
    created_at: Mapped[datetime]
    # Set when Telegram answered 403 (the person blocked the bot); cleared when they write again.
    unreachable_at: Mapped[datetime | None]


class Invite(Base):
    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    form: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))
    max_uses: Mapped[int] = mapped_column(Integer)
    uses: Mapped[int] = mapped_column(Integer, default=0)
    expires_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    # For personal links made from a roster or by hand: who the link is meant for.
    full_name: Mapped[str | None] = mapped_column(String(200))
    class_or_subject: Mapped[str | None] = mapped_column(String(100))
    created_by: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime]


class Participant(Base):
    __tablename__ = "participants"
    __table_args__ = (UniqueConstraint("programme_id", "user_id", "role", "form"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    # NULL once the person withdrew their consent: the row stays as an anonymous stub (role, form,
    # dates) so that the programme's counts and the other side's pair history still add up.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    invite_id: Mapped[int | None] = mapped_column(ForeignKey("invites.id", ondelete="SET NULL"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    form: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(24), index=True)
    full_name: Mapped[str | None] = mapped_column(String(200))
    class_or_subject: Mapped[str | None] = mapped_column(String(100))
    is_minor: Mapped[bool | None] = mapped_column(Boolean)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    user: Mapped[User] = relationship(lazy="joined")


class Consent(Base):
    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    text_version: Mapped[str] = mapped_column(String(32))
    text_sha256: Mapped[str | None] = mapped_column(String(64))
    locale: Mapped[str | None] = mapped_column(String(8))
    given_at: Mapped[datetime]
    given_by_telegram_id: Mapped[int | None] = mapped_column(BigInteger)
    recorded_by_telegram_id: Mapped[int | None] = mapped_column(BigInteger)


class ParentConsentRequest(Base):
    __tablename__ = "parent_consent_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    created_at: Mapped[datetime]
    decided_at: Mapped[datetime | None]
    decision: Mapped[str | None] = mapped_column(String(16))  # accepted / declined


class QuestionnaireResponse(Base):
    __tablename__ = "questionnaire_responses"
    __table_args__ = (UniqueConstraint("participant_id", "questionnaire", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    questionnaire: Mapped[str] = mapped_column(String(40))
    period: Mapped[str] = mapped_column(String(20), default="")
    status: Mapped[str] = mapped_column(String(16))
    # The question being asked now, or the review screen; kept with the answers in one transaction.
    cursor: Mapped[str | None] = mapped_column(String(64))
    started_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    submitted_at: Mapped[datetime | None]

    answers: Mapped[list[Answer]] = relationship(
        back_populates="response", cascade="all, delete-orphan", lazy="selectin", order_by="Answer.id"
    )


class Answer(Base):
    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("response_id", "question"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_responses.id", ondelete="CASCADE"))
    question: Mapped[str] = mapped_column(String(64))
    value: Mapped[Any] = mapped_column(JSON)
    answered_at: Mapped[datetime]

    response: Mapped[QuestionnaireResponse] = relationship(back_populates="answers")


class FsmRecord(Base):
    """aiogram FSM state and data, one row per storage key."""

    __tablename__ = "fsm_states"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    state: Mapped[str | None] = mapped_column(String(255))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime]


class ProcessedUpdate(Base):
    """The Telegram updates already handled, so a repeated one (a webhook retried to another worker,
    getUpdates after a crash before the offset was confirmed) is skipped. Written in the update's own
    transaction: an update whose handling failed or was cut off is not marked and runs again."""

    __tablename__ = "processed_updates"
    __table_args__ = (Index("ix_processed_updates_at", "processed_at"),)

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    processed_at: Mapped[datetime]



# ---- pairs, meetings, development plans (stages 5-6) -------------------------------------------


class PairStatus(StrEnum):
    ACTIVE = "active"
    COMPLETED = "completed"  # on time or early; the reason is in the history


class MeetingKind(StrEnum):
    ORGANISATIONAL = "organisational"
    TRIAL = "trial"
    PLANNING = "planning"
    REGULAR = "regular"
    FINAL = "final"


class MeetingStatus(StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    CANCELLED = "cancelled"
    HELD = "held"
    NOT_HELD = "not_held"
    RESCHEDULED = "rescheduled"


class Pair(Base):
    """A mentor and a mentee, fixed by the director's order; at most one year long."""

    __tablename__ = "pairs"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    mentee_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    form: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), index=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    # How often the pair means to meet, set at the planning meeting; the scheduler nudges by it.
    rhythm_days: Mapped[int] = mapped_column(Integer, default=30)
    completed_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    mentor: Mapped[Participant] = relationship(foreign_keys=[mentor_id], lazy="joined")
    mentee: Mapped[Participant] = relationship(foreign_keys=[mentee_id], lazy="joined")


class PairEvent(Base):
    """The pair's history: every change, who made it and why."""

    __tablename__ = "pair_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("pairs.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))  # created, extended, mentor_replaced, completed, ...
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    actor_telegram_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime]


class Meeting(Base):
    __tablename__ = "meetings"
    # A pair's meetings of one status in time order: /status, the planner's idle and check-in rules and
    # the coordinator's table read meetings by pair; without it SQLite walks ix_meetings_status over
    # every school's meetings (bench/README.md, municipality).
    __table_args__ = (Index("ix_meetings_pair_status_time", "pair_id", "status", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("pairs.id", ondelete="CASCADE"), index=True)
    proposed_by_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(16))
    format: Mapped[str] = mapped_column(String(16))
    topic: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), index=True)
    # Set when the curator accepts a meeting only one side confirmed.
    curator_accepted_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class MeetingCheckin(Base):
    """One side's answer to "did the meeting take place?" after a meeting."""

    __tablename__ = "meeting_checkins"
    __table_args__ = (UniqueConstraint("meeting_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    answer: Mapped[str] = mapped_column(String(16))  # yes / no / moved
    note: Mapped[str | None] = mapped_column(String(1000))
    answered_at: Mapped[datetime]


class PlanGoal(Base):
    """A goal of the mentee's individual development plan."""

    __tablename__ = "plan_goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    mentee_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    created_at: Mapped[datetime]


class PlanTask(Base):
    __tablename__ = "plan_tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("plan_goals.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    due_on: Mapped[date | None] = mapped_column(Date)
    done_at: Mapped[datetime | None]
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("participants.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]


class Concern(Base):
    """A private message from a pair member to the curator: a concern or a request to replace the mentor."""

    __tablename__ = "concerns"

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("pairs.id", ondelete="CASCADE"), index=True)
    raised_by_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(24))  # concern / replacement
    text: Mapped[str | None] = mapped_column(String(1000))
    created_at: Mapped[datetime]
    resolved_at: Mapped[datetime | None]
    resolution: Mapped[str | None] = mapped_column(String(32))


# ---- roadmap, outbox (stage deadlines, reminders, delivery) ---------------------------------------


class RoadmapStatus(StrEnum):
    PLANNED = "planned"
    DONE = "done"
    CANCELLED = "cancelled"


class RoadmapEvent(Base):
    """One event of the programme's roadmap: a default one from the template (code set; its title and
    responsible come from the locales) or the curator's own (title set)."""

    __tablename__ = "roadmap_events"
    __table_args__ = (UniqueConstraint("programme_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    stage: Mapped[int] = mapped_column(Integer)
    code: Mapped[str | None] = mapped_column(String(64))
    category: Mapped[str] = mapped_column(String(16), default="event")  # event / report
    title: Mapped[str | None] = mapped_column(String(300))
    responsible: Mapped[str | None] = mapped_column(String(200))
    due_on: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(16), default=RoadmapStatus.PLANNED)
    done_at: Mapped[datetime | None]
    done_by_telegram_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"  # claimed by a sender; back to pending if its lease runs out
    SENT = "sent"
    BLOCKED = "blocked"  # the person blocked the bot
    FAILED = "failed"  # Telegram refused it for good (bad request) or retries ran out
    EXPIRED = "expired"  # no longer useful (the meeting has passed, the month is over)
    CANCELLED = "cancelled"  # the reason for it went away before it was sent


class OutboxMessage(Base):
    """A message the bot sends on its own (not a reply): one row each, unique by its key."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "status", "not_before"), Index("ix_outbox_ref", "ref_type", "ref_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    programme_id: Mapped[int | None] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, index=True)
    text: Mapped[str] = mapped_column(String(4096))
    reply_markup: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # What the message is about, for checking it still holds just before sending ("meeting", 42).
    ref_type: Mapped[str | None] = mapped_column(String(24))
    ref_id: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default=OutboxStatus.PENDING)
    not_before: Mapped[datetime]
    expires_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_at: Mapped[datetime | None]
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    sent_at: Mapped[datetime | None]
    telegram_message_id: Mapped[int | None] = mapped_column(BigInteger)
    last_error: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime]


# ---- the curator's desk: notes from third parties, announcements ----------------------------------


class ParticipantNote(Base):
    """What a third party (psychologist, class teacher, parent) told the curator about a mentee."""

    __tablename__ = "participant_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(24))  # psychologist / class_teacher / parent / other
    text: Mapped[str] = mapped_column(String(2000))
    author_telegram_id: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime]


class Broadcast(Base):
    """An announcement to a part of the programme; its messages are outbox rows (ref "broadcast")."""

    __tablename__ = "broadcasts"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    audience: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # {"kind": "all"|"role"|"form"|"unpaired", "value": ...}
    text: Mapped[str] = mapped_column(String(4000))
    recipients: Mapped[int] = mapped_column(Integer, default=0)
    created_by_telegram_id: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime]


# ---- several schools: who runs each school, the curator's own review ---------------------------------


class StaffRole(StrEnum):
    CURATOR = "curator"  # runs one school's programme


class Staff(Base):
    """A curator of one school. A person curates one school at a time.

    Rows come from two places: `CURATOR_IDS` (the first school; `added_by` is NULL and the rows
    follow the setting at every start) and curator links made in the bot (`added_by` set).
    The municipal coordinators are `COORDINATOR_IDS` only: they hold no school.
    """

    __tablename__ = "staff"
    __table_args__ = (UniqueConstraint("telegram_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    telegram_id: Mapped[int] = mapped_column(BigInteger)  # the unique (telegram_id, role) indexes it
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    full_name: Mapped[str | None] = mapped_column(String(200))
    added_by: Mapped[int | None] = mapped_column(BigInteger)
    added_at: Mapped[datetime]


class StaffInvite(Base):
    """A single-use link (`/start s_<code>`) that makes whoever opens it a curator of a school."""

    __tablename__ = "staff_invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    created_by: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_by: Mapped[int | None] = mapped_column(BigInteger)
    used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


class SwotReview(Base):
    """The curator's SWOT analysis of one form of mentorship (stage 7), kept as it is typed."""

    __tablename__ = "swot_reviews"
    __table_args__ = (UniqueConstraint("programme_id", "form"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    form: Mapped[str] = mapped_column(String(32))
    # {"strengths": "...", "weaknesses": "...", "opportunities": "...", "threats": "...", ...}
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_by: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class AuditEvent(Base):
    """Who changed someone's data or pairing, what and when: curators' and coordinators' actions.

    Holds ids and codes only (never a name or a typed text), so erasing a person leaves it intact
    and it never becomes a copy of what was erased.
    """

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_org_time", "organisation_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    programme_id: Mapped[int | None] = mapped_column(ForeignKey("programmes.id", ondelete="SET NULL"))
    actor_telegram_id: Mapped[int] = mapped_column(BigInteger)
    actor_role: Mapped[str] = mapped_column(String(16))  # curator | coordinator | system
    action: Mapped[str] = mapped_column(String(48))  # pair.confirm, pair.extend, participant.pause, report.export, ...
    object_type: Mapped[str | None] = mapped_column(String(24))
    object_id: Mapped[int | None] = mapped_column(Integer)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # codes and ids only
    created_at: Mapped[datetime]
