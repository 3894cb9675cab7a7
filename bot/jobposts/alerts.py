"""Personal keyword alerts: ``python "data engineer" -senior @milano remote``.

Syntax (one line, terms separated by spaces; every term must hold):
- ``word``        the post contains the word; case- and accent-insensitive, and tolerant
                  of plurals: ``developer`` matches "developers", ``sviluppatore`` matches
                  "sviluppatori" (a word of 4+ letters may differ in its last vowel and gain
                  up to 2 letters; ``java`` does NOT match "javascript").
- ``"a phrase"``  the words appear in this order, adjacent (exact, no plural tolerance).
- ``-word``, ``-"a phrase"``  the post must not contain it.
- ``@place``, ``@"reggio emilia"``  the post is in that place: the extracted location is
                  that place (Milan = Milano), or the place is named in the text.
- ``remote`` (also ``remoto``, ``full-remote``)  the post is remote only (work mode
                  REMOTE; hybrid does not count).
Only one place: a second ``@place`` replaces the first. Terms are kept lowercased, accents
kept, so ``to_text()`` shows what the user typed and parses back to the same rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.jobposts.extract import JobPostFields, WorkMode
from bot.jobposts.places import canonical_place
from bot.jobposts.text import fold

MAX_RULE_LENGTH = 200
_REMOTE_WORDS = frozenset({"remote", "remoto", "full-remote", "fullremote"})
_TERM_RE = re.compile(r'(?P<prefix>-|@)?(?:"(?P<quoted>[^"]*)"?|(?P<bare>[^\s"]+))')
_WORD_RE = re.compile(r"\w+")
_VOWELS = frozenset("aeiou")


class RuleErrorReason(StrEnum):
    EMPTY = "empty"
    TOO_LONG = "too_long"
    ONLY_EXCLUSIONS = "only_exclusions"


@dataclass(frozen=True, slots=True)
class RuleError:
    """Why a rule was refused; the i18n layer turns the reason into a sentence."""

    reason: RuleErrorReason


@dataclass(frozen=True, slots=True)
class AlertRule:
    """A parsed alert rule; all terms are lowercase (accents kept for display)."""

    words: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()  # words or phrases (a phrase contains a space)
    place: str | None = None
    remote_only: bool = False

    def matches(self, text: str, fields: JobPostFields) -> bool:
        """Whether a post (its text and its extracted fields) satisfies every term."""
        if self.remote_only and fields.work_mode is not WorkMode.REMOTE:
            return False
        tokens = _WORD_RE.findall(fold(text))
        joined = f" {' '.join(tokens)} "
        if self.place is not None and not _in_place(self.place, fields, joined):
            return False
        if not all(_has_phrase(joined, p) for p in self.phrases):
            return False
        if not all(_has_word(tokens, w) for w in self.words):
            return False
        return not any(
            _has_phrase(joined, x) if " " in x else _has_word(tokens, x) for x in self.excluded
        )

    def to_text(self) -> str:
        """The rule in its canonical written form (``parse_rule`` reads it back)."""
        parts = [*self.words, *(f'"{p}"' for p in self.phrases)]
        if self.place is not None:
            parts.append(f'@"{self.place}"' if " " in self.place else f"@{self.place}")
        if self.remote_only:
            parts.append("remote")
        parts.extend(f'-"{x}"' if " " in x else f"-{x}" for x in self.excluded)
        return " ".join(parts)


def parse_rule(text: str) -> AlertRule | RuleError:
    """Parse a rule typed by a user (see the module docstring for the syntax)."""
    if len(text) > MAX_RULE_LENGTH:
        return RuleError(RuleErrorReason.TOO_LONG)
    words: list[str] = []
    phrases: list[str] = []
    excluded: list[str] = []
    place: str | None = None
    remote_only = False
    for match in _TERM_RE.finditer(text):
        prefix, quoted = match.group("prefix"), match.group("quoted")
        term = " ".join((quoted if quoted is not None else match.group("bare") or "").split())
        term = term.lower().strip()
        if not _WORD_RE.search(term):  # a lone "-", "@" or '""'
            continue
        if prefix == "@":
            place = term
        elif prefix == "-":
            _add(excluded, term)
        elif quoted is None and term in _REMOTE_WORDS:
            remote_only = True
        elif quoted is not None and " " in term:
            _add(phrases, term)
        else:
            _add(words, term)
    if not (words or phrases or place or remote_only):
        return RuleError(RuleErrorReason.ONLY_EXCLUSIONS if excluded else RuleErrorReason.EMPTY)
    return AlertRule(tuple(words), tuple(phrases), tuple(excluded), place, remote_only)


def _add(terms: list[str], term: str) -> None:
    if term not in terms:
        terms.append(term)


def _has_word(tokens: list[str], word: str) -> bool:
    """Token equal to ``word``, or a plural/gender variant of it (see the module docstring).

    A "word" with punctuation inside ("node.js", "full-time") is matched as a phrase."""
    parts = _WORD_RE.findall(fold(word))
    if len(parts) != 1:
        return _has_phrase(f" {' '.join(tokens)} ", word)
    folded = parts[0]
    if len(folded) < 4:
        return folded in tokens
    stem = folded[:-1] if folded[-1] in _VOWELS else folded
    return any(t.startswith(stem) and len(t) - len(stem) <= 2 for t in tokens)


def _has_phrase(joined: str, phrase: str) -> bool:
    return f" {' '.join(_WORD_RE.findall(fold(phrase)))} " in joined


def _in_place(place: str, fields: JobPostFields, joined: str) -> bool:
    """By the extracted location when there is one, else by the place named in the text."""
    wanted = canonical_place(place) or place
    if fields.location is not None:
        return fold(canonical_place(fields.location) or fields.location) == fold(wanted)
    return any(_has_phrase(joined, name) for name in {place, wanted})
