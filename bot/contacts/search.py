"""Typo-tolerant search over a user's names and companies, for when full-text finds nothing.

In two steps that keep the work proportional to the user's distinct words: `close_words`
picks, from the vocabulary of the user's index, the words each query word could be a typo
of; storage fetches the contacts holding them; `fuzzy_matches` ranks those.

Word by word: each query word is matched (rapidfuzz `ratio` ≥ 75, accents and case folded)
against the vocabulary of the user's names and companies; a contact is found when every
query word matches one of its words, scored by the mean similarity. Matching against the
vocabulary (not each contact) keeps the rapidfuzz work proportional to distinct words.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from rapidfuzz import fuzz, process

from bot.contacts.text import fold

WORD_CUTOFF = 75.0
MAX_QUERY_WORDS = 6
MAX_QUERY = 200
_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def close_words(query: str, vocabulary: Sequence[str], *, per_word: int = 20) -> list[list[str]]:
    """For each word of `query`, the vocabulary words close enough to be a typo of it; empty
    when some query word has none (then nobody can match every word)."""
    groups = []
    for needle in words(query[:MAX_QUERY])[:MAX_QUERY_WORDS]:
        close = process.extract(
            needle, vocabulary, scorer=fuzz.ratio, score_cutoff=WORD_CUTOFF, limit=per_word
        )
        if not close:
            return []
        groups.append([word for word, _, _ in close])
    return groups


def fuzzy_matches(
    query: str, rows: Sequence[tuple[int, str, str | None]], *, limit: int = 8
) -> list[int]:
    """Ids of the contacts closest to `query` (rows: id, name, company), best first."""
    needles = words(query[:MAX_QUERY])[:MAX_QUERY_WORDS]
    if not needles:
        return []
    owners: dict[str, set[int]] = defaultdict(set)
    for contact_id, name, company in rows:
        for word in words(f"{name} {company or ''}"):
            owners[word].add(contact_id)
    vocabulary = list(owners)
    scores: dict[int, float] = {}
    for position, needle in enumerate(needles):
        best: dict[int, float] = {}
        for word, score, _ in process.extract(
            needle, vocabulary, scorer=fuzz.ratio, score_cutoff=WORD_CUTOFF, limit=200
        ):
            for contact_id in owners[word]:
                best[contact_id] = max(best.get(contact_id, 0.0), score)
        if position == 0:
            scores = best
        else:
            scores = {cid: scores[cid] + s for cid, s in best.items() if cid in scores}
        if not scores:
            return []
    ranked = sorted(scores.items(), key=lambda item: (-item[1], -item[0]))
    return [contact_id for contact_id, _ in ranked[:limit]]
