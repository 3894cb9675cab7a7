"""A user's side of a chat with the bot, for tests that play dialogues through the emulator."""

from __future__ import annotations

from bot.sandbox import SimUser
from bot.sandbox.views import BotMessage


async def say(user: SimUser, text: str) -> BotMessage:
    """Send `text` and return the bot's reply."""
    await user.send(text)
    return await user.expect_reply()


async def press(user: SimUser, button: str, message: BotMessage | None = None) -> BotMessage:
    """Press the button labelled `button` (on `message`, or the newest) and return the reply."""
    await user.press(button, message=message)
    return await user.expect_reply()
