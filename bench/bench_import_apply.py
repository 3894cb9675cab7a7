"""What an /import of 10,000 LinkedIn connections costs after parsing, and /export and
/forget at that size, as ratios to a baseline measured in the same run.

Baseline: `parse_import` of the same 10,000-row file (the part that was already measured in
bench_porting.py; everything the dialogue adds is compared with it).
- plan_import against 10,000 existing contacts (candidate index), and the brute-force
  comparison it replaces (find_duplicates against everyone, timed on 200 drafts and scaled);
- apply_import of 10,000 new contacts with a keep-in-touch cadence: one transaction;
- export_csv / export_vcf / JSON of 10,000 contacts;
- forget_user of an account of 10,000 contacts, with another of 10,000 kept (optimize of the
  search index included).

Run:  uv run python bench/bench_import_apply.py
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from pathlib import Path

from bench_porting import linkedin_bytes
from pydantic import SecretStr

from bot.clock import ManualClock
from bot.contacts.duplicates import find_duplicates
from bot.porting import ParseResult, export_csv, export_vcf, json_export, parse_import
from bot.porting.actions import apply_import, forget_user
from bot.porting.plan import ImportPlan, plan_import
from bot.services import Services
from bot.settings import Settings
from storage.contacts import ContactIdentity
from storage.kinds import Cadence
from storage.users import User

TODAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


async def atimed(work: Callable[[], Awaitable[object]]) -> float:
    start = time.perf_counter()
    await work()
    return time.perf_counter() - start


async def main() -> None:
    data = linkedin_bytes()
    parsed = parse_import(data, today=TODAY)
    assert isinstance(parsed, ParseResult)
    drafts = parsed.contacts
    baseline = min(timed(lambda: parse_import(data, today=TODAY)) for _ in range(3))

    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            telegram_bot_token=SecretStr("123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0"),
            database_path=Path(folder) / "bench.sqlite3",
        )
        services = Services.create(settings, ManualClock(NOW))
        await services.repos.db.open()
        kept, gone = await make_users(services)
        rows: list[tuple[str, float]] = []

        # An account that already has the same 10,000 people (all duplicates).
        await services.repos.contacts.create_many(kept.id, drafts)
        existing = await services.repos.contacts.identities(kept.id)
        plan_time = timed(lambda: plan_import(drafts, existing))
        sample = drafts[:200]
        brute = timed(lambda: [find_duplicates(d, existing) for d in sample]) * (
            len(drafts) / len(sample)
        )
        rows += [
            ("plan_import vs 10,000 existing (index)", plan_time),
            ("find_duplicates vs everyone (scaled)  ", brute),
        ]

        empty: list[ContactIdentity] = []
        plan = plan_import(drafts, empty)
        rows.append(("apply_import 10,000 new + cadence     ", await apply(services, gone, plan)))

        contacts = [c.draft() for c in await services.repos.contacts.all_for_owner(gone.id)]
        rows.append(("export_csv 10,000                     ", timed(lambda: export_csv(contacts))))
        rows.append(("export_vcf 10,000                     ", timed(lambda: export_vcf(contacts))))
        sections = await json_export.collect(services.repos, gone.id)
        rows.append(
            (
                "JSON export 10,000                    ",
                timed(lambda: json_export.render(sections, user_id=gone.id, exported_at=NOW)),
            )
        )
        rows.append(
            (
                "forget_user 10,000 (10,000 kept)      ",
                await atimed(lambda: forget_user(services.repos, gone.id)),
            )
        )
        assert await services.repos.contacts.count(gone.id) == 0
        assert await services.repos.contacts.count(kept.id) == len(drafts)
        await services.repos.db.close()

    print(f"baseline parse_import LinkedIn 10,000 rows: {baseline * 1000:8.1f} ms   1.0x")
    for label, seconds in rows:
        print(f"{label}    : {seconds * 1000:8.1f} ms {seconds / baseline:6.2f}x")


async def make_users(services: Services) -> tuple[User, User]:
    users = []
    for user_id in (1, 2):
        user, _ = await services.repos.users.ensure(
            user_id, "it", default_timezone="Europe/Rome", default_followup_days=3
        )
        users.append(user)
    return users[0], users[1]


async def apply(services: Services, user: User, plan: ImportPlan) -> float:
    return await atimed(
        lambda: apply_import(
            services.repos,
            services.clock,
            user,
            plan,
            merge=True,
            cadence=Cadence.QUARTERLY,
            tag="import-bench",
            describe=str,
        )
    )


if __name__ == "__main__":
    asyncio.run(main())
