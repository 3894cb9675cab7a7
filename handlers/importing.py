"""/import: a file in, a preview, then everything or nothing.

FILE     the user sends a document (vCard, LinkedIn, Google, Outlook or any named-column CSV);
         a bad file gets its reason and the question stays open for another one.
PREVIEW  N new, M duplicates (merge or skip), K not imported with the first reasons, a
         keep-in-touch cadence for all; *Import* writes it all in one transaction.

A contacts file sent outside /import is offered to it (handlers.common.offer_import): its
*Import* button (`im:offer`) opens this dialogue straight at the preview.

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

from telegram import Message, Update
from telegram.constants import ChatAction
from telegram.error import TelegramError
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.callbacks import unpack
from bot.contacts.merging import Conflict
from bot.contacts.wording import MERGE_LABELS
from bot.context import ReteApplication, ReteContext
from bot.days import day
from bot.i18n import Texts
from bot.porting import (
    MAX_BYTES,
    FailureReason,
    ImportFailure,
    ImportFormat,
    ParseResult,
    parse_import,
)
from bot.porting.actions import DescribeConflict, apply_import, plan_for
from bot.porting.plan import import_tag
from handlers.common import (
    PENDING_IMPORT,
    begin,
    expired,
    finish,
    profile,
    safe_edit,
    send,
    user_today,
)
from handlers.import_texts import (
    ask_for_file,
    failure_text,
    preview_keyboard,
    preview_text,
    result_text,
    summarise,
    unreadable_text,
)
from storage.kinds import Cadence

log = logging.getLogger(__name__)

NAME = "import"
FILE, PREVIEW = "file", "preview"
_STATE = "import"  # key in user_data


# ---- helpers -------------------------------------------------------------------------------
def _state(context: ReteContext) -> dict[str, Any] | None:
    assert context.user_data is not None
    state = context.user_data.get(_STATE)
    return state if isinstance(state, dict) else None


async def _read(context: ReteContext, file_id: str, today: date) -> ParseResult | ImportFailure:
    """Download and parse (off the event loop: 10,000 vCards take seconds)."""
    telegram_file = await context.bot.get_file(file_id)
    data = bytes(await telegram_file.download_as_bytearray())
    return await asyncio.to_thread(
        parse_import, data, default_region=profile(context).phone_region, today=today
    )


def _end(context: ReteContext) -> int:
    assert context.user_data is not None
    context.user_data.pop(_STATE, None)
    finish(context)
    return ConversationHandler.END


def conflict_note(t: Texts, tag: str, today: date) -> DescribeConflict:
    """How a file's differing value is kept in the notes of a merged contact."""

    def describe(conflict: Conflict) -> str:
        value = conflict.new
        shown = day(t, value, today=today) if isinstance(value, date) else str(value)
        return t._(
            "{field} in the import {tag}: {value}",
            field=t._(MERGE_LABELS[conflict.field]),
            tag=tag,
            value=shown,
        )

    return describe


# ---- a file, and its preview -----------------------------------------------------------------
async def start_import(update: Update, context: ReteContext) -> str | int:
    assert update.effective_message
    if not await begin(update, context, NAME):
        return ConversationHandler.END
    assert context.user_data is not None
    context.user_data.pop(_STATE, None)
    await update.effective_message.reply_text(ask_for_file(context.texts))
    return FILE


async def _preview(
    update: Update, context: ReteContext, file_id: str, file_name: str, back: str
) -> str:
    """Read the file and show what importing it would do; `back` when it cannot be read."""
    assert context.user_data is not None
    t = context.texts
    today = user_today(context)
    try:
        outcome = await _read(context, file_id, today)
    except TelegramError:
        await send(
            update,
            context,
            t._("I couldn't download the file from Telegram. Please send it again."),
        )
        return back
    if isinstance(outcome, ImportFailure):
        await send(update, context, failure_text(t, outcome))
        return back
    if not outcome.contacts:
        await send(update, context, unreadable_text(t, outcome))
        return back
    preview = await plan_for(context.repos, profile(context), outcome.contacts)
    state: dict[str, Any] = {
        "file_id": file_id,
        "today": today.isoformat(),
        "merge": True,
        "cadence": Cadence.NONE.value,
        "summary": summarise(outcome, preview.plan, preview.names, file_name),
    }
    tag = import_tag(outcome.format, today)
    assert update.effective_chat
    sent = await context.bot.send_message(
        update.effective_chat.id,
        preview_text(t, state, tag),
        reply_markup=preview_keyboard(t, state),
    )
    state["message_id"] = sent.message_id
    context.user_data[_STATE] = state
    return PREVIEW


