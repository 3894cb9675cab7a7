"""Is the person being added already in the address book? And how to merge two drafts.

Why a match is reported, and its score (0-100, higher is surer):
- SAME_EMAIL, SAME_PHONE, SAME_USERNAME: 100. E-mails and usernames compare case-folded,
  phones as E.164 (typed ones are parsed in `default_region` first).
- SIMILAR_NAME_SAME_COMPANY: rapidfuzz `token_sort_ratio` on accent- and case-folded names
  (word order does not matter) when the companies are the same after normalisation.
  The score is that ratio; it must reach NAME_SIMILARITY_THRESHOLD = 85. Measured:
  "Mario Rossi"/"Rossi Mario" 100, "Mario Rossi"/"Maria Rossi" 90.9 (a match, lower),
  "Giovanni De Luca"/"Gianni De Luca" 93.3, "Li Wei"/"Lu Wei" 83.3 (no),
  "Mario Rossi"/"Luigi Rossi" 63.6 (no).
- SAME_NAME: the folded names are equal (word order aside) and at least one of the two has
  no company; score 70. With two different known companies it is not reported.
One DuplicateMatch per existing contact, with all its reasons; best first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import phonenumbers
from rapidfuzz import fuzz

from bot.companies import normalise_company
from bot.contacts.model import ContactDraft
from bot.contacts.text import fold
from storage.contacts import ContactIdentity

NAME_SIMILARITY_THRESHOLD = 85.0
CHANNEL_MATCH_SCORE = 100.0
SAME_NAME_SCORE = 70.0
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_E164 = re.compile(r"\+[1-9][0-9]{6,14}")


class MatchReason(StrEnum):
    SAME_EMAIL = "same_email"
    SAME_PHONE = "same_phone"
    SAME_USERNAME = "same_username"
    SIMILAR_NAME_SAME_COMPANY = "similar_name_same_company"
    SAME_NAME = "same_name"


@dataclass(frozen=True, slots=True)
class DuplicateMatch:
    contact_id: int
    score: float
    reasons: tuple[MatchReason, ...] = field(default=())


def name_similarity(first: str, second: str) -> float:
    """0-100, insensitive to accents, case, punctuation and word order."""
    return float(fuzz.token_sort_ratio(_name_key(first), _name_key(second)))


def find_duplicates(
    draft: ContactDraft, existing: Sequence[ContactIdentity], *, default_region: str = "IT"
) -> list[DuplicateMatch]:
    draft_emails = {e.casefold() for e in draft.emails}
    draft_phones = _phone_keys(draft.phones, default_region)
    draft_username = _username_key(draft.telegram_username)
    draft_company = normalise_company(draft.company)
    draft_name = _name_key(draft.name)

    matches: list[DuplicateMatch] = []
    for contact in existing:
        reasons: list[tuple[MatchReason, float]] = []
        if draft_emails and draft_emails & {e.casefold() for e in contact.emails}:
            reasons.append((MatchReason.SAME_EMAIL, CHANNEL_MATCH_SCORE))
        if draft_phones and draft_phones & _phone_keys(contact.phones, default_region):
            reasons.append((MatchReason.SAME_PHONE, CHANNEL_MATCH_SCORE))
        if draft_username and draft_username == _username_key(contact.telegram_username):
            reasons.append((MatchReason.SAME_USERNAME, CHANNEL_MATCH_SCORE))
        reasons.extend(_name_reasons(draft_name, draft_company, contact))
        if reasons:
            matches.append(
                DuplicateMatch(
                    contact_id=contact.id,
                    score=max(score for _, score in reasons),
                    reasons=tuple(reason for reason, _ in reasons),
                )
            )
    matches.sort(key=lambda m: (-m.score, -len(m.reasons), m.contact_id))
    return matches


def _name_reasons(
    draft_name: str, draft_company: str | None, contact: ContactIdentity
) -> list[tuple[MatchReason, float]]:
    if not draft_name:
        return []
    contact_company = normalise_company(contact.company)
    if draft_company and contact_company:
        if draft_company != contact_company:
            return []
        score = float(fuzz.token_sort_ratio(draft_name, _name_key(contact.name)))
        if score >= NAME_SIMILARITY_THRESHOLD:
            return [(MatchReason.SIMILAR_NAME_SAME_COMPANY, score)]
        return []
    if _sorted_words(draft_name) == _sorted_words(_name_key(contact.name)):
        return [(MatchReason.SAME_NAME, SAME_NAME_SCORE)]
    return []


def _name_key(name: str) -> str:
    return " ".join(_NON_ALNUM.sub(" ", fold(name)).split())


def _sorted_words(key: str) -> list[str]:
    return sorted(key.split())


def _phone_keys(phones: Iterable[str], region: str) -> set[str]:
    keys: set[str] = set()
    for phone in phones:
        if _E164.fullmatch(phone):  # stored phones are E.164 already: no parsing
            keys.add(phone)
            continue
        try:
            number = phonenumbers.parse(phone, region)
        except phonenumbers.NumberParseException:
            keys.add("".join(ch for ch in phone if ch.isdigit()))
            continue
        keys.add(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))
    keys.discard("")
    return keys


def _username_key(username: str | None) -> str | None:
    if not username:
        return None
    return username.removeprefix("@").casefold() or None
