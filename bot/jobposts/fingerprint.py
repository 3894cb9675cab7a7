"""De-duplication of job posts: the same offer re-posted, forwarded or lightly edited.

``fingerprint`` is an exact key over a normalised text (store it, index it). ``same_offer``
adds a fuzzy comparison (rapidfuzz token-set ratio) for reposts that differ by a line, a
hashtag or a link, guarded by the extracted fields so that two *different* roles, places
or seniorities at one company — often posted with the same boilerplate — stay distinct.

The time window (an offer re-posted within 14 days is a duplicate, later it is news again)
is the caller's job: compare only against posts stored in the last 14 days. ``offer_words``
are the keys storage narrows those posts by (the offers sharing a post's rarest words), so
the fuzzy comparison runs on a handful of candidates, never on every recent offer.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

from rapidfuzz import fuzz

from bot.companies import company_matches
from bot.jobposts.extract import JobPostFields, extract
from bot.jobposts.text import fold

SIMILARITY_THRESHOLD = 88.0
ROLE_THRESHOLD = 85.0
# Below this many words the fuzzy path is not trusted: the token-set ratio of a short text
# contained in a longer one is 100.
MIN_WORDS_FOR_FUZZY = 8

_URL_RE = re.compile(r"(?:https?://|www\.|\bt\.me/)\S+")
_EMAIL_RE = re.compile(r"\S+@\S+\.\w+")
_MENTION_HASHTAG_RE = re.compile(r"[#@]\w+")
_NON_WORD_RE = re.compile(r"[\W_]+")  # punctuation, emoji, symbols, whitespace
# Words shorter than this are mostly articles and prepositions: they narrow nothing.
MIN_KEY_LENGTH = 3
MAX_KEYS = 64


def normalise_for_matching(text: str) -> str:
    """Folded text without links, e-mails, hashtags, mentions, emoji and punctuation."""
    text = _URL_RE.sub(" ", fold(text))
    text = _MENTION_HASHTAG_RE.sub(" ", _EMAIL_RE.sub(" ", text))
    return _NON_WORD_RE.sub(" ", text).strip()


def offer_words(normalised: str) -> list[str]:
    """The distinct words of a normalised text that an offer is looked up by (in order)."""
    words = (w for w in normalised.split() if len(w) >= MIN_KEY_LENGTH and not w.isdigit())
    return list(dict.fromkeys(words))[:MAX_KEYS]


def fingerprint(text: str) -> str:
    """A stable (across processes and versions of Python) hex key of the normalised text."""
    normalised = normalise_for_matching(text)
    return hashlib.blake2b(normalised.encode(), digest_size=16).hexdigest()


def same_offer(a_text: str, b_text: str) -> bool:
    """Whether two posts announce the same offer (see the module docstring)."""
    a_norm, b_norm = normalise_for_matching(a_text), normalise_for_matching(b_text)
    return same_offer_parts(a_norm, b_norm, lambda: (extract(a_text), extract(b_text)))


def same_offer_parts(
    a_norm: str, b_norm: str, fields: Callable[[], tuple[JobPostFields, JobPostFields]]
) -> bool:
    """``same_offer`` over normalised texts; `fields` gives both posts' fields, only when
    the texts are close enough for them to matter (the collector has them stored)."""
    if a_norm == b_norm:
        return bool(a_norm)
    if min(len(a_norm.split()), len(b_norm.split())) < MIN_WORDS_FOR_FUZZY:
        return False
    if fuzz.token_set_ratio(a_norm, b_norm) < SIMILARITY_THRESHOLD:
        return False
    return not _fields_differ(*fields())


def _fields_differ(a: JobPostFields, b: JobPostFields) -> bool:
    """True when both posts state a field and the values disagree."""
    if a.role and b.role and fuzz.token_sort_ratio(fold(a.role), fold(b.role)) < ROLE_THRESHOLD:
        return True
    if a.company and b.company and not company_matches(a.company, b.company):
        return True
    pairs = ((a.location, b.location), (a.seniority, b.seniority), (a.contract, b.contract))
    return any(x is not None and y is not None and x != y for x, y in pairs)
