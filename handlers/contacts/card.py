"""The contact card and its buttons (callback prefix `ct:`).

`ct:open:<id>` opens a card as a new message; other features send exactly this button.
Every id from a button is looked up scoped by the presser: another user's id, a deleted
contact or a forged button gets "This button has expired." and changes nothing.
"""

from __future__ import annotations

from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.callbacks import int_arg, unpack
from bot.contacts import actions
from bot.contacts.card import card
from bot.contacts.wording import INTERACTION_LABELS, STAGE_LABELS
from bot.context import ReteContext
from bot.days import shifted_day
from bot.followups import actions as followups
from bot.followups.cadence import CADENCE_LABELS
from bot.followups.choices import FollowupChoice, FollowupKind, valid_days
from bot.followups.policy import user_schedule
from bot.followups.wording import followup_labels
from bot.formatting import clip, esc
from bot.i18n import Texts
from handlers.common import expired, pressed_contact, profile, safe_edit, user_today
from handlers.contacts.listing import ct
from storage.contacts import Contact
from storage.kinds import Cadence, ContactStage, InteractionKind

LOGGABLE = (
    InteractionKind.MESSAGE,
    InteractionKind.EMAIL,
    InteractionKind.PHONE,
    InteractionKind.IN_PERSON,
)
STAGES = tuple(ContactStage)


async def render_card(
    context: ReteContext, contact_id: int
) -> tuple[str, InlineKeyboardMarkup] | None:
    user, t = profile(context), context.texts
    data = await actions.open_card(context.repos, user, contact_id)
    if data is None:
        return None
    zone = user_schedule(user).zone
    text = card(
        t,
        data.contact,
        next_followup=data.next_followup.astimezone(zone) if data.next_followup else None,
        interactions=data.interactions,
        today=user_today(context),
    )
    return text, card_keyboard(t, contact_id)


def card_keyboard(t: Texts, contact_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                ct(t._("✏️ Edit"), "edit", contact_id),
                ct(t._("💬 Log interaction"), "log", contact_id),
            ],
            [ct(t._("🔔 Follow-up date"), "fu", contact_id), ct(t._("📈 Stage"), "st", contact_id)],
            [
                ct(t._("🔁 Keep in touch"), "kit", contact_id),
                ct(t._("🗑 Delete"), "del", contact_id),
            ],
            [ct(t._("📇 All contacts"), "pg", 0, 0)],
        ]
    )


async def show_card_here(
    update: Update, context: ReteContext, contact_id: int, note: str = ""
) -> None:
    """Re-draw the card in the message whose button was pressed."""
    query = update.callback_query
    assert query
    rendered = await render_card(context, contact_id)
    if rendered is None:
        await safe_edit(query.edit_message_text(context.texts._("This contact no longer exists.")))
        return
    text, markup = rendered
    if note:
        text = f"<i>{esc(note)}</i>\n{text}"
    await safe_edit(query.edit_message_text(text, reply_markup=markup))


async def open_card(update: Update, context: ReteContext) -> None:
    query = update.callback_query
    assert query and update.effective_chat
    contact = await pressed_contact(update, context, parts=3)
    rendered = await render_card(context, contact.id) if contact else None
    if rendered is None:
        return
    await query.answer()
    await context.bot.send_message(update.effective_chat.id, rendered[0], reply_markup=rendered[1])


async def back_to_card(update: Update, context: ReteContext) -> None:
    contact = await pressed_contact(update, context, parts=3)
    if contact is None:
        return
    assert update.callback_query
    await update.callback_query.answer()
    await show_card_here(update, context, contact.id)


