"""Rows behind the bot's dialogue persistence: conversation states and user_data, as JSON.

Each row carries its user and when it was last written, so that one user's dialogues are
read alone (when they write) and an abandoned one can be told from a live one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from storage.db import Database, Params, from_db, to_db

ConversationKey = tuple[int | str, ...]


@dataclass(slots=True)
class StoredDialogues:
    """Everything stored for one user: their user_data and their conversations' states."""

    user_data: dict[str, Any] = field(default_factory=dict)
    conversations: dict[str, dict[ConversationKey, object]] = field(default_factory=dict)
    updated_at: datetime | None = None  # the latest write of any of them


@dataclass(slots=True)
class StateWrites:
    """Rows to store, as JSON, or to delete (None), all written at `at` (None: the database's
    own time)."""

    at: datetime | None
    conversations: dict[tuple[str, ConversationKey], str | None] = field(default_factory=dict)
    user_data: dict[int, str | None] = field(default_factory=dict)


def key_to_db(key: ConversationKey) -> str:
    return json.dumps(list(key))


def data_to_db(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def _when(at: datetime | None) -> str | None:
    return None if at is None else to_db(at)  # None: the database's own time (checks, /forget)


class PtbStateRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def of_user(self, user_id: int) -> StoredDialogues | None:
        """The user's stored state in one query; None when nothing is stored."""
        rows = await self.db.fetchall(
            "SELECT NULL, NULL, data, updated_at FROM ptb_user_data WHERE user_id = ?1"
            " UNION ALL"
            " SELECT name, key, state, updated_at FROM ptb_conversations WHERE user_id = ?1",
            (user_id,),
        )
        if not rows:
            return None
        stored = StoredDialogues()
        for name, key, value, updated_at in rows:
            if name is None:
                stored.user_data = dict(json.loads(value))
            else:
                states = stored.conversations.setdefault(name, {})
                states[tuple(json.loads(key))] = json.loads(value)
            if updated_at is not None:
                at = from_db(updated_at)
                stored.updated_at = at if stored.updated_at is None else max(stored.updated_at, at)
        return stored

    async def write(self, writes: StateWrites) -> None:
        """Store (or, value None, delete) many rows in one transaction and one trip to the
        database thread: a few statements, not one per row, whatever the number of users."""
        at = _when(writes.at)
        conversations = writes.conversations.items()
        user_data = writes.user_data.items()
        statements: list[tuple[str, list[Params]]] = [
            (
                "INSERT INTO ptb_conversations(name, key, state, user_id, updated_at)"
                " VALUES (?, ?, ?, ?, coalesce(?, datetime('now')))"
                " ON CONFLICT(name, key) DO UPDATE"
                " SET state = excluded.state, updated_at = excluded.updated_at",
                [(n, key_to_db(k), v, k[-1], at) for (n, k), v in conversations if v],
            ),
            (
                "DELETE FROM ptb_conversations WHERE name = ? AND key = ?",
                [(n, key_to_db(k)) for (n, k), v in conversations if v is None],
            ),
            (
                "INSERT INTO ptb_user_data(user_id, data, updated_at)"
                " VALUES (?, ?, coalesce(?, datetime('now')))"
                " ON CONFLICT(user_id) DO UPDATE"
                " SET data = excluded.data, updated_at = excluded.updated_at",
                [(user_id, v, at) for user_id, v in user_data if v],
            ),
            (
                "DELETE FROM ptb_user_data WHERE user_id = ?",
                [(user_id,) for user_id, v in user_data if v is None],
            ),
        ]
        await self.db.write_many([(sql, rows) for sql, rows in statements if rows])

    async def set_conversation(
        self, name: str, key: ConversationKey, state: object | None, *, at: datetime | None = None
    ) -> None:
        """Store a conversation's state (keys end with the user id); None deletes it."""
        value = None if state is None else json.dumps(state)
        await self.write(StateWrites(at, conversations={(name, key): value}))

    async def set_user_data(
        self, user_id: int, data: str | None, *, at: datetime | None = None
    ) -> None:
        """Store the user's data (JSON from `data_to_db`); None deletes it."""
        await self.write(StateWrites(at, user_data={user_id: data}))

    async def delete_user_state(self, user_id: int) -> None:
        """Forget the user's stored dialogues: every conversation and their user_data."""
        await self.db.write_many(
            [
                ("DELETE FROM ptb_conversations WHERE user_id = ?", [(user_id,)]),
                ("DELETE FROM ptb_user_data WHERE user_id = ?", [(user_id,)]),
            ]
        )

    async def delete_conversations_of(self, user_id: int) -> None:
        """Forget every conversation of the user (private or group)."""
        await self.db.execute("DELETE FROM ptb_conversations WHERE user_id = ?", (user_id,))

    async def set_data(self, table: str, owner: int, data: dict[str, Any] | None) -> None:
        """Delete a user_data or chat_data row (data empty, as /forget does), or store user_data."""
        if data:
            if table != USER_DATA:
                raise ValueError(f"{table} is no longer written")
            await self.set_user_data(owner, data_to_db(data))
            return
        await self.db.execute(f"DELETE FROM {table} WHERE {_ID_COLUMNS[table]} = ?", (owner,))

    async def conversations(self, name: str) -> dict[ConversationKey, object]:
        """Every stored state of one conversation (for checks: the bot reads per user)."""
        rows = await self.db.fetchall(
            "SELECT key, state FROM ptb_conversations WHERE name = ?", (name,)
        )
        return {tuple(json.loads(row[0])): json.loads(row[1]) for row in rows}


USER_DATA = "ptb_user_data"
CHAT_DATA = "ptb_chat_data"  # no longer written (chat_data is not persisted); /forget clears it
_ID_COLUMNS = {USER_DATA: "user_id", CHAT_DATA: "chat_id"}
