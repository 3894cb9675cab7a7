"""/contacts: the paginated list, filterable by event (callback `ct:pg`, `ct:evs`)."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.callbacks import int_arg, pack, unpack
from bot.contacts import actions
from bot.contacts.card import button_label
from bot.context import ReteContext
from bot.formatting import clip, esc
from handlers.common import expired, profile, safe_edit

PAGE_SIZE = 6


def ct(text: str, *parts: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=pack("ct", *parts))


async def list_page(
    context: ReteContext, offset: int, event_id: int | None
) -> tuple[str, InlineKeyboardMarkup] | None:
    """The page's text and buttons; None when the event filter is not the user's."""
    t = context.texts
    page = await actions.contacts_page(
        context.repos, profile(context), offset, event_id, size=PAGE_SIZE
    )
    if page is None:
        return None
    if page.event_name is not None:
        title = t._("<b>People met at {event}</b>", event=esc(clip(page.event_name, 100)))
    else:
        title = t._("<b>Your contacts</b>")
    lines = [f"{title} ({page.total})"]
    if page.total == 0:
        lines.append(
            t._("Nobody here yet. Send /add to save the first one.")
            if event_id is None
            else t._("Nobody saved at this event yet.")
        )
    elif page.total > PAGE_SIZE:
        pages = (page.total + PAGE_SIZE - 1) // PAGE_SIZE
        lines.append(
            t._(
                "Page {page} of {pages}, newest first.",
                page=page.offset // PAGE_SIZE + 1,
                pages=pages,
            )
        )
    rows = [[ct(button_label(c.name, c.company), "open", c.id)] for c in page.contacts]
    nav = []
    filter_id = event_id or 0
    if page.offset > 0:
        nav.append(ct(t._("◀️ Newer"), "pg", max(0, page.offset - PAGE_SIZE), filter_id))
    if page.offset + PAGE_SIZE < page.total:
        nav.append(ct(t._("Older ▶️"), "pg", page.offset + PAGE_SIZE, filter_id))
    if nav:
        rows.append(nav)
    if event_id is None:
        rows.append([ct(t._("📅 Filter by event"), "evs")])
    else:
        rows.append([ct(t._("✖️ All contacts"), "pg", 0, 0)])
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
        await expired(update, context)
        return
    await query.answer()
    await safe_edit(query.edit_message_text(page[0], reply_markup=page[1]))


async def event_filter(update: Update, context: ReteContext) -> None:
    query = update.callback_query
    assert query
    t = context.texts
    events = await context.repos.events.recent(profile(context).id, limit=8)
    if not events:
        await query.answer(t._("No events yet: check in to one with /event."), show_alert=True)
        return
    rows = [[ct(f"{clip(e.name, 45)} ({e.contact_count})", "pg", 0, e.id)] for e in events]
    rows.append([ct(t._("✖️ All contacts"), "pg", 0, 0)])
    await query.answer()
    await safe_edit(
        query.edit_message_text(
            t._("Show the people met at which event?"), reply_markup=InlineKeyboardMarkup(rows)
        )
    )
