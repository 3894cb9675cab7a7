"""A nudge's buttons (callback prefix `fu:`, see bot.followups.nudge): done, draft, snooze,
skip, and a nudge shown again from /followups. Every id from a button is looked up scoped by
the presser; anything stale or forged is answered "This button has expired."
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import InlineKeyboardMarkup, Update

from bot.callbacks import int_arg, unpack
from bot.context import ReteContext
from bot.days import moment
from bot.followups import actions
from bot.followups.actions import OpenNudge
from bot.followups.drafts import DraftKind, compose_draft
from bot.followups.nudge import (
    done_keyboard,
    draft_keyboard,
    nudge_keyboard,
    nudge_text,
    render_nudge,
    snooze_keyboard,
)
from bot.followups.policy import SnoozeOption, snooze_until, user_schedule
from bot.followups.wording import CHANNEL_DONE
from bot.formatting import clip, esc
from handlers.common import expired, profile, safe_edit, send, user_today
from storage.kinds import InteractionKind

Action = Callable[[Update, ReteContext, OpenNudge, str | None], Awaitable[None]]


async def _markup(update: Update, markup: InlineKeyboardMarkup | None) -> None:
    assert update.callback_query
    await safe_edit(update.callback_query.edit_message_reply_markup(markup))


async def _close(update: Update, context: ReteContext, nudge: OpenNudge, line: str) -> None:
    """The nudge's text with how it ended, buttons gone."""
    assert update.callback_query
    text = nudge_text(context.texts, nudge.reminder.kind, nudge.contact, today=user_today(context))
    await safe_edit(update.callback_query.edit_message_text(f"{text}\n\n{line}"))


def _nudge_buttons(context: ReteContext, nudge: OpenNudge) -> InlineKeyboardMarkup:
    has_cv = profile(context).cv_file_id is not None
    return nudge_keyboard(context.texts, nudge.reminder.id, nudge.contact, has_cv=has_cv)


async def show_choices(
    update: Update, context: ReteContext, nudge: OpenNudge, arg: str | None
) -> None:
    """Done / Draft / Snooze open their sub-menu; Back restores the nudge's buttons."""
    assert update.callback_query and update.callback_query.data
    t, rid = context.texts, nudge.reminder.id
    menus = {"done": done_keyboard, "draft": draft_keyboard, "snooze": snooze_keyboard}
    menu = menus.get(unpack(update.callback_query.data)[1])
    await update.callback_query.answer()
    await _markup(update, menu(t, rid) if menu else _nudge_buttons(context, nudge))


async def mark_done(
    update: Update, context: ReteContext, nudge: OpenNudge, arg: str | None
) -> None:
    assert update.callback_query
    t, services = context.texts, context.services
    if arg not in {k.value for k in CHANNEL_DONE if k != InteractionKind.NOTE}:
        await expired(update, context)
        return
    channel = InteractionKind(arg)
    done = await actions.mark_done(
        services.repos, services.clock, profile(context), nudge.reminder.id, channel
    )
    if done is None:
        await expired(update, context)
        return
    await update.callback_query.answer(t._("Well done!"))
    await _close(
        update, context, done, t._("✅ Followed up {channel}.", channel=t._(CHANNEL_DONE[channel]))
    )


async def send_draft(
    update: Update, context: ReteContext, nudge: OpenNudge, kind: str | None
) -> None:
    query = update.callback_query
    assert query and update.effective_user
    t = context.texts
    if kind not in {k.value for k in DraftKind}:
        await expired(update, context)
        return
    contact = nudge.contact
    draft = compose_draft(t, DraftKind(kind), contact, update.effective_user.first_name)
    name = esc(clip(contact.name, 120))
    titles = {
        DraftKind.MESSAGE: t._("✍️ Message for {name} (tap the text to copy it):", name=name),
        DraftKind.EMAIL: t._("✍️ E-mail for {name} (tap the text to copy it):", name=name),
        DraftKind.PHONE: t._("📞 Call script for {name}:", name=name),
    }
    lines = []
    if contact.notes:
        # A reminder to the user, above the draft; never inside it.
        lines += [
            t._("📝 Your notes (not in the draft): {notes}", notes=esc(clip(contact.notes, 600))),
            "",
        ]
    lines += [titles[draft.kind], ""]
    if draft.subject:
        lines.append(t._("Subject: {subject}", subject=f"<code>{esc(draft.subject)}</code>"))
    lines.append(f"<pre>{esc(draft.body)}</pre>")
    await query.answer()
    await send(update, context, "\n".join(lines))
    await _markup(update, _nudge_buttons(context, nudge))


async def snooze(
    update: Update, context: ReteContext, nudge: OpenNudge, option: str | None
) -> None:
    assert update.callback_query
    t, services, user = context.texts, context.services, profile(context)
    if option not in {o.value for o in SnoozeOption}:
        await expired(update, context)
        return
    result = await actions.snooze(
        services.repos, services.clock, user, nudge.reminder.id, SnoozeOption(option)
    )
    if result is None:
        await expired(update, context)
        return
    snoozed, due = result
    await update.callback_query.answer()
    schedule = user_schedule(user)
    local = due.astimezone(schedule.zone)
    when = moment(t, local, today=user_today(context))
    unshifted = snooze_until(
        SnoozeOption(option), services.clock.now(), schedule.without_weekend_shift()
    )
    if unshifted != due:  # "tomorrow" on a Friday: say why it is Monday
        when += " " + t._("(weekends move to Monday: see /settings)")
    await _close(
        update, context, snoozed, t._("💤 Snoozed: I'll remind you on {moment}.", moment=when)
    )


async def skip(update: Update, context: ReteContext, nudge: OpenNudge, arg: str | None) -> None:
    assert update.callback_query
    skipped = await actions.skip(context.repos, profile(context), nudge.reminder.id)
    if skipped is None:
        await expired(update, context)
        return
    await update.callback_query.answer()
    await _close(update, context, skipped, context.texts._("⏭ Skipped."))


async def show_nudge(
    update: Update, context: ReteContext, nudge: OpenNudge, arg: str | None
) -> None:
    """A nudge from the /followups list, with its buttons, as a message of its own."""
    assert update.callback_query
    user = profile(context)
    last = await context.repos.interactions.for_contact(user.id, nudge.contact.id, limit=1)
    rendered = render_nudge(
        context.texts,
        nudge.reminder.id,
        nudge.reminder.kind,
        nudge.contact,
        today=user_today(context),
        last=last[0] if last else None,
        has_cv=user.cv_file_id is not None,
    )
    await update.callback_query.answer()
    await send(update, context, rendered.text, rendered.markup)


NUDGE_ACTIONS: dict[str, Action] = {
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


async def on_nudge_button(update: Update, context: ReteContext, parts: list[str]) -> None:
    action = parts[1] if len(parts) > 1 else ""
    handler = NUDGE_ACTIONS.get(action)
    reminder_id = int_arg(parts, 2)
    nudge = None
    if handler is not None and reminder_id is not None:
        nudge = await actions.find_nudge(context.repos, profile(context), reminder_id)
    if handler is None or nudge is None:
        await expired(update, context)
        return
    await handler(update, context, nudge, parts[3] if len(parts) > 3 else None)
