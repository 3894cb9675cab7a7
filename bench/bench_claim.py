"""Claiming due reminders with 1,000,000 reminder rows against 1,000 rows (goal: <= 2x).

Run:  uv run python bench/bench_claim.py
Both databases hold the same 100 due reminders; the big one also holds 999,900 others (sent,
done, or due in the future), as a database does after years of use. Each figure is the median
time of RemindersRepo.claim_due(limit=50) (the claimed rows are put back between rounds).
It also prints SQLite's EXPLAIN QUERY PLAN of the claim, which must use the partial index
`reminders_due` rather than scan the table.
"""

from __future__ import annotations

import asyncio
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from storage.db import Database, to_db
from storage.reminders import RemindersRepo

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
USERS = 1_000
DUE = 100
ROUNDS = 200


def fill(path: Path, total: int) -> None:
    """`DUE` reminders due now and `total - DUE` others, spread over `USERS` users."""
    rng = random.Random(7)
    conn = sqlite3.connect(path)
    with conn:
        conn.executemany(
            "INSERT INTO users(id) VALUES (?)", [(user_id,) for user_id in range(1, USERS + 1)]
        )

        def rows() -> Iterator[tuple[int, str, str]]:
            for i in range(total):
                owner = rng.randint(1, USERS)
                if i < DUE:
                    yield owner, to_db(NOW - timedelta(minutes=rng.randint(0, 600))), "pending"
                elif rng.random() < 0.1:  # queued for later
                    yield owner, to_db(NOW + timedelta(hours=rng.randint(1, 24 * 365))), "pending"
                else:  # history
                    status = rng.choice(("sent", "done", "skipped"))
                    yield owner, to_db(NOW - timedelta(hours=rng.randint(1, 24 * 900))), status

        conn.executemany(
            "INSERT INTO reminders(owner_id, kind, due_at, status) VALUES (?, 'followup', ?, ?)",
            rows(),
        )
    conn.execute("ANALYZE")
    conn.close()


async def measure(path: Path) -> tuple[float, list[str]]:
    db = Database(path)
    await db.open()
    try:
        repo = RemindersRepo(db)
        timings = []
        for _ in range(ROUNDS):
            started = time.perf_counter()
            claimed = await repo.claim_due(NOW, stale_before=NOW - timedelta(minutes=5), limit=50)
            timings.append(time.perf_counter() - started)
            assert len(claimed) == 50
            # Put them back by primary key (a scan here would evict the page cache and
            # measure a cold claim, which production never sees).
            ids = ",".join(str(reminder.id) for reminder in claimed)
            await db.execute(
                f"UPDATE reminders SET status = 'pending', claimed_at = NULL WHERE id IN ({ids})"
            )
        plan = await db.fetchall(
            "EXPLAIN QUERY PLAN"
            " SELECT r.id FROM reminders r JOIN users u ON u.id = r.owner_id"
            " WHERE r.status IN ('pending', 'claimed') AND r.due_at <= :now"
            "   AND (r.status = 'pending' OR r.claimed_at <= :stale) AND u.blocked = 0"
            " ORDER BY r.due_at LIMIT :limit",
            {"now": to_db(NOW), "stale": to_db(NOW), "limit": 50},
        )
        return statistics.median(timings), [row["detail"] for row in plan]
    finally:
        await db.close()


async def main() -> None:
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for total in (1_000, 1_000_000):
            path = Path(tmp) / f"claim-{total}.sqlite3"
            db = Database(path)
            await db.open()  # the schema, by the migrations
            await db.close()
            fill(path, total)
            results[total] = await measure(path)
    small, big = results[1_000][0], results[1_000_000][0]
    print(f"claim_due(limit=50), median of {ROUNDS}:")
    print(f"  1,000 rows:     {small * 1e3:.3f} ms")
    print(f"  1,000,000 rows: {big * 1e3:.3f} ms")
    print(f"  ratio: {big / small:.2f}x (goal <= 2x)")
    print("query plan with 1,000,000 rows:")
    for line in results[1_000_000][1]:
        print("  " + line)
    uses_index = any("reminders_due" in line for line in results[1_000_000][1])
    print(f"uses the partial index reminders_due: {'yes' if uses_index else 'NO'}")


if __name__ == "__main__":
    asyncio.run(main())
