"""Follow-up use-cases: plan, move and close reminders, log interactions, keep in touch.

The reminders table is the only source of truth: these actions write the rows, the
delivery sweeper sends them. Each takes the repositories, the clock and the user, owns its
transaction and rules, and returns plain results; every read and write is scoped by owner.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from bot.clock import Clock
from bot.followups.cadence import next_keep_in_touch
from bot.followups.choices import FollowupChoice, FollowupDay, followup_day
from bot.followups.policy import SnoozeOption, local_today, slot_on, snooze_until, user_schedule
from bot.services import Repos
from storage.contacts import Contact
from storage.events import Event
from storage.kinds import (
    ACTIONABLE_STATUSES,
    Cadence,
    ContactStage,
    InteractionKind,
    ReminderKind,
    ReminderStatus,
)
from storage.reminders import Reminder
from storage.users import User


def today_for(clock: Clock, user: User) -> date:
    return local_today(clock.now(), user.timezone)


# ---- follow-ups of one contact ---------------------------------------------------------------
async def schedule_followup_on(repos: Repos, user: User, contact_id: int, day: date) -> int:
    """A follow-up on `day` at the user's preferred time (a weekend moved when they want)."""
    due = slot_on(day, user_schedule(user))
    return await repos.reminders.create(user.id, ReminderKind.FOLLOWUP, due, contact_id=contact_id)


async def plan_followup(
    repos: Repos, clock: Clock, user: User, contact_id: int, choice: FollowupChoice
) -> FollowupDay | None:
    """Replace the contact's open follow-up with the one `choice` means (or none)."""
    when = followup_day(
        choice,
        today=today_for(clock, user),
        default_days=user.followup_days,
        weekend_shift=user.weekend_shift,
    )
    async with repos.db.transaction():
        await repos.reminders.cancel_open_for_contact(user.id, contact_id, ReminderKind.FOLLOWUP)
        if when is not None:
            await schedule_followup_on(repos, user, contact_id, when.day)
    return when


async def next_followup(repos: Repos, user: User, contact_id: int) -> datetime | None:
    reminders = await repos.reminders.open_for_contact(user.id, contact_id)
    return min((r.due_at for r in reminders), default=None)


# Reminders placed at the user's preferred time (an event summary comes at check-out instead).
SLOTTED = frozenset({ReminderKind.FOLLOWUP, ReminderKind.KEEP_IN_TOUCH, ReminderKind.EVENT_PREP})
_EVER = datetime.max.replace(tzinfo=UTC)


async def follow_new_schedule(repos: Repos, before: User, after: User) -> int:
    """After a new preferred time, time zone or weekend rule: the reminders already planned
    keep their day and move to the new time (else they come at the old hour, in the night
    of a new zone). How many moved."""
    old, new = user_schedule(before), user_schedule(after)
    if (old.tz, old.preferred_time, old.weekend_shift) == (
        new.tz,
        new.preferred_time,
        new.weekend_shift,
    ):
        return 0
    moved = 0
    async with repos.db.transaction():
        for reminder in await repos.reminders.open_for_owner(after.id, until=_EVER):
            if reminder.kind not in SLOTTED or reminder.status != ReminderStatus.PENDING:
                continue
            day = reminder.due_at.astimezone(old.zone).date()
            fixed_day = reminder.kind == ReminderKind.EVENT_PREP  # the eve, even a Sunday
            due = slot_on(day, new.without_weekend_shift() if fixed_day else new)
            if due != reminder.due_at:
                await repos.reminders.reschedule(after.id, reminder.id, due)
                moved += 1
    return moved


# ---- keeping in touch ------------------------------------------------------------------------
async def reset_keep_in_touch(
    repos: Repos, user: User, contact: Contact, last_contact: date
) -> int | None:
    """Replace the contact's open keep-in-touch reminder with one counted from `last_contact`."""
    async with repos.db.transaction():
        await repos.reminders.cancel_open_for_contact(
            user.id, contact.id, ReminderKind.KEEP_IN_TOUCH
        )
        due = next_keep_in_touch(last_contact, contact.cadence, user_schedule(user))
        if due is None:
            return None
        return await repos.reminders.create(
            user.id, ReminderKind.KEEP_IN_TOUCH, due, contact_id=contact.id
        )


