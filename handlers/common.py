"""Telegram chores shared by every feature: the one module feature handlers may all import.

- the user's profile and today, in their time zone;
- answering a stale or forged button, and edits that tolerate "message is not modified";
- one dialogue at a time per user (`begin` / `finish`), and "you are in the middle of /x".

ConversationHandlers are independent in PTB: typing /import in the middle of /add would start
a second dialogue while the first waits, and the next message would go to whichever handler
is checked first. Every dialogue's entry point calls `begin`; a user already inside another
dialogue is told to finish it or /cancel, and nothing starts. `finish` runs on every exit.
"""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import date

from telegram import Document, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest

from bot.callbacks import int_arg, pack, unpack
from bot.context import ReteContext
from bot.dialogue_expiry import ACTIVE_DIALOGUE
from bot.followups.policy import local_today
from bot.i18n import Texts
from storage.contacts import Contact
from storage.users import User

_ACTIVE = ACTIVE_DIALOGUE  # the open dialogue's name (cleared by finish, or when it lapses)
# user_data: a file sent outside /import and offered to it ("Import it?"): its file_id and
# name, taken by the import dialogue's `im:offer` button.
PENDING_IMPORT = "pending_import"


# ---- who and when ----------------------------------------------------------------------------
def profile(context: ReteContext) -> User:
    """The private-chat user's stored profile (private-chat handlers always have one)."""
    assert context.profile is not None, "private-chat handlers always have a profile"
    return context.profile


def user_today(context: ReteContext) -> date:
    """Today in the user's time zone."""
    return local_today(context.services.clock.now(), profile(context).timezone)


# ---- buttons and edits -----------------------------------------------------------------------
async def expired(update: Update, context: ReteContext) -> None:
    """The answer to a stale or forged button: it changes nothing."""
    assert update.callback_query
    await update.callback_query.answer(context.texts._("This button has expired."))


async def pressed_contact(
    update: Update, context: ReteContext, *, parts: int | None = None
) -> Contact | None:
    """The presser's own contact whose id the button carries (its third part), or None after
    answering "This button has expired." (another user's id, a deleted contact, forged data,
    or not `parts` parts)."""
    assert update.callback_query
    data = unpack(update.callback_query.data)
    contact_id = int_arg(data, 2)
    contact = None
    if contact_id is not None and (parts is None or len(data) == parts):
        contact = await context.repos.contacts.get(profile(context).id, contact_id)
    if contact is None:
        await expired(update, context)
    return contact


async def safe_edit(call: Awaitable[object]) -> None:
    """Await an edit; an identical re-draw ("message is not modified") is not an error."""
    try:
        await call
    except BadRequest as error:
        if "not modified" not in error.message.lower():
            raise


async def send(
    update: Update, context: ReteContext, text: str, markup: InlineKeyboardMarkup | None = None
) -> None:
    """A new message in the chat the update came from."""
    assert update.effective_chat
    await context.bot.send_message(update.effective_chat.id, text, reply_markup=markup)


# ---- answering in groups ----------------------------------------------------------------------
# Telegram lets a bot send about 20 messages a minute to one group, and AIORateLimiter waits
# inside the sending coroutine. Handlers that answer in groups are registered non-blocking
# (`block=False`) so that a wait never holds up other chats' updates, and answer through
# `reply_in_group`, which keeps at most this many answers waiting per group: past them, a
# flood of commands is not answered (and not queued for minutes).
GROUP_REPLIES_WAITING = 3
_waiting: dict[int, int] = {}


async def reply_in_group(
    update: Update, context: ReteContext, text: str, markup: InlineKeyboardMarkup | None = None
) -> bool:
    """Answer a message in a group, unless too many answers already wait for that group;
    whether it was sent."""
    message, chat = update.effective_message, update.effective_chat
    assert message and chat
    if _waiting.get(chat.id, 0) >= GROUP_REPLIES_WAITING:
        return False
    _waiting[chat.id] = _waiting.get(chat.id, 0) + 1
    try:
        await message.reply_text(text, reply_markup=markup)
    finally:
        _waiting[chat.id] -= 1
        if not _waiting[chat.id]:
            del _waiting[chat.id]
    return True


# ---- one dialogue at a time ------------------------------------------------------------------
def busy_text(t: Texts, dialogue: str) -> str:
    return t._(
        "You are in the middle of /{dialogue}: finish it, or send /cancel to leave it.",
        dialogue=dialogue,
    )


async def say_busy(update: Update, context: ReteContext, dialogue: str) -> None:
    """Tell the user which dialogue is open (a toast for a button, else a message)."""
    text = busy_text(context.texts, dialogue)
    if update.callback_query:
        await update.callback_query.answer(text, show_alert=True)
    elif update.effective_message:
        await update.effective_message.reply_text(text)


async def begin(update: Update, context: ReteContext, name: str) -> bool:
    """Mark `name` as the user's dialogue; False (and a reply) if another one is open."""
    assert context.user_data is not None
    current = context.user_data.get(_ACTIVE)
    if current is not None and current != name:
        await say_busy(update, context, current)
        return False
    context.user_data[_ACTIVE] = name
    return True


def finish(context: ReteContext) -> None:
    if context.user_data is not None:
        context.user_data.pop(_ACTIVE, None)


def active(context: ReteContext) -> str | None:
    return None if context.user_data is None else context.user_data.get(_ACTIVE)


# ---- files sent outside the dialogue that takes them ------------------------------------------
async def offer_import(
    update: Update, context: ReteContext, document: Document, contacts: int | None
) -> None:
    """A contacts file (a CSV, a vCard with many cards) sent outside /import: offer it."""
    assert context.user_data is not None and update.effective_message
    t = context.texts
    context.user_data[PENDING_IMPORT] = {
        "file_id": document.file_id,
        "file_name": document.file_name or "file",
    }
    text = (
        t.ngettext(
            "That file has {n} contact. Shall I import it?",
            "That file has {n} contacts. Shall I import them?",
            contacts,
        )
        if contacts
        else t._("That looks like a contacts file. Shall I import it?")
    )
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t._("📥 Import"), callback_data=pack("im", "offer")),
                InlineKeyboardButton(t._("No, thanks"), callback_data=pack("im", "drop")),
            ]
        ]
    )
    await update.effective_message.reply_text(text, reply_markup=markup)
