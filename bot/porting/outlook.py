"""Outlook CSV export (Outlook.com / Outlook desktop "Comma Separated Values").

Outlook writes a UTF-8 BOM (decoded in csv_common) and fixed English column names:
"First Name", "Middle Name", "Last Name", "E-mail Address", "E-mail 2 Address",
"E-mail 3 Address", "Mobile Phone", "Business Phone", "Home Phone", "Company",
"Job Title", "Web Page", "Notes", "Categories" (separated by ";").
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.porting.csv_common import Table, cell, find_header, read_table
from bot.porting.fields import RawEntry, collect
from bot.porting.model import ImportFormat, ParseResult

SOURCE = "outlook"
_EMAILS = ("E-mail Address", "E-mail 2 Address", "E-mail 3 Address")
_PHONES = (
    "Mobile Phone",
    "Business Phone",
    "Business Phone 2",
    "Home Phone",
    "Home Phone 2",
    "Primary Phone",
    "Other Phone",
)


def matches_header(keys: frozenset[str]) -> bool:
    return "e-mail address" in keys or ({"first name", "job title", "mobile phone"} <= keys)


def parse(text: str, *, default_region: str = "IT") -> ParseResult:
    header = find_header(text, matches_header, first_only=True)
    if header is None:
        return ParseResult(ImportFormat.OUTLOOK_CSV)
    return parse_table(read_table(text, header), default_region=default_region)


def parse_table(table: Table, *, default_region: str = "IT") -> ParseResult:
    contacts, rejected = collect(_entries(table), default_region=default_region)
    return ParseResult(ImportFormat.OUTLOOK_CSV, contacts, rejected)


def _entries(table: Table) -> Iterator[RawEntry]:
    # "Title" and "Suffix" are honorifics (Dott., Jr.): not part of the name we search by.
    parts = [table.column(c) for c in ("First Name", "Middle Name", "Last Name")]
    emails = [table.column(c) for c in _EMAILS]
    phones = [table.column(c) for c in _PHONES]
    company = table.column("Company")
    title = table.column("Job Title")
    web = table.column("Web Page")
    notes = table.column("Notes")
    categories = table.column("Categories")
    for pos, row in table.records:
        yield RawEntry(
            position=pos,
            name=" ".join(cell(row, i).strip() for i in parts),
            company=cell(row, company),
            role=cell(row, title),
            emails=[cell(row, i) for i in emails],
            phones=[cell(row, i) for i in phones],
            linkedin_url=cell(row, web),
            notes=cell(row, notes),
            tags=[t for t in cell(row, categories).split(";") if t.strip()],
            source=SOURCE,
        )
