"""The text of a QR code, read as contact details: vCard, MECARD, links, mailto:, tel:.

A Rete card link (`https://t.me/<this bot>?start=<token>`) is recognised separately, so a
photo of someone's /card QR opens their card instead of a bare link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from bot.cards.found import Found, Source, name_from_handle
from bot.contacts.channels import MAX_CHANNELS_TEXT, parse_channels
from bot.contacts.model import ContactDraft
from bot.contacts.normalise import TELEGRAM_HOSTS, linkedin_profile, telegram_username
from bot.porting import vcard
from bot.porting.fields import normalise_email, normalise_phone

_MECARD_SPLIT = re.compile(r"(?<!\\);")
_MECARD_UNESCAPE = re.compile(r"\\([\\;:,])")
_VCARD_URL = re.compile(r"^(?:[\w-]+\.)?URL[;:](?:[^:]*:)?(?P<value>https?://\S+|www\.\S+)", re.I)


@dataclass(frozen=True, slots=True)
class CardLink:
    """A Rete /card deep link: the token after ?start=."""

    token: str


def read_payload(text: str, *, region: str, bot_username: str) -> Found | CardLink | None:
    """What a QR code's text says about a person; None when it holds no contact details."""
    payload = text.strip()
    upper = payload[:12].upper()
    if upper.startswith("BEGIN:VCARD"):
        return _vcard(payload, region)
    if upper.startswith("MECARD:"):
        return _mecard(payload[len("MECARD:") :], region)
    if upper.startswith("MAILTO:"):
        email = normalise_email(unquote(payload[len("mailto:") :].split("?")[0]))
        if email is None:
            return None
        name = name_from_handle(email.split("@")[0])
        return Found(ContactDraft(name=name, emails=[email]), Source.EMAIL)
    if upper.startswith(("TEL:", "SMSTO:", "SMS:")):
        number = payload.split(":")[1].strip()
        phone = normalise_phone(number, region)
        if not phone.startswith("+"):
            return None
        return Found(ContactDraft(name="", phones=[phone]), Source.PHONE)
    if re.match(r"(?i)(https?://)?[\w.-]+\.[a-z]{2,}(/|$)", payload) and " " not in payload:
        return _link(payload, bot_username)
    return _text(payload, region)


def _vcard(payload: str, region: str) -> Found | None:
    parsed = vcard.parse(payload, default_region=region)
    if not parsed.contacts:
        return None
    draft = parsed.contacts[0]
    # The importer keeps LinkedIn and Telegram addresses; a website is kept here.
    urls = [
        value.strip()
        for line in payload.splitlines()
        if (match := _VCARD_URL.match(line))
        and (value := match["value"]).strip()
        and not linkedin_profile(value)
        and not _telegram(value)
    ]
    return Found(draft, Source.VCARD, urls[:3])


def _mecard(body: str, region: str) -> Found | None:
    draft = ContactDraft(name="")
    emails: list[str] = []
    phones: list[str] = []
    urls: list[str] = []
    for item in _MECARD_SPLIT.split(body):
        key, _, raw = item.partition(":")
        value = _MECARD_UNESCAPE.sub(r"\1", raw).strip()
        key = key.strip().upper()
        if not value:
            continue
        if key == "N" and not draft.name:
            family, _, given = value.partition(",")
            draft.name = " ".join(p.strip() for p in (given, family) if p.strip())
        elif key == "TEL":
            phones.append(normalise_phone(value, region))
        elif key == "EMAIL" and (email := normalise_email(value)):
            emails.append(email)
        elif key == "ORG":
            draft.company = draft.company or value
        elif key == "TITLE":
            draft.role = draft.role or value
        elif key == "NOTE":
            draft.notes = value
        elif key == "URL":
            _add_url(draft, urls, value)
    draft.emails, draft.phones = emails, phones
    if not (draft.name or emails or phones or draft.linkedin_url or urls):
        return None
    return Found(draft, Source.MECARD, urls)


def _link(payload: str, bot_username: str) -> Found | CardLink | None:
    url = payload if re.match(r"(?i)https?://", payload) else f"https://{payload}"
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host in TELEGRAM_HOSTS and parts.path.strip("/").casefold() == bot_username.casefold():
        start = parse_qs(parts.query).get("start")
        if start:
            return CardLink(start[0])
    draft = ContactDraft(name="", source=Source.LINK.value)
    urls: list[str] = []
    _add_url(draft, urls, url)
    if draft.linkedin_url:
        draft.name = name_from_handle(draft.linkedin_url.rstrip("/").rsplit("/", 1)[-1], "-")
    return Found(draft, Source.LINK, urls)


def _add_url(draft: ContactDraft, urls: list[str], value: str) -> None:
    if draft.linkedin_url is None and (profile := linkedin_profile(value)):
        draft.linkedin_url = profile
    elif draft.telegram_username is None and (username := _telegram(value)):
        draft.telegram_username = username
    else:
        urls.append(value)


def _telegram(value: str) -> str | None:
    host = (urlsplit(value if "://" in value else f"https://{value}").hostname or "").lower()
    return telegram_username(value) if host in TELEGRAM_HOSTS else None


def _text(payload: str, region: str) -> Found | None:
    """Plain text: the channels in it (e-mail, phone, links), and a first line as the name."""
    if len(payload) > MAX_CHANNELS_TEXT:
        return None
    found = parse_channels(payload, default_region=region)
    if not found.found_any:
        return None
    draft = ContactDraft(
        name="",
        emails=found.emails,
        phones=found.phones,
        telegram_username=found.telegram_usernames[0] if found.telegram_usernames else None,
        linkedin_url=found.linkedin_urls[0] if found.linkedin_urls else None,
        source=Source.TEXT.value,
    )
    return Found(draft, Source.TEXT, found.urls)
