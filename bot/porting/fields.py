"""Normalisation of single values shared by every importer, and the one place where a
gathered entry becomes a ContactDraft or a Rejected.

Imported values meet the limits of typed ones (bot/contacts/validation.py) and the same
normalisers (bot/contacts/normalise.py):
- Text: control characters removed; one-line fields have their whitespace collapsed.
  A value over its limit is shortened, ending in "…", and reported (CLIPPED); a list over
  its limit keeps its first values and is reported (TOO_MANY_VALUES). Nothing is stored whole.
- E-mails: syntax-checked with email-validator (no DNS); invalid ones are reported as a
  value-level rejection and the contact is kept without them.
- Phones: E.164 when valid in `default_region`, else kept as typed when it has digits and is
  short enough to be a number; anything else is reported (INVALID_PHONE).
- LinkedIn and Telegram: reduced by the shared normalisers, so an imported profile URL is
  canonical like a typed one and a username follows the same rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from email_validator import EmailNotValidError, validate_email

from bot.contacts.model import ContactDraft
from bot.contacts.normalise import MAX_PHONE_TEXT, linkedin_profile, phone_e164, telegram_username
from bot.contacts.validation import (
    COMPANY_MAX,
    IMPORTED_CHANNELS_MAX,
    MET_WHERE_MAX,
    NAME_MAX,
    NOTES_MAX,
    ROLE_MAX,
    TAG_MAX,
    TAGS_MAX,
    strip_control_characters,
)
from bot.porting.model import Rejected, RejectReason

IMPORTED_TAGS_MAX = TAGS_MAX - 1  # room for the tag the import adds
ELLIPSIS = "…"


class ImportedField(StrEnum):
    """Which value a CLIPPED or TOO_MANY_VALUES rejection is about (its `detail`)."""

    NAME = "name"
    COMPANY = "company"
    ROLE = "role"
    MET_WHERE = "met_where"
    NOTES = "notes"
    TAG = "tag"
    EMAILS = "emails"
    PHONES = "phones"
    TAGS = "tags"


FIELD_LIMITS = {
    ImportedField.NAME: NAME_MAX,
    ImportedField.COMPANY: COMPANY_MAX,
    ImportedField.ROLE: ROLE_MAX,
    ImportedField.MET_WHERE: MET_WHERE_MAX,
    ImportedField.NOTES: NOTES_MAX,
    ImportedField.TAG: TAG_MAX,
    ImportedField.EMAILS: IMPORTED_CHANNELS_MAX,
    ImportedField.PHONES: IMPORTED_CHANNELS_MAX,
    ImportedField.TAGS: IMPORTED_TAGS_MAX,
}


def clean(value: str | None) -> str | None:
    """One line: control characters removed, whitespace collapsed, None when nothing is left."""
    if value is None:
        return None
    text = " ".join(strip_control_characters(value).split())
    return text or None


def clean_multiline(value: str | None) -> str | None:
    """Free text (notes): line breaks kept as \\n, each line's ends trimmed."""
    if value is None:
        return None
    lines = [line.strip() for line in strip_control_characters(value).split("\n")]
    text = "\n".join(lines).strip("\n")
    return text or None


