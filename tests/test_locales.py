"""Locales: ru and en say the same things with the same variables, every key the code builds
exists, Russian plurals agree, and no user-facing text hides in code."""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import pytest
from fluent.syntax import FluentParser, ast
from fluent.syntax.visitor import Visitor

from bot import i18n
from bot.i18n import LOCALES_DIR, SUPPORTED, L10n
from questionnaires.engine import QUESTIONNAIRES

ROOT = Path(__file__).resolve().parent.parent
CYRILLIC = re.compile(r"[А-Яа-яЁё]")


class _Variables(Visitor):
    def __init__(self) -> None:
        self.names: set[str] = set()

    def visit_VariableReference(self, node: ast.VariableReference) -> None:
        self.names.add(node.id.name)


def parse_locale(locale: str) -> dict[str, set[str]]:
    """Every message (and attribute, as `key.attr`) of a locale with the variables it uses."""
    result: dict[str, set[str]] = {}
    parser = FluentParser()
    for path in sorted((LOCALES_DIR / locale).glob("*.ftl")):
        resource = parser.parse(path.read_text(encoding="utf-8"))
        junk = [e.content.strip().splitlines()[0] for e in resource.body if isinstance(e, ast.Junk)]
        assert not junk, f"{path.relative_to(ROOT)}: syntax errors at {junk}"
        for entry in resource.body:
            if not isinstance(entry, ast.Message | ast.Term):
                continue
            name = ("-" if isinstance(entry, ast.Term) else "") + entry.id.name
            assert name not in result, f"{locale}: {name} is defined twice"
            parts = [(name, entry.value)] + [(f"{name}.{a.id.name}", a.value) for a in entry.attributes]
            for key, pattern in parts:
                found = _Variables()
                if pattern is not None:
                    found.visit(pattern)
                result[key] = found.names
    return result


@pytest.fixture(scope="module")
def messages() -> dict[str, dict[str, set[str]]]:
    return {locale: parse_locale(locale) for locale in SUPPORTED}


def test_locales_have_the_same_keys(messages: dict[str, dict[str, set[str]]]) -> None:
    ru, en = set(messages["ru"]), set(messages["en"])
    assert sorted(ru - en) == [], "in ru, missing from en"
    assert sorted(en - ru) == [], "in en, missing from ru"


def test_locales_use_the_same_variables(messages: dict[str, dict[str, set[str]]]) -> None:
    differ = {
        key: (sorted(messages["ru"][key]), sorted(messages["en"][key]))
        for key in messages["ru"].keys() & messages["en"].keys()
        if messages["ru"][key] != messages["en"][key]
    }
    assert differ == {}, "key: (ru variables, en variables)"


def questionnaire_keys() -> set[str]:
    keys: set[str] = set()
    for name, questionnaire in QUESTIONNAIRES.items():
        keys.add(questionnaire.title_key)
        keys.add(f"qn-{name.replace('_', '-')}-intro")  # handlers/flow.py
        for question in questionnaire.questions:
            keys.add(question.text_key)
            if question.type in ("single", "multi"):
                keys.update(question.option_key(value) for value in question.options)
    return keys


@pytest.mark.parametrize("locale", SUPPORTED)
def test_questionnaire_texts_exist(locale: str) -> None:
    l10n = L10n()
    keys = questionnaire_keys()
    assert len(keys) > len(QUESTIONNAIRES) * 2
    assert sorted(k for k in keys if not l10n.has(locale, k)) == []


@pytest.mark.parametrize(
    ("length", "word"),
    [(1, "символ "), (2, "символа "), (5, "символов "), (11, "символов "), (21, "символ "), (24, "символа ")],
)
def test_russian_plurals(length: int, word: str) -> None:
    text = L10n().get("ru", "qa-error-too-long", length=length, limit=5)
    assert f"{length} {word}" in text


def code_files() -> list[Path]:
    return sorted(p for d in ("bot", "handlers", "db", "questionnaires") for p in (ROOT / d).rglob("*.py"))


def cyrillic_outside_comments(source: str) -> list[tuple[int, str]]:
    found = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type != tokenize.COMMENT and CYRILLIC.search(token.string):
            found.append((token.start[0], token.string.strip()[:60]))
    return found


def test_cyrillic_detector() -> None:
    assert cyrillic_outside_comments('x = 1  # Привет\n') == []
    assert cyrillic_outside_comments('x = "Привет"\n') == [(1, '"Привет"')]
    assert cyrillic_outside_comments('def f():\n    """Док"""\n') == [(2, '"""Док"""')]


def test_no_user_facing_text_in_code() -> None:
    """Texts live in locales/: code (docstrings included) may say Russian words only in comments."""
    files = code_files()
    assert len(files) > 10
    found = {
        str(path.relative_to(ROOT)): hits
        for path in files
        if (hits := cyrillic_outside_comments(path.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_parsed_catalogues_are_kept_and_an_edited_one_is_read_again(tmp_path: Path) -> None:
    locales = tmp_path / "locales"
    for locale in SUPPORTED:
        (locales / locale).mkdir(parents=True)
        (locales / locale / "a.ftl").write_text("hello = Здравствуйте, { $name }!\n", encoding="utf-8")
    assert L10n(locales).get("ru", "hello", name="Аня") == "Здравствуйте, Аня!"
    kept = sorted(p.name for p in (locales / "__pycache__").iterdir())
    assert [name.split("-")[0] for name in kept] == ["ru"]  # English not needed yet: not parsed

    (locales / "ru" / "a.ftl").write_text("hello = Добрый день, { $name }!\n", encoding="utf-8")
    assert L10n(locales).get("ru", "hello", name="Аня") == "Добрый день, Аня!"
    assert [p.name for p in (locales / "__pycache__").glob("ru-*")] != kept[:1]  # the old one replaced

    for cache in (locales / "__pycache__").glob("ru-*"):
        cache.write_bytes(b"not a pickle")
    i18n._catalogue.cache_clear()  # as a new process: from the file
    l10n = L10n(locales)
    assert l10n.get("ru", "hello", name="Аня") == "Добрый день, Аня!"  # a broken cache is parsed again
    assert l10n.get("en", "hello", name="Ann") == "Здравствуйте, Ann!"
    assert (locales / "__pycache__" / next(p.name for p in (locales / "__pycache__").glob("ru-*"))).read_bytes() != b"not a pickle"
