"""Contact texts: the /add summary, the contact card, list rows. All within 4096 characters.

User values are cut *before* escaping (cutting escaped HTML could split an entity) and the
stored values stay whole: only what is shown is shortened, with an ellipsis.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from bot.contacts.dialogue import AddState, FollowupKind, followup_day
from bot.contacts.wording import INTERACTION_LABELS, STAGE_LABELS, day
from bot.followups.cadence import CADENCE_LABELS
from bot.formatting import clip, esc
from bot.i18n import Texts
from storage.contacts import Contact
from storage.interactions import Interaction
from storage.kinds import ContactStage

STAGES = tuple(ContactStage)

MESSAGE_LIMIT = 4096
CARD_NOTES_LIMIT = 1200
SUMMARY_NOTES_LIMIT = 1200
BUTTON_TEXT_LIMIT = 60


def fit(text: str) -> str:
    """A last guard: Telegram refuses messages over 4096 characters."""
    return clip(text, MESSAGE_LIMIT)


def role_at_company(role: str | None, company: str | None) -> str:
    if role and company:
        return f"{role} @ {company}"
    return role or company or ""


def button_label(name: str, company: str | None) -> str:
    label = f"{name} · {company}" if company else name
    return clip(label, BUTTON_TEXT_LIMIT)


@dataclass(frozen=True, slots=True)
class Channels:
    emails: Sequence[str]
    phones: Sequence[str]
    telegram_username: str | None
    linkedin_url: str | None
    urls: Sequence[str] = ()


def channel_lines(channels: Channels) -> list[str]:
    lines = [f"✉️ {esc(e)}" for e in channels.emails]
    lines += [f"📞 {esc(p)}" for p in channels.phones]
    if channels.telegram_username:
        lines.append(f"💬 @{esc(channels.telegram_username)}")
    if channels.linkedin_url:
        lines.append(f"🔗 {esc(channels.linkedin_url)}")
    lines += [f"🌐 {esc(u)}" for u in channels.urls]
    return lines


def where_when(t: Texts, where: str | None, met_on: date | None) -> str:
    parts = [esc(where)] if where else []
    if met_on:
        parts.append(day(t, met_on))
    return " · ".join(parts)


def summary(
    t: Texts, state: AddState, *, today: date, default_days: int, weekend_shift: bool = False
) -> str:
    """The draft before Save: every field, and what is missing, at a glance."""
    none = t._("—")
    title = t._("<b>Check and save</b>") if state.contact_id is None else t._("<b>Edit contact</b>")
    where = state.event_name or state.met_where
    channels = channel_lines(
        Channels(
            state.emails, state.phones, state.telegram_username, state.linkedin_url, state.urls
        )
    )
    lines = [
        title,
        t._("Name: {value}", value=f"<b>{esc(state.name)}</b>"),
        t._(
            "Role @ company: {value}", value=esc(role_at_company(state.role, state.company)) or none
        ),
        t._("Where: {value}", value=esc(where) if where else none),
        t._("When: {value}", value=day(t, state.met_on) if state.met_on else t._("today")),
        t._("How to reach them: {value}", value="" if channels else none),
        *channels,
        t._(
            "Notes: {value}",
            value=esc(clip(state.notes, SUMMARY_NOTES_LIMIT)) if state.notes else none,
        ),
    ]
    if state.contact_id is None:
        value = followup_text(t, state, today, default_days, weekend_shift)
        lines.append(t._("Follow-up: {value}", value=value))
    return fit("\n".join(lines))


def followup_text(
    t: Texts, state: AddState, today: date, default_days: int, weekend_shift: bool = False
) -> str:
    when = followup_day(state, today=today, default_days=default_days, weekend_shift=weekend_shift)
    if when is None:
        return t._("no follow-up")
    if state.followup.kind == FollowupKind.DATE:
        return day(t, when)
    days = (when - (state.met_on or today)).days
    return t.ngettext(
        "{n} day after the meeting ({date})",
        "{n} days after the meeting ({date})",
        days,
        date=day(t, when),
    )


def card(
    t: Texts,
    contact: Contact,
    *,
    next_followup: datetime | None,
    interactions: Sequence[Interaction],
    zone_today: date,
) -> str:
    del zone_today  # reserved: "in 3 days" wording
    lines = [f"<b>{esc(contact.name)}</b>"]
    if headline := role_at_company(contact.role, contact.company):
        lines.append(esc(headline))
    where = contact.event_name or contact.met_where
    if contact.event_name and contact.met_where:
        where = f"{contact.met_where} ({contact.event_name})"
    if met := where_when(t, where, contact.met_on):
        lines.append(f"📍 {met}")
    lines += channel_lines(
        Channels(contact.emails, contact.phones, contact.telegram_username, contact.linkedin_url)
    )
    if contact.notes:
        lines.append(f"📝 {esc(clip(contact.notes, CARD_NOTES_LIMIT))}")
    if contact.tags:
        lines.append("🏷 " + esc(", ".join(contact.tags)[:300]))
    lines.append(t._("Stage: {stage}", stage=stage_path(t, contact.stage)))
    if next_followup is not None:
        lines.append(t._("🔔 Next follow-up: {date}", date=day(t, next_followup.date())))
    if contact.cadence != "none":
        lines.append(
            t._("Keep in touch: {cadence}", cadence=t._(CADENCE_LABELS[contact.cadence]).lower())
        )
    if interactions:
        lines.append(t._("Last interactions:"))
        for item in interactions[:5]:
            note = f" — {esc(clip(item.note, 100))}" if item.note else ""
            kind = t._(INTERACTION_LABELS.get(item.kind, item.kind))
            lines.append(f"• {day(t, item.happened_at.date())}: {kind}{note}")
    return fit("\n".join(lines))


def stage_path(t: Texts, stage: str) -> str:
    """Met → <b>Followed up</b> → …: where the contact is on the way."""
    index = STAGES.index(stage) if stage in STAGES else 0
    labels = [t._(STAGE_LABELS[s]) for s in STAGES]
    labels[index] = f"<b>{labels[index]}</b>"
    return " → ".join(labels[: index + 2]) + (" → …" if index + 2 < len(labels) else "")
