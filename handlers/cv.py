"""/cv: your CV, stored by Telegram file_id (no copy on our disk) with its name and date.

- /cv sends it back, ready to forward (with *Replace it*); without one, it asks for it.
- After /cv (or *Replace it*), the next PDF or DOCX becomes the CV.
- A PDF or DOCX sent at any other moment is never taken silently: "Save as your CV? It
  replaces X, saved on …" and only a yes stores it.
Callbacks: `cv:send` (nudges, the event prep reminder), `cv:new`, `cv:yes`, `cv:no`.
"""

from __future__ import annotations

from telegram import Document, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import TelegramError
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.account.actions import store_cv
from bot.callbacks import pack
from bot.context import ReteApplication, ReteContext
from bot.days import day
from bot.followups.event_messages import cv_age_text
from bot.followups.policy import local_today
from bot.formatting import clip, esc
from handlers.common import begin, expired, finish, profile, safe_edit, send, user_today
from storage.users import User

NAME = "cv"
WAITING = "waiting"
_PENDING = "pending_cv"  # user_data: a CV file waiting for the user's yes
MAX_CV_BYTES = 20 * 1024 * 1024  # what a bot may download from Telegram
PDF_MIME = "application/pdf"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# What the first bytes of a real file look like: PDFs start with %PDF, DOCX files are zips.
MAGIC = {PDF_MIME: b"%PDF", DOCX_MIME: b"PK\x03\x04"}

CV_FILES = filters.ChatType.PRIVATE & (
    filters.Document.MimeType(PDF_MIME)
    | filters.Document.MimeType(DOCX_MIME)
    | filters.Document.FileExtension("pdf")
    | filters.Document.FileExtension("docx")
)


def cv_kind(document: Document) -> str | None:
    """PDF_MIME or DOCX_MIME from the name or the declared type; None for anything else."""
    name = (document.file_name or "").lower()
    if document.mime_type == PDF_MIME or name.endswith(".pdf"):
        return PDF_MIME
    if document.mime_type == DOCX_MIME or name.endswith(".docx"):
        return DOCX_MIME
    return None


async def _problem(context: ReteContext, document: Document) -> str | None:
    """Why this document cannot be a CV (None: it can). Downloads the first bytes to check
    the file is what its name says (not a renamed photo or an empty file)."""
    t = context.texts
    kind = cv_kind(document)
    if kind is None:
        return t._("A CV must be a PDF or a Word (DOCX) file.")
    if document.file_size and document.file_size > MAX_CV_BYTES:
        return t._("This file is over 20 MB: please send a lighter PDF.")
    try:
        telegram_file = await context.bot.get_file(document.file_id)
        content = await telegram_file.download_as_bytearray()
    except TelegramError:
        content = bytearray()
    if bytes(content[:4]) != MAGIC[kind]:
        return t._(
            "This file does not look like a valid PDF or Word document: "
            "please export your CV again and send it."
        )
    return None


def _current(context: ReteContext, user: User) -> str:
    """ "Lebenslauf.pdf, stored on Mon 2 Nov" for the CV the user has."""
    t = context.texts
    assert user.cv_file_name is not None
    stored = (
        day(t, local_today(user.cv_uploaded_at, user.timezone), today=user_today(context))
        if user.cv_uploaded_at
        else "?"
    )
    return t._(
        "{name}, stored on {day}", name=f"<b>{esc(clip(user.cv_file_name, 120))}</b>", day=stored
    )


async def _save(context: ReteContext, file_id: str, name: str) -> str:
    """Store the CV; the sentence that says so."""
    services = context.services
    stored = await store_cv(
        services.repos, services.clock, profile(context), file_id, clip(name, 120)
    )
    context.profile = stored
    return context.texts._(
        "📄 Saved <b>{name}</b> as your current CV. Send /cv whenever you need it back.",
        name=esc(clip(name, 120)),
    )


# ---- sending it back -------------------------------------------------------------------------
async def send_cv(update: Update, context: ReteContext) -> None:
    user, t = profile(context), context.texts
    assert user.cv_file_id is not None and update.effective_chat
    uploaded = local_today(user.cv_uploaded_at, user.timezone) if user.cv_uploaded_at else None
    await context.bot.send_document(
        update.effective_chat.id,
        user.cv_file_id,
        caption=t._("Your CV: {age}", age=cv_age_text(t, uploaded, user_today(context)))
        + "\n"
        + t._("Forward it to whoever needs it."),
        reply_markup=InlineKeyboardMarkup(
            [[InlineKeyboardButton(t._("🔄 Replace it"), callback_data=pack("cv", "new"))]]
        ),
    )


async def cv_command(update: Update, context: ReteContext) -> str | int:
    if profile(context).cv_file_id is not None:
        await send_cv(update, context)
        return ConversationHandler.END
    return await _wait_for_file(update, context)


