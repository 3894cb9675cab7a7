"""What reading a QR code or a business card found: a draft for /add, and how it was read."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from urllib.parse import unquote

from bot.contacts.model import ContactDraft

_HANDLE_PART = re.compile(r"[^\W\d_]{2,}")  # letters only, two or more


class Source(StrEnum):
    VCARD = "vcard"  # a vCard in a QR code (badges, phone apps)
    MECARD = "mecard"  # MECARD:N:Rossi,Mario;… (Japanese phones, many generators)
    LINK = "link"  # a web address: a LinkedIn profile, a site
    EMAIL = "email"  # mailto:
    PHONE = "phone"  # tel:, SMSTO:
    TEXT = "text"  # plain text in a QR code
    PRINTED = "printed"  # a business card or badge read by OCR


@dataclass(frozen=True, slots=True)
class Found:
    draft: ContactDraft  # name may be empty: then /add asks it first
    source: Source
    urls: list[str] = field(default_factory=list)  # web addresses other than LinkedIn

    @property
    def has_name(self) -> bool:
        return bool(self.draft.name)


def name_from_handle(handle: str, separators: str = ".-_") -> str:
    """ "mario.rossi" / "mario-rossi-4b2a91" -> "Mario Rossi"; "" when it is no name.

    Parts with digits (LinkedIn's suffixes) are dropped; at least two letter parts needed.
    """
    text = unquote(handle)
    for separator in separators:
        text = text.replace(separator, " ")
    parts = text.split()
    if not all(_HANDLE_PART.fullmatch(p) or any(c.isdigit() for c in p) for p in parts):
        return ""
    words = [p for p in parts if _HANDLE_PART.fullmatch(p)]
    if not 2 <= len(words) <= 4:
        return ""
    return " ".join(w.capitalize() for w in words)
