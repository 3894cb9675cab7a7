"""/cv: a PDF or Word (DOCX) document becomes the current CV; /cv sends it back.

The CV is stored by Telegram file_id (no copy on our disk), with its file name and date.
Callback `cv:send` (nudges and the event prep reminder) sends it back too.
"""

from __future__ import annotations

from telegram import Document, Update
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.context import ReteApplication, ReteContext
from bot.followups.event_messages import cv_age_text
from bot.followups.service import user_schedule
from bot.formatting import clip, esc

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


async def looks_right(context: ReteContext, document: Document, kind: str) -> bool:
    """Download the first bytes and check the file is what its name says (not a renamed
    photo or an empty file)."""
    try:
        telegram_file = await context.bot.get_file(document.file_id)
        content = await telegram_file.download_as_bytearray()
    except TelegramError:
        return False
    return bytes(content[:4]) == MAGIC[kind]


async def send_cv(context: ReteContext, chat_id: int) -> None:
    user = context.profile
    t = context.texts
    if user is None or user.cv_file_id is None:
        await context.bot.send_message(
            chat_id, t._("You have not stored a CV yet: send it to me here as a PDF or DOCX file.")
        )
        return
    zone = user_schedule(user).zone
    today = context.services.clock.now().astimezone(zone).date()
    uploaded = user.cv_uploaded_at.astimezone(zone).date() if user.cv_uploaded_at else None
    await context.bot.send_document(
        chat_id,
        user.cv_file_id,
        caption=t._("Your CV: {age}", age=cv_age_text(t, uploaded, today))
        + "\n"
        + t._("Forward it to whoever needs it."),
    )


async def cv_command(update: Update, context: ReteContext) -> None:
    assert update.effective_chat
    await send_cv(context, update.effective_chat.id)


async def cv_button(update: Update, context: ReteContext) -> None:
    query = update.callback_query
    assert query and update.effective_user
    if context.profile is None or query.data != "cv:send":
        await query.answer(context.texts._("This button has expired."))
        return
    await query.answer()
    await send_cv(context, update.effective_user.id)


async def cv_received(update: Update, context: ReteContext) -> None:
    message = update.effective_message
    assert message and message.document and update.effective_user
    t, services = context.texts, context.services
    document = message.document
    kind = cv_kind(document)
    if kind is None:
        return
    if document.file_size and document.file_size > MAX_CV_BYTES:
        await message.reply_text(t._("This file is over 20 MB: please send a lighter PDF."))
        return
    if not await looks_right(context, document, kind):
        await message.reply_text(
            t._(
                "This file does not look like a valid PDF or Word document: "
                "please export your CV again and send it."
            )
        )
        return
    name = clip(document.file_name or "CV", 120)
    await services.repos.users.set_cv(
        update.effective_user.id, document.file_id, name, services.clock.now()
    )
    await message.reply_text(
        t._(
            "📄 Saved <b>{name}</b> as your current CV. Send /cv whenever you need it back.",
            name=esc(name),
        )
    )


def register(app: ReteApplication) -> None:
    app.add_handler(CommandHandler("cv", cv_command, filters=filters.ChatType.PRIVATE))
    app.add_handler(CallbackQueryHandler(cv_button, pattern=r"^cv:"))
    app.add_handler(MessageHandler(CV_FILES, cv_received))
