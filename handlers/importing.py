"""/import: a file in, a preview, then everything or nothing.

FILE     the user sends a document (vCard, LinkedIn, Google, Outlook or any named-column CSV);
         a bad file gets its reason and the question stays open for another one.
PREVIEW  N new, M duplicates (merge or skip), K not imported with the first reasons, a
         keep-in-touch cadence for all; *Import* writes it all in one transaction.

Nothing big is kept in the conversation state (it is persisted as JSON): the preview keeps
the file's id and a summary; *Import* downloads and parses the file again. Reading a file
and importing it run as non-blocking callbacks (parsing 10,000 cards takes seconds, off the
event loop), so other users are served meanwhile; the WAITING state answers this user.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import date
from typing import Any

from babel.numbers import format_decimal
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatAction
from telegram.error import BadRequest, TelegramError
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.callbacks import pack, unpack
from bot.context import ReteApplication, ReteContext
from bot.followups.cadence import Cadence
from bot.followups.service import user_schedule
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
    parse_import,
)
from bot.porting.apply import ImportReport, apply_import, existing_contacts
from bot.porting.plan import ImportPlan, import_tag, plan_import
from handlers.dialogue import begin, finish

log = logging.getLogger(__name__)

NAME = "import"
FILE, PREVIEW = "file", "preview"
_STATE = "import"  # key in user_data
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
    RejectReason.EMPTY_ROW: N_("empty (on LinkedIn: a member who hides their profile)"),
    RejectReason.NO_NAME: N_("no name"),
    RejectReason.UNREADABLE_CARD: N_("unreadable"),
    RejectReason.INVALID_EMAIL: N_("invalid e-mail"),
}
CADENCE_LABELS = {
    Cadence.NONE: N_("No reminders"),
    Cadence.MONTHLY: N_("Monthly"),
    Cadence.QUARTERLY: N_("Every 3 months"),
    Cadence.SEMIANNUAL: N_("Every 6 months"),
    Cadence.YEARLY: N_("Yearly"),
}


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
        case FailureReason.BINARY:
            text = t._(
                "This is not a contacts file (it is not text: an image, a PDF, a spreadsheet "
                "saved as .xlsx?). Send a vCard (.vcf) or a CSV."
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
        text = f"{_where(fmt, position, t)}: {t._(REASONS[RejectReason(reason)])}"
        if detail:
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
        lines.append("   " + t._("→ the readable part will be imported"))
    if s["values"]:
        lines.append(
            "• "
            + t.ngettext(
                "{n} value left out, the contact is kept:",
                "{n} values left out, the contacts are kept:",
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
            mark(state["cadence"] == c.value, t._(label)), callback_data=pack("im", "kit", c.value)
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


# ---- helpers -------------------------------------------------------------------------------
def _state(context: ReteContext) -> dict[str, Any] | None:
    assert context.user_data is not None
    state = context.user_data.get(_STATE)
    return state if isinstance(state, dict) else None


def _local_today(context: ReteContext) -> date:
    assert context.profile is not None
    return context.services.clock.now().astimezone(user_schedule(context.profile).zone).date()


async def _read(context: ReteContext, file_id: str, today: date) -> ParseResult | ImportFailure:
    """Download and parse (off the event loop: 10,000 vCards take seconds)."""
    assert context.profile is not None
    telegram_file = await context.bot.get_file(file_id)
    data = bytes(await telegram_file.download_as_bytearray())
    return await asyncio.to_thread(
        parse_import, data, default_region=context.profile.phone_region, today=today
    )


def _end(context: ReteContext) -> int:
    assert context.user_data is not None
    context.user_data.pop(_STATE, None)
    finish(context)
    return ConversationHandler.END


# ---- callbacks -----------------------------------------------------------------------------
async def start_import(update: Update, context: ReteContext) -> str | int:
    assert update.effective_message
    if not await begin(update, context, NAME):
        return ConversationHandler.END
    assert context.user_data is not None
    context.user_data.pop(_STATE, None)
    await update.effective_message.reply_text(ask_for_file(context.texts))
    return FILE


async def receive_file(update: Update, context: ReteContext) -> str:
    message = update.effective_message
    assert message and message.document and context.profile and context.user_data is not None
    t = context.texts
    document = message.document
    back = PREVIEW if _state(context) else FILE
    if document.file_size and document.file_size > MAX_BYTES:
        failure = ImportFailure(
            FailureReason.TOO_LARGE,
            ImportFormat.UNKNOWN,
            limit=MAX_BYTES,
            actual=document.file_size,
        )
        await message.reply_text(failure_text(t, failure))
        return back
    await message.reply_chat_action(ChatAction.TYPING)
    today = _local_today(context)
    try:
        outcome = await _read(context, document.file_id, today)
    except TelegramError:
        await message.reply_text(
            t._("I couldn't download the file from Telegram. Please send it again.")
        )
        return back
    if isinstance(outcome, ImportFailure):
        await message.reply_text(failure_text(t, outcome))
        return back
    if not outcome.contacts:
        await message.reply_text(
            t._("I couldn't read any contact in this file.")
            + "\n"
            + "\n".join(
                problem_lines(
                    t,
                    outcome.format.value,
                    [[r.position, r.reason.value, r.detail] for r in outcome.rejected][
                        :SHOWN_PROBLEMS
                    ],
                )
            )
            + "\n"
            + t._("Nothing was imported. Send another file, or /cancel.")
        )
        return back
    existing = await existing_contacts(context.services, context.profile.id)
    plan = await asyncio.to_thread(
        plan_import, outcome.contacts, existing, default_region=context.profile.phone_region
    )
    names = {c.id: c.name for c in existing}
    state: dict[str, Any] = {
        "file_id": document.file_id,
        "today": today.isoformat(),
        "merge": True,
        "cadence": Cadence.NONE.value,
        "summary": summarise(outcome, plan, names, document.file_name or "file"),
    }
    tag = import_tag(outcome.format, today)
    sent = await message.reply_text(
        preview_text(t, state, tag), reply_markup=preview_keyboard(t, state)
    )
    state["message_id"] = sent.message_id
    context.user_data[_STATE] = state
    return PREVIEW


async def not_a_file(update: Update, context: ReteContext) -> str:
    assert update.effective_message
    await update.effective_message.reply_text(
        context.texts._("Send the contacts as a file (📎 → File), or /cancel.")
    )
    return FILE


async def preview_waits(update: Update, context: ReteContext) -> str:
    assert update.effective_message
    await update.effective_message.reply_text(
        context.texts._(
            "Press <b>Import</b> or <b>Cancel</b> under the preview, or send another file."
        )
    )
    return PREVIEW


def _pressed_state(update: Update, context: ReteContext) -> dict[str, Any] | None:
    """The import state, if the pressed button belongs to the current preview."""
    query = update.callback_query
    assert query
    state = _state(context)
    message = query.message
    if state is None or not isinstance(message, Message):
        return None
    return state if message.message_id == state.get("message_id") else None


async def _expired(update: Update, context: ReteContext) -> None:
    assert update.callback_query
    await update.callback_query.answer(context.texts._("This button has expired."))


async def choose(update: Update, context: ReteContext) -> str:
    """Merge/skip duplicates, or the keep-in-touch cadence: the preview is redrawn."""
    query = update.callback_query
    assert query
    state = _pressed_state(update, context)
    parts = unpack(query.data)
    if state is None or len(parts) != 3:
        await _expired(update, context)
        return PREVIEW
    _, what, value = parts
    if what == "dup" and value in ("merge", "skip") and state["summary"]["dups"]:
        state["merge"] = value == "merge"
    elif what == "kit" and value in {c.value for c in Cadence}:
        state["cadence"] = value
    else:
        await _expired(update, context)
        return PREVIEW
    await query.answer()
    t = context.texts
    tag = import_tag(ImportFormat(state["summary"]["format"]), date.fromisoformat(state["today"]))
    try:
        await query.edit_message_text(
            preview_text(t, state, tag), reply_markup=preview_keyboard(t, state)
        )
    except BadRequest as exc:  # the same choice pressed again
        if "not modified" not in str(exc).lower():
            raise
    return PREVIEW


async def confirm(update: Update, context: ReteContext) -> str | int:
    query = update.callback_query
    assert query and context.profile
    state = _pressed_state(update, context)
    if state is None:
        await _expired(update, context)
        return PREVIEW
    t = context.texts
    await query.answer(t._("Importing…"))
    today = date.fromisoformat(state["today"])
    try:
        outcome = await _read(context, state["file_id"], today)
    except TelegramError:
        outcome = None
    if not isinstance(outcome, ParseResult) or not outcome.contacts:
        await query.edit_message_text(
            t._("I couldn't read the file again: nothing was imported. Send /import to retry.")
        )
        return _end(context)
    services = context.services
    existing = await existing_contacts(services, context.profile.id)
    plan = await asyncio.to_thread(
        plan_import, outcome.contacts, existing, default_region=context.profile.phone_region
    )
    cadence = Cadence(state["cadence"])
    tag = import_tag(outcome.format, today)
    try:
        report = await apply_import(
            services, context.profile, plan, merge=bool(state["merge"]), cadence=cadence, tag=tag
        )
    except Exception:
        # The transaction was rolled back: say so here (the query is already answered).
        log.exception("import of user %s failed", context.profile.id)
        await query.edit_message_text(
            t._("Something went wrong while importing: nothing was saved. Please try again.")
        )
        return _end(context)
    await query.edit_message_text(result_text(t, report, cadence, tag))
    return _end(context)


async def cancel_button(update: Update, context: ReteContext) -> str | int:
    query = update.callback_query
    assert query
    if _pressed_state(update, context) is None:
        await _expired(update, context)
        return PREVIEW
    await query.answer()
    await query.edit_message_text(context.texts._("Import cancelled: nothing was saved."))
    return _end(context)


async def cancel(update: Update, context: ReteContext) -> int:
    assert update.effective_message
    await update.effective_message.reply_text(
        context.texts._("Import cancelled: nothing was saved.")
    )
    return _end(context)


async def still_working(update: Update, context: ReteContext) -> None:
    """Anything from the user while their file is being read or imported."""
    text = context.texts._("One moment: I'm still working on your file.")
    if update.callback_query:
        await update.callback_query.answer(text)
    elif update.effective_message:
        await update.effective_message.reply_text(text)


def register(app: ReteApplication) -> None:
    private = filters.ChatType.PRIVATE
    document = private & filters.Document.ALL
    other_message = (
        private & filters.UpdateType.MESSAGE & ~filters.COMMAND & ~filters.StatusUpdate.ALL
    )
    app.add_handler(
        ConversationHandler(
            name=NAME,
            persistent=True,
            per_message=False,
            entry_points=[CommandHandler("import", start_import, filters=private)],
            states={
                FILE: [
                    MessageHandler(document, receive_file, block=False),
                    MessageHandler(other_message, not_a_file),
                ],
                PREVIEW: [
                    MessageHandler(document, receive_file, block=False),
                    CallbackQueryHandler(choose, pattern=r"^im:(dup|kit):"),
                    CallbackQueryHandler(confirm, pattern=r"^im:go$", block=False),
                    CallbackQueryHandler(cancel_button, pattern=r"^im:no$"),
                    MessageHandler(other_message, preview_waits),
                ],
                ConversationHandler.WAITING: [
                    MessageHandler(private & filters.UpdateType.MESSAGE, still_working),
                    CallbackQueryHandler(still_working),
                ],
            },
            fallbacks=[
                CommandHandler("cancel", cancel, filters=private),
                CommandHandler("import", start_import, filters=private),
                CallbackQueryHandler(_expired, pattern=r"^im:"),
            ],
        )
    )
