"""Company names: one comparable form, and a fuzzy "same company?" test.

Shared by duplicate detection (is this the same person at the same company?), imports, and
job posts (do you know someone at the company that posted this?). "Acme S.p.A.", "ACME spa",
"A.C.M.E." and "Acme" are one company; so are "Accenture Italia", "Accenture Italy S.r.l."
and "Accenture" (a country after the name is a branch, not another company), but not "Banca
d'Italia" and "Banca" (the country is the name there); "Accenture" and "Accent" are not.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from bot.contacts.text import fold

# Legal forms dropped from the end of a name. Dots are removed first, so "S.p.A." is "spa".
_LEGAL_SUFFIXES = frozenset(
    [
        "spa",
        "srl",
        "srls",
        "sapa",
        "sas",
        "snc",
        "scarl",
        "scrl",
        "coop",
        "onlus",
        "ltd",
        "limited",
        "inc",
        "incorporated",
        "llc",
        "llp",
        "plc",
        "corp",
        "corporation",
        "co",
        "gmbh",
        "ag",
        "kg",
        "sa",
        "sarl",
        "sl",
        "bv",
        "nv",
        "oy",
        "ab",
        "as",
        "pty",
    ]
)
# Countries and regions written after a company's name for its branch there.
_COUNTRY_SUFFIXES = frozenset(
    {
        "italia",
        "italy",
        "europe",
        "europa",
        "emea",
        "international",
        "uk",
        "usa",
        "us",
        "deutschland",
        "germany",
        "france",
        "espana",
        "spain",
        "schweiz",
        "suisse",
        "svizzera",
        "switzerland",
        "austria",
        "nederland",
        "netherlands",
        "belgium",
        "ireland",
        "portugal",
        "polska",
    }
)
# "Banca d'Italia", "Bank of Italy": after these the country is part of the name.
_NAME_LINKS = frozenset({"d", "di", "del", "della", "dell", "of", "de", "du", "des", "der"})
# Words that do not tell companies apart ("Acme Italia Group" is Acme) when matching loosely.
_GENERIC_WORDS = frozenset({"italia", "italy", "group", "gruppo", "holding", "the"})
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
MATCH_THRESHOLD = 90.0


def normalise_company(name: str | None) -> str:
    """Lower case, accent-free, punctuation-free, without trailing legal forms and countries:
    "ACME S.p.A." -> "acme"; "Accenture Italia S.r.l." -> "accenture";
    "Rossi & Figli Srl" -> "rossi figli"; "Banca d'Italia" stays "banca d italia"."""
    if not name:
        return ""
    words = _join_initials(_NON_ALNUM.sub(" ", fold(name).replace(".", "")).split())
    while len(words) > 1 and (
        words[-1] in _LEGAL_SUFFIXES
        or (words[-1] in _COUNTRY_SUFFIXES and words[-2] not in _NAME_LINKS)
    ):
        words.pop()
    return " ".join(words)


def company_matches(a: str | None, b: str | None) -> bool:
    """Whether two names denote the same company (typos and legal forms tolerated)."""
    core_a, core_b = _core(a), _core(b)
    if not core_a or not core_b:
        return False
    if core_a.replace(" ", "") == core_b.replace(" ", ""):
        return True
    return fuzz.ratio(core_a, core_b) >= MATCH_THRESHOLD


def _core(name: str | None) -> str:
    return " ".join(w for w in normalise_company(name).split() if w not in _GENERIC_WORDS)


def _join_initials(words: list[str]) -> list[str]:
    """["a", "c", "m", "e", "srl"] -> ["acme", "srl"]: spaced-out initials form one word."""
    out: list[str] = []
    run = ""
    for word in [*words, ""]:
        if len(word) == 1:
            run += word
            continue
        if run:
            out.append(run)
            run = ""
        if word:
            out.append(word)
    return out
