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

from telegram import Message, Update
from telegram.constants import ChatAction
from telegram.error import BadRequest, TelegramError
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.callbacks import unpack
from bot.context import ReteApplication, ReteContext
from bot.followups.service import user_schedule
from bot.porting import (
    MAX_BYTES,
    FailureReason,
    ImportFailure,
    ImportFormat,
    ParseResult,
    parse_import,
)
from bot.porting.apply import apply_import, existing_contacts
from bot.porting.plan import import_tag, plan_import
from handlers.common import begin, finish
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
        await message.reply_text(unreadable_text(t, outcome))
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
