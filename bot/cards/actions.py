"""Use-cases of /card: keep your card and its token, and exchange cards by scanning.

An exchange starts when Bruno scans Anna's QR and saves her. Anna may then ask for Bruno's
details ("save Bruno too"); Bruno may share them ("share mine back"). Bruno's details reach
Anna only once he has shared them: in whichever order the two taps come, the second one
saves him in Anna's contacts.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from bot.cards import model
from bot.clock import Clock
from bot.contacts import actions as contacts
from bot.contacts.duplicates import MatchReason
from bot.contacts.model import ContactDraft
from bot.followups.choices import FollowupChoice, FollowupDay
from bot.followups.policy import local_today
from bot.services import Repos
from storage.cards import Card, Exchange
from storage.users import User

# Duplicate reasons that mean the same person (a similar name alone does not).
SAME_PERSON = frozenset({MatchReason.SAME_EMAIL, MatchReason.SAME_PHONE, MatchReason.SAME_USERNAME})
DEFAULT = FollowupChoice()  # the user's default number of days after the meeting


class ScanProblem(StrEnum):
    UNKNOWN = "unknown"  # never issued, or its owner deleted their data
    REVOKED = "revoked"  # replaced with /card new


@dataclass(frozen=True, slots=True)
class Scanned:
    owner_id: int
    card: Card
    own: bool  # the scanner is the owner: shown, nothing to save


@dataclass(frozen=True, slots=True)
class SavedFromCard:
    contact_id: int
    name: str
    follow_up: FollowupDay | None
    merged: bool  # they were in the contacts already: the card was merged in
    exchange_id: int
    owner_id: int
    first_save: bool  # tell the owner only the first time


@dataclass(frozen=True, slots=True)
class AlreadySaved:
    contact_id: int


@dataclass(frozen=True, slots=True)
class SavedBack:
    """The scanner's details, now in the owner's contacts."""

    contact_id: int
    name: str
    follow_up: FollowupDay | None
    merged: bool


class BackOutcome(StrEnum):
    ASKED = "asked"  # the scanner is asked to share; the owner waits
    ALREADY_ASKED = "already_asked"


class ShareOutcome(StrEnum):
    OFFERED = "offered"  # the owner has not asked: they are told, one tap saves
    ALREADY_SHARED = "already_shared"


# ---- your card ----------------------------------------------------------------------------


async def card_of(repos: Repos, user_id: int) -> Card | None:
    return await repos.cards.get(user_id)


async def save_card(repos: Repos, clock: Clock, user_id: int, card: Card) -> str:
    """Store the card; return its live token (a new one the first time)."""
    cards = repos.cards
    now = clock.now()
    async with repos.db.transaction():
        await cards.save(user_id, card, now)
        token = await cards.live_token(user_id)
        if token is None:
            token = model.new_token()
            await cards.add_token(user_id, token, now)
    return token


async def card_and_token(repos: Repos, clock: Clock, user_id: int) -> tuple[Card, str] | None:
    """The user's card and its live token; None before the card is filled in."""
    cards = repos.cards
    card = await cards.get(user_id)
    if card is None:
        return None
    token = await cards.live_token(user_id)
    if token is None:  # every token revoked and no new one made: make it now
        token = await save_card(repos, clock, user_id, card)
    return card, token


async def renew_token(repos: Repos, clock: Clock, user_id: int) -> str | None:
    """/card new: the old QR stops working, a new one is made. None without a card."""
    cards = repos.cards
    now = clock.now()
    async with repos.db.transaction():
        if await cards.get(user_id) is None:
            return None
        await cards.revoke_tokens(user_id, now)
        token = model.new_token()
        await cards.add_token(user_id, token, now)
    return token


# ---- scanning -------------------------------------------------------------------------------


async def open_card(repos: Repos, scanner_id: int, token: str) -> Scanned | ScanProblem:
    cards = repos.cards
    owner = await cards.token_owner(token) if model.looks_like_token(token) else None
    if owner is None:
        return ScanProblem.UNKNOWN
    if owner.revoked:
        return ScanProblem.REVOKED
    card = await cards.get(owner.user_id)
    if card is None:
        return ScanProblem.UNKNOWN
    return Scanned(owner.user_id, card, own=owner.user_id == scanner_id)


