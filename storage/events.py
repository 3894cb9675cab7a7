"""Events (fairs, conferences, courses) a user checks in to. Scoped by owner."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import aiosqlite

from storage.db import Database, date_from_db, date_to_db, from_db, to_db


@dataclass(frozen=True, slots=True)
class Event:
    id: int
    owner_id: int
    name: str
    place: str | None
    starts_on: date | None
    ends_on: date | None
    checked_in_at: datetime | None
    checked_out_at: datetime | None
    summary_sent_at: datetime | None
    contact_count: int
    planned: bool = False  # checked in ahead: the check-in happens on the first day


def _opt_time(text: str | None) -> datetime | None:
    return from_db(text) if text else None


def _event(row: aiosqlite.Row) -> Event:
    return Event(
        id=row["id"],
        owner_id=row["owner_id"],
        name=row["name"],
        place=row["place"],
        starts_on=date_from_db(row["starts_on"]),
        ends_on=date_from_db(row["ends_on"]),
        checked_in_at=_opt_time(row["checked_in_at"]),
        checked_out_at=_opt_time(row["checked_out_at"]),
        summary_sent_at=_opt_time(row["summary_sent_at"]),
        contact_count=row["contact_count"],
        planned=bool(row["planned"]),
    )


_SELECT = (
    "SELECT e.*, (SELECT count(*) FROM contacts c WHERE c.event_id = e.id) AS contact_count"
    " FROM events e"
)


class EventsRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def create(
        self,
        owner_id: int,
        name: str,
        *,
        place: str | None = None,
        starts_on: date | None = None,
        ends_on: date | None = None,
        planned: bool = False,
    ) -> int:
        return await self.db.insert(
            "INSERT INTO events(owner_id, name, place, starts_on, ends_on, planned)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (owner_id, name, place, date_to_db(starts_on), date_to_db(ends_on), int(planned)),
        )

    async def get(self, owner_id: int, event_id: int) -> Event | None:
        row = await self.db.fetchone(
            f"{_SELECT} WHERE e.id = ? AND e.owner_id = ?", (event_id, owner_id)
        )
        return _event(row) if row else None

    async def recent(self, owner_id: int, *, limit: int = 10) -> list[Event]:
        rows = await self.db.fetchall(
            f"{_SELECT} WHERE e.owner_id = ? ORDER BY coalesce(e.starts_on, e.created_at) DESC,"
            " e.id DESC LIMIT ?",
            (owner_id, limit),
        )
        return [_event(row) for row in rows]

    async def all_for_owner(self, owner_id: int) -> list[Event]:
        rows = await self.db.fetchall(f"{_SELECT} WHERE e.owner_id = ? ORDER BY e.id", (owner_id,))
        return [_event(row) for row in rows]

    async def mark_checked_in(self, owner_id: int, event_id: int, at: datetime) -> None:
        await self.db.execute(
            "UPDATE events SET checked_in_at = ?, checked_out_at = NULL, planned = 0"
            " WHERE id = ? AND owner_id = ?",
            (to_db(at), event_id, owner_id),
        )

    async def mark_checked_out(self, owner_id: int, event_id: int, at: datetime) -> None:
        await self.db.execute(
            "UPDATE events SET checked_out_at = ? WHERE id = ? AND owner_id = ?",
            (to_db(at), event_id, owner_id),
        )

    async def mark_summary_sent(self, owner_id: int, event_id: int, at: datetime) -> None:
        await self.db.execute(
            "UPDATE events SET summary_sent_at = ? WHERE id = ? AND owner_id = ?",
            (to_db(at), event_id, owner_id),
        )

    async def delete(self, owner_id: int, event_id: int) -> bool:
        changed = await self.db.execute(
            "DELETE FROM events WHERE id = ? AND owner_id = ?", (event_id, owner_id)
        )
        return changed == 1

    async def planned_starting_by(self, day: date, *, limit: int = 200) -> list[Event]:
        """Planned events whose first day is `day` or earlier (every owner's)."""
        rows = await self.db.fetchall(
            f"{_SELECT} WHERE e.planned = 1 AND e.starts_on <= ? ORDER BY e.starts_on LIMIT ?",
            (date_to_db(day), limit),
        )
        return [_event(row) for row in rows]

    async def current_and_over(self, ended_before: date, *, limit: int = 200) -> list[Event]:
        """Events someone is still checked in to whose last day is before `ended_before`."""
        rows = await self.db.fetchall(
            f"{_SELECT} JOIN users u ON u.current_event_id = e.id AND u.id = e.owner_id"
            " WHERE coalesce(e.ends_on, e.starts_on) < ? ORDER BY e.id LIMIT ?",
            (date_to_db(ended_before), limit),
        )
        return [_event(row) for row in rows]

    async def unplan(self, owner_id: int, event_id: int) -> None:
        await self.db.execute(
            "UPDATE events SET planned = 0 WHERE id = ? AND owner_id = ?", (event_id, owner_id)
        )

    # --- followups ---
    async def ended_without_summary(self, ended_before: date, *, limit: int = 100) -> list[Event]:
        """Events whose end date has passed, with contacts, and no summary sent or planned."""
        rows = await self.db.fetchall(
            f"{_SELECT} JOIN users u ON u.id = e.owner_id"
            " WHERE coalesce(e.ends_on, e.starts_on) < ? AND e.summary_sent_at IS NULL"
            "   AND u.blocked = 0"
            "   AND EXISTS (SELECT 1 FROM contacts c WHERE c.event_id = e.id)"
            "   AND NOT EXISTS (SELECT 1 FROM reminders r"
            "                   WHERE r.event_id = e.id AND r.kind = 'event_summary')"
            " ORDER BY e.id LIMIT ?",
            (date_to_db(ended_before), limit),
        )
        return [_event(row) for row in rows]
