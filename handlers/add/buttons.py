"""Every button of /add: only the last question's buttons act, and only on this dialogue."""

from __future__ import annotations

from telegram import Message, Update

from bot.callbacks import int_arg, unpack
from bot.contacts import dialogue as dlg
from bot.contacts.add_state import Step
from bot.contacts.dialogue import Press
from bot.context import ReteContext
from handlers.add import saving
from handlers.add.flow import ASKING, ask, facts, load, lost, show_kept
from handlers.common import expired, profile


async def on_button(update: Update, context: ReteContext) -> str | int:
    query = update.callback_query
    assert query
    state = load(context)
    if state is None:
        await expired(update, context)
        return await lost(update, context)
    parts = unpack(query.data)
    pressed = query.message.message_id if isinstance(query.message, Message) else None
    if len(parts) < 3 or parts[1] != state.step.value or pressed != state.message_id:
        # An older message's button (another dialogue, or an earlier question): never let it
        # act on this dialogue.
        await expired(update, context)
        return ASKING
    action, argument = parts[2], int_arg(parts, 3)
    if state.step == Step.WHERE and action == "ev":
        event = None
        if argument is not None:
            event = await context.repos.events.get(profile(context).id, argument)
        if event is None:
            await expired(update, context)
            return ASKING
        await query.answer()
        dlg.choose_event(state, event.id, event.name)
        return await ask(update, context, state)
    if state.step in (Step.SUMMARY, Step.DUPLICATE, Step.MERGE) and action != "show":
        return await saving.on_button(update, context, state, action, argument)
    result = dlg.press(state, action, argument, facts(context))
    if result is Press.UNKNOWN:
        await expired(update, context)
        return ASKING
    await query.answer()
    if result is Press.KEPT:
        return await show_kept(update, context, state)
    return await ask(update, context, state)