def normalise_email(raw: str) -> str | None:
    try:
        return validate_email(raw.strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        return None


def normalise_phone(raw: str, default_region: str) -> str:
    """E.164 when valid in `default_region`, else the number as typed (spaces collapsed)."""
    return phone_e164(raw, default_region) or " ".join(raw.split())


def _phone(raw: str, default_region: str) -> str | None:
    """The phone to store, or None when `raw` is no phone number at all."""
    typed = clean(raw)
    if typed is None or len(typed) > MAX_PHONE_TEXT or not any(ch.isdigit() for ch in typed):
        return None
    return phone_e164(typed, default_region) or typed


def unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


@dataclass(slots=True)
class RawEntry:
    """What an importer gathered for one card or row, before normalisation."""

    position: int
    name: str | None = None
    company: str | None = None
    role: str | None = None
    met_on: date | None = None
    met_where: str | None = None
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    telegram_username: str | None = None
    linkedin_url: str | None = None
    notes: str | None = None
    tags: list[str] = field(default_factory=list)
    source: str | None = None
    has_other_data: bool = False  # anything at all besides the name (for NO_NAME vs EMPTY)


class _Limiter:
    """Clips one entry's values to the limits and records what it clipped."""

    def __init__(self, position: int) -> None:
        self.position = position
        self.rejected: list[Rejected] = []

    def text(self, value: str | None, what: ImportedField) -> str | None:
        limit = FIELD_LIMITS[what]
        if value is None or len(value) <= limit:
            return value
        self.rejected.append(Rejected(self.position, RejectReason.CLIPPED, what.value))
        return value[: limit - len(ELLIPSIS)].rstrip() + ELLIPSIS

    def values(self, values: list[str], what: ImportedField) -> list[str]:
        limit = FIELD_LIMITS[what]
        if len(values) <= limit:
            return values
        self.rejected.append(Rejected(self.position, RejectReason.TOO_MANY_VALUES, what.value))
        return values[:limit]


def build_draft(
    entry: RawEntry, *, default_region: str, empty_reason: RejectReason = RejectReason.NO_NAME
) -> tuple[ContactDraft | None, list[Rejected]]:
    """The normalised draft (or None) and the rejections it produced.

    A nameless entry with other data is rejected with `empty_reason` (LinkedIn uses
    EMPTY_ROW for hidden members); a nameless entry without data is EMPTY_ROW.
    """
    limit = _Limiter(entry.position)
    name = clean(entry.name)
    emails: list[str] = []
    for raw in entry.emails:
        if not raw.strip():
            continue
        email = normalise_email(raw)
        if email is None:
            detail = clean(raw) or ""
            limit.rejected.append(Rejected(entry.position, RejectReason.INVALID_EMAIL, detail))
        else:
            emails.append(email)
    if name is None:
        company = clean(entry.company)
        detail = ", ".join(emails) or company or ", ".join(filter(None, map(clean, entry.phones)))
        has_data = bool(emails or entry.phones or company or entry.has_other_data)
        reason = empty_reason if has_data else RejectReason.EMPTY_ROW
        return None, [Rejected(entry.position, reason, detail[:200])]
    phones: list[str] = []
    for raw in entry.phones:
        if not raw.strip():
            continue
        phone = _phone(raw, default_region)
        if phone is None:
            detail = (clean(raw) or "")[:200]
            limit.rejected.append(Rejected(entry.position, RejectReason.INVALID_PHONE, detail))
        else:
            phones.append(phone)
    tags = [limit.text(tag, ImportedField.TAG) for tag in (clean(t) for t in entry.tags) if tag]
    draft = ContactDraft(
        name=limit.text(name, ImportedField.NAME) or name,
        company=limit.text(clean(entry.company), ImportedField.COMPANY),
        role=limit.text(clean(entry.role), ImportedField.ROLE),
        met_on=entry.met_on,
        met_where=limit.text(clean(entry.met_where), ImportedField.MET_WHERE),
        emails=limit.values(unique(emails), ImportedField.EMAILS),
        phones=limit.values(unique(phones), ImportedField.PHONES),
        telegram_username=telegram_username(entry.telegram_username)
        if entry.telegram_username
        else None,
        linkedin_url=linkedin_profile(entry.linkedin_url) if entry.linkedin_url else None,
        notes=limit.text(clean_multiline(entry.notes), ImportedField.NOTES),
        tags=limit.values(unique(t for t in tags if t), ImportedField.TAGS),
        source=clean(entry.source),
    )
    return draft, limit.rejected


def collect(
    entries: Iterable[RawEntry],
    *,
    default_region: str,
    empty_reason: RejectReason = RejectReason.NO_NAME,
) -> tuple[list[ContactDraft], list[Rejected]]:
    contacts: list[ContactDraft] = []
    rejected: list[Rejected] = []
    for entry in entries:
        draft, problems = build_draft(
            entry, default_region=default_region, empty_reason=empty_reason
        )
        rejected.extend(problems)
        if draft is not None:
            contacts.append(draft)
    return contacts, rejected
