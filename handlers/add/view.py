"""The questions of /add: text and buttons for each step (no decisions are taken here)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import pack
from bot.contacts import dialogue as dlg
from bot.contacts.actions import Change, Merged
from bot.contacts.add_state import AddState, Step
from bot.contacts.card import (
    channel_lines,
    display_phone,
    followup_text,
    role_at_company,
    summary,
)
from bot.contacts.duplicates import DuplicateMatch, MatchReason
from bot.contacts.merging import Conflict, MergeField
from bot.contacts.wording import MERGE_LABELS
from bot.days import day
from bot.followups.choices import FollowupDay, followup_day
from bot.followups.wording import followup_labels
from bot.formatting import clip, esc
from bot.i18n import N_, Texts
from storage.contacts import ContactIdentity

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
REASONS: dict[MatchReason, str] = {
    MatchReason.SAME_EMAIL: N_("same e-mail"),
    MatchReason.SAME_PHONE: N_("same phone"),
    MatchReason.SAME_USERNAME: N_("same Telegram username"),
    MatchReason.SIMILAR_NAME_SAME_COMPANY: N_("similar name, same company"),
    MatchReason.SAME_NAME: N_("same name"),
}


def button(text: str, step: Step | str, *args: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=pack("add", step, *args))


def _skip_row(t: Texts, step: Step, state: AddState | None = None) -> list[InlineKeyboardButton]:
    """Skip; on a question that already holds an answer, Keep it or Clear it."""
    if state is None or not dlg.has_value(state):
        return [button(t._("Skip ⏭"), step, "skip")]
    return [button(t._("Keep ⏭"), step, "skip"), button(t._("🗑 Clear"), step, "clear")]


def now_line(t: Texts, state: AddState, *, today: date) -> str | None:
    """ "Now: …" on a question asked again (after /back, or from the summary)."""
    d, step = state.draft, state.step
    value: str | None = None
    if step == Step.NAME:
        value = d.name
    elif step in (Step.COMPANY, Step.ROLE, Step.WHERE, Step.NOTES) and dlg.has_value(state):
        shown = {
            Step.COMPANY: role_at_company(d.role, d.company),
            Step.ROLE: d.role,
            Step.WHERE: state.where,
            Step.NOTES: d.notes,
        }[step]
        value = clip(shown or "", 300)
    elif step == Step.WHEN and d.met_on is not None:
        value = day(t, d.met_on, today=today)
    elif step == Step.CHANNELS and state.has_channels:
        return t._("Now: {value}", value=" · ".join(channel_lines(d, state.urls)))
    return t._("Now: {value}", value=esc(value)) if value else None


def kept_before_name(t: Texts, state: AddState) -> str:
    """The note when ways to reach them came before their name."""
    channels = " · ".join(channel_lines(state.draft, state.urls))
    return t._("Kept to reach them: {channels}", channels=channels)


def question(
    t: Texts,
    state: AddState,
    *,
    today: date,
    default_days: int,
    weekend_shift: bool,
    recent_events: Sequence[EventChoice] = (),
) -> tuple[str, InlineKeyboardMarkup | None]:
    step = state.step
    d = state.draft
    rows: list[list[InlineKeyboardButton]] = []
    if step == Step.NAME:
        text = t._(
            "<b>New contact</b>: who did you meet? Send their name.\n"
            "<i>/skip skips a question, /back goes back one, /cancel stops.</i>"
        )
        if d.name:
            rows.append([button(t._("Keep ⏭"), step, "skip")])
    elif step == Step.COMPANY:
        text = t._(
            "Role and company of {name}? One line, like “HR manager @ Acme”, or just the company.",
            name=esc(clip(d.name, 200)),
        )
        rows.append(_skip_row(t, step, state))
    elif step == Step.ROLE:
        text = t._("What is their role at {company}?", company=esc(clip(d.company or "", 200)))
        rows.append(_skip_row(t, step, state))
    elif step == Step.WHERE:
        text, rows = _where(t, state, recent_events)
    elif step == Step.WHEN:
        text = t._(
            "When did you meet? Press a button or type a date: “3 days ago”, “last Monday”, "
            "“25/11”."
        )
        rows.append([button(t._("Today"), step, "today"), button(t._("Yesterday"), step, "yday")])
        if d.met_on is not None:
            rows.append([button(t._("Keep ⏭"), step, "skip")])
    elif step == Step.CHANNELS:
        text = t._(
            "How can you reach them? Send any of e-mail, phone, @username, LinkedIn address: "
            "in one message or several."
        )
        rows.append(
            [button(t._("Next ➡️"), step, "next"), button(t._("🗑 Clear"), step, "clear")]
            if state.has_channels
            else _skip_row(t, step)
        )
    elif step == Step.NOTES:
        text = t._(
            "A line of notes for yourself: what you talked about, what you promised. "
            "They stay private: drafts never quote them."
        )
        rows.append(_skip_row(t, step, state))
    elif step == Step.FOLLOWUP:
        text = t._("When shall I remind you to follow up?")
        choices = followup_labels(
            t, today=today, default_days=default_days, weekend_shift=weekend_shift
        )
        rows += [[button(label, step, "d", days)] for days, label in choices]
        rows.append(
            [button(t._("📅 Pick a date"), step, "pick"), button(t._("No follow-up"), step, "none")]
        )
    elif step == Step.FOLLOWUP_DATE:
        text = t._("Which day? For example “tomorrow”, “next Monday”, “5/12”.")
        rows.append([button(t._("⬅️ Back"), step, "back")])
    else:  # SUMMARY (DUPLICATE and MERGE are rendered by their own functions)
        when = followup_day(
            state.followup, today=today, default_days=default_days, weekend_shift=weekend_shift
        )
        text = summary(t, state, today=today, followup=when)
        rows.append(
            [button(t._("✅ Save"), step, "save"), button(t._("✏️ Edit field"), step, "fields")]
        )
        rows.append([button(t._("✖️ Cancel"), step, "cancel")])
    if step not in (Step.SUMMARY, Step.FOLLOWUP, Step.FOLLOWUP_DATE) and (
        now := now_line(t, state, today=today)
    ):
        text = f"{text}\n<i>{now}</i>"
    return text, InlineKeyboardMarkup(rows) if rows else None


def _where(
    t: Texts, state: AddState, recent_events: Sequence[EventChoice]
) -> tuple[str, list[list[InlineKeyboardButton]]]:
    rows: list[list[InlineKeyboardButton]] = []
    if state.current_event_id is not None:
        text = t._(
            "Where did you meet? You are checked in to <b>{event}</b>: press it, or type "
            "another place.",
            event=esc(clip(state.current_event_name or "", 200)),
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
    rows = rows[:4]
    rows.append(_skip_row(t, Step.WHERE, state))
    return text, rows


def channels_kept(t: Texts, state: AddState) -> tuple[str, InlineKeyboardMarkup]:
    lines = [t._("Got it:"), *channel_lines(state.draft, state.urls), ""]
    rows = []
    for index, (typed, suggestion) in enumerate(state.email_fixes):
        lines.append(
            t._("Did you mean {email} instead of {typed}?", email=esc(suggestion), typed=esc(typed))
        )
        rows.append([button("✅ " + clip(suggestion, 50), Step.CHANNELS, "fix", index)])
    lines.append(t._("Send more, or press Next."))
    rows.append([button(t._("Next ➡️"), Step.CHANNELS, "next")])
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def field_chooser(t: Texts, state: AddState) -> tuple[str, InlineKeyboardMarkup]:
    labels = [
        button(t._(FIELD_LABELS[step]), Step.SUMMARY, "edit", step) for step in dlg.editable(state)
    ]
    rows = [labels[i : i + 2] for i in range(0, len(labels), 2)]
    rows.append([button(t._("⬅️ Back to the summary"), Step.SUMMARY, "show")])
    return t._("Which field do you want to change?"), InlineKeyboardMarkup(rows)


def identity_label(contact: ContactIdentity) -> str:
    return f"{contact.name} ({contact.company})" if contact.company else contact.name


def duplicates(
    t: Texts, matches: Sequence[tuple[ContactIdentity, DuplicateMatch]]
) -> tuple[str, InlineKeyboardMarkup]:
    lines = [t._("You may already have this person:")]
    rows: list[list[InlineKeyboardButton]] = []
    for contact, match in matches:
        label = identity_label(contact)
        why = ", ".join(t._(REASONS[r]) for r in match.reasons)
        lines.append(f"• <b>{esc(clip(label, 200))}</b> — {why}")
        rows.append(
            [
                button(
                    t._("Merge into {name}", name=clip(label, 40)),
                    Step.DUPLICATE,
                    "merge",
                    contact.id,
                )
            ]
        )
    rows.append([button(t._("Save as new"), Step.DUPLICATE, "new")])
    rows.append([button(t._("⬅️ Back"), Step.DUPLICATE, "back")])
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def value_text(t: Texts, value: object, *, today: date) -> str:
    if isinstance(value, date):
        return day(t, value, today=today)
    return clip(str(value), 60)


def merge_question(
    t: Texts, name: str, conflict: Conflict, *, today: date, event_names: dict[int, str]
) -> tuple[str, InlineKeyboardMarkup]:
    """One differing field: keep the stored value, or take the new one."""

    def shown(value: object) -> str:
        if conflict.field == MergeField.EVENT and isinstance(value, int):
            return clip(event_names.get(value, "?"), 60)
        return value_text(t, value, today=today)

    stored, new = shown(conflict.stored), shown(conflict.new)
    text = t._(
        "{name} already has a different {field}: “{stored}”. You wrote “{new}”. Which one "
        "shall I keep? (E-mails and phones are always kept, all of them.)",
        name=f"<b>{esc(clip(name, 200))}</b>",
        field=t._(MERGE_LABELS[conflict.field]).lower(),
        stored=esc(stored),
        new=esc(new),
    )
    rows = [
        [button(t._("Keep “{value}”", value=clip(stored, 30)), Step.MERGE, "keep")],
        [button(t._("Use “{value}”", value=clip(new, 30)), Step.MERGE, "new")],
        [button(t._("⬅️ Back"), Step.MERGE, "back")],
    ]
    return text, InlineKeyboardMarkup(rows)


_CHANGE_LABELS: dict[str, str] = {
    "name": N_("name"),
    "company": N_("company"),
    "role": N_("role"),
    "met_on": N_("when you met"),
    "met_where": N_("where you met"),
    "event_id": N_("event"),
    "telegram_username": N_("Telegram"),
    "linkedin_url": N_("LinkedIn"),
    "notes": N_("notes"),
    "emails": N_("e-mail"),
    "phones": N_("phone"),
    "tags": N_("tag"),
}


def change_line(t: Texts, change: Change, *, today: date) -> str:
    label = t._(_CHANGE_LABELS.get(change.field, change.field))
    if change.field == "notes":
        return "• " + t._("notes: the new ones added below the old")
    new = display_phone(str(change.new)) if change.field == "phones" else change.new
    if change.old is None or change.old == "":
        return "• " + t._(
            "{field} added: {value}", field=label, value=esc(value_text(t, new, today=today))
        )
    return "• " + t._(
        "{field}: {new} (was {old})",
        field=label,
        new=esc(value_text(t, new, today=today)),
        old=esc(value_text(t, change.old, today=today)),
    )


def merged_text(t: Texts, merged: Merged, *, today: date) -> str:
    lines = [t._("Merged into {name}.", name=f"<b>{esc(clip(merged.name, 200))}</b>")]
    shown = [c for c in merged.changes if c.field != "event_id"]
    lines += [change_line(t, change, today=today) for change in shown[:12]]
    if not shown:
        lines.append(t._("Nothing new to add: everything was already there."))
    lines.append(followup_line(t, merged.followup, today=today))
    return "\n".join(lines)


def followup_line(t: Texts, when: FollowupDay | None, *, today: date) -> str:
    if when is None:
        return t._("No follow-up planned.")
    return t._("I'll remind you to follow up {when}.", when=followup_text(t, when, today=today))


def saved_text(t: Texts, name: str, when: FollowupDay | None, *, today: date) -> str:
    return "\n".join(
        [
            t._("Saved: {name}.", name=f"<b>{esc(clip(name, 200))}</b>"),
            followup_line(t, when, today=today),
        ]
    )


def saved_buttons(t: Texts, contact_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t._("📇 Open card"), callback_data=pack("ct", "open", contact_id)
                ),
                InlineKeyboardButton(t._("➕ Add another"), callback_data=pack("menu", "add")),
            ]
        ]
    )
