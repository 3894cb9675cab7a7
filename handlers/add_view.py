"""The questions of /add: text and buttons for each step (no decisions are taken here)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import pack
from bot.contacts.card import summary
from bot.contacts.dialogue import EDITABLE, AddState, Step
from bot.followups.policy import FollowupDays
from bot.formatting import clip, esc
from bot.i18n import N_, Texts

EventChoice = tuple[int, str]  # (event id, name)

FIELD_LABELS: dict[Step, str] = {
    Step.NAME: N_("Name"),
    Step.COMPANY: N_("Role @ company"),
    Step.WHERE: N_("Where"),
    Step.WHEN: N_("When"),
    Step.CHANNELS: N_("How to reach them"),
    Step.NOTES: N_("Notes"),
    Step.FOLLOWUP: N_("Follow-up"),
}


def button(text: str, step: Step | str, *args: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=pack("add", step, *args))


def _skip_row(t: Texts, step: Step) -> list[InlineKeyboardButton]:
    return [button(t._("Skip ⏭"), step, "skip")]


def question(
    t: Texts,
    state: AddState,
    *,
    today: date,
    default_days: int,
    weekend_shift: bool = False,
    recent_events: Sequence[EventChoice] = (),
) -> tuple[str, InlineKeyboardMarkup | None]:
    step = state.step
    rows: list[list[InlineKeyboardButton]] = []
    if step == Step.NAME:
        text = t._(
            "<b>New contact</b>: who did you meet? Send their name.\n"
            "<i>/skip skips a question, /back goes back one, /cancel stops.</i>"
        )
    elif step == Step.COMPANY:
        text = t._(
            "Role and company of {name}? One line, like “HR manager @ Acme”, or just the company.",
            name=esc(state.name),
        )
        rows.append(_skip_row(t, step))
    elif step == Step.ROLE:
        text = t._("What is their role at {company}?", company=esc(state.company or ""))
        rows.append(_skip_row(t, step))
    elif step == Step.WHERE:
        text, rows = _where(t, state, recent_events)
    elif step == Step.WHEN:
        text = t._(
            "When did you meet? Press a button or type a date: “3 days ago”, “last Monday”, "
            "“25/11”."
        )
        rows.append([button(t._("Today"), step, "today"), button(t._("Yesterday"), step, "yday")])
    elif step == Step.CHANNELS:
        text = t._(
            "How can you reach them? Send any of e-mail, phone, @username, LinkedIn address: "
            "in one message or several."
        )
        rows.append(
            [button(t._("Next ➡️"), step, "next")] if state.has_channels else _skip_row(t, step)
        )
    elif step == Step.NOTES:
        text = t._("A line of notes: what you talked about, what you promised.")
        rows.append(_skip_row(t, step))
    elif step == Step.FOLLOWUP:
        text = t._("When shall I remind you to follow up?")
        rows.append(
            [
                button(t.ngettext("In {n} day", "In {n} days", days), step, "d", days)
                for days in FollowupDays(default_days).choices()
                if days != FollowupDays.WEEK
            ]
            + [button(t._("In a week"), step, "d", FollowupDays.WEEK)]
        )
        rows.append(
            [button(t._("📅 Pick a date"), step, "pick"), button(t._("No follow-up"), step, "none")]
        )
    elif step == Step.FOLLOWUP_DATE:
        text = t._("Which day? For example “tomorrow”, “next Monday”, “5/12”.")
        rows.append([button(t._("⬅️ Back"), step, "back")])
    else:  # SUMMARY (DUPLICATE is rendered by `duplicates`)
        text = summary(
            t, state, today=today, default_days=default_days, weekend_shift=weekend_shift
        )
        rows.append(
            [button(t._("✅ Save"), step, "save"), button(t._("✏️ Edit field"), step, "fields")]
        )
        rows.append([button(t._("✖️ Cancel"), step, "cancel")])
    return text, InlineKeyboardMarkup(rows) if rows else None


def _where(
    t: Texts, state: AddState, recent_events: Sequence[EventChoice]
) -> tuple[str, list[list[InlineKeyboardButton]]]:
    rows: list[list[InlineKeyboardButton]] = []
    if state.current_event_id is not None:
        text = t._(
            "Where did you meet? You are checked in to <b>{event}</b>: press it, or type "
            "another place.",
            event=esc(state.current_event_name or ""),
        )
        rows.append(
            [
                button(
                    "📍 " + clip(state.current_event_name or "", 40),
                    Step.WHERE,
                    "ev",
                    state.current_event_id,
                )
            ]
        )
    else:
        text = t._("Where did you meet? Type a place, or press a recent event.")
    for event_id, name in recent_events:
        if event_id != state.current_event_id:
            rows.append([button(clip(name, 40), Step.WHERE, "ev", event_id)])
    rows.append(_skip_row(t, Step.WHERE))
    return text, rows[:5]


def field_chooser(t: Texts) -> tuple[str, InlineKeyboardMarkup]:
    labels = [button(t._(FIELD_LABELS[step]), Step.SUMMARY, "edit", step) for step in EDITABLE]
    rows = [labels[i : i + 2] for i in range(0, len(labels), 2)]
    rows.append([button(t._("⬅️ Back to the summary"), Step.SUMMARY, "show")])
    return t._("Which field do you want to change?"), InlineKeyboardMarkup(rows)


def duplicates(
    t: Texts, state: AddState, matches: Sequence[tuple[int, str, str]]
) -> tuple[str, InlineKeyboardMarkup]:
    """matches: (contact id, display name, why) for each possible duplicate."""
    lines = [t._("You may already have this person:")]
    rows: list[list[InlineKeyboardButton]] = []
    for contact_id, name, why in matches:
        lines.append(f"• <b>{esc(name)}</b> — {why}")
        rows.append(
            [
                button(
                    t._("Merge into {name}", name=clip(name, 40)),
                    Step.DUPLICATE,
                    "merge",
                    contact_id,
                )
            ]
        )
    rows.append([button(t._("Save as new"), Step.DUPLICATE, "new")])
    rows.append([button(t._("⬅️ Back"), Step.DUPLICATE, "back")])
    return "\n".join(lines), InlineKeyboardMarkup(rows)
