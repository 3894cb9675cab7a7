"""/contacts: the list, the contact card and its buttons (callback prefix `ct:`).

`ct:open:<id>` opens a card as a new message; other features send exactly this button.
"""

from __future__ import annotations

from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.context import ReteApplication
from handlers.contacts import card, listing, pick_date


def register(app: ReteApplication) -> None:
    private = filters.ChatType.PRIVATE
    app.add_handler(
        ConversationHandler(
            entry_points=[CallbackQueryHandler(pick_date.ask_date, pattern=r"^ct:fupick:")],
            states={
                pick_date.TYPING: [
                    MessageHandler(private & filters.TEXT & ~filters.COMMAND, pick_date.date_typed),
                    MessageHandler(
                        private & ~filters.COMMAND & ~filters.StatusUpdate.ALL,
                        pick_date.not_a_date,
                    ),
                ]
            },
            fallbacks=[CommandHandler("cancel", pick_date.cancel, filters=private)],
            name=pick_date.NAME,
            persistent=True,
            per_message=False,
        )
    )
    app.add_handler(CommandHandler("contacts", listing.contacts_command, filters=private))
    app.add_handler(CallbackQueryHandler(listing.menu_contacts, pattern=r"^menu:contacts$"))
    app.add_handler(CallbackQueryHandler(listing.page_button, pattern=r"^ct:pg:"))
    app.add_handler(CallbackQueryHandler(listing.event_filter, pattern=r"^ct:evs$"))
    app.add_handler(CallbackQueryHandler(card.open_card, pattern=r"^ct:open:"))
    app.add_handler(CallbackQueryHandler(card.back_to_card, pattern=r"^ct:card:"))
    app.add_handler(CallbackQueryHandler(card.submenu, pattern=r"^ct:(log|fu|st|kit|del):"))
    app.add_handler(CallbackQueryHandler(card.card_action, pattern=r"^ct:(lg|fud|sts|kits):"))
    app.add_handler(CallbackQueryHandler(card.simple_action, pattern=r"^ct:(fun|delok):"))
