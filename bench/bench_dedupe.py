"""Collecting a post among many stored offers: the repost look-up must not grow with them.

Run: ``uv run python bench/bench_dedupe.py``

A temporary SQLite file holds 1,000 and then 50,000 distinct offers, all inside the 14-day
de-duplication window (synthetic: roles x companies x places x stacks, seeded). Then 400
posts arrive through ``collect_post`` (classify + extract + de-duplicate + store + match):
half are new offers, half reposts of stored ones (a prefix line and a changed line, so the
exact fingerprint misses and the fuzzy path runs). Figures are CPU time of the process (every
thread, SQLite's included), best of 3 runs: on a shared machine, time spent waiting for a
core is not the code's cost.

- per-post cost at 50,000 offers vs 1,000 (goal <= 2x);
- classify + extract + de-duplicate (``find_offer``, nothing stored) per post, against a
  fair baseline measured in the same run: classify + extract of the same texts alone
  (goal: <= 2 ms per post);
- for reference, the old look-up (rapidfuzz over every recent offer) at 50,000.
"""

from __future__ import annotations

import asyncio
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from rapidfuzz import fuzz, process

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.jobposts.classifier import classify  # noqa: E402
from bot.jobposts.collect import (  # noqa: E402
    IncomingPost,
    SharedChat,
    analysed,
    collect_post,
    fields_to_json,
    find_offer,
    link_for,
    new_post,
)
from bot.jobposts.extract import extract  # noqa: E402
from bot.jobposts.fingerprint import offer_words  # noqa: E402
from bot.services import Repos  # noqa: E402
from storage.db import Database, to_db  # noqa: E402
from storage.job_kinds import BotStatus, JobChatType  # noqa: E402

CHAT = SharedChat(-1_001_000_000_001, JobChatType.SUPERGROUP, "Bench jobs", "benchjobs")
START = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
INCOMING = 400
ROLES = (
    "Backend Developer", "Frontend Developer", "Data Engineer", "Data Analyst", "DevOps Engineer",
    "UX Designer", "Product Manager", "QA Tester", "Sistemista", "Project Manager",
    "Magazziniere", "Contabile", "Receptionist", "HR Specialist", "Sales Account",
    "Full Stack Developer", "Mobile Developer", "Cloud Architect", "Data Scientist",
    "SEO Specialist",
)  # fmt: skip
PLACES = (
    "Milano", "Roma", "Torino", "Bologna", "Napoli", "Firenze", "Genova", "Padova", "Bari",
    "Verona", "Brescia", "Bergamo", "Trieste", "Parma", "Modena", "Pisa", "Lecce", "Trento",
)  # fmt: skip
STACK = (
    "Python", "Django", "Java", "Spring", "Kotlin", "Go", "Rust", "React", "Vue", "Angular",
    "PostgreSQL", "MySQL", "MongoDB", "Redis", "Kafka", "AWS", "Azure", "GCP", "Docker",
    "Kubernetes", "Terraform", "Figma", "Excel", "SAP", "Salesforce", "Jira", "Scrum", "Linux",
)  # fmt: skip
SYLLABLES = ("ra", "to", "mi", "ne", "lu", "ca", "ve", "zo", "ti", "bel", "gor", "dan", "sel")
TEMPLATES = (
    "#lavoro Cercasi {role}\nAzienda: {company}\n📍 {place}\nStack: {stack}\nRAL {lo}-{hi}k\n"
    "Contratto a tempo indeterminato, {perk}.\nCandidature: jobs@{mail}.it",
    "We are hiring! {role} @ {company}\nLocation: {place}\nSkills: {stack}\n"
    "Salary {lo}-{hi}k EUR, {perk}.\nApply: https://{mail}.example/jobs/{n}",
    "[{role}] [RAL {lo}-{hi}k] [{place}]\n{company} cerca un {role} da inserire nel team."
    "\nRequisiti: {stack}. {perk}.\nInvia il CV a hr@{mail}.it #offerta",
)
PERKS = ("buoni pasto", "smart working due giorni", "welfare aziendale", "auto aziendale",
         "formazione continua", "orario flessibile", "bonus annuale")  # fmt: skip


def offer_text(rng: random.Random, n: int) -> str:
    company = "".join(rng.choice(SYLLABLES) for _ in range(3)).title()
    lo = rng.randrange(22, 60)
    return rng.choice(TEMPLATES).format(
        role=rng.choice(ROLES),
        company=f"{company} {rng.choice(('S.p.A.', 'Srl', 'Group', 'Lab'))}",
        place=rng.choice(PLACES),
        stack=", ".join(rng.sample(STACK, 4)),
        lo=lo,
        hi=lo + rng.randrange(3, 15),
        perk=rng.choice(PERKS),
        mail=f"{company.lower()}{n}",
        n=n,
    )


def repost(text: str) -> str:
    """Forwarded elsewhere with a line changed: the exact key differs, the offer does not."""
    lines = text.splitlines()
    return "Inoltro da Offerte Lavoro Italia\n" + "\n".join([*lines[:-1], lines[-1] + " grazie"])


