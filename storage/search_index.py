"""The contacts search index is partitioned by owner inside FTS5 itself.

Every indexed word is stored as `o<owner_id>_<word>`, and every query word is sent as the
prefix `"o<owner_id>_<word>"*`. FTS5 keeps its terms sorted, so a prefix query reads only
the terms of that owner: /find costs what the user's own address book costs, not what the
whole database holds (a plain index reads a common word's entries for every user, then
filters). The SQL function `rete_owner_words` does the prefixing for the triggers; every
connection that writes contacts must register it (`Database.open` does).

Python decides where words end; the index's tokenizer must never split a word further, or the
part after the split would be a token outside its owner's part (planted in someone else's, if
it reads `o<other>_…`). So the tokenizer (migration 0009) counts every category but
separators (Z*) and controls (Cc) as part of a token: a superset of Python's word characters
in any Unicode version, whatever Unicode tables SQLite was built with.
`tests/test_search_index.py` checks every code point.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

FUNCTION_NAME = "rete_owner_words"
# Letters, digits and "_" (so `o42_word` is one token): all token characters for the index.
_WORD = re.compile(r"\w+")
MAX_QUERY_WORDS = 12


def words(text: str) -> list[str]:
    # NFC first: a decomposed "ò" (o + combining accent) must not split the word.
    return _WORD.findall(unicodedata.normalize("NFC", text))


def owner_words(owner_id: int, text: str | None) -> str | None:
    """'Niccolò D'Angelo' for owner 42 -> 'o42_Niccolò o42_D o42_Angelo'."""
    if not text:
        return None
    return " ".join(f"o{owner_id}_{word}" for word in words(text)) or None


def match_any(
    owner_id: int, alternatives: Sequence[Sequence[str]], *, column: str | None = None
) -> str | None:
    """Exact words: for every group one of its words, e.g. (rossi OR rosi) AND (acme)."""
    groups = [
        "(" + " OR ".join(f'"o{owner_id}_{word}"' for word in words(" ".join(group))) + ")"
        for group in alternatives
        if words(" ".join(group))
    ]
    if not groups:
        return None
    terms = " AND ".join(groups)
    return f"{column} : ({terms})" if column else terms


def match_query(owner_id: int, text: str, *, column: str | None = None) -> str | None:
    """A safe MATCH expression: every word of `text` a quoted prefix of the owner's terms,
    AND-ed (optionally within one column). None when `text` has no word."""
    found = words(text)[:MAX_QUERY_WORDS]
    if not found:
        return None
    terms = " AND ".join(f'"o{owner_id}_{word}"*' for word in found)
    return f"{column} : ({terms})" if column else terms
