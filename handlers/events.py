"""/event: check in to an event (contacts added meanwhile are tagged with it) or out of it;
recent events with the number of people met; an event card listing its people. Prefix `ev:`.
"""

from __future__ import annotations

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
from bot.contacts.events import EventInput, parse_event_line
from bot.contacts.wording import day, field_error
from bot.context import ReteApplication, ReteContext
from bot.followups import service
from bot.formatting import clip, esc
from bot.i18n import Texts
from handlers.common import begin, finish, profile, safe_edit, user_today
from storage.events import Event

NAME = "event"
NAMING = "naming"
PEOPLE_ON_CARD = 8


def _b(text: str, *parts: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=pack("ev", *parts))


def describe(t: Texts, event: Event) -> str:
    parts = [esc(event.place)] if event.place else []
    if event.starts_on and event.ends_on and event.ends_on != event.starts_on:
        parts.append(f"{day(t, event.starts_on)} – {day(t, event.ends_on)}")
    elif event.starts_on:
        parts.append(day(t, event.starts_on))
    return " · ".join(parts)


async def current_event(context: ReteContext) -> Event | None:
    user = await context.services.repos.users.get(profile(context).id)
    if user is None or user.current_event_id is None:
        return None
    return await context.services.repos.events.get(user.id, user.current_event_id)


# ---- overview --------------------------------------------------------------------------------


async def overview(context: ReteContext) -> tuple[str, InlineKeyboardMarkup]:
    t = context.texts
    current = await current_event(context)
    if current is not None:
        lines = [t._("You are checked in to <b>{event}</b>.", event=esc(current.name))]
        if details := describe(t, current):
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
    recent = await context.services.repos.events.recent(profile(context).id, limit=6)
    lines = [t._("You are not checked in to any event.")]
    rows = []
    if recent:
        lines.append(t._("Recent events:"))
        for event in recent:
            count = t.ngettext("{n} person", "{n} people", event.contact_count)
            lines.append(f"• <b>{esc(clip(event.name, 80))}</b> — {count}")
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
    assert query and update.effective_chat
    await query.answer()
    text, markup = await overview(context)
    await context.bot.send_message(update.effective_chat.id, text, reply_markup=markup)


# ---- checking in and out -------------------------------------------------------------------


async def check_in_from_line(update: Update, context: ReteContext, line: str) -> bool:
    assert update.effective_chat
    t = context.texts
    info = parse_event_line(line, today=user_today(context))
    if not isinstance(info, EventInput):
        await context.bot.send_message(update.effective_chat.id, field_error(t, info))
        return False
    event_id = await check_in_new(context, info)
    text = t._(
        "Checked in to <b>{event}</b>. Everyone you /add now is tagged with it; send /event "
        "to check out.",
        event=esc(info.name),
    )
    markup = InlineKeyboardMarkup([[_b(t._("🚪 Check out"), "out", event_id)]])
    await context.bot.send_message(update.effective_chat.id, text, reply_markup=markup)
    return True


async def check_in_new(context: ReteContext, info: EventInput) -> int:
    services, user = context.services, profile(context)
    current = await current_event(context)
    if current is not None:
        await check_out(context, current)
    async with services.repos.db.transaction():
        event_id = await services.repos.events.create(
            user.id, info.name, place=info.place, starts_on=info.starts_on, ends_on=info.ends_on
        )
        await services.repos.events.mark_checked_in(user.id, event_id, services.clock.now())
        await services.repos.users.set_current_event(user.id, event_id)
        if info.starts_on and info.starts_on > user_today(context):
            await service.schedule_event_prep(services, user, event_id, info.starts_on)
    return event_id


async def check_out(context: ReteContext, event: Event) -> None:
    services, user = context.services, profile(context)
    async with services.repos.db.transaction():
        await services.repos.users.set_current_event(user.id, None)
        await services.repos.events.mark_checked_out(user.id, event.id, services.clock.now())
        await service.schedule_event_summary(services, user, event.id)


