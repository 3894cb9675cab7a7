"""Callback data: short strings `prefix:action:arg…`, never over Telegram's 64 bytes.

An id read from callback data is only a hint: handlers look it up scoped by the user who
pressed, so a forged or stale button finds nothing.
"""

from __future__ import annotations

MAX_CALLBACK_BYTES = 64


def pack(*parts: object) -> str:
    data = ":".join(str(part) for part in parts)
    if len(data.encode()) > MAX_CALLBACK_BYTES:
        raise ValueError(f"callback data over {MAX_CALLBACK_BYTES} bytes: {data!r}")
    return data


def unpack(data: str | None) -> list[str]:
    return data.split(":") if data else []


def int_arg(parts: list[str], index: int) -> int | None:
    """parts[index] as a non-negative int, or None for anything else (a forged button)."""
    try:
        value = int(parts[index])
    except (IndexError, ValueError):
        return None
    return value if value >= 0 else None
