"""Follow-up nudges: the delivery sweeper, the nudge buttons, /followups, event summaries.

Callback prefix `fu:` (see bot.followups.nudge and bot.followups.event_messages) and the
/start menu's `menu:followups`. Every id from a button is looked up scoped by the presser;
anything stale or forged is answered "This button has expired." and changes nothing.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, time, timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from bot.callbacks import int_arg, pack, unpack
from bot.context import ReteApplication, ReteContext
from bot.followups import service
from bot.followups.drafts import DraftKind, compose_draft
from bot.followups.event_messages import pick_keyboard, render_summary
from bot.followups.nudge import (
    PREFIX,
    done_keyboard,
    draft_keyboard,
    nudge_keyboard,
    nudge_text,
    render_nudge,
    snooze_keyboard,
)
from bot.followups.policy import SnoozeOption, snooze_until
from bot.followups.wording import CHANNEL_DONE, moment_text
from bot.formatting import clip, esc
from storage.contacts import Contact
from storage.kinds import InteractionKind, ReminderStatus
from storage.reminders import Reminder
from storage.users import User

log = logging.getLogger(__name__)

NUDGE_KINDS = ("followup", "keep_in_touch")
ACTIONABLE = ("pending", "claimed", "sent")
LIST_LIMIT = 30


# ---- helpers ----------------------------------------------------------------------------------
async def expired(update: Update, context: ReteContext) -> None:
    assert update.callback_query
    await update.callback_query.answer(context.texts._("This button has expired."))


async def edit_markup(update: Update, markup: InlineKeyboardMarkup | None) -> None:
    assert update.callback_query
    try:
        await update.callback_query.edit_message_reply_markup(markup)
    except BadRequest as exc:
        if "not modified" not in exc.message.lower():
            raise


async def edit_text(update: Update, text: str, markup: InlineKeyboardMarkup | None) -> None:
    assert update.callback_query
    try:
        await update.callback_query.edit_message_text(text, reply_markup=markup)
    except BadRequest as exc:
        if "not modified" not in exc.message.lower():
            raise


def local_moment(user: User, moment: datetime) -> datetime:
    return moment.astimezone(service.user_schedule(user).zone)


async def open_nudge(
    context: ReteContext, user: User, reminder_id: int | None
) -> tuple[Reminder, Contact] | None:
    """The presser's own nudge, still open, and its contact; None when stale or forged."""
    if reminder_id is None:
        return None
    services = context.services
    reminder = await services.repos.reminders.get(user.id, reminder_id)
    if (
        reminder is None
        or reminder.kind not in NUDGE_KINDS
        or reminder.status not in ACTIONABLE
        or reminder.contact_id is None
    ):
        return None
    contact = await services.repos.contacts.get(user.id, reminder.contact_id)
    return None if contact is None else (reminder, contact)


# ---- nudge buttons ----------------------------------------------------------------------------
async def on_button(update: Update, context: ReteContext) -> None:
    query = update.callback_query
    assert query
    user = context.profile
    parts = unpack(query.data)
    action = parts[1] if len(parts) > 1 else ""
    if user is None:
        await expired(update, context)
        return
    if action in ("all", "pick", "one"):
        await on_event_button(update, context, user, action, parts)
        return
    handler = _NUDGE_ACTIONS.get(action)
    found = await open_nudge(context, user, int_arg(parts, 2))
    if handler is None or found is None:
        await expired(update, context)
        return
    reminder, contact = found
    await handler(update, context, user, reminder, contact, parts[3] if len(parts) > 3 else None)


async def show_choices(
    update: Update,
    context: ReteContext,
    user: User,
    reminder: Reminder,
    contact: Contact,
    arg: str | None,
) -> None:
    """Done / Draft / Snooze open their sub-menu; Back restores the nudge's buttons."""
    assert update.callback_query and update.callback_query.data
    t = context.texts
    action = unpack(update.callback_query.data)[1]
    markup = {
        "done": done_keyboard,
        "draft": draft_keyboard,
        "snooze": snooze_keyboard,
    }.get(action)
    await update.callback_query.answer()
    if markup is not None:
        await edit_markup(update, markup(t, reminder.id))
    else:
        await edit_markup(
            update, nudge_keyboard(t, reminder.id, contact, has_cv=user.cv_file_id is not None)
        )


async def closed_text(context: ReteContext, reminder: Reminder, contact: Contact, line: str) -> str:
    """The nudge's text with how it ended, buttons gone."""
    return nudge_text(context.texts, reminder.kind, contact) + "\n\n" + line


