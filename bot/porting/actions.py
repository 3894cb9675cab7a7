"""Porting use-cases: plan an import, write it (all or nothing), and forget a user.

Writing a planned import is one transaction:
- New drafts become contacts (with the chosen keep-in-touch cadence).
- Duplicates are merged into the existing contact or skipped, as the user chose. A merge
  drops nothing (bot.contacts.merging): e-mails, phones and tags are united, notes appended,
  and where a stored one-value field (a role, a company…) differs from the file's, the
  stored value stays and the file's is written into the notes (`describe` words it).
- Every imported contact carries the import tag; a cadence chosen for the import applies to
  the new contacts and to merged ones that had none (a cadence the user set stays).
- Keep-in-touch reminders: one open reminder per contact, counted from the last interaction,
  else the meeting, else today; overdue ones are spread over the first cycle
  (`plan.keep_in_touch_dues`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from bot.clock import Clock
from bot.contacts.merging import Conflict, append_notes, merge_drafts
from bot.followups.policy import local_today, user_schedule
from bot.porting.plan import ImportPlan, keep_in_touch_dues, plan_import, tagged
from bot.services import Repos
from storage.contacts import ContactDraft
from storage.kinds import Cadence, ReminderKind
from storage.ptb_state import CHAT_DATA, USER_DATA
from storage.users import User

DescribeConflict = Callable[[Conflict], str]


@dataclass(frozen=True, slots=True)
class ImportReport:
    created: int
    merged: int
    skipped: int


@dataclass(frozen=True, slots=True)
class ImportPreview:
    plan: ImportPlan
    names: dict[int, str]  # the names of the stored contacts the file's duplicates match


async def plan_for(repos: Repos, user: User, drafts: Sequence[ContactDraft]) -> ImportPreview:
    """What importing `drafts` would do, against the user's contacts (off the event loop:
    ten thousand drafts take a while to compare)."""
    existing = await repos.contacts.identities(user.id)
    plan = await asyncio.to_thread(plan_import, drafts, existing, default_region=user.phone_region)
    matched = {d.existing_id for d in plan.duplicates}
    return ImportPreview(plan, {c.id: c.name for c in existing if c.id in matched})


async def apply_import(
    repos: Repos,
    clock: Clock,
    user: User,
    plan: ImportPlan,
    *,
    merge: bool,
    cadence: Cadence,
    tag: str,
    describe: DescribeConflict,
) -> ImportReport:
    today = local_today(clock.now(), user.timezone)
    new = [tagged(draft, tag) for draft in plan.new]
    async with repos.db.transaction():
        new_ids = await repos.contacts.create_many(user.id, new, cadence=cadence)
        merged_ids: list[int] = []
        if merge and plan.duplicates:
            merged_ids = await _merge(repos, user.id, plan, tag, describe)
        if cadence is not Cadence.NONE:
            since = {cid: draft.met_on or today for cid, draft in zip(new_ids, new, strict=True)}
            since |= await _start_cadence(repos, user, merged_ids, cadence, today)
            await _schedule(repos, user, since, cadence, today)
    return ImportReport(
        created=len(new_ids),
        merged=len(set(merged_ids)),
        skipped=0 if merge else len(plan.duplicates),
    )


async def _merge(
    repos: Repos, owner_id: int, plan: ImportPlan, tag: str, describe: DescribeConflict
) -> list[int]:
    """Merge every duplicate into its contact; several drafts may merge into one contact."""
    current: dict[int, ContactDraft] = {}
    for duplicate in plan.duplicates:
        if duplicate.existing_id not in current:
            contact = await repos.contacts.get(owner_id, duplicate.existing_id)
            if contact is None:
                continue  # deleted since the preview: nothing to merge into
            current[duplicate.existing_id] = contact.draft()
        result = merge_drafts(current[duplicate.existing_id], duplicate.draft)
        merged = result.draft
        for conflict in result.unresolved:
            merged.notes = append_notes(merged.notes, describe(conflict))
        current[duplicate.existing_id] = tagged(merged, tag)
    for contact_id, draft in current.items():
        await repos.contacts.replace_data(owner_id, contact_id, draft)
    return list(current)


async def _start_cadence(
    repos: Repos, user: User, merged_ids: list[int], cadence: Cadence, today: date
) -> dict[int, date]:
    """Give merged contacts without a cadence the import's one; their count starts at the
    last interaction, else the meeting, else today."""
    owner_id, zone = user.id, user_schedule(user).zone
    without = []
    for contact_id in merged_ids:
        contact = await repos.contacts.get(owner_id, contact_id)
        if contact is not None and contact.cadence == Cadence.NONE:
            without.append(contact)
    if not without:
        return {}
    await repos.contacts.set_cadence_many(owner_id, [c.id for c in without], cadence)
    last = await repos.interactions.last_by_contact(owner_id)
    return {
        c.id: (last[c.id].astimezone(zone).date() if c.id in last else c.met_on or today)
        for c in without
    }


async def _schedule(
    repos: Repos, user: User, since: dict[int, date], cadence: Cadence, today: date
) -> None:
    ids = list(since)
    dues = keep_in_touch_dues([since[i] for i in ids], cadence, user_schedule(user), today=today)
    await repos.reminders.cancel_open_for_contacts(user.id, ids, ReminderKind.KEEP_IN_TOUCH)
    await repos.reminders.create_many(
        user.id,
        ReminderKind.KEEP_IN_TOUCH,
        [(cid, due) for cid, due in zip(ids, dues, strict=True) if due is not None],
    )


async def forget_user(repos: Repos, user_id: int) -> None:
    """/forget: every row that belongs to the user, gone.

    The user's row cascades (foreign keys) to contacts and, by trigger, their search-index
    rows, events, interactions, reminders and any table a feature adds with
    `owner_id ... REFERENCES users(id) ON DELETE CASCADE`. What is not keyed by a foreign
    key is deleted here: stored conversation states, user_data and the private chat's
    chat_data, and the user's traces in job groups' data (membership cache, sender of posts,
    who added the bot). The CV is a Telegram file id in the user's row. The search index is
    then compacted so that deleted words do not linger in old index segments.
    """
    async with repos.db.transaction():
        await repos.ptb_state.delete_conversations_of(user_id)
        await repos.ptb_state.set_data(USER_DATA, user_id, None)
        await repos.ptb_state.set_data(CHAT_DATA, user_id, None)  # private chat id = user id
        await repos.job_members.forget_user(user_id)
        await repos.users.delete(user_id)
    await repos.contacts.compact_search_index()
