"""The curator's tools through the real Dispatcher: invitation links, the list of links, roster import,
paper consents, and that nobody else can use them."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from aiogram.methods import AnswerCallbackQuery, SendDocument, SendMessage, SetMyCommands, TelegramMethod
from aiogram.types import BotCommandScopeChat, BufferedInputFile, InlineKeyboardMarkup
from fluent.syntax import FluentParser, ast, visitor
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select, update

from bot.callbacks import InviteCb, LinksCb, MenuCb, PaperCb
from bot.services import roster as rs
from bot.services.programme import first_programme
from db.models import (
    Consent,
    Invite,
    InviteKind,
    ParentConsentRequest,
    Participant,
    Programme,
)
from tests.factories import make_invite
from tests.harness import CURATOR, BotClient, Person, alerts, sent_to, texts

STRANGER = Person(999, "Гость", "ru")
TEACHER = Person(501, "Мария", "ru")
GUESTS = [Person(800 + i, f"Гость{i}", "ru") for i in range(3)]
STUDENT_EN = Person(601, "Pete", "en")
PARENT = Person(602, "Ирина", "ru")
LOCALES = Path(__file__).resolve().parent.parent / "locales"


# ---- helpers ------------------------------------------------------------------------------------


async def count(client: BotClient, model: type) -> int:
    async with client.app.sessionmaker() as s:
        return int(await s.scalar(select(func.count()).select_from(model)) or 0)


async def all_invites(client: BotClient) -> list[Invite]:
    async with client.app.sessionmaker() as s:
        return list(await s.scalars(select(Invite).order_by(Invite.id)))


async def set_forms(client: BotClient, forms: list[str]) -> None:
    async with client.app.sessionmaker() as s:
        programme = await first_programme(s)
        assert programme is not None
        programme.forms = forms
        await s.commit()


def documents(requests: list[TelegramMethod[Any]]) -> list[SendDocument]:
    return [r for r in requests if isinstance(r, SendDocument)]


def document_bytes(method: SendDocument) -> bytes:
    assert isinstance(method.document, BufferedInputFile)
    return method.document.data


def read_csv_result(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 BOM"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def read_xlsx_result(data: bytes) -> list[list[str]]:
    book = load_workbook(io.BytesIO(data), read_only=True)
    rows = [["" if v is None else str(v) for v in row] for row in book.worksheets[0].iter_rows(values_only=True)]
    book.close()
    return rows


def code_of(link: str) -> str:
    assert link.startswith("https://t.me/school_mentor_test_bot?start="), link
    return link.split("?start=")[1]


def buttons(method: SendMessage | Any) -> list[str]:
    markup = method.reply_markup
    assert isinstance(markup, InlineKeyboardMarkup)
    return [b.text for row in markup.inline_keyboard for b in row]


def link_in(text: str) -> str:
    return next(w for w in text.split() if w.startswith("https://t.me/"))


# ---- the menu -----------------------------------------------------------------------------------


async def test_curator_start_shows_menu_and_sets_commands(client: BotClient) -> None:
    requests = await client.send(CURATOR, "/start")
    menu = sent_to(requests, CURATOR.id)
    assert len(menu) == 1 and "Меню куратора" in menu[0].text
    assert buttons(menu[0]) == [
        "➕ Пригласить участников",
        "🔗 Ссылки-приглашения",
        "📄 Импорт списка (CSV/XLSX)",
        "👪 Согласия родителей",
    ]
    commands = [r for r in requests if isinstance(r, SetMyCommands)]
    assert len(commands) == 1
    assert commands[0].scope == BotCommandScopeChat(chat_id=CURATOR.id)
    names = [c.command for c in commands[0].commands]
    assert {"invite", "links", "import", "consents"} <= set(names)

    # Each menu item opens the same screen as its command.
    out = texts(await client.press(CURATOR, "Пригласить участников"))
    assert "Кого вы приглашаете?" in out
    assert texts(await client.send(CURATOR, "/invite")).count("Кого вы приглашаете?") == 1
    out = texts(await client.press(CURATOR, "Ссылки-приглашения"))
    assert "Действующих ссылок-приглашений нет" in out
    assert "Действующих ссылок-приглашений нет" in texts(await client.send(CURATOR, "/links"))
    out = texts(await client.press(CURATOR, "Импорт списка"))
    assert "Пришлите файл CSV или XLSX" in out and "ФИО; роль; форма; класс или предмет" in out
    assert "Пришлите файл CSV или XLSX" in texts(await client.send(CURATOR, "/import"))
    out = texts(await client.press(CURATOR, "Согласия родителей"))
    assert "никто не ждёт согласия родителей" in out
    assert "никто не ждёт согласия родителей" in texts(await client.send(CURATOR, "/consents"))
    assert await count(client, Invite) == 0


# ---- /invite ------------------------------------------------------------------------------------


async def test_personal_link_wizard_then_the_person_joins(client: BotClient) -> None:
    requests = await client.send(CURATOR, "/invite")
    assert buttons(sent_to(requests, CURATOR.id)[0]) == ["🧑‍🏫 Наставник", "🎓 Наставляемый"]
    out = texts(await client.press(CURATOR, "Наставляемый"))
    assert "Роль: <b>наставляемый</b>" in out and "Выберите форму наставничества" in out
    message, _ = client.find_button(CURATOR, "Учитель — учитель")
    assert isinstance(message.reply_markup, InlineKeyboardMarkup)
    assert len(message.reply_markup.inline_keyboard) == 6  # every form the programme enables
    out = texts(await client.press(CURATOR, "Учитель — учитель"))
    assert "форма: «учитель — учитель»" in out and "Какую ссылку создать?" in out
    out = texts(await client.press(CURATOR, "Личную"))
    assert "Как зовут человека" in out
    assert await count(client, Invite) == 0

    out = texts(await client.send(CURATOR, "x" * 201))
    assert "Слишком длинное имя: 201 символ при ограничении 200" in out
    assert await count(client, Invite) == 0
    out = texts(await client.send(CURATOR, "Иванова  Мария <Петровна>"))
    assert "Личная ссылка готова" in out
    assert "Роль: <b>наставляемый</b>, форма: «учитель — учитель»" in out
    assert "Для кого: Иванова Мария &lt;Петровна&gt;" in out
    link = link_in(out)

    [invite] = await all_invites(client)
    assert invite.code == code_of(link)
    assert (invite.role, invite.form, invite.kind, invite.max_uses, invite.uses) == ("mentee", "teacher_teacher", "personal", 1, 0)
    assert invite.full_name == "Иванова Мария <Петровна>" and invite.expires_at is None
    assert invite.created_by == CURATOR.id

    # The wizard is over: typing now is not a name.
    assert "Я понимаю только команды и кнопки" in texts(await client.send(CURATOR, "Ещё одно имя"))
    assert await count(client, Invite) == 1

    out = texts(await client.send(TEACHER, f"/start {invite.code}"))
    assert "Ваша роль: <b>наставляемый</b>, форма: «учитель — учитель»" in out
    async with client.app.sessionmaker() as s:
        participant = await s.scalar(select(Participant))
        assert participant is not None and participant.full_name == "Иванова Мария <Петровна>"
        assert participant.invite_id == invite.id
    out = texts(await client.send(GUESTS[0], f"/start {invite.code}"))
    assert "уже использована" in out
    assert await count(client, Participant) == 1


async def test_personal_link_without_a_name(client: BotClient) -> None:
    await client.send(CURATOR, "/invite")
    await client.press(CURATOR, "Наставник")
    await client.press(CURATOR, "Ученик — ученик")
    await client.press(CURATOR, "Личную")
    out = texts(await client.press(CURATOR, "Пропустить"))
    assert "Личная ссылка готова" in out and "Для кого: имя не указано" in out
    [invite] = await all_invites(client)
    assert invite.full_name is None and (invite.role, invite.form) == ("mentor", "student_student")
    assert invite.code == code_of(link_in(out))
    # The skip button of a finished wizard does nothing more.
    with pytest.raises(AssertionError):
        client.find_button(CURATOR, "Пропустить")  # the screen became the link
    out = await client.callback(CURATOR, InviteCb(step="skipname").pack())
    assert alerts(out) == ["Этот шаг уже пройден. Чтобы создать новую ссылку, нажмите /invite."]
    assert await count(client, Invite) == 1


async def group_link(client: BotClient, expiry: str, limit: str, typed: bool = False) -> str:
    await client.send(CURATOR, "/invite")
    await client.press(CURATOR, "Наставник")
    await client.press(CURATOR, "Учитель — ученик")
    out = texts(await client.press(CURATOR, "Общую"))
    assert "Сколько будет действовать ссылка?" in out
    out = texts(await (client.send(CURATOR, expiry) if typed else client.press(CURATOR, expiry)))
    assert "Сколько человек смогут присоединиться" in out
    out = texts(await (client.send(CURATOR, limit) if typed else client.press(CURATOR, limit)))
    assert "Общая ссылка готова" in out
    return out


async def test_group_link_with_a_limit(client: BotClient) -> None:
    await client.send(CURATOR, "/invite")
    await client.press(CURATOR, "Наставник")
    await client.press(CURATOR, "Учитель — ученик")
    await client.press(CURATOR, "Общую")
    message, _ = client.find_button(CURATOR, "7 дней")
    assert [b.text for b in message.reply_markup.inline_keyboard[0]] == ["7 дней", "14 дней", "30 дней"]  # type: ignore[union-attr]
    out = texts(await client.send(CURATOR, "31.02.2027"))
    assert "Не понял дату" in out
    out = texts(await client.send(CURATOR, "22.11.2026"))
    assert "Эта дата уже прошла" in out
    out = texts(await client.press(CURATOR, "7 дней"))
    assert "до 30.11.2026 включительно" in out
    message, _ = client.find_button(CURATOR, "10 человек")
    assert [b.text for b in message.reply_markup.inline_keyboard[0]] == ["10 человек", "30 человек", "100 человек"]  # type: ignore[union-attr]
    for wrong in ("0", "1001", "два", "2.5"):
        assert "Нужно целое число от 1 до 1000" in texts(await client.send(CURATOR, wrong))
    assert await count(client, Invite) == 0
    out = texts(await client.send(CURATOR, "2"))
    assert "Общая ссылка готова" in out
    assert "Роль: <b>наставник</b>, форма: «учитель — ученик»" in out
    assert "Действует до: <b>30.11.2026</b> включительно" in out
    assert "не больше 2 человек" in out
    [invite] = await all_invites(client)
    assert (invite.kind, invite.max_uses, invite.uses) == ("group", 2, 0)
    # The end of 30 November in Moscow, stored in UTC.
    assert invite.expires_at == datetime(2026, 11, 30, 20, 59, 59, tzinfo=UTC)
    assert invite.code == code_of(link_in(out))

    for guest in GUESTS[:2]:
        assert "Ваша роль: <b>наставник</b>" in texts(await client.send(guest, f"/start {invite.code}"))
    out = texts(await client.send(GUESTS[2], f"/start {invite.code}"))
    assert "уже использована" in out
    assert await count(client, Participant) == 2
    [invite] = await all_invites(client)
    assert invite.uses == 2


async def test_group_link_expires(client: BotClient) -> None:
    out = await group_link(client, "7 дней", "30 человек")
    assert "Действует до: <b>30.11.2026</b>" in out and "не больше 30 человек" in out
    code = code_of(link_in(out))
    client.app.clock.advance(days=8)  # type: ignore[attr-defined]
    out = texts(await client.send(GUESTS[0], f"/start {code}"))
    assert "Срок действия этой ссылки-приглашения истёк" in out
    assert await count(client, Participant) == 0
    [invite] = await all_invites(client)
    assert invite.uses == 0


async def test_group_link_with_typed_date_and_limit(client: BotClient) -> None:
    out = await group_link(client, "24.11.2026", "250", typed=True)
    assert "Действует до: <b>24.11.2026</b>" in out and "не больше 250 человек" in out
    [invite] = await all_invites(client)
    assert invite.max_uses == 250 and invite.expires_at == datetime(2026, 11, 24, 20, 59, 59, tzinfo=UTC)
    # Still valid late in the last day (Moscow time), not a second later.
    client.app.clock.set(datetime(2026, 11, 24, 20, 59, 0, tzinfo=UTC))  # type: ignore[attr-defined]
    assert "Ваша роль" in texts(await client.send(GUESTS[0], f"/start {invite.code}"))
    client.app.clock.set(datetime(2026, 11, 24, 21, 0, 0, tzinfo=UTC))  # type: ignore[attr-defined]
    assert "истёк" in texts(await client.send(GUESTS[1], f"/start {invite.code}"))


async def test_wizard_refuses_typing_and_forged_buttons(client: BotClient) -> None:
    await set_forms(client, ["teacher_teacher", "teacher_student"])
    requests = await client.send(CURATOR, "/invite")
    out = texts(await client.send(CURATOR, "наставник"))
    assert "выберите вариант кнопкой" in out
    sticker = {"sticker": {"file_id": "s1", "file_unique_id": "s1", "type": "regular", "width": 1, "height": 1, "is_animated": False, "is_video": False}}
    assert "выберите вариант кнопкой" in texts(await client.send_content(CURATOR, **sticker))

    out = await client.callback(CURATOR, InviteCb(step="role", value="director").pack())
    assert alerts(out) == ["Такого варианта нет. Выберите одну из кнопок."]
    # A button of a later step is refused while on this one.
    assert alerts(await client.callback(CURATOR, InviteCb(step="limit", value="10").pack())) == [
        "Этот шаг уже пройден. Чтобы создать новую ссылку, нажмите /invite."
    ]
    assert requests
    await client.press(CURATOR, "Наставляемый")
    message, _ = client.find_button(CURATOR, "Учитель — учитель")
    assert isinstance(message.reply_markup, InlineKeyboardMarkup)
    assert [row[0].text for row in message.reply_markup.inline_keyboard] == ["Учитель — учитель", "Учитель — ученик"]
    for forged in ("student_student", "nonsense"):
        out = await client.callback(CURATOR, InviteCb(step="form", value=forged).pack())
        assert alerts(out) == ["Такого варианта нет. Выберите одну из кнопок."]
    # The role button of an earlier step no longer works.
    out = await client.callback(CURATOR, InviteCb(step="role", value="mentor").pack())
    assert "Этот шаг уже пройден" in alerts(out)[0]
    await client.press(CURATOR, "Учитель — ученик")
    assert alerts(await client.callback(CURATOR, InviteCb(step="kind", value="vip").pack()))
    await client.press(CURATOR, "Общую")
    assert alerts(await client.callback(CURATOR, InviteCb(step="expiry", value="3650").pack()))
    await client.press(CURATOR, "14 дней")
    assert alerts(await client.callback(CURATOR, InviteCb(step="limit", value="100000").pack()))
    assert await count(client, Invite) == 0
    out = texts(await client.press(CURATOR, "100 человек"))
    assert "Действует до: <b>07.12.2026</b>" in out and "не больше 100 человек" in out
    [invite] = await all_invites(client)
    assert (invite.role, invite.form, invite.kind, invite.max_uses) == ("mentee", "teacher_student", "group", 100)

    # /cancel leaves the wizard.
    await client.send(CURATOR, "/invite")
    assert "отменено" in texts(await client.send(CURATOR, "/cancel"))
    out = await client.callback(CURATOR, InviteCb(step="role", value="mentor").pack())
    assert "Этот шаг уже пройден" in alerts(out)[0]
    assert await count(client, Invite) == 1


# ---- /links -------------------------------------------------------------------------------------


async def test_links_lists_pages_and_revokes(client: BotClient) -> None:
    now = client.app.clock.now()
    named = await make_invite(client, role="mentor", form="teacher_student", full_name="Смирнов Олег")
    group = await make_invite(client, kind=InviteKind.GROUP, max_uses=30, expires_at=datetime(2026, 12, 1, 20, 59, 59, tzinfo=UTC))
    for _ in range(10):
        await make_invite(client)
    hidden = [
        await make_invite(client, kind=InviteKind.GROUP, max_uses=5, expires_at=now),  # expired
        await make_invite(client, full_name="Уже отозван"),
    ]
    used = await make_invite(client, full_name="Уже использован")
    async with client.app.sessionmaker() as s:
        await s.execute(update(Invite).where(Invite.id == group.id).values(uses=3))
        await s.execute(update(Invite).where(Invite.id == hidden[1].id).values(revoked_at=now))
        await s.execute(update(Invite).where(Invite.id == used.id).values(uses=1))
        await s.commit()

    requests = await client.send(CURATOR, "/links")
    [screen] = sent_to(requests, CURATOR.id)
    assert "Действующие ссылки-приглашения</b>: 12" in screen.text
    assert "Страница 1 из 2" in screen.text
    assert "Уже отозван" not in screen.text and "Уже использован" not in screen.text
    assert screen.text.count("https://t.me/school_mentor_test_bot?start=") == 10
    assert buttons(screen) == [f"❌ Отозвать №{n}" for n in range(1, 11)] + ["Дальше ▶️"]

    out = texts(await client.press(CURATOR, "Дальше"))
    assert "Страница 2 из 2" in out and "<b>12.</b>" in out
    item = "наставляемый, «учитель — учитель» — общая\nиспользована 3 из 30 · до 01.12.2026"
    assert f"<b>11.</b> {item}\nhttps://t.me/school_mentor_test_bot?start={group.code}" in out
    assert "для: Смирнов Олег · бессрочная" in out and named.code in out

    out = texts(await client.press(CURATOR, "Отозвать №12"))
    assert "Отозвать эту ссылку?" in out and "Смирнов Олег" in out
    async with client.app.sessionmaker() as s:
        assert (await s.get(Invite, named.id)).revoked_at is None  # type: ignore[union-attr]
    out = texts(await client.press(CURATOR, "Да, отозвать"))
    assert "Ссылка отозвана" in out and named.code in out
    async with client.app.sessionmaker() as s:
        assert (await s.get(Invite, named.id)).revoked_at == now  # type: ignore[union-attr]

    out = texts(await client.send(TEACHER, f"/start {named.code}"))
    assert "Эта ссылка-приглашение отозвана" in out
    assert await count(client, Participant) == 0
    out = texts(await client.send(CURATOR, "/links"))
    assert "Действующие ссылки-приглашения</b>: 11" in out and "Страница" in out
    out = texts(await client.press(CURATOR, "Дальше"))
    assert named.code not in out


async def test_links_forged_ids_change_nothing(client: BotClient) -> None:
    old = await make_invite(client, full_name="Прошлый год")
    async with client.app.sessionmaker() as s:
        previous = await first_programme(s)
        assert previous is not None
        s.add(
            Programme(  # the school's next academic year
                organisation_id=previous.organisation_id,
                academic_year="2027/2028",
                starts_on=previous.starts_on,
                ends_on=previous.ends_on,
                forms=["teacher_teacher"],
                created_at=client.app.clock.now(),
            )
        )
        await s.commit()
    current = await make_invite(client, full_name="Этот год")
    out = texts(await client.send(CURATOR, "/links"))
    assert "Этот год" in out and "Прошлый год" not in out

    for action in ("revoke", "confirm"):
        for forged_id in (old.id, 9999, 0, 2**40):
            requests = await client.callback(CURATOR, LinksCb(action=action, id=forged_id).pack())
            assert alerts(requests) == (["Эта кнопка больше не работает."] if forged_id == 2**40 else ["Такой ссылки нет."])
            assert not sent_to(requests, CURATOR.id)
    assert alerts(await client.callback(CURATOR, LinksCb(action="delete", id=current.id).pack()))
    async with client.app.sessionmaker() as s:
        assert all(i.revoked_at is None for i in await s.scalars(select(Invite)))


# ---- /import ------------------------------------------------------------------------------------


ROSTER_CSV = (
    "ФИО;Роль;Форма;Класс или предмет\r\n"
    "Иванов Иван Иванович;наставник;учитель — ученик;математика\r\n"
    "Петрова Анна;Наставляемая;Учитель–ученик;7А\r\n"
    "\r\n"
    ";;;\r\n"
    "Сидоров Пётр;ученик;учитель-ученик;8Б\r\n"
    "Кузнецова Ольга;НАСТАВНИК;teacher_teacher;\r\n"
).encode("utf-8-sig")


async def test_roster_csv_import(client: BotClient) -> None:
    out = texts(await client.send(CURATOR, "/import"))
    assert "Пришлите файл CSV или XLSX" in out
    requests = await client.send_document(CURATOR, "список 7А.csv", ROSTER_CSV)
    [doc] = documents(requests)
    assert doc.caption == (
        "Готово: создано 3 ссылки, 1 строка с ошибками.\n"
        "Что не так в строках с ошибками, написано в столбце «ошибка». Исправьте эти строки и пришлите их новым файлом — для остальных ссылки уже созданы."
    )
    assert isinstance(doc.document, BufferedInputFile) and doc.document.filename == "ссылки.csv"
    table = read_csv_result(document_bytes(doc))
    assert table[0] == ["ФИО", "роль", "форма", "класс/предмет", "ссылка", "ошибка"]
    assert [row[:4] for row in table[1:]] == [
        ["Иванов Иван Иванович", "наставник", "учитель — ученик", "математика"],
        ["Петрова Анна", "наставляемый", "учитель — ученик", "7А"],
        ["Сидоров Пётр", "ученик", "учитель — ученик", "8Б"],
        ["Кузнецова Ольга", "наставник", "учитель — учитель", ""],
    ]
    assert [row[5] for row in table[1:]] == [
        "",
        "",
        "неизвестная роль «ученик»: укажите «наставник» или «наставляемый»",
        "",
    ]
    assert table[3][4] == ""

    invites = await all_invites(client)
    assert [(i.full_name, i.role, i.form, i.class_or_subject, i.kind, i.max_uses) for i in invites] == [
        ("Иванов Иван Иванович", "mentor", "teacher_student", "математика", "personal", 1),
        ("Петрова Анна", "mentee", "teacher_student", "7А", "personal", 1),
        ("Кузнецова Ольга", "mentor", "teacher_teacher", None, "personal", 1),
    ]
    assert [code_of(table[i][4]) for i in (1, 2, 4)] == [i.code for i in invites]

    # The import is over; the link from the file works for the person it names.
    assert "Я понимаю только команды и кнопки" in texts(await client.send(CURATOR, "ещё"))
    out = texts(await client.send(TEACHER, f"/start {code_of(table[1][4])}"))
    assert "Ваша роль: <b>наставник</b>, форма: «учитель — ученик»" in out
    async with client.app.sessionmaker() as s:
        participant = await s.scalar(select(Participant))
        assert participant is not None
        assert (participant.full_name, participant.class_or_subject) == ("Иванов Иван Иванович", "математика")


async def test_roster_csv_cp1251_comma_without_header_and_caption(client: BotClient) -> None:
    data = "Орлова Вера,наставляемый,учитель - учитель,физика\nЗайцев Илья,наставник,студент—ученик,\n".encode("cp1251")
    requests = await client.send_document(CURATOR, "ROSTER.CSV", data, caption="/import")
    [doc] = documents(requests)
    assert doc.caption == "Готово: создано 2 ссылки, ошибок нет."
    table = read_csv_result(document_bytes(doc))
    assert [row[:4] + [row[5]] for row in table[1:]] == [
        ["Орлова Вера", "наставляемый", "учитель — учитель", "физика", ""],
        ["Зайцев Илья", "наставник", "студент — ученик", "", ""],
    ]
    invites = await all_invites(client)
    assert [(i.full_name, i.form) for i in invites] == [("Орлова Вера", "teacher_teacher"), ("Зайцев Илья", "university_student")]


def xlsx(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    for cells in sheet.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # a name that looks like a formula, typed as text
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


async def test_roster_xlsx_import(client: BotClient) -> None:
    await set_forms(client, ["teacher_student", "student_student"])
    data = xlsx(
        [
            ["Class", "Full name", "Role", "Form"],
            [9, "Лебедев Антон", "mentee", "ученик — ученик"],
            ["10Б", "Морозова Ксения", "наставник", "Ученик-ученик"],
            [None, "Белов Максим", "наставник", "учитель — учитель"],
            [None, "=HYPERLINK(\"http://x\")", "", ""],
            [None, None, None, None],
        ]
    )
    await client.send(CURATOR, "/import")
    requests = await client.send_document(CURATOR, "roster.xlsx", data)
    [doc] = documents(requests)
    assert doc.caption is not None and doc.caption.startswith("Готово: создано 2 ссылки, 2 строки с ошибками.")
    assert isinstance(doc.document, BufferedInputFile) and doc.document.filename == "ссылки.xlsx"
    table = read_xlsx_result(document_bytes(doc))
    assert table[0] == ["ФИО", "роль", "форма", "класс/предмет", "ссылка", "ошибка"]
    assert table[1][:4] == ["Лебедев Антон", "наставляемый", "ученик — ученик", "9"]
    assert table[2][:4] == ["Морозова Ксения", "наставник", "ученик — ученик", "10Б"]
    assert table[3][5] == "форма «учитель — учитель» не включена в программу" and table[3][4] == ""
    assert table[4][0] == "=HYPERLINK(\"http://x\")"  # kept as text, not run as a formula
    assert table[4][5] == "не указана роль; не указана форма"
    assert len(table) == 5
    invites = await all_invites(client)
    assert [(i.full_name, i.role, i.form, i.class_or_subject) for i in invites] == [
        ("Лебедев Антон", "mentee", "student_student", "9"),
        ("Морозова Ксения", "mentor", "student_student", "10Б"),
    ]
    assert [code_of(table[1][4]), code_of(table[2][4])] == [i.code for i in invites]
    out = texts(await client.send(GUESTS[0], f"/start {invites[0].code}"))
    assert "Ваша роль: <b>наставляемый</b>, форма: «ученик — ученик»" in out


async def test_roster_refuses_bad_files(client: BotClient) -> None:
    await client.send(CURATOR, "/import")
    sticker = {"sticker": {"file_id": "s1", "file_unique_id": "s1", "type": "regular", "width": 1, "height": 1, "is_animated": False, "is_video": False}}
    assert "Жду файл CSV или XLSX" in texts(await client.send_content(CURATOR, **sticker))
    photo = {"photo": [{"file_id": "p1", "file_unique_id": "p1", "width": 10, "height": 10}]}
    assert "Жду файл CSV или XLSX" in texts(await client.send_content(CURATOR, **photo))
    assert "Жду файл CSV или XLSX" in texts(await client.send(CURATOR, "вот список"))

    cases = [
        ("roster.pdf", b"%PDF-1.4", "Это не CSV и не XLSX"),
        ("roster.csv", b"", "нет ни одной строки с участниками"),
        ("roster.csv", "ФИО;роль;форма\r\n;;\r\n".encode(), "нет ни одной строки с участниками"),
        ("roster.csv", b"\x00\x01binary\x00", "Не удалось прочитать файл"),
        ("roster.xlsx", b"PK\x03\x04 not really a workbook", "Не удалось прочитать файл"),
        ("roster.xlsx", ROSTER_CSV, "Не удалось прочитать файл"),
        ("roster.csv", b"x" * (rs.MAX_BYTES + 1), "Файл больше 1 МБ"),
        ("roster.csv", "ФИО;роль;класс\r\nИванов;наставник;5А\r\n".encode(), "В заголовке не нашлось столбца: форма."),
        (
            "roster.csv",
            ("ФИО;роль;форма\n" + "Иванов;наставник;учитель — ученик\n" * (rs.MAX_ROWS + 1)).encode(),
            "В файле больше 2000 строк",
        ),
    ]
    for name, data, expected in cases:
        requests = await client.send_document(CURATOR, name, data)
        assert expected in texts(requests), (name, texts(requests))
        assert not documents(requests)
    assert await count(client, Invite) == 0

    # Exactly the row limit is fine, and the wrong files did not end the import.
    data = ("ФИО;роль;форма\n" + "Иванов;наставник;учитель — ученик\n" * rs.MAX_ROWS).encode()
    [doc] = documents(await client.send_document(CURATOR, "big.csv", data))
    assert doc.caption is not None and "создано 2000 ссылок" in doc.caption
    assert await count(client, Invite) == rs.MAX_ROWS

    await client.send(CURATOR, "/import")
    assert "отменено" in texts(await client.send(CURATOR, "/cancel"))
    requests = await client.send_document(CURATOR, "roster.csv", ROSTER_CSV)
    assert not documents(requests)
    assert await count(client, Invite) == rs.MAX_ROWS


def test_form_and_role_words() -> None:
    from bot.i18n import L10n

    vocab = rs.vocabulary(L10n())
    for text in ("учитель-ученик", "учитель — ученик", "Учитель–ученик", " УЧИТЕЛЬ -  УЧЕНИК ", "teacher_student", "Teacher — Student"):
        assert vocab.forms[rs.norm_form(text)] == "teacher_student", text
    for text, role in (("Наставляемая", "mentee"), ("наставляемый", "mentee"), ("Mentor", "mentor"), ("наставник", "mentor")):
        assert vocab.roles[rs.norm_word(text)] == role
    for text, column in (("ФИО", "name"), ("Имя", "name"), ("Name", "name"), ("Роль", "role"), ("ФОРМА", "form"), ("Класс/предмет", "class"), ("Subject", "class")):
        assert vocab.headers[rs.norm_word(text)] == column


# ---- /consents ----------------------------------------------------------------------------------


async def minor_waiting_for_parent(client: BotClient, student: Person, name: str | None = "Петров Пётр") -> str:
    invite = await make_invite(client, role="mentee", form="teacher_student", full_name=name)
    await client.send(student, f"/start {invite.code}")
    await client.press(student, "I agree" if student.language_code == "en" else "Согласен")
    out = texts(await client.press(student, "under 18" if student.language_code == "en" else "меньше 18"))
    return out.split("?start=")[1].split()[0]


async def test_paper_consent_for_a_minor(client: BotClient) -> None:
    parent_code = await minor_waiting_for_parent(client, STUDENT_EN)
    async with client.app.sessionmaker() as s:
        participant = await s.scalar(select(Participant))
        assert participant is not None and participant.status == "awaiting_parent"
        pid = participant.id

    requests = await client.send(CURATOR, "/consents")
    [screen] = sent_to(requests, CURATOR.id)
    assert "Ждут согласия родителей</b>: 1" in screen.text
    assert "<b>1.</b> Петров Пётр — наставляемый, «учитель — ученик», ждёт с 23.11.2026" in screen.text
    assert buttons(screen) == ["📝 Бумажное согласие получено: Петров Пётр"]

    out = texts(await client.press(CURATOR, "Бумажное согласие получено"))
    assert "Отметить бумажное согласие родителя?" in out
    assert await count(client, Consent) == 1  # only the minor's own so far
    requests = await client.press(CURATOR, "Да, согласие получено")
    assert "Бумажное согласие записано: Петров Пётр" in texts(requests)
    [to_child] = sent_to(requests, STUDENT_EN.id)
    assert to_child.text == "The curator has received your parent's paper consent. You can now fill in the questionnaire — press \"Continue\"."
    assert buttons(to_child) == ["Continue"]

    async with client.app.sessionmaker() as s:
        paper = await s.scalar(select(Consent).where(Consent.kind == "paper"))
        assert paper is not None and paper.participant_id == pid
        assert paper.recorded_by_telegram_id == CURATOR.id and paper.given_by_telegram_id is None
        assert paper.text_version == client.app.settings.consent_version and paper.text_sha256 is None
        participant = await s.get(Participant, pid)
        assert participant is not None and participant.status == "questionnaire"
        request = await s.scalar(select(ParentConsentRequest))
        assert request is not None and request.decision == "paper" and request.decided_at is not None

    # Pressing again, or a forged id, records nothing more.
    for data in (PaperCb(action="confirm", pid=pid).pack(), PaperCb(action="confirm", pid=9999).pack(), PaperCb(action="confirm", pid=2**40).pack(), PaperCb(action="ask", pid=pid).pack()):
        requests = await client.callback(CURATOR, data)
        expected = "Эта кнопка больше не работает." if str(2**40) in data else "Этот участник уже не ждёт согласия родителя."
        assert alerts(requests) == [expected]
        assert not sent_to(requests, STUDENT_EN.id)
    assert await count(client, Consent) == 2
    assert "никто не ждёт" in texts(await client.send(CURATOR, "/consents"))

    # The parent's link is closed; the minor goes on to the questionnaire.
    assert "недействительна" in texts(await client.send(PARENT, f"/start {parent_code}"))
    out = texts(await client.press(STUDENT_EN, "Continue"))
    assert "Question 1 of" in out


async def test_consents_list_unnamed_and_forged(client: BotClient) -> None:
    await minor_waiting_for_parent(client, Person(611, "Коля", "ru"), name=None)
    out = texts(await client.send(CURATOR, "/consents"))
    async with client.app.sessionmaker() as s:
        participant = await s.scalar(select(Participant))
        assert participant is not None
    assert f"участник №{participant.id}" in out
    # An adult in the questionnaire is not waiting for a parent.
    invite = await make_invite(client, role="mentee", form="teacher_teacher")
    await client.send(TEACHER, f"/start {invite.code}")
    await client.press(TEACHER, "Согласен")
    async with client.app.sessionmaker() as s:
        adult = await s.scalar(select(Participant).where(Participant.invite_id == invite.id))
        assert adult is not None and adult.status == "questionnaire"
    requests = await client.callback(CURATOR, PaperCb(action="confirm", pid=adult.id).pack())
    assert alerts(requests) == ["Этот участник уже не ждёт согласия родителя."]
    assert await count(client, Consent) == 2  # the two people's own consents
    async with client.app.sessionmaker() as s:
        assert (await s.get(Participant, participant.id)).status == "awaiting_parent"  # type: ignore[union-attr]

    # A name is escaped in the message (HTML) but shown as is on the button (plain text).
    await minor_waiting_for_parent(client, Person(613, "Ян", "ru"), name="Ли <Ян>")
    [screen] = sent_to(await client.send(CURATOR, "/consents"), CURATOR.id)
    assert "<b>2.</b> Ли &lt;Ян&gt; — наставляемый" in screen.text
    assert buttons(screen)[1] == "📝 Бумажное согласие получено: Ли <Ян>"


# ---- nobody else --------------------------------------------------------------------------------


async def test_non_curator_cannot_use_curator_tools(client: BotClient) -> None:
    invite = await make_invite(client, full_name="Кто-то")
    await minor_waiting_for_parent(client, Person(612, "Ваня", "ru"))
    async with client.app.sessionmaker() as s:
        minor = await s.scalar(select(Participant).where(Participant.status == "awaiting_parent"))
        assert minor is not None
    consents_before = await count(client, Consent)
    start = len(client.fake.requests)

    for command in ("/invite", "/links", "/import", "/consents"):
        requests = await client.send(STRANGER, command)
        assert texts(requests) == "Я не знаю такой команды. Список команд — /help."
    out = texts(await client.send(STRANGER, "/start"))
    assert "Меню куратора" not in out
    requests = await client.send_document(STRANGER, "roster.csv", ROSTER_CSV, caption="/import")
    assert not documents(requests)

    forged = [
        MenuCb(item="invite").pack(),
        MenuCb(item="links").pack(),
        InviteCb(step="role", value="mentor").pack(),
        InviteCb(step="skipname").pack(),
        LinksCb(action="revoke", id=invite.id).pack(),
        LinksCb(action="confirm", id=invite.id).pack(),
        LinksCb(action="confirm", id=1).pack(),
        PaperCb(action="ask", pid=minor.id).pack(),
        PaperCb(action="confirm", pid=minor.id).pack(),
        PaperCb(action="confirm", pid=1).pack(),
    ]
    for data in forged:
        requests = await client.callback(STRANGER, data)
        assert alerts(requests) == ["Эта кнопка больше не работает."]
        assert [r for r in requests if not isinstance(r, AnswerCallbackQuery)] == []

    assert not any(isinstance(r, SetMyCommands) for r in client.fake.requests[start:])
    assert await count(client, Invite) == 2
    assert await count(client, Consent) == consents_before
    async with client.app.sessionmaker() as s:
        assert all(i.revoked_at is None for i in await s.scalars(select(Invite)))
        assert (await s.get(Participant, minor.id)).status == "awaiting_parent"  # type: ignore[union-attr]
        assert await s.scalar(select(func.count()).select_from(ParentConsentRequest).where(ParentConsentRequest.decided_at.is_not(None))) == 0


# ---- the texts ----------------------------------------------------------------------------------


def _variables(pattern: ast.Pattern | None) -> set[str]:
    found: set[str] = set()

    class Collect(visitor.Visitor):
        def visit_VariableReference(self, node: ast.VariableReference) -> None:
            found.add(node.id.name)

    if pattern is not None:
        Collect().visit(pattern)
    return found


def _messages(path: Path) -> dict[str, set[str]]:
    resource = FluentParser().parse(path.read_text(encoding="utf-8"))
    junk = [e for e in resource.body if isinstance(e, ast.Junk)]
    assert not junk, f"{path}: {[j.content for j in junk]}"
    return {e.id.name: _variables(e.value) for e in resource.body if isinstance(e, ast.Message)}


def test_curator_texts_match_in_both_languages() -> None:
    ru, en = _messages(LOCALES / "ru" / "curator.ftl"), _messages(LOCALES / "en" / "curator.ftl")
    assert set(ru) == set(en)
    assert {k: v for k, v in ru.items() if en[k] != v} == {}


@pytest.mark.parametrize("locale", ["ru", "en"])
def test_curator_texts_render(locale: str) -> None:
    from bot.i18n import L10n

    l10n = L10n()
    for key, variables in _messages(LOCALES / locale / "curator.ftl").items():
        text = l10n.get(locale, key, **{v: 3 for v in variables})
        assert text and "{" not in text, key
