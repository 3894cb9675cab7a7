"""Callback data: short strings `prefix:action:arg…`, never over Telegram's 64 bytes.

An id read from callback data is only a hint: handlers look it up scoped by the user who
pressed, so a forged or stale button finds nothing.
"""

from __future__ import annotations

MAX_CALLBACK_BYTES = 64
# SQLite's largest integer: a bigger id in a forged button would raise OverflowError.
MAX_ID = 2**63 - 1
# Prefixes of the buttons the bot posts in groups and channels (the digest's panel). Every
# other button belongs to a private chat: pressed on a group message it only gets "open me
# in private" (handlers/core.py), before any feature or dialogue sees it.
GROUP_PREFIXES = frozenset({"dg"})


def pack(*parts: object) -> str:
    data = ":".join(str(part) for part in parts)
    if len(data.encode()) > MAX_CALLBACK_BYTES:
        raise ValueError(f"callback data over {MAX_CALLBACK_BYTES} bytes: {data!r}")
    return data


def unpack(data: str | None) -> list[str]:
    return data.split(":") if data else []


def prefix(data: str | None) -> str:
    """The feature a button belongs to: `ct` of `ct:open:42`."""
    return unpack(data)[0] if data else ""


def parse_id(text: str) -> int | None:
    """A database id written in ASCII digits (as pack writes it), within SQLite's integers;
    None for anything else: signs, spaces, other scripts' digits, a 20-digit number."""
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_ID)):
        return None
    value = int(text)
    return value if value <= MAX_ID else None


def int_arg(parts: list[str], index: int) -> int | None:
    """parts[index] as an id (see parse_id), or None (a forged or truncated button)."""
    if not 0 <= index < len(parts):
        return None
    return parse_id(parts[index])
