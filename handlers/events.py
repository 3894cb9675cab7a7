"""/event: check in to an event (contacts added meanwhile are tagged with it) or out of it;
plan one ahead; recent events with the number of people met; an event card listing its
people. Callback prefix `ev:`.
"""

from __future__ import annotations

from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.callbacks import int_arg, pack, unpack
from bot.contacts.card import button_label
from bot.contacts.validation import FieldError
from bot.contacts.wording import date_error, field_error
from bot.context import ReteApplication, ReteContext
from bot.events import actions
from bot.events.actions import CheckedOut, current_event
from bot.events.parsing import EventDatesError, parse_event_line
from bot.events.wording import check_out_button as check_out_markup
from bot.events.wording import checked_in_text, checked_out_line, describe
from bot.followups.event_messages import render_summary
from bot.formatting import clip, esc
from bot.i18n import Texts
from handlers.common import (
    begin,
    expired,
    finish,
    profile,
    safe_edit,
    say_busy,
    send,
    user_today,
)
from storage.events import Event

NAME = "event"
NAMING = "naming"
PEOPLE_ON_CARD = 8


def _b(text: str, *parts: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=pack("ev", *parts))


# ---- overview --------------------------------------------------------------------------------
async def overview(context: ReteContext) -> tuple[str, InlineKeyboardMarkup]:
    t, user, today = context.texts, profile(context), user_today(context)
    current = await current_event(context.repos, user)
    if current is not None:
        lines = [t._("You are checked in to <b>{event}</b>.", event=esc(clip(current.name, 150)))]
        if details := describe(t, current, today=today):
            lines.append(f"📍 {details}")
        lines.append(
            t.ngettext(
                "{n} person met here so far.", "{n} people met here so far.", current.contact_count
            )
        )
        rows = [
            [_b(t._("🚪 Check out"), "out", current.id), _b(t._("👥 People"), "card", current.id)]
        ]
        return "\n".join(lines), InlineKeyboardMarkup(rows)
    recent = await context.repos.events.recent(user.id, limit=6)
    lines = [t._("You are not checked in to any event.")]
    rows = []
    if recent:
        lines.append(t._("Recent events:"))
        for event in recent:
            count = t.ngettext("{n} person", "{n} people", event.contact_count)
            planned = " " + t._("(planned)") if event.planned else ""
            lines.append(f"• <b>{esc(clip(event.name, 80))}</b> — {count}{planned}")
            rows.append([_b(clip(event.name, 50), "card", event.id)])
    rows.append([_b(t._("➕ Check in to an event"), "new")])
    return "\n".join(lines), InlineKeyboardMarkup(rows)


async def event_command(update: Update, context: ReteContext) -> None:
    message = update.effective_message
    assert message and message.text is not None
    line = message.text.partition(" ")[2].strip()
    if line:
        await check_in_from_line(update, context, line)
        return
    text, markup = await overview(context)
    await message.reply_text(text, reply_markup=markup)


async def menu_event(update: Update, context: ReteContext) -> None:
    query = update.callback_query
    assert query
    await query.answer()
    text, markup = await overview(context)
    await send(update, context, text, markup)


# ---- checking in and out -------------------------------------------------------------------
def line_problem(t: Texts, problem: FieldError | EventDatesError, today: date) -> str:
    if isinstance(problem, FieldError):
        return field_error(t, problem)
    if problem.date_error is not None:
        return date_error(t, problem.date_error, today=today)
    return t._("The event ends before it starts: check the two dates.")


async def check_in_from_line(update: Update, context: ReteContext, line: str) -> bool:
    t, services, user = context.texts, context.services, profile(context)
    today = user_today(context)
    info = parse_event_line(line, today=today)
    if isinstance(info, FieldError | EventDatesError):
        example = t._("For example: /event Job Fair, Milano, 28/11 - 30/11")
        await send(update, context, f"{line_problem(t, info, today)}\n{example}")
        return False
    checked = await actions.check_in_new(services.repos, services.clock, user, info)
    if checked.left is not None:
        await send_summary(update, context, checked.left)
    markup = None if checked.planned else check_out_markup(t, checked.event.id)
    await send(update, context, checked_in_text(t, checked, today=today), markup)
    return True


async def send_summary(update: Update, context: ReteContext, checked: CheckedOut) -> None:
    """The people met at an event just left, with "Follow up with all" and "Choose"."""
    if not checked.total:
        return
    summary = render_summary(context.texts, checked.event, list(checked.people), checked.total)
    await send(update, context, summary.text, summary.markup)


async def _event_from(update: Update, context: ReteContext) -> Event | None:
    query = update.callback_query
    assert query
    parts = unpack(query.data)
    event_id = int_arg(parts, 2)
    event = None
    if event_id is not None and len(parts) == 3:
        event = await context.repos.events.get(profile(context).id, event_id)
    if event is None:
        await expired(update, context)
    return event


