"""Size limits of an import, checked before any parsing work is done.

The entry count (vCards, or CSV records after the header) is measured before the contacts
are built, so a file over the limit costs one cheap scan and nothing is parsed past it.
"""

from __future__ import annotations

from bot.porting.model import FailureReason, ImportFailure, ImportFormat

MAX_BYTES = 5 * 1024 * 1024
MAX_CONTACTS = 10_000


def check_size(data: bytes) -> ImportFailure | None:
    if len(data) > MAX_BYTES:
        return ImportFailure(
            FailureReason.TOO_LARGE, ImportFormat.UNKNOWN, limit=MAX_BYTES, actual=len(data)
        )
    return None


def check_count(entries: int, fmt: ImportFormat) -> ImportFailure | None:
    if entries > MAX_CONTACTS:
        return ImportFailure(FailureReason.TOO_MANY, fmt, limit=MAX_CONTACTS, actual=entries)
    return None
