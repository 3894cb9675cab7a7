"""Last handlers of the default group: whatever no feature took gets a helpful answer."""

from __future__ import annotations

from telegram import ReplyKeyboardRemove, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.commands import suggestion
from bot.context import ReteApplication, ReteContext
from bot.formatting import esc
from handlers.common import finish


async def stale_button(update: Update, context: ReteContext) -> None:
    """A button nobody handles: an old message, a finished dialogue, or forged data."""
    assert update.callback_query
    await update.callback_query.answer(context.texts._("This button has expired."))


async def nothing_to_cancel(update: Update, context: ReteContext) -> None:
    """/cancel outside any dialogue (or of one left behind by an error): clear and say so."""
    assert update.effective_message
    finish(context)
    await update.effective_message.reply_text(
        context.texts._("There is nothing to cancel."), reply_markup=ReplyKeyboardRemove()
    )


async def nothing_to_skip(update: Update, context: ReteContext) -> None:
    assert update.effective_message
    await update.effective_message.reply_text(context.texts._("There is no question to skip."))


async def nothing_to_go_back_to(update: Update, context: ReteContext) -> None:
    assert update.effective_message
    await update.effective_message.reply_text(
        context.texts._("There is no question to go back to.")
    )


async def unknown_command(update: Update, context: ReteContext) -> None:
    assert update.effective_message and update.effective_message.text
    t = context.texts
    command = update.effective_message.text.split()[0][:40]
    meant = suggestion(command)
    if meant is not None:
        text = t._(
            "I don't know {command}: did you mean /{meant}?", command=esc(command), meant=meant
        )
    else:
        text = t._("I don't know {command}. /help lists what I can do.", command=esc(command))
    await update.effective_message.reply_text(text)


async def stray_message(update: Update, context: ReteContext) -> None:
    assert update.effective_message
    await update.effective_message.reply_text(
        context.texts._("To save someone you met, send /add. /help lists everything I can do.")
    )


def register(app: ReteApplication) -> None:
    private = filters.ChatType.PRIVATE
    app.add_handler(CallbackQueryHandler(stale_button))
    app.add_handler(CommandHandler("cancel", nothing_to_cancel, filters=private))
    app.add_handler(CommandHandler("skip", nothing_to_skip, filters=private))
    app.add_handler(CommandHandler("back", nothing_to_go_back_to, filters=private))
    app.add_handler(MessageHandler(private & filters.COMMAND, unknown_command))
    app.add_handler(
        MessageHandler(private & ~filters.COMMAND & ~filters.StatusUpdate.ALL, stray_message)
    )
