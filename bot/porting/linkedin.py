"""LinkedIn `Connections.csv` (Settings > Data privacy > Get a copy of your data).

Shapes seen in the wild, all handled: with the "Notes:" preamble (the header is found by
scanning for "First Name") or without; with or without the "URL" and "Email Address"
columns (LinkedIn only exports e-mails of members who allow it); "Connected On" as
"09 Oct 2024", "6-Feb-26", "1/8/18, 6:14 PM" (month first) or ISO. Rows of members who hide
their profile come with empty first and last names: they are Rejected(EMPTY_ROW).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from bot.porting.csv_common import Table, cell, find_header, parse_date, read_table
from bot.porting.fields import RawEntry, collect
from bot.porting.model import ImportFormat, ParseResult, RejectReason

SOURCE = "linkedin"
MET_WHERE = "LinkedIn"


def matches_header(keys: frozenset[str]) -> bool:
    return (
        {"first name", "last name"} <= keys
        and bool(keys & {"connected on", "position"})
        and "e-mail 1 - value" not in keys
        and "job title" not in keys
    )


def parse(text: str, *, default_region: str = "IT", today: date) -> ParseResult:
    header = find_header(text, matches_header)
    if header is None:
        return ParseResult(ImportFormat.LINKEDIN_CSV)
    return parse_table(read_table(text, header), default_region=default_region, today=today)


def parse_table(table: Table, *, default_region: str = "IT", today: date) -> ParseResult:
    contacts, rejected = collect(
        _entries(table, today), default_region=default_region, empty_reason=RejectReason.EMPTY_ROW
    )
    return ParseResult(ImportFormat.LINKEDIN_CSV, contacts, rejected)


def _entries(table: Table, today: date) -> Iterator[RawEntry]:
    first = table.column("First Name")
    last = table.column("Last Name")
    url = table.column("URL", "Profile URL")
    email = table.column("Email Address", "E-mail Address")
    company = table.column("Company")
    position = table.column("Position")
    connected = table.column("Connected On")
    for pos, row in table.records:
        name = f"{cell(row, first).strip()} {cell(row, last).strip()}"
        raw_email = cell(row, email)
        yield RawEntry(
            position=pos,
            name=name,
            company=cell(row, company),
            role=cell(row, position),
            met_on=parse_date(cell(row, connected), today),
            met_where=MET_WHERE,
            emails=[raw_email] if raw_email.strip() else [],
            linkedin_url=cell(row, url),
            source=SOURCE,
            has_other_data=True,
        )
