"""Telegram-facing handlers: one module per feature, each with `register(app)`."""

from __future__ import annotations

from bot.context import ReteApplication
from handlers import (
    alerts,
    core,
    cv,
    digest,
    exporting,
    fallback,
    followups,
    forget,
    groups,
    importing,
    settings,
    start,
)

# Order matters inside a handler group: the first matching handler wins, so the fallbacks
# (stale buttons, unknown commands) come last. `importing` comes before every other dialogue:
# a document sent while /import waits for a file must reach it first.
FEATURES = (
    core,
    start,
    importing,
    exporting,
    forget,
    followups,
    settings,
    cv,
    groups,
    digest,
    alerts,
    fallback,
)


def register_all(app: ReteApplication) -> None:
    for feature in FEATURES:
        feature.register(app)
