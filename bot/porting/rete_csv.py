"""Rete's own CSV (written by export.export_csv), read back without loss.

One column per ContactDraft field; dates are ISO. No cell holds a line break (a spreadsheet
shows them badly, and a row should stay a row):
- multi-valued cells (emails, phones, tags) separate values with "; ", and a value's own
  ";" is written "\\;", so a tag may contain commas and semicolons;
- notes write a line break as "\\n"; in both, a backslash is written "\\\\".
Exports made before this rule held one value per line, and notes with real line breaks: a
cell with a line break in it is read that older way.

Cells that a spreadsheet would run as a formula (=, +, -, @ first) are written behind an
apostrophe, and so is a cell that already starts with an apostrophe before one of those (or
before another apostrophe); exactly one apostrophe is removed here, so "'-Minus" comes
back as "'-Minus". An empty Source reads as None (exact round trip).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import date

from bot.porting.csv_common import Table, cell, find_header, header_key, read_table
from bot.porting.fields import RawEntry, collect
from bot.porting.model import ImportFormat, ParseResult
from bot.porting.vcard import split_unescaped, unescape

COLUMNS = (
    "Name",
    "Company",
    "Role",
    "Met on",
    "Met where",
    "Emails",
    "Phones",
    "Telegram",
    "LinkedIn",
    "Notes",
    "Tags",
    "Source",
)
FORMULA_GUARD = "'"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_KEYS = frozenset(header_key(c) for c in COLUMNS)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def matches_header(keys: frozenset[str]) -> bool:
    return keys == _KEYS


_GUARDED_STARTS = (*FORMULA_STARTS, FORMULA_GUARD)
VALUE_SEPARATOR = "; "


def guard(value: str) -> str:
    """The cell to write: behind an apostrophe when a spreadsheet would run it, or when
    reading it back would otherwise drop an apostrophe of its own."""
    if value.startswith(FORMULA_STARTS) or unguard(value) != value:
        return FORMULA_GUARD + value
    return value


def unguard(value: str) -> str:
    if value.startswith(FORMULA_GUARD) and value[1:].startswith(_GUARDED_STARTS):
        return value[1:]
    return value


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n")


def join_values(values: Sequence[str]) -> str:
    return VALUE_SEPARATOR.join(_escape(v).replace(";", "\\;") for v in values)


def split_values(cell_text: str) -> list[str]:
    if "\n" in cell_text or "\r" in cell_text:  # an export from before the one-line rule
        parts = cell_text.replace("\r\n", "\n").split("\n")
    else:
        parts = split_unescaped(cell_text, ";")
    return [part.strip() for part in parts if part.strip()]


def escape_text(value: str) -> str:
    """Free text (notes) on one line."""
    return _escape(value)


def unescape_text(cell_text: str) -> str:
    if "\n" in cell_text or "\r" in cell_text:  # an export from before the one-line rule
        return cell_text
    return unescape(cell_text)


def lines(value: str) -> list[str]:
    return split_values(unguard(value))


def parse(text: str, *, default_region: str = "IT") -> ParseResult:
    header = find_header(text, matches_header, first_only=True)
    if header is None:
        return ParseResult(ImportFormat.RETE_CSV)
    return parse_table(read_table(text, header), default_region=default_region)


def parse_table(table: Table, *, default_region: str = "IT") -> ParseResult:
    contacts, rejected = collect(_entries(table), default_region=default_region)
    return ParseResult(ImportFormat.RETE_CSV, contacts, rejected)


def _entries(table: Table) -> Iterator[RawEntry]:
    index = {name: table.column(name) for name in COLUMNS}

    def get(row: list[str], name: str) -> str:
        return unguard(cell(row, index[name]))

    for pos, row in table.records:
        met_on = get(row, "Met on").strip()
        yield RawEntry(
            position=pos,
            name=get(row, "Name"),
            company=get(row, "Company"),
            role=get(row, "Role"),
            met_on=date.fromisoformat(met_on) if _ISO_DATE.fullmatch(met_on) else None,
            met_where=get(row, "Met where"),
            emails=lines(cell(row, index["Emails"])),
            phones=lines(cell(row, index["Phones"])),
            telegram_username=get(row, "Telegram").strip().lstrip("@") or None,
            linkedin_url=get(row, "LinkedIn").strip() or None,
            notes=unescape_text(get(row, "Notes")),
            tags=lines(cell(row, index["Tags"])),
            source=get(row, "Source").strip() or None,
        )
