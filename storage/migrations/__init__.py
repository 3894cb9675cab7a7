"""Versioned schema migrations: `NNNN_name.sql` files applied in order, each recorded once.

Each file runs inside one transaction together with its record, so a failed migration leaves
the database as it was. Numbers may have gaps (features add theirs independently).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

import aiosqlite

_FILE_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


def available_migrations() -> list[Migration]:
    found = []
    for entry in resources.files(__package__).iterdir():
        match = _FILE_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        raise RuntimeError(f"two migrations share a version number: {versions}")
    return found


async def applied_versions(conn: aiosqlite.Connection) -> set[int]:
    await conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
        " applied_at TEXT NOT NULL DEFAULT (datetime('now')))"
    )
    async with conn.execute("SELECT version FROM schema_migrations") as cursor:
        return {int(row[0]) for row in await cursor.fetchall()}


async def apply_migrations(conn: aiosqlite.Connection, *, up_to: int | None = None) -> list[int]:
    """Apply every migration not yet recorded (up to `up_to`, for tests); return those applied."""
    done = await applied_versions(conn)
    applied = []
    for migration in available_migrations():
        if migration.version in done or (up_to is not None and migration.version > up_to):
            continue
        script = (
            "BEGIN IMMEDIATE;\n"
            f"{migration.sql}\n;"
            f"INSERT INTO schema_migrations(version, name) "
            f"VALUES ({migration.version}, '{migration.name}');\n"
            "COMMIT;"
        )
        try:
            await conn.executescript(script)
        except Exception:
            if conn.in_transaction:
                await conn.execute("ROLLBACK")
            raise
        applied.append(migration.version)
    return applied
