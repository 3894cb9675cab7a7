"""Any other CSV whose columns we can name: name/nome (or first/last, nome/cognome),
email, phone/telefono, company/azienda, role/ruolo, notes/note, tags. Multi-valued cells
may separate values with ",", ";" or line breaks, and every e-mail and phone column is
read (Thunderbird's export has "Primary Email", "Secondary Email", "Work Phone", "Home
Phone", "Mobile Number" and a "Display Name"). Without a name column the file is refused
with UNKNOWN_COLUMNS and the header found, so the user can rename columns.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.porting.csv_common import HeaderLine, Table, cell, find_header, read_table
from bot.porting.fields import RawEntry, collect
from bot.porting.model import FailureReason, ImportFailure, ImportFormat, ParseResult

SOURCE = "csv"
NAME = (
    "name",
    "full name",
    "display name",
    "nome e cognome",
    "nominativo",
    "contatto",
    "contact",
)
FIRST = ("first name", "given name", "nome", "firstname")
LAST = ("last name", "family name", "surname", "cognome", "lastname")
EMAIL = (
    "email",
    "e-mail",
    "mail",
    "email address",
    "indirizzo email",
    "emails",
    "primary email",
    "secondary email",
)
PHONE = (
    "phone",
    "telefono",
    "tel",
    "cellulare",
    "mobile",
    "phones",
    "telephone",
    "numero",
    "mobile number",
    "work phone",
    "home phone",
)
COMPANY = ("company", "azienda", "società", "organization", "organizzazione", "ditta")
ROLE = ("role", "ruolo", "title", "job title", "position", "posizione", "qualifica")
NOTES = ("notes", "note", "comments", "commenti")
TAGS = ("tags", "tag", "etichette", "categorie", "categories", "labels")
LINKEDIN = ("linkedin", "linkedin url", "profilo linkedin")
TELEGRAM = ("telegram", "telegram username")
_SPLIT = re.compile(r"[,;\n]")


def matches_header(keys: frozenset[str]) -> bool:
    """Any CSV-looking first line: two or more cells, or one known name column."""
    return len(keys) >= 2 or bool(keys & set(NAME + FIRST))


def parse(text: str, *, default_region: str = "IT") -> ParseResult | ImportFailure:
    header = find_header(text, matches_header, first_only=True)
    if header is None:
        return ImportFailure(FailureReason.UNKNOWN_FORMAT, ImportFormat.UNKNOWN)
    return parse_table(read_table(text, header), default_region=default_region)


def unknown_columns(header: HeaderLine | Table) -> ImportFailure | None:
    """The failure to return when no column can give a name, else None."""
    table = Table(tuple(header.cells), []) if isinstance(header, HeaderLine) else header
    if table.column(*NAME) is None and table.column(*FIRST) is None:
        return ImportFailure(
            FailureReason.UNKNOWN_COLUMNS, ImportFormat.GENERIC_CSV, header=table.header
        )
    return None


def parse_table(table: Table, *, default_region: str = "IT") -> ParseResult | ImportFailure:
    failure = unknown_columns(table)
    if failure is not None:
        return failure
    contacts, rejected = collect(_entries(table), default_region=default_region)
    return ParseResult(ImportFormat.GENERIC_CSV, contacts, rejected)


def _split(value: str) -> list[str]:
    return [part.strip() for part in _SPLIT.split(value) if part.strip()]


def _entries(table: Table) -> Iterator[RawEntry]:
    full, first, last = table.column(*NAME), table.column(*FIRST), table.column(*LAST)
    emails, phones = table.columns(*EMAIL), table.columns(*PHONE)
    company, role = table.column(*COMPANY), table.column(*ROLE)
    notes, tags = table.column(*NOTES), table.column(*TAGS)
    linkedin, telegram = table.column(*LINKEDIN), table.column(*TELEGRAM)
    for pos, row in table.records:
        name = cell(row, full).strip() or f"{cell(row, first).strip()} {cell(row, last).strip()}"
        yield RawEntry(
            position=pos,
            name=name,
            company=cell(row, company),
            role=cell(row, role),
            emails=[e for i in emails for e in _split(cell(row, i))],
            phones=[p for i in phones for p in _split(cell(row, i))],
            linkedin_url=cell(row, linkedin),  # fields.build_draft normalises both
            telegram_username=cell(row, telegram),
            notes=cell(row, notes),
            tags=_split(cell(row, tags)),
            source=SOURCE,
        )
