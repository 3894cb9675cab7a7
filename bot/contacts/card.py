"""Contact texts: the /add summary, the contact card, list rows. All within 4096 characters.

User values are cut *before* escaping (cutting escaped HTML could split an entity) and the
stored values stay whole: only what is shown is shortened, with an ellipsis.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

import phonenumbers

from bot.contacts.add_state import AddState
from bot.contacts.wording import INTERACTION_LABELS, STAGE_LABELS
from bot.days import day, shifted_day
from bot.followups.cadence import CADENCE_LABELS
from bot.followups.choices import FollowupDay
from bot.formatting import clip, clip_html, esc
from bot.i18n import Texts
from storage.contacts import Contact, ContactDraft
from storage.interactions import Interaction
from storage.kinds import Cadence, ContactStage

MESSAGE_LIMIT = 4096
CARD_NOTES_LIMIT = 1200
SUMMARY_NOTES_LIMIT = 1200
BUTTON_TEXT_LIMIT = 60
FIELD_LIMIT = 200  # a name, role, company or place as shown


def fit(text: str) -> str:
    """A last guard: Telegram refuses messages over 4096 characters (cut by visible text,
    never inside a tag or an entity)."""
    return clip_html(text, MESSAGE_LIMIT)


def role_at_company(role: str | None, company: str | None) -> str:
    if role and company:
        return f"{role} @ {company}"
    return role or company or ""


def button_label(name: str, company: str | None) -> str:
    label = f"{name} · {company}" if company else name
    return clip(label, BUTTON_TEXT_LIMIT)


def display_phone(phone: str) -> str:
    """+39 333 123 4567: international format with spaces, when the number parses."""
    try:
        number = phonenumbers.parse(phone, None)
    except phonenumbers.NumberParseException:
        return phone
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def channel_lines(draft: ContactDraft, urls: Sequence[str] = ()) -> list[str]:
    lines = [f"✉️ {esc(clip(e, FIELD_LIMIT))}" for e in draft.emails]
    lines += [f"📞 {esc(display_phone(p))}" for p in draft.phones]
    if draft.telegram_username:
        lines.append(f"💬 @{esc(draft.telegram_username)}")
    if draft.linkedin_url:
        lines.append(f"🔗 {esc(clip(draft.linkedin_url, FIELD_LIMIT))}")
    lines += [f"🌐 {esc(clip(u, FIELD_LIMIT))}" for u in urls]
    return lines


def followup_text(t: Texts, when: FollowupDay | None, *, today: date) -> str:
    """ "in 2 days, Fri 4 Dec" / "Sat 5 → Mon 7 Dec (weekends move to Monday)"."""
    if when is None:
        return t._("no follow-up")
    shown = shifted_day(t, when.wanted, when.day, today=today)
    days = (when.wanted - today).days
    text = t.ngettext("in {n} day, {date}", "in {n} days, {date}", days, date=shown)
    if when.shifted:
        text += " " + t._("(weekends move to Monday: see /settings)")
    return text


def summary(t: Texts, state: AddState, *, today: date, followup: FollowupDay | None) -> str:
    """The draft before Save: every field, and what is missing, at a glance."""
    d = state.draft
    none = t._("—")
    title = t._("<b>Check and save</b>") if state.contact_id is None else t._("<b>Edit contact</b>")
    channels = channel_lines(d, state.urls)
    where = state.where
    work = role_at_company(d.role, d.company)
    lines = [
        title,
        t._("Name: {value}", value=f"<b>{esc(clip(d.name, FIELD_LIMIT))}</b>"),
        t._("Role @ company: {value}", value=esc(clip(work, FIELD_LIMIT)) if work else none),
        t._("Where: {value}", value=esc(clip(where, FIELD_LIMIT)) if where else none),
        t._("When: {value}", value=day(t, d.met_on, today=today) if d.met_on else t._("today")),
        t._("How to reach them: {value}", value="" if channels else none),
        *channels,
        t._("Notes: {value}", value=esc(clip(d.notes, SUMMARY_NOTES_LIMIT)) if d.notes else none),
    ]
    if state.contact_id is None:
        lines.append(t._("Follow-up: {value}", value=followup_text(t, followup, today=today)))
    return fit("\n".join(lines))


def card(
    t: Texts,
    contact: Contact,
    *,
    next_followup: datetime | None,
    interactions: Sequence[Interaction],
    today: date,
) -> str:
    """Everything about a contact; `next_followup` in the user's local time."""
    lines = [f"<b>{esc(clip(contact.name, FIELD_LIMIT))}</b>"]
    if headline := role_at_company(contact.role, contact.company):
        lines.append(esc(clip(headline, FIELD_LIMIT * 2)))
    where = contact.event_name or contact.met_where
    if contact.event_name and contact.met_where:
        where = f"{contact.met_where} ({contact.event_name})"
    met = [esc(clip(where, FIELD_LIMIT * 2))] if where else []
    if contact.met_on:
        met.append(day(t, contact.met_on, today=today))
    if met:
        lines.append("📍 " + " · ".join(met))
    lines += channel_lines(contact)
    if contact.notes:
        lines.append(f"📝 {esc(clip(contact.notes, CARD_NOTES_LIMIT))}")
    if contact.tags:
        lines.append("🏷 " + esc(clip(", ".join(contact.tags), 300)))
    lines.append(t._("Stage: {stage}", stage=stage_path(t, contact.stage)))
    if next_followup is not None:
        lines.append(
            t._("🔔 Next follow-up: {date}", date=day(t, next_followup.date(), today=today))
        )
    if contact.cadence != Cadence.NONE:
        lines.append(
            t._("Keep in touch: {cadence}", cadence=t._(CADENCE_LABELS[contact.cadence]).lower())
        )
    if interactions:
        lines.append(t._("Last interactions:"))
        for item in interactions[:5]:
            note = f" — {esc(clip(item.note, 100))}" if item.note else ""
            kind = t._(INTERACTION_LABELS[item.kind])
            lines.append(f"• {day(t, item.happened_at.date(), today=today)}: {kind}{note}")
    return fit("\n".join(lines))


def stage_path(t: Texts, stage: ContactStage) -> str:
    """Met → ▶ <b>Followed up</b> → …: where the contact is on the way."""
    stages = list(ContactStage)
    index = stages.index(stage)
    labels = [t._(STAGE_LABELS[s]) for s in stages]
    labels[index] = f"▶ <b>{labels[index]}</b>"
    return " → ".join(labels[: index + 2]) + (" → …" if index + 2 < len(labels) else "")