async def log_interaction(
    repos: Repos,
    clock: Clock,
    user: User,
    contact_id: int,
    kind: InteractionKind,
    note: str | None = None,
) -> bool:
    """Log an interaction; it restarts the keep-in-touch count. Real contact (not a note)
    is a follow-up: a contact still at "met" has now been followed up, and the follow-ups
    still waiting are done (no nudge about someone the user has just written to). False if
    not the user's."""
    async with repos.db.transaction():
        contact = await repos.contacts.get(user.id, contact_id)
        if contact is None:
            return False
        now = clock.now()
        await repos.interactions.add(user.id, contact_id, kind, now, note)
        if kind != InteractionKind.NOTE:
            if contact.stage == ContactStage.MET:
                await repos.contacts.set_stage(user.id, contact_id, ContactStage.FOLLOWED_UP)
            await repos.reminders.close_open_followups(user.id, contact_id, ReminderStatus.DONE)
        await reset_keep_in_touch(repos, user, contact, local_today(now, user.timezone))
    return True


async def set_cadence(
    repos: Repos, clock: Clock, user: User, contact_id: int, cadence: Cadence
) -> bool:
    """Change the keep-in-touch cadence, counted from the last interaction (or the meeting)."""
    async with repos.db.transaction():
        if not await repos.contacts.set_cadence(user.id, contact_id, cadence):
            return False
        contact = await repos.contacts.get(user.id, contact_id)
        assert contact is not None
        last = await repos.interactions.for_contact(user.id, contact_id, limit=1)
        if last:
            since = local_today(last[0].happened_at, user.timezone)
        else:
            since = contact.met_on or local_today(contact.created_at, user.timezone)
        await reset_keep_in_touch(repos, user, contact, since)
    return True


# ---- a nudge's buttons -----------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class OpenNudge:
    reminder: Reminder
    contact: Contact


async def find_nudge(repos: Repos, user: User, reminder_id: int) -> OpenNudge | None:
    """The user's own nudge, still open, and its contact; None when stale or forged."""
    reminder = await repos.reminders.get(user.id, reminder_id)
    if (
        reminder is None
        or not reminder.kind.is_nudge
        or reminder.status not in ACTIONABLE_STATUSES
        or reminder.contact_id is None
    ):
        return None
    contact = await repos.contacts.get(user.id, reminder.contact_id)
    return None if contact is None else OpenNudge(reminder, contact)


async def mark_done(
    repos: Repos, clock: Clock, user: User, reminder_id: int, channel: InteractionKind
) -> OpenNudge | None:
    """Followed up by `channel`: logged, and every waiting follow-up of the contact closed."""
    async with repos.db.transaction():
        nudge = await find_nudge(repos, user, reminder_id)
        if nudge is None:
            return None
        await log_interaction(repos, clock, user, nudge.contact.id, channel)
        await repos.reminders.set_status(user.id, reminder_id, ReminderStatus.DONE)
    return nudge


async def snooze(
    repos: Repos, clock: Clock, user: User, reminder_id: int, option: SnoozeOption
) -> tuple[OpenNudge, datetime] | None:
    """The same nudge due again later; (the nudge, its new due moment)."""
    async with repos.db.transaction():
        nudge = await find_nudge(repos, user, reminder_id)
        if nudge is None:
            return None
        due = snooze_until(option, clock.now(), user_schedule(user))
        await repos.reminders.reschedule(user.id, reminder_id, due)
    return nudge, due


async def skip(repos: Repos, user: User, reminder_id: int) -> OpenNudge | None:
    async with repos.db.transaction():
        nudge = await find_nudge(repos, user, reminder_id)
        if nudge is not None:
            await repos.reminders.set_status(user.id, reminder_id, ReminderStatus.SKIPPED)
    return nudge


