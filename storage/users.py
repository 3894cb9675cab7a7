"""Users: language, time zone, follow-up preferences, blocked flag, current event, CV.

Every update from a user needs their row, and it rarely changes: `UsersRepo` keeps the most
recently used rows in memory. Every write to a user's row goes through this repository, and
each write drops that row from the cache, so a read never sees an older value than the
database. The cache is bounded (least recently used out first): memory follows the active
users, not every user ever seen.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.db import Database, from_db, to_db


@dataclass(frozen=True, slots=True)
class User:
    id: int
    language: str | None
    telegram_language: str | None
    timezone: str
    followup_days: int
    preferred_hour: int
    weekend_shift: bool
    phone_region: str
    blocked: bool
    current_event_id: int | None
    cv_file_id: str | None
    cv_file_name: str | None
    cv_uploaded_at: datetime | None
    preferred_minute: int = 0  # migration 0003


def _user(row: aiosqlite.Row) -> User:
    return User(
        id=row["id"],
        language=row["language"],
        telegram_language=row["telegram_language"],
        timezone=row["timezone"],
        followup_days=row["followup_days"],
        preferred_hour=row["preferred_hour"],
        weekend_shift=bool(row["weekend_shift"]),
        phone_region=row["phone_region"],
        blocked=bool(row["blocked"]),
        current_event_id=row["current_event_id"],
        cv_file_id=row["cv_file_id"],
        cv_file_name=row["cv_file_name"],
        cv_uploaded_at=from_db(row["cv_uploaded_at"]) if row["cv_uploaded_at"] else None,
        preferred_minute=row["preferred_minute"],
    )


# Settings a user may change; the values are validated by the caller (bot/ domain code).
_SETTABLE = frozenset(
    {"timezone", "followup_days", "preferred_hour", "weekend_shift", "phone_region", "language"}
)


CACHED_USERS = 10_000


class UsersRepo:
    def __init__(self, db: Database, *, cache_size: int = CACHED_USERS) -> None:
        self.db = db
        self._cache: OrderedDict[int, User] = OrderedDict()
        self._cache_size = cache_size
        self._writes = 0  # bumped by every write: a read that raced one is not cached

    async def get(self, user_id: int) -> User | None:
        cached = self._cache.get(user_id)
        if cached is not None:
            self._cache.move_to_end(user_id)
            return cached
        writes = self._writes
        row = await self.db.fetchone("SELECT * FROM users WHERE id = ?", (user_id,))
        if row is None:
            return None
        user = _user(row)
        # Inside a transaction the row may still roll back; after a concurrent write it may
        # already be old.
        if writes == self._writes and not self.db.in_transaction:
            self._cache[user_id] = user
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return user

    async def _write(self, user_id: int, sql: str, params: tuple[object, ...]) -> None:
        # Dropped before the write: a read already on its way will not be kept (see `get`),
        # and one that starts now waits for the write (one connection, its lock in order).
        self._writes += 1
        self._cache.pop(user_id, None)
        await self.db.execute(sql, params)

    async def ensure(
        self,
        user_id: int,
        telegram_language: str | None,
        *,
        default_timezone: str,
        default_followup_days: int,
    ) -> tuple[User, bool]:
        """The user's row, created on first sight. Returns (user, was_blocked_until_now).

        A user who writes to the bot has unblocked it, so the blocked flag is cleared here.
        """
        user = await self.get(user_id)
        if user is None:
            await self._write(
                user_id,
                "INSERT INTO users(id, telegram_language, timezone, followup_days)"
                " VALUES (?, ?, ?, ?) ON CONFLICT(id) DO NOTHING",
                (user_id, telegram_language, default_timezone, default_followup_days),
            )
        elif user.blocked or (telegram_language and telegram_language != user.telegram_language):
            await self._write(
                user_id,
                "UPDATE users SET blocked = 0, blocked_at = NULL,"
                " telegram_language = coalesce(?, telegram_language),"
                " updated_at = datetime('now') WHERE id = ?",
                (telegram_language, user_id),
            )
        else:
            return user, False
        fresh = await self.get(user_id)
        assert fresh is not None
        return fresh, bool(user and user.blocked)

    async def update(self, user_id: int, **values: object) -> None:
        unknown = set(values) - _SETTABLE
        if unknown:
            raise ValueError(f"not a user setting: {sorted(unknown)}")
        if not values:
            return
        assignments = ", ".join(f"{name} = ?" for name in values)
        await self._write(
            user_id,
            f"UPDATE users SET {assignments}, updated_at = datetime('now') WHERE id = ?",
            (*values.values(), user_id),
        )

    async def set_blocked(self, user_id: int, at: datetime) -> None:
        await self._write(
            user_id,
            "UPDATE users SET blocked = 1, blocked_at = ? WHERE id = ?",
            (to_db(at), user_id),
        )

    async def set_current_event(self, user_id: int, event_id: int | None) -> None:
        await self._write(
            user_id, "UPDATE users SET current_event_id = ? WHERE id = ?", (event_id, user_id)
        )

    async def set_cv(self, user_id: int, file_id: str, file_name: str, at: datetime) -> None:
        await self._write(
            user_id,
            "UPDATE users SET cv_file_id = ?, cv_file_name = ?, cv_uploaded_at = ? WHERE id = ?",
            (file_id, file_name, to_db(at), user_id),
        )

    async def delete(self, user_id: int) -> None:
        """Delete the user; every owned row goes with it (foreign keys cascade)."""
        await self._write(user_id, "DELETE FROM users WHERE id = ?", (user_id,))

    # --- followups ---
    async def set_preferred_time(self, user_id: int, hour: int, minute: int) -> None:
        """The local time nudges arrive at (validated by bot.followups.settings_input)."""
        await self._write(
            user_id,
            "UPDATE users SET preferred_hour = ?, preferred_minute = ?,"
            " updated_at = datetime('now') WHERE id = ?",
            (hour, minute, user_id),
        )
