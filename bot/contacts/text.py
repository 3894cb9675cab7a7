"""Text normalisation shared by every contact parser: accent folding and whitespace."""

from __future__ import annotations

import re
import unicodedata

# Letters that NFKD does not decompose into a base letter plus a combining mark.
_EXTRA_FOLDS = str.maketrans(
    {
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ħ": "h",
        "ı": "i",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
    }
)
_WHITESPACE = re.compile(r"\s+")
# Typographic apostrophes and backticks that phone keyboards insert instead of "'".
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})


def fold(text: str) -> str:
    """Case-fold and strip accents: "Niccolò ÀLÉ" -> "niccolo ale".

    Used wherever two spellings of the same word must compare equal (dates typed
    without accents, duplicate detection, company names). Not for display.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.translate(_EXTRA_FOLDS)


def collapse_whitespace(text: str) -> str:
    """Trim and turn every run of whitespace (newlines included) into one space."""
    return _WHITESPACE.sub(" ", text).strip()


def normalise_apostrophes(text: str) -> str:
    """Map typographic apostrophes to the ASCII one."""
    return text.translate(_APOSTROPHES)
