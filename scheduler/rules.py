"""What falls due: each rule reads the database and returns the messages that should exist by now.

Every message has a due time and a time until which it is still useful; a rule only looks inside
that window, so a bot that was down for a day sends what is still useful once and drops the rest.
Keys make each message unique: the planner may run every minute, after a restart or twice at once,
and each reminder is still queued once. What a rule reads is set-based: a few queries per rule and
programme, never one per person.
"""

from __future__ import annotations

import calendar
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from html import escape
from typing import Any

from sqlalchemy import Row, String, and_, cast, exists, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import PollCb, ResumeCb
from bot.config import Settings
from bot.i18n import L10n, Translator
from bot.services import roadmap, roadmap_auto
from bot.services.curators import Recipient
from bot.services.meetings import CHECKIN_DELAY
from bot.services.onboarding import STUCK
from bot.services.outbox import Draft, existing_keys
from bot.services.programme_settings import ProgrammeSettings
from db.models import (
    Meeting,
    MeetingCheckin,
    MeetingStatus,
    OutboxMessage,
    OutboxStatus,
    Pair,
    PairStatus,
    Participant,
    ParticipantStatus,
    PlanGoal,
    PlanTask,
    Programme,
    QuestionnaireResponse,
    ResponseStatus,
    RoadmapEvent,
    RoadmapStatus,
    User,
)
from handlers import flow
from handlers.meetings import checkin_markup, meeting_text

CHECKIN_USEFUL = timedelta(days=7)
ONBOARDING_USEFUL = timedelta(days=3)
RELATIONSHIP_USEFUL = timedelta(days=7)
PAIR_END_USEFUL = timedelta(days=7)
ACTIVE_MEETING = (MeetingStatus.PROPOSED, MeetingStatus.ACCEPTED)
FEEDBACK, RELATIONSHIP = "feedback", "relationship"


@dataclass
class Context:
    session: AsyncSession
    now: datetime
    l10n: L10n
    settings: Settings
    programme: Programme
    ps: ProgrammeSettings
    tz: tzinfo
    curators: list[Recipient]
    drafts: list[Draft] = field(default_factory=list)
    # Keys already in the outbox, learnt in one query per rule (`remember`): `to` skips them before
    # formatting anything, so a rule whose window holds thousands of sent reminders stays cheap.
    known: set[str] = field(default_factory=set)

    async def remember(self, keys: Iterable[str]) -> None:
        self.known |= await existing_keys(self.session, keys)

    async def unsent(self, keys: dict[int, list[str]]) -> list[int]:
        """The ids whose messages (keys) are not all queued yet: what is worth loading whole."""
        await self.remember(k for ks in keys.values() for k in ks)
        return [i for i, ks in keys.items() if not set(ks) <= self.known]

    def curator_keys(self, key: str) -> list[str]:
        return [f"{key}:c{c.chat_id}" for c in self.curators]

    @property
    def local_now(self) -> datetime:
        return self.now.astimezone(self.tz)

    @property
    def today(self) -> date:
        return self.local_now.date()

    def local_moment(self, day: date, at: time) -> datetime:
        return datetime.combine(day, at, tzinfo=self.tz).astimezone(UTC)

    def to(
        self,
        participant: Participant,
        key: str,
        kind: str,
        text: Callable[[Translator], str],
        markup: Callable[[Translator], object] | None = None,
        *,
        ref: tuple[str, int] | None = None,
        expires_at: datetime | None = None,
    ) -> None:
        if key in self.known or participant.user is None:
            return  # queued already, or a withdrawn participant's stub (nobody to send to)
        t = self.l10n.for_user(participant.user)
        self.drafts.append(
            Draft(
                key=key,
                kind=kind,
                chat_id=participant.user.telegram_id,
                user_id=participant.user_id,
                programme_id=self.programme.id,
                text=text(t),
                markup=markup(t) if markup else None,  # type: ignore[arg-type]
                ref_type=ref[0] if ref else None,
                ref_id=ref[1] if ref else None,
                expires_at=expires_at,
            )
        )

    def to_both(
        self,
        pair: Pair,
        key: str,
        kind: str,
        text: Callable[[Translator, Participant], str],
        markup: Callable[[Translator, Participant], object] | None = None,
        *,
        ref: tuple[str, int],
        expires_at: datetime | None = None,
    ) -> None:
        """To each reachable side of the pair (`key` gets the side's id); `text(t, other side)`."""
        for side in (pair.mentor, pair.mentee):
            if side.user is None or side.user.unreachable_at is not None:
                continue
            partner = pair.mentee if side.id == pair.mentor_id else pair.mentor
            self.to(
                side,
                f"{key}:{side.id}",
                kind,
                lambda t, partner=partner: text(t, partner),
                (lambda t, side=side: markup(t, side)) if markup else None,
                ref=ref,
                expires_at=expires_at,
            )

    def to_curators(
        self,
        key: str,
        kind: str,
        text: Callable[[Translator], str],
        *,
        ref: tuple[str, int] | None = None,
        expires_at: datetime | None = None,
    ) -> None:
        for curator in self.curators:
            if f"{key}:c{curator.chat_id}" in self.known:
                continue
            t = self.l10n.for_user(curator.user)
            self.drafts.append(
                Draft(
                    key=f"{key}:c{curator.chat_id}",
                    kind=kind,
                    chat_id=curator.chat_id,
                    user_id=curator.user.id if curator.user else None,
                    programme_id=self.programme.id,
                    text=text(t),
                    ref_type=ref[0] if ref else None,
                    ref_id=ref[1] if ref else None,
                    expires_at=expires_at,
                )
            )


