"""The bot's messages as console text: numbered, formatted, with buttons, files and toasts.

In a terminal bold, italic and the rest are ANSI styles; piped, the text is plain. Either
way the text is what Telegram shows (HTML parsed, entities decoded), a link's address is
written after its text, and an edit is shown as an edit of the message number it changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.sandbox.state import CallbackAnswer
from bot.sandbox.views import BotMessage

_ANSI_BY_ENTITY = {
    "bold": "1",
    "italic": "3",
    "underline": "4",
    "strikethrough": "9",
    "code": "36",
    "pre": "36",
    "spoiler": "7",
    "text_link": "4",
}
_RESET = "\x1b[0m"


@dataclass(frozen=True)
class Style:
    ansi: bool

    def wrap(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}{_RESET}" if self.ansi else text

    def dim(self, text: str) -> str:
        return self.wrap(text, "2")

    def bold(self, text: str) -> str:
        return self.wrap(text, "1")


def formatted(text: str, entities: list[dict[str, Any]], style: Style) -> str:
    """`text` with its entities as ANSI styles (or plain), each link's address after it."""
    if not entities:
        return text
    units = _utf16_starts(text)
    opens: dict[int, list[dict[str, Any]]] = {}
    closes: dict[int, list[dict[str, Any]]] = {}
    for entity in entities:
        start, end = entity["offset"], entity["offset"] + entity["length"]
        opens.setdefault(units.get(start, len(text)), []).append(entity)
        closes.setdefault(units.get(end, len(text)), []).append(entity)
    out: list[str] = []
    active: list[dict[str, Any]] = []
    for index in range(len(text) + 1):
        ended = closes.get(index, [])
        if ended:
            active = [e for e in active if not any(e is x for x in ended)]
            if style.ansi:
                out.append(_RESET + _codes(active))
            for entity in ended:
                if entity["type"] == "text_link" and entity.get("url"):
                    out.append(style.dim(f" <{entity['url']}>") + _codes(active))
        started = opens.get(index, [])
        if started:
            active.extend(started)
            if style.ansi:
                out.append(_codes(active))
        if index < len(text):
            out.append(text[index])
    return "".join(out)


def _codes(active: list[dict[str, Any]]) -> str:
    codes = sorted({_ANSI_BY_ENTITY[e["type"]] for e in active if e["type"] in _ANSI_BY_ENTITY})
    return f"\x1b[{';'.join(codes)}m" if codes else ""


def _utf16_starts(text: str) -> dict[int, int]:
    """UTF-16 offset -> index in `text`, for every character boundary."""
    starts: dict[int, int] = {}
    offset = 0
    for index, char in enumerate(text):
        starts[offset] = index
        offset += 2 if ord(char) > 0xFFFF else 1
    starts[offset] = len(text)
    return starts


def button_lines(message: BotMessage) -> list[str]:
    """Inline buttons numbered from 1 (a URL button shows its address), then a reply keyboard."""
    lines: list[str] = []
    numbered: list[str] = []
    flat = [text for row in message.buttons for text in row]
    for number, text in enumerate(flat, start=1):
        url = message.url_buttons.get(text)
        numbered.append(f"[{number}] {text}" + (f" <{url}>" if url else ""))
    if numbered:
        lines.append("    " + "  ".join(numbered))
    if message.reply_keyboard:
        lines.append("    keyboard: " + " | ".join(" ".join(row) for row in message.reply_keyboard))
    return lines


def render_message(
    message: BotMessage,
    *,
    where: str,
    style: Style,
    previous: BotMessage | None = None,
    saved: Path | None = None,
) -> str:
    """One bot send or edit. `where` names the chat when it is not the one the user is in;
    `previous` is the same message as last shown, so an edit of its buttons alone says so."""
    label = f"[{where}] " if where else ""
    head = f"{label}#{message.message_id} bot"
    if message.edited and previous is not None and previous.text == message.text:
        change = "new buttons" if message.buttons else "buttons removed"
        return "\n".join([style.dim(f"{head} (edited: {change})"), *button_lines(message)])
    head += " (edited):" if message.edited else ":"
    payload = message.payload
    entities = payload.get("entities") or payload.get("caption_entities") or []
    body = formatted(message.text, entities, style)
    attachment = _attachment(message, saved)
    if attachment:
        body = f"{attachment} {body}".rstrip()
    return "\n".join([f"{style.dim(head)} {body}", *button_lines(message)])


def _attachment(message: BotMessage, saved: Path | None) -> str:
    where = f" saved as {saved}" if saved is not None else ""
    if message.document is not None:
        name = message.document.file_name or "file"
        return f"[file {name}, {message.document.file_size} bytes{where}]"
    if message.has_photo:
        return f"[photo{where}]"
    return ""


def render_answer(answer: CallbackAnswer | None, style: Style) -> str | None:
    """What the presser sees of the bot's answer to a button: a toast, an alert, or nothing."""
    if answer is None:
        return style.bold("    ! the bot did not answer this button (it keeps spinning)")
    if answer.url:
        return f"    (opens {answer.url})"
    if not answer.text:
        return None
    if answer.show_alert:
        return style.bold(f"    (alert) {answer.text}")
    return f"    (toast) {answer.text}"
