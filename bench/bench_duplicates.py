"""The duplicate check on save (/add's Save): a user whose address book has 10,000 contacts
sharing a word with the new one, against a user with 10 (the baseline), in one database.

Measures `bot.contacts.actions.possible_duplicates` (the candidate read by index and search
index, then the judge) per call, median of REPEAT, for a draft that shares its surname, its
company and an e-mail domain with everyone. Goal (issue 15): ≤ 3× from 10 to 10,000.

Run:  uv run python bench/bench_duplicates.py
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from bot.contacts.actions import possible_duplicates
from bot.services import Repos
from storage.contacts import ContactDraft
from storage.db import Database

SMALL_USER, BIG_USER = 1, 2
REPEAT = 200
FIRST = [
    "Marco",
    "Giulia",
    "Luca",
    "Chiara",
    "Paolo",
    "Francesca",
    "Niccolò",
    "Zoë",
    "Andrea",
    "Sara",
    "Matteo",
]


def people(count: int) -> list[ContactDraft]:
    return [
        ContactDraft(
            name=f"{FIRST[i % len(FIRST)]}{i} Rossi",
            company="Acme S.p.A.",
            emails=[f"p{i}@acme.it"],
            phones=[f"+3933300{i:05d}"],
        )
        for i in range(count)
    ]


async def median_ms(repos: Repos, owner: int, draft: ContactDraft) -> float:
    user = await repos.users.get(owner)
    assert user is not None
    for _ in range(10):
        await possible_duplicates(repos, user, draft)
    samples = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        await possible_duplicates(repos, user, draft)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


async def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Database(Path(folder) / "bench.sqlite3")
        await db.open()
        repos = Repos.on(db)
        for owner, count in ((SMALL_USER, 10), (BIG_USER, 10_000)):
            await repos.users.ensure(
                owner, "it", default_timezone="Europe/Rome", default_followup_days=3
            )
            await repos.contacts.create_many(owner, people(count))
        drafts = {
            "same surname and company": ContactDraft(name="Mario Rossi", company="Acme"),
            "same e-mail": ContactDraft(name="Zed Nobody", emails=["p5@acme.it"]),
            "nothing in common": ContactDraft(name="Zed Nobody", company="Globex"),
        }
        print(f"{'draft':<26}{'10 contacts':>14}{'10,000':>12}{'ratio':>8}")
        for label, draft in drafts.items():
            small = await median_ms(repos, SMALL_USER, draft)
            big = await median_ms(repos, BIG_USER, draft)
            print(f"{label:<26}{small:>12.2f}ms{big:>10.2f}ms{big / small:>7.1f}×")
        await db.close()


if __name__ == "__main__":
    asyncio.run(main())
