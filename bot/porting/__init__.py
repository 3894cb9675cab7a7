"""Import and export of contacts: pure parsing and serialising, no Telegram, no database.

Entry points: `parse_import` (bytes -> ParseResult | ImportFailure), `detect_format`,
`export_csv`, `export_vcf`. Results carry enums and positions; wording is the i18n layer's.
"""

from bot.porting.detect import detect_format
from bot.porting.export import export_csv, export_vcf
from bot.porting.importer import parse_import
from bot.porting.limits import MAX_BYTES, MAX_CONTACTS
from bot.porting.model import (
    FailureReason,
    ImportFailure,
    ImportFormat,
    ImportOutcome,
    ParseResult,
    Rejected,
    RejectReason,
)

__all__ = [
    "MAX_BYTES",
    "MAX_CONTACTS",
    "FailureReason",
    "ImportFailure",
    "ImportFormat",
    "ImportOutcome",
    "ParseResult",
    "RejectReason",
    "Rejected",
    "detect_format",
    "export_csv",
    "export_vcf",
    "parse_import",
]
