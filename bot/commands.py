"""The command menu, in both languages (set with setMyCommands per language code)."""

from __future__ import annotations

from telegram import BotCommand

from bot.i18n import N_, Texts

# (command, description) in menu order. Descriptions are translated when the menu is set.
COMMANDS: tuple[tuple[str, str], ...] = (
    ("add", N_("Save a person you just met")),
    ("contacts", N_("Your contacts")),
    ("find", N_("Search your contacts")),
    ("event", N_("Check in to an event, or out of it")),
    ("card", N_("Your card as a QR code, to exchange contacts")),
    ("followups", N_("Follow-ups due")),
    ("cv", N_("Store or get back your CV")),
    ("import", N_("Import contacts (vCard, LinkedIn, CSV)")),
    ("export", N_("Download all your data")),
    ("alerts", N_("Job alerts by keyword")),
    ("digest", N_("Job post digest (group admins)")),
    ("settings", N_("Follow-up days, hour, time zone")),
    ("language", N_("Italiano / English")),
    ("forget", N_("Delete all your data")),
    ("help", N_("What I can do")),
    ("cancel", N_("Stop what we are doing")),
    ("skip", N_("Skip this question")),
    ("start", N_("Start")),
)


def command_menu(t: Texts) -> list[BotCommand]:
    return [BotCommand(command, t._(description)) for command, description in COMMANDS]
