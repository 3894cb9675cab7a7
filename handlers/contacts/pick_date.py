"""The card's "📅 Pick a date": a one-question dialogue for the follow-up day."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ConversationHandler

from bot.contacts.dates import DateError, parse_followup_date
from bot.contacts.wording import date_error
from bot.context import ReteContext
from bot.followups import actions as followups
from bot.followups.choices import FollowupChoice, FollowupKind
from handlers.common import begin, finish, pressed_contact, profile, user_today
from handlers.contacts.card import followup_note, render_card

NAME = "followup_date"
TYPING = "typing"
_CONTACT = "followup_date_contact"  # user_data: whose follow-up is being moved


async def ask_date(update: Update, context: ReteContext) -> str | int:
    query = update.callback_query
    assert query and context.user_data is not None and update.effective_chat
    contact = await pressed_contact(update, context)
    # Named after the command the user knows: "you are in the middle of /contacts".
    if contact is None or not await begin(update, context, "contacts"):
        return ConversationHandler.END
    await query.answer()
    context.user_data[_CONTACT] = contact.id
    await context.bot.send_message(
        update.effective_chat.id,
        context.texts._(
            "Which day shall I remind you? For example “tomorrow”, “next Monday”, “5/12”. "
            "/cancel to leave it as it is."
        ),
    )
    return TYPING


async def date_typed(update: Update, context: ReteContext) -> str | int:
    message = update.effective_message
    assert message and message.text is not None and context.user_data is not None
    t, services, user = context.texts, context.services, profile(context)
    today = user_today(context)
    result = parse_followup_date(message.text, today=today)
    if isinstance(result, DateError):
        await message.reply_text(date_error(t, result, today=today))
        return TYPING
    contact_id = context.user_data.pop(_CONTACT, None)
    finish(context)
    choice = FollowupChoice(FollowupKind.DATE, on=result)
    when = None
    if isinstance(contact_id, int) and await services.repos.contacts.get(user.id, contact_id):
        when = await followups.plan_followup(
            services.repos, services.clock, user, contact_id, choice
        )
    rendered = await render_card(context, contact_id) if isinstance(contact_id, int) else None
    if when is None or rendered is None:
        await message.reply_text(t._("That contact no longer exists."))
        return ConversationHandler.END
    await message.reply_text(
        f"<i>{followup_note(context, when.wanted, when.day)}</i>\n{rendered[0]}",
        reply_markup=rendered[1],
    )
    return ConversationHandler.END


async def not_a_date(update: Update, context: ReteContext) -> str:
    assert update.effective_message
    await update.effective_message.reply_text(
        context.texts._("Please type a day, like “next Monday” or “5/12”, or /cancel.")
    )
    return TYPING


async def cancel(update: Update, context: ReteContext) -> int:
    assert update.effective_message and context.user_data is not None
    context.user_data.pop(_CONTACT, None)
    finish(context)
    await update.effective_message.reply_text(
        context.texts._("Cancelled: the follow-up is unchanged.")
    )
    return ConversationHandler.END
