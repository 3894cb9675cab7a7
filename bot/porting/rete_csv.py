"""Rete's own CSV (written by export.export_csv), read back without loss.

One column per ContactDraft field. Multi-valued cells (emails, phones, tags) hold one value
per line, so a tag may contain commas and semicolons; dates are ISO. Cells that a
spreadsheet would run as a formula (=, +, -, @ first) are written behind an apostrophe and
the apostrophe is removed here. An empty Source reads as None (exact round trip).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from bot.porting.csv_common import Table, cell, find_header, header_key, read_table
from bot.porting.fields import RawEntry, collect
from bot.porting.model import ImportFormat, ParseResult

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


def unguard(value: str) -> str:
    if value.startswith(FORMULA_GUARD) and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def lines(value: str) -> list[str]:
    return [part for part in unguard(value).replace("\r\n", "\n").split("\n") if part.strip()]


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
            notes=get(row, "Notes"),
            tags=lines(cell(row, index["Tags"])),
            source=get(row, "Source").strip() or None,
        )
