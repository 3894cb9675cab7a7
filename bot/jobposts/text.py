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
from collections.abc import Iterable
from dataclasses import dataclass

_COMBINING = re.compile(r"[\u0300-\u036f]")
# Runs of two or more spaces, or any other horizontal space (after NFKC, only ASCII ones).
_SPACES = re.compile(r"[^\S\n]{2,}|[^\S \n]")
# `*bold*`, `**bold**`, `__bold__`, `~strike~`, `` `code` ``: emphasis markers only; an
# underscore inside a word (snake_case, e-mail addresses) is kept.
_EMPHASIS = re.compile(r"[*~`]+")
_UNDERSCORES = re.compile(r"_+")
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
_TRANSLATE = dict(
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
# One regex pass with a lookup per match: str.translate with a dict table walks every
# character in Python-level lookups.
_TRANSLATE_RE = re.compile("[" + "".join(_TRANSLATE) + "]")


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
    if "](" in text:
        text = _MARKDOWN_LINK.sub(r"\1 \2", text)
    if "*" in text or "~" in text or "`" in text:
        text = _EMPHASIS.sub("", text)
    if "_" in text:
        text = _UNDERSCORES.sub(lambda m: _underscores(m, text), text)
    return text


def _underscores(match: re.Match[str], text: str) -> str:
    """Underscores between two letters are part of a word (snake_case, e-mail addresses)."""
    start, end = match.start(), match.end()
    inside = start > 0 and end < len(text) and text[start - 1].isalnum() and text[end].isalnum()
    return match.group(0) if inside else ""


def unify_punctuation(text: str) -> str:
    """Typographic quotes and dashes as ASCII, no-break and zero-width spaces as spaces/none."""
    if text.isascii():
        return text
    return _TRANSLATE_RE.sub(lambda m: _TRANSLATE[m.group(0)], text)


def strip_accents(text: str) -> str:
    """Remove diacritics (``città`` -> ``citta``); ASCII text is returned unchanged."""
    if text.isascii():
        return text
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text))


def clean(text: str) -> str:
    """``text`` normalised, without Markdown markers, with unified quotes/dashes and collapsed
    spaces; case and accents kept (the form fields are extracted from)."""
    text = strip_markdown(unify_punctuation(normalise(text)))
    if "  " in text or "\t" in text or "\r" in text or "\f" in text or "\v" in text:
        text = _SPACES.sub(" ", text)
    return text


def fold(text: str) -> str:
    """The comparison form of ``text`` (see the module docstring)."""
    return strip_accents(clean(text)).lower()


@dataclass(frozen=True, slots=True)
class Screened:
    """A regex tried only on texts that contain one of its needles: a substring check is far
    cheaper than a regex whose alternatives cannot be skipped over."""

    needles: tuple[str, ...]
    pattern: re.Pattern[str]

    def search(self, text: str) -> re.Match[str] | None:
        if any(needle in text for needle in self.needles):
            return self.pattern.search(text)
        return None


def trie_pattern(words: str | Iterable[str]) -> str:
    """The literal ``words`` ("ral|rate|salary", or an iterable) as one regex alternation
    shaped like a trie (``(?:ra(?:l|te)|salary)``): the regex engine tries alternatives one by
    one, so a trie fails at a position after a character or two instead of after every word.
    It matches what ``|``-joining the words longest first matches, with the same preference."""
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words.split("|") if isinstance(words, str) else words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _render(trie)


def _render(node: dict[str, dict]) -> str:  # type: ignore[type-arg]
    branches = [re.escape(char) + _render(child) for char, child in sorted(node.items()) if char]
    if "" in node:
        return f"(?:{'|'.join(branches)})?" if branches else ""
    return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
