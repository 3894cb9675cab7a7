"""/contacts: the paginated list, the contact card and its buttons (callback prefix `ct:`).

`ct:open:<id>` opens a card as a new message; other features send exactly this button.
Every id from a button is looked up scoped by the presser: another user's id, a deleted
contact or a forged button gets "This button has expired." and changes nothing.
"""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from bot.callbacks import int_arg, pack, unpack
from bot.contacts.card import button_label, card
from bot.contacts.wording import INTERACTION_LABELS, STAGE_LABELS
from bot.context import ReteApplication, ReteContext
from bot.followups import service
from bot.followups.cadence import CADENCE_LABELS
from bot.followups.policy import FollowupDays
from bot.formatting import clip, esc
from bot.i18n import Texts
from handlers.common import profile, safe_edit, user_today
from storage.contacts import Contact
from storage.kinds import Cadence, ContactStage, InteractionKind, ReminderKind

STAGES = tuple(ContactStage)
CADENCES = tuple(Cadence)

PAGE_SIZE = 6
LOGGABLE = ("message", "email", "phone", "in_person")
EXTRA_FOLLOWUP_DAYS = (14, 30)


def _b(text: str, *parts: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=pack("ct", *parts))


# ---- the list --------------------------------------------------------------------------------


async def list_page(
    context: ReteContext, offset: int, event_id: int | None
) -> tuple[str, InlineKeyboardMarkup] | None:
    """The page's text and buttons; None when the event filter is not the user's."""
    services, user, t = context.services, profile(context), context.texts
    event_name = None
    if event_id is not None:
        event = await services.repos.events.get(user.id, event_id)
        if event is None:
            return None
        event_name = event.name
    total = await services.repos.contacts.count(user.id, event_id=event_id)
    offset = max(0, min(offset, max(0, total - 1) // PAGE_SIZE * PAGE_SIZE))
    contacts = await services.repos.contacts.page(
        user.id, offset=offset, limit=PAGE_SIZE, event_id=event_id
    )
    if event_name is not None:
        title = t._("<b>People met at {event}</b>", event=esc(clip(event_name, 100)))
    else:
        title = t._("<b>Your contacts</b>")
    lines = [f"{title} ({total})"]
    if total == 0:
        lines.append(
            t._("Nobody here yet. Send /add to save the first one.")
            if event_id is None
            else t._("Nobody saved at this event yet.")
        )
    elif total > PAGE_SIZE:
        pages = (total + PAGE_SIZE - 1) // PAGE_SIZE
        lines.append(
            t._("Page {page} of {pages}, newest first.", page=offset // PAGE_SIZE + 1, pages=pages)
        )
    rows = [[_b(button_label(c.name, c.company), "open", c.id)] for c in contacts]
    nav = []
    filter_id = event_id or 0
    if offset > 0:
        nav.append(_b(t._("◀️ Newer"), "pg", max(0, offset - PAGE_SIZE), filter_id))
    if offset + PAGE_SIZE < total:
        nav.append(_b(t._("Older ▶️"), "pg", offset + PAGE_SIZE, filter_id))
    if nav:
        rows.append(nav)
    if event_id is None:
        rows.append([_b(t._("📅 Filter by event"), "evs")])
    else:
        rows.append([_b(t._("✖️ All contacts"), "pg", 0, 0)])
    rows.append([InlineKeyboardButton(t._("➕ Add a contact"), callback_data=pack("menu", "add"))])
    return "\n".join(lines), InlineKeyboardMarkup(rows)


async def contacts_command(update: Update, context: ReteContext) -> None:
    assert update.effective_message
    page = await list_page(context, 0, None)
    assert page is not None
    await update.effective_message.reply_text(page[0], reply_markup=page[1])


async def menu_contacts(update: Update, context: ReteContext) -> None:
    query = update.callback_query
    assert query and update.effective_chat
    await query.answer()
    page = await list_page(context, 0, None)
    assert page is not None
    await context.bot.send_message(update.effective_chat.id, page[0], reply_markup=page[1])


async def page_button(update: Update, context: ReteContext) -> None:
    query = update.callback_query
    assert query
    parts = unpack(query.data)
    offset, event_id = int_arg(parts, 2), int_arg(parts, 3)
    page = None
    if offset is not None and event_id is not None and len(parts) == 4:
        page = await list_page(context, offset, event_id or None)
    if page is None:
        await query.answer(context.texts._("This button has expired."))
        return
    await query.answer()
    await safe_edit(query.edit_message_text(page[0], reply_markup=page[1]))


async def event_filter(update: Update, context: ReteContext) -> None:
    query = update.callback_query
    assert query
    t = context.texts
    events = await context.services.repos.events.recent(profile(context).id, limit=8)
    if not events:
        await query.answer(t._("No events yet: check in to one with /event."), show_alert=True)
        return
    rows = [[_b(f"{clip(e.name, 45)} ({e.contact_count})", "pg", 0, e.id)] for e in events]
    rows.append([_b(t._("✖️ All contacts"), "pg", 0, 0)])
    await query.answer()
    await safe_edit(
        query.edit_message_text(
            t._("Show the people met at which event?"), reply_markup=InlineKeyboardMarkup(rows)
        )
    )


# ---- the card --------------------------------------------------------------------------------


async def render_card(context: ReteContext, contact: Contact) -> tuple[str, InlineKeyboardMarkup]:
    services, user, t = context.services, profile(context), context.texts
    zone = ZoneInfo(user.timezone)
    reminders = await services.repos.reminders.open_for_contact(user.id, contact.id)
    next_due = min((r.due_at for r in reminders), default=None)
    interactions = await services.repos.interactions.for_contact(user.id, contact.id, limit=3)
    text = card(
        t,
        contact,
        next_followup=next_due.astimezone(zone) if next_due else None,
        interactions=interactions,
        zone_today=user_today(context),
    )
    return text, card_keyboard(t, contact.id)


def card_keyboard(t: Texts, contact_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _b(t._("✏️ Edit"), "edit", contact_id),
                _b(t._("💬 Log interaction"), "log", contact_id),
            ],
            [_b(t._("🔔 Follow-up date"), "fu", contact_id), _b(t._("📈 Stage"), "st", contact_id)],
            [
                _b(t._("🔁 Keep in touch"), "kit", contact_id),
                _b(t._("🗑 Delete"), "del", contact_id),
            ],
            [_b(t._("📇 All contacts"), "pg", 0, 0)],
        ]
    )


async def _contact_from(update: Update, context: ReteContext) -> tuple[list[str], Contact | None]:
    """The contact named by the button, scoped by the presser (None: answer "expired")."""
    query = update.callback_query
    assert query
    parts = unpack(query.data)
    contact_id = int_arg(parts, 2)
    if contact_id is None:
        return parts, None
    return parts, await context.services.repos.contacts.get(profile(context).id, contact_id)


async def _expired(update: Update, context: ReteContext) -> None:
    assert update.callback_query
    await update.callback_query.answer(context.texts._("This button has expired."))


async def open_card(update: Update, context: ReteContext) -> None:
    query = update.callback_query
    assert query and update.effective_chat
    parts, contact = await _contact_from(update, context)
    if contact is None or len(parts) != 3:
        await _expired(update, context)
        return
    await query.answer()
    text, markup = await render_card(context, contact)
    await context.bot.send_message(update.effective_chat.id, text, reply_markup=markup)


async def show_card_here(
    update: Update, context: ReteContext, contact: Contact, note: str = ""
) -> None:
    """Re-draw the card in the message whose button was pressed."""
    query = update.callback_query
    assert query
    text, markup = await render_card(context, contact)
    if note:
        text = f"<i>{note}</i>\n{text}"
    await safe_edit(query.edit_message_text(text[:4096], reply_markup=markup))


async def back_to_card(update: Update, context: ReteContext) -> None:
    query = update.callback_query
    assert query
    _, contact = await _contact_from(update, context)
    if contact is None:
        await _expired(update, context)
        return
    await query.answer()
    await show_card_here(update, context, contact)


async def submenu(update: Update, context: ReteContext) -> None:
    """Log interaction / Follow-up date / Stage / Keep in touch / Delete: their choices."""
    query = update.callback_query
    assert query
    parts, contact = await _contact_from(update, context)
    if contact is None or len(parts) != 3:
        await _expired(update, context)
        return
    t = context.texts
    action, cid = parts[1], contact.id
    name = f"<b>{esc(contact.name)}</b>"
    if action == "log":
        text = t._("How were you in touch with {name}?", name=name)
        options = [_b(t._(INTERACTION_LABELS[k]), "lg", cid, k) for k in LOGGABLE]
    elif action == "fu":
        text = t._("When shall I remind you to follow up with {name}?", name=name)
        days = (*FollowupDays(profile(context).followup_days).choices(), *EXTRA_FOLLOWUP_DAYS)
        options = [_b(t.ngettext("In {n} day", "In {n} days", d), "fud", cid, d) for d in days]
        options.append(_b(t._("No follow-up"), "fun", cid))
    elif action == "st":
        text = t._("Where are you with {name}?", name=name)
        options = [
            _b(("✓ " if s == contact.stage else "") + t._(STAGE_LABELS[s]), "sts", cid, i)
            for i, s in enumerate(STAGES)
        ]
    elif action == "kit":
        text = t._("How often shall I remind you to keep in touch with {name}?", name=name)
        options = [
            _b(("✓ " if c == contact.cadence else "") + t._(CADENCE_LABELS[c]), "kits", cid, c)
            for c in CADENCES
        ]
    else:  # del
        text = t._("Delete {name} and their reminders? This cannot be undone.", name=name)
        options = [_b(t._("🗑 Yes, delete"), "delok", cid)]
    rows = [options[i : i + 2] for i in range(0, len(options), 2)]
    rows.append([_b(t._("⬅️ Back"), "card", cid)])
    await query.answer()
    await safe_edit(query.edit_message_text(text, reply_markup=InlineKeyboardMarkup(rows)))


async def card_action(update: Update, context: ReteContext) -> None:
    """A choice from a submenu: applied, then the card is shown again."""
    query = update.callback_query
    assert query
    parts, contact = await _contact_from(update, context)
    if contact is None or len(parts) != 4:
        await _expired(update, context)
        return
    services, user, t = context.services, profile(context), context.texts
    action, value, cid = parts[1], parts[3], contact.id
    note = ""
    if action == "lg" and value in LOGGABLE:
        await service.log_interaction(services, user, cid, InteractionKind(value))
        note = t._("Logged: {kind}.", kind=t._(INTERACTION_LABELS[value]))
    elif action == "fud" and (days := int_arg(parts, 3)) is not None and 1 <= days <= 60:
        when = user_today(context) + timedelta(days=days)
        async with services.repos.db.transaction():
            await services.repos.reminders.cancel_open_for_contact(
                user.id, cid, ReminderKind.FOLLOWUP
            )
            await service.schedule_followup_on(services, user, cid, when)
        note = t._("Follow-up moved.")
    elif action == "sts" and (index := int_arg(parts, 3)) is not None and index < len(STAGES):
        await services.repos.contacts.set_stage(user.id, cid, STAGES[index])
        note = t._("Stage: {stage}.", stage=t._(STAGE_LABELS[STAGES[index]]))
    elif action == "kits" and value in CADENCES:
        await service.set_cadence(services, user, cid, Cadence(value))
        note = t._("Keep in touch: {cadence}.", cadence=t._(CADENCE_LABELS[value]).lower())
    else:
        await _expired(update, context)
        return
    await query.answer(note)
    fresh = await services.repos.contacts.get(user.id, cid)
    assert fresh is not None
    await show_card_here(update, context, fresh, note)


async def simple_action(update: Update, context: ReteContext) -> None:
    """No follow-up / confirmed delete."""
    query = update.callback_query
    assert query
    parts, contact = await _contact_from(update, context)
    if contact is None or len(parts) != 3:
        await _expired(update, context)
        return
    services, user, t = context.services, profile(context), context.texts
    if parts[1] == "fun":
        await services.repos.reminders.cancel_open_for_contact(
            user.id, contact.id, ReminderKind.FOLLOWUP
        )
        note = t._("No follow-up planned.")
        await query.answer(note)
        await show_card_here(update, context, contact, note)
        return
    await services.repos.contacts.delete(user.id, contact.id)
    await query.answer()
    await safe_edit(
        query.edit_message_text(t._("Deleted: {name}.", name=f"<b>{esc(contact.name)}</b>"))
    )


def register(app: ReteApplication) -> None:
    private = filters.ChatType.PRIVATE
    app.add_handler(CommandHandler("contacts", contacts_command, filters=private))
    app.add_handler(CallbackQueryHandler(menu_contacts, pattern=r"^menu:contacts$"))
    app.add_handler(CallbackQueryHandler(page_button, pattern=r"^ct:pg:"))
    app.add_handler(CallbackQueryHandler(event_filter, pattern=r"^ct:evs$"))
    app.add_handler(CallbackQueryHandler(open_card, pattern=r"^ct:open:"))
    app.add_handler(CallbackQueryHandler(back_to_card, pattern=r"^ct:card:"))
    app.add_handler(CallbackQueryHandler(submenu, pattern=r"^ct:(log|fu|st|kit|del):"))
    app.add_handler(CallbackQueryHandler(card_action, pattern=r"^ct:(lg|fud|sts|kits):"))
    app.add_handler(CallbackQueryHandler(simple_action, pattern=r"^ct:(fun|delok):"))
