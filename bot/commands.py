"""The command menu, in both languages (set with setMyCommands per language code)."""

from __future__ import annotations

import difflib

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


# What people type instead, Italian first: "/evento" is answered with "did you mean /event?".
# Nothing that could mean deleting one contact points at /forget (it deletes everything).
_SYNONYMS: dict[str, str] = {
    **dict.fromkeys(("aggiungi", "nuovo", "nuova", "salva", "new", "save"), "add"),
    **dict.fromkeys(("contatti", "rubrica", "lista", "list", "elenco"), "contacts"),
    **dict.fromkeys(("cerca", "trova", "search"), "find"),
    **dict.fromkeys(("evento", "eventi", "fiera", "checkin", "checkout", "events"), "event"),
    **dict.fromkeys(("biglietto", "bigliettino", "qr", "vcard"), "card"),
    **dict.fromkeys(("promemoria", "ricontatti", "reminders", "followup"), "followups"),
    **dict.fromkeys(("curriculum", "resume"), "cv"),
    "importa": "import",
    "esporta": "export",
    **dict.fromkeys(("avvisi", "offerte", "lavoro", "jobs", "alert"), "alerts"),
    "riepilogo": "digest",
    **dict.fromkeys(("impostazioni", "opzioni", "preferenze"), "settings"),
    **dict.fromkeys(("lingua", "lang"), "language"),
    **dict.fromkeys(("aiuto", "comandi", "commands"), "help"),
    **dict.fromkeys(("annulla", "stop", "esci", "basta"), "cancel"),
    "salta": "skip",
    "indietro": "back",
    **dict.fromkeys(("inizia", "avvia", "menu"), "start"),
}
_KNOWN = (*(command for command, _ in COMMANDS), "back")


def suggestion(typed: str) -> str | None:
    """The command meant by an unknown one ("/Evento@rete_bot", "/contats"), or None."""
    word = typed.lstrip("/").split("@", 1)[0].casefold()
    if not word or len(word) > 32:
        return None
    if word in _SYNONYMS:
        return _SYNONYMS[word]
    close = difflib.get_close_matches(word, _KNOWN, n=1, cutoff=0.75)
    return close[0] if close else None
