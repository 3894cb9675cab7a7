"""Telegram's HTML parse mode: validation with Telegram's error texts, plain text and entities.

Modelled on tdlib's `parse_html`: only Telegram's tags are allowed, tags must balance, and
`&lt; &gt; &amp; &quot;` plus numeric character references are decoded. A bare `<` from
unescaped user text is rejected exactly as Telegram rejects it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.sandbox.errors import bad_request

_ENTITY_TYPE_BY_TAG = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY_RE = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|lt|gt|amp|quot);")
_ATTRIBUTE_RE = re.compile(r"""\s*([a-zA-Z_-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)""")


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@dataclass
class _OpenTag:
    name: str
    attributes: dict[str, str]
    start: int  # UTF-16 offset in the plain text


def _can_not_parse(reason: str) -> Exception:
    return bad_request(f"can't parse entities: {reason}")


def parse_html(raw: str) -> tuple[str, list[dict[str, Any]]]:
    """Plain text and MessageEntity dicts of an HTML-formatted text, or Telegram's 400."""
    plain: list[str] = []
    plain_len = 0  # UTF-16 units so far
    entities: list[dict[str, Any]] = []
    stack: list[_OpenTag] = []
    i = 0
    n = len(raw)

    def byte_offset(index: int) -> int:
        return len(raw[:index].encode("utf-8"))

    def emit(chunk: str) -> None:
        nonlocal plain_len
        plain.append(chunk)
        plain_len += utf16_len(chunk)

    while i < n:
        char = raw[i]
        if char == "&":
            match = _ENTITY_RE.match(raw, i)
            if match is None:
                emit("&")
                i += 1
                continue
            body = match.group(1)
            if body.startswith("#"):
                emit(_code_point(body))
            else:
                emit(_NAMED_ENTITIES[body])
            i = match.end()
            continue
        if char != "<":
            emit(char)
            i += 1
            continue
        begin = i
        if i + 1 < n and raw[i + 1] == "/":
            close = raw.find(">", i)
            if close < 0:
                raise _can_not_parse(f"Unclosed end tag at byte offset {byte_offset(begin)}")
            name = raw[i + 2 : close].strip().lower()
            if not stack:
                raise _can_not_parse(f"Unexpected end tag at byte offset {byte_offset(begin)}")
            top = stack.pop()
            if name != top.name:
                raise _can_not_parse(
                    f"Unmatched end tag at byte offset {byte_offset(begin)}, "
                    f'expected "</{top.name}>", found "</{name}>"'
                )
            _close_entity(top, plain_len, stack, entities)
            i = close + 1
            continue
        i += 1
        while i < n and not raw[i].isspace() and raw[i] != ">":
            i += 1
        if i >= n:
            raise _can_not_parse(f"Unclosed start tag at byte offset {byte_offset(begin)}")
        name = raw[begin + 1 : i].lower()
        if name not in _ENTITY_TYPE_BY_TAG:
            raise _can_not_parse(
                f'Unsupported start tag "{name}" at byte offset {byte_offset(begin)}'
            )
        close = raw.find(">", i)
        if close < 0:
            raise _can_not_parse(f"Unclosed start tag at byte offset {byte_offset(begin)}")
        attributes = {
            key.lower(): _unescape(value.strip("\"'"))
            for key, value in _ATTRIBUTE_RE.findall(raw[i:close])
        }
        if name == "span" and attributes.get("class") != "tg-spoiler":
            raise _can_not_parse(
                f'Tag "span" must have class "tg-spoiler" at byte offset {byte_offset(begin)}'
            )
        stack.append(_OpenTag(name, attributes, plain_len))
        i = close + 1
    if stack:
        raise _can_not_parse(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    return _strip("".join(plain), entities)


def _code_point(reference: str) -> str:
    """`#233` or `#xE9` as a character; one that no UTF-8 text can hold becomes U+FFFD."""
    number = int(reference[2:], 16) if reference[1] in "xX" else int(reference[1:])
    if number > 0x10FFFF or 0xD800 <= number <= 0xDFFF:
        return "\ufffd"
    return chr(number)


def _unescape(value: str) -> str:
    return _ENTITY_RE.sub(lambda m: _NAMED_ENTITIES.get(m.group(1), m.group(0)), value)


def _close_entity(
    tag: _OpenTag, end: int, stack: list[_OpenTag], entities: list[dict[str, Any]]
) -> None:
    kind = _ENTITY_TYPE_BY_TAG[tag.name]
    length = end - tag.start
    if not kind or length <= 0:
        return
    entity: dict[str, Any] = {"type": kind, "offset": tag.start, "length": length}
    if kind == "text_link":
        href = tag.attributes.get("href", "")
        if not href:
            return
        entity["url"] = href
    elif kind == "blockquote" and "expandable" in tag.attributes:
        entity["type"] = "expandable_blockquote"
    elif kind == "code" and stack and stack[-1].name == "pre":
        language = tag.attributes.get("class", "")
        if language.startswith("language-"):
            # <pre><code class="language-x"> is one `pre` entity with a language.
            stack[-1].attributes["language"] = language.removeprefix("language-")
            return
    elif kind == "pre" and tag.attributes.get("language"):
        entity["language"] = tag.attributes["language"]
    entities.append(entity)


def _strip(text: str, entities: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """Telegram trims surrounding whitespace and clips entities to what is left."""
    stripped = text.strip()
    lead = utf16_len(text[: len(text) - len(text.lstrip())])
    size = utf16_len(stripped)
    kept: list[dict[str, Any]] = []
    for entity in entities:
        start = max(entity["offset"] - lead, 0)
        end = min(entity["offset"] + entity["length"] - lead, size)
        if end > start:
            kept.append({**entity, "offset": start, "length": end - start})
    kept.sort(key=lambda e: (e["offset"], -e["length"]))
    return stripped, kept


def plain_entities(text: str, entities: list[dict[str, Any]] | None) -> tuple[str, list[Any]]:
    """A text sent without parse_mode: trimmed like Telegram, given entities kept."""
    return _strip(text, list(entities or []))
