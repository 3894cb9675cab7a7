"""Events whose end date has passed get their "You met N people" summary planned once.

Checking out of an event shows its summary at once (bot.events.actions); this catches the
events nobody checked out of (an event with a start and no end is over after its day).
"""

from __future__ import annotations

from bot.followups.actions import schedule_event_summary
from bot.services import Services


async def plan_summaries_of_ended_events(services: Services) -> int:
    """Plan the summary of every event whose last day is over (in UTC) and has none yet.

    The summary then waits for the user's daytime like any reminder.
    """
    cutoff = services.clock.now().date()
    planned = 0
    for event in await services.repos.events.ended_without_summary(cutoff):
        user = await services.repos.users.get(event.owner_id)
        if user is not None:
            await schedule_event_summary(services.repos, services.clock, user, event.id)
            planned += 1
    return planned
