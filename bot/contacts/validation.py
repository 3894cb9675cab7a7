"""Limits on free-text contact fields; errors carry the numbers a reply needs.

The same limits hold for typed and imported contacts (bot/porting/fields.py clips imported
values to them and says so). Lengths are counted in characters (code points) after control
characters are removed and the text is trimmed; text more than four times over a limit is
refused before it is scanned.

Control characters never reach storage: NUL and the other C0/C1 controls, bidirectional
overrides and isolates (which can make a name display reversed), byte-order marks and
non-characters are removed; tabs become spaces and other line breaks (CR, U+2028) become
"\n" where lines are kept. One NUL in a name once made a whole export unreadable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.contacts.text import collapse_whitespace

NAME_MAX = 200
NOTES_MAX = 2000
MET_WHERE_MAX = 200
ROLE_MAX = 200
COMPANY_MAX = 200
TAG_MAX = 60
TAGS_MAX = 20
# How many e-mails and phones one contact keeps. Typed in /add: 5 of each. An address book
# entry may carry more (an iPhone card with home, work, fax, pager…), so imports keep 10.
EMAILS_MAX = 5
PHONES_MAX = 5
IMPORTED_CHANNELS_MAX = 10

_INVISIBLE_CHARS = (
    "\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff\ud800-\udfff"
)
_LINE_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")
_ASCII_CONTROLS = bytes(code for code in range(32) if code != 0x0A) + b"\x7f"
# Text this many times longer than a field's limit is refused before it is scanned at all.
_SCAN_FACTOR = 4


def strip_control_characters(text: str) -> str:
    """The text without control characters (see the module docstring); "\n" is kept."""
    # The usual case, nothing to remove, found by the fastest scan at hand (re is slower).
    if text.isascii():
        raw = text.encode("ascii")
        if len(raw.translate(None, _ASCII_CONTROLS)) == len(raw):
            return text
    elif text.isprintable():
        return text
    return _INVISIBLE.sub("", _LINE_BREAKS.sub("\n", text.replace("\t", " ")))


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
    trimmed = _within_limit(text, NAME_MAX)
    if isinstance(trimmed, FieldError):
        return trimmed
    if "\n" in trimmed:
        return FieldError(FieldProblem.MULTIPLE_LINES, NAME_MAX, len(trimmed))
    if not any(ch.isalpha() for ch in trimmed):
        return FieldError(FieldProblem.NO_LETTERS, NAME_MAX, len(trimmed))
    return collapse_whitespace(trimmed)


def validate_notes(text: str) -> str | FieldError:
    """Free notes: several lines allowed (kept as typed), at most 2000 characters."""
    return _within_limit(text, NOTES_MAX)


def validate_met_where(text: str) -> str | FieldError:
    """Where we met: at most 200 characters; line breaks become spaces."""
    return _one_line(_within_limit(text, MET_WHERE_MAX))


def validate_role(text: str) -> str | FieldError:
    """A job title: at most 200 characters, one line."""
    return _one_line(_within_limit(text, ROLE_MAX))


def validate_company(text: str) -> str | FieldError:
    """A company name: at most 200 characters, one line."""
    return _one_line(_within_limit(text, COMPANY_MAX))


def _one_line(value: str | FieldError) -> str | FieldError:
    return value if isinstance(value, FieldError) else collapse_whitespace(value)


def _within_limit(text: str, limit: int) -> str | FieldError:
    """Trimmed, without control characters, not empty and not over `limit`. Text far over
    the limit is refused before any scan: a 20,000-character message costs one strip()."""
    trimmed = text.strip()
    if len(trimmed) > _SCAN_FACTOR * limit:
        return FieldError(FieldProblem.TOO_LONG, limit, len(trimmed))
    cleaned = strip_control_characters(trimmed).strip()
    return _check_length(cleaned, limit) or cleaned


def _check_length(trimmed: str, limit: int) -> FieldError | None:
    if not trimmed:
        return FieldError(FieldProblem.EMPTY, limit, 0)
    if len(trimmed) > limit:
        return FieldError(FieldProblem.TOO_LONG, limit, len(trimmed))
    return None
