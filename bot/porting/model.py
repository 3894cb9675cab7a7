"""Result types of the import layer: formats, reason codes, parse results.

Everything here is data for the /import and /export handlers; the i18n layer turns the
enums into sentences.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from bot.contacts.model import ContactDraft


class ImportFormat(StrEnum):
    VCARD = "vcard"
    LINKEDIN_CSV = "linkedin_csv"
    GOOGLE_CSV = "google_csv"
    OUTLOOK_CSV = "outlook_csv"
    RETE_CSV = "rete_csv"  # our own export (see export.py)
    GENERIC_CSV = "generic_csv"
    UNKNOWN = "unknown"
    BINARY = "binary"
    EMPTY = "empty"


class RejectReason(StrEnum):
    """Why an entry (card or row) or one of its values was not imported."""

    EMPTY_ROW = "empty_row"  # no name at all (e.g. LinkedIn hidden members)
    NO_NAME = "no_name"  # some data but nothing to call the person by
    UNREADABLE_CARD = "unreadable_card"  # a card never closed
    # Value-level: the contact is kept. `detail` is the value, or for CLIPPED and
    # TOO_MANY_VALUES the field (fields.ImportedField).
    INVALID_EMAIL = "invalid_email"
    INVALID_PHONE = "invalid_phone"  # no digits, or far too long to be a number
    CLIPPED = "clipped"  # longer than typed text may be: shortened, ending in "…"
    TOO_MANY_VALUES = "too_many_values"  # more e-mails, phones or tags than allowed: the first kept

    @property
    def drops_entry(self) -> bool:
        """True when the whole entry is missing from the contacts, False for one value."""
        return self in _DROPS_ENTRY


_DROPS_ENTRY = frozenset(
    {RejectReason.EMPTY_ROW, RejectReason.NO_NAME, RejectReason.UNREADABLE_CARD}
)


@dataclass(frozen=True, slots=True)
class Rejected:
    """position: 1-based card number (vCard) or record number as a spreadsheet shows it
    (CSV: the header and any preamble rows count, so "row 5" is row 5 in Excel)."""

    position: int
    reason: RejectReason
    detail: str = ""


@dataclass(slots=True)
class ParseResult:
    format: ImportFormat
    contacts: list[ContactDraft] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)


# The "format" of /export's complete JSON (bot.porting.json_export).
EXPORT_FORMAT = "rete-export"


class FailureReason(StrEnum):
    EMPTY = "empty"
    BINARY = "binary"
    TOO_LARGE = "too_large"
    TOO_MANY = "too_many"
    UNKNOWN_FORMAT = "unknown_format"
    UNKNOWN_COLUMNS = "unknown_columns"
    FIELD_TOO_LARGE = "field_too_large"  # one CSV cell over the csv module's 128 KiB
    UNCLOSED_QUOTE = "unclosed_quote"  # a CSV quote never closed: the rest would be one cell
    FULL_BACKUP = "full_backup"  # /export's JSON: everything, but not a contacts file


@dataclass(frozen=True, slots=True)
class ImportFailure:
    """Nothing was imported. `header` is set for UNKNOWN_COLUMNS; `limit`/`actual` for
    TOO_LARGE (bytes), TOO_MANY (entries) and FIELD_TOO_LARGE (characters); `position` (the
    row as a spreadsheet numbers it) for FIELD_TOO_LARGE and UNCLOSED_QUOTE."""

    reason: FailureReason
    format: ImportFormat
    header: tuple[str, ...] = ()
    limit: int | None = None
    actual: int | None = None
    position: int | None = None


ImportOutcome = ParseResult | ImportFailure
