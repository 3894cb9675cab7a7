"""The sweeper of event days: users are checked in on the first day of the events they
planned, and out of an event once its last day is over.

At the user's preferred time on the first day (or as soon as it is daytime, if the bot was
down), the user is checked in and told so. An event already over by then is only
un-planned. Checking out of an ended event is silent: its summary comes as for any ended
event (bot.followups.ended_events).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from telegram import Bot
from telegram.error import Forbidden, TelegramError

from bot.events.actions import leave_ended, start_planned
from bot.events.wording import check_out_button, day_of_text
from bot.followups.event_messages import render_summary
from bot.followups.policy import is_daytime, local_today, user_schedule
from bot.i18n import pick_language, texts
from bot.services import Services

log = logging.getLogger(__name__)


async def sweep_event_days(services: Services, bot: Bot) -> int:
    """Check users out of events that are over and in to those that start today; how many
    were checked in."""
    repos, now = services.repos, services.clock.now()
    for event in await repos.events.current_and_over(now.date()):
        user = await repos.users.get(event.owner_id)
        if user is not None and local_today(now, user.timezone) > (
            event.ends_on or event.starts_on or now.date()
        ):
            await leave_ended(repos, services.clock, user, event)
    started = 0
    # The first day is local: look one UTC day ahead, and decide in the user's zone.
    for event in await repos.events.planned_starting_by(now.date() + timedelta(days=1)):
        user = await repos.users.get(event.owner_id)
        if user is None or user.blocked or event.starts_on is None:
            continue
        schedule = user_schedule(user)
        local = now.astimezone(schedule.zone)
        today = local.date()
        if event.starts_on > today:
            continue
        if (event.ends_on or event.starts_on) < today:
            await repos.events.unplan(user.id, event.id)  # missed while the bot was down
            continue
        if not is_daytime(local) or (
            event.starts_on == today and local.time() < schedule.preferred_time
        ):
            continue
        checked = await start_planned(repos, services.clock, user, event)
        t = texts(pick_language(user.language, user.telegram_language))
        await services.pacer.wait()
        try:
            await bot.send_message(
                user.id,
                day_of_text(t, checked, today=today),
                reply_markup=check_out_button(t, event.id),
            )
            if (left := checked.left) is not None and left.total:
                # Checked out of another event to come here: its "follow up with all" too,
                # as a check-out by hand shows it (its summary counts as sent).
                summary = render_summary(t, left.event, list(left.people), left.total)
                await services.pacer.wait()
                await bot.send_message(user.id, summary.text, reply_markup=summary.markup)
        except Forbidden:
            await repos.users.set_blocked(user.id, now)
        except TelegramError:
            log.warning("could not tell user %s about event %s", user.id, event.id, exc_info=True)
        started += 1
    return started
