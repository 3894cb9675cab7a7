"""Contacts out, as files people can open elsewhere and import back into Rete.

- CSV: UTF-8 with BOM (so Excel shows accents), CRLF, the RETE_CSV header (rete_csv.py),
  one line per contact (no line break inside a cell, see rete_csv.py);
  `parse_import(export_csv(x))` gives x back for drafts in normalised form (what the
  importers produce: E.164 or as-typed phones, normalised e-mails, trimmed text).
- Control characters in stored values (saved before input was cleaned) are left out of
  both files: one NUL in a name once made the whole contacts.csv unreadable on import.
- vCard 3.0 via vobject, readable by phone address books; Rete's own fields travel as
  X-RETE-MET-ON, X-RETE-MET-WHERE and X-RETE-SOURCE, Telegram as
  X-SOCIALPROFILE;TYPE=telegram (what iOS writes), LinkedIn as URL.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import replace

import vobject

from bot.contacts.model import ContactDraft
from bot.contacts.validation import strip_control_characters
from bot.porting import rete_csv, vcard

_PLAIN_PHONE = re.compile(r"\+[0-9]+")


def _guard(value: str) -> str:
    """Keep spreadsheets from running a cell as a formula (CSV injection)."""
    if _PLAIN_PHONE.fullmatch(value):
        return value
    return rete_csv.guard(value)


def _row(contact: ContactDraft) -> list[str]:
    contact = _without_controls(contact)
    cells = [
        contact.name,
        contact.company or "",
        contact.role or "",
        contact.met_on.isoformat() if contact.met_on else "",
        contact.met_where or "",
        rete_csv.join_values(contact.emails),
        rete_csv.join_values(contact.phones),
        contact.telegram_username or "",
        contact.linkedin_url or "",
        rete_csv.escape_text(contact.notes or ""),
        rete_csv.join_values(contact.tags),
        contact.source or "",
    ]
    return [_guard(c) for c in cells]


def _without_controls(contact: ContactDraft) -> ContactDraft:
    def text(value: str | None) -> str | None:
        return None if value is None else strip_control_characters(value)

    return replace(
        contact,
        name=strip_control_characters(contact.name),
        company=text(contact.company),
        role=text(contact.role),
        met_where=text(contact.met_where),
        emails=[strip_control_characters(e) for e in contact.emails],
        phones=[strip_control_characters(p) for p in contact.phones],
        telegram_username=text(contact.telegram_username),
        linkedin_url=text(contact.linkedin_url),
        notes=text(contact.notes),
        tags=[strip_control_characters(t) for t in contact.tags],
        source=text(contact.source),
    )


def export_csv(contacts: Sequence[ContactDraft]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(rete_csv.COLUMNS)
    writer.writerows(_row(c) for c in contacts)
    return buffer.getvalue().encode("utf-8-sig")


def _card(contact: ContactDraft) -> vobject.base.Component:
    contact = _without_controls(contact)
    card = vobject.vCard()
    card.add("fn").value = contact.name
    given, _, family = contact.name.rpartition(" ")
    card.add("n").value = vobject.vcard.Name(family=family, given=given)
    if contact.company:
        card.add("org").value = [contact.company]
    if contact.role:
        card.add("title").value = contact.role
    for email in contact.emails:
        line = card.add("email")
        line.value = email
        line.type_param = "INTERNET"
    for phone in contact.phones:
        card.add("tel").value = phone
    if contact.linkedin_url:
        card.add("url").value = contact.linkedin_url
    if contact.telegram_username:
        social = card.add("x-socialprofile")
        social.value = f"https://t.me/{contact.telegram_username}"
        social.type_param = "telegram"
    if contact.notes:
        card.add("note").value = contact.notes
    if contact.tags:
        card.add("categories").value = list(contact.tags)
    if contact.met_on:
        card.add(vcard.MET_ON.lower()).value = contact.met_on.isoformat()
    if contact.met_where:
        card.add(vcard.MET_WHERE.lower()).value = contact.met_where
    # Always present, even empty: it marks the card as ours, so no source reads as None.
    card.add(vcard.SOURCE_PROPERTY.lower()).value = contact.source or ""
    return card


def export_vcf(contacts: Sequence[ContactDraft]) -> bytes:
    return "".join(_card(c).serialize() for c in contacts).encode("utf-8")
