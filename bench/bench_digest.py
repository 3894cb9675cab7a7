"""Building a group's digest from storage: 10,000 job posts in one day (goal: <= 200 ms).

Run: ``uv run python bench/bench_digest.py``

Measured in one run, on a temporary SQLite file filled through the jobs repositories:
- baseline: only selecting the chat's new post rows (``SELECT * … WHERE chat_id AND id >``);
- the digest as sent (query + places + group + render + split, capped at 100 posts);
- the full digest (every one of the 10,000 posts rendered and split).
Each figure is the best of 7 runs, and a ratio to the baseline.
"""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.jobposts.collect import analyse, fields_to_json, link_for  # noqa: E402
from bot.jobposts.digest_job import build_digest  # noqa: E402
from bot.services import Repos  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.job_chats import JobChat  # noqa: E402
from storage.job_posts import NewPost  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "jobposts" / "corpus.jsonl"
POSTS = 10_000
CHAT_ID = -1_001_234_567_890
GOAL_MS = 200.0


async def best_of(runs: int, fn: Callable[[], Awaitable[object]]) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        await fn()
        best = min(best, time.perf_counter() - start)
    return best


async def fill(repos: Repos) -> None:
    texts = [json.loads(line)["text"] for line in CORPUS.read_text("utf-8").splitlines()]
    jobs = [a for a in (analyse(t) for t in texts) if a is not None]
    await repos.job_chats.record_chat(
        CHAT_ID,
        type="supergroup",
        title="Bench jobs",
        username=None,
        bot_status="administrator",
        active=True,
        can_read=True,
    )
    start = datetime(2026, 11, 24, 0, 0, tzinfo=UTC)
    async with repos.db.transaction():
        for i in range(POSTS):
            analysed = jobs[i % len(jobs)]
            at = start + timedelta(seconds=i * 8)  # 10,000 posts within one day
            offer = await repos.job_posts.create_offer(
                f"{analysed.fingerprint}{i}", analysed.normalised, at
            )
            f = analysed.fields
            await repos.job_posts.add_post(
                NewPost(
                    chat_id=CHAT_ID,
                    message_id=i + 1,
                    offer_id=offer,
                    sender_id=None,
                    text=analysed.text,
                    fields_json=fields_to_json(f),
                    role=f.role,
                    company=f.company,
                    location=f.location,
                    work_mode=f.work_mode.value if f.work_mode else None,
                    fingerprint=analysed.fingerprint,
                    link=link_for(CHAT_ID, None, i + 1),
                    posted_at=at,
                )
            )


async def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Database(Path(folder) / "bench.sqlite3")
        await db.open()
        try:
            repos = Repos.on(db)
            await fill(repos)
            chat = await repos.job_chats.get_chat(CHAT_ID)
            assert isinstance(chat, JobChat)

            async def baseline() -> None:
                await db.fetchall(
                    "SELECT * FROM job_posts WHERE chat_id = ? AND id > ?", (CHAT_ID, 0)
                )

            async def capped() -> None:
                await build_digest(repos, chat)

            async def full() -> None:
                await build_digest(repos, chat, max_posts=None)

            messages, _ = await build_digest(repos, chat, max_posts=None)
            t_base = await best_of(7, baseline)
            t_capped = await best_of(7, capped)
            t_full = await best_of(7, full)
        finally:
            await db.close()
    print("command: uv run python bench/bench_digest.py")
    print(f"{'measure (10,000 posts in a day)':<44}{'ms':>10}{'ratio':>9}")
    print(f"{'baseline: select the rows':<44}{t_base * 1e3:>10.1f}{1:>8.1f}x")
    for name, seconds in (
        ("digest as sent (capped at 100 posts)", t_capped),
        ("full digest (all 10,000 lines)", t_full),
    ):
        print(f"{name:<44}{seconds * 1e3:>10.1f}{seconds / t_base:>8.1f}x")
    print(
        f"(full digest = {len(messages)} messages of <= 4096 UTF-16 units; goal <= "
        f"{GOAL_MS:.0f} ms: {'met' if max(t_capped, t_full) * 1e3 <= GOAL_MS else 'NOT met'})"
    )


if __name__ == "__main__":
    asyncio.run(main())
