"""Which kind of contacts file this is, judged from its content (never its name).

Order matters: a vCard anywhere in the first 4 KB wins; then our own export, then
LinkedIn (whose header may sit below a "Notes:" preamble), Google, Outlook, and finally
any CSV-looking first line (GENERIC_CSV; whether its columns are usable is decided by the
generic parser).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.porting import generic_csv, google, linkedin, outlook, rete_csv, vcard
from bot.porting.csv_common import HeaderLine, HeaderMatch, decode_text, find_header
from bot.porting.model import ImportFormat

_CSV_FORMATS: tuple[tuple[ImportFormat, HeaderMatch, bool], ...] = (
    # (format, header predicate, header must be the first non-blank line)
    (ImportFormat.RETE_CSV, rete_csv.matches_header, True),
    (ImportFormat.LINKEDIN_CSV, linkedin.matches_header, False),
    (ImportFormat.GOOGLE_CSV, google.matches_header, True),
    (ImportFormat.OUTLOOK_CSV, outlook.matches_header, True),
    (ImportFormat.GENERIC_CSV, generic_csv.matches_header, True),
)


@dataclass(frozen=True, slots=True)
class Detection:
    format: ImportFormat
    text: str | None = None  # the decoded text, for anything that is text
    header: HeaderLine | None = None  # for the CSV formats


def detect(data: bytes) -> Detection:
    if not data.strip():
        return Detection(ImportFormat.EMPTY)
    text = decode_text(data)
    if text is None:
        return Detection(ImportFormat.BINARY)
    if not text.strip():
        return Detection(ImportFormat.EMPTY, text)
    if vcard.looks_like_vcard(text):
        return Detection(ImportFormat.VCARD, text)
    for fmt, matches, first_only in _CSV_FORMATS:
        header = find_header(text, matches, first_only=first_only)
        if header is not None:
            return Detection(fmt, text, header)
    return Detection(ImportFormat.UNKNOWN, text)


def detect_format(data: bytes) -> ImportFormat:
    return detect(data).format
