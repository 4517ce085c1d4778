"""A participant roster (CSV or XLSX) in, one personal invitation link per valid row, the table back.

Nothing here speaks to people: problems are codes, and the words a table may use (headers, roles,
forms) come from the locale files through `vocabulary()`, so every language's words are accepted.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import SUPPORTED, L10n
from bot.services import audit
from bot.services.invites import new_code
from db.models import Form, Invite, InviteKind, Role

MAX_BYTES = 1024 * 1024
MAX_ROWS = 2000
MAX_COLUMNS = 20
NAME_MAX = 200
CLASS_MAX = 100
COLUMNS = ("name", "role", "form", "class")
REQUIRED = ("name", "role", "form")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIMES = ("text/csv", "text/comma-separated-values", "application/csv", "text/plain")
DELIMITERS = (";", ",", "\t")
DASHES = re.compile(r"\s*[-_\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d]+\s*")
SPACES = re.compile(r"\s+")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class FileKind(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


class FileProblem(StrEnum):
    TOO_BIG = "too-big"
    EMPTY = "empty"
    UNREADABLE = "unreadable"
    TOO_MANY_ROWS = "too-many-rows"
    MISSING_COLUMNS = "missing-columns"


class RowProblem(StrEnum):
    NO_NAME = "no-name"
    NAME_TOO_LONG = "name-too-long"
    NO_ROLE = "no-role"
    BAD_ROLE = "bad-role"
    NO_FORM = "no-form"
    BAD_FORM = "bad-form"
    FORM_OFF = "form-off"
    CLASS_TOO_LONG = "class-too-long"


class RosterError(Exception):
    """The whole file is refused; nothing is stored."""

    def __init__(self, problem: FileProblem, missing: Sequence[str] = ()) -> None:
        super().__init__(problem.value)
        self.problem = problem
        self.missing = tuple(missing)


@dataclass(frozen=True)
class Vocabulary:
    """Normalised words that name the columns, the roles and the forms."""

    headers: dict[str, str]  # header word -> column
    roles: dict[str, str]  # role word -> Role
    forms: dict[str, str]  # form label or code -> Form


@dataclass
class RosterRow:
    full_name: str
    role_text: str
    form_text: str
    class_or_subject: str
    role: str | None = None
    form: str | None = None
    problems: list[RowProblem] = field(default_factory=list)
    invite: Invite | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


# ---- words --------------------------------------------------------------------------------------


def _clean(text: str) -> str:
    return SPACES.sub(" ", text.replace("\u00a0", " ")).strip()


def norm_word(text: str) -> str:
    """Case, the letter yo, spaces and a trailing colon or asterisk do not matter."""
    text = _clean(text).lower().replace("\u0451", "\u0435").rstrip(":*").strip()
    return re.sub(r"\s*/\s*", "/", text)


def norm_form(text: str) -> str:
    """Any dash or hyphen (or underscore, as in the codes), with any spacing, is one hyphen."""
    return DASHES.sub("-", norm_word(text)).strip("-")


def _words(l10n: L10n, locale: str, key: str) -> list[str]:
    return [w for w in (norm_word(part) for part in l10n.get(locale, key).split("|")) if w]


def vocabulary(l10n: L10n) -> Vocabulary:
    headers: dict[str, str] = {}
    roles: dict[str, str] = {}
    forms: dict[str, str] = {}
    for form in Form:
        forms[norm_form(form.value)] = form.value
    for role in Role:
        roles[norm_word(role.value)] = role.value
    for locale in SUPPORTED:
        for column in COLUMNS:
            for word in _words(l10n, locale, f"roster-words-{column}"):
                headers.setdefault(word, column)
        for role in Role:
            roles.setdefault(norm_word(l10n.get(locale, f"role-{role.value}")), role.value)
            for word in _words(l10n, locale, f"roster-words-{role.value}"):
                roles.setdefault(word, role.value)
        for form in Form:
            forms.setdefault(norm_form(l10n.get(locale, f"form-{form.value.replace('_', '-')}")), form.value)
    return Vocabulary(headers, roles, forms)


# ---- reading ------------------------------------------------------------------------------------


def file_kind(file_name: str | None, mime_type: str | None) -> FileKind | None:
    name = (file_name or "").lower()
    if name.endswith(".xlsx"):
        return FileKind.XLSX
    if name.endswith(".csv"):
        return FileKind.CSV
    if not name or "." not in name:
        if mime_type == XLSX_MIME:
            return FileKind.XLSX
        if mime_type in CSV_MIMES[:3]:
            return FileKind.CSV
    return None


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise RosterError(FileProblem.UNREADABLE) from None
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text
    raise RosterError(FileProblem.UNREADABLE)


def _delimiter(lines: Iterable[str]) -> str:
    sample = [line for line in lines if line.strip()][:10]
    counts = {d: sum(line.count(d) for line in sample) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] > 0 else ";"


def _keep(rows: Iterable[Sequence[Any]], table: list[list[str]]) -> None:
    """Appends the non-blank rows, cells as clean text; stops as soon as there are too many."""
    for row in rows:
        cells = [_clean(_cell_text(c)) for c in row[:MAX_COLUMNS]]
        if any(cells):
            table.append(cells)
            if len(table) > MAX_ROWS + 1:  # a header and MAX_ROWS rows of data at most
                raise RosterError(FileProblem.TOO_MANY_ROWS)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y") if value.time() == datetime.min.time() else value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def _read_csv(data: bytes) -> list[list[str]]:
    text = _decode(data)
    table: list[list[str]] = []
    try:
        _keep(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text.splitlines()[:50])), table)
    except csv.Error:
        raise RosterError(FileProblem.UNREADABLE) from None
    return table


def _read_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    table: list[list[str]] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it skips
        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # not a zip, not a workbook, a broken part: all the same to the curator
            raise RosterError(FileProblem.UNREADABLE) from exc
        try:
            if book.worksheets:
                _keep(book.worksheets[0].iter_rows(max_col=MAX_COLUMNS, values_only=True), table)
        except RosterError:
            raise
        except Exception as exc:
            raise RosterError(FileProblem.UNREADABLE) from exc
        finally:
            book.close()
    return table


def read_table(data: bytes, kind: FileKind) -> list[list[str]]:
    """Non-blank rows, cells as clean text; at most a header and MAX_ROWS rows of data."""
    if len(data) > MAX_BYTES:
        raise RosterError(FileProblem.TOO_BIG)
    if not data.strip():
        raise RosterError(FileProblem.EMPTY)
    return _read_xlsx(data) if kind == FileKind.XLSX else _read_csv(data)


# ---- understanding ------------------------------------------------------------------------------


def _header(row: list[str], vocab: Vocabulary) -> dict[str, int] | None:
    found: dict[str, int] = {}
    for index, cell in enumerate(row):
        column = vocab.headers.get(norm_word(cell))
        if column is not None and column not in found:
            found[column] = index
    return found if len(found) >= 2 else None


def _row(cells: list[str], columns: dict[str, int], vocab: Vocabulary, enabled: set[str]) -> RosterRow:
    def cell(column: str) -> str:
        index = columns.get(column)
        return cells[index] if index is not None and index < len(cells) else ""

    row = RosterRow(cell("name"), cell("role"), cell("form"), cell("class"))
    if not row.full_name:
        row.problems.append(RowProblem.NO_NAME)
    elif len(row.full_name) > NAME_MAX:
        row.problems.append(RowProblem.NAME_TOO_LONG)
    if not row.role_text:
        row.problems.append(RowProblem.NO_ROLE)
    else:
        row.role = vocab.roles.get(norm_word(row.role_text))
        if row.role is None:
            row.problems.append(RowProblem.BAD_ROLE)
    if not row.form_text:
        row.problems.append(RowProblem.NO_FORM)
    else:
        row.form = vocab.forms.get(norm_form(row.form_text))
        if row.form is None:
            row.problems.append(RowProblem.BAD_FORM)
        elif row.form not in enabled:
            row.problems.append(RowProblem.FORM_OFF)
    if len(row.class_or_subject) > CLASS_MAX:
        row.problems.append(RowProblem.CLASS_TOO_LONG)
    return row


def parse_roster(table: list[list[str]], vocab: Vocabulary, enabled_forms: Iterable[str]) -> list[RosterRow]:
    """Rows with their problems. A header is found by its words; without one: name, role, form, class."""
    if not table:
        raise RosterError(FileProblem.EMPTY)
    columns = _header(table[0], vocab)
    data = table
    if columns is not None:
        missing = [c for c in REQUIRED if c not in columns]
        if missing:
            raise RosterError(FileProblem.MISSING_COLUMNS, missing)
        data = table[1:]
    else:
        columns = {name: index for index, name in enumerate(COLUMNS)}
    if not data:
        raise RosterError(FileProblem.EMPTY)
    if len(data) > MAX_ROWS:
        raise RosterError(FileProblem.TOO_MANY_ROWS)
    enabled = set(enabled_forms)
    return [_row(cells, columns, vocab, enabled) for cells in data]


def load_roster(data: bytes, kind: FileKind, vocab: Vocabulary, enabled_forms: Iterable[str]) -> list[RosterRow]:
    return parse_roster(read_table(data, kind), vocab, enabled_forms)


async def create_invites(
    session: AsyncSession, rows: list[RosterRow], *, programme_id: int, created_by: int, now: datetime
) -> list[Invite]:
    """One personal link per valid row, added together and flushed once."""
    codes: set[str] = set()
    invites: list[Invite] = []
    for row in rows:
        if not row.ok or row.role is None or row.form is None:
            continue
        code = new_code()
        while code in codes:
            code = new_code()
        codes.add(code)
        row.invite = Invite(
            code=code,
            programme_id=programme_id,
            role=row.role,
            form=row.form,
            kind=InviteKind.PERSONAL,
            max_uses=1,
            uses=0,
            full_name=row.full_name,
            class_or_subject=row.class_or_subject or None,
            created_by=created_by,
            created_at=now,
        )
        invites.append(row.invite)
    session.add_all(invites)
    await session.flush()
    if invites:  # an import that made no link changed nothing
        await audit.record(
            session,
            actor_telegram_id=created_by,
            actor_role=audit.CURATOR,
            action=audit.ROSTER_IMPORT,
            programme_id=programme_id,
            object_type="programme",
            object_id=programme_id,
            details={"count": len(invites), "rows": len(rows)},
            now=now,
        )
    return invites


# ---- writing ------------------------------------------------------------------------------------


def _safe_csv(value: str) -> str:
    """A cell that a spreadsheet would run as a formula is written as text."""
    return "'" + value if value.startswith(FORMULA_START) else value


def write_table(kind: FileKind, header: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    if kind == FileKind.CSV:
        out = io.StringIO(newline="")
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([_safe_csv(v) for v in row])
        return out.getvalue().encode("utf-8-sig")

    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for col, value in enumerate(header, start=1):
        sheet.cell(row=1, column=col, value=value).font = Font(bold=True)
    for number, row in enumerate(rows, start=2):
        for col, value in enumerate(row, start=1):
            cell = sheet.cell(row=number, column=col, value=value)
            if value.startswith("="):
                cell.data_type = "s"  # text, never a formula
    for letter, width in zip("ABCDEF", (32, 14, 24, 16, 46, 48), strict=False):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