async def fill(repos: Repos, texts: list[str]) -> None:
    await repos.job_chats.record_chat(
        CHAT.id, type=CHAT.type, title=CHAT.title, username=CHAT.username,
        bot_status=BotStatus.ADMINISTRATOR, active=True, can_read=True,
    )  # fmt: skip
    async with repos.db.transaction():
        for i, text in enumerate(texts):
            at = START + timedelta(seconds=i)
            found = analysed(text)
            offer = await repos.job_posts.create_offer(
                found.fingerprint,
                found.normalised,
                at,
                offer_words(found.normalised),
                fields_to_json(found.fields),
            )
            post = IncomingPost(CHAT.id, CHAT.username, i + 1, None, text, at)
            await repos.job_posts.add_post(new_post(post, found, offer))
    assert link_for(CHAT.id, CHAT.username, 1)


async def per_post(repos: Repos, stored: list[str], rng: random.Random, base_id: int) -> float:
    """Seconds per incoming post through collect_post; half of them reposts."""
    incoming = [
        repost(rng.choice(stored)) if i % 2 else offer_text(rng, 10_000_000 + base_id + i)
        for i in range(INCOMING)
    ]
    at = START + timedelta(days=1)
    begin = time.process_time()
    joined = 0
    for i, text in enumerate(incoming):
        post = IncomingPost(CHAT.id, CHAT.username, base_id + i, None, text, at)
        collected = await collect_post(repos, CHAT, post)
        assert collected is not None
        joined += collected.offer_id <= len(stored)
    elapsed = time.process_time() - begin
    assert joined >= INCOMING // 2 * 0.95, f"only {joined} reposts found"
    return elapsed / INCOMING


async def old_lookup(repos: Repos, texts: list[str]) -> float:
    """The previous look-up: every recent offer's text through rapidfuzz, per post."""
    rows = await repos.db.fetchall(
        "SELECT id, normalised FROM job_offers WHERE last_seen >= ?", (to_db(START),)
    )
    begin = time.process_time()
    for text in texts:
        recent = {row[0]: row[1] for row in rows}
        process.extract(analysed(text).normalised, recent, scorer=fuzz.token_set_ratio, limit=5)
    return (time.process_time() - begin) / len(texts)


async def dedupe(repos: Repos, texts: list[str]) -> float:
    """Seconds per post to classify, extract and find the offer it repeats (no store)."""
    at = START + timedelta(days=1)
    begin = time.process_time()
    for text in texts:
        classify(text)
        await find_offer(repos, analysed(text), at)
    return (time.process_time() - begin) / len(texts)


async def measure(size: int) -> tuple[float, float, float, float]:
    """Per post at `size` offers: collect, classify+extract, classify+extract+dedupe, and
    the old look-up."""
    rng = random.Random(size)
    stored = [offer_text(rng, n) for n in range(size)]
    with tempfile.TemporaryDirectory() as folder:
        db = Database(Path(folder) / "bench.sqlite3")
        await db.open()
        try:
            repos = Repos.on(db)
            await fill(repos, stored)
            collect_best = min(
                [await per_post(repos, stored, rng, 1_000_000 * (run + 1)) for run in range(3)]
            )
            sample = [
                repost(t) if i % 2 else offer_text(rng, 20_000_000 + i)
                for i, t in enumerate(rng.sample(stored, 200))
            ]
            base_best = dedupe_best = float("inf")
            for _ in range(3):
                begin = time.process_time()
                for text in sample:
                    classify(text)
                    extract(text)
                base_best = min(base_best, (time.process_time() - begin) / len(sample))
                dedupe_best = min(dedupe_best, await dedupe(repos, sample))
            old = await old_lookup(repos, sample[:20]) if size >= 50_000 else float("nan")
        finally:
            await db.close()
    return collect_best, base_best, dedupe_best, old


async def main() -> None:
    small, small_base, small_dedupe, _ = await measure(1_000)
    large, large_base, large_dedupe, old = await measure(50_000)
    print("command: uv run python bench/bench_dedupe.py")
    rows = (
        ("baseline: classify + extract alone", small_base, large_base),
        ("classify + extract + dedupe (find_offer)", small_dedupe, large_dedupe),
        ("collect_post (classify+extract+dedupe+store+match)", small, large),
        ("old look-up alone (rapidfuzz over every offer)", float("nan"), old),
    )
    print(f"{'per incoming post (ms)':<52}{'1,000':>10}{'50,000':>10}")
    for name, at_small, at_large in rows:
        print(f"{name:<52}{at_small * 1e3:>10.2f}{at_large * 1e3:>10.2f}")
    print(
        f"50,000 vs 1,000 offers: dedupe {large_dedupe / small_dedupe:.2f}x, collect "
        f"{large / small:.2f}x (goal <= 2x). At 50,000: classify+extract+dedupe "
        f"{large_dedupe * 1e3:.2f} ms = {large_dedupe / large_base:.2f}x classify+extract "
        f"(goal <= 2 ms); whole collect {large / large_base:.2f}x"
    )


if __name__ == "__main__":
    asyncio.run(main())
