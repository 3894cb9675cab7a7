"""The profile cache of UsersRepo: no query for a user read before, every write seen at once,
bounded memory, nothing cached that may roll back."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from storage.db import Database
from storage.events import EventsRepo
from storage.users import UsersRepo

AT = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(tmp_path / "rete.sqlite3")
    await database.open()
    yield database
    await database.close()


class Queries:
    def __init__(self) -> None:
        self.sql: list[str] = []

    def __call__(self, sql: str) -> None:
        if "FROM users" in sql:
            self.sql.append(sql)


async def traced(db: Database) -> Queries:
    queries = Queries()
    await db.connection.set_trace_callback(queries)
    return queries


async def ensure(users: UsersRepo, user_id: int, language: str | None = "it") -> None:
    await users.ensure(user_id, language, default_timezone="Europe/Rome", default_followup_days=3)


async def test_a_user_read_before_costs_no_query(db: Database) -> None:
    users = UsersRepo(db)
    await ensure(users, 1)
    queries = await traced(db)
    for _ in range(3):
        await ensure(users, 1)
        user = await users.get(1)
        assert user is not None and user.language is None
    assert queries.sql == []


async def check_in(users: UsersRepo) -> None:
    event_id = await EventsRepo(users.db).create(1, "Job fair")
    await users.set_current_event(1, event_id)


Write = Callable[[UsersRepo], Awaitable[None]]
WRITES: dict[str, Write] = {
    "update": lambda users: users.update(1, language="en", timezone="UTC"),
    "set_blocked": lambda users: users.set_blocked(1, AT),
    "set_current_event": lambda users: check_in(users),
    "set_cv": lambda users: users.set_cv(1, "file-1", "cv.pdf", AT),
    "set_preferred_time": lambda users: users.set_preferred_time(1, 8, 30),
}


@pytest.mark.parametrize("name", sorted(WRITES))
async def test_every_write_is_seen_by_the_next_read(db: Database, name: str) -> None:
    users = UsersRepo(db)
    await ensure(users, 1)
    before = await users.get(1)
    await WRITES[name](users)
    after = await users.get(1)
    fresh = await UsersRepo(db).get(1)  # another repository: no cache at all
    assert after == fresh
    assert after != before


async def test_a_deleted_user_is_gone_and_a_language_change_is_seen(db: Database) -> None:
    users = UsersRepo(db)
    await ensure(users, 1, "it")
    await ensure(users, 1, "en")
    user = await users.get(1)
    assert user is not None and user.telegram_language == "en"
    await users.delete(1)
    assert await users.get(1) is None


async def test_the_cache_is_bounded_least_recently_used_out(db: Database) -> None:
    users = UsersRepo(db, cache_size=2)
    for user_id in (1, 2, 3):
        await ensure(users, user_id)
    await users.get(2)
    await users.get(3)
    queries = await traced(db)
    await users.get(3)
    await users.get(2)
    assert queries.sql == []
    await users.get(1)  # fell out when 3 came in
    assert len(queries.sql) == 1


async def test_nothing_read_inside_a_rolled_back_transaction_is_kept(db: Database) -> None:
    users = UsersRepo(db)
    await ensure(users, 1)

    async def change_then_fail() -> None:
        async with db.transaction():
            await users.update(1, language="en")
            seen = await users.get(1)
            assert seen is not None and seen.language == "en"
            raise RuntimeError("roll back")

    with pytest.raises(RuntimeError):
        await change_then_fail()
    user = await users.get(1)
    assert user is not None and user.language is None


async def test_a_read_that_races_a_write_is_not_kept(db: Database) -> None:
    users = UsersRepo(db)
    await ensure(users, 1)
    users._cache.clear()
    original = db.fetchone

    async def read_then_write(sql: str, params: object = ()) -> object:
        row = await original(sql, params)  # type: ignore[arg-type]
        db.fetchone = original  # type: ignore[method-assign]
        await users.update(1, language="en")  # lands while the read is on its way back
        return row

    db.fetchone = read_then_write  # type: ignore[method-assign]
    stale = await users.get(1)
    assert stale is not None and stale.language is None
    user = await users.get(1)
    assert user is not None and user.language == "en"
