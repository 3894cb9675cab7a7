"""/add while it runs: the state in user_data, asking each question, typed answers and
buttons. Pure dialogue logic is bot.contacts.dialogue; saving is handlers.add.saving."""

from __future__ import annotations

from datetime import date

from telegram import Message, Update
from telegram.ext import ConversationHandler

from bot.contacts import dialogue as dlg
from bot.contacts.add_state import AddState, Step
from bot.contacts.dates import DateError
from bot.contacts.dialogue import ChannelsBeforeName, ChannelsKept, ChannelsRefused, Facts
from bot.contacts.validation import FieldError
from bot.contacts.wording import channel_problem, date_error, field_error
from bot.context import ReteContext
from bot.dialogue_expiry import ADD_DIALOGUE, ADD_DRAFT
from bot.i18n import Texts
from handlers.add import view
from handlers.common import finish, profile, say_busy, user_today

NAME = ADD_DIALOGUE
ASKING = "asking"
_KEY = ADD_DRAFT


# ---- state in user_data --------------------------------------------------------------------
def load(context: ReteContext) -> AddState | None:
    data = context.user_data.get(_KEY) if context.user_data is not None else None
    return AddState.from_json(data) if isinstance(data, dict) else None


def store(context: ReteContext, state: AddState) -> None:
    assert context.user_data is not None
    context.user_data[_KEY] = state.to_json()


def drop(context: ReteContext) -> None:
    if context.user_data is not None:
        context.user_data.pop(_KEY, None)
    finish(context)


def facts(context: ReteContext) -> Facts:
    user = profile(context)
    return Facts(user_today(context), user.phone_region, user.followup_days)


# ---- asking ----------------------------------------------------------------------------------
async def show(
    update: Update, context: ReteContext, state: AddState, text: str, markup: object = None
) -> str:
    """Send a message of this dialogue; its buttons are the only ones that act from now on."""
    assert update.effective_chat
    sent: Message = await context.bot.send_message(
        update.effective_chat.id,
        text,
        reply_markup=markup,  # type: ignore[arg-type]
    )
    if markup is not None:
        state.message_id = sent.message_id
    store(context, state)
    return ASKING


async def show_kept(update: Update, context: ReteContext, state: AddState) -> str:
    """The ways to reach them gathered so far; "did you mean …?" for a mistyped domain."""
    text, markup = view.channels_kept(context.texts, state)
    return await show(update, context, state, text, markup)


async def ask(update: Update, context: ReteContext, state: AddState, note: str = "") -> str:
    """Ask the current question (after `note`, e.g. why an answer failed)."""
    t, user = context.texts, profile(context)
    recent: list[view.EventChoice] = []
    if state.step == Step.WHERE:
        events = await context.repos.events.recent(user.id, limit=4)
        recent = [(e.id, e.name) for e in events][:3]
    text, markup = view.question(
        t,
        state,
        today=user_today(context),
        default_days=user.followup_days,
        weekend_shift=user.weekend_shift,
        recent_events=recent,
    )
    return await show(update, context, state, f"{note}\n\n{text}" if note else text, markup)


def problem_text(t: Texts, problem: FieldError | DateError | ChannelsRefused, today: date) -> str:
    if isinstance(problem, FieldError):
        return field_error(t, problem)
    if isinstance(problem, DateError):
        return date_error(t, problem, today=today)
    if not problem.problems:
        return t._("I found no e-mail, phone, @username or LinkedIn address in that.")
    return "\n".join(
        [
            *(channel_problem(t, p) for p in problem.problems[:5]),
            t._("Nothing from that message was kept: please send it again, corrected."),
        ]
    )


# ---- answers -------------------------------------------------------------------------------
async def on_text(update: Update, context: ReteContext) -> str | int:
    assert update.effective_message and update.effective_message.text is not None
    state = load(context)
    if state is None:
        return await lost(update, context)
    t = context.texts
    if state.step in dlg.BUTTONS_ONLY:
        return await ask(update, context, state, t._("Please use the buttons below."))
    known = facts(context)
    outcome = dlg.answer(state, update.effective_message.text, known)
    if isinstance(outcome, ChannelsKept):
        return await show_kept(update, context, state)
    if isinstance(outcome, ChannelsBeforeName):
        return await ask(update, context, state, view.kept_before_name(t, state))
    if outcome is not None:
        return await ask(update, context, state, problem_text(t, outcome, known.today))
    return await ask(update, context, state)


# ---- commands inside the dialogue -----------------------------------------------------------
async def skip_command(update: Update, context: ReteContext) -> str | int:
    state = load(context)
    if state is None:
        return await lost(update, context)
    t = context.texts
    if not dlg.can_skip(state):
        note = (
            t._("The name is the one thing I need: please send it.")
            if state.step == Step.NAME
            else t._("Nothing to skip here: please use the buttons.")
        )
        return await ask(update, context, state, note)
    dlg.skip(state)
    dlg.advance(state)
    return await ask(update, context, state)


async def back_command(update: Update, context: ReteContext) -> str | int:
    state = load(context)
    if state is None:
        return await lost(update, context)
    if dlg.go_back(state) is None:
        return await ask(update, context, state, context.texts._("This is the first question."))
    return await ask(update, context, state)


async def cancel(update: Update, context: ReteContext) -> int:
    drop(context)
    assert update.effective_chat
    await context.bot.send_message(
        update.effective_chat.id, context.texts._("Cancelled: nothing was saved.")
    )
    return ConversationHandler.END


async def busy(update: Update, context: ReteContext) -> str:
    """Another command or a menu button while /add is open."""
    await say_busy(update, context, NAME)
    return ASKING


async def not_text(update: Update, context: ReteContext) -> str | int:
    state = load(context)
    if state is None:
        return await lost(update, context)
    return await ask(update, context, state, context.texts._("Please answer with a text message."))


async def lost(update: Update, context: ReteContext) -> int:
    """The conversation state outlived its draft (data erased): end cleanly."""
    drop(context)
    assert update.effective_chat
    await context.bot.send_message(
        update.effective_chat.id,
        context.texts._("That dialogue has ended. Send /add to start again."),
    )
    return ConversationHandler.END
