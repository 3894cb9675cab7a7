"""Backups taken while the database is being written are consistent and restorable.

Every write below inserts a contact and its reminder in one transaction, so a consistent
snapshot has exactly one reminder per contact: a torn copy would show it.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from bot.contacts.model import ContactDraft
from storage.backup import backup_database
from storage.contacts import ContactsRepo
from storage.db import Database
from storage.reminders import RemindersRepo
from storage.users import UsersRepo

DUE = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


async def make_user(db: Database, user_id: int) -> None:
    await UsersRepo(db).ensure(
        user_id, "it", default_timezone="Europe/Rome", default_followup_days=3
    )


async def write_forever(db: Database, user_id: int, stop: asyncio.Event) -> int:
    """Contact + reminder per transaction, until told to stop; returns how many."""
    contacts, reminders = ContactsRepo(db), RemindersRepo(db)
    written = 0
    while not stop.is_set():
        async with db.transaction():
            cid = await contacts.create(
                user_id, ContactDraft(name=f"Person {written}", notes="x" * 500)
            )
            await reminders.create(user_id, "followup", DUE, contact_id=cid)
        written += 1
        await asyncio.sleep(0)
    return written


def check_copy(path: Path) -> tuple[int, int]:
    """integrity_check passes; returns (contacts, reminders)."""
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        contacts = conn.execute("SELECT count(*) FROM contacts").fetchone()[0]
        reminders = conn.execute("SELECT count(*) FROM reminders").fetchone()[0]
        fts = conn.execute("SELECT count(*) FROM contacts_fts").fetchone()[0]
        assert fts == contacts
        return contacts, reminders
    finally:
        conn.close()


async def test_backups_under_load_from_the_same_and_another_connection(tmp_path: Path) -> None:
    live = tmp_path / "live.sqlite3"
    writer_db, other_db = Database(live), Database(live)
    await writer_db.open()
    await other_db.open()
    try:
        for user_id in (1, 2, 3):
            await make_user(writer_db, user_id)
        stop = asyncio.Event()
        writers = [
            asyncio.create_task(write_forever(writer_db, 1, stop)),
            asyncio.create_task(write_forever(writer_db, 2, stop)),
            asyncio.create_task(write_forever(other_db, 3, stop)),
        ]
        copies = []
        for round_ in range(4):
            await asyncio.sleep(0.05)
            # Through the bot's own connection (waits for its open transaction) ...
            same = tmp_path / f"same-{round_}.sqlite3"
            await writer_db.backup_to(same)
            # ... and through a connection of its own, as `rete backup` does.
            separate = tmp_path / f"separate-{round_}.sqlite3"
            await asyncio.to_thread(backup_database, live, separate)
            copies += [same, separate]
        stop.set()
        total = sum(await asyncio.gather(*writers))
    finally:
        await writer_db.close()
        await other_db.close()
    counts = [check_copy(copy) for copy in copies]
    assert all(contacts == reminders for contacts, reminders in counts)
    assert counts[-1][0] > 0
    assert all(contacts <= total for contacts, _ in counts)


async def test_rete_backup_end_to_end_while_the_bot_writes(tmp_path: Path) -> None:
    live = tmp_path / "rete.sqlite3"
    db = Database(live)
    await db.open()
    target = tmp_path / "backups" / "rete-2026-11-24.sqlite3"
    target.parent.mkdir()
    try:
        await make_user(db, 1)
        stop = asyncio.Event()
        writer = asyncio.create_task(write_forever(db, 1, stop))
        await asyncio.sleep(0.1)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_"))}
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "backup",
            str(target),
            env={**env, "DATABASE_PATH": str(live)},
            cwd=tmp_path,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await asyncio.wait_for(process.communicate(), timeout=60)
        stop.set()
        written = await writer
    finally:
        await db.close()
    assert process.returncode == 0, err.decode()
    assert out.decode().strip() == (
        f"rete: backup of {live} written to {target} (integrity check: ok)"
    )
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]  # no leftovers
    contacts, reminders = check_copy(target)
    assert 0 < contacts == reminders <= written

    # Restore as the README says: the bot stopped, the copy put in place, the bot started.
    restored = tmp_path / "restored" / "rete.sqlite3"
    restored.parent.mkdir()
    shutil.copyfile(target, restored)
    db = Database(restored)
    await db.open()
    try:
        assert await ContactsRepo(db).count(1) == contacts
        assert len(await ContactsRepo(db).search(1, "person")) > 0
    finally:
        await db.close()


def run_backup(tmp_path: Path, *args: str, database: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_"))}
    return subprocess.run(
        [sys.executable, "-m", "bot", "backup", *args],
        env={**env, "DATABASE_PATH": str(database)},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


async def test_rete_backup_refuses_to_overwrite_or_guess(tmp_path: Path) -> None:
    live = tmp_path / "rete.sqlite3"
    db = Database(live)
    await db.open()
    await db.close()
    existing = tmp_path / "old.sqlite3"
    existing.write_bytes(b"precious")
    result = run_backup(tmp_path, str(existing), database=live)
    assert result.returncode == 2
    assert result.stderr.strip() == f"rete: {existing} already exists: choose a new file"
    assert existing.read_bytes() == b"precious"
    missing_dir = tmp_path / "nowhere" / "copy.sqlite3"
    result = run_backup(tmp_path, str(missing_dir), database=live)
    assert result.returncode == 2
    assert result.stderr.strip() == f"rete: {missing_dir.parent} is not a directory"
    assert "Traceback" not in result.stderr