async def receive_file(update: Update, context: ReteContext) -> str:
    message = update.effective_message
    assert message and message.document
    document = message.document
    back = PREVIEW if _state(context) else FILE
    if document.file_size and document.file_size > MAX_BYTES:
        failure = ImportFailure(
            FailureReason.TOO_LARGE,
            ImportFormat.UNKNOWN,
            limit=MAX_BYTES,
            actual=document.file_size,
        )
        await message.reply_text(failure_text(context.texts, failure))
        return back
    await message.reply_chat_action(ChatAction.TYPING)
    return await _preview(update, context, document.file_id, document.file_name or "file", back)


async def offered(update: Update, context: ReteContext) -> str | int:
    """*Import* under a file sent outside /import: straight to its preview."""
    query = update.callback_query
    assert query and context.user_data is not None
    pending = context.user_data.get(PENDING_IMPORT)
    if not isinstance(pending, dict):
        await expired(update, context)
        return ConversationHandler.END
    if not await begin(update, context, NAME):
        return ConversationHandler.END
    context.user_data.pop(PENDING_IMPORT, None)
    await query.answer()
    step = await _preview(update, context, pending["file_id"], pending["file_name"], FILE)
    if step == FILE:  # unreadable after all: the reason was said; nothing stays open
        return _end(context)
    return step


async def offer_declined(update: Update, context: ReteContext) -> None:
    query = update.callback_query
    assert query and context.user_data is not None
    if context.user_data.pop(PENDING_IMPORT, None) is None:
        await expired(update, context)
        return
    await query.answer()
    await safe_edit(query.edit_message_text(context.texts._("All right: nothing was imported.")))


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


# ---- the preview's buttons -------------------------------------------------------------------
def _pressed_state(update: Update, context: ReteContext) -> dict[str, Any] | None:
    """The import state, if the pressed button belongs to the current preview."""
    query = update.callback_query
    assert query
    state = _state(context)
    message = query.message
    if state is None or not isinstance(message, Message):
        return None
    return state if message.message_id == state.get("message_id") else None


async def choose(update: Update, context: ReteContext) -> str:
    """Merge/skip duplicates, or the keep-in-touch cadence: the preview is redrawn."""
    query = update.callback_query
    assert query
    state = _pressed_state(update, context)
    parts = unpack(query.data)
    if state is None or len(parts) != 3:
        await expired(update, context)
        return PREVIEW
    _, what, value = parts
    if what == "dup" and value in ("merge", "skip") and state["summary"]["dups"]:
        state["merge"] = value == "merge"
    elif what == "kit" and value in {c.value for c in Cadence}:
        state["cadence"] = value
    else:
        await expired(update, context)
        return PREVIEW
    await query.answer()
    t = context.texts
    tag = import_tag(ImportFormat(state["summary"]["format"]), date.fromisoformat(state["today"]))
    await safe_edit(
        query.edit_message_text(
            preview_text(t, state, tag), reply_markup=preview_keyboard(t, state)
        )
    )
    return PREVIEW


async def confirm(update: Update, context: ReteContext) -> str | int:
    query = update.callback_query
    assert query
    state = _pressed_state(update, context)
    if state is None:
        await expired(update, context)
        return PREVIEW
    t, services, user = context.texts, context.services, profile(context)
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
    preview = await plan_for(services.repos, user, outcome.contacts)
    cadence = Cadence(state["cadence"])
    tag = import_tag(outcome.format, today)
    try:
        report = await apply_import(
            services.repos,
            services.clock,
            user,
            preview.plan,
            merge=bool(state["merge"]),
            cadence=cadence,
            tag=tag,
            describe=conflict_note(t, tag, today),
        )
    except Exception:
        # The transaction was rolled back: say so here (the query is already answered).
        log.exception("import of user %s failed", user.id)
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
        await expired(update, context)
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
            entry_points=[
                CommandHandler("import", start_import, filters=private),
                CallbackQueryHandler(offered, pattern=r"^im:offer$", block=False),
            ],
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
                CallbackQueryHandler(expired, pattern=r"^im:(?!drop$)"),
            ],
        )
    )
    app.add_handler(CallbackQueryHandler(offer_declined, pattern=r"^im:drop$"))
