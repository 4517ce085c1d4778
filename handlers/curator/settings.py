"""/settings: the programme's reminder settings on one screen; each is changed by a button or a typed value.

Numbers, offset lists and the quiet hours are typed (one FSM state holds which setting is asked);
the weekend switch and the digest weekday are buttons. Every value goes through `changed()`, the
one place that knows the allowed ranges; button data is untrusted and checked against KIND.
"""

from __future__ import annotations

import re
from datetime import time
from typing import Any

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import SettingsCb
from bot.clock import Clock
from bot.i18n import Translator
from bot.services import audit
from bot.services.programme import current_programme
from bot.services.programme_settings import DEFAULTS, ProgrammeSettings, changed, settings_of
from db.models import Programme
from handlers.curator import ui
from handlers.flow import button, kb

NUMBER, OFFSETS, QUIET, TOGGLE, WEEKDAY = "number", "offsets", "quiet", "toggle", "weekday"
QUIET_NAME = "quiet"  # one setting on screen for quiet_start and quiet_end

# What the curator sees, in order: section -> settings. Every field of ProgrammeSettings is here
# (the quiet hours as one); tests check that none is left out.
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("when", (QUIET_NAME, "quiet_weekends")),
    ("meetings", ("meeting_reminder_hours", "checkin_repeat_hours", "checkin_curator_hours", "idle_curator_days")),
    ("pairs", ("pair_end_notice_days", "relationship_check_days", "relationship_low_score")),
    ("polls", ("poll_day", "poll_reminder_days", "onboarding_reminder_days")),
    ("curator", ("roadmap_nudge_days", "digest_weekday")),
    ("data", ("retention_months",)),
)
KIND: dict[str, str] = {
    QUIET_NAME: QUIET,
    "quiet_weekends": TOGGLE,
    "meeting_reminder_hours": OFFSETS,
    "onboarding_reminder_days": OFFSETS,
    "roadmap_nudge_days": OFFSETS,
    "digest_weekday": WEEKDAY,
    **{
        name: NUMBER
        for name in (
            "poll_day",
            "poll_reminder_days",
            "checkin_repeat_hours",
            "checkin_curator_hours",
            "idle_curator_days",
            "pair_end_notice_days",
            "relationship_check_days",
            "relationship_low_score",
            "retention_months",
        )
    },
}
TYPED = frozenset(name for name, kind in KIND.items() if kind in (NUMBER, OFFSETS, QUIET))
# How one offset reads: "24 hours before", "after 2 days"; the "after" ones read in time order.
ITEM = {
    "meeting_reminder_hours": "settings-item-hours-before",
    "onboarding_reminder_days": "settings-item-days-after",
    "roadmap_nudge_days": "settings-item-days-before",
}
ASCENDING = frozenset({"onboarding_reminder_days"})
OFFSET_MIN, OFFSET_MAX, OFFSETS_MAX = 1, 720, 4  # as ProgrammeSettings._offsets checks them
QUIET_EXAMPLE = "21:00-08:00"
NUMBER_RE = re.compile(r"\d{1,4}", re.ASCII)
SPLIT_RE = re.compile(r"[\s,;]+")
QUIET_RE = re.compile(r"(\d{1,2})[:.](\d{2})\s*[-\u2013\u2014]\s*(\d{1,2})[:.](\d{2})", re.ASCII)
WEEKDAYS = tuple(str(d) for d in range(7))
TOGGLES = {"1": True, "0": False}


class SettingsEdit(StatesGroup):
    value = State()  # data: name


def key(name: str) -> str:
    return name.replace("_", "-")


def bounds(name: str) -> tuple[int, int]:
    """The range of a number setting, from the model's own Field(ge=, le=)."""
    low, high = 0, 0
    for rule in ProgrammeSettings.model_fields[name].metadata:
        low = getattr(rule, "ge", low)
        high = getattr(rule, "le", high)
    return low, high


def hhmm(moment: time) -> str:
    return moment.strftime("%H:%M")


