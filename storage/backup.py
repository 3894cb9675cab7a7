"""`rete backup`: a consistent, verified copy of the live database, from another process.

SQLite's online backup API copies the file in one step inside one read transaction, so the
copy is a snapshot even while the bot writes (WAL mode lets the bot keep writing meanwhile).
The source is opened with a plain connection and never migrated: backing up must not change
the live database. The copy is written beside the target under a temporary name, switched
to a single-file journal, checked with `PRAGMA integrity_check`, then renamed into place, so
PATH is either a complete, verified backup or absent.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path


class BackupError(Exception):
    pass


def backup_database(source: Path, target: Path, *, busy_timeout: float = 30.0) -> None:
    partial = target.with_name(target.name + ".partial")
    try:
        with closing(sqlite3.connect(source, timeout=busy_timeout)) as live:
            with closing(sqlite3.connect(partial)) as copy:
                live.backup(copy)
                copy.execute("PRAGMA journal_mode=DELETE")
                result = copy.execute("PRAGMA integrity_check").fetchone()[0]
            if result != "ok":
                raise BackupError(f"the copy failed its integrity check: {result}")
        os.replace(partial, target)
    except sqlite3.Error as exc:
        raise BackupError(str(exc)) from None
    finally:
        partial.unlink(missing_ok=True)