async def save_scanned(
    repos: Repos, clock: Clock, scanner: User, token: str
) -> SavedFromCard | AlreadySaved | Scanned | ScanProblem:
    """The one tap under a scanned card: its owner in the scanner's contacts.

    Returns the Scanned card unchanged when it is the scanner's own (nothing saved).
    """
    scanned = await open_card(repos, scanner.id, token)
    if isinstance(scanned, ScanProblem) or scanned.own:
        return scanned
    cards = repos.cards
    async with repos.db.transaction():
        exchange = await cards.exchange_between(scanned.owner_id, scanner.id)
        if exchange is not None and exchange.scanner_contact_id is not None:
            return AlreadySaved(exchange.scanner_contact_id)
        draft = model.to_draft(scanned.card)
        key = f"card-{scanned.owner_id}"
        contact_id, when, merged = await _save_draft(repos, clock, scanner, draft, key)
        exchange_id, first = await cards.record_scan_save(
            scanned.owner_id, scanner.id, contact_id, clock.now()
        )
    return SavedFromCard(
        contact_id, scanned.card.name, when, merged, exchange_id, scanned.owner_id, first
    )


async def exchange_of(repos: Repos, user_id: int, exchange_id: int) -> Exchange | None:
    return await repos.cards.exchange_for(exchange_id, user_id)


async def ask_back(
    repos: Repos, clock: Clock, owner: User, exchange_id: int
) -> SavedBack | AlreadySaved | BackOutcome | None:
    """The owner's "save Bruno too". None: not this owner's exchange (a stale or forged tap)."""
    cards = repos.cards
    async with repos.db.transaction():
        exchange = await cards.exchange_for(exchange_id, owner.id)
        if exchange is None or exchange.owner_id != owner.id:
            return None
        if exchange.owner_contact_id is not None:
            return AlreadySaved(exchange.owner_contact_id)
        if exchange.shared_details is not None:
            return await _save_back(repos, clock, owner, exchange.id, exchange.shared_details)
        if exchange.owner_asked_at is not None:
            return BackOutcome.ALREADY_ASKED
        await cards.mark_owner_asked(exchange.id, clock.now())
        return BackOutcome.ASKED


async def share_back(
    repos: Repos, clock: Clock, scanner: User, exchange_id: int, details: dict[str, Any]
) -> tuple[Exchange, SavedBack | ShareOutcome] | None:
    """The scanner's "share mine back": saved in the owner's contacts if they asked already,
    else kept until they do. None: not this scanner's exchange (a stale or forged tap)."""
    cards = repos.cards
    async with repos.db.transaction():
        exchange = await cards.exchange_for(exchange_id, scanner.id)
        if exchange is None or exchange.scanner_id != scanner.id:
            return None
        if exchange.shared_at is not None:
            return exchange, ShareOutcome.ALREADY_SHARED
        await cards.record_share(exchange.id, details, clock.now())
        owner = await repos.users.get(exchange.owner_id)
        if exchange.owner_asked_at is None or owner is None:
            return exchange, ShareOutcome.OFFERED
        return exchange, await _save_back(repos, clock, owner, exchange.id, details)


async def _save_back(
    repos: Repos, clock: Clock, owner: User, exchange_id: int, details: dict[str, Any]
) -> SavedBack:
    draft = model.draft_from_shared(details)
    key = f"card-back-{exchange_id}"
    contact_id, when, merged = await _save_draft(repos, clock, owner, draft, key)
    await repos.cards.set_owner_contact(exchange_id, contact_id)
    return SavedBack(contact_id, draft.name, when, merged)


async def _save_draft(
    repos: Repos, clock: Clock, user: User, draft: ContactDraft, key: str
) -> tuple[int, FollowupDay | None, bool]:
    """Save as /add would: met today, tagged with the event the user is checked in to, the
    follow-up after their default number of days; `key` makes a replayed tap save nothing
    twice. Someone already in the contacts (same e-mail, phone or username) is merged into,
    not saved twice: (contact id, follow-up, merged)."""
    draft.met_on = local_today(clock.now(), user.timezone)
    draft.event_id = user.current_event_id
    saved = await contacts.save_contact(repos, clock, user, draft, DEFAULT, dialogue_key=key)
    if isinstance(saved, contacts.PossibleDuplicates):
        same = [c for c, match in saved.matches if set(match.reasons) & SAME_PERSON]
        if same:
            merged = await contacts.merge_contact(
                repos, clock, user, same[0].id, draft, DEFAULT, {}
            )
            if isinstance(merged, contacts.Merged):
                return merged.contact_id, merged.followup, True
        saved = await contacts.save_contact(
            repos, clock, user, draft, DEFAULT, dialogue_key=key, check_duplicates=False
        )
    assert isinstance(saved, contacts.Saved)
    return saved.contact_id, saved.followup, False
