"""The mentee's individual development plan: goals and their tasks (004, 4.4, 6.1, 7.1).

Plain functions over a session; they never commit and never talk to Telegram.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import PlanGoal, PlanTask

TITLE_LIMIT = 300


async def plan_of(session: AsyncSession, mentee_id: int) -> list[tuple[PlanGoal, list[PlanTask]]]:
    goals = list(await session.scalars(select(PlanGoal).where(PlanGoal.mentee_id == mentee_id).order_by(PlanGoal.id)))
    if not goals:
        return []
    tasks = list(
        await session.scalars(
            select(PlanTask).where(PlanTask.goal_id.in_([g.id for g in goals])).order_by(PlanTask.id)
        )
    )
    return [(goal, [task for task in tasks if task.goal_id == goal.id]) for goal in goals]


def progress(plan: list[tuple[PlanGoal, list[PlanTask]]]) -> tuple[int, int]:
    tasks = [task for _, goal_tasks in plan for task in goal_tasks]
    return sum(1 for task in tasks if task.done_at is not None), len(tasks)


async def add_goal(session: AsyncSession, mentee_id: int, title: str, *, created_by_id: int, now: datetime) -> PlanGoal:
    goal = PlanGoal(mentee_id=mentee_id, title=title[:TITLE_LIMIT], created_by_id=created_by_id, created_at=now)
    session.add(goal)
    await session.flush()
    return goal


async def add_task(session: AsyncSession, goal: PlanGoal, title: str, due_on: date | None, *, now: datetime) -> PlanTask:
    task = PlanTask(goal_id=goal.id, title=title[:TITLE_LIMIT], due_on=due_on, created_at=now)
    session.add(task)
    await session.flush()
    return task


async def set_done(session: AsyncSession, task: PlanTask, done: bool, *, by_id: int, now: datetime) -> PlanTask:
    task.done_at = now if done else None
    task.done_by_id = by_id if done else None
    await session.flush()
    return task


async def goal_of_mentee(session: AsyncSession, goal_id: int, mentee_id: int) -> PlanGoal | None:
    goal = await session.get(PlanGoal, goal_id)
    return goal if goal is not None and goal.mentee_id == mentee_id else None


async def task_of_mentee(session: AsyncSession, task_id: int, mentee_id: int) -> PlanTask | None:
    task = await session.get(PlanTask, task_id)
    if task is None:
        return None
    goal = await session.get(PlanGoal, task.goal_id)
    return task if goal is not None and goal.mentee_id == mentee_id else None
