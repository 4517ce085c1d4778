"""`python -m bot` refuses to start with one clear line on stderr, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import TEST_TOKEN

ROOT = Path(__file__).resolve().parent.parent
SETTINGS_VARS = (
    "BOT_TOKEN",
    "CURATOR_IDS",
    "DATABASE_URL",
    "REDIS_URL",
    "TIMEZONE",
    "DEFAULT_LOCALE",
    "TELEGRAM_API_URL",
    "SCHOOL_NAME",
    "CONSENT_VERSION",
    "MAX_TEXT_LENGTH",
)


def run_bot(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Runs the bot from an empty directory (no .env), with only the given settings."""
    clean = {k: v for k, v in os.environ.items() if k.upper() not in SETTINGS_VARS}
    clean["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-m", "bot"],
        cwd=tmp_path,
        env=clean,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    return lines[0]


def test_missing_token(tmp_path: Path) -> None:
    line = one_error_line(run_bot(tmp_path))
    assert "BOT_TOKEN" in line and "required" in line


def test_empty_token_in_env_file(tmp_path: Path) -> None:
    """.env.example copied to .env and not filled in."""
    (tmp_path / ".env").write_text((ROOT / ".env.example").read_text(encoding="utf-8"), encoding="utf-8")
    line = one_error_line(run_bot(tmp_path))
    assert "BOT_TOKEN" in line and "required" in line
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize("token", ["bad", "123456789", "123:short", "abc:AAH-test-token-for-the-fake-api-00000"])
def test_malformed_token(tmp_path: Path, token: str) -> None:
    line = one_error_line(run_bot(tmp_path, BOT_TOKEN=token))
    assert "BOT_TOKEN" in line and "@BotFather" in line
    assert line.count("BOT_TOKEN") == 1


def test_unknown_timezone(tmp_path: Path) -> None:
    line = one_error_line(run_bot(tmp_path, BOT_TOKEN=TEST_TOKEN, TIMEZONE="Europe/Moskva"))
    assert "TIMEZONE" in line and "Europe/Moskva" in line


def test_bad_curator_ids(tmp_path: Path) -> None:
    line = one_error_line(run_bot(tmp_path, BOT_TOKEN=TEST_TOKEN, CURATOR_IDS="100, Olga"))
    assert "CURATOR_IDS" in line


def test_several_problems_in_one_line(tmp_path: Path) -> None:
    line = one_error_line(run_bot(tmp_path, BOT_TOKEN="bad", TIMEZONE="Nowhere"))
    assert "BOT_TOKEN" in line and "TIMEZONE" in line


def test_unreachable_database(tmp_path: Path) -> None:
    result = run_bot(tmp_path, BOT_TOKEN=TEST_TOKEN, DATABASE_URL="postgresql+asyncpg://postgres@127.0.0.1:1/x")
    line = one_error_line(result)
    assert "DATABASE_URL" in line and "127.0.0.1" in line


def test_unparsable_database_url(tmp_path: Path) -> None:
    line = one_error_line(run_bot(tmp_path, BOT_TOKEN=TEST_TOKEN, DATABASE_URL="not a url"))
    assert "DATABASE_URL" in line


def test_unreachable_telegram(tmp_path: Path) -> None:
    """Settings and the database are fine (the default SQLite file in ./data), the Bot API is not."""
    result = run_bot(tmp_path, BOT_TOKEN=TEST_TOKEN, TELEGRAM_API_URL="http://127.0.0.1:1")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr and "Unclosed" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and "Telegram Bot API" in errors[0], result.stderr
    assert (tmp_path / "data" / "bot.sqlite3").exists()
