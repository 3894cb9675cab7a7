"""Interactions logged with a contact (a message, an e-mail, a call, a meeting)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.db import Database, from_db, to_db
from storage.kinds import InteractionKind


@dataclass(frozen=True, slots=True)
class Interaction:
    id: int
    contact_id: int
    kind: InteractionKind
    happened_at: datetime
    note: str | None


def _interaction(row: aiosqlite.Row) -> Interaction:
    return Interaction(
        row["id"],
        row["contact_id"],
        InteractionKind(row["kind"]),
        from_db(row["happened_at"]),
        row["note"],
    )


class InteractionsRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def add(
        self,
        owner_id: int,
        contact_id: int,
        kind: InteractionKind,
        happened_at: datetime,
        note: str | None = None,
    ) -> int | None:
        """Log an interaction; None when the contact is not the owner's."""
        owned = await self.db.fetchval(
            "SELECT 1 FROM contacts WHERE id = ? AND owner_id = ?", (contact_id, owner_id)
        )
        if not owned:
            return None
        return await self.db.insert(
            "INSERT INTO interactions(owner_id, contact_id, kind, happened_at, note)"
            " VALUES (?, ?, ?, ?, ?)",
            (owner_id, contact_id, InteractionKind(kind).value, to_db(happened_at), note),
        )

    async def for_contact(
        self, owner_id: int, contact_id: int, *, limit: int = 5
    ) -> list[Interaction]:
        rows = await self.db.fetchall(
            "SELECT id, contact_id, kind, happened_at, note FROM interactions"
            " WHERE owner_id = ? AND contact_id = ? ORDER BY happened_at DESC, id DESC LIMIT ?",
            (owner_id, contact_id, limit),
        )
        return [_interaction(row) for row in rows]

    async def all_for_owner(self, owner_id: int) -> list[Interaction]:
        rows = await self.db.fetchall(
            "SELECT id, contact_id, kind, happened_at, note FROM interactions"
            " WHERE owner_id = ? ORDER BY id",
            (owner_id,),
        )
        return [_interaction(row) for row in rows]

    # --- porting ---
    async def last_by_contact(self, owner_id: int) -> dict[int, datetime]:
        """The latest interaction of each of the owner's contacts that has one."""
        rows = await self.db.fetchall(
            "SELECT contact_id, max(happened_at) AS last FROM interactions"
            " WHERE owner_id = ? GROUP BY contact_id",
            (owner_id,),
        )
        return {int(row["contact_id"]): from_db(row["last"]) for row in rows}
