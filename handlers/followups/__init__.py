"""Follow-ups: the nudge buttons, the buttons after an event, and /followups.

Callback prefix `fu:` (see bot.followups.nudge and bot.followups.event_messages) and the
/start menu's `menu:followups`. Nudges themselves are sent by the sweeper
(bot.followups.delivery), never from here.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from bot.callbacks import unpack
from bot.context import ReteApplication, ReteContext
from bot.followups.nudge import PREFIX
from handlers.common import expired
from handlers.followups.after_event import on_event_button
from handlers.followups.nudges import on_nudge_button
from handlers.followups.overview import followups_command, followups_menu

EVENT_ACTIONS = frozenset({"all", "pick", "one", "picked"})


async def on_button(update: Update, context: ReteContext) -> None:
    assert update.callback_query
    parts = unpack(update.callback_query.data)
    if context.profile is None:
        await expired(update, context)
    elif len(parts) > 1 and parts[1] in EVENT_ACTIONS:
        await on_event_button(update, context, parts)
    else:
        await on_nudge_button(update, context, parts)


def register(app: ReteApplication) -> None:
    app.add_handler(
        CommandHandler("followups", followups_command, filters=filters.ChatType.PRIVATE)
    )
    app.add_handler(CallbackQueryHandler(followups_menu, pattern=r"^menu:followups$"))
    app.add_handler(CallbackQueryHandler(on_button, pattern=rf"^{PREFIX}:"))
