"""/find's full-text query: one user with 100,000 contacts in a database of 1,000,000, against
the same queries for a user with 1,000 contacts in the same database (the baseline).

Reports, per query, the median and p95 of `ContactsRepo.search` (the real storage call, with
its aiosqlite round trip) and the ratio big/small; the goal is ≤ 3× and p95 ≤ 10 ms. Also the
typo fallback (`find_contacts`: `words_near`, `close_words`, `with_name_words`,
`fuzzy_matches`) for the small and the big user: the first (cold) call, then the median of 20.

Run:  uv run python bench/bench_find.py            (builds /tmp/rete-bench-find.sqlite3 once,
      uv run python bench/bench_find.py --rebuild   about a minute, then reuses it)
"""

from __future__ import annotations

import asyncio
import random
import sqlite3
import statistics
import sys
import time
from pathlib import Path

from bot.contacts.actions import find_contacts
from bot.services import Repos
from storage.db import SQL_FUNCTIONS, Database

PATH = Path("/tmp/rete-bench-find.sqlite3")
TOTAL = 1_000_000
BIG_USER, BIG = 1, 100_000
SMALL_USER, SMALL = 2, 1_000
OTHER_USERS = 900  # the rest of the million, 1,000 each
FALLBACK_REPEAT = 21
REPEAT = 200

FIRST = "Marco Giulia Luca Chiara Paolo Francesca Niccolò Zoë Andrea Sara Matteo"
FIRST_NAMES = FIRST.split()
LAST = "Rossi Bianchi Ferrari Esposito Romano Colombo Ricci Marino Greco Conti"
LAST_NAMES = LAST.split()
TOPICS = "python data cloud vendite marketing colloquio cv referenza fiera startup"
WORDS = TOPICS.split()
QUERIES = ["rossi", "niccolo", "giu", "acme", "marco ferrari", "kubernetes", "colloquio"]


def build(path: Path) -> None:
    asyncio.run(_migrate(path))
    rng = random.Random(7)
    conn = sqlite3.connect(path)
    # The index triggers call it (Database.open registers it on the bot's connection).
    for name, arguments, function in SQL_FUNCTIONS:
        conn.create_function(name, arguments, function, deterministic=True)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")
    owners = [BIG_USER] * BIG + [SMALL_USER] * SMALL
    owners += [10 + i // 1000 for i in range(TOTAL - len(owners))]
    rng.shuffle(owners)  # interleaved, as real users' rows would be
    users = sorted(set(owners))
    conn.executemany("INSERT INTO users(id) VALUES (?)", [(u,) for u in users])
    rows = []
    for owner in owners:
        company = f"Azienda {rng.randrange(5000)}" if rng.random() < 0.97 else "Acme"
        notes = " ".join(rng.sample(WORDS, 3))
        if rng.random() < 0.01:
            notes += " kubernetes"
        rows.append(
            (owner, f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}", company, "HR", notes)
        )
    conn.executemany(
        "INSERT INTO contacts(owner_id, name, company, role, notes) VALUES (?, ?, ?, ?, ?)", rows
    )
    conn.commit()
    conn.execute("INSERT INTO contacts_fts(contacts_fts) VALUES ('optimize')")
    conn.commit()
    conn.close()


async def _migrate(path: Path) -> None:
    db = Database(path)
    await db.open()
    await db.close()


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[18]


async def measure() -> None:
    db = Database(PATH)
    await db.open()  # applies any newer migration (e.g. 0002) to the cached file
    repos = Repos.on(db)
    repo, users = repos.contacts, repos.users
    print(f"{'query':<16}{'1k: median':>12}{'p95':>9}{'100k: median':>14}{'p95':>9}{'ratio':>8}")
    worst_ratio, worst_p95 = 0.0, 0.0
    for query in QUERIES:
        times: dict[int, list[float]] = {}
        for owner in (SMALL_USER, BIG_USER):
            for _ in range(10):
                await repo.search(owner, query)
            samples = []
            for _ in range(REPEAT):
                start = time.perf_counter()
                await repo.search(owner, query)
                samples.append((time.perf_counter() - start) * 1000)
            times[owner] = samples
        small, big = times[SMALL_USER], times[BIG_USER]
        ratio = statistics.median(big) / statistics.median(small)
        worst_ratio, worst_p95 = max(worst_ratio, ratio), max(worst_p95, _p95(big))
        print(
            f"{query:<16}{statistics.median(small):>10.2f}ms{_p95(small):>7.2f}ms"
            f"{statistics.median(big):>12.2f}ms{_p95(big):>7.2f}ms{ratio:>7.1f}×"
        )
    print(f"worst ratio {worst_ratio:.1f}× (goal ≤ 3×), worst p95 {worst_p95:.2f} ms (goal ≤ 10)")
    fallback: dict[int, list[float]] = {}
    for owner in (SMALL_USER, BIG_USER):
        user = await users.get(owner)
        assert user is not None
        fallback[owner] = []
        for _ in range(FALLBACK_REPEAT):  # the first call is the cold one
            start = time.perf_counter()
            found = await find_contacts(repos, user, "Nicolo Rosi", limit=8)
            fallback[owner].append((time.perf_counter() - start) * 1000)
            assert found.contacts and not found.exact
    for owner, label in ((SMALL_USER, "1k"), (BIG_USER, "100k")):
        first, *rest = fallback[owner]
        print(
            f"typo fallback, {label} contacts: first {first:.1f} ms,"
            f" then median {statistics.median(rest):.1f} ms, p95 {_p95(rest):.1f} ms"
        )
    ratio = statistics.median(fallback[BIG_USER][1:]) / statistics.median(fallback[SMALL_USER][1:])
    print(f"typo fallback 100k vs 1k: {ratio:.1f}× (goal ≤ 30 ms at 100k)")
    await db.close()


def main() -> None:
    if "--rebuild" in sys.argv or not PATH.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{PATH}{suffix}").unlink(missing_ok=True)
        started = time.perf_counter()
        build(PATH)
        print(f"built {TOTAL:,} contacts in {time.perf_counter() - started:.0f} s")
    asyncio.run(measure())


if __name__ == "__main__":
    main()