async def cv_button(update: Update, context: ReteContext) -> None:
    query = update.callback_query
    assert query
    if context.profile is None or context.profile.cv_file_id is None:
        await expired(update, context)
        return
    await query.answer()
    await send_cv(update, context)


# ---- a new CV, asked for -----------------------------------------------------------------------
async def _wait_for_file(update: Update, context: ReteContext) -> str | int:
    if not await begin(update, context, NAME):
        return ConversationHandler.END
    await send(
        update,
        context,
        context.texts._(
            "Send me your CV here as a PDF or Word (DOCX) file (📎 → File). /cancel to stop."
        ),
    )
    return WAITING


async def replace_button(update: Update, context: ReteContext) -> str | int:
    assert update.callback_query
    if not await begin(update, context, NAME):  # answers the button itself
        return ConversationHandler.END
    await update.callback_query.answer()
    return await _wait_for_file(update, context)


async def cv_again(update: Update, context: ReteContext) -> str | int:
    """/cv while the bot waits for the file: the same as /cv at any other moment."""
    finish(context)
    return await cv_command(update, context)


async def file_sent(update: Update, context: ReteContext) -> str | int:
    message = update.effective_message
    assert message and message.document
    problem = await _problem(context, message.document)
    if problem is not None:
        await message.reply_text(problem + "\n" + context.texts._("Send another file, or /cancel."))
        return WAITING
    finish(context)
    document = message.document
    await message.reply_text(await _save(context, document.file_id, document.file_name or "CV"))
    return ConversationHandler.END


async def not_a_file(update: Update, context: ReteContext) -> str:
    assert update.effective_message
    await update.effective_message.reply_text(
        context.texts._("Please send the CV as a file (📎 → File), or /cancel.")
    )
    return WAITING


async def cancel(update: Update, context: ReteContext) -> int:
    finish(context)
    await send(update, context, context.texts._("Your CV is unchanged."))
    return ConversationHandler.END


# ---- a PDF or DOCX sent at another moment ------------------------------------------------------
async def stray_cv(update: Update, context: ReteContext) -> None:
    """Never taken silently: ask before it becomes (or replaces) the CV."""
    message = update.effective_message
    assert message and message.document and context.user_data is not None
    t, user = context.texts, profile(context)
    if (problem := await _problem(context, message.document)) is not None:
        await message.reply_text(problem)
        return
    name = f"<b>{esc(clip(message.document.file_name or 'CV', 120))}</b>"
    if user.cv_file_id is not None:
        text = t._(
            "Save {name} as your CV? It replaces your current one: {current}.",
            name=name,
            current=_current(context, user),
        )
    else:
        text = t._("Save {name} as your CV? /cv will send it back whenever you need it.", name=name)
    asked = await message.reply_text(
        text,
        reply_markup=InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(t._("✅ Yes, save it"), callback_data=pack("cv", "yes")),
                    InlineKeyboardButton(t._("No"), callback_data=pack("cv", "no")),
                ]
            ]
        ),
    )
    # Only this question's buttons act on this file (an older question's are stale).
    context.user_data[_PENDING] = {
        "file_id": message.document.file_id,
        "name": message.document.file_name or "CV",
        "message_id": asked.message_id,
    }


async def confirm(update: Update, context: ReteContext) -> None:
    query = update.callback_query
    assert query and query.data and context.user_data is not None
    pending = context.user_data.get(_PENDING)
    pressed = query.message.message_id if isinstance(query.message, Message) else None
    if not isinstance(pending, dict) or pending.get("message_id") != pressed:
        await expired(update, context)
        return
    del context.user_data[_PENDING]
    await query.answer()
    if query.data == "cv:no":
        await safe_edit(query.edit_message_text(context.texts._("Your CV is unchanged.")))
        return
    await safe_edit(
        query.edit_message_text(await _save(context, pending["file_id"], pending["name"]))
    )


def register(app: ReteApplication) -> None:
    private = filters.ChatType.PRIVATE
    app.add_handler(
        ConversationHandler(
            entry_points=[
                CommandHandler("cv", cv_command, filters=private),
                CallbackQueryHandler(replace_button, pattern=r"^cv:new$"),
            ],
            states={
                WAITING: [
                    MessageHandler(private & filters.Document.ALL, file_sent),
                    MessageHandler(
                        private & ~filters.COMMAND & ~filters.StatusUpdate.ALL, not_a_file
                    ),
                ]
            },
            fallbacks=[
                CommandHandler("cancel", cancel, filters=private),
                CommandHandler("cv", cv_again, filters=private),
            ],
            name=NAME,
            persistent=True,
            per_message=False,
        )
    )
    app.add_handler(CallbackQueryHandler(cv_button, pattern=r"^cv:send$"))
    app.add_handler(CallbackQueryHandler(confirm, pattern=r"^cv:(yes|no)$"))
    app.add_handler(MessageHandler(CV_FILES, stray_cv))
