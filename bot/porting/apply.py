"""Writing a planned import: one transaction, all or nothing.

- New drafts become contacts (with the chosen keep-in-touch cadence).
- Duplicates are merged into the existing contact (`merge_drafts`: what the user already
  wrote wins, channels and tags are united, notes appended) or skipped, as the user chose.
- Every imported contact carries the import tag; a cadence chosen for the import applies to
  the new contacts and to merged ones that had none (a cadence the user set stays).
- Keep-in-touch reminders follow `bot.followups.service.reset_keep_in_touch`: one open
  reminder per contact, counted from the last interaction, else the meeting, else today;
  overdue ones are spread over the first cycle (`plan.keep_in_touch_dues`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.contacts.duplicates import merge_drafts
from bot.contacts.model import ContactDraft
from bot.followups.service import user_schedule
from bot.porting.plan import ImportPlan, keep_in_touch_dues, tagged
from bot.services import Services
from storage.contacts import ContactIdentity
from storage.kinds import Cadence, ReminderKind
from storage.users import User


@dataclass(frozen=True, slots=True)
class ImportReport:
    created: int
    merged: int
    skipped: int


async def existing_contacts(services: Services, owner_id: int) -> list[ContactIdentity]:
    return await services.repos.contacts.identities(owner_id)


async def apply_import(
    services: Services,
    user: User,
    plan: ImportPlan,
    *,
    merge: bool,
    cadence: Cadence,
    tag: str,
) -> ImportReport:
    sched = user_schedule(user)
    today = services.clock.now().astimezone(sched.zone).date()
    new = [tagged(draft, tag) for draft in plan.new]
    async with services.repos.db.transaction():
        new_ids = await services.repos.contacts.create_many(user.id, new, cadence=cadence)
        merged_ids: list[int] = []
        if merge and plan.duplicates:
            merged_ids = await _merge(services, user.id, plan, tag)
        if cadence is not Cadence.NONE:
            since = {cid: draft.met_on or today for cid, draft in zip(new_ids, new, strict=True)}
            since |= await _start_cadence(services, user, merged_ids, cadence, today)
            await _schedule(services, user, since, cadence, today)
    return ImportReport(
        created=len(new_ids),
        merged=len(set(merged_ids)),
        skipped=0 if merge else len(plan.duplicates),
    )


async def _merge(services: Services, owner_id: int, plan: ImportPlan, tag: str) -> list[int]:
    """Merge every duplicate into its contact; several drafts may merge into one contact."""
    current: dict[int, ContactDraft] = {}
    for duplicate in plan.duplicates:
        if duplicate.existing_id not in current:
            contact = await services.repos.contacts.get(owner_id, duplicate.existing_id)
            if contact is None:
                continue  # deleted since the preview: nothing to merge into
            current[duplicate.existing_id] = contact.draft()
        current[duplicate.existing_id] = tagged(
            merge_drafts(current[duplicate.existing_id], duplicate.draft), tag
        )
    for contact_id, draft in current.items():
        await services.repos.contacts.replace_data(owner_id, contact_id, draft)
    return list(current)


async def _start_cadence(
    services: Services, user: User, merged_ids: list[int], cadence: Cadence, today: date
) -> dict[int, date]:
    """Give merged contacts without a cadence the import's one; their count starts at the
    last interaction, else the meeting, else today."""
    owner_id, zone = user.id, user_schedule(user).zone
    without = []
    for contact_id in merged_ids:
        contact = await services.repos.contacts.get(owner_id, contact_id)
        if contact is not None and contact.cadence == Cadence.NONE.value:
            without.append(contact)
    if not without:
        return {}
    await services.repos.contacts.set_cadence_many(owner_id, [c.id for c in without], cadence)
    last = await services.repos.interactions.last_by_contact(owner_id)
    return {
        c.id: (last[c.id].astimezone(zone).date() if c.id in last else c.met_on or today)
        for c in without
    }


async def _schedule(
    services: Services, user: User, since: dict[int, date], cadence: Cadence, today: date
) -> None:
    ids = list(since)
    dues = keep_in_touch_dues([since[i] for i in ids], cadence, user_schedule(user), today=today)
    await services.repos.reminders.cancel_open_for_contacts(
        user.id, ids, ReminderKind.KEEP_IN_TOUCH
    )
    await services.repos.reminders.create_many(
        user.id,
        ReminderKind.KEEP_IN_TOUCH,
        [(cid, due) for cid, due in zip(ids, dues, strict=True) if due is not None],
    )
