"""`:press` in the sandbox: which button of which message the user means, or why none."""

from __future__ import annotations

from dataclasses import dataclass

from bot.sandbox.console_errors import ConsoleError
from bot.sandbox.views import BotMessage


class NoSuchButton(ConsoleError):
    """The press names no button: the message says what there is instead."""


@dataclass(frozen=True)
class PressRequest:
    message_id: int | None  # None: the newest message with buttons
    button: int | str  # a number as printed (from 1) or a label


def parse_press(argument: str) -> PressRequest:
    """`N`, `M N`, `TEXT` or `M TEXT`."""
    tokens = argument.split()
    if not tokens:
        raise NoSuchButton("usage: :press N | :press M N | :press TEXT")
    if len(tokens) == 1 and tokens[0].isdigit():
        return PressRequest(None, int(tokens[0]))
    if len(tokens) >= 2 and tokens[0].lstrip("#").isdigit():
        rest = " ".join(tokens[1:])
        return PressRequest(int(tokens[0].lstrip("#")), int(rest) if rest.isdigit() else rest)
    return PressRequest(None, argument.strip())


def label_key(label: str) -> str:
    """A label without its emoji and punctuation, case-folded: "✅ Fatto" -> "fatto"."""
    kept = "".join(ch if ch.isalnum() or ch.isspace() else " " for ch in label)
    return " ".join(kept.split()).casefold()


def numbered_buttons(message: BotMessage) -> str:
    flat = [text for row in message.buttons for text in row]
    return "  ".join(f"[{n}] {text}" for n, text in enumerate(flat, start=1))


def choose_button(message: BotMessage, button: int | str) -> int:
    """The button's index (from 0) among the message's buttons, read row by row."""
    flat = [text for row in message.buttons for text in row]
    where = f"#{message.message_id}"
    if not flat:
        raise NoSuchButton(f"{where} has no buttons")
    if isinstance(button, int):
        if 1 <= button <= len(flat):
            return button - 1
        count = "1 button" if len(flat) == 1 else f"{len(flat)} buttons"
        choices = "1" if len(flat) == 1 else f"1 to {len(flat)}"
        raise NoSuchButton(f"{where} has {count} ({choices}): {numbered_buttons(message)}")
    wanted = label_key(button)
    keys = [label_key(text) for text in flat]
    exact = [i for i, key in enumerate(keys) if key == wanted]
    candidates = exact or [i for i, key in enumerate(keys) if wanted and wanted in key]
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise NoSuchButton(f"no button “{button}” on {where}: {numbered_buttons(message)}")
    raise NoSuchButton(
        f"“{button}” matches {len(candidates)} buttons on {where}: {numbered_buttons(message)}"
    )
