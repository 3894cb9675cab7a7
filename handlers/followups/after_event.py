"""The buttons under an event's summary: follow up with everyone met there, or choose whom
(`fu:all`, `fu:pick`, `fu:one`, `fu:picked` with the event's id)."""

from __future__ import annotations

from telegram import Update

from bot.callbacks import int_arg
from bot.context import ReteContext
from bot.days import day
from bot.followups import actions
from bot.followups.event_messages import pick_keyboard, render_summary
from bot.formatting import clip, esc
from handlers.common import expired, profile, safe_edit, user_today


async def on_event_button(update: Update, context: ReteContext, parts: list[str]) -> None:
    query = update.callback_query
    assert query
    t, services, user = context.texts, context.services, profile(context)
    repos, clock = services.repos, services.clock
    action, event_id = parts[1], int_arg(parts, 2)
    if event_id is None:
        await expired(update, context)
        return
    today = user_today(context)
    if action == "one":
        contact_id = int_arg(parts, 3)
        if contact_id is None:
            await expired(update, context)
            return
        result = await actions.plan_event_followups(repos, clock, user, event_id, [contact_id])
        if result is None:
            await expired(update, context)
            return
        if result.planned:
            await query.answer(
                t._("Follow-up planned: {day}.", day=day(t, result.planned[0][1], today=today))
            )
        else:
            await query.answer(t._("A follow-up is already planned."))
    elif action == "all":
        result = await actions.plan_event_followups(repos, clock, user, event_id)
        if result is None:
            await expired(update, context)
            return
        await query.answer()
        if result.planned:
            line = t.ngettext(
                "✅ Follow-up planned for {n} person not followed up yet: {day}.",
                "✅ Follow-ups planned for the {n} people not followed up yet: {day}.",
                len(result.planned),
                day=day(t, result.planned[0][1], today=today),
            )
        else:
            line = t._("Every one of them is already followed up or has a follow-up planned.")
        everyone = await actions.event_people(repos, user, event_id) or []
        summary = render_summary(t, result.event, everyone, result.event.contact_count)
        await safe_edit(query.edit_message_text(summary.text + "\n\n" + line))
        return
    elif action == "picked":
        await _picked(update, context, event_id)
        return
    elif action != "pick":
        await expired(update, context)
        return
    else:
        await query.answer()
    people = await actions.event_people(repos, user, event_id)
    if people is None:
        await expired(update, context)
        return
    planned = {c.id for c in people if await repos.reminders.has_open_followup(user.id, c.id)}
    await safe_edit(query.edit_message_reply_markup(pick_keyboard(t, event_id, people, planned)))


async def _picked(update: Update, context: ReteContext, event_id: int) -> None:
    """The end of "Choose": say what is scheduled, buttons gone."""
    query = update.callback_query
    assert query
    t, repos, user = context.texts, context.repos, profile(context)
    people = await actions.event_people(repos, user, event_id)
    if people is None:
        await expired(update, context)
        return
    await query.answer()
    planned = [c for c in people if await repos.reminders.has_open_followup(user.id, c.id)]
    if planned:
        names = ", ".join(esc(clip(c.name, 60)) for c in planned[:20])
        line = t.ngettext(
            "✅ Follow-up planned with {n} person: {names}.",
            "✅ Follow-ups planned with {n} people: {names}.",
            len(planned),
            names=names,
        )
    else:
        line = t._("No follow-up planned for the people met there.")
    await safe_edit(query.edit_message_text(line + "\n" + t._("/followups lists what is due.")))
