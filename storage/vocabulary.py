"""The words of each user's contacts' names and companies, for /find's typo fallback.

Two tables kept by triggers (migration 0011): `contact_words` (owner, word, uses) and
`contact_word_keys` (owner, key, word). A word's keys are its first four letters, and those
four letters less one of them. A word typed with one mistake in its first four letters
(a letter changed, missing, added or swapped) shares a key with the word it means, and one
with the mistake further on shares the first four letters: so `query_keys` of what was
typed finds, by index, every word within one edit at the start, and the fuzzy ranking
(bot.contacts.search) judges those few instead of the whole vocabulary.

Words are folded as the search index folds them: accents removed, lower case. The SQL
functions split and key the text for the triggers; every connection that writes contacts
must register them (`storage.db.configure` does).
"""

from __future__ import annotations

import json
import re
import unicodedata

WORDS_FUNCTION = "rete_name_words"
KEYS_FUNCTION = "rete_word_keys"
PREFIX = 4
_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def name_words(*texts: str | None) -> list[str]:
    """The distinct folded words of `texts`, in order."""
    found = _WORD.findall(fold(" ".join(t for t in texts if t)))
    return list(dict.fromkeys(found))


def _less_one(text: str) -> set[str]:
    return {text[:i] + text[i + 1 :] for i in range(len(text))} - {""}


def word_keys(word: str) -> list[str]:
    """The keys stored for a vocabulary word."""
    start = word[:PREFIX]
    return sorted({start} | _less_one(start))


def query_keys(word: str) -> list[str]:
    """The keys to look up for a typed word (folded): its own, those of its first five
    letters less one (a letter too many), and its first three (a letter missing)."""
    start = word[:PREFIX]
    return sorted({start, word[: PREFIX - 1]} | _less_one(start) | _less_one(word[: PREFIX + 1]))


def name_words_json(name: str | None, company: str | None) -> str:
    return json.dumps(name_words(name, company), ensure_ascii=False)


def word_keys_json(word: str) -> str:
    return json.dumps(word_keys(word), ensure_ascii=False)
