"""HTML helpers: every message goes out with parse_mode HTML, so user text is escaped here.

Telegram refuses a message whose text, once its HTML is parsed, is over 4096 characters.
`clip_html` and `paginate` keep finished HTML under that limit by *visible* length (`&amp;` is
one character, a tag none), cutting only between tags and entities, so what they return always
parses. Lengths are counted in UTF-16 units, as Telegram counts entity offsets: an emoji counts
two, which can only err on the safe side.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence

MESSAGE_LIMIT = 4096  # Telegram's limit for a message's text, after entity parsing
ELLIPSIS = "…"

# One token of Telegram HTML: a tag, an entity Telegram decodes, or one character.
_TOKEN = re.compile(
    r"(?P<tag></?(?P<name>[a-zA-Z][a-zA-Z0-9-]*)(?:\s[^>]*)?>)"
    r"|(?P<entity>&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|lt|gt|amp|quot);)"
    r"|(?P<char>.)",
    re.DOTALL,
)


def esc(text: object) -> str:
    """Escape user-provided text for an HTML message."""
    return html.escape(str(text), quote=False)


def clip(text: str, limit: int) -> str:
    """Plain text (not yet escaped) at most `limit` characters, an ellipsis marking the cut."""
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + ELLIPSIS


def bold(text: object) -> str:
    return f"<b>{esc(text)}</b>"


def italic(text: object) -> str:
    return f"<i>{esc(text)}</i>"


def link(url: str, label: object) -> str:
    return f'<a href="{html.escape(url, quote=True)}">{esc(label)}</a>'


# ---- Telegram's limits on finished HTML ------------------------------------------------------
def _units(text: str) -> int:
    """Length in UTF-16 code units (a lone surrogate from a client counts one)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _token_units(match: re.Match[str]) -> int:
    if match.group("tag"):
        return 0
    if match.group("entity"):
        # Named entities stand for one BMP character; a numeric one for its code point.
        body = match.group("entity")[1:-1]
        if not body.startswith("#"):
            return 1
        number = int(body[2:], 16) if body[1] in "xX" else int(body[1:])
        return 2 if min(number, 0x10FFFF) > 0xFFFF else 1
    return _units(match.group("char"))


def visible_length(text: str) -> int:
    """What Telegram counts of an HTML message: the text its tags and entities stand for."""
    return sum(_token_units(match) for match in _TOKEN.finditer(text))


def clip_html(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """`text` (valid Telegram HTML) with at most `limit` visible characters.

    A longer text is cut between tokens (never inside a tag or an entity), ends with an
    ellipsis, and has its open tags closed, so it parses as the original did.
    """
    if limit < 1:
        raise ValueError("limit must be at least 1")
    # Tags and entities show no more than they are long, so a text whose raw length fits needs
    # no token count (nearly every message: the count is what made the /add summary slow).
    if _units(text) <= limit or visible_length(text) <= limit:
        return text
    room = limit - _units(ELLIPSIS)
    kept: list[str] = []
    open_tags: list[str] = []
    used = 0
    for match in _TOKEN.finditer(text):
        if match.group("tag"):
            name = match.group("name").lower()
            if match.group("tag").startswith("</"):
                if open_tags and open_tags[-1] == name:
                    open_tags.pop()
            else:
                open_tags.append(name)
            kept.append(match.group(0))
            continue
        units = _token_units(match)
        if used + units > room:
            break
        kept.append(match.group(0))
        used += units
    while kept and kept[-1].isspace():  # no blank before the ellipsis
        kept.pop()
    closing = "".join(f"</{name}>" for name in reversed(open_tags))
    return "".join(kept) + ELLIPSIS + closing


def paginate(
    items: Sequence[str],
    *,
    header: str = "",
    label: Callable[[int, int], str] | None = None,
    limit: int = MESSAGE_LIMIT,
    separator: str = "\n",
) -> list[str]:
    """Pages of HTML, each within `limit` visible characters: `header`, then as many whole
    items as fit (an item too long for a page of its own is clipped), then, when there is more
    than one page, `label(page, pages)` (1-based) as the last line. Always at least one page.
    """
    gap = visible_length(separator)
    biggest = max(len(items), 1)  # pages <= items, and a label grows with its numbers
    reserve = visible_length(label(biggest, biggest)) + gap if label else 0
    head = visible_length(header) + gap if header else 0
    room = limit - reserve - head
    if room < 1:
        raise ValueError("the header and page label leave no room for items")
    pages: list[list[str]] = [[]]
    used = 0
    for item in items:
        item = clip_html(item, room)
        size = visible_length(item)
        if pages[-1] and used + gap + size > room:
            pages.append([])
            used = 0
        used += size + (gap if pages[-1] else 0)
        pages[-1].append(item)
    texts = []
    for number, page in enumerate(pages, start=1):
        lines = ([header] if header else []) + page
        if label and len(pages) > 1:
            lines.append(label(number, len(pages)))
        texts.append(separator.join(lines))
    return texts
