"""Event texts in the user's language (pure): where and when, checking in and out."""

from __future__ import annotations

from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import pack
from bot.days import day
from bot.events.actions import CheckedIn
from bot.formatting import clip, esc
from bot.i18n import Texts
from storage.events import Event


def describe(t: Texts, event: Event, *, today: date) -> str:
    """ "Milano · Sat 28 Nov – Mon 30 Nov"."""
    parts = [esc(clip(event.place, 150))] if event.place else []
    if event.starts_on and event.ends_on and event.ends_on != event.starts_on:
        parts.append(
            f"{day(t, event.starts_on, today=today)} – {day(t, event.ends_on, today=today)}"
        )
    elif event.starts_on:
        parts.append(day(t, event.starts_on, today=today))
    return " · ".join(parts)


def checked_out_line(t: Texts, event: Event, total: int) -> str:
    return (
        t._("Checked out of <b>{event}</b>.", event=esc(clip(event.name, 150)))
        + " "
        + t.ngettext("You met {n} person there.", "You met {n} people there.", total)
    )


def checked_in_text(t: Texts, checked: CheckedIn, *, today: date) -> str:
    event = checked.event
    name = esc(clip(event.name, 150))
    lines = []
    if checked.left is not None:
        lines.append(checked_out_line(t, checked.left.event, checked.left.total))
    if checked.planned:
        assert event.starts_on is not None
        lines.append(
            t._(
                "Planned: <b>{event}</b>, {day}. I'll check you in on that day, and the day "
                "before I'll send you a checklist to prepare.",
                event=name,
                day=day(t, event.starts_on, today=today),
            )
        )
    else:
        lines.append(
            t._(
                "Checked in to <b>{event}</b>. Everyone you /add now is tagged with it; send "
                "/event to check out.",
                event=name,
            )
        )
    return "\n".join(lines)


def day_of_text(t: Texts, checked: CheckedIn, *, today: date) -> str:
    """The morning of a planned event: the user is checked in."""
    event = checked.event
    lines = []
    if checked.left is not None:
        lines.append(checked_out_line(t, checked.left.event, checked.left.total))
    where = f" ({esc(clip(event.place, 100))})" if event.place else ""
    lines.append(
        t._(
            "📍 Today: <b>{event}</b>{where}. I checked you in: everyone you /add is tagged "
            "with it. Good luck!",
            event=esc(clip(event.name, 150)),
            where=where,
        )
    )
    return "\n".join(lines)


def check_out_button(t: Texts, event_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(t._("🚪 Check out"), callback_data=pack("ev", "out", event_id))]]
    )
