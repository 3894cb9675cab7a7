"""Telegram-facing handlers: one module per feature, each with `register(app)`."""

from __future__ import annotations

from bot.context import ReteApplication
from handlers import add, contacts, core, events, fallback, find, start

# Order matters inside a handler group: the first matching handler wins, so the fallbacks
# (stale buttons, unknown commands) come last.
FEATURES = (core, start, add, contacts, find, events, fallback)


def register_all(app: ReteApplication) -> None:
    for feature in FEATURES:
        feature.register(app)
