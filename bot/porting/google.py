"""Google Contacts CSV ("Google CSV" export), current and legacy layouts.

Current (2023-): "First Name", "Middle Name", "Last Name", "Organization Name",
"Organization Title", "Labels", "E-mail 1 - Value", "Phone 1 - Value", "Website 1 - Value".
Legacy: "Name", "Given Name", "Family Name", "Organization 1 - Name",
"Organization 1 - Title", "Group Membership", same numbered e-mail/phone/website columns.
A cell may hold several values separated by " ::: ". System labels ("* myContacts",
"System Group: My Contacts") are not tags; other "* " labels ("* starred") lose the star.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.contacts.normalise import linkedin_profile, telegram_username
from bot.porting.csv_common import Table, cell, find_header, read_table
from bot.porting.fields import RawEntry, collect
from bot.porting.model import ImportFormat, ParseResult

SOURCE = "google"
MULTI_SEPARATOR = " ::: "
_SYSTEM_LABELS = {"mycontacts", "my contacts", "system group: my contacts"}
_NUMBERED = re.compile(r"^(e-mail|phone|website) \d+ - value$")


def matches_header(keys: frozenset[str]) -> bool:
    return bool(keys & {"e-mail 1 - value", "group membership", "organization 1 - name"}) or (
        {"first name", "labels"} <= keys
    )


def parse(text: str, *, default_region: str = "IT") -> ParseResult:
    header = find_header(text, matches_header, first_only=True)
    if header is None:
        return ParseResult(ImportFormat.GOOGLE_CSV)
    return parse_table(read_table(text, header), default_region=default_region)


def parse_table(table: Table, *, default_region: str = "IT") -> ParseResult:
    contacts, rejected = collect(_entries(table), default_region=default_region)
    return ParseResult(ImportFormat.GOOGLE_CSV, contacts, rejected)


def split_multi(value: str) -> list[str]:
    return [part.strip() for part in value.split(":::") if part.strip()]


def is_system_label(label: str) -> bool:
    """Google's own groups ("* myContacts", "My Contacts"), also in Android's vCards."""
    bare = label.removeprefix("*").strip()
    return bare.casefold() in _SYSTEM_LABELS or label.casefold() in _SYSTEM_LABELS


def label_tags(value: str) -> list[str]:
    return [
        label.removeprefix("*").strip()
        for label in split_multi(value)
        if not is_system_label(label)
    ]


def _entries(table: Table) -> Iterator[RawEntry]:
    keys = [" ".join(h.split()).casefold() for h in table.header]
    numbered: dict[str, list[int]] = {"e-mail": [], "phone": [], "website": []}
    for index, key in enumerate(keys):
        if m := _NUMBERED.match(key):
            numbered[m[1]].append(index)
    full = table.column("Name")
    parts = [  # prefixes and suffixes (Dott., Jr.) are left out of the name
        table.column("First Name", "Given Name"),
        table.column("Middle Name", "Additional Name"),
        table.column("Last Name", "Family Name"),
    ]
    company = table.column("Organization Name", "Organization 1 - Name")
    title = table.column("Organization Title", "Organization 1 - Title")
    labels = table.column("Labels", "Group Membership")
    notes = table.column("Notes")
    for pos, row in table.records:
        name = cell(row, full).strip() or " ".join(cell(row, i).strip() for i in parts)
        websites = [w for i in numbered["website"] for w in split_multi(cell(row, i))]
        linkedin = next((u for u in map(linkedin_profile, websites) if u), None)
        telegram = next((telegram_username(w) for w in websites if "t.me/" in w.casefold()), None)
        yield RawEntry(
            position=pos,
            name=name,
            company=cell(row, company),
            role=cell(row, title),
            emails=[e for i in numbered["e-mail"] for e in split_multi(cell(row, i))],
            phones=[p for i in numbered["phone"] for p in split_multi(cell(row, i))],
            linkedin_url=linkedin,
            telegram_username=telegram,
            notes=cell(row, notes),
            tags=label_tags(cell(row, labels)),
            source=SOURCE,
        )