async def mark_done(
    update: Update,
    context: ReteContext,
    user: User,
    reminder: Reminder,
    contact: Contact,
    channel: str | None,
) -> None:
    assert update.callback_query
    t, services = context.texts, context.services
    if channel not in CHANNEL_DONE:
        await expired(update, context)
        return
    await service.log_interaction(services, user, contact.id, InteractionKind(channel))
    await services.repos.reminders.close_open_followups(user.id, contact.id, ReminderStatus.DONE)
    await services.repos.reminders.set_status(user.id, reminder.id, ReminderStatus.DONE)
    await update.callback_query.answer(t._("Well done!"))
    line = t._("✅ Followed up {channel}.", channel=t._(CHANNEL_DONE[channel]))
    await edit_text(update, await closed_text(context, reminder, contact, line), None)


async def send_draft(
    update: Update,
    context: ReteContext,
    user: User,
    reminder: Reminder,
    contact: Contact,
    kind: str | None,
) -> None:
    query = update.callback_query
    assert query and update.effective_user
    t = context.texts
    if kind not in {k.value for k in DraftKind}:
        await expired(update, context)
        return
    draft = compose_draft(t, DraftKind(kind), contact, update.effective_user.first_name)
    name = esc(clip(contact.name, 120))
    titles = {
        DraftKind.MESSAGE: t._("✍️ Message for {name} (tap the text to copy it):", name=name),
        DraftKind.EMAIL: t._("✍️ E-mail for {name} (tap the text to copy it):", name=name),
        DraftKind.PHONE: t._("📞 Call script for {name}:", name=name),
    }
    lines = [titles[draft.kind], ""]
    if draft.subject:
        subject = "<code>" + esc(draft.subject) + "</code>"
        lines.append(t._("Subject: {subject}", subject=subject))
    lines.append(f"<pre>{esc(draft.body)}</pre>")
    await query.answer()
    await context.bot.send_message(user.id, "\n".join(lines))
    await edit_markup(
        update, nudge_keyboard(t, reminder.id, contact, has_cv=user.cv_file_id is not None)
    )


async def snooze(
    update: Update,
    context: ReteContext,
    user: User,
    reminder: Reminder,
    contact: Contact,
    option: str | None,
) -> None:
    assert update.callback_query
    t, services = context.texts, context.services
    if option not in {o.value for o in SnoozeOption}:
        await expired(update, context)
        return
    due = snooze_until(SnoozeOption(option), services.clock.now(), service.user_schedule(user))
    await services.repos.reminders.reschedule(user.id, reminder.id, due)
    await update.callback_query.answer()
    line = t._(
        "💤 Snoozed: I'll remind you on {moment}.", moment=moment_text(t, local_moment(user, due))
    )
    await edit_text(update, await closed_text(context, reminder, contact, line), None)


async def skip(
    update: Update,
    context: ReteContext,
    user: User,
    reminder: Reminder,
    contact: Contact,
    arg: str | None,
) -> None:
    assert update.callback_query
    t = context.texts
    await context.services.repos.reminders.set_status(user.id, reminder.id, ReminderStatus.SKIPPED)
    await update.callback_query.answer()
    await edit_text(update, await closed_text(context, reminder, contact, t._("⏭ Skipped.")), None)


async def show_nudge(
    update: Update,
    context: ReteContext,
    user: User,
    reminder: Reminder,
    contact: Contact,
    arg: str | None,
) -> None:
    """A nudge from the /followups list, with its buttons, as a message of its own."""
    assert update.callback_query
    last = await context.services.repos.interactions.for_contact(user.id, contact.id, limit=1)
    rendered = render_nudge(
        context.texts,
        reminder.id,
        reminder.kind,
        contact,
        last=last[0] if last else None,
        has_cv=user.cv_file_id is not None,
    )
    await update.callback_query.answer()
    await context.bot.send_message(user.id, rendered.text, reply_markup=rendered.markup)


_NUDGE_ACTIONS = {
    "done": show_choices,
    "draft": show_choices,
    "snooze": show_choices,
    "back": show_choices,
    "by": mark_done,
    "dr": send_draft,
    "sz": snooze,
    "skip": skip,
    "show": show_nudge,
}


# ---- after an event ---------------------------------------------------------------------------
async def on_event_button(
    update: Update, context: ReteContext, user: User, action: str, parts: list[str]
) -> None:
    query = update.callback_query
    assert query
    t, services = context.texts, context.services
    event_id = int_arg(parts, 2)
    event = await services.repos.events.get(user.id, event_id) if event_id is not None else None
    if event is None:
        await expired(update, context)
        return
    contacts = await services.repos.contacts.page(user.id, offset=0, limit=200, event_id=event.id)
    if action == "one":
        contact_id = int_arg(parts, 3)
        chosen = [c for c in contacts if c.id == contact_id]
        if not chosen:
            await expired(update, context)
            return
        due = await plan_followup(context, user, chosen[0])
        await query.answer(
            t._("Follow-up planned for {moment}.", moment=moment_text(t, local_moment(user, due)))
            if due
            else t._("A follow-up is already planned.")
        )
    else:
        await query.answer()
    if action == "all":
        planned = [due for c in contacts if (due := await plan_followup(context, user, c))]
        if planned:
            line = t.ngettext(
                "✅ Follow-up planned for {n} person, the first on {moment}.",
                "✅ Follow-ups planned for {n} people, the first on {moment}.",
                len(planned),
                moment=moment_text(t, local_moment(user, min(planned))),
            )
        else:
            line = t._("Every one of them already has a follow-up planned.")
        summary = render_summary(t, event, contacts, event.contact_count)
        await edit_text(update, summary.text + "\n\n" + line, None)
        return
    planned_ids = {
        c.id for c in contacts if await services.repos.reminders.has_open_followup(user.id, c.id)
    }
    await edit_markup(update, pick_keyboard(t, event.id, contacts, planned_ids))


