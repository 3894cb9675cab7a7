"""Company names: one comparable form, and a fuzzy "same company?" test.

"Acme S.p.A.", "ACME spa" and "Acme" are one company; "Accenture" and "Accent" are not.
Legal suffixes and generic words ("Italia", "Group") are dropped before comparing, so
"Acme Italia S.r.l." matches "Acme" too.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from bot.jobposts.text import fold

# Dots are removed first, so "S.p.A." arrives here as "spa".
_LEGAL_SUFFIXES = frozenset(
    {
        "spa", "srl", "srls", "sas", "snc", "sapa", "scarl", "scrl", "coop", "onlus",
        "ltd", "limited", "inc", "incorporated", "llc", "llp", "plc", "corp", "corporation",
        "co", "gmbh", "ag", "kg", "sa", "sarl", "sl", "bv", "nv", "oy", "ab", "as", "pty",
    }
)  # fmt: skip
_GENERIC_WORDS = frozenset({"italia", "italy", "group", "gruppo", "holding", "the"})
_PUNCT = re.compile(r"[^\w\s]|_")
MATCH_THRESHOLD = 90.0


def normalise_company(name: str) -> str:
    """Lowercase, accent-free, punctuation-free, without trailing legal suffixes."""
    words = _PUNCT.sub(" ", fold(name).replace(".", "")).split()
    while len(words) > 1 and words[-1] in _LEGAL_SUFFIXES:
        words.pop()
    return " ".join(words)


def company_matches(a: str, b: str) -> bool:
    """Whether two names denote the same company (typos and suffixes tolerated)."""
    core_a, core_b = _core(a), _core(b)
    if not core_a or not core_b:
        return False
    if core_a.replace(" ", "") == core_b.replace(" ", ""):
        return True
    return fuzz.ratio(core_a, core_b) >= MATCH_THRESHOLD


def _core(name: str) -> str:
    words = [w for w in normalise_company(name).split() if w not in _GENERIC_WORDS]
    return " ".join(words)
