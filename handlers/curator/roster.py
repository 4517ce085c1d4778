"""/import: a roster file (CSV or XLSX) in, the same table with a personal link per row back."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, Document, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import MenuCb
from bot.clock import Clock
from bot.i18n import L10n, Translator
from bot.services import invites
from bot.services import roster as rs
from bot.services.programme import current_programme
from bot.states import Roster
from handlers.flow import form_label, role_label


async def ask_file(bot: Bot, chat_id: int, state: FSMContext, t: Translator) -> None:
    await state.clear()
    await state.set_state(Roster.waiting_file)
    await bot.send_message(chat_id, t("roster-ask", rows=rs.MAX_ROWS))


async def on_command(message: Message, bot: Bot, state: FSMContext, t: Translator) -> None:
    await ask_file(bot, message.chat.id, state, t)


async def on_menu(callback: CallbackQuery, bot: Bot, state: FSMContext, t: Translator) -> None:
    await callback.answer()
    await ask_file(bot, callback.from_user.id, state, t)


def row_problems(t: Translator, row: rs.RosterRow) -> str:
    args = {
        rs.RowProblem.NAME_TOO_LONG: {"max": rs.NAME_MAX},
        rs.RowProblem.CLASS_TOO_LONG: {"max": rs.CLASS_MAX},
        rs.RowProblem.BAD_ROLE: {"value": row.role_text},
        rs.RowProblem.BAD_FORM: {"value": row.form_text},
        rs.RowProblem.FORM_OFF: {"value": form_label(t, row.form) if row.form else row.form_text},
    }
    return "; ".join(t(f"roster-row-{p.value}", **args.get(p, {})) for p in row.problems)


def result_table(t: Translator, rows: list[rs.RosterRow], username: str) -> tuple[list[str], list[list[str]]]:
    header = [t(f"roster-col-{c}") for c in ("name", "role", "form", "class", "link", "error")]
    out = []
    for row in rows:
        out.append(
            [
                row.full_name,
                role_label(t, row.role) if row.role else row.role_text,
                form_label(t, row.form) if row.form else row.form_text,
                row.class_or_subject,
                invites.deep_link(username, row.invite.code) if row.invite else "",
                row_problems(t, row),
            ]
        )
    return header, out


def file_problem(t: Translator, error: rs.RosterError) -> str:
    if error.problem == rs.FileProblem.MISSING_COLUMNS:
        columns = ", ".join(t(f"roster-col-{c}") for c in error.missing)
        return t("roster-missing-columns", columns=columns, count=len(error.missing))
    return t(f"roster-{error.problem.value}", max=rs.MAX_ROWS)


async def on_document(
    message: Message,
    bot: Bot,
    session: AsyncSession,
    state: FSMContext,
    t: Translator,
    l10n: L10n,
    clock: Clock,
) -> None:
    document: Document = message.document  # type: ignore[assignment]  # the filter guarantees it
    kind = rs.file_kind(document.file_name, document.mime_type)
    await state.set_state(Roster.waiting_file)  # a wrong file: the curator may send another
    if kind is None:
        await message.answer(t("roster-wrong-type"))
        return
    if document.file_size is not None and document.file_size > rs.MAX_BYTES:
        await message.answer(t("roster-too-big"))
        return
    programme = await current_programme(session)
    if programme is None:
        await message.answer(t("curator-no-programme"))
        return
    try:
        buffer = await bot.download(document)
    except TelegramAPIError:
        await message.answer(t("roster-download-failed"))
        return
    data = buffer.read() if buffer is not None else b""
    try:
        rows = rs.load_roster(data, kind, rs.vocabulary(l10n), programme.forms or [])
    except rs.RosterError as error:
        await message.answer(file_problem(t, error))
        return
    created = await rs.create_invites(
        session, rows, programme_id=programme.id, created_by=message.chat.id, now=clock.now()
    )
    errors = sum(1 for r in rows if not r.ok)
    username = (await bot.me()).username or ""
    header, table = result_table(t, rows, username)
    caption = t("roster-done", created=len(created), errors=errors)
    if errors:
        caption += "\n" + t("roster-done-fix")
    await bot.send_document(
        message.chat.id,
        BufferedInputFile(rs.write_table(kind, header, table), filename=f"{t('roster-file-name')}.{kind.value}"),
        caption=caption,
    )
    await state.clear()


async def ask_again(message: Message, t: Translator) -> None:
    await message.answer(t("roster-send-file"))


def create_router() -> Router:
    router = Router(name=__name__)
    # A file with the caption /import works from anywhere; it must come before the plain command.
    router.message.register(on_document, F.document, Command("import"))
    router.message.register(on_command, Command("import"))
    router.callback_query.register(on_menu, MenuCb.filter(F.item == "import"))
    router.message.register(on_document, StateFilter(Roster.waiting_file), F.document)
    router.message.register(ask_again, StateFilter(Roster.waiting_file), ~F.text.startswith("/"))
    return router
