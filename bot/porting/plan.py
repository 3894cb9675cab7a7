"""What an import will do, decided before anything is written: which drafts are new, which
duplicate a contact the user already has, and when their keep-in-touch nudges fall due.

Duplicate detection is `bot.contacts.duplicates.find_duplicates`, unchanged. Comparing every
draft with every existing contact would be 10,000 x 10,000 fuzzy comparisons, so each draft
is compared only with the contacts that share a *candidate key* with it. The keys are chosen
so that every match find_duplicates can report shares at least one (tests check the plan
against the brute-force comparison):
- SAME_EMAIL / SAME_USERNAME: the case-folded e-mail / username;
- SAME_PHONE: the last 7 digits (equal E.164 numbers end with the same national number,
  whatever prefix or punctuation each side was typed with);
- SIMILAR_NAME_SAME_COMPANY: the normalised company (the match requires it equal), kept
  only when the names reach the similarity threshold;
- SAME_NAME: the folded name's words, sorted, kept unless both sides have a company and
  the companies differ.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from rapidfuzz import fuzz

from bot.companies import normalise_company
from bot.contacts.dates import add_months
from bot.contacts.duplicates import (
    NAME_SIMILARITY_THRESHOLD,
    find_duplicates,
)
from bot.contacts.model import ContactDraft
from bot.contacts.text import fold
from bot.followups.cadence import next_keep_in_touch
from bot.followups.policy import UserSchedule, slot_on
from bot.porting.model import ImportFormat
from storage.contacts import ContactIdentity
from storage.kinds import Cadence

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_PHONE_TAIL = 7

# The word in the import tag and the source recorded, per detected format.
FORMAT_LABELS = {
    ImportFormat.VCARD: "vcard",
    ImportFormat.LINKEDIN_CSV: "linkedin",
    ImportFormat.GOOGLE_CSV: "google",
    ImportFormat.OUTLOOK_CSV: "outlook",
    ImportFormat.RETE_CSV: "rete",
    ImportFormat.GENERIC_CSV: "csv",
}


@dataclass(frozen=True, slots=True)
class Duplicate:
    draft: ContactDraft
    existing_id: int


@dataclass(slots=True)
class ImportPlan:
    new: list[ContactDraft] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)


def import_tag(fmt: ImportFormat, day: date) -> str:
    """ "import-linkedin-2026-11-24": where and when a contact came in, searchable."""
    return f"import-{FORMAT_LABELS.get(fmt, 'file')}-{day.isoformat()}"


def tagged(draft: ContactDraft, tag: str) -> ContactDraft:
    if any(fold(t) == fold(tag) for t in draft.tags):
        return draft
    return replace(draft, tags=[*draft.tags, tag])


def _name_key(name: str) -> str:
    """As duplicates.py compares names: folded, punctuation out, words in order."""
    return " ".join(_NON_ALNUM.sub(" ", fold(name)).split())


def _phone_tail(phone: str) -> str | None:
    digits = "".join(ch for ch in phone if ch.isdigit())
    return digits[-_PHONE_TAIL:] or None


@dataclass(frozen=True, slots=True)
class _Person:
    """A contact or draft with its comparison keys computed once."""

    contact: ContactIdentity | None
    name: str  # _name_key
    company: str | None  # normalise_company
    channels: frozenset[str]  # e-mails, phone tails, username

    @classmethod
    def of(
        cls,
        name: str,
        company: str | None,
        emails: Iterable[str],
        phones: Iterable[str],
        username: str | None,
        contact: ContactIdentity | None = None,
    ) -> _Person:
        channels = {"e:" + e.casefold() for e in emails}
        channels |= {"p:" + tail for tail in map(_phone_tail, phones) if tail}
        if username and (bare := username.removeprefix("@").casefold()):
            channels.add("u:" + bare)
        return cls(contact, _name_key(name), normalise_company(company), frozenset(channels))

    @property
    def same_name_key(self) -> str:
        return "n:" + " ".join(sorted(self.name.split()))


class CandidateIndex:
    """Existing contacts by candidate key (see the module docstring).

    Name and company buckets can be large (300 colleagues at one company, ten Marco Rossi),
    so they are narrowed with the same conditions find_duplicates applies: in a company
    bucket only similar enough names, in a name bucket only pairs where the companies do
    not rule a match out.
    """

    def __init__(self, existing: Sequence[ContactIdentity]) -> None:
        self._by_key: dict[str, list[_Person]] = defaultdict(list)
        for contact in existing:
            person = _Person.of(
                contact.name,
                contact.company,
                contact.emails,
                contact.phones,
                contact.telegram_username,
                contact,
            )
            for key in person.channels:
                self._by_key[key].append(person)
            if person.company:
                self._by_key["c:" + person.company].append(person)
            if person.name:
                self._by_key[person.same_name_key].append(person)

    def candidates(self, draft: ContactDraft) -> list[ContactIdentity]:
        me = _Person.of(
            draft.name, draft.company, draft.emails, draft.phones, draft.telegram_username
        )
        found: dict[int, ContactIdentity] = {}
        for key in me.channels:
            for person in self._by_key.get(key, ()):
                assert person.contact is not None
                found[person.contact.id] = person.contact
        if me.company and me.name:
            for person in self._by_key.get("c:" + me.company, ()):
                assert person.contact is not None
                similar = fuzz.token_sort_ratio(
                    me.name, person.name, score_cutoff=NAME_SIMILARITY_THRESHOLD
                )
                if similar:
                    found[person.contact.id] = person.contact
        if me.name:
            for person in self._by_key.get(me.same_name_key, ()):
                assert person.contact is not None
                if not (me.company and person.company) or me.company == person.company:
                    found[person.contact.id] = person.contact
        return list(found.values())


def plan_import(
    drafts: Sequence[ContactDraft],
    existing: Sequence[ContactIdentity],
    *,
    default_region: str = "IT",
) -> ImportPlan:
    """Split drafts into new ones and duplicates of existing contacts (best match each).

    Drafts are not compared with each other: a file may hold two different people with one
    name, and an export imported back must give every contact back."""
    index = CandidateIndex(existing)
    plan = ImportPlan()
    for draft in drafts:
        matches = find_duplicates(draft, index.candidates(draft), default_region=default_region)
        if matches:
            plan.duplicates.append(Duplicate(draft, matches[0].contact_id))
        else:
            plan.new.append(draft)
    return plan


def keep_in_touch_dues(
    last_contacts: Sequence[date], cadence: Cadence, sched: UserSchedule, *, today: date
) -> list[datetime | None]:
    """The first keep-in-touch nudge of each imported contact.

    The rule is `next_keep_in_touch` (cadence months after the last contact: the meeting
    date, else the import day). A historic network is mostly *overdue* by that rule - a
    LinkedIn connection of 2019 - and hundreds of nudges on one morning help nobody, so the
    overdue ones are spread evenly over the first cycle, starting tomorrow, in file order.
    None for every contact when the cadence is NONE.
    """
    if cadence is Cadence.NONE:
        return [None] * len(last_contacts)
    overdue = [
        i for i, last in enumerate(last_contacts) if add_months(last, cadence.months) <= today
    ]
    span = (add_months(today, cadence.months) - today).days
    dues: list[datetime | None] = [
        next_keep_in_touch(last, cadence, sched) for last in last_contacts
    ]
    for rank, i in enumerate(overdue):
        day = today + timedelta(days=1 + rank * span // len(overdue))
        dues[i] = slot_on(day, sched)
    return dues
