"""/add: the guided dialogue that saves a person in thirty seconds.

Entry points (handlers.add.entry): /add (with or without "Name, role @ company"), the menu
button, a shared Telegram contact, a .vcf file, a photo, a card's Edit button, and the Finish
button of an expired /add's note. The draft lives in user_data as JSON
(bot.contacts.add_state.AddState), so a restart continues at the same question. Callback data:
`add:<step>:<action>[:<argument>]`.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.context import ReteApplication, ReteContext
from handlers.add import entry, flow
from handlers.add.buttons import on_button

VCARD_FILES = (
    filters.Document.FileExtension("vcf")
    | filters.Document.MimeType("text/vcard")
    | filters.Document.MimeType("text/x-vcard")
)

PHOTOS = filters.PHOTO | filters.Document.IMAGE  # a QR code, a badge, a business card


def conversation() -> ConversationHandler[ReteContext]:
    private = filters.ChatType.PRIVATE
    cancel: BaseHandler[Update, ReteContext, object] = CommandHandler(
        "cancel", flow.cancel, filters=private
    )
    return ConversationHandler(
        entry_points=[
            CommandHandler("add", entry.start_command, filters=private),
            CallbackQueryHandler(entry.start_button, pattern=r"^menu:add$"),
            CallbackQueryHandler(entry.resume, pattern=r"^menu:resume$"),
            CallbackQueryHandler(entry.start_edit, pattern=r"^ct:edit:"),
            MessageHandler(private & filters.CONTACT, entry.start_from_contact),
            MessageHandler(private & VCARD_FILES, entry.start_from_vcard),
            MessageHandler(private & PHOTOS, entry.start_from_photo),
        ],
        states={
            flow.ASKING: [
                cancel,
                CommandHandler("skip", flow.skip_command, filters=private),
                CommandHandler("back", flow.back_command, filters=private),
                MessageHandler(private & filters.COMMAND, flow.busy),
                CallbackQueryHandler(on_button, pattern=r"^add:"),
                CallbackQueryHandler(flow.busy, pattern=r"^(menu:(add|resume)$|ct:edit:)"),
                MessageHandler(private & filters.TEXT, flow.on_text),
                MessageHandler(
                    private & (filters.CONTACT | VCARD_FILES | PHOTOS), entry.instead_of_a_name
                ),
                MessageHandler(private & ~filters.StatusUpdate.ALL, flow.not_text),
            ]
        },
        fallbacks=[cancel],
        name=flow.NAME,
        persistent=True,
        per_message=False,
    )


def register(app: ReteApplication) -> None:
    app.add_handler(conversation())