Rule = Callable[[Context], Awaitable[None]]


def stamp(moment: datetime | date) -> str:
    return moment.strftime("%Y%m%d%H%M") if isinstance(moment, datetime) else moment.strftime("%Y%m%d")


def name(t: Translator, participant: Participant | None) -> str:
    if participant is None or not participant.full_name:
        return t("pairs-unknown-person")
    return escape(participant.full_name)


def when(moment: datetime, tz: tzinfo) -> str:
    return moment.astimezone(tz).strftime("%d.%m.%Y %H:%M")


def day_text(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def reachable() -> object:
    return User.unreachable_at.is_(None)


def key_expr(prefix: str, column: object, suffix: str = "") -> object:
    """The outbox key built in SQL (`'poll:' || id || ':2026-11'`), for anti-joins."""
    expr = literal(prefix) + cast(column, String)
    return expr + literal(suffix) if suffix else expr


def not_queued(key: object) -> object:
    return ~exists().where(OutboxMessage.key == key)


async def active_pairs(ctx: Context, *conditions: object, keys: Callable[[Any], list[str]]) -> list[Pair]:
    """The programme's active pairs matching `conditions` that still have a message to queue: light
    rows first, their keys checked against the outbox, and whole pairs (with both members) loaded
    only for the rest."""
    rows = (
        await ctx.session.execute(
            select(Pair.id, Pair.mentor_id, Pair.mentee_id, Pair.ends_on, Pair.created_at).where(
                Pair.programme_id == ctx.programme.id, Pair.status == PairStatus.ACTIVE, *conditions
            )
        )
    ).all()
    wanted = await ctx.unsent({row.id: keys(row) for row in rows})
    if not wanted:
        return []
    return list((await ctx.session.scalars(select(Pair).where(Pair.id.in_(wanted)).order_by(Pair.id))).unique())


async def meetings_with_pairs(ctx: Context, window: tuple[Any, ...], ids: list[int]) -> Sequence[Row[tuple[Meeting, Pair]]]:
    """The meetings of `ids` still in the rule's window, each with its pair (loaded whole)."""
    return (
        await ctx.session.execute(select(Meeting, Pair).join(Pair, Pair.id == Meeting.pair_id).where(*window, Meeting.id.in_(ids)))
    ).unique().all()


def sides(pair: Pair) -> tuple[Participant, Participant]:
    return pair.mentor, pair.mentee


def is_reachable(participant: Participant) -> bool:
    return participant.user is not None and participant.user.unreachable_at is None


# ---- pairs: meetings ----------------------------------------------------------------------------


async def meeting_reminders(ctx: Context) -> None:
    """24 h and 1 h before an accepted meeting, to both sides; not if it was agreed after that point."""
    offsets = ctx.ps.meeting_reminder_hours
    window = (
        Pair.programme_id == ctx.programme.id,
        Pair.status == PairStatus.ACTIVE,
        Meeting.status == MeetingStatus.ACCEPTED,
        Meeting.starts_at > ctx.now,
        Meeting.starts_at <= ctx.now + timedelta(hours=max(offsets)),
    )
    # Light rows and their keys first; meetings and pairs only for what may still need a message.
    light = (
        await ctx.session.execute(
            select(Meeting.id, Meeting.starts_at, Meeting.updated_at, Pair.mentor_id, Pair.mentee_id)
            .join(Pair, Pair.id == Meeting.pair_id)
            .where(*window)
        )
    ).all()
    due_hours: dict[int, int] = {}
    keys: dict[int, list[str]] = {}
    for meeting_id, starts_at, updated_at, mentor_id, mentee_id in light:
        # The smallest offset not yet passed is the one due now: a meeting in 30 minutes gets the
        # 1-hour reminder only, never the 24-hour one as well.
        due = [h for h in offsets if starts_at - ctx.now <= timedelta(hours=h)]
        if not due or updated_at > starts_at - timedelta(hours=min(due)):
            continue  # not yet, or agreed on after this reminder's time: they know
        due_hours[meeting_id] = min(due)
        keys[meeting_id] = [f"meeting:{meeting_id}:remind-{min(due)}h:{stamp(starts_at)}:{s}" for s in (mentor_id, mentee_id)]
    wanted = await ctx.unsent(keys)
    if not wanted:
        return
    rows = await meetings_with_pairs(ctx, window, wanted)
    for meeting, pair in rows:
        hours = due_hours[meeting.id]
        ctx.to_both(
            pair,
            f"meeting:{meeting.id}:remind-{hours}h:{stamp(meeting.starts_at)}",
            "meeting-reminder",
            lambda t, partner, hours=hours, meeting=meeting: t(
                "remind-meeting", hours=hours, other=name(t, partner), meeting=meeting_text(t, meeting, ctx.tz)
            ),
            ref=("meeting", meeting.id),
            expires_at=meeting.starts_at,
        )


async def checkins(ctx: Context) -> None:
    """After the meeting: the question to each side who has not answered; again after a day; after
    two days the curator hears of it."""
    repeat = timedelta(hours=ctx.ps.checkin_repeat_hours)
    escalate = timedelta(hours=ctx.ps.checkin_curator_hours)
    window = (
        Pair.programme_id == ctx.programme.id,
        Pair.status == PairStatus.ACTIVE,
        Meeting.status == MeetingStatus.ACCEPTED,
        Meeting.starts_at <= ctx.now - CHECKIN_DELAY,
        Meeting.starts_at > ctx.now - CHECKIN_DELAY - max(CHECKIN_USEFUL, escalate + timedelta(days=1)),
    )
    # Light rows and their keys first; meetings and pairs only for what may still need a message.
    light = (
        await ctx.session.execute(
            select(Meeting.id, Meeting.starts_at, Pair.mentor_id, Pair.mentee_id).join(Pair, Pair.id == Meeting.pair_id).where(*window)
        )
    ).all()
    keys: dict[int, list[str]] = {}
    for meeting_id, starts_at, mentor_id, mentee_id in light:
        again = "-repeat" if ctx.now >= starts_at + CHECKIN_DELAY + repeat else ""
        keys[meeting_id] = [f"meeting:{meeting_id}:checkin{again}:{s}" for s in (mentor_id, mentee_id)]
        if ctx.now >= starts_at + CHECKIN_DELAY + escalate:
            keys[meeting_id] += ctx.curator_keys(f"meeting:{meeting_id}:checkin-curator")
    wanted = await ctx.unsent(keys)
    if not wanted:
        return
    rows = await meetings_with_pairs(ctx, window, wanted)
    answered: set[tuple[int, int]] = set(map(tuple, (await ctx.session.execute(
            select(MeetingCheckin.meeting_id, MeetingCheckin.participant_id).where(MeetingCheckin.meeting_id.in_(wanted))
        )).all())
    )
    for meeting, pair in rows:
        asked_at = meeting.starts_at + CHECKIN_DELAY
        pending = [s for s in sides(pair) if (meeting.id, s.id) not in answered]
        for side in pending:
            if not is_reachable(side) or ctx.now >= asked_at + CHECKIN_USEFUL:
                continue
            again = ctx.now >= asked_at + repeat
            ctx.to(
                side,
                f"meeting:{meeting.id}:checkin{'-repeat' if again else ''}:{side.id}",
                "checkin",
                lambda t, again=again: t(
                    "remind-checkin-repeat" if again else "meet-checkin-question",
                    meeting=meeting_text(t, meeting, ctx.tz),
                ),
                lambda t: checkin_markup(t, meeting),
                ref=("checkin", meeting.id),
            )
        if pending and ctx.now >= asked_at + escalate:
            ctx.to_curators(
                f"meeting:{meeting.id}:checkin-curator",
                "checkin-curator",
                lambda t, pending=pending: t(
                    "remind-curator-checkin",
                    mentor=name(t, pair.mentor),
                    mentee=name(t, pair.mentee),
                    when=when(meeting.starts_at, ctx.tz),
                    hours=ctx.ps.checkin_curator_hours,
                    names=", ".join(name(t, s) for s in pending),
                ),
                ref=("checkin", meeting.id),
            )


async def idle_pairs(ctx: Context) -> None:
    """No held meeting for longer than the pair's rhythm (and nothing planned): a nudge to both;
    after `idle_curator_days`, the curator is told. Once per quiet spell (the key holds its start)."""
    last_held = (
        select(Meeting.pair_id, func.max(Meeting.starts_at).label("last"))
        .where(Meeting.status == MeetingStatus.HELD)
        .group_by(Meeting.pair_id)
        .subquery()
    )
    planned = exists().where(Meeting.pair_id == Pair.id, Meeting.status.in_(ACTIVE_MEETING), Meeting.starts_at > ctx.now)
    # Light rows first (ids and dates); whole pairs only for the few that still need a message.
    rows = (
        await ctx.session.execute(
            select(Pair.id, Pair.created_at, Pair.rhythm_days, Pair.mentor_id, Pair.mentee_id, last_held.c.last)
            .outerjoin(last_held, last_held.c.pair_id == Pair.id)
            .where(
                Pair.programme_id == ctx.programme.id,
                Pair.status == PairStatus.ACTIVE,
                ~planned,
                func.coalesce(last_held.c.last, Pair.created_at) <= ctx.now - timedelta(days=7),
            )
        )
    ).all()
    spells: dict[int, tuple[datetime, int, list[str]]] = {}
    for pair_id, created_at, rhythm, mentor_id, mentee_id, last in rows:
        anchor: datetime = last or created_at
        idle_days = (ctx.now - anchor).days
        if idle_days > rhythm:
            keys = [f"pair:{pair_id}:idle:{stamp(anchor)}:{s}" for s in (mentor_id, mentee_id)]
            if idle_days >= ctx.ps.idle_curator_days:
                keys += ctx.curator_keys(f"pair:{pair_id}:idle-curator:{stamp(anchor)}")
            spells[pair_id] = (anchor, idle_days, keys)
    wanted = await ctx.unsent({i: keys for i, (_, _, keys) in spells.items()})
    if not wanted:
        return
    for pair in (await ctx.session.scalars(select(Pair).where(Pair.id.in_(wanted)).order_by(Pair.id))).unique():
        anchor, idle_days, _ = spells[pair.id]
        ctx.to_both(
            pair,
            f"pair:{pair.id}:idle:{stamp(anchor)}",
            "idle",
            lambda t, partner: t("remind-idle", other=name(t, partner), days=idle_days),
            ref=("pair", pair.id),
        )
        if idle_days >= ctx.ps.idle_curator_days:
            ctx.to_curators(
                f"pair:{pair.id}:idle-curator:{stamp(anchor)}",
                "idle-curator",
                lambda t, pair=pair, idle_days=idle_days: t(
                    "remind-curator-idle", mentor=name(t, pair.mentor), mentee=name(t, pair.mentee), days=idle_days
                ),
                ref=("pair", pair.id),
            )


async def tasks_due_tomorrow(ctx: Context) -> None:
    tomorrow = ctx.today + timedelta(days=1)
    rows = (
        await ctx.session.execute(
            select(PlanTask, Participant)
            .join(PlanGoal, PlanGoal.id == PlanTask.goal_id)
            .join(Participant, Participant.id == PlanGoal.mentee_id)
            .join(Pair, and_(Pair.mentee_id == Participant.id, Pair.status == PairStatus.ACTIVE))
            .where(
                Pair.programme_id == ctx.programme.id,
                PlanTask.due_on == tomorrow,
                PlanTask.done_at.is_(None),
                not_queued(key_expr("task:", PlanTask.id, f":due:{stamp(tomorrow)}")),
            )
        )
    ).unique().all()
    for task, mentee in rows:
        if not is_reachable(mentee):
            continue
        ctx.to(
            mentee,
            f"task:{task.id}:due:{stamp(tomorrow)}",
            "task-due",
            lambda t, task=task: t("remind-task-due", task=escape(task.title), date=day_text(tomorrow)),
            ref=("task", task.id),
            expires_at=ctx.local_moment(tomorrow + timedelta(days=1), time(0, 0)),
        )


async def pairs_ending(ctx: Context) -> None:
    notice = timedelta(days=ctx.ps.pair_end_notice_days)
    first, last = ctx.today + notice - PAIR_END_USEFUL, ctx.today + notice
    pairs = await active_pairs(
        ctx,
        Pair.ends_on > first,
        Pair.ends_on <= last,
        keys=lambda p: [f"pair:{p.id}:ending:{stamp(p.ends_on)}:{s}" for s in (p.mentor_id, p.mentee_id)]
        + ctx.curator_keys(f"pair:{p.id}:ending-curator:{stamp(p.ends_on)}"),
    )
    for pair in pairs:
        days = (pair.ends_on - ctx.today).days
        ctx.to_both(
            pair,
            f"pair:{pair.id}:ending:{stamp(pair.ends_on)}",
            "pair-ending",
            lambda t, partner: t("remind-pair-ending", other=name(t, partner), days=days, date=day_text(pair.ends_on)),
            ref=("pair", pair.id),
        )
        ctx.to_curators(
            f"pair:{pair.id}:ending-curator:{stamp(pair.ends_on)}",
            "pair-ending-curator",
            lambda t, pair=pair, days=days: t(
                "remind-curator-pair-ending",
                mentor=name(t, pair.mentor),
                mentee=name(t, pair.mentee),
                days=days,
                date=day_text(pair.ends_on),
            ),
            ref=("pair", pair.id),
        )


async def relationship_checks(ctx: Context) -> None:
    after = timedelta(days=ctx.ps.relationship_check_days)
    pairs = await active_pairs(
        ctx,
        Pair.created_at <= ctx.now - after,
        Pair.created_at > ctx.now - after - RELATIONSHIP_USEFUL,
        keys=lambda p: [f"relcheck:{p.id}:{s}" for s in (p.mentor_id, p.mentee_id)],
    )
    for pair in pairs:
        period = f"pair-{pair.id}"
        ctx.to_both(
            pair,
            f"relcheck:{pair.id}",
            "relationship",
            lambda t, partner: t("relcheck-invite", other=name(t, partner), days=ctx.ps.relationship_check_days),
            lambda t, side: flow.kb([flow.button(t("poll-btn-answer"), PollCb(kind=RELATIONSHIP, pid=side.id, period=period))]),
            ref=("pair", pair.id),
        )


# ---- everyone: the monthly poll -------------------------------------------------------------------


def poll_day(ctx: Context) -> date:
    last = calendar.monthrange(ctx.today.year, ctx.today.month)[1]
    return ctx.today.replace(day=min(ctx.ps.poll_day, last))


def month_end(ctx: Context) -> datetime:
    last = calendar.monthrange(ctx.today.year, ctx.today.month)[1]
    return ctx.local_moment(ctx.today.replace(day=last) + timedelta(days=1), time(0, 0))


async def monthly_poll(ctx: Context) -> None:
    """On the poll day (or later in the month if the bot was down), to every active participant
    of an active pair; a reminder `poll_reminder_days` later to those who have not answered."""
    if ctx.today < poll_day(ctx):
        return
    period = ctx.today.strftime("%Y-%m")
    month = ctx.today.month
    # Two EXISTS, not one with an OR inside: the OR makes SQLite scan every pair for each person.
    in_pair = exists().where(Pair.status == PairStatus.ACTIVE, Pair.mentor_id == Participant.id) | exists().where(
        Pair.status == PairStatus.ACTIVE, Pair.mentee_id == Participant.id
    )
    answered = exists().where(
        QuestionnaireResponse.participant_id == Participant.id,
        QuestionnaireResponse.questionnaire == FEEDBACK,
        QuestionnaireResponse.period == period,
        QuestionnaireResponse.status == ResponseStatus.SUBMITTED,
    )
    # The reminder follows a poll that was delivered and is still unanswered.
    sent_polls = (
        select(OutboxMessage.ref_id)
        .where(
            OutboxMessage.programme_id == ctx.programme.id,
            OutboxMessage.kind == "poll",
            OutboxMessage.status == OutboxStatus.SENT,
            OutboxMessage.key.like(f"poll:%:{period}"),
            OutboxMessage.sent_at <= ctx.now - timedelta(days=ctx.ps.poll_reminder_days),
        )
        .scalar_subquery()
    )
    for suffix, kind, who in (
        ("", "poll", (Participant.programme_id == ctx.programme.id, in_pair)),
        (":remind", "poll-reminder", (Participant.id.in_(sent_polls),)),
    ):
        people = (await ctx.session.scalars(
            select(Participant)
            .join(User, User.id == Participant.user_id)
            .where(
                *who,
                Participant.status == ParticipantStatus.ACTIVE,
                reachable(),
                ~answered,
                not_queued(key_expr("poll:", Participant.id, f":{period}{suffix}")),
            )
        )).unique()
        for person in people:
            ctx.to(
                person,
                f"poll:{person.id}:{period}{suffix}",
                kind,
                lambda t, kind=kind: t("poll-invite" if kind == "poll" else "poll-reminder", month=t(f"month-{month}")),
                lambda t, person=person: flow.kb(
                    [flow.button(t("poll-btn-answer"), PollCb(kind=FEEDBACK, pid=person.id, period=period))]
                ),
                ref=("poll", person.id),
                expires_at=month_end(ctx),
            )


# ---- onboarding ---------------------------------------------------------------------------------


async def onboarding(ctx: Context) -> None:
    """People who opened an invite but have not finished: reminded after 2 and 7 days."""
    for days in ctx.ps.onboarding_reminder_days:
        due = ctx.now - timedelta(days=days)
        people = list(
            (await ctx.session.scalars(
                select(Participant)
                .join(User, User.id == Participant.user_id)
                .where(
                    Participant.programme_id == ctx.programme.id,
                    Participant.status.in_(STUCK),
                    Participant.created_at <= due,
                    Participant.created_at > due - ONBOARDING_USEFUL,
                    reachable(),
                    not_queued(key_expr("onboarding:", Participant.id, f":{days}d")),
                )
            )).unique()
        )
        for person in people:
            ctx.to(
                person,
                f"onboarding:{person.id}:{days}d",
                "onboarding",
                lambda t, person=person, again=days != ctx.ps.onboarding_reminder_days[-1]: (
                    (t("remind-onboarding-again") + " " if again else "") + t(f"remind-onboarding-{person.status.replace('_', '-')}")
                ),
                lambda t, person=person: flow.kb([flow.button(t("start-continue"), ResumeCb(pid=person.id))]),
                ref=("onboarding", person.id),
            )


# ---- the curator: roadmap, reports, weekly digest ------------------------------------------------


async def roadmap_marks(ctx: Context) -> None:
    """Events the bot can see happening mark themselves done (before anyone is nudged about them)."""
    await roadmap_auto.refresh(ctx.session, ctx.programme, ctx.now)


async def roadmap_nudges(ctx: Context) -> None:
    """7 and 1 days before an event is due, and once when it is overdue."""
    horizon = ctx.today + timedelta(days=max(ctx.ps.roadmap_nudge_days))
    events = list(
        await ctx.session.scalars(
            select(RoadmapEvent).where(
                RoadmapEvent.programme_id == ctx.programme.id,
                RoadmapEvent.status == RoadmapStatus.PLANNED,
                RoadmapEvent.due_on <= horizon,
                RoadmapEvent.due_on >= ctx.today - timedelta(days=30),
            )
        )
    )
    for event in events:
        left = (event.due_on - ctx.today).days
        if left < 0:
            step, key_key = "overdue", "remind-roadmap-overdue"
        else:
            due = [d for d in ctx.ps.roadmap_nudge_days if left <= d]
            if not due:
                continue
            step, key_key = f"{min(due)}d", "remind-roadmap-soon"
        category = "report" if event.category == "report" else "event"
        ctx.to_curators(
            f"roadmap:{event.id}:{step}:{stamp(event.due_on)}",
            f"roadmap-{category}",
            lambda t, event=event, left=left, key_key=key_key, category=category: t(
                key_key,
                category=category,
                days=max(left, 0),
                event=escape(roadmap.event_title(t, event)),
                date=day_text(event.due_on),
                stage=roadmap.stage_name(t, event.stage),
                responsible=escape(roadmap.event_responsible(t, event)) or "—",
            ),
            ref=("roadmap", event.id),
        )


async def weekly_digest(ctx: Context) -> None:
    if ctx.local_now.weekday() != ctx.ps.digest_weekday or ctx.local_now.time() < ctx.ps.quiet_end:
        return
    year, week, _ = ctx.today.isocalendar()
    key = f"digest:{ctx.programme.id}:{year}-W{week:02d}"
    if await existing_keys(ctx.session, [f"{key}:c{c.chat_id}" for c in ctx.curators]) >= {f"{key}:c{c.chat_id}" for c in ctx.curators}:
        return
    soon = await roadmap.due_between(ctx.session, ctx.programme.id, ctx.today, ctx.today + timedelta(days=14))
    late = await roadmap.overdue(ctx.session, ctx.programme.id, ctx.today)
    stuck = await ctx.session.scalar(
        select(func.count(Participant.id)).where(
            Participant.programme_id == ctx.programme.id,
            Participant.status.in_(STUCK),
            Participant.created_at <= ctx.now - timedelta(days=min(ctx.ps.onboarding_reminder_days)),
        )
    )

    def text(t: Translator) -> str:
        lines = [t("digest-title", start=day_text(ctx.today), end=day_text(ctx.today + timedelta(days=14)))]
        lines.append("")
        lines.append(t("digest-due", count=len(soon)))
        lines += [t("digest-line", date=day_text(e.due_on), event=escape(roadmap.event_title(t, e))) for e in soon[:15]]
        lines.append("")
        lines.append(t("digest-overdue", count=len(late)))
        lines += [t("digest-line", date=day_text(e.due_on), event=escape(roadmap.event_title(t, e))) for e in late[:15]]
        if stuck:
            lines += ["", t("digest-stuck", count=stuck)]
        return "\n".join(lines)

    ctx.to_curators(key, "digest", text, expires_at=ctx.local_moment(ctx.today + timedelta(days=1), time(0, 0)))


# Rules about whole days (a pair quiet for a week, a relationship check a month in): run every
# DAY_SCALE_EVERY instead of every minute. They read every active pair (0.1-0.5 s each at 50,000
# people on PostgreSQL) to find, most minutes, nothing new; a message of theirs may go out up to
# that much later. The planner keeps when each last ran (scheduler/planner.py).
DAY_SCALE = frozenset({"idle_pairs", "relationship_checks"})

RULES: tuple[Rule, ...] = (
    meeting_reminders,
    checkins,
    idle_pairs,
    tasks_due_tomorrow,
    pairs_ending,
    relationship_checks,
    monthly_poll,
    onboarding,
    roadmap_marks,
    roadmap_nudges,
    weekly_digest,
)


def keys_of(drafts: Iterable[Draft]) -> list[str]:
    return [d.key for d in drafts]
