"""`rete run` that cannot start says why in one line, exits with 2, destroys nothing and never
shows the token: a refused token, an unreachable Bot API, a database damaged mid-file."""

from __future__ import annotations

import asyncio
import hashlib
import os
import socket
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.contacts.model import ContactDraft
from bot.sandbox import BotApiEmulator
from storage.contacts import ContactsRepo
from storage.db import Database
from storage.users import UsersRepo
from tests.worker_process import child_env

# A token of BotFather's shape that the emulator does not know: it answers 401 to it.
TOKEN = "7012345678:AAF3kq9Zx_Vb7nYtLr2pQw8sDe5fGh1jK0m"
SECRET = TOKEN.split(":", 1)[1]
RETE = str(Path(sys.executable).with_name("rete"))


def fragments(secret: str, size: int = 8) -> Iterator[str]:
    return (secret[i : i + size] for i in range(len(secret) - size + 1))


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def healthy_database(path: Path) -> None:
    """A database the bot wrote, with enough contacts to span a few dozen pages."""
    db = Database(path)
    await db.open()
    try:
        await UsersRepo(db).ensure(
            2002, "en", default_timezone="Europe/Rome", default_followup_days=3
        )
        contacts = ContactsRepo(db)
        for n in range(150):
            await contacts.create(2002, ContactDraft(name=f"Contact {n}", notes="met at " * 60))
    finally:
        await db.close()


def damage_the_middle(path: Path) -> None:
    """Overwrite two whole pages in the middle of the file, as a bad disk sector would."""
    data = bytearray(path.read_bytes())
    page = 4096
    middle = (len(data) // page // 2) * page
    data[middle : middle + 2 * page] = bytes(range(256)) * (2 * page // 256)
    path.write_bytes(bytes(data))


@dataclass
class Result:
    returncode: int | None
    stdout: str
    stderr: str


async def run_rete(cwd: Path, **settings: str) -> Result:
    """`rete run` in a child process; the emulator keeps serving in this loop meanwhile."""
    process = await asyncio.create_subprocess_exec(
        RETE,
        "run",
        env=child_env(**settings),
        cwd=cwd,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        out, err = await asyncio.wait_for(process.communicate(), 60)
    except TimeoutError:
        process.kill()
        out, err = await process.communicate()
    return Result(process.returncode, out.decode(), err.decode())


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    ("failure", "level"),
    [
        ("refused token", "INFO"),
        ("unreachable API", "INFO"),
        ("damaged database", "INFO"),
        # The most talkative level adds PTB's debug lines, never the token.
        ("refused token", "DEBUG"),
    ],
)
async def test_a_failed_start_is_one_line_exit_2_and_changes_nothing(
    emu: BotApiEmulator, tmp_path: Path, failure: str, level: str
) -> None:
    database = tmp_path / "rete.sqlite3"
    await healthy_database(database)
    settings = {
        "telegram_bot_token": TOKEN,
        "telegram_base_url": emu.base_url,
        "database_path": str(database),
        "log_level": level,
    }
    if failure == "unreachable API":
        settings["telegram_base_url"] = f"http://127.0.0.1:{closed_port()}/bot"
        expected = "cannot reach the Bot API at http://127.0.0.1:"
    elif failure == "damaged database":
        damage_the_middle(database)
        settings["telegram_bot_token"] = emu.token  # the token is fine this time
        expected = f"database {database} is damaged"
    else:
        expected = "the Bot API refused TELEGRAM_BOT_TOKEN (401 Unauthorized)"
    before = digest(database)

    result = await run_rete(tmp_path, **settings)

    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 or level == "DEBUG", result.stderr
    assert lines[-1].startswith(f"rete: {expected}"), result.stderr
    assert "Traceback" not in output
    assert not [piece for piece in fragments(SECRET) if piece in output], output
    assert TOKEN not in output
    assert digest(database) == before, "the database file changed"
    assert os.listdir(tmp_path) == ["rete.sqlite3"], "files were left beside it"
    if failure == "refused token":
        assert emu.served("getMe", status=401), "the emulator was never asked: nothing proven"
