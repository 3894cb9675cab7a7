"""Limits on free-text contact fields; errors carry the numbers a reply needs.

Lengths are counted in characters (code points) after trimming. The length test comes
before any scan of the text, so a 20,000-character message costs one `strip()`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.contacts.text import collapse_whitespace

NAME_MAX = 200
NOTES_MAX = 2000
MET_WHERE_MAX = 200
ROLE_MAX = 200
COMPANY_MAX = 200


class FieldProblem(StrEnum):
    EMPTY = "empty"
    TOO_LONG = "too_long"
    NO_LETTERS = "no_letters"  # only digits, punctuation or emoji
    MULTIPLE_LINES = "multiple_lines"


@dataclass(frozen=True, slots=True)
class FieldError:
    reason: FieldProblem
    limit: int  # the maximum length for this field
    length: int  # the length of what was sent, after trimming


def validate_name(text: str) -> str | FieldError:
    """A person's name: one line, at least one letter, at most 200 characters."""
    trimmed = text.strip()
    if error := _check_length(trimmed, NAME_MAX):
        return error
    if "\n" in trimmed or "\r" in trimmed:
        return FieldError(FieldProblem.MULTIPLE_LINES, NAME_MAX, len(trimmed))
    if not any(ch.isalpha() for ch in trimmed):
        return FieldError(FieldProblem.NO_LETTERS, NAME_MAX, len(trimmed))
    return collapse_whitespace(trimmed)


def validate_notes(text: str) -> str | FieldError:
    """Free notes: several lines allowed (kept as typed), at most 2000 characters."""
    trimmed = text.strip()
    return _check_length(trimmed, NOTES_MAX) or trimmed


def validate_met_where(text: str) -> str | FieldError:
    """Where we met: at most 200 characters; line breaks become spaces."""
    trimmed = text.strip()
    return _check_length(trimmed, MET_WHERE_MAX) or collapse_whitespace(trimmed)


def validate_role(text: str) -> str | FieldError:
    """A job title: at most 200 characters, one line."""
    trimmed = text.strip()
    return _check_length(trimmed, ROLE_MAX) or collapse_whitespace(trimmed)


def validate_company(text: str) -> str | FieldError:
    """A company name: at most 200 characters, one line."""
    trimmed = text.strip()
    return _check_length(trimmed, COMPANY_MAX) or collapse_whitespace(trimmed)


def _check_length(trimmed: str, limit: int) -> FieldError | None:
    if not trimmed:
        return FieldError(FieldProblem.EMPTY, limit, 0)
    if len(trimmed) > limit:
        return FieldError(FieldProblem.TOO_LONG, limit, len(trimmed))
    return None
