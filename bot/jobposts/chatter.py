"""Chatter in a dedicated job channel: what "every post is an offer" still leaves out.

In a chat set to every post is an offer, the classifier's verdict is not needed, but a
greeting, a question, a one-liner, or a post showing one of the classifier's "not an offer"
signals (a seeker, a course, an event, the group rules, spam…) is still not an offer. This
uses only the classifier's public ``classify`` (the names of the signals that fired) plus
the shape of the message; its score is not used, as it carries a bias that moves when the
weights are refitted.
"""

from __future__ import annotations

import re

from bot.jobposts.classifier import Classification
from bot.jobposts.text import fold

# An offer says at least a role and how to apply: fewer words than this is a remark.
MIN_OFFER_WORDS = 6
# A greeting can be long-ish ("Ciao a tutti e benvenuti ai nuovi iscritti del gruppo").
GREETING_MAX_WORDS = 20
# Signals of ``classifier.classify`` that say what a post is instead of an offer.
NOT_AN_OFFER = frozenset(
    {"seeker", "course", "event", "rules", "spam", "promo", "showcase", "services", "digest",
     "question", "asks"}
)  # fmt: skip
_WORD_RE = re.compile(r"\w+")
_GREETING_RE = re.compile(
    r"^(?:ciao|salve|buongiorno|buonasera|buon ?natale|auguri|grazie|benvenut[oaie]|hi|hello"
    r"|hey|good (?:morning|evening)|thanks|thank you|welcome)\b"
)
_QUESTION_OPENER_RE = re.compile(
    r"^(?:qualcuno|sapete|avete|chi|come|dove|quando|perche|secondo voi|does|do|is|are"
    r"|anyone|what|how|where|when|why)\b"
)


def is_chatter(text: str, classification: Classification) -> bool:
    """Whether a message of a job channel is talk rather than an offer."""
    folded = fold(text).strip()
    words = _WORD_RE.findall(folded)
    if len(words) < MIN_OFFER_WORDS:
        return True
    if classification.is_job:
        return False
    if NOT_AN_OFFER.intersection(classification.signals):
        return True
    if folded.endswith("?") or _QUESTION_OPENER_RE.match(folded):
        return True
    return bool(_GREETING_RE.match(folded)) and len(words) <= GREETING_MAX_WORDS
