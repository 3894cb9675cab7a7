"""One dialogue at a time per user.

ConversationHandlers are independent in PTB: typing /import in the middle of /add would start
a second dialogue while the first waits, and the next message would go to whichever handler
is checked first. Every dialogue's entry point calls `begin`; a user already inside another
dialogue is told to finish it or /cancel, and nothing starts. `finish` runs on every exit.
"""

from __future__ import annotations

from telegram import Update

from bot.context import ReteContext

_ACTIVE = "active_dialogue"


async def begin(update: Update, context: ReteContext, name: str) -> bool:
    """Mark `name` as the user's dialogue; False (and a reply) if another one is open."""
    assert context.user_data is not None
    active = context.user_data.get(_ACTIVE)
    if active is not None and active != name:
        t = context.texts
        text = t._(
            "You are in the middle of /{dialogue}: finish it, or send /cancel to leave it.",
            dialogue=active,
        )
        if update.callback_query:
            await update.callback_query.answer(text, show_alert=True)
        elif update.effective_message:
            await update.effective_message.reply_text(text)
        return False
    context.user_data[_ACTIVE] = name
    return True


def finish(context: ReteContext) -> None:
    if context.user_data is not None:
        context.user_data.pop(_ACTIVE, None)


def active(context: ReteContext) -> str | None:
    return None if context.user_data is None else context.user_data.get(_ACTIVE)
