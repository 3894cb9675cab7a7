"""Contact use-cases: save (with the duplicate policy), merge, edit, delete, stage.

Each takes the repositories, the clock and the user, owns its transaction and its rules, and
returns a plain result for the handler to render. Ids come from buttons and are never
trusted alone: every read is scoped by the owner.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import datetime

from bot.clock import Clock
from bot.companies import normalise_company
from bot.contacts.duplicates import DuplicateMatch, find_duplicates
from bot.contacts.merging import Conflict, MergeField, Side, conflicts, merge_drafts
from bot.contacts.search import close_words, fuzzy_matches
from bot.contacts.search import words as search_words
from bot.followups.actions import next_followup, plan_followup
from bot.followups.choices import FollowupChoice, FollowupDay
from bot.services import Repos
from storage.contacts import Contact, ContactDraft, ContactIdentity
from storage.interactions import Interaction
from storage.kinds import ContactStage
from storage.search_index import words
from storage.users import User

MAX_DUPLICATES_SHOWN = 3
FUZZY_CANDIDATES = 200  # contacts holding a close word, ranked in Python


@dataclass(frozen=True, slots=True)
class Saved:
    contact_id: int
    name: str
    followup: FollowupDay | None


@dataclass(frozen=True, slots=True)
class PossibleDuplicates:
    matches: tuple[tuple[ContactIdentity, DuplicateMatch], ...]


@dataclass(frozen=True, slots=True)
class Gone:
    """The contact no longer exists (deleted meanwhile, or never the user's)."""


@dataclass(frozen=True, slots=True)
class Change:
    field: str  # a ContactDraft field
    old: object  # None: added
    new: object


@dataclass(frozen=True, slots=True)
class Merged:
    contact_id: int
    name: str
    changes: tuple[Change, ...]
    followup: FollowupDay | None


@dataclass(frozen=True, slots=True)
class MergePreview:
    target: Contact
    conflicts: tuple[Conflict, ...]


async def possible_duplicates(
    repos: Repos, user: User, draft: ContactDraft, *, limit: int = MAX_DUPLICATES_SHOWN
) -> list[tuple[ContactIdentity, DuplicateMatch]]:
    """Stored contacts that may be the person in `draft`, best first."""
    candidates = await repos.contacts.duplicate_candidates(
        user.id,
        name=draft.name,
        company_words=words(normalise_company(draft.company)),
        emails=draft.emails,
        phones=draft.phones,
        telegram_username=draft.telegram_username,
    )
    by_id = {c.id: c for c in candidates}
    matches = find_duplicates(draft, candidates, default_region=user.phone_region)[:limit]
    return [(by_id[match.contact_id], match) for match in matches]


async def _checked(repos: Repos, user: User, draft: ContactDraft) -> ContactDraft:
    """The draft with its event kept only if it is one of the user's own events."""
    if draft.event_id is not None and await repos.events.get(user.id, draft.event_id) is None:
        draft = draft.draft()
        draft.event_id = None
    return draft


async def save_contact(
    repos: Repos,
    clock: Clock,
    user: User,
    draft: ContactDraft,
    followup: FollowupChoice,
    *,
    dialogue_key: str,
    check_duplicates: bool = True,
) -> Saved | PossibleDuplicates:
    """A new contact with its first follow-up, unless it may be someone already stored.

    Idempotent per dialogue: a Save replayed (a second tap, a restart that brought the
    summary back) finds the contact this dialogue created instead of creating a twin."""
    async with repos.db.transaction():
        done = await repos.contacts.by_dialogue_key(user.id, dialogue_key)
        if done is not None:
            contact = await repos.contacts.get(user.id, done)
            assert contact is not None
            return Saved(done, contact.name, None)
        if check_duplicates and (matches := await possible_duplicates(repos, user, draft)):
            return PossibleDuplicates(tuple(matches))
        draft = await _checked(repos, user, draft)
        contact_id = await repos.contacts.create(user.id, draft, dialogue_key=dialogue_key)
        when = await plan_followup(repos, clock, user, contact_id, followup)
    return Saved(contact_id, draft.name, when)


async def update_contact(
    repos: Repos, user: User, contact_id: int, draft: ContactDraft
) -> Saved | Gone:
    """An edit from the contact's card: its fields replaced; its reminders stay."""
    async with repos.db.transaction():
        draft = await _checked(repos, user, draft)
        if not await repos.contacts.replace_data(user.id, contact_id, draft):
            return Gone()
    return Saved(contact_id, draft.name, None)


async def merge_preview(
    repos: Repos, user: User, target_id: int, draft: ContactDraft
) -> MergePreview | None:
    """What merging `draft` into the user's contact `target_id` would have to ask."""
    target = await repos.contacts.get(user.id, target_id)
    if target is None:
        return None
    return MergePreview(target, tuple(conflicts(target.draft(), draft)))


async def merge_contact(
    repos: Repos,
    clock: Clock,
    user: User,
    target_id: int,
    draft: ContactDraft,
    followup: FollowupChoice,
    choices: Mapping[MergeField, Side],
) -> Merged | Gone:
    """Merge the dialogue's answers into a stored contact (nothing dropped: see
    bot.contacts.merging); its follow-up is planned afresh."""
    async with repos.db.transaction():
        target = await repos.contacts.get(user.id, target_id)
        if target is None:
            return Gone()
        before = target.draft()
        result = merge_drafts(before, await _checked(repos, user, draft), choices)
        merged = result.draft
        for conflict in result.unresolved:  # not asked (a race): keep both, in the notes
            merged.notes = "\n".join(filter(None, [merged.notes, str(conflict.new)]))
        await repos.contacts.replace_data(user.id, target_id, merged)
        when = await plan_followup(repos, clock, user, target_id, followup)
    return Merged(target_id, merged.name, tuple(_changes(before, merged)), when)


def _changes(before: ContactDraft, after: ContactDraft) -> list[Change]:
    out = []
    for field in fields(ContactDraft):
        old, new = getattr(before, field.name), getattr(after, field.name)
        if field.name in ("emails", "phones", "tags"):
            out += [Change(field.name, None, item) for item in new if item not in old]
        elif field.name != "source" and new != old:
            out.append(Change(field.name, old, new))
    return out


async def delete_contact(repos: Repos, user: User, contact_id: int) -> Contact | None:
    """Delete the user's contact and its reminders; the deleted contact, or None."""
    async with repos.db.transaction():
        contact = await repos.contacts.get(user.id, contact_id)
        if contact is not None:
            await repos.contacts.delete(user.id, contact_id)
    return contact


async def set_stage(
    repos: Repos, user: User, contact_id: int, stage: ContactStage
) -> Contact | None:
    async with repos.db.transaction():
        if not await repos.contacts.set_stage(user.id, contact_id, stage):
            return None
        return await repos.contacts.get(user.id, contact_id)


# ---- reading -----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class CardData:
    contact: Contact
    next_followup: datetime | None  # UTC
    interactions: tuple[Interaction, ...]


async def open_card(repos: Repos, user: User, contact_id: int) -> CardData | None:
    """Everything the contact card shows; None when the contact is not the user's."""
    contact = await repos.contacts.get(user.id, contact_id)
    if contact is None:
        return None
    return CardData(
        contact,
        await next_followup(repos, user, contact_id),
        tuple(await repos.interactions.for_contact(user.id, contact_id, limit=3)),
    )


@dataclass(frozen=True, slots=True)
class ContactsPage:
    contacts: tuple[Contact, ...]
    offset: int
    total: int
    event_name: str | None  # the event the list is filtered by


async def contacts_page(
    repos: Repos, user: User, offset: int, event_id: int | None, *, size: int
) -> ContactsPage | None:
    """A page of the user's contacts, newest first; None when the event is not theirs."""
    event_name = None
    if event_id is not None:
        event = await repos.events.get(user.id, event_id)
        if event is None:
            return None
        event_name = event.name
    total = await repos.contacts.count(user.id, event_id=event_id)
    offset = max(0, min(offset, max(0, total - 1) // size * size))
    contacts = await repos.contacts.page(user.id, offset=offset, limit=size, event_id=event_id)
    return ContactsPage(tuple(contacts), offset, total, event_name)


@dataclass(frozen=True, slots=True)
class Found:
    """What /find shows: exact matches, or the closest names when nothing matched."""

    contacts: tuple[tuple[int, str, str | None], ...]  # (id, name, company)
    exact: bool


async def find_contacts(repos: Repos, user: User, query: str, *, limit: int) -> Found:
    """Full-text search (accents ignored, prefixes), then typo-tolerant matching."""
    contacts = repos.contacts
    exact = await contacts.search(user.id, query, limit=limit)
    if exact:
        return Found(tuple((c.id, c.name, c.company) for c in exact), True)
    # Only the words that could be typos of the query's: a few index ranges, not the
    # user's whole vocabulary.
    near = {w for needle in search_words(query) for w in await contacts.words_near(user.id, needle)}
    candidates = close_words(query, sorted(near))
    rows = await contacts.with_name_words(user.id, candidates, limit=FUZZY_CANDIDATES)
    by_id = {row[0]: row for row in rows}
    return Found(tuple(by_id[cid] for cid in fuzzy_matches(query, rows, limit=limit)), False)
