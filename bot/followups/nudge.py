"""A follow-up nudge as the user sees it: text and buttons (pure: no I/O, no clock).

Callback data (prefix `fu`), every id looked up again scoped by the presser:
  fu:done:<reminder>            -> how was it done?  fu:by:<reminder>:<channel>
  fu:draft:<reminder>           -> which draft?      fu:dr:<reminder>:<kind>
  fu:snooze:<reminder>          -> until when?       fu:sz:<reminder>:<option>
  fu:skip:<reminder>            fu:back:<reminder> (the nudge's own buttons again)
  ct:open:<contact>             the contact card (handled by the contacts feature)
  cv:send                       the stored CV
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import pack
from bot.contacts.card import display_phone
from bot.days import day
from bot.followups.drafts import DraftKind
from bot.followups.policy import SnoozeOption
from bot.followups.wording import CHANNEL_DONE, CHANNEL_LABELS, linkedin_url, telegram_url
from bot.formatting import clip, esc
from bot.i18n import N_, Texts
from storage.contacts import Contact
from storage.interactions import Interaction
from storage.kinds import InteractionKind, ReminderKind

PREFIX = "fu"
SNOOZE_LABELS: dict[SnoozeOption, str] = {
    SnoozeOption.TOMORROW: N_("Tomorrow"),
    SnoozeOption.THREE_DAYS: N_("In 3 days"),
    SnoozeOption.NEXT_WEEK: N_("Next week"),
}
DRAFT_LABELS: dict[DraftKind, str] = {
    DraftKind.MESSAGE: N_("💬 Message"),
    DraftKind.EMAIL: N_("✉️ E-mail"),
    DraftKind.PHONE: N_("📞 Call script"),
}


@dataclass(frozen=True, slots=True)
class Rendered:
    text: str
    markup: InlineKeyboardMarkup | None


def who_line(contact: Contact, *, name_limit: int = 120, part_limit: int = 120) -> str:
    """ "Maria Rossi — HR manager @ Acme" (escaped), the name and the role and company cut."""
    work = " @ ".join(clip(part, part_limit) for part in (contact.role, contact.company) if part)
    name = f"<b>{esc(clip(contact.name, name_limit))}</b>"
    return f"{name} — {esc(work)}" if work else name


def met_line(t: Texts, contact: Contact, *, today: date) -> str | None:
    place = contact.event_name or contact.met_where
    met_on = day(t, contact.met_on, today=today) if contact.met_on else None
    if place and met_on:
        return t._("📍 Met at {place}, {day}", place=esc(clip(place, 150)), day=met_on)
    if place:
        return t._("📍 Met at {place}", place=esc(clip(place, 150)))
    if met_on:
        return t._("📍 Met: {day}", day=met_on)
    return None


def reach_line(contact: Contact) -> str | None:
    parts = [*contact.emails[:2], *(display_phone(p) for p in contact.phones[:2])]
    if contact.telegram_username:
        parts.append("@" + contact.telegram_username.removeprefix("@"))
    return "📇 " + esc(" · ".join(clip(p, 80) for p in parts)) if parts else None


def nudge_text(
    t: Texts,
    kind: ReminderKind,
    contact: Contact,
    last: Interaction | None = None,
    *,
    today: date,
) -> str:
    name = esc(clip(contact.name, 120))
    if kind == ReminderKind.KEEP_IN_TOUCH:
        title = t._("🔁 Time to get back in touch with {name}", name=name)
    else:
        title = t._("🔔 Time to follow up with {name}", name=name)
    lines = [title, "", who_line(contact)]
    lines += [line for line in (met_line(t, contact, today=today), reach_line(contact)) if line]
    if contact.notes:
        lines.append(t._("📝 Your notes: {notes}", notes=esc(clip(contact.notes, 600))))
    if last is not None:
        lines.append(
            t._(
                "Last contact: {day}, {channel}.",
                day=day(t, last.happened_at.date(), today=today),
                channel=t._(CHANNEL_DONE.get(last.kind, CHANNEL_DONE[InteractionKind.MESSAGE])),
            )
        )
    return "\n".join(lines)


def nudge_keyboard(
    t: Texts, reminder_id: int, contact: Contact, *, has_cv: bool
) -> InlineKeyboardMarkup:
    rows = [
        [
            InlineKeyboardButton(t._("✅ Done"), callback_data=pack(PREFIX, "done", reminder_id)),
            InlineKeyboardButton(t._("✍️ Draft"), callback_data=pack(PREFIX, "draft", reminder_id)),
        ],
        [
            InlineKeyboardButton(
                t._("💤 Snooze"), callback_data=pack(PREFIX, "snooze", reminder_id)
            ),
            InlineKeyboardButton(t._("⏭ Skip"), callback_data=pack(PREFIX, "skip", reminder_id)),
        ],
    ]
    third = [
        InlineKeyboardButton(t._("📇 Open card"), callback_data=pack("ct", "open", contact.id))
    ]
    if has_cv:
        third.append(
            InlineKeyboardButton(t._("📄 Send me my CV"), callback_data=pack("cv", "send"))
        )
    rows.append(third)
    links = []
    if url := telegram_url(contact.telegram_username):
        links.append(InlineKeyboardButton(t._("💬 Telegram"), url=url))
    if url := linkedin_url(contact.linkedin_url):
        links.append(InlineKeyboardButton("💼 LinkedIn", url=url))
    if links:
        rows.append(links)
    return InlineKeyboardMarkup(rows)


def render_nudge(
    t: Texts,
    reminder_id: int,
    kind: ReminderKind,
    contact: Contact,
    *,
    today: date,
    last: Interaction | None = None,
    has_cv: bool = False,
) -> Rendered:
    return Rendered(
        nudge_text(t, kind, contact, last, today=today),
        nudge_keyboard(t, reminder_id, contact, has_cv=has_cv),
    )


def _back(t: Texts, reminder_id: int) -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(t._("« Back"), callback_data=pack(PREFIX, "back", reminder_id))]


def done_keyboard(t: Texts, reminder_id: int) -> InlineKeyboardMarkup:
    """How the follow-up was done: each choice logs an interaction of that kind."""
    buttons = [
        InlineKeyboardButton(t._(label), callback_data=pack(PREFIX, "by", reminder_id, channel))
        for channel, label in CHANNEL_LABELS.items()
    ]
    return InlineKeyboardMarkup([buttons[:2], buttons[2:], _back(t, reminder_id)])


def draft_keyboard(t: Texts, reminder_id: int) -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(t._(label), callback_data=pack(PREFIX, "dr", reminder_id, kind.value))
        for kind, label in DRAFT_LABELS.items()
    ]
    return InlineKeyboardMarkup([buttons, _back(t, reminder_id)])


def snooze_keyboard(t: Texts, reminder_id: int) -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(t._(label), callback_data=pack(PREFIX, "sz", reminder_id, opt.value))
        for opt, label in SNOOZE_LABELS.items()
    ]
    return InlineKeyboardMarkup([buttons, _back(t, reminder_id)])
