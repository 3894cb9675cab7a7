"""The words of /import: the request, the preview and its buttons, bad files, the result.

The preview is drawn from a JSON-safe summary (`summarise`), kept in the persisted user_data
so that a button press can redraw it without reading the file again.
"""

from __future__ import annotations

from typing import Any

from babel.numbers import format_decimal
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import pack
from bot.followups.cadence import CADENCE_LABELS
from bot.formatting import esc
from bot.i18n import N_, Texts
from bot.porting import (
    MAX_BYTES,
    MAX_CONTACTS,
    FailureReason,
    ImportFailure,
    ImportFormat,
    ParseResult,
    Rejected,
    RejectReason,
)
from bot.porting.actions import ImportReport
from bot.porting.fields import FIELD_LIMITS, ImportedField
from bot.porting.plan import ImportPlan
from storage.kinds import Cadence

SHOWN_PROBLEMS = 5
SHOWN_NAMES = 3
_MB = 1024 * 1024

FORMAT_NAMES = {
    ImportFormat.VCARD: N_("vCard"),
    ImportFormat.LINKEDIN_CSV: N_("LinkedIn connections"),
    ImportFormat.GOOGLE_CSV: N_("Google Contacts CSV"),
    ImportFormat.OUTLOOK_CSV: N_("Outlook CSV"),
    ImportFormat.RETE_CSV: N_("Rete export"),
    ImportFormat.GENERIC_CSV: N_("CSV"),
}
REASONS = {
    RejectReason.EMPTY_ROW: N_("empty"),
    RejectReason.NO_NAME: N_("no name"),
    RejectReason.UNREADABLE_CARD: N_("unreadable"),
    RejectReason.INVALID_EMAIL: N_("invalid e-mail"),
    RejectReason.INVALID_PHONE: N_("not a phone number"),
}
# CLIPPED and TOO_MANY_VALUES name the field in their detail; the sentence says it all.
SHORTENED = {
    ImportedField.NAME: N_("name shortened to {limit} characters"),
    ImportedField.COMPANY: N_("company shortened to {limit} characters"),
    ImportedField.ROLE: N_("role shortened to {limit} characters"),
    ImportedField.MET_WHERE: N_("place shortened to {limit} characters"),
    ImportedField.NOTES: N_("notes shortened to {limit} characters"),
    ImportedField.TAG: N_("a tag shortened to {limit} characters"),
    ImportedField.EMAILS: N_("only the first {limit} e-mails kept"),
    ImportedField.PHONES: N_("only the first {limit} phone numbers kept"),
    ImportedField.TAGS: N_("only the first {limit} tags kept"),
}
# LinkedIn exports members who hide their profile as rows without a name.
HIDDEN_MEMBER = N_("empty (a member who hides their profile)")


def _number(t: Texts, n: int) -> str:
    return str(format_decimal(n, locale=t.language))


def _megabytes(t: Texts, size: int) -> str:
    return str(format_decimal(size / _MB, format="0.0", locale=t.language))


