"""/followups: what is overdue, due today and in the next 7 days, with a button each."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.callbacks import pack
from bot.context import ReteContext
from bot.days import moment
from bot.followups import actions
from bot.followups.actions import DueNudge
from bot.followups.nudge import PREFIX
from bot.followups.policy import user_schedule
from bot.formatting import MESSAGE_LIMIT, clip, esc, visible_length
from handlers.common import expired, profile, send, user_today
from storage.contacts import Contact

LIST_LIMIT = 30


def _short(contact: Contact) -> str:
    company = f" ({esc(clip(contact.company, 60))})" if contact.company else ""
    return f"<b>{esc(clip(contact.name, 80))}</b>{company}"


async def followups_overview(context: ReteContext) -> tuple[str, InlineKeyboardMarkup | None]:
    t, services, user = context.texts, context.services, profile(context)
    found = await actions.overview(services.repos, services.clock, user)
    if found.empty:
        return (
            t._(
                "Nothing to follow up in the next 7 days. When you save someone with /add, "
                "I'll remind you at the right time."
            ),
            None,
        )
    sections: list[tuple[str, tuple[DueNudge, ...]]] = [
        (t._("<b>⏰ Overdue</b>"), found.overdue),
        (t._("<b>📌 Today</b>"), found.today),
        (t._("<b>🗓 Next 7 days</b>"), found.week),
    ]
    zone, today = user_schedule(user).zone, user_today(context)
    footer = t._("Tap a name for its buttons: done, draft, snooze, skip.")
    # Room for the footer and an "…and N more." line: the list shows what fits.
    room = MESSAGE_LIMIT - visible_length(footer) - 40
    lines: list[str] = []
    buttons: list[list[InlineKeyboardButton]] = []
    total = len(found.overdue) + len(found.today) + len(found.week)
    entries = [(title, item) for title, items in sections for item in items][:LIST_LIMIT]
    number, used, shown_title = 0, 0, ""
    for title, item in entries:
        when = moment(t, item.reminder.due_at.astimezone(zone), today=today)
        new = ([""] if lines else []) + [title] if title != shown_title else []
        new.append(f"{number + 1}. {_short(item.contact)} · {when}")
        size = sum(visible_length(line) + 1 for line in new)
        if used + size > room:
            break
        number, used, shown_title = number + 1, used + size, title
        lines += new
        label = f"{number}. {clip(item.contact.name, 40)}"
        buttons.append(
            [InlineKeyboardButton(label, callback_data=pack(PREFIX, "show", item.reminder.id))]
        )
    if total > number:
        lines.append(t.ngettext("…and {n} more.", "…and {n} more.", total - number))
    lines += ["", footer]
    return "\n".join(lines), InlineKeyboardMarkup(buttons)


async def followups_command(update: Update, context: ReteContext) -> None:
    assert update.effective_message
    text, markup = await followups_overview(context)
    await update.effective_message.reply_text(text, reply_markup=markup)


async def followups_menu(update: Update, context: ReteContext) -> None:
    query = update.callback_query
    assert query
    if context.profile is None:
        await expired(update, context)
        return
    await query.answer()
    text, markup = await followups_overview(context)
    await send(update, context, text, markup)