# ---- events ------------------------------------------------------------------------------------
async def schedule_event_prep(
    repos: Repos, clock: Clock, user: User, event_id: int, starts_on: date
) -> int | None:
    """The prep checklist the day before an event starts; None when that day has passed."""
    due = slot_on(starts_on - timedelta(days=1), user_schedule(user).without_weekend_shift())
    if due <= clock.now():
        return None
    return await repos.reminders.create(user.id, ReminderKind.EVENT_PREP, due, event_id=event_id)


async def schedule_event_summary(repos: Repos, clock: Clock, user: User, event_id: int) -> int:
    """ "You met N people at …": due at once (the sweeper respects quiet hours)."""
    return await repos.reminders.create(
        user.id, ReminderKind.EVENT_SUMMARY, clock.now(), event_id=event_id
    )


@dataclass(frozen=True, slots=True)
class EventFollowups:
    event: Event
    planned: tuple[tuple[Contact, date], ...]  # planned now: who, and on which day
    waiting: tuple[Contact, ...]  # people met there who still have no follow-up
    settled: int  # already followed up, or with a follow-up already planned


async def event_people(repos: Repos, user: User, event_id: int) -> list[Contact] | None:
    if await repos.events.get(user.id, event_id) is None:
        return None
    return await repos.contacts.page(user.id, offset=0, limit=200, event_id=event_id)


async def plan_event_followups(
    repos: Repos,
    clock: Clock,
    user: User,
    event_id: int,
    only: Sequence[int] | None = None,
) -> EventFollowups | None:
    """A follow-up in the user's default days for each person met at the event (or those in
    `only`) who was not followed up yet and has none planned. None: not the user's event."""
    event = await repos.events.get(user.id, event_id)
    if event is None:
        return None
    when = followup_day(
        FollowupChoice(),
        today=today_for(clock, user),
        default_days=user.followup_days,
        weekend_shift=user.weekend_shift,
    )
    assert when is not None
    planned: list[tuple[Contact, date]] = []
    waiting: list[Contact] = []
    settled = 0
    async with repos.db.transaction():
        for contact in await repos.contacts.page(user.id, offset=0, limit=200, event_id=event_id):
            if contact.stage != ContactStage.MET or await repos.reminders.has_open_followup(
                user.id, contact.id
            ):
                settled += 1
            elif only is None or contact.id in only:
                await schedule_followup_on(repos, user, contact.id, when.day)
                planned.append((contact, when.day))
            else:
                waiting.append(contact)
    return EventFollowups(event, tuple(planned), tuple(waiting), settled)


# ---- what is due -------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class DueNudge:
    reminder: Reminder
    contact: Contact


@dataclass(frozen=True, slots=True)
class Overview:
    overdue: tuple[DueNudge, ...]
    today: tuple[DueNudge, ...]
    week: tuple[DueNudge, ...]

    @property
    def empty(self) -> bool:
        return not (self.overdue or self.today or self.week)


def _day_start(user: User, now: datetime, offset: int) -> datetime:
    zone = user_schedule(user).zone
    day = now.astimezone(zone).date() + timedelta(days=offset)
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


async def overview(repos: Repos, clock: Clock, user: User) -> Overview:
    """Nudges overdue, due today and in the next 7 days that the user has not closed."""
    now = clock.now()
    today, tomorrow, week_end = (_day_start(user, now, d) for d in (0, 1, 8))
    sections: tuple[list[DueNudge], list[DueNudge], list[DueNudge]] = ([], [], [])
    for reminder in await repos.reminders.actionable_for_owner(user.id, until=week_end):
        if reminder.contact_id is None:
            continue
        contact = await repos.contacts.get(user.id, reminder.contact_id)
        if contact is None:
            continue
        index = 0 if reminder.due_at < today else 1 if reminder.due_at < tomorrow else 2
        sections[index].append(DueNudge(reminder, contact))
    return Overview(*(tuple(section) for section in sections))
