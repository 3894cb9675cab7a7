"""The fast paths of the job-post reader give the answers of the plain regexes they replace.

``features`` looks phrases up by their first word instead of searching a regex of a thousand
alternatives; ``text.trie_pattern`` folds word lists into tries; ``salary`` looks for money
only around digits. Each is checked here against the plain form on every message we keep
(hand-written corpus and the real set, labels unused), so a speed-up cannot change a verdict.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bot.jobposts import features
from bot.jobposts.labels import FIELD_OF
from bot.jobposts.salary import MONEY_RE, _money_in
from bot.jobposts.text import fold, strip_accents, trie_pattern

DATA = Path(__file__).parent / "data" / "jobposts"


def _texts() -> list[str]:
    texts: list[str] = []
    for path in sorted(DATA.rglob("*.jsonl")):
        with path.open(encoding="utf-8") as f:
            texts.extend(json.loads(line)["text"] for line in f if line.strip())
    return texts


TEXTS = _texts()


def _reference_phrase_re() -> tuple[re.Pattern[str], list[str]]:
    """The phrase families as one regex: a word-start check, then per family (in order) its
    phrases longest first; a ``*`` phrase takes any ending, others end on a word boundary."""
    names: list[str] = []
    groups: list[str] = []
    for name, phrases in features._PHRASES:
        alternatives = []
        for raw in phrases.split("|"):
            text = re.escape(strip_accents(raw.rstrip("*")).lower())
            alternatives.append(text + (r"\w*" if raw.endswith("*") else r"(?!\w)"))
        alternatives = sorted(set(alternatives), key=len, reverse=True)
        groups.append(f"(?P<g{len(names)}>{'|'.join(alternatives)})")
        names.append(name)
    return re.compile(rf"(?<![\w#@/])(?:{'|'.join(groups)})"), names


def test_phrase_lookup_finds_what_the_phrase_regex_finds() -> None:
    pattern, names = _reference_phrase_re()
    assert len(TEXTS) > 300
    for text in TEXTS:
        folded = fold(text)
        expected = {names[int(m.lastgroup[1:])] for m in pattern.finditer(folded)}  # type: ignore[index]
        assert features._phrase_families(folded) == expected, text[:80]


@pytest.mark.parametrize(
    "folded",
    [
        "l'inserimento di 3 sviluppatori",  # a phrase may start after an apostrophe
        "milano/remote",  # not right after a "/"
        "50 % off today, 50% off",
        "offerta: ux designer; in offerta a clienti",
        "#hiring #remote jobs@x.com",
        "we're hiring!",
    ],
)
def test_phrase_lookup_edge_cases(folded: str) -> None:
    pattern, names = _reference_phrase_re()
    expected = {names[int(m.lastgroup[1:])] for m in pattern.finditer(folded)}  # type: ignore[index]
    assert features._phrase_families(folded) == expected


def test_trie_pattern_matches_like_the_joined_alternation() -> None:
    words = sorted(FIELD_OF, key=len, reverse=True)
    joined = re.compile(rf"^(?:{'|'.join(map(re.escape, words))})\s*:", re.IGNORECASE)
    trie = re.compile(rf"^(?:{trie_pattern(words)})\s*:", re.IGNORECASE)
    lines = [line for text in TEXTS for line in text.splitlines()]
    lines += [f"{word}: x" for word in words] + [f"{word}s: x" for word in words]
    for line in lines:
        a, b = joined.match(line), trie.match(line)
        assert (a and a.group(0)) == (b and b.group(0)), line
    assert trie_pattern("ral|rate|salary") == "(?:ra(?:l|te)|salary)"


def test_money_is_found_around_digits_as_everywhere() -> None:
    for text in TEXTS:
        expected = [m.span() for m in MONEY_RE.finditer(text)]
        assert [m.span() for m in _money_in(text)] == expected, text[:80]