async def plan_followup(context: ReteContext, user: User, contact: Contact) -> datetime | None:
    """A follow-up in the user's default number of days, unless one is open or it was done."""
    services = context.services
    if contact.stage != "met" or await services.repos.reminders.has_open_followup(
        user.id, contact.id
    ):
        return None
    today = local_moment(user, services.clock.now()).date()
    reminder_id = await service.schedule_followup(
        services, user, contact.id, today, user.followup_days
    )
    reminder = await services.repos.reminders.get(user.id, reminder_id)
    return reminder.due_at if reminder else None


# ---- /followups -------------------------------------------------------------------------------
def _day_start(user: User, day_offset: int, now: datetime) -> datetime:
    zone = service.user_schedule(user).zone
    day = now.astimezone(zone).date() + timedelta(days=day_offset)
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


async def followups_overview(
    context: ReteContext, user: User
) -> tuple[str, InlineKeyboardMarkup | None]:
    t, services = context.texts, context.services
    now = services.clock.now()
    today, tomorrow, week_end = (_day_start(user, d, now) for d in (0, 1, 8))
    reminders = await services.repos.reminders.actionable_for_owner(user.id, until=week_end)
    sections: list[tuple[str, list[tuple[Reminder, Contact]]]] = [
        (t._("<b>⏰ Overdue</b>"), []),
        (t._("<b>📌 Today</b>"), []),
        (t._("<b>🗓 Next 7 days</b>"), []),
    ]
    for reminder in reminders:
        contact = (
            await services.repos.contacts.get(user.id, reminder.contact_id)
            if reminder.contact_id is not None
            else None
        )
        if contact is None:
            continue
        index = 0 if reminder.due_at < today else 1 if reminder.due_at < tomorrow else 2
        sections[index][1].append((reminder, contact))
    if not any(items for _, items in sections):
        return (
            t._(
                "Nothing to follow up in the next 7 days. When you save someone with /add, "
                "I'll remind you at the right time."
            ),
            None,
        )
    lines: list[str] = []
    buttons: list[list[InlineKeyboardButton]] = []
    number = 0
    for title, items in sections:
        if not items:
            continue
        lines += ["", title] if lines else [title]
        for reminder, contact in items:
            number += 1
            if number > LIST_LIMIT:
                break
            when = moment_text(t, local_moment(user, reminder.due_at))
            lines.append(f"{number}. {_short(contact)} · {when}")
            buttons.append(
                [
                    InlineKeyboardButton(
                        f"{number}. {clip(contact.name, 40)}",
                        callback_data=pack(PREFIX, "show", reminder.id),
                    )
                ]
            )
    total = sum(len(items) for _, items in sections)
    if total > LIST_LIMIT:
        lines.append(t.ngettext("…and {n} more.", "…and {n} more.", total - LIST_LIMIT))
    lines += ["", t._("Tap a name for its buttons: done, draft, snooze, skip.")]
    return "\n".join(lines), InlineKeyboardMarkup(buttons)


def _short(contact: Contact) -> str:
    company = f" ({esc(clip(contact.company, 60))})" if contact.company else ""
    return f"<b>{esc(clip(contact.name, 80))}</b>{company}"


async def followups_command(update: Update, context: ReteContext) -> None:
    message: Message | None = update.effective_message
    assert message
    if context.profile is None:
        return
    text, markup = await followups_overview(context, context.profile)
    await message.reply_text(text, reply_markup=markup)


async def followups_menu(update: Update, context: ReteContext) -> None:
    query = update.callback_query
    assert query
    if context.profile is None:
        await expired(update, context)
        return
    await query.answer()
    text, markup = await followups_overview(context, context.profile)
    await context.bot.send_message(context.profile.id, text, reply_markup=markup)


def register(app: ReteApplication) -> None:
    app.add_handler(
        CommandHandler("followups", followups_command, filters=filters.ChatType.PRIVATE)
    )
    app.add_handler(CallbackQueryHandler(followups_menu, pattern=r"^menu:followups$"))
    app.add_handler(CallbackQueryHandler(on_button, pattern=rf"^{PREFIX}:"))
