"""The messages tied to an event: the prep checklist the day before and the summary after.

Pure rendering. Callback data: fu:all:<event> (plan a follow-up with everyone met there),
fu:pick:<event> (choose whom), fu:one:<event>:<contact> (plan that one), cv:send.
"""

from __future__ import annotations

from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import pack
from bot.days import day
from bot.followups.nudge import PREFIX, Rendered, who_line
from bot.formatting import MESSAGE_LIMIT, clip, esc, visible_length
from bot.i18n import Texts
from storage.contacts import Contact
from storage.events import Event

SUMMARY_LIST_LIMIT = 30  # names listed in the summary; the rest are counted
ROOM_BELOW = 400  # kept free under a summary for "✅ Follow-ups planned …" and "…and N more"
PICK_LIMIT = 40  # buttons in the "choose" keyboard
CV_STALE_MONTHS = 6


def cv_age_text(t: Texts, uploaded_on: date | None, today: date) -> str:
    if uploaded_on is None:
        return t._("you have not stored one yet: send it to me with /cv.")
    days = max((today - uploaded_on).days, 0)
    if days == 0:
        age = t._("stored today")
    elif days < 60:
        age = t.ngettext("stored {n} day ago", "stored {n} days ago", days)
    else:
        age = t.ngettext("stored {n} month ago", "stored {n} months ago", days // 30)
    shown = day(t, uploaded_on, today=today)
    text = t._("the one you sent me is from {day} ({age}).", day=shown, age=age)
    if days >= CV_STALE_MONTHS * 30:
        text += " " + t._("Is it still up to date?")
    return text


def render_prep(t: Texts, event: Event, cv_uploaded_on: date | None, today: date) -> Rendered:
    where = f" ({esc(clip(event.place, 100))})" if event.place else ""
    lines = [
        t._("🗓 Tomorrow: <b>{event}</b>{where}", event=esc(clip(event.name, 150)), where=where),
        "",
        t._("To make the most of it:"),
        "☐ " + t._("Research the exhibitors and speakers: who do you want to meet?"),
        "☐ " + t._("Prepare your pitch: who you are and what you are looking for, in 30 seconds."),
        "☐ " + t._("Bring your CV: {age}", age=cv_age_text(t, cv_uploaded_on, today)),
        "☐ "
        + t._("Take care of how you present yourself: clothes, business cards, a charged phone."),
        "",
        t._("Tomorrow I'll check you in myself: everyone you /add is tagged with the event.")
        if event.planned
        else t._("Check in with /event when you get there: everyone you add is tagged with it."),
    ]
    markup = None
    if cv_uploaded_on is not None:
        markup = InlineKeyboardMarkup(
            [[InlineKeyboardButton(t._("📄 Send me my CV"), callback_data=pack("cv", "send"))]]
        )
    return Rendered("\n".join(lines), markup)


def render_summary(t: Texts, event: Event, contacts: list[Contact], total: int) -> Rendered:
    lines = [
        t.ngettext(
            "🎉 You met {n} person at <b>{event}</b>:",
            "🎉 You met {n} people at <b>{event}</b>:",
            total,
            event=esc(clip(event.name, 150)),
        )
    ]
    footer = t._("The follow-up in the next few days is what makes a contact last.")
    # What fits, leaving room for the footer and a line the buttons add below it.
    room = MESSAGE_LIMIT - visible_length(lines[0]) - visible_length(footer) - ROOM_BELOW
    shown = 0
    for contact in contacts[:SUMMARY_LIST_LIMIT]:
        line = "• " + who_line(contact, name_limit=40, part_limit=30)
        room -= visible_length(line) + 1
        if room < 0:
            break
        lines.append(line)
        shown += 1
    if total > shown:
        lines.append(t.ngettext("…and {n} more.", "…and {n} more.", total - shown))
    lines += ["", footer]
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t._("✅ Follow up with all"), callback_data=pack(PREFIX, "all", event.id)
                ),
                InlineKeyboardButton(t._("☑️ Choose"), callback_data=pack(PREFIX, "pick", event.id)),
            ]
        ]
    )
    return Rendered("\n".join(lines), markup)


def pick_keyboard(
    t: Texts, event_id: int, contacts: list[Contact], planned: set[int]
) -> InlineKeyboardMarkup:
    """One button per contact; ✓ marks those with a follow-up planned."""
    rows = [
        [
            InlineKeyboardButton(
                ("✓ " if contact.id in planned else "") + clip(contact.name, 40),
                callback_data=pack(PREFIX, "one", event_id, contact.id),
            )
        ]
        for contact in contacts[:PICK_LIMIT]
    ]
    rows.append(
        [InlineKeyboardButton(t._("✔️ That's all"), callback_data=pack(PREFIX, "picked", event_id))]
    )
    return InlineKeyboardMarkup(rows)