def _choices(
    t: Texts, action: str, contact: Contact, context: ReteContext
) -> tuple[str, list[InlineKeyboardButton]]:
    cid = contact.id
    name = f"<b>{esc(clip(contact.name, 200))}</b>"
    user = profile(context)
    if action == "log":
        text = t._("How were you in touch with {name}?", name=name)
        return text, [ct(t._(INTERACTION_LABELS[k]), "lg", cid, k) for k in LOGGABLE]
    if action == "fu":
        text = t._("When shall I remind you to follow up with {name}?", name=name)
        choices = followup_labels(
            t,
            today=user_today(context),
            default_days=user.followup_days,
            weekend_shift=user.weekend_shift,
        )
        options = [ct(label, "fud", cid, days) for days, label in choices]
        options += [ct(t._("📅 Pick a date"), "fupick", cid), ct(t._("No follow-up"), "fun", cid)]
        return text, options
    if action == "st":
        text = t._("Where are you with {name}?", name=name)
        return text, [
            ct(("▶ " if s == contact.stage else "") + t._(STAGE_LABELS[s]), "sts", cid, i)
            for i, s in enumerate(STAGES)
        ]
    if action == "kit":
        text = t._("How often shall I remind you to keep in touch with {name}?", name=name)
        return text, [
            ct(("▶ " if c == contact.cadence else "") + t._(CADENCE_LABELS[c]), "kits", cid, c)
            for c in Cadence
        ]
    text = t._("Delete {name} and their reminders? This cannot be undone.", name=name)
    return text, [ct(t._("🗑 Yes, delete"), "delok", cid)]


async def submenu(update: Update, context: ReteContext) -> None:
    """Log interaction / Follow-up date / Stage / Keep in touch / Delete: their choices."""
    query = update.callback_query
    assert query
    contact = await pressed_contact(update, context, parts=3)
    if contact is None:
        return
    parts = unpack(query.data)
    text, options = _choices(context.texts, parts[1], contact, context)
    width = 1 if parts[1] == "fu" else 2
    rows = [options[i : i + width] for i in range(0, len(options), width)]
    rows.append([ct(context.texts._("⬅️ Back"), "card", contact.id)])
    await query.answer()
    await safe_edit(query.edit_message_text(text, reply_markup=InlineKeyboardMarkup(rows)))


async def card_action(update: Update, context: ReteContext) -> None:
    """A choice from a submenu: applied, then the card is shown again."""
    query = update.callback_query
    assert query
    contact = await pressed_contact(update, context, parts=4)
    if contact is None:
        return
    parts = unpack(query.data)
    services, user, t = context.services, profile(context), context.texts
    repos, clock = services.repos, services.clock
    action, value, cid = parts[1], parts[3], contact.id
    if action == "lg" and value in {k.value for k in LOGGABLE}:
        kind = InteractionKind(value)
        await followups.log_interaction(repos, clock, user, cid, kind)
        note = t._("Logged: {kind}.", kind=t._(INTERACTION_LABELS[kind]))
    elif action == "fud" and valid_days(days := int_arg(parts, 3), user.followup_days):
        choice = FollowupChoice(FollowupKind.DAYS, days=days)
        when = await followups.plan_followup(repos, clock, user, cid, choice)
        assert when is not None
        note = followup_note(context, when.wanted, when.day)
    elif action == "sts" and (index := int_arg(parts, 3)) is not None and index < len(STAGES):
        await actions.set_stage(repos, user, cid, STAGES[index])
        note = t._("Stage: {stage}.", stage=t._(STAGE_LABELS[STAGES[index]]))
    elif action == "kits" and value in {c.value for c in Cadence}:
        await followups.set_cadence(repos, clock, user, cid, Cadence(value))
        note = t._("Keep in touch: {cadence}.", cadence=t._(CADENCE_LABELS[value]).lower())
    else:
        await expired(update, context)
        return
    await query.answer()
    await show_card_here(update, context, cid, note)


def followup_note(context: ReteContext, wanted: date, day: date) -> str:
    t = context.texts
    return t._(
        "Follow-up moved to {date}.",
        date=shifted_day(t, wanted, day, today=user_today(context)),
    )


async def simple_action(update: Update, context: ReteContext) -> None:
    """No follow-up / confirmed delete."""
    query = update.callback_query
    assert query
    contact = await pressed_contact(update, context, parts=3)
    if contact is None:
        return
    parts = unpack(query.data)
    services, user, t = context.services, profile(context), context.texts
    if parts[1] == "fun":
        choice = FollowupChoice(FollowupKind.NONE)
        await followups.plan_followup(services.repos, services.clock, user, contact.id, choice)
        await query.answer()
        await show_card_here(update, context, contact.id, t._("No follow-up planned."))
        return
    deleted = await actions.delete_contact(services.repos, user, contact.id)
    if deleted is None:
        await expired(update, context)
        return
    await query.answer()
    name = f"<b>{esc(clip(deleted.name, 200))}</b>"
    await safe_edit(query.edit_message_text(t._("Deleted: {name}.", name=name)))
