"""Plain data shared by every way a contact comes in (dialogue, vCard, CSV import)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from storage.contacts import Contact


@dataclass(slots=True)
class ContactDraft:
    """A contact not yet stored: what a dialogue or an importer has gathered.

    Phones are E.164 when known to be valid, else kept as typed; e-mails are normalised.
    """

    name: str
    company: str | None = None
    role: str | None = None
    met_on: date | None = None
    met_where: str | None = None
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    telegram_username: str | None = None  # without the leading @
    linkedin_url: str | None = None
    notes: str | None = None
    tags: list[str] = field(default_factory=list)
    source: str | None = None  # e.g. "vcard", "linkedin", "google", "outlook", "telegram"


def draft_from_contact(contact: Contact) -> ContactDraft:
    """A stored contact as a draft again (to merge into, or to export)."""
    return ContactDraft(
        name=contact.name,
        company=contact.company,
        role=contact.role,
        met_on=contact.met_on,
        met_where=contact.met_where,
        emails=list(contact.emails),
        phones=list(contact.phones),
        telegram_username=contact.telegram_username,
        linkedin_url=contact.linkedin_url,
        notes=contact.notes,
        tags=list(contact.tags),
        source=contact.source,
    )