async def check_out_button(update: Update, context: ReteContext) -> None:
    query = update.callback_query
    assert query
    event = await _event_from(update, context)
    if event is None:
        return
    services, t = context.services, context.texts
    checked = await actions.check_out(services.repos, services.clock, profile(context), event.id)
    if checked is None:
        await query.answer(t._("You are not checked in to that event."))
        return
    await query.answer()
    await safe_edit(
        query.edit_message_text(
            checked_out_line(t, checked.event, checked.total), reply_markup=None
        )
    )
    await send_summary(update, context, checked)


async def check_in_button(update: Update, context: ReteContext) -> None:
    query = update.callback_query
    assert query
    event = await _event_from(update, context)
    if event is None:
        return
    services, t = context.services, context.texts
    checked = await actions.check_in(services.repos, services.clock, profile(context), event.id)
    if checked is None:
        await expired(update, context)
        return
    await query.answer(t._("Checked in to {event}.", event=clip(event.name, 100)))
    if checked.left is not None:
        await send_summary(update, context, checked.left)
    text, markup = await event_card(context, event.id)
    await safe_edit(query.edit_message_text(text, reply_markup=markup))


# ---- the event card ------------------------------------------------------------------------
async def event_card(context: ReteContext, event_id: int) -> tuple[str, InlineKeyboardMarkup]:
    repos, user, t = context.repos, profile(context), context.texts
    event = await repos.events.get(user.id, event_id)
    assert event is not None
    current = await current_event(repos, user)
    lines = [f"<b>{esc(clip(event.name, 150))}</b>"]
    if details := describe(t, event, today=user_today(context)):
        lines.append(f"📍 {details}")
    lines.append(t.ngettext("{n} person met:", "{n} people met:", event.contact_count))
    people = await repos.contacts.page(user.id, offset=0, limit=PEOPLE_ON_CARD, event_id=event.id)
    rows = [
        [
            InlineKeyboardButton(
                button_label(c.name, c.company), callback_data=pack("ct", "open", c.id)
            )
        ]
        for c in people
    ]
    if event.contact_count > PEOPLE_ON_CARD:
        all_people = InlineKeyboardButton(
            t._("📇 All of them"), callback_data=pack("ct", "pg", 0, event.id)
        )
        rows.append([all_people])
    if current is not None and current.id == event.id:
        rows.append([_b(t._("🚪 Check out"), "out", event.id)])
    else:
        rows.append([_b(t._("📍 Check in here"), "in", event.id)])
    return "\n".join(lines), InlineKeyboardMarkup(rows)


async def card_button(update: Update, context: ReteContext) -> None:
    query = update.callback_query
    assert query
    event = await _event_from(update, context)
    if event is None:
        return
    await query.answer()
    text, markup = await event_card(context, event.id)
    await send(update, context, text, markup)


# ---- the short dialogue for a new event ------------------------------------------------------
async def new_event(update: Update, context: ReteContext) -> str | int:
    query = update.callback_query
    assert query
    if not await begin(update, context, NAME):
        return ConversationHandler.END
    await query.answer()
    await send(
        update,
        context,
        context.texts._(
            "Which event? Send its name, and if you like the place and dates, separated by "
            "commas: “Job Fair, Milano, 28/11”. /cancel to stop."
        ),
    )
    return NAMING


async def named(update: Update, context: ReteContext) -> str | int:
    assert update.effective_message and update.effective_message.text is not None
    if not await check_in_from_line(update, context, update.effective_message.text):
        return NAMING
    finish(context)
    return ConversationHandler.END


async def cancel(update: Update, context: ReteContext) -> int:
    assert update.effective_message
    finish(context)
    await update.effective_message.reply_text(context.texts._("Cancelled: nothing was saved."))
    return ConversationHandler.END


async def event_again(update: Update, context: ReteContext) -> int:
    """/event while the bot asks which event: the same as /event at any other moment."""
    finish(context)
    await event_command(update, context)
    return ConversationHandler.END


async def other_input(update: Update, context: ReteContext) -> str:
    await say_busy(update, context, NAME)
    return NAMING


def register(app: ReteApplication) -> None:
    private = filters.ChatType.PRIVATE
    cancel_handler: BaseHandler[Update, ReteContext, object] = CommandHandler(
        "cancel", cancel, filters=private
    )
    dialogue = ConversationHandler(
        entry_points=[CallbackQueryHandler(new_event, pattern=r"^ev:new$")],
        states={
            NAMING: [
                cancel_handler,
                CommandHandler("event", event_again, filters=private),
                MessageHandler(private & filters.TEXT & ~filters.COMMAND, named),
                MessageHandler(private & ~filters.StatusUpdate.ALL, other_input),
            ]
        },
        fallbacks=[cancel_handler],
        name=NAME,
        persistent=True,
        per_message=False,
    )
    app.add_handler(dialogue)
    app.add_handler(CommandHandler("event", event_command, filters=private))
    app.add_handler(CallbackQueryHandler(menu_event, pattern=r"^menu:event$"))
    app.add_handler(CallbackQueryHandler(card_button, pattern=r"^ev:card:"))
    app.add_handler(CallbackQueryHandler(check_in_button, pattern=r"^ev:in:"))
    app.add_handler(CallbackQueryHandler(check_out_button, pattern=r"^ev:out:"))
