"""A local emulator of the Telegram Bot API for tests and `rete sandbox`."""

from bot.sandbox.emulator import BotApiEmulator
from bot.sandbox.users import SimChat, SimUser
from bot.sandbox.views import BotMessage

__all__ = ["BotApiEmulator", "BotMessage", "SimChat", "SimUser"]
