from __future__ import annotations

from aiogram.filters import Filter
from aiogram.types import TelegramObject


class CuratorFilter(Filter):
    """Passes curators only (`CURATOR_IDS`); set once on the curator router."""

    async def __call__(self, event: TelegramObject, is_curator: bool = False) -> bool:
        return is_curator
