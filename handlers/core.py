"""Cross-cutting handlers: who is writing (first), buttons pressed where they do not belong,
errors (last resort)."""

from __future__ import annotations

import contextlib
import logging
from zoneinfo import ZoneInfo

from telegram import ChatMemberUpdated, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError
from telegram.ext import (
    ApplicationHandlerStop,
    CallbackQueryHandler,
    ChatMemberHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.callbacks import GROUP_PREFIXES, pack, prefix
from bot.context import ReteApplication, ReteContext
from bot.dialogue_expiry import ACTIVE_DIALOGUE, ADD_DIALOGUE, LEFT_ADD, expiry_note
from bot.persistence import SqlitePersistence

log = logging.getLogger(__name__)

USER_GROUP = -10  # runs before every feature handler
BLOCK_GROUP = -9  # a group of its own: in one group only the first matching handler runs
BUTTON_GATE_GROUP = -8  # after the profile is loaded, before every feature and dialogue


async def load_profile(update: Update, context: ReteContext) -> None:
    """Who is writing, before any feature handler: their dialogue state, and (in private
    chats) their profile, loaded or created. A dialogue idle for too long ends here, with a note.

    People who only post in groups get no profile: we keep no data about them.
    """
    user, chat = update.effective_user, update.effective_chat
    if user is None:
        return
    expired = await SqlitePersistence.of(context.application).load(context.application, user.id)
    private = chat is not None and chat.type == ChatType.PRIVATE and not user.is_bot
    if private and not update.my_chat_member:  # block/unblock: track_private_block's
        settings = context.services.settings
        context.profile, was_blocked = await context.repos.users.ensure(
            user.id,
            user.language_code,
            default_timezone=settings.default_timezone,
            default_followup_days=settings.default_followup_days,
        )
        if was_blocked:
            log.info("user %s is back: their reminders resume", user.id)
    if expired is not None:
        zone = ZoneInfo(
            context.profile.timezone
            if context.profile
            else context.services.settings.default_timezone
        )
        today = context.services.clock.now().astimezone(zone).date()
        markup = None
        if expired.left_add is not None and context.user_data is not None:
            # Nothing typed is lost: the draft waits for the note's button (handlers.add).
            left_on = expired.last_active.astimezone(zone).date()
            context.user_data[LEFT_ADD] = {"state": expired.left_add, "day": left_on.isoformat()}
            markup = InlineKeyboardMarkup.from_button(
                InlineKeyboardButton(
                    context.texts._("✏️ Finish it"), callback_data=pack("menu", "resume")
                )
            )
        with contextlib.suppress(TelegramError):  # e.g. they blocked the bot: nothing to tell
            await context.bot.send_message(
                user.id, expiry_note(context.texts, expired, zone, today), reply_markup=markup
            )


async def track_private_block(update: Update, context: ReteContext) -> None:
    """A user blocking the bot pauses their reminders; unblocking resumes them."""
    change: ChatMemberUpdated | None = update.my_chat_member
    if change is None or change.chat.type != ChatType.PRIVATE:
        return
    users = context.services.repos.users
    if change.new_chat_member.status == ChatMemberStatus.BANNED:
        if await users.get(change.chat.id):
            await users.set_blocked(change.chat.id, context.services.clock.now())
    else:
        await users.ensure(
            change.chat.id,
            change.from_user.language_code,
            default_timezone=context.services.settings.default_timezone,
            default_followup_days=context.services.settings.default_followup_days,
        )


async def private_button_elsewhere(update: Update, context: ReteContext) -> None:
    """A private-chat button pressed on a group message (forged, or a client's bug), or on
    a message we can not see: answered here, and no feature or dialogue ever sees it (private
    handlers assume a profile; a dialogue would wait for an answer in the private chat)."""
    query, chat = update.callback_query, update.effective_chat
    assert query is not None
    if chat is not None and chat.type == ChatType.PRIVATE:
        return
    if chat is None:
        await query.answer(context.texts._("This button has expired."))
    elif prefix(query.data) not in GROUP_PREFIXES:
        await query.answer(context.texts._("Open me in private to use this button."))
    else:
        return
    raise ApplicationHandlerStop


async def private_edit(update: Update, context: ReteContext) -> None:
    """An edited message in the private chat is not a new answer: fixing the name typed two
    questions ago must not become the answer to the current one. Said, and nothing changes."""
    assert update.edited_message
    t = context.texts
    if context.user_data is not None and context.user_data.get(ACTIVE_DIALOGUE) == ADD_DIALOGUE:
        text = t._(
            "Editing a message does not change your answers. To correct one, use /back, or"
            " ✏️ Edit field on the summary."
        )
    else:
        text = t._("Editing a message does not change it for me: please send it again.")
    await update.edited_message.reply_text(text)
    raise ApplicationHandlerStop


async def on_error(update: object, context: ReteContext) -> None:
    """Log with context and tell the user, in their language, without internals.

    In a group the apology is never a message for everyone: a button gets it as a toast for
    whoever pressed it, a command as a reply; anything else there stays in the log."""
    where = ""
    if isinstance(update, Update):
        user = update.effective_user
        chat = update.effective_chat
        where = (
            f" (update {update.update_id}, user {user.id if user else '-'},"
            f" chat {chat.id if chat else '-'})"
        )
    log.error("error while handling an update%s", where, exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    chat, command = update.effective_chat, update.message
    sorry = context.texts._(
        "Sorry, something went wrong on my side. Nothing you saved is lost: please try again."
    )
    private = chat.type == ChatType.PRIVATE
    if update.callback_query:
        # The handler may have answered it already; that must not stop the message below.
        with contextlib.suppress(TelegramError):
            await update.callback_query.answer(None if private else sorry)
    try:
        if private:
            await context.bot.send_message(chat.id, sorry)
        elif command is not None and (command.text or "").startswith("/"):
            await command.reply_text(sorry)
    except Exception:  # the error may be that Telegram is unreachable
        log.warning("could not tell the user about the error", exc_info=True)


def register(app: ReteApplication) -> None:
    app.add_handler(TypeHandler(Update, load_profile), group=USER_GROUP)
    app.add_handler(
        ChatMemberHandler(track_private_block, ChatMemberHandler.MY_CHAT_MEMBER),
        group=BLOCK_GROUP,
    )
    app.add_handler(CallbackQueryHandler(private_button_elsewhere), group=BUTTON_GATE_GROUP)
    app.add_handler(
        MessageHandler(filters.UpdateType.EDITED_MESSAGE & filters.ChatType.PRIVATE, private_edit),
        group=BUTTON_GATE_GROUP,
    )
    app.add_error_handler(on_error)
