"""One aiosqlite connection, its pragmas, and serialised access to it.

A single connection is shared by every coroutine of the bot. SQLite serialises writers anyway;
an asyncio lock makes sure one coroutine's transaction never swallows another's statements.
"""

from __future__ import annotations

import asyncio
import contextvars
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import asynccontextmanager, closing, suppress
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar, cast

import aiosqlite

from storage import search_index, vocabulary
from storage.migrations import apply_migrations

Params = Sequence[Any] | dict[str, Any]

_in_transaction: contextvars.ContextVar[Database | None] = contextvars.ContextVar(
    "rete_db_in_transaction", default=None
)


T = TypeVar("T")


async def _in_thread(conn: aiosqlite.Connection, work: Callable[[sqlite3.Connection], T]) -> T:
    """Run `work` on the sqlite3 connection in aiosqlite's own thread: one trip, where
    aiosqlite's cursor API makes two or three (aiosqlite <0.23 is pinned: `_execute` and `_conn`
    are how its public methods do the same)."""
    result: T = await cast(Any, conn)._execute(work, conn._conn)
    return result


def _atomically(conn: sqlite3.Connection, work: Callable[[sqlite3.Connection], None]) -> None:
    conn.execute("BEGIN IMMEDIATE").close()
    try:
        work(conn)
    except BaseException:
        conn.execute("ROLLBACK").close()
        raise
    conn.execute("COMMIT").close()


def _end(statement: str) -> Callable[[sqlite3.Connection], None]:
    """COMMIT or ROLLBACK, if a transaction was begun (a BEGIN that failed, or none sent)."""

    def end(c: sqlite3.Connection) -> None:
        if c.in_transaction:
            c.execute(statement).close()

    return end


class StorageError(Exception):
    """The database could not be opened or used."""


def to_db(moment: datetime) -> str:
    """UTC text that sorts like time: 2026-11-28 09:30:00."""
    if moment.tzinfo is None:
        raise ValueError("naive datetimes are ambiguous; pass an aware one")
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def from_db(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)


def date_to_db(day: date | None) -> str | None:
    return day.isoformat() if day else None


