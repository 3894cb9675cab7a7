"""The `rete` command as an operator meets it: help, and one clear line for bad settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0"


def rete(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_"))}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        env={**clean, **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_help_lists_the_subcommands(tmp_path: Path) -> None:
    result = rete("--help", env={}, cwd=tmp_path)
    assert result.returncode == 0
    for command in ("run", "sandbox", "backup"):
        assert command in result.stdout


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "TELEGRAM_BOT_TOKEN"),
        ({"TELEGRAM_BOT_TOKEN": "12:short"}, "TELEGRAM_BOT_TOKEN"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "DEFAULT_TIMEZONE": "Nowhere/City"}, "DEFAULT_TIMEZONE"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "DATABASE_PATH": "/proc/rete/x.sqlite3"}, "database"),
    ],
)
def test_bad_configuration_is_one_line_and_exit_2(
    tmp_path: Path, env: dict[str, str], expected: str
) -> None:
    result = rete(env=env, cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert expected in lines[0]
    assert "Traceback" not in result.stderr
    assert TOKEN not in result.stderr


def test_backup_without_a_database_says_so(tmp_path: Path) -> None:
    result = rete("backup", str(tmp_path / "copy.sqlite3"), env={}, cwd=tmp_path)
    assert result.returncode == 2
    assert "DATABASE_PATH" in result.stderr