def listed(t: Translator, items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return t("settings-list", first=", ".join(items[:-1]), last=items[-1])


def offsets_of(s: ProgrammeSettings, name: str) -> list[int]:
    return sorted(getattr(s, name), reverse=name not in ASCENDING)


def value_text(t: Translator, s: ProgrammeSettings, name: str) -> str:
    kind = KIND[name]
    if kind == QUIET:
        if s.quiet_start == s.quiet_end:
            return t("settings-value-quiet-off")
        return t("settings-value-quiet", start=hhmm(s.quiet_start), end=hhmm(s.quiet_end))
    if kind == TOGGLE:
        return t(f"settings-value-{key(name)}-{'on' if getattr(s, name) else 'off'}")
    if kind == OFFSETS:
        return listed(t, [t(ITEM[name], value=v) for v in offsets_of(s, name)])
    return t(f"settings-value-{key(name)}", value=getattr(s, name))


def example_of(name: str) -> str:
    """The default value, typed as the curator would type it."""
    kind = KIND[name]
    if kind == QUIET:
        return QUIET_EXAMPLE
    if kind == OFFSETS:
        return ", ".join(str(v) for v in offsets_of(DEFAULTS, name))
    return str(getattr(DEFAULTS, name))


# ---- screens ------------------------------------------------------------------------------------


def screen_text(t: Translator, s: ProgrammeSettings, note: str | None = None) -> str:
    lines = [note, ""] if note else []
    lines.append(t("settings-title"))
    for section, names in SECTIONS:
        lines += ["", t(f"settings-section-{section}")]
        lines += [t("settings-line", name=t(f"settings-name-{key(n)}"), value=value_text(t, s, n)) for n in names]
    lines += ["", t("settings-hint")]
    return "\n".join(lines)


def screen_markup(t: Translator, s: ProgrammeSettings) -> InlineKeyboardMarkup:
    buttons = []
    for _, names in SECTIONS:
        for name in names:
            if KIND[name] == TOGGLE:
                target = not getattr(s, name)
                label = t(f"settings-toggle-{key(name)}-{'on' if target else 'off'}")
                data = SettingsCb(action="set", name=name, value="1" if target else "0")
            else:
                label, data = t(f"settings-button-{key(name)}"), SettingsCb(action="edit", name=name)
            buttons.append(button(label, data))
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([button(t("settings-reset-button"), SettingsCb(action="reset"))])
    return kb(*rows)


def back_markup(t: Translator) -> InlineKeyboardMarkup:
    return kb([button(t("settings-back"), SettingsCb(action="back"))])


def format_text(t: Translator, name: str) -> str:
    kind = KIND[name]
    if kind == QUIET:
        return t("settings-format-quiet", example=QUIET_EXAMPLE)
    if kind == OFFSETS:
        return t("settings-format-offsets", count=OFFSETS_MAX, min=OFFSET_MIN, max=OFFSET_MAX, example=example_of(name))
    low, high = bounds(name)
    return t("settings-format-number", min=low, max=high, example=example_of(name))


def error_text(t: Translator, name: str) -> str:
    kind = KIND[name]
    if kind == QUIET:
        return t("settings-error-quiet", example=QUIET_EXAMPLE)
    if kind == OFFSETS:
        return t("settings-error-offsets", count=OFFSETS_MAX, min=OFFSET_MIN, max=OFFSET_MAX, example=example_of(name))
    low, high = bounds(name)
    return t("settings-error-number", min=low, max=high, example=example_of(name))


def ask_text(t: Translator, s: ProgrammeSettings, name: str) -> str:
    return t(
        "settings-ask",
        name=t(f"settings-name-{key(name)}"),
        about=t(f"settings-about-{key(name)}"),
        value=value_text(t, s, name),
        format=format_text(t, name),
    )


def weekday_screen(t: Translator, s: ProgrammeSettings, name: str) -> tuple[str, InlineKeyboardMarkup]:
    text = t(
        "settings-choose",
        name=t(f"settings-name-{key(name)}"),
        about=t(f"settings-about-{key(name)}"),
        value=value_text(t, s, name),
    )
    current = str(getattr(s, name))
    days = [
        button(
            t("settings-chosen", label=t(f"settings-weekday-{d}")) if d == current else t(f"settings-weekday-{d}"),
            SettingsCb(action="set", name=name, value=d),
        )
        for d in WEEKDAYS
    ]
    rows = [days[i : i + 2] for i in range(0, len(days), 2)]
    rows.append([button(t("settings-back"), SettingsCb(action="back"))])
    return text, kb(*rows)


# ---- typed values -------------------------------------------------------------------------------


def _number(text: str) -> int:
    if not NUMBER_RE.fullmatch(text):
        raise ValueError(text)
    return int(text)


def parse(name: str, raw: str) -> dict[str, Any]:
    """The fields a typed value changes; ValueError when it does not fit (ranges included)."""
    text = raw.strip()
    kind = KIND[name]
    if kind == QUIET:
        match = QUIET_RE.fullmatch(text)
        if match is None:
            raise ValueError(text)
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if max(h1, h2) > 23 or max(m1, m2) > 59:
            raise ValueError(text)
        return {"quiet_start": time(h1, m1), "quiet_end": time(h2, m2)}
    if kind == OFFSETS:
        values = [_number(part) for part in SPLIT_RE.split(text) if part]
        if not 1 <= len(values) <= OFFSETS_MAX or any(not OFFSET_MIN <= v <= OFFSET_MAX for v in values):
            raise ValueError(text)
        return {name: values}
    value = _number(text)
    low, high = bounds(name)
    if not low <= value <= high:
        raise ValueError(text)
    return {name: value}


def apply(programme: Programme, values: dict[str, Any]) -> None:
    """All of them or none (the quiet hours are two fields)."""
    before = dict(programme.settings or {})
    try:
        for name, value in values.items():
            changed(programme, name, value)
    except ValueError:
        programme.settings = before
        raise


# ---- handlers -----------------------------------------------------------------------------------


async def on_command(message: Message, session: AsyncSession, state: FSMContext, t: Translator) -> None:
    await state.clear()
    programme = await current_programme(session)
    if programme is None:
        await message.answer(t("curator-no-programme"))
        return
    s = settings_of(programme)
    await message.answer(screen_text(t, s), reply_markup=screen_markup(t, s))


async def on_button(
    callback: CallbackQuery, callback_data: SettingsCb, bot: Bot, session: AsyncSession, state: FSMContext, t: Translator,
    clock: Clock,
) -> None:
    action, name, value = callback_data.action, callback_data.name, callback_data.value
    if action not in ("edit", "set", "back", "reset", "reset-yes"):
        await callback.answer(t("button-stale"), show_alert=True)
        return
    if action in ("edit", "set") and name not in KIND:
        await callback.answer(t("settings-unknown"), show_alert=True)
        return
    programme = await current_programme(session)
    if programme is None:
        await callback.answer(t("curator-no-programme"), show_alert=True)
        return
    s = settings_of(programme)

    if action == "back":
        await callback.answer()
        await state.clear()
        await ui.show(callback, bot, screen_text(t, s), screen_markup(t, s))
    elif action == "reset":
        await callback.answer()
        await state.clear()
        markup = kb(
            [button(t("settings-reset-confirm"), SettingsCb(action="reset-yes"))],
            [button(t("settings-back"), SettingsCb(action="back"))],
        )
        await ui.show(callback, bot, t("settings-reset-question"), markup)
    elif action == "reset-yes":
        await callback.answer()
        await state.clear()
        programme.settings = {}
        await audit.record_settings(session, callback.from_user.id, programme, s, DEFAULTS, clock.now(), reset=True)
        s = settings_of(programme)
        await ui.show(callback, bot, screen_text(t, s, t("settings-reset-done")), screen_markup(t, s))
    elif action == "edit":
        kind = KIND[name]
        if kind == TOGGLE:
            await callback.answer(t("curator-bad-choice"), show_alert=True)
            return
        await callback.answer()
        if kind == WEEKDAY:
            await state.clear()
            await ui.show(callback, bot, *weekday_screen(t, s, name))
            return
        await state.set_state(SettingsEdit.value)
        await state.set_data({"name": name})
        await ui.show(callback, bot, ask_text(t, s, name), back_markup(t))
    else:  # set: a choice made with a button
        kind = KIND[name]
        choice: Any = None
        if kind == TOGGLE:
            choice = TOGGLES.get(value)
        elif kind == WEEKDAY and value in WEEKDAYS:
            choice = int(value)
        if choice is None:
            await callback.answer(t("curator-bad-choice"), show_alert=True)
            return
        try:
            apply(programme, {name: choice})
        except ValueError:
            await callback.answer(t("curator-bad-choice"), show_alert=True)
            return
        await audit.record_settings(session, callback.from_user.id, programme, s, settings_of(programme), clock.now())
        await callback.answer()
        await state.clear()
        s = settings_of(programme)
        await ui.show(callback, bot, screen_text(t, s, t("settings-saved")), screen_markup(t, s))


async def on_value(message: Message, session: AsyncSession, state: FSMContext, t: Translator, clock: Clock) -> None:
    name = (await state.get_data()).get("name")
    programme = await current_programme(session)
    if name not in TYPED or programme is None:
        await state.clear()
        await message.answer(t("settings-stale"))
        return
    before = settings_of(programme)  # for the audit log
    try:
        apply(programme, parse(name, message.text or ""))
    except ValueError:
        await message.answer(error_text(t, name), reply_markup=back_markup(t))
        return
    await audit.record_settings(session, message.chat.id, programme, before, settings_of(programme), clock.now())
    await state.clear()
    s = settings_of(programme)
    await message.answer(screen_text(t, s, t("settings-saved")), reply_markup=screen_markup(t, s))


async def type_value(message: Message, t: Translator) -> None:
    await message.answer(t("settings-type-value"))


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(on_command, Command("settings"))
    router.callback_query.register(on_button, SettingsCb.filter())
    router.message.register(on_value, StateFilter(SettingsEdit.value), F.text, ~F.text.startswith("/"))
    router.message.register(type_value, StateFilter(SettingsEdit.value), ~F.text.startswith("/"))
    return router
