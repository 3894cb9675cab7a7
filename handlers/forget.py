"""/forget: delete everything the user has, after they type a confirmation word.

A typed word (not a button) because this cannot be undone: the word is in the user's
language (DELETE / ELIMINA), any case. /cancel or the button keeps everything.

/forget works at any moment, even in the middle of another dialogue: it comes before every
other dialogue's handlers (handlers/__init__.py), so the word typed next reaches it; kept
data resumes the other dialogue, deleted data ends it.
"""

from __future__ import annotations

from telegram import BotCommandScopeChat, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.callbacks import pack
from bot.context import ReteApplication, ReteContext
from bot.i18n import N_, Texts
from bot.porting.actions import forget_user

NAME = "forget"
CONFIRM = "confirm"
# The word to type, translated like any text: "ELIMINA" in Italian.
CONFIRMATION_WORD = N_("DELETE")


def confirmation_word(t: Texts) -> str:
    return t._(CONFIRMATION_WORD)


async def start_forget(update: Update, context: ReteContext) -> str | int:
    message = update.effective_message
    assert message and context.profile
    t = context.texts
    services = context.services
    contacts = await services.repos.contacts.count(context.profile.id)
    events = len(await services.repos.events.all_for_owner(context.profile.id))
    await message.reply_text(
        t._(
            "⚠️ This deletes <b>everything</b> I keep about you, for good: {contacts}, "
            "{events}, your interactions, reminders, job alerts, settings and the CV "
            "reference. If you want a copy first, /export.\n"
            "To confirm, type <b>{word}</b>.",
            contacts=t.ngettext("{n} contact", "{n} contacts", contacts),
            events=t.ngettext("{n} event", "{n} events", events),
            word=confirmation_word(t),
        ),
        reply_markup=InlineKeyboardMarkup(
            [[InlineKeyboardButton(t._("Keep my data"), callback_data=pack("fg", "no"))]]
        ),
    )
    return CONFIRM


async def typed(update: Update, context: ReteContext) -> str | int:
    message = update.effective_message
    assert message and message.text and update.effective_user and context.user_data is not None
    t = context.texts
    word = confirmation_word(t)
    if message.text.strip().casefold() != word.casefold():
        await message.reply_text(
            t._(
                "Nothing was deleted. To delete everything type <b>{word}</b>, "
                "or /cancel to keep your data.",
                word=word,
            )
        )
        return CONFIRM
    user_id = update.effective_user.id
    await forget_user(context.repos, user_id)
    # The chat's own command menu (set by /language) goes too: the default one applies.
    await context.bot.delete_my_commands(scope=BotCommandScopeChat(user_id))
    # PTB writes user_data back after this handler: empty, the stored row stays deleted.
    context.user_data.clear()
    context.profile = None
    await message.reply_text(
        t._(
            "Done: I deleted all your data — contacts, search index, events, interactions, "
            "reminders, job alerts, settings and the CV reference. If you write to me again "
            "I'll start from zero."
        )
    )
    return ConversationHandler.END


async def keep(update: Update, context: ReteContext) -> int:
    t = context.texts
    text = t._("Nothing was deleted.")
    if update.callback_query:
        await update.callback_query.answer()
        await update.callback_query.edit_message_text(text)
    elif update.effective_message:
        await update.effective_message.reply_text(text)
    return ConversationHandler.END


def register(app: ReteApplication) -> None:
    private = filters.ChatType.PRIVATE
    app.add_handler(
        ConversationHandler(
            name=NAME,
            persistent=True,
            per_message=False,
            entry_points=[CommandHandler("forget", start_forget, filters=private)],
            states={
                CONFIRM: [
                    MessageHandler(private & filters.TEXT & ~filters.COMMAND, typed),
                    CallbackQueryHandler(keep, pattern=r"^fg:no$"),
                ]
            },
            fallbacks=[
                CommandHandler("cancel", keep, filters=private),
                CommandHandler("forget", start_forget, filters=private),
            ],
            allow_reentry=True,
        )
    )
