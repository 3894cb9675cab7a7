"""Reading a photo sent in private for /add: a QR code, a badge or a business card.
 The photo is downloaded
into memory, read by bot.cards.reading and dropped: no file id is stored, nothing reaches
the disk, and the log says only what kind of result came out.
"""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatAction

from bot.cards import model
from bot.cards import texts as view
from bot.cards.found import Found
from bot.cards.payloads import CardLink
from bot.cards.reading import MAX_BYTES, Problem, read_photo
from bot.context import ReteContext

log = logging.getLogger(__name__)


async def read_contact(update: Update, context: ReteContext) -> Found | None:
    """The contact details in the message's photo (or image file); None once answered."""
    message, chat = update.effective_message, update.effective_chat
    assert message and chat
    t = context.texts
    source = message.photo[-1] if message.photo else message.document
    if source is None:
        return None
    if source.file_size and source.file_size > MAX_BYTES:
        await message.reply_text(view.photo_problem(t, Problem.TOO_LARGE))
        return None
    await context.bot.send_chat_action(chat.id, ChatAction.TYPING)
    data = bytes(await (await source.get_file()).download_as_bytearray())
    region = context.profile.phone_region if context.profile else "IT"
    result = await read_photo(data, region=region, bot_username=context.bot.username)
    log.info("photo read: %s", result if isinstance(result, Problem) else type(result).__name__)
    if isinstance(result, Found):
        return result
    if isinstance(result, CardLink):
        link = model.deep_link(context.bot.username, result.token)
        markup = InlineKeyboardMarkup([[InlineKeyboardButton(t._("🪪 Open the card"), url=link)]])
        await message.reply_text(t._("That is the QR code of a Rete card."), reply_markup=markup)
        return None
    await message.reply_text(view.photo_problem(t, result))
    return None


def found_note(context: ReteContext, found: Found) -> str:
    return view.found_note(context.texts, found)
