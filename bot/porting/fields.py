"""Normalisation of single values shared by every importer, and the one place where a
gathered entry becomes a ContactDraft or a Rejected.

- E-mails: syntax-checked with email-validator (no DNS); invalid ones are reported as a
  value-level rejection and the contact is kept without them.
- Phones: E.164 via phonenumbers when valid in `default_region`, else kept as typed.
- LinkedIn: any linkedin.com/in/ URL (with or without scheme) becomes linkedin_url.
- Telegram: t.me links, tg://resolve, "@name" and bare usernames are reduced to the name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from bot.contacts.model import ContactDraft
from bot.porting.model import Rejected, RejectReason


def clean(value: str | None) -> str | None:
    """One line: whitespace collapsed, None when nothing is left."""
    if value is None:
        return None
    text = " ".join(value.split())
    return text or None


def clean_multiline(value: str | None) -> str | None:
    """Free text (notes): line breaks kept as \\n, each line's ends trimmed."""
    if value is None:
        return None
    lines = [line.strip() for line in value.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    text = "\n".join(lines).strip("\n")
    return text or None


def normalise_email(raw: str) -> str | None:
    try:
        return validate_email(raw.strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        return None


def normalise_phone(raw: str, default_region: str) -> str:
    typed = " ".join(raw.split())
    try:
        number = phonenumbers.parse(typed, default_region)
    except phonenumbers.NumberParseException:
        return typed
    if phonenumbers.is_valid_number(number):
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return typed


_LINKEDIN = re.compile(r"^(?:https?://)?(?:[\w-]+\.)?linkedin\.com/in/[^\s/?#]+", re.IGNORECASE)


def linkedin_url(raw: str) -> str | None:
    """The profile URL (with https:// added when missing) if `raw` is one, else None."""
    value = raw.strip()
    if not _LINKEDIN.match(value):
        return None
    return value if re.match(r"https?://", value, re.IGNORECASE) else "https://" + value


_USERNAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{3,31}")
_TELEGRAM_PREFIXES = re.compile(
    r"^(?:https?://)?(?:www\.)?(?:t\.me|telegram\.me|telegram\.dog)/"
    r"|^tg://resolve\?domain="
    r"|^(?:x-apple|telegram|tg):(?://)?"
    r"|^@",
    re.IGNORECASE,
)


def telegram_username(raw: str) -> str | None:
    """The username in a t.me link, tg:// or x-apple: URI, "@name" or bare name."""
    value = _TELEGRAM_PREFIXES.sub("", raw.strip(), count=1).split("?")[0].strip("/")
    return value if _USERNAME.fullmatch(value) else None


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


def build_draft(
    entry: RawEntry, *, default_region: str, empty_reason: RejectReason = RejectReason.NO_NAME
) -> tuple[ContactDraft | None, list[Rejected]]:
    """The normalised draft (or None) and the rejections it produced.

    A nameless entry with other data is rejected with `empty_reason` (LinkedIn uses
    EMPTY_ROW for hidden members); a nameless entry without data is EMPTY_ROW.
    """
    rejected: list[Rejected] = []
    name = clean(entry.name)
    emails: list[str] = []
    for raw in entry.emails:
        if not raw.strip():
            continue
        email = normalise_email(raw)
        if email is None:
            rejected.append(Rejected(entry.position, RejectReason.INVALID_EMAIL, raw.strip()))
        else:
            emails.append(email)
    if name is None:
        detail = ", ".join(emails) or clean(entry.company) or ", ".join(entry.phones)
        has_data = bool(emails or entry.phones or entry.company or entry.has_other_data)
        reason = empty_reason if has_data else RejectReason.EMPTY_ROW
        return None, [Rejected(entry.position, reason, detail)]
    phones = [normalise_phone(p, default_region) for p in entry.phones if p.strip()]
    draft = ContactDraft(
        name=name,
        company=clean(entry.company),
        role=clean(entry.role),
        met_on=entry.met_on,
        met_where=clean(entry.met_where),
        emails=unique(emails),
        phones=unique(phones),
        telegram_username=entry.telegram_username,
        linkedin_url=entry.linkedin_url,
        notes=clean_multiline(entry.notes),
        tags=unique(t for t in (clean(tag) for tag in entry.tags) if t),
        source=entry.source,
    )
    return draft, rejected


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
