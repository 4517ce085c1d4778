from __future__ import annotations

from aiogram.filters import Filter
from aiogram.types import TelegramObject


class CuratorFilter(Filter):
    """Passes curators only (a `staff` row: bot/services/staff.py); set once on the curator router."""

    async def __call__(self, event: TelegramObject, is_curator: bool = False) -> bool:
        return is_curator


class CoordinatorFilter(Filter):
    """Passes municipal coordinators only (`COORDINATOR_IDS`); set once on the coordinator router."""

    async def __call__(self, event: TelegramObject, is_coordinator: bool = False) -> bool:
        return is_coordinator