async def _event_from(update: Update, context: ReteContext) -> Event | None:
    query = update.callback_query
    assert query
    parts = unpack(query.data)
    event_id = int_arg(parts, 2)
    event = None
    if event_id is not None and len(parts) == 3:
        event = await context.services.repos.events.get(profile(context).id, event_id)
    if event is None:
        await query.answer(context.texts._("This button has expired."))
    return event


async def check_out_button(update: Update, context: ReteContext) -> None:
    query = update.callback_query
    assert query
    event = await _event_from(update, context)
    if event is None:
        return
    t = context.texts
    current = await current_event(context)
    if current is None or current.id != event.id:
        await query.answer(t._("You are not checked in to that event."))
        return
    await check_out(context, event)
    await query.answer()
    text = (
        t._("Checked out of <b>{event}</b>.", event=esc(event.name))
        + " "
        + t.ngettext("You met {n} person there.", "You met {n} people there.", event.contact_count)
    )
    await safe_edit(query.edit_message_text(text, reply_markup=None))


async def check_in_button(update: Update, context: ReteContext) -> None:
    query = update.callback_query
    assert query
    event = await _event_from(update, context)
    if event is None:
        return
    services, user, t = context.services, profile(context), context.texts
    current = await current_event(context)
    if current is not None and current.id != event.id:
        await check_out(context, current)
    await services.repos.events.mark_checked_in(user.id, event.id, services.clock.now())
    await services.repos.users.set_current_event(user.id, event.id)
    await query.answer(t._("Checked in to {event}.", event=clip(event.name, 100)))
    text, markup = await event_card(context, event.id)
    await safe_edit(query.edit_message_text(text, reply_markup=markup))


# ---- the event card ------------------------------------------------------------------------


async def event_card(context: ReteContext, event_id: int) -> tuple[str, InlineKeyboardMarkup]:
    services, user, t = context.services, profile(context), context.texts
    event = await services.repos.events.get(user.id, event_id)
    assert event is not None
    current = await current_event(context)
    lines = [f"<b>{esc(event.name)}</b>"]
    if details := describe(t, event):
        lines.append(f"📍 {details}")
    lines.append(t.ngettext("{n} person met:", "{n} people met:", event.contact_count))
    people = await services.repos.contacts.page(
        user.id, offset=0, limit=PEOPLE_ON_CARD, event_id=event.id
    )
    rows = [
        [
            InlineKeyboardButton(
                button_label(c.name, c.company), callback_data=pack("ct", "open", c.id)
            )
        ]
        for c in people
    ]
    if event.contact_count > PEOPLE_ON_CARD:
        rows.append(
            [
                InlineKeyboardButton(
                    t._("📇 All of them"), callback_data=pack("ct", "pg", 0, event.id)
                )
            ]
        )
    if current is not None and current.id == event.id:
        rows.append([_b(t._("🚪 Check out"), "out", event.id)])
    else:
        rows.append([_b(t._("📍 Check in here"), "in", event.id)])
    return "\n".join(lines), InlineKeyboardMarkup(rows)


async def card_button(update: Update, context: ReteContext) -> None:
    query = update.callback_query
    assert query and update.effective_chat
    event = await _event_from(update, context)
    if event is None:
        return
    await query.answer()
    text, markup = await event_card(context, event.id)
    await context.bot.send_message(update.effective_chat.id, text, reply_markup=markup)


# ---- the short dialogue for a new event ------------------------------------------------------


async def new_event(update: Update, context: ReteContext) -> str | int:
    query = update.callback_query
    assert query and update.effective_chat
    if not await begin(update, context, NAME):
        return ConversationHandler.END
    await query.answer()
    await context.bot.send_message(
        update.effective_chat.id,
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


async def other_input(update: Update, context: ReteContext) -> str:
    assert update.effective_message
    await update.effective_message.reply_text(
        context.texts._(
            "You are in the middle of /{dialogue}: finish it, or send /cancel to leave it.",
            dialogue=NAME,
        )
    )
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
