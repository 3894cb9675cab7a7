"""The single entry point of the /import handler: bytes in, contacts or a reason out."""

from __future__ import annotations

from datetime import date

from bot.porting import generic_csv, google, linkedin, outlook, rete_csv, vcard, vcard_text
from bot.porting.csv_common import FIELD_LIMIT, TableError, read_table
from bot.porting.detect import detect
from bot.porting.limits import check_count, check_size
from bot.porting.model import (
    EXPORT_FORMAT,
    FailureReason,
    ImportFailure,
    ImportFormat,
    ImportOutcome,
)

_FAILURES = {
    ImportFormat.EMPTY: FailureReason.EMPTY,
    ImportFormat.BINARY: FailureReason.BINARY,
    ImportFormat.UNKNOWN: FailureReason.UNKNOWN_FORMAT,
}


def is_full_backup(data: bytes) -> bool:
    """/export's complete JSON (bot.porting.json_export), sent back as if it were contacts."""
    head = data[:200].lstrip(b"\xef\xbb\xbf \r\n\t")
    return head.startswith(b"{") and f'"format": "{EXPORT_FORMAT}"'.encode() in head


def parse_import(data: bytes, *, default_region: str = "IT", today: date) -> ImportOutcome:
    """Detect, check the limits, then parse. `today` resolves two-digit years."""
    too_large = check_size(data)
    if too_large is not None:
        return too_large
    if is_full_backup(data):
        return ImportFailure(FailureReason.FULL_BACKUP, ImportFormat.UNKNOWN)
    found = detect(data)
    if found.format in _FAILURES or found.text is None:
        return ImportFailure(_FAILURES.get(found.format, FailureReason.BINARY), found.format)
    if found.format is ImportFormat.VCARD:
        too_many = check_count(vcard.count_cards(found.text), found.format)
        return too_many or vcard.parse(vcard_text.decode(data), default_region=default_region)
    assert found.header is not None  # every CSV format comes with its header
    if found.format is ImportFormat.GENERIC_CSV:
        # Refuse unusable columns before reading the whole file.
        unusable = generic_csv.unknown_columns(found.header)
        if unusable is not None:
            return unusable
    try:
        table = read_table(found.text, found.header)
    except TableError as error:
        limit = FIELD_LIMIT if error.reason is FailureReason.FIELD_TOO_LARGE else None
        return ImportFailure(error.reason, found.format, limit=limit, position=error.position)
    too_many = check_count(len(table.records), found.format)
    if too_many is not None:
        return too_many
    match found.format:
        case ImportFormat.LINKEDIN_CSV:
            return linkedin.parse_table(table, default_region=default_region, today=today)
        case ImportFormat.GOOGLE_CSV:
            return google.parse_table(table, default_region=default_region)
        case ImportFormat.OUTLOOK_CSV:
            return outlook.parse_table(table, default_region=default_region)
        case ImportFormat.RETE_CSV:
            return rete_csv.parse_table(table, default_region=default_region)
        case _:
            return generic_csv.parse_table(table, default_region=default_region)
