"""Plain data shared by every way a contact comes in (dialogue, vCard, CSV import)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


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
