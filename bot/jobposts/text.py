"""Text normalisation shared by the job-post modules.

``normalise`` undoes what channels and exporters do to a post: HTML entities and tags (Hacker
News, RSS bridges), UTF-8 read as Windows-1252 ("â€™", "Ã¨"), and "fancy" Unicode letters
(𝐒𝐚𝐥𝐚𝐫𝐲, fullwidth digits) that Telegram posts use for bold. ``clean`` is the form fields are
read from (case and accents kept); ``fold`` is the one comparison form: lowercase, accents
removed, typographic quotes and dashes unified, Markdown emphasis markers dropped, runs of
spaces collapsed (newlines kept, because extraction works line by line).
"""

from __future__ import annotations

import html
import re
import unicodedata

_COMBINING = re.compile(r"[\u0300-\u036f]")
_SPACES = re.compile(r"[^\S\n]+")
# `*bold*`, `**bold**`, `__bold__`, `~strike~`, `` `code` ``: emphasis markers only; an
# underscore inside a word (snake_case, e-mail addresses) is kept.
_MARKDOWN_MARKERS = re.compile(r"[*~`]+|(?<!\w)_+|_+(?!\w)")
_MARKDOWN_LINK = re.compile(r"\[([^\]\n]*)\]\(([^)\s]+)\)")
_BLOCK_TAG = re.compile(r"<(?:p|br|div|li|/p|/div|/li|h\d|/h\d)\b[^>]{0,200}>", re.IGNORECASE)
# Only real tags: "<jobs@acme.it>" and "<https://acme.it>" are an address and a link.
_ANY_TAG = re.compile(
    r"</?(?:a|b|i|u|s|em|strong|span|font|small|big|sup|sub|code|pre|ul|ol|blockquote|img"
    r"|table|tr|td|th|tbody|thead|h\d)\b[^<>\n]{0,300}>",
    re.IGNORECASE,
)
# UTF-8 bytes shown as Windows-1252: a lead byte (Â-ô) followed by 1-3 continuation bytes.
_CP1252_CONT = "\x80-\xbf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc" + (
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
)
_MOJIBAKE = re.compile(f"[\u00c2-\u00f4][{_CP1252_CONT}]{{1,3}}")
# What is left of a dash whose continuation bytes were dropped on the way ("Analyst â Fraud").
_BROKEN_DASH = re.compile(r"(?<= )â(?= )")
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
        "\u2060": "",
        "\u200b": "",
        "\ufeff": "",
    }
)


def _unmojibake(match: re.Match[str]) -> str:
    try:
        return match.group(0).encode("cp1252").decode("utf-8")
    except UnicodeError:
        return match.group(0)


def normalise(text: str) -> str:
    """``text`` with HTML decoded, mojibake repaired and compatibility letters made plain."""
    if "<" in text:
        text = _ANY_TAG.sub("", _BLOCK_TAG.sub("\n", text))
    if "&" in text:
        text = html.unescape(text)
    if text.isascii():
        return text
    if "â" in text or "Ã" in text or "Â" in text:
        text = _BROKEN_DASH.sub("-", _MOJIBAKE.sub(_unmojibake, text))
    return unicodedata.normalize("NFKC", text)


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
    """``text`` normalised, without Markdown markers, with unified quotes/dashes and collapsed
    spaces; case and accents kept (the form fields are extracted from)."""
    return _SPACES.sub(" ", strip_markdown(normalise(text).translate(_TRANSLATE)))


def fold(text: str) -> str:
    """The comparison form of ``text`` (see the module docstring)."""
    return strip_accents(clean(text)).lower()
