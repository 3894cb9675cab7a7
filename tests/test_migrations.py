"""Migrations: from empty, re-run, and from the previous version, never wiping data."""

from __future__ import annotations

from pathlib import Path

import aiosqlite
import pytest

from storage import migrations
from storage.contacts import ContactsRepo
from storage.db import Database, StorageError, configure
from storage.migrations import (
    Migration,
    applied_versions,
    apply_migrations,
    available_migrations,
)


async def test_from_empty_applies_every_migration_once(tmp_path: Path) -> None:
    db = Database(tmp_path / "rete.sqlite3")
    await db.open()
    try:
        versions = await applied_versions(db.connection)
        assert versions == {m.version for m in available_migrations()}
        assert await db.fetchval("PRAGMA foreign_keys") == 1
        assert await db.fetchval("PRAGMA journal_mode") == "wal"
    finally:
        await db.close()


async def test_rerun_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "rete.sqlite3"
    for _ in range(2):
        db = Database(path)
        await db.open()
        await db.close()
    async with aiosqlite.connect(path) as conn:
        assert await apply_migrations(conn) == []
        async with conn.execute("SELECT count(*) FROM schema_migrations") as cursor:
            row = await cursor.fetchone()
    assert row is not None
    assert row[0] == len(available_migrations())


async def test_upgrade_from_the_first_version_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    first = available_migrations()[0].version
    async with aiosqlite.connect(path) as conn:
        await apply_migrations(conn, up_to=first)
        await conn.execute("INSERT INTO users(id) VALUES (42)")
        await conn.execute("INSERT INTO contacts(owner_id, name) VALUES (42, 'Maria Rossi')")
        await conn.commit()
    db = Database(path)
    await db.open()
    try:
        assert await applied_versions(db.connection) == {m.version for m in available_migrations()}
        assert await db.fetchval("SELECT name FROM contacts WHERE owner_id = 42") == "Maria Rossi"
        # The search index was rebuilt for rows written before it changed shape.
        found = await ContactsRepo(db).search(42, "ross")
        assert [c.name for c in found] == ["Maria Rossi"]
    finally:
        await db.close()


async def test_a_failing_migration_leaves_the_database_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = available_migrations()
    broken = Migration(9999, "broken", "CREATE TABLE half(x); SELECT * FROM no_such_table;")
    monkeypatch.setattr(migrations, "available_migrations", lambda: [*good, broken])
    async with aiosqlite.connect(tmp_path / "x.sqlite3", isolation_level=None) as conn:
        await configure(conn)
        with pytest.raises(aiosqlite.OperationalError, match="no_such_table"):
            await apply_migrations(conn)
        async with conn.execute("SELECT name FROM sqlite_master WHERE name = 'half'") as cur:
            assert await cur.fetchone() is None
        assert await applied_versions(conn) == {m.version for m in good}


async def test_an_unwritable_path_is_a_storage_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(StorageError):
        await Database(blocker / "sub" / "rete.sqlite3").open()
