"""Jobs storage and use-cases on a real database: migration of chat ids, the digest watermark,
scoping of rules and network, repost candidates narrowed in SQL, corrections."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.contacts.model import ContactDraft
from bot.jobposts.collect import DEDUP_WINDOW, IncomingPost, SharedChat, collect_post
from bot.services import Repos
from storage.db import Database
from storage.job_kinds import AlertMode, JobChatType
from storage.job_posts import CANDIDATES

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
OLD, NEW = -400_001, -1_000_000_000_001
JOB = "#lavoro Cercasi Backend Developer\nAzienda: Acme\n📍 Milano\nRAL 35-40k\nCV a a@b.it"
OTHER = "We are hiring! Data Analyst @ Globex\nLocation: Torino\nApply: https://g.example/1"


@pytest.fixture
async def repos(tmp_path: Path) -> AsyncIterator[Repos]:
    database = Database(tmp_path / "jobs.sqlite3")
    await database.open()
    yield Repos.on(database)
    await database.close()


async def add_chat(repos: Repos, chat_id: int, kind: str = "supergroup") -> None:
    await repos.job_chats.record_chat(
        chat_id,
        type=kind,
        title=f"chat {chat_id}",
        username=None,
        bot_status="administrator",
        active=True,
        can_read=True,
    )


def incoming(chat_id: int, message_id: int, text: str, at: datetime = NOW) -> IncomingPost:
    return IncomingPost(chat_id, None, message_id, 5, text, at)


def chat(chat_id: int) -> SharedChat:
    return SharedChat(chat_id, JobChatType.SUPERGROUP, f"chat {chat_id}", None)


async def collect(repos: Repos, post: IncomingPost) -> object:
    return await collect_post(repos, chat(post.chat_id), post)


async def test_migration_moves_settings_posts_and_memberships(repos: Repos) -> None:
    repo = repos.job_chats
    await add_chat(repos, OLD, "group")
    await repo.update_digest(OLD, digest_enabled=1, digest_time="18:30")
    collected = await collect_post(
        repos, SharedChat(OLD, JobChatType.GROUP, "old", None), incoming(OLD, 1, JOB)
    )
    assert collected is not None
    await repos.job_members.save_membership(OLD, 77, True, NOW)
    # The new supergroup was seen first (a message raced the notice): merged, not lost.
    await repo.touch_chat(NEW, type="supergroup", title="new", username=None)
    assert await repo.migrate_chat(OLD, NEW)
    assert not await repo.migrate_chat(OLD, NEW)  # idempotent
    assert await repo.get_chat(OLD) is None
    chat = await repo.get_chat(NEW)
    assert chat is not None
    assert (chat.type, chat.digest_enabled, chat.digest_time) == ("supergroup", True, "18:30")
    assert (await repos.job_posts.get_post(NEW, 1)) is not None
    assert await repos.job_members.cached_membership(NEW, 77) == (True, NOW)
    assert await repo.current_id(OLD) == NEW


async def test_digest_rows_skip_offers_already_digested_here(repos: Repos) -> None:
    repo = repos.job_posts
    await add_chat(repos, NEW)
    first = await collect_post(repos, chat(NEW), incoming(NEW, 1, JOB))
    assert first is not None
    watermark = await repo.last_post_id(NEW)
    await collect(repos, incoming(NEW, 2, JOB, NOW + timedelta(days=1)))  # a repost
    other = await collect_post(repos, chat(NEW), incoming(NEW, 3, OTHER, NOW + timedelta(days=1)))
    assert other is not None
    rows = await repo.digest_rows(NEW, watermark, await repo.last_post_id(NEW))
    assert [r.offer_id for r in rows] == [other.offer_id]
    # After the window the same text is a new offer.
    late = await collect_post(
        repos, chat(NEW), incoming(NEW, 4, JOB, NOW + DEDUP_WINDOW + timedelta(days=2))
    )
    assert late is not None and late.offer_id != first.offer_id
    # The same message twice is stored once.
    assert await collect(repos, incoming(NEW, 4, JOB)) is None


async def test_rules_and_network_are_scoped_by_owner(repos: Repos) -> None:
    repo, users, contacts = repos.job_alerts, repos.users, repos.contacts
    for user_id in (1, 2):
        await users.ensure(user_id, "it", default_timezone="Europe/Rome", default_followup_days=3)
    rule = await repo.add_rule(1, "python", AlertMode.INSTANT)
    assert rule is not None
    assert await repo.add_rule(1, "python", AlertMode.DAILY) is None
    assert not await repo.delete_rule(2, rule)
    assert not await repo.set_rule_mode(2, rule, AlertMode.DAILY)
    assert await repo.get_rule(2, rule) is None
    assert [r.rule for r in await repo.rules(1)] == ["python"]
    await contacts.create(1, ContactDraft(name="Maria", company="Acme"))
    await contacts.create(1, ContactDraft(name="No company"))
    await contacts.create(2, ContactDraft(name="Anna", company="Acme"))
    assert [c.name for c in await repo.network(1)] == ["Maria"]
    await users.set_blocked(1, NOW)
    assert await repo.active_rules() == []


def offer(n: int, role: str = "Backend Developer") -> str:
    """Offers alike in all but a company name and an address, as a busy channel posts them."""
    return (
        f"#lavoro Cercasi {role}\nAzienda: Ditta{n:04d} Srl\n📍 Milano\n"
        f"Stack: Python, Django, PostgreSQL\nRAL 35-40k\nCandidature: jobs{n}@ditta.it"
    )


async def test_a_repost_is_found_among_many_alike_offers(repos: Repos) -> None:
    await add_chat(repos, NEW)
    first = await collect_post(repos, chat(NEW), incoming(NEW, 1, offer(1)))
    assert first is not None
    for n in range(2, 400):
        await collect(repos, incoming(NEW, n, offer(n), NOW + timedelta(minutes=n)))
    later = NOW + timedelta(days=2)
    # Forwarded with a line added: not the same fingerprint, the same offer.
    repost = "Inoltro da Lavoro Milano\n" + offer(1) + "\nGrazie a tutti"
    joined = await collect_post(repos, chat(NEW), incoming(NEW, 500, repost, later))
    assert joined is not None and joined.offer_id == first.offer_id
    # Another company's offer with the same boilerplate is not a repost.
    other = await collect_post(repos, chat(NEW), incoming(NEW, 501, offer(9999), later))
    assert other is not None and other.offer_id not in (first.offer_id, joined.offer_id)
    # A different role at the same company is a different offer.
    role = await collect_post(repos, chat(NEW), incoming(NEW, 502, offer(1, "Data Analyst"), later))
    assert role is not None and role.offer_id != first.offer_id


async def test_repost_candidates_are_bounded(repos: Repos) -> None:
    await add_chat(repos, NEW)
    for n in range(1, 300):
        await collect(repos, incoming(NEW, n, offer(n), NOW + timedelta(minutes=n)))
    common = ["cercasi", "backend", "developer", "azienda", "milano", "python", "django"]
    found = await repos.job_posts.repeated_offer("no such key", common, NOW - DEDUP_WINDOW)
    assert found.exact is None and 0 < len(found.candidates) <= CANDIDATES
    # Outside the window nothing is a candidate.
    late = await repos.job_posts.repeated_offer("no such key", common, NOW + timedelta(days=1))
    assert late.candidates == []
    # Words of no offer: no candidates, and no error.
    assert (await repos.job_posts.repeated_offer("x", [], NOW)).candidates == []
