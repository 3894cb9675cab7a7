"""/find TEXT: full-text search (accents ignored, prefixes), then typo-tolerant matching."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CommandHandler, filters

from bot.callbacks import pack
from bot.contacts.card import button_label
from bot.contacts.search import MAX_QUERY, close_words, fuzzy_matches
from bot.context import ReteApplication, ReteContext
from bot.formatting import clip, esc
from handlers.common import profile

MAX_RESULTS = 8
FUZZY_CANDIDATES = 200  # contacts holding a close word, ranked in Python


async def find_command(update: Update, context: ReteContext) -> None:
    message = update.effective_message
    assert message and message.text is not None
    t = context.texts
    query = message.text.partition(" ")[2].strip()
    if not query:
        await message.reply_text(
            t._(
                "Send /find followed by what you remember: a name, a company, an event, a word "
                "from your notes. For example: /find acme"
            )
        )
        return
    if len(query) > MAX_QUERY:
        await message.reply_text(
            t._("That is too long to search for: at most {limit} characters.", limit=MAX_QUERY)
        )
        return
    contacts = context.services.repos.contacts
    owner = profile(context).id
    found = [
        (c.id, c.name, c.company) for c in await contacts.search(owner, query, limit=MAX_RESULTS)
    ]
    shown = esc(clip(query, 60))
    if found:
        text = t.ngettext(
            "{n} contact matches “{query}”:",
            "{n} contacts match “{query}”:",
            len(found),
            query=shown,
        )
    else:
        candidates = close_words(query, await contacts.name_vocabulary(owner))
        rows = await contacts.with_name_words(owner, candidates, limit=FUZZY_CANDIDATES)
        by_id = {row[0]: row for row in rows}
        found = [by_id[cid] for cid in fuzzy_matches(query, rows, limit=MAX_RESULTS)]
        if not found:
            await message.reply_text(
                t._("Nobody matches “{query}”. /contacts lists everyone.", query=shown)
            )
            return
        text = t._("No exact match for “{query}”. Did you mean:", query=shown)
    buttons = [
        [InlineKeyboardButton(button_label(name, company), callback_data=pack("ct", "open", cid))]
        for cid, name, company in found
    ]
    await message.reply_text(text, reply_markup=InlineKeyboardMarkup(buttons))


def register(app: ReteApplication) -> None:
    app.add_handler(CommandHandler("find", find_command, filters=filters.ChatType.PRIVATE))
