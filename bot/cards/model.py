"""Your own card: its fields, the questions that fill them, its token and deep link.

Nothing here knows about Telegram. The editor asks the fields in `ORDER`; each answer is
checked with the same validators as /add, so a card and a contact agree on what is valid.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from bot.contacts.card import role_at_company
from bot.contacts.channels import ChannelProblem, parse_channels
from bot.contacts.model import ContactDraft
from bot.contacts.parsing import parse_role_company
from bot.contacts.validation import (
    COMPANY_MAX,
    FieldError,
    FieldProblem,
    validate_company,
    validate_name,
    validate_role,
)
from storage.cards import Card

SOURCE = "card"  # ContactDraft.source of a contact saved from someone's card
TOKEN_BYTES = 16  # 22 URL-safe characters: unguessable, well under Telegram's 64 for /start
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,43}")


class CardStep(StrEnum):
    NAME = "name"
    WORK = "work"  # "HR manager @ Acme"
    EMAIL = "email"
    PHONE = "phone"
    LINKEDIN = "linkedin"


ORDER = tuple(CardStep)
OPTIONAL = frozenset(ORDER) - {CardStep.NAME}


class CardProblem(StrEnum):
    NOT_AN_EMAIL = "not_an_email"
    NOT_A_PHONE = "not_a_phone"
    NOT_A_LINKEDIN = "not_a_linkedin"


@dataclass(frozen=True, slots=True)
class AnswerError:
    """Why an answer was refused: a field limit, a channel problem, or the wrong kind."""

    field: FieldError | None = None
    channel: ChannelProblem | None = None
    problem: CardProblem | None = None


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def looks_like_token(text: str) -> bool:
    return _TOKEN.fullmatch(text) is not None


def deep_link(bot_username: str, token: str) -> str:
    return f"https://t.me/{bot_username}?start={token}"


def value_of(card: Card, step: CardStep) -> str | None:
    if step == CardStep.NAME:
        return card.name
    if step == CardStep.WORK:
        return role_at_company(card.role, card.company) or None
    if step == CardStep.EMAIL:
        return card.email
    if step == CardStep.PHONE:
        return card.phone
    return card.linkedin_url


def clear(card: Card, step: CardStep) -> Card:
    """The card without the field of an optional step."""
    if step == CardStep.WORK:
        return replace(card, role=None, company=None)
    if step == CardStep.EMAIL:
        return replace(card, email=None)
    if step == CardStep.PHONE:
        return replace(card, phone=None)
    if step == CardStep.LINKEDIN:
        return replace(card, linkedin_url=None)
    return card


def answer(card: Card, step: CardStep, text: str, *, region: str) -> Card | AnswerError:
    """The card with the typed answer to `step`, or why it was refused (card unchanged)."""
    if step == CardStep.NAME:
        name = validate_name(text)
        return AnswerError(field=name) if isinstance(name, FieldError) else replace(card, name=name)
    if step == CardStep.WORK:
        return _work(card, text)
    if len(text) > 300 or "\n" in text.strip():
        return AnswerError(field=FieldError(FieldProblem.MULTIPLE_LINES, 300, len(text)))
    found = parse_channels(text, default_region=region)
    if found.problems:
        return AnswerError(channel=found.problems[0])
    if step == CardStep.EMAIL and found.emails:
        return replace(card, email=found.emails[0])
    if step == CardStep.PHONE and found.phones:
        return replace(card, phone=found.phones[0])
    if step == CardStep.LINKEDIN and found.linkedin_urls:
        return replace(card, linkedin_url=found.linkedin_urls[0])
    wrong_kind = {
        CardStep.EMAIL: CardProblem.NOT_AN_EMAIL,
        CardStep.PHONE: CardProblem.NOT_A_PHONE,
        CardStep.LINKEDIN: CardProblem.NOT_A_LINKEDIN,
    }
    return AnswerError(problem=wrong_kind[step])


def _work(card: Card, text: str) -> Card | AnswerError:
    role, company = parse_role_company(text)
    checked_role = validate_role(role) if role else None
    if isinstance(checked_role, FieldError):
        return AnswerError(field=checked_role)
    checked_company = validate_company(company) if company else None
    if isinstance(checked_company, FieldError):
        return AnswerError(field=checked_company)
    if checked_role is None and checked_company is None:
        return AnswerError(field=FieldError(FieldProblem.EMPTY, COMPANY_MAX, 0))
    return replace(card, role=checked_role, company=checked_company)


def to_draft(card: Card) -> ContactDraft:
    """The card as a contact to save (for whoever scanned it)."""
    return ContactDraft(
        name=card.name,
        company=card.company,
        role=card.role,
        emails=[card.email] if card.email else [],
        phones=[card.phone] if card.phone else [],
        linkedin_url=card.linkedin_url,
        source=SOURCE,
    )


def card_to_json(card: Card) -> dict[str, Any]:
    return {
        "name": card.name,
        "role": card.role,
        "company": card.company,
        "email": card.email,
        "phone": card.phone,
        "linkedin_url": card.linkedin_url,
    }


def card_from_json(data: dict[str, Any]) -> Card:
    def text(key: str) -> str | None:
        value = data.get(key)
        return value if isinstance(value, str) and value else None

    return Card(
        name=text("name") or "",
        role=text("role"),
        company=text("company"),
        email=text("email"),
        phone=text("phone"),
        linkedin_url=text("linkedin_url"),
    )


def shared_details(card: Card | None, *, full_name: str, username: str | None) -> dict[str, Any]:
    """What "share mine back" gives: your card, or without one your Telegram name."""
    return {**card_to_json(card or Card(name=full_name)), "telegram_username": username}


def draft_from_shared(details: dict[str, Any]) -> ContactDraft:
    draft = to_draft(card_from_json(details))
    username = details.get("telegram_username")
    draft.telegram_username = username if isinstance(username, str) and username else None
    return draft
