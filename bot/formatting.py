"""HTML helpers: every message goes out with parse_mode HTML, so user text is escaped here."""

from __future__ import annotations

import html


def esc(text: object) -> str:
    """Escape user-provided text for an HTML message."""
    return html.escape(str(text), quote=False)


def clip(text: str, limit: int) -> str:
    """At most `limit` characters, an ellipsis marking the cut (keeps messages under 4096)."""
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def bold(text: object) -> str:
    return f"<b>{esc(text)}</b>"


def italic(text: object) -> str:
    return f"<i>{esc(text)}</i>"


def link(url: str, label: object) -> str:
    return f'<a href="{html.escape(url, quote=True)}">{esc(label)}</a>'
