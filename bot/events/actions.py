"""Event use-cases: check in (now, or planned for the first day), switch, check out.

Contacts added while checked in are tagged with the event. Checking in somewhere else
checks out of the current event first, and says so. An event whose first day is ahead is
*planned*: the prep checklist comes the day before, and the check-in on the day itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from bot.clock import Clock
from bot.events.parsing import EventInput
from bot.followups.actions import schedule_event_prep, today_for
from bot.services import Repos
from storage.contacts import Contact
from storage.events import Event
from storage.users import User

SUMMARY_PEOPLE = 40


@dataclass(frozen=True, slots=True)
class CheckedOut:
    event: Event
    people: tuple[Contact, ...]  # the first SUMMARY_PEOPLE met there
    total: int


@dataclass(frozen=True, slots=True)
class CheckedIn:
    event: Event
    left: CheckedOut | None  # the event checked out of to check in here
    planned: bool  # ahead: checked in on its first day
    prep_on: date | None  # the day the prep checklist comes


async def current_event(repos: Repos, user: User) -> Event | None:
    fresh = await repos.users.get(user.id)
    if fresh is None or fresh.current_event_id is None:
        return None
    return await repos.events.get(user.id, fresh.current_event_id)


async def _check_out(repos: Repos, clock: Clock, user: User, event: Event) -> CheckedOut:
    """Out of `event`; its summary is shown now (so none is planned for later)."""
    now = clock.now()
    await repos.users.set_current_event(user.id, None)
    await repos.events.mark_checked_out(user.id, event.id, now)
    if event.contact_count:
        await repos.events.mark_summary_sent(user.id, event.id, now)
    people = await repos.contacts.page(user.id, offset=0, limit=SUMMARY_PEOPLE, event_id=event.id)
    return CheckedOut(event, tuple(people), event.contact_count)


async def _enter(repos: Repos, clock: Clock, user: User, event_id: int) -> CheckedOut | None:
    """Check in to `event_id`, out of the current event if it is another one."""
    current = await current_event(repos, user)
    left = None
    if current is not None and current.id != event_id:
        left = await _check_out(repos, clock, user, current)
    await repos.events.mark_checked_in(user.id, event_id, clock.now())
    await repos.users.set_current_event(user.id, event_id)
    return left


async def check_in_new(repos: Repos, clock: Clock, user: User, info: EventInput) -> CheckedIn:
    """A new event from one typed line: checked in now, or planned when it is ahead."""
    today = today_for(clock, user)
    ahead = info.starts_on is not None and info.starts_on > today
    async with repos.db.transaction():
        event_id = await repos.events.create(
            user.id,
            info.name,
            place=info.place,
            starts_on=info.starts_on,
            ends_on=info.ends_on,
            planned=ahead,
        )
        left = None if ahead else await _enter(repos, clock, user, event_id)
        prep_on = None
        starts = info.starts_on
        if ahead and starts and await schedule_event_prep(repos, clock, user, event_id, starts):
            prep_on = starts - timedelta(days=1)
        event = await repos.events.get(user.id, event_id)
    assert event is not None
    return CheckedIn(event, left, ahead, prep_on)


async def check_in(repos: Repos, clock: Clock, user: User, event_id: int) -> CheckedIn | None:
    """Check in to one of the user's events (a button); None when it is not theirs."""
    async with repos.db.transaction():
        if await repos.events.get(user.id, event_id) is None:
            return None
        left = await _enter(repos, clock, user, event_id)
        event = await repos.events.get(user.id, event_id)
    assert event is not None
    return CheckedIn(event, left, False, None)


async def check_out(repos: Repos, clock: Clock, user: User, event_id: int) -> CheckedOut | None:
    """Out of the current event; None when the user is not checked in to `event_id`."""
    async with repos.db.transaction():
        current = await current_event(repos, user)
        if current is None or current.id != event_id:
            return None
        return await _check_out(repos, clock, user, current)


async def leave_ended(repos: Repos, clock: Clock, user: User, event: Event) -> None:
    """The last day of the event the user is checked in to is over: check them out (its
    summary comes as for any event that ended, bot.followups.ended_events)."""
    async with repos.db.transaction():
        current = await current_event(repos, user)
        if current is not None and current.id == event.id:
            await repos.users.set_current_event(user.id, None)
            await repos.events.mark_checked_out(user.id, event.id, clock.now())


async def start_planned(repos: Repos, clock: Clock, user: User, event: Event) -> CheckedIn:
    """The first day of a planned event has come: check the user in."""
    async with repos.db.transaction():
        left = await _enter(repos, clock, user, event.id)
        fresh = await repos.events.get(user.id, event.id)
    assert fresh is not None
    return CheckedIn(fresh, left, False, None)