# ---- texts ---------------------------------------------------------------------------------
def ask_for_file(t: Texts) -> str:
    return t._(
        "Send me the file with your contacts, as a document (📎 → File):\n"
        "• <b>vCard</b> (.vcf) from your phone's address book, iCloud or Outlook;\n"
        "• <b>LinkedIn</b>: Settings → Data privacy → Get a copy of your data → "
        "Connections (Connections.csv);\n"
        "• <b>Google Contacts</b> or <b>Outlook</b> CSV, or any CSV with a Name column.\n"
        "Up to {mb} MB and {count} contacts. Nothing is saved before you confirm. "
        "/cancel to stop.",
        mb=_number(t, MAX_BYTES // _MB),
        count=_number(t, MAX_CONTACTS),
    )


def failure_text(t: Texts, failure: ImportFailure) -> str:
    match failure.reason:
        case FailureReason.TOO_LARGE:
            text = t._(
                "This file is {size} MB: I can read up to {limit} MB. Export fewer contacts "
                "(or split the file) and send the parts one at a time.",
                size=_megabytes(t, failure.actual or 0),
                limit=_megabytes(t, failure.limit or MAX_BYTES),
            )
        case FailureReason.TOO_MANY:
            text = t._(
                "This file has {count} contacts: I can import up to {limit} at a time. "
                "Split it and send the parts one at a time.",
                count=_number(t, failure.actual or 0),
                limit=_number(t, failure.limit or 0),
            )
        case FailureReason.EMPTY:
            text = t._("This file is empty.")
        case FailureReason.FULL_BACKUP:
            text = t._(
                "This is the complete copy of your data from /export: it is for keeping, not "
                "for importing. To bring your contacts back, send <b>contacts.csv</b> (or "
                "contacts.vcf) from the same /export."
            )
        case FailureReason.BINARY:
            text = t._(
                "This is not a contacts file (it is not text: an image, a PDF, a spreadsheet "
                "saved as .xlsx?). Send a vCard (.vcf) or a CSV."
            )
        case FailureReason.FIELD_TOO_LARGE:
            text = t._(
                "Row {row} has a cell longer than {limit} characters: no contact has that much "
                "to say. The file is probably damaged; export it again, or open it in a "
                "spreadsheet and shorten that cell.",
                row=_number(t, failure.position or 0),
                limit=_number(t, failure.limit or 0),
            )
        case FailureReason.UNCLOSED_QUOTE:
            text = t._(
                'Row {row} opens a quotation mark (") that is never closed, so everything after '
                "it would be read as one cell and the rows below it would be lost. Close or "
                "remove that quotation mark and send the file again.",
                row=_number(t, failure.position or 0),
            )
        case FailureReason.UNKNOWN_COLUMNS:
            columns = ", ".join(c for c in failure.header if c.strip())[:300]
            text = t._(
                "I can't tell which column holds the names. The columns are: {columns}. "
                "Rename one to <b>Name</b> (or <b>First Name</b> and <b>Last Name</b>) and "
                "send the file again.",
                columns=esc(columns) or "—",
            )
        case _:
            text = t._(
                "I don't recognise this file. Send a vCard (.vcf), LinkedIn's "
                "Connections.csv, or a CSV exported from Google Contacts or Outlook."
            )
    return text + "\n" + t._("Nothing was imported. Send another file, or /cancel.")


def _where(fmt: str, position: int, t: Texts) -> str:
    if fmt == ImportFormat.VCARD:
        return t._("card {number}", number=position)
    return t._("row {number}", number=position)


def problem_lines(t: Texts, fmt: str, problems: list[list[Any]]) -> list[str]:
    lines = []
    for position, reason, detail in problems:
        if reason in (RejectReason.CLIPPED, RejectReason.TOO_MANY_VALUES):
            field = ImportedField(detail)
            why, detail = t._(SHORTENED[field], limit=_number(t, FIELD_LIMITS[field])), ""
        elif reason == RejectReason.EMPTY_ROW and fmt == ImportFormat.LINKEDIN_CSV:
            why = t._(HIDDEN_MEMBER)
        else:
            why = t._(REASONS[RejectReason(reason)])
        text = f"{_where(fmt, position, t)}: {why}"
        # The detail is the user's own value; a broken card's detail is the parser's
        # (English) account of it, which the reason already says in the user's language.
        if detail and reason != RejectReason.UNREADABLE_CARD:
            text += f" ({esc(str(detail)[:60])})"
        lines.append("   " + text)
    return lines


def summarise(
    outcome: ParseResult, plan: ImportPlan, names: dict[int, str], file_name: str
) -> dict[str, Any]:
    """What the preview shows, JSON-safe (it lives in the persisted user_data)."""
    dropped = [r for r in outcome.rejected if r.reason.drops_entry]
    values = [r for r in outcome.rejected if not r.reason.drops_entry]

    def rows(items: list[Rejected]) -> list[list[Any]]:
        return [[r.position, r.reason.value, r.detail] for r in items[:SHOWN_PROBLEMS]]

    dup_names = []
    for duplicate in plan.duplicates:
        name = names.get(duplicate.existing_id, duplicate.draft.name)
        if name not in dup_names:
            dup_names.append(name)
        if len(dup_names) == SHOWN_NAMES:
            break
    return {
        "format": outcome.format.value,
        "file": file_name[:80],
        "new": len(plan.new),
        "dups": len(plan.duplicates),
        "dup_names": dup_names,
        "dropped": len(dropped),
        "dropped_shown": rows(dropped),
        "values": len(values),
        "values_shown": rows(values),
    }


def preview_text(t: Texts, state: dict[str, Any], tag: str) -> str:
    s = state["summary"]
    fmt = s["format"]
    lines = [
        t._(
            "<b>Ready to import</b>: <i>{file}</i> ({what})",
            what=t._(FORMAT_NAMES[ImportFormat(fmt)]),
            file=esc(s["file"]),
        ),
        "• " + t.ngettext("<b>{n}</b> new contact", "<b>{n}</b> new contacts", s["new"]),
    ]
    if s["dups"]:
        lines.append(
            "• "
            + t.ngettext(
                "<b>{n}</b> already in your contacts ({names})",
                "<b>{n}</b> already in your contacts ({names})",
                s["dups"],
                names=esc(", ".join(s["dup_names"]))
                + ("…" if s["dups"] > len(s["dup_names"]) else ""),
            )
        )
        lines.append(
            "   "
            + (
                t._("→ they will be <b>merged</b>: what's new is added, nothing is overwritten")
                if state["merge"]
                else t._("→ they will be <b>skipped</b>: left as they are")
            )
        )
    if s["dropped"]:
        lines.append(
            "• "
            + t.ngettext(
                "<b>{n}</b> entry can't be imported:",
                "<b>{n}</b> entries can't be imported:",
                s["dropped"],
            )
        )
        lines += problem_lines(t, fmt, s["dropped_shown"])
        if s["dropped"] > len(s["dropped_shown"]):
            more = s["dropped"] - len(s["dropped_shown"])
            lines.append("   " + t._("…and {count} more", count=_number(t, more)))
        lines.append("   " + t._("→ the other contacts are imported as usual"))
    if s["values"]:
        lines.append(
            "• "
            + t.ngettext(
                "{n} value left out or shortened, the contact is kept:",
                "{n} values left out or shortened, the contacts are kept:",
                s["values"],
            )
        )
        lines += problem_lines(t, fmt, s["values_shown"])
    cadence = Cadence(state["cadence"])
    lines.append(t._("Keep in touch: <b>{cadence}</b>", cadence=t._(CADENCE_LABELS[cadence])))
    lines.append(t._("They will be tagged <code>{tag}</code>.", tag=esc(tag)))
    lines.append(t._("Nothing is saved until you press <b>Import</b>."))
    return "\n".join(lines)


def preview_keyboard(t: Texts, state: dict[str, Any]) -> InlineKeyboardMarkup:
    def mark(selected: bool, label: str) -> str:
        return f"✅ {label}" if selected else label

    rows: list[list[InlineKeyboardButton]] = []
    if state["summary"]["dups"]:
        rows.append(
            [
                InlineKeyboardButton(
                    mark(state["merge"], t._("Merge duplicates")),
                    callback_data=pack("im", "dup", "merge"),
                ),
                InlineKeyboardButton(
                    mark(not state["merge"], t._("Skip duplicates")),
                    callback_data=pack("im", "dup", "skip"),
                ),
            ]
        )
    cadence_buttons = [
        InlineKeyboardButton(
            mark(state["cadence"] == c, t._(label)), callback_data=pack("im", "kit", c)
        )
        for c, label in CADENCE_LABELS.items()
    ]
    rows += [cadence_buttons[:1], cadence_buttons[1:3], cadence_buttons[3:]]
    rows.append(
        [
            InlineKeyboardButton(t._("📥 Import"), callback_data=pack("im", "go")),
            InlineKeyboardButton(t._("✖️ Cancel"), callback_data=pack("im", "no")),
        ]
    )
    return InlineKeyboardMarkup(rows)


def result_text(t: Texts, report: ImportReport, cadence: Cadence, tag: str) -> str:
    parts = [t.ngettext("{n} new contact", "{n} new contacts", report.created)]
    if report.merged:
        parts.append(t.ngettext("{n} merged", "{n} merged", report.merged))
    if report.skipped:
        parts.append(t.ngettext("{n} duplicate skipped", "{n} duplicates skipped", report.skipped))
    lines = [
        t._("✅ Import done: {parts}.", parts=", ".join(parts)),
        t._(
            "They are tagged <code>{tag}</code>: search for it with /find.",
            tag=esc(tag),
        ),
    ]
    if cadence is not Cadence.NONE:
        lines.append(
            t._(
                "Keep in touch: {cadence}. Reminders for people you haven't heard from in a "
                "while are spread over the coming weeks, not all on one day.",
                cadence=t._(CADENCE_LABELS[cadence]).lower(),
            )
        )
    return "\n".join(lines)


def unreadable_text(t: Texts, outcome: ParseResult) -> str:
    """A file of the right kind in which no contact could be read."""
    problems = [[r.position, r.reason.value, r.detail] for r in outcome.rejected]
    return "\n".join(
        [
            t._("I couldn't read any contact in this file."),
            *problem_lines(t, outcome.format.value, problems[:SHOWN_PROBLEMS]),
            t._("Nothing was imported. Send another file, or /cancel."),
        ]
    )
