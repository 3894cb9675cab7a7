"""Files sent outside any dialogue that no feature took: understood, never ignored.

A contacts file (a CSV with names, a vCard: recognised from the content, not the name) is
offered to /import; anything else gets what the bot accepts. (A one-card vCard starts /add,
a PDF or DOCX is offered as the CV: those features take them before this runs.)
"""

from __future__ import annotations

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import MessageHandler, filters

from bot.context import ReteApplication, ReteContext
from bot.porting import MAX_BYTES, ImportFormat, detect_format
from bot.porting.vcard import count_cards
from bot.porting.vcard_text import decode
from handlers.common import offer_import


async def stray_document(update: Update, context: ReteContext) -> None:
    message = update.effective_message
    assert message and message.document
    t = context.texts
    document = message.document
    contacts: int | None = None
    found = ImportFormat.UNKNOWN
    if not document.file_size or document.file_size <= MAX_BYTES:
        try:
            data = bytes(await (await document.get_file()).download_as_bytearray())
        except TelegramError:
            data = b""
        found = detect_format(data[: MAX_BYTES + 1])
        if found is ImportFormat.VCARD:
            contacts = count_cards(decode(data).text)
    if found is not ImportFormat.UNKNOWN:
        await offer_import(update, context, document, contacts)
        return
    await message.reply_text(
        t._(
            "I can't use that file. What I take: a contacts file (vCard, or a CSV from "
            "LinkedIn, Google or Outlook) to /import, your CV as a PDF or DOCX for /cv, and a "
            "shared contact to /add someone."
        )
    )


def register(app: ReteApplication) -> None:
    app.add_handler(MessageHandler(filters.ChatType.PRIVATE & filters.Document.ALL, stray_document))
