"""Saving what the /add dialogue gathered: a new contact, or a merge into an existing one,
with its first follow-up; and the stored contacts that may be the same person."""

from __future__ import annotations

from datetime import date

from bot.contacts import dialogue as dlg
from bot.contacts.dialogue import AddState, FollowupKind
from bot.contacts.duplicates import DuplicateMatch, find_duplicates, merge_drafts
from bot.contacts.model import ContactDraft
from bot.followups import service
from bot.services import Services
from storage.contacts import Contact, ContactIdentity
from storage.kinds import ReminderKind
from storage.users import User


async def create_contact(
    services: Services, user: User, state: AddState, today: date
) -> tuple[int, date | None]:
    """The new contact's id and the day of its first follow-up (None: no follow-up)."""
    async with services.repos.db.transaction():
        contact_id = await services.repos.contacts.create(user.id, state.to_draft())
        when = await schedule_first_followup(services, user, state, contact_id, today)
    return contact_id, when


async def merge_into(
    services: Services, user: User, state: AddState, existing: Contact, today: date
) -> date | None:
    """Merge the dialogue's answers into `existing`; its follow-up is planned afresh."""
    merged = merge_drafts(existing.draft(), state.to_draft())
    async with services.repos.db.transaction():
        await services.repos.contacts.replace_data(user.id, existing.id, merged)
        await services.repos.reminders.cancel_open_for_contact(
            user.id, existing.id, ReminderKind.FOLLOWUP
        )
        return await schedule_first_followup(services, user, state, existing.id, today)


async def schedule_first_followup(
    services: Services, user: User, state: AddState, contact_id: int, today: date
) -> date | None:
    when = dlg.followup_day(
        state, today=today, default_days=user.followup_days, weekend_shift=user.weekend_shift
    )
    if when is None:
        return None
    if state.followup.kind == FollowupKind.DATE:
        await service.schedule_followup_on(services, user, contact_id, when)
    else:
        days = dlg.followup_days(state, default_days=user.followup_days) or user.followup_days
        await service.schedule_followup(services, user, contact_id, state.met_on or today, days)
    return when


async def possible_duplicates(
    services: Services, user: User, draft: ContactDraft, *, limit: int = 3
) -> list[tuple[ContactIdentity, DuplicateMatch]]:
    """Stored contacts that may be the person in `draft`, best first."""
    candidates = await services.repos.contacts.duplicate_candidates(
        user.id,
        name=draft.name,
        company=draft.company,
        emails=draft.emails,
        phones=draft.phones,
        telegram_username=draft.telegram_username,
    )
    by_id = {c.id: c for c in candidates}
    matches = find_duplicates(draft, candidates, default_region=user.phone_region)[:limit]
    return [(by_id[match.contact_id], match) for match in matches]
