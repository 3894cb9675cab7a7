"""Telegram-facing handlers: one module per feature, each with `register(app)`."""

from __future__ import annotations

from bot.context import ReteApplication
from handlers import (
    add,
    alerts,
    card,
    contacts,
    core,
    cv,
    digest,
    events,
    exporting,
    fallback,
    files,
    find,
    followups,
    forget,
    groups,
    importing,
    settings,
    start,
)

# Order matters inside a handler group: the first matching handler wins.
# - `forget` comes before every other dialogue: /forget works at any moment, and the word
#   typed to confirm must reach it.
# - `importing` comes before every other dialogue: a file sent while /import waits for one
#   must reach it, not /add's vCard shortcut.
# - `add` comes before `cv`: a PDF sent in the middle of /add is an answer to /add (refused
#   as not text), not a new CV.
# - `cv` comes before `files`: a PDF or DOCX outside a dialogue is offered as the CV; any
#   other file is looked at by `files` (a contacts file is offered to /import).
# - `card` comes before `start`: a scanned card link arrives as "/start <token>".
# - the fallbacks (stale buttons, unknown commands, stray text) come last.
FEATURES = (
    core,
    card,
    start,
    forget,
    importing,
    add,
    events,
    contacts,
    find,
    exporting,
    followups,
    settings,
    cv,
    groups,
    digest,
    alerts,
    files,
    fallback,
)


def register_all(app: ReteApplication) -> None:
    for feature in FEATURES:
        feature.register(app)
