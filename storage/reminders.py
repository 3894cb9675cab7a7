"""Reminders: the only source of truth for every nudge the bot will send.

Delivery claims due rows atomically (pending -> claimed), sends, then marks them sent. A claim
older than the stale limit (a crash mid-send) is claimed again, so nothing is lost; at most the
one in flight is sent twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.db import Database, from_db, to_db
from storage.kinds import ReminderKind, ReminderStatus


@dataclass(frozen=True, slots=True)
class Reminder:
    id: int
    owner_id: int
    contact_id: int | None
    event_id: int | None
    kind: ReminderKind
    due_at: datetime
    status: ReminderStatus
    attempts: int
    message_id: int | None


def _reminder(row: aiosqlite.Row) -> Reminder:
    return Reminder(
        id=row["id"],
        owner_id=row["owner_id"],
        contact_id=row["contact_id"],
        event_id=row["event_id"],
        kind=ReminderKind(row["kind"]),
        due_at=from_db(row["due_at"]),
        status=ReminderStatus(row["status"]),
        attempts=row["attempts"],
        message_id=row["message_id"],
    )


class RemindersRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def create(
        self,
        owner_id: int,
        kind: ReminderKind,
        due_at: datetime,
        *,
        contact_id: int | None = None,
        event_id: int | None = None,
    ) -> int:
        return await self.db.insert(
            "INSERT INTO reminders(owner_id, contact_id, event_id, kind, due_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (owner_id, contact_id, event_id, ReminderKind(kind).value, to_db(due_at)),
        )

    async def get(self, owner_id: int, reminder_id: int) -> Reminder | None:
        row = await self.db.fetchone(
            "SELECT * FROM reminders WHERE id = ? AND owner_id = ?", (reminder_id, owner_id)
        )
        return _reminder(row) if row else None

    async def open_for_contact(self, owner_id: int, contact_id: int) -> list[Reminder]:
        rows = await self.db.fetchall(
            "SELECT * FROM reminders WHERE owner_id = ? AND contact_id = ?"
            " AND status IN ('pending', 'claimed') ORDER BY due_at",
            (owner_id, contact_id),
        )
        return [_reminder(row) for row in rows]

    async def open_for_owner(self, owner_id: int, *, until: datetime) -> list[Reminder]:
        rows = await self.db.fetchall(
            "SELECT * FROM reminders WHERE owner_id = ? AND status IN ('pending', 'claimed')"
            " AND due_at <= ? ORDER BY due_at",
            (owner_id, to_db(until)),
        )
        return [_reminder(row) for row in rows]

    async def claim_due(
        self, now: datetime, *, stale_before: datetime, limit: int
    ) -> list[Reminder]:
        """Atomically claim up to `limit` due reminders of users who have not blocked the bot.

        A row already claimed before `stale_before` is a claim that never completed: take it
        again.
        """
        rows = await self.db.fetchall(
            "UPDATE reminders SET status = 'claimed', claimed_at = :now,"
            " attempts = attempts + 1"
            " WHERE id IN ("
            "   SELECT r.id FROM reminders r JOIN users u ON u.id = r.owner_id"
            "   WHERE r.status IN ('pending', 'claimed') AND r.due_at <= :now"
            "     AND (r.status = 'pending' OR r.claimed_at <= :stale) AND u.blocked = 0"
            "   ORDER BY r.due_at LIMIT :limit)"
            " RETURNING *",
            {"now": to_db(now), "stale": to_db(stale_before), "limit": limit},
        )
        return sorted((_reminder(row) for row in rows), key=lambda r: (r.due_at, r.id))

    async def mark_sent(self, reminder_id: int, at: datetime, message_id: int | None) -> None:
        await self.db.execute(
            "UPDATE reminders SET status = 'sent', sent_at = ?, message_id = ?, last_error = NULL"
            " WHERE id = ?",
            (to_db(at), message_id, reminder_id),
        )

    async def release(self, reminder_id: int, retry_at: datetime, error: str) -> None:
        """Give a claimed reminder back to the queue, due again at `retry_at`."""
        await self.db.execute(
            "UPDATE reminders SET status = 'pending', claimed_at = NULL, due_at = ?,"
            " last_error = ? WHERE id = ?",
            (to_db(retry_at), error[:500], reminder_id),
        )

    async def give_up(
        self, reminder_id: int, status: ReminderStatus, at: datetime, error: str
    ) -> None:
        """Stop sending a claimed reminder, keeping why: 'cancelled' when it can not be sent,
        'sent' (unconfirmed, no message id) when unanswered sends may have delivered it."""
        await self.db.execute(
            "UPDATE reminders SET status = :status, claimed_at = NULL, last_error = :error,"
            " sent_at = CASE WHEN :status = 'sent' THEN :at ELSE sent_at END WHERE id = :id",
            {
                "status": ReminderStatus(status).value,
                "error": error[:500],
                "at": to_db(at),
                "id": reminder_id,
            },
        )

    async def set_status(self, owner_id: int, reminder_id: int, status: ReminderStatus) -> bool:
        changed = await self.db.execute(
            "UPDATE reminders SET status = ? WHERE id = ? AND owner_id = ?",
            (ReminderStatus(status).value, reminder_id, owner_id),
        )
        return changed == 1

    async def reschedule(self, owner_id: int, reminder_id: int, due_at: datetime) -> bool:
        """Snooze: the same reminder due again later."""
        changed = await self.db.execute(
            "UPDATE reminders SET status = 'pending', due_at = ?, claimed_at = NULL,"
            " attempts = 0 WHERE id = ? AND owner_id = ?",
            (to_db(due_at), reminder_id, owner_id),
        )
        return changed == 1

    async def cancel_open_for_contact(
        self, owner_id: int, contact_id: int, kind: ReminderKind
    ) -> int:
        return await self.db.execute(
            "UPDATE reminders SET status = 'cancelled' WHERE owner_id = ? AND contact_id = ?"
            " AND kind = ? AND status IN ('pending', 'claimed')",
            (owner_id, contact_id, ReminderKind(kind).value),
        )

    async def all_for_owner(self, owner_id: int) -> list[Reminder]:
        rows = await self.db.fetchall(
            "SELECT * FROM reminders WHERE owner_id = ? ORDER BY id", (owner_id,)
        )
        return [_reminder(row) for row in rows]

    # --- porting ---
    async def create_many(
        self, owner_id: int, kind: ReminderKind, due: Sequence[tuple[int, datetime]]
    ) -> None:
        """One reminder per (contact_id, due_at), e.g. keep-in-touch for a whole import."""
        value = ReminderKind(kind).value
        await self.db.executemany(
            "INSERT INTO reminders(owner_id, contact_id, kind, due_at) VALUES (?, ?, ?, ?)",
            [(owner_id, contact_id, value, to_db(due_at)) for contact_id, due_at in due],
        )

    async def cancel_open_for_contacts(
        self, owner_id: int, contact_ids: Sequence[int], kind: ReminderKind
    ) -> None:
        value = ReminderKind(kind).value
        await self.db.executemany(
            "UPDATE reminders SET status = 'cancelled' WHERE owner_id = ? AND contact_id = ?"
            " AND kind = ? AND status IN ('pending', 'claimed')",
            [(owner_id, contact_id, value) for contact_id in contact_ids],
        )

    # --- followups ---
    async def defer(self, reminder_id: int, due_at: datetime) -> None:
        """Back to the queue without counting an attempt: quiet hours, or a blocked user."""
        await self.db.execute(
            "UPDATE reminders SET status = 'pending', claimed_at = NULL, due_at = ?,"
            " attempts = max(attempts - 1, 0) WHERE id = ? AND status = 'claimed'",
            (to_db(due_at), reminder_id),
        )

    async def actionable_for_owner(
        self, owner_id: int, *, until: datetime, limit: int = 60
    ) -> list[Reminder]:
        """Follow-ups and keep-in-touch nudges due by `until` that the user has not closed:
        still queued, or sent and waiting for done / snooze / skip."""
        rows = await self.db.fetchall(
            "SELECT * FROM reminders WHERE owner_id = ? AND kind IN ('followup', 'keep_in_touch')"
            " AND status IN ('pending', 'claimed', 'sent') AND due_at <= ?"
            " ORDER BY due_at, id LIMIT ?",
            (owner_id, to_db(until), limit),
        )
        return [_reminder(row) for row in rows]

    async def close_open_followups(
        self, owner_id: int, contact_id: int, status: ReminderStatus
    ) -> int:
        """Close every follow-up of the contact still waiting (the user followed up)."""
        return await self.db.execute(
            "UPDATE reminders SET status = ? WHERE owner_id = ? AND contact_id = ?"
            " AND kind = 'followup' AND status IN ('pending', 'claimed', 'sent')",
            (ReminderStatus(status).value, owner_id, contact_id),
        )

    async def has_open_followup(self, owner_id: int, contact_id: int) -> bool:
        return bool(
            await self.db.fetchval(
                "SELECT 1 FROM reminders WHERE owner_id = ? AND contact_id = ?"
                " AND kind = 'followup' AND status IN ('pending', 'claimed') LIMIT 1",
                (owner_id, contact_id),
            )
        )
