"""Text as a Telegram client puts it on the wire: valid Unicode, whatever bytes it was given.

A terminal can hand over anything: a line cut inside a UTF-8 character, a pasted control
character, an arrow key's escape sequence. Telegram's clients send valid UTF-8 only (what
cannot be decoded shows as U+FFFD), so the emulator never stores a lone surrogate, which no
JSON encoder can turn into UTF-8.
"""

from __future__ import annotations

import re
from typing import Any

REPLACEMENT = "\ufffd"
_SURROGATE = re.compile("[\ud800-\udfff]")
_ESCAPE_SEQUENCE = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|[@-Z\\-_])")
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def valid_unicode(text: str) -> str:
    """`text` with every lone surrogate replaced, as a client decoding those bytes shows it."""
    if _SURROGATE.search(text) is None:
        return text
    try:
        # Undecodable bytes read with `surrogateescape`: decode them as a client would.
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:
        return _SURROGATE.sub(REPLACEMENT, text)


def valid_json(value: Any) -> Any:
    """A JSON-like value with every string made valid Unicode (keys included)."""
    if isinstance(value, str):
        return valid_unicode(value)
    if isinstance(value, dict):
        return {valid_unicode(str(k)): valid_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [valid_json(item) for item in value]
    return value


def has_surrogate(value: Any) -> bool:
    if isinstance(value, str):
        return _SURROGATE.search(value) is not None
    if isinstance(value, dict):
        return any(has_surrogate(k) or has_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_surrogate(item) for item in value)
    return False


def typed_line(raw: bytes | str) -> str:
    """One line typed or piped into the sandbox, as a client would send it: undecodable bytes
    become U+FFFD, terminal escape sequences and control characters are dropped (a tab is a
    space)."""
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else valid_unicode(raw)
    text = text.rstrip("\r\n").replace("\t", " ")
    return _CONTROL.sub("", _ESCAPE_SEQUENCE.sub("", text))


def client_messages(text: str, limit: int = 4096) -> list[str]:
    """A text as a client sends it: longer than Telegram's limit (UTF-16 units), it goes as
    several messages, cut at the last line break or space before the limit when there is one."""
    parts: list[str] = []
    while len(text.encode("utf-16-le")) // 2 > limit:
        cut = _utf16_prefix(text, limit)
        space = max(text.rfind("\n", 0, cut), text.rfind(" ", 0, cut))
        if space > cut // 2:
            cut = space
        parts.append(text[:cut])
        text = text[cut:].lstrip()
    if text:
        parts.append(text)
    return parts


def _utf16_prefix(text: str, limit: int) -> int:
    """How many characters of `text` fit in `limit` UTF-16 units."""
    units = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit:
            return index
    return len(text)
