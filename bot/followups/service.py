"""Reminder bookkeeping shared by every feature that touches a contact's follow-ups.

The reminders table is the only source of truth: these functions write the rows, the
delivery sweeper sends them. Scoped by owner like every storage call.
"""

from __future__ import annotations

from datetime import date

from bot.followups.cadence import next_keep_in_touch
from bot.followups.policy import UserSchedule, followup_due, slot_on
from bot.services import Services
from storage.contacts import Contact
from storage.kinds import Cadence, ContactStage, InteractionKind, ReminderKind
from storage.users import User


def user_schedule(user: User) -> UserSchedule:
    return UserSchedule(
        tz=user.timezone,
        preferred_hour=user.preferred_hour,
        weekend_shift=user.weekend_shift,
        preferred_minute=user.preferred_minute,
    )


async def schedule_followup(
    services: Services, user: User, contact_id: int, met_on: date, days: int
) -> int:
    """The follow-up `days` after the meeting, at the user's preferred hour."""
    due = followup_due(met_on, days, user_schedule(user))
    return await services.repos.reminders.create(
        user.id, ReminderKind.FOLLOWUP, due, contact_id=contact_id
    )


async def schedule_followup_on(services: Services, user: User, contact_id: int, day: date) -> int:
    """A follow-up on a date the user picked."""
    due = slot_on(day, user_schedule(user))
    return await services.repos.reminders.create(
        user.id, ReminderKind.FOLLOWUP, due, contact_id=contact_id
    )


async def reset_keep_in_touch(
    services: Services, user: User, contact: Contact, last_contact: date
) -> int | None:
    """Replace the contact's open keep-in-touch reminder with one counted from `last_contact`."""
    async with services.repos.db.transaction():
        await services.repos.reminders.cancel_open_for_contact(
            user.id, contact.id, ReminderKind.KEEP_IN_TOUCH
        )
        due = next_keep_in_touch(last_contact, Cadence(contact.cadence), user_schedule(user))
        if due is None:
            return None
        return await services.repos.reminders.create(
            user.id, ReminderKind.KEEP_IN_TOUCH, due, contact_id=contact.id
        )


async def log_interaction(
    services: Services,
    user: User,
    contact_id: int,
    kind: InteractionKind,
    note: str | None = None,
) -> bool:
    """Log an interaction; it restarts the keep-in-touch count, and a contact still at
    "met" has now been followed up (a note is not contact). False if not the user's."""
    contact = await services.repos.contacts.get(user.id, contact_id)
    if contact is None:
        return False
    now = services.clock.now()
    await services.repos.interactions.add(user.id, contact_id, kind, now, note)
    if contact.stage == ContactStage.MET and kind != InteractionKind.NOTE:
        await services.repos.contacts.set_stage(user.id, contact_id, ContactStage.FOLLOWED_UP)
    await reset_keep_in_touch(
        services, user, contact, now.astimezone(user_schedule(user).zone).date()
    )
    return True


async def set_cadence(services: Services, user: User, contact_id: int, cadence: Cadence) -> bool:
    """Change the keep-in-touch cadence, counted from the last interaction (or the meeting)."""
    if not await services.repos.contacts.set_cadence(user.id, contact_id, cadence):
        return False
    contact = await services.repos.contacts.get(user.id, contact_id)
    assert contact is not None
    last = await services.repos.interactions.for_contact(user.id, contact_id, limit=1)
    zone = user_schedule(user).zone
    if last:
        since = last[0].happened_at.astimezone(zone).date()
    else:
        since = contact.met_on or contact.created_at.astimezone(zone).date()
    await reset_keep_in_touch(services, user, contact, since)
    return True


async def schedule_event_prep(
    services: Services, user: User, event_id: int, starts_on: date
) -> int | None:
    """The prep checklist the day before an event starts; None when that day has passed."""
    due = slot_on(
        date.fromordinal(starts_on.toordinal() - 1), user_schedule(user).without_weekend_shift()
    )
    if due <= services.clock.now():
        return None
    return await services.repos.reminders.create(
        user.id, ReminderKind.EVENT_PREP, due, event_id=event_id
    )


async def schedule_event_summary(services: Services, user: User, event_id: int) -> int:
    """ "You met N people at …": due at once (the sweeper respects quiet hours)."""
    return await services.repos.reminders.create(
        user.id, ReminderKind.EVENT_SUMMARY, services.clock.now(), event_id=event_id
    )