def date_from_db(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


# The SQL functions the triggers call (the search index's owner words, the typo fallback's
# vocabulary): every connection that writes contacts registers them.
SQL_FUNCTIONS: tuple[tuple[str, int, Callable[..., str | None]], ...] = (
    (search_index.FUNCTION_NAME, 2, search_index.owner_words),
    (vocabulary.WORDS_FUNCTION, 2, vocabulary.name_words_json),
    (vocabulary.KEYS_FUNCTION, 1, vocabulary.word_keys_json),
)


async def configure(conn: aiosqlite.Connection) -> None:
    """What every connection that writes needs: pragmas and the triggers' functions."""
    await conn.execute("PRAGMA journal_mode=WAL")
    await conn.execute("PRAGMA synchronous=NORMAL")
    await conn.execute("PRAGMA foreign_keys=ON")
    await conn.execute("PRAGMA busy_timeout=5000")
    for name, arguments, function in SQL_FUNCTIONS:
        await conn.create_function(name, arguments, function, deterministic=True)


def check_integrity(path: Path | str) -> None:
    """Raise StorageError if SQLite finds the file damaged; an absent file passes (it will be
    created). `PRAGMA quick_check` walks every table and index (about 0.3 s for 150 MB) and
    writes nothing: a damaged database is refused before anything can write to it."""
    if str(path) == ":memory:" or not Path(path).is_file():
        return
    try:
        with closing(sqlite3.connect(path, timeout=5)) as conn:
            problems = [row[0] for row in conn.execute("PRAGMA quick_check(3)")]
    except sqlite3.Error as exc:
        if getattr(exc, "sqlite_errorname", "") not in _DAMAGED:
            raise StorageError(f"database {path} cannot be read: {exc}") from None
        problems = [str(exc)]
    if problems != ["ok"]:
        raise StorageError(
            f"database {path} is damaged ({problems[0]}); it was left as it is:"
            " restore a backup (README, Deploy)"
        )


_DAMAGED = {"SQLITE_CORRUPT", "SQLITE_NOTADB"}


class Database:
    """Opened once, closed once: after close() it stays closed (open() refuses), so nothing
    late in a shutdown can start a new connection thread that would keep the process alive."""

    CLOSE_WAIT = 1.0  # seconds close() waits for a transaction in progress

    def __init__(self, path: Path | str) -> None:
        self.path = str(path)
        self._conn: aiosqlite.Connection | None = None
        self._lock = asyncio.Lock()
        self._opening = asyncio.Lock()
        self._closed = False
        self._begin_pending = False  # in a transaction that has not run a statement yet

    @property
    def is_open(self) -> bool:
        return self._conn is not None

    async def open(self) -> None:
        """Connect, set pragmas and migrate. Idempotent until close(): every user of the db may
        call it."""
        async with self._opening:
            if self._closed:
                raise StorageError(f"database {self.path} was closed")
            if self._conn is None:
                self._conn = await self._connect()

    async def _connect(self) -> aiosqlite.Connection:
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            conn = await aiosqlite.connect(self.path, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise StorageError(f"cannot open database {self.path}: {exc}") from None
        try:
            conn.row_factory = aiosqlite.Row
            await configure(conn)
            await apply_migrations(conn)
        except BaseException as exc:
            # Whatever went wrong (even a cancellation), the connection's thread must end.
            await conn.close()
            if isinstance(exc, sqlite3.Error):
                raise StorageError(f"cannot use database {self.path}: {exc}") from None
            raise
        return conn

    async def close(self) -> None:
        """Wait (at most CLOSE_WAIT s) for a transaction in progress, then close the connection
        and end its thread. Safe to call twice, or on a database never opened."""
        async with self._opening:
            self._closed = True
            conn = self._conn
            if conn is None:
                return
            acquired = False
            if _in_transaction.get() is not self:
                with suppress(TimeoutError):  # then closing rolls the stuck transaction back
                    acquired = await asyncio.wait_for(self._lock.acquire(), self.CLOSE_WAIT)
            self._conn = None
            try:
                await conn.close()
            finally:
                if acquired:
                    self._lock.release()

    @property
    def in_transaction(self) -> bool:
        """True inside `transaction()` (in this task): what is read here may still roll back."""
        return _in_transaction.get() is self

    @property
    def connection(self) -> aiosqlite.Connection:
        if self._conn is None:
            raise StorageError("database is not open")
        return self._conn

    @asynccontextmanager
    async def _access(self) -> AsyncIterator[aiosqlite.Connection]:
        conn = self.connection
        if _in_transaction.get() is self:
            yield conn
            return
        async with self._lock:
            yield conn

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        """BEGIN IMMEDIATE … COMMIT, rolled back on any error. Nested calls join the outer one.

        BEGIN travels with the transaction's first statement (one trip to the thread fewer; a
        transaction that ran nothing costs none). The lock is held from here on, so nothing of
        ours can run in between. Statements go through this object's methods, never straight to
        the connection (they would run outside the transaction)."""
        conn = self.connection
        if _in_transaction.get() is self:
            yield
            return
        async with self._lock:
            token = _in_transaction.set(self)
            self._begin_pending = True
            try:
                yield
            except BaseException:
                if not self._begin_pending:
                    await _in_thread(conn, _end("ROLLBACK"))
                raise
            else:
                if not self._begin_pending:
                    await _in_thread(conn, _end("COMMIT"))
            finally:
                self._begin_pending = False
                _in_transaction.reset(token)

    async def _run(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """One trip to the thread for `work` (after BEGIN, if it is the transaction's first)."""
        async with self._access() as conn:
            if not (self._begin_pending and _in_transaction.get() is self):
                return await _in_thread(conn, work)
            self._begin_pending = False

            def begun(c: sqlite3.Connection) -> T:
                c.execute("BEGIN IMMEDIATE").close()
                return work(c)

            return await _in_thread(conn, begun)

    # Every call below is one trip to aiosqlite's thread: the trips, not SQLite, are most of
    # the cost of a small statement.
    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement; return how many rows it changed."""
        return await self._run(lambda c: int(c.execute(sql, params).rowcount))

    async def insert(self, sql: str, params: Params = ()) -> int:
        """Run one INSERT; return the new row's id."""
        row_id = await self._run(lambda c: c.execute(sql, params).lastrowid)
        if row_id is None:
            raise StorageError("INSERT returned no row id")
        return int(row_id)

    async def insert_new(self, sql: str, params: Params = ()) -> int | None:
        """Run one INSERT … ON CONFLICT DO NOTHING; the new row's id, or None if none was
        inserted (lastrowid alone would still hold an earlier insert's id)."""

        def run(c: sqlite3.Connection) -> int | None:
            cursor = c.execute(sql, params)
            return cursor.lastrowid if cursor.rowcount == 1 else None

        return await self._run(run)

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        await self._run(lambda c: c.executemany(sql, rows).close())

    async def write_many(self, statements: Sequence[tuple[str, Sequence[Params]]]) -> None:
        """Each statement with each of its rows, in one transaction (or the caller's)."""

        def run(c: sqlite3.Connection) -> None:
            for sql, rows in statements:
                c.executemany(sql, rows).close()

        if self.in_transaction:
            await self._run(run)
            return
        async with self._lock:
            await _in_thread(self.connection, lambda c: _atomically(c, run))

    async def fetchone(self, sql: str, params: Params = ()) -> aiosqlite.Row | None:
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    async def fetchall(self, sql: str, params: Params = ()) -> list[aiosqlite.Row]:
        return await self._run(lambda c: c.execute(sql, params).fetchall())

    async def fetchval(self, sql: str, params: Params = ()) -> Any:
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]

    async def backup_to(self, target: Path | str) -> None:
        """A consistent copy of the live database through SQLite's online backup API."""
        async with self._access() as conn:
            dest = await aiosqlite.connect(str(target))
            try:
                await conn.backup(dest)
            finally:
                await dest.close()
