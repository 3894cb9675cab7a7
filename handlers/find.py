"""/find TEXT: full-text search (accents ignored, prefixes), then typo-tolerant matching.

A bare /find asks what to look for, and the next message is the query.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CommandHandler, ConversationHandler, MessageHandler, filters

from bot.callbacks import pack
from bot.contacts.actions import find_contacts
from bot.contacts.card import button_label
from bot.contacts.search import MAX_QUERY
from bot.context import ReteApplication, ReteContext
from bot.formatting import clip, esc
from handlers.common import active, begin, finish, profile

NAME = "find"
TYPING = "typing"
MAX_RESULTS = 8


async def search(update: Update, context: ReteContext, query: str) -> None:
    message = update.effective_message
    assert message
    t = context.texts
    if len(query) > MAX_QUERY:
        await message.reply_text(
            t._("That is too long to search for: at most {limit} characters.", limit=MAX_QUERY)
        )
        return
    # One more than shown, to know when there are more than the buttons.
    found = await find_contacts(context.repos, profile(context), query, limit=MAX_RESULTS + 1)
    shown = esc(clip(query, 60))
    if not found.contacts:
        await message.reply_text(
            t._("Nobody matches “{query}”. /contacts lists everyone.", query=shown)
        )
        return
    if found.exact and len(found.contacts) > MAX_RESULTS:
        text = t._(
            "More than {n} contacts match “{query}”: here are the {n} newest. "
            "Add a word to narrow it down.",
            n=MAX_RESULTS,
            query=shown,
        )
    elif found.exact:
        text = t.ngettext(
            "{n} contact matches “{query}”:",
            "{n} contacts match “{query}”:",
            len(found.contacts),
            query=shown,
        )
    else:
        text = t._("No exact match for “{query}”. Did you mean:", query=shown)
    buttons = [
        [InlineKeyboardButton(button_label(name, company), callback_data=pack("ct", "open", cid))]
        for cid, name, company in found.contacts[:MAX_RESULTS]
    ]
    await message.reply_text(text, reply_markup=InlineKeyboardMarkup(buttons))


async def find_command(update: Update, context: ReteContext) -> str | int:
    message = update.effective_message
    assert message and message.text is not None
    query = message.text.partition(" ")[2].strip()
    if query:
        if active(context) == NAME:  # "/find x" answering a bare /find: that search is over
            finish(context)
        await search(update, context, query)
        return ConversationHandler.END
    if not await begin(update, context, NAME):
        return ConversationHandler.END
    await message.reply_text(
        context.texts._(
            "What are you looking for? A name, a company, an event, a word from your notes. "
            "/cancel to stop."
        )
    )
    return TYPING


async def typed(update: Update, context: ReteContext) -> int:
    assert update.effective_message and update.effective_message.text is not None
    finish(context)
    await search(update, context, update.effective_message.text.strip())
    return ConversationHandler.END


async def again(update: Update, context: ReteContext) -> str:
    """Not text: the question stands."""
    assert update.effective_message
    await update.effective_message.reply_text(
        context.texts._("Please type what you are looking for, or /cancel.")
    )
    return TYPING


async def cancel(update: Update, context: ReteContext) -> int:
    assert update.effective_message
    finish(context)
    await update.effective_message.reply_text(context.texts._("Search cancelled."))
    return ConversationHandler.END


def register(app: ReteApplication) -> None:
    private = filters.ChatType.PRIVATE
    app.add_handler(
        ConversationHandler(
            entry_points=[CommandHandler("find", find_command, filters=private)],
            states={
                TYPING: [
                    MessageHandler(private & filters.TEXT & ~filters.COMMAND, typed),
                    MessageHandler(private & ~filters.COMMAND & ~filters.StatusUpdate.ALL, again),
                ]
            },
            fallbacks=[
                CommandHandler("cancel", cancel, filters=private),
                CommandHandler("find", find_command, filters=private),
            ],
            name=NAME,
            persistent=True,
            per_message=False,
            allow_reentry=True,
        )
    )
