"""One normaliser per way of reaching someone, shared by typed and imported contacts.

The /add dialogue (bot/contacts/channels.py) and every importer (bot/porting/) call these,
so a username, a LinkedIn address or a phone number is accepted and stored the same way
whichever way it came in.

- Telegram usernames: 4 to 32 characters of letters, digits and underscores, starting with a
  letter (ordinary usernames need 5; Fragment's collectible usernames may have 4). Links
  (t.me/…, telegram.me/…, tg://resolve?domain=…), "@name" and URI forms (telegram:, tg:,
  x-apple:) are reduced to the name, kept in the case it was written.
- LinkedIn: a personal profile (/in/<slug>) on any linkedin.com host, with or without
  scheme, query or trailing path, becomes https://www.linkedin.com/in/<slug in lower case>.
  Company, school and feed pages are not profiles.
- Phones: E.164 when the number is valid in the region (bot/contacts/card.py shows them in
  international format with spaces).
- Web hosts: a bare "rossi.design" is a web address when its ending is a public suffix in the
  Public Suffix List (the snapshot bundled with `publicsuffixlist`, no network), so
  "mario.rossi", "dott.ssa" and "v.le" stay words.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import cache
from urllib.parse import urlsplit

import phonenumbers
from publicsuffixlist import PublicSuffixList

USERNAME_MIN = 4
USERNAME_MAX = 32
_USERNAME = re.compile(rf"[A-Za-z][A-Za-z0-9_]{{{USERNAME_MIN - 1},{USERNAME_MAX - 1}}}")
TELEGRAM_HOSTS = frozenset({"t.me", "www.t.me", "telegram.me", "www.telegram.me", "telegram.dog"})
_TELEGRAM_URI = re.compile(r"^(?:tg://resolve\?domain=|(?:x-apple|telegram|tg):(?://)?|@)", re.I)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
# Any host ending in linkedin.com, with or without scheme; the path up to a query.
_LINKEDIN = re.compile(
    r"(?:https?://)?(?:[\w-]+\.)*linkedin\.com(?::\d+)?(?P<path>/[^?#\s]*)?(?:[?#]\S*)?",
    re.IGNORECASE,
)
MAX_PHONE_TEXT = 64  # a phone "as typed" longer than this is not a phone


def is_telegram_username(name: str) -> bool:
    return _USERNAME.fullmatch(name) is not None


def telegram_username(raw: str) -> str | None:
    """The username in a t.me link, a tg:/telegram:/x-apple: URI, "@name" or a bare name."""
    value = raw.strip()
    if not value or len(value) > 200:
        return None
    if _SCHEME.match(value) or value.casefold().startswith(tuple(TELEGRAM_HOSTS)):
        if value.casefold().startswith("tg://"):
            value = _TELEGRAM_URI.sub("", value, count=1)
        else:
            parts = urlsplit(value if _SCHEME.match(value) else "https://" + value)
            segments = [s for s in parts.path.split("/") if s]
            if (parts.hostname or "").casefold() not in TELEGRAM_HOSTS or len(segments) != 1:
                return None
            value = segments[0]
    else:
        value = _TELEGRAM_URI.sub("", value, count=1)
    value = re.split(r"[?&#]", value, maxsplit=1)[0].strip("/")
    return value if is_telegram_username(value) else None


class LinkedInKind(StrEnum):
    PROFILE = "profile"
    OTHER_PAGE = "other_page"  # linkedin.com, but a company, school, post or feed page
    NOT_LINKEDIN = "not_linkedin"


def linkedin_kind(raw: str) -> tuple[LinkedInKind, str | None]:
    """What `raw` is on LinkedIn, and the canonical profile URL when it is a profile."""
    value = raw.strip()
    match = _LINKEDIN.fullmatch(value) if len(value) <= 2000 else None
    if match is None:
        return LinkedInKind.NOT_LINKEDIN, None
    segments = [s for s in (match["path"] or "").split("/") if s]
    if len(segments) >= 2 and segments[0].casefold() == "in" and len(segments[1]) <= 200:
        return LinkedInKind.PROFILE, f"https://www.linkedin.com/in/{segments[1].casefold()}"
    return LinkedInKind.OTHER_PAGE, None


def linkedin_profile(raw: str) -> str | None:
    """https://www.linkedin.com/in/<slug> when `raw` is a LinkedIn profile, else None."""
    return linkedin_kind(raw)[1]


def phone_e164(raw: str, region: str) -> str | None:
    """The number in E.164 when it is a valid number (national ones read in `region`)."""
    text = " ".join(raw.split())
    if not text or len(text) > MAX_PHONE_TEXT:
        return None
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    return format_e164(number)


def format_e164(number: phonenumbers.PhoneNumber) -> str | None:
    """E.164 for a parsed number that is valid; None otherwise."""
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# Two-label "hosts" that are Italian abbreviations ending in a real top-level domain:
# "Sig.na" (.na), "f.to" (firmato, .to), "p.es" (per esempio, .es)…
_ABBREVIATIONS = frozenset(
    {
        "sig",
        "sigg",
        "dott",
        "dr",
        "prof",
        "ing",
        "avv",
        "geom",
        "rag",
        "arch",
        "f",
        "p",
        "v",
        "c",
        "n",
        "pag",
        "tel",
        "ecc",
        "es",
        "ca",
        "cfr",
    }
)


@cache
def _suffixes() -> PublicSuffixList:
    # ICANN section only: private suffixes (blogspot.com…) are hosts, not endings of words.
    return PublicSuffixList(accept_unknown=False, only_icann=True)


def has_public_suffix(host: str) -> bool:
    """Whether `host` ends in a public suffix and has a name before it ("rossi.design")."""
    name = host.casefold().rstrip(".")
    return _suffixes().privatesuffix(name) is not None


def looks_like_bare_host(host: str) -> bool:
    """A host typed without scheme or path: a public suffix, and not an abbreviation."""
    labels = host.casefold().split(".")
    if len(labels) == 2 and labels[0] in _ABBREVIATIONS:
        return False
    return has_public_suffix(host)
