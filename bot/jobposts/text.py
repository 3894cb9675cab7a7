"""Text normalisation shared by the job-post modules.

``fold`` is the one comparison form: lowercase, accents removed, typographic quotes and
dashes unified, Markdown emphasis markers dropped, runs of spaces collapsed (newlines kept,
because extraction works line by line).
"""

from __future__ import annotations

import re
import unicodedata

_COMBINING = re.compile(r"[\u0300-\u036f]")
_SPACES = re.compile(r"[^\S\n]+")
# `*bold*`, `**bold**`, `__bold__`, `~strike~`, `` `code` ``: emphasis markers only; an
# underscore inside a word (snake_case, e-mail addresses) is kept.
_MARKDOWN_MARKERS = re.compile(r"[*~`]+|(?<!\w)_+|_+(?!\w)")
_MARKDOWN_LINK = re.compile(r"\[([^\]\n]*)\]\(([^)\s]+)\)")
_TRANSLATE = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u202f": " ",
    }
)


def strip_markdown(text: str) -> str:
    """Drop Markdown emphasis and turn ``[label](url)`` into ``label url``."""
    text = _MARKDOWN_LINK.sub(r"\1 \2", text)
    return _MARKDOWN_MARKERS.sub("", text)


def strip_accents(text: str) -> str:
    """Remove diacritics (``città`` -> ``citta``); ASCII text is returned unchanged."""
    if text.isascii():
        return text
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text))


def clean(text: str) -> str:
    """``text`` without Markdown markers, with unified quotes/dashes and collapsed spaces;
    case and accents kept (the form fields are extracted from)."""
    return _SPACES.sub(" ", strip_markdown(text.translate(_TRANSLATE)))


def fold(text: str) -> str:
    """The comparison form of ``text`` (see the module docstring)."""
    text = strip_markdown(text.translate(_TRANSLATE))
    return _SPACES.sub(" ", strip_accents(text).lower())
