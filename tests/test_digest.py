"""/digest through the real bot: admins only, now or on schedule, links, splitting, dedup."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from telegram.ext import JobQueue

from bot.jobposts.digest import message_link
from bot.sandbox import SimUser
from bot.sandbox.harness import RunningBot
from tests.jobs_helpers import (
    AD,
    BACKEND_ACME,
    CHATTER,
    DATA_GLOBEX,
    DESIGN_INITECH,
    joined_group,
)


async def test_digest_now_lists_only_the_job_posts_with_links(
    bot: RunningBot, mario: SimUser
) -> None:
    group = await joined_group(bot, mario)
    backend = await mario.post(group, BACKEND_ACME)
    await mario.post(group, CHATTER)
    data = await mario.post(group, DATA_GLOBEX)
    await mario.post(group, AD)
    design = await mario.post(group, DESIGN_INITECH)
    await mario.send("/digest now", chat=group)
    digest = await group.expect_message()
    lines = digest.text.splitlines()
    assert lines[0] == "📋 3 nuove offerte di lavoro"
    assert "• Backend Developer — Acme S.p.A. — Milano — annuncio" in lines
    assert "• Data Analyst — Globex — Torino — 🏠 da remoto — annuncio" in lines
    assert "• UX Designer — Initech — 🏠 da remoto — annuncio" in lines
    assert "Sviluppo e IT (1)" in lines and "Dati e IA (1)" in lines
    hrefs = re.findall(r'href="([^"]+)"', digest.raw_text or "")
    assert sorted(hrefs) == sorted(
        message_link(group.id, None, m.message_id) for m in (backend, data, design)
    )
    assert all(h.startswith("https://t.me/c/") for h in hrefs)
    assert "meetup" not in digest.text and "bici" not in digest.text
    # Nothing new since: said once, on request.
    await mario.send("/digest now", chat=group)
    assert (await group.expect_message()).text == (
        "Nessuna nuova offerta di lavoro dall'ultimo riepilogo."
    )


async def test_public_group_links_use_the_username(bot: RunningBot, jane: SimUser) -> None:
    group = await joined_group(bot, jane, "Dev Jobs", username="devjobs_it")
    post = await jane.post(group, DATA_GLOBEX)
    await jane.send("/digest now", chat=group)
    digest = await group.expect_message()
    assert digest.text.startswith("📋 1 new job post")
    assert f'href="https://t.me/devjobs_it/{post.message_id}"' in (digest.raw_text or "")


async def test_a_non_admin_is_refused(bot: RunningBot, mario: SimUser, jane: SimUser) -> None:
    group = await joined_group(bot, mario)
    group.add_member(jane)
    await mario.post(group, BACKEND_ACME)
    for command in ("/digest", "/digest now", "/digest off", "/digest daily 7:00"):
        await jane.send(command, chat=group)
        refusal = await group.expect_message()
        assert refusal.text == "Only the admins of this group can set up the digest."
    await group.expect_no_message()
    chat = await bot.repos.job_chats.get_chat(group.id)
    assert chat is not None and not chat.digest_enabled and not chat.digest_requested


async def test_settings_by_command_and_buttons(
    bot: RunningBot, mario: SimUser, jane: SimUser
) -> None:
    group = await joined_group(bot, mario)
    await mario.send("/digest settimanale venerdì 18", chat=group)
    settings = await group.expect_message()
    assert "📋 Riepilogo delle offerte: attivo" in settings.text
    assert "Quando: ogni venerdì alle 18:00 (Europe/Rome)" in settings.text
    chat = await bot.repos.job_chats.get_chat(group.id)
    assert chat is not None
    # Tuesday 24 Nov 2026 10:00 Rome -> Friday 27 Nov 18:00 Rome = 17:00 UTC.
    assert chat.digest_next_at == datetime(2026, 11, 27, 17, 0, tzinfo=UTC)
    await mario.press("Per luogo", chat=group)
    edited = await group.expect_message()
    assert edited.edited and "Raggruppato per luogo" in edited.text
    await mario.press("🇬🇧 English", chat=group)
    await group.expect_message()
    # A member pressing the admin's buttons changes nothing.
    group.add_member(jane)
    await jane.press("⏸ Disattiva", chat=group, message=edited)
    await bot.settle()
    assert bot.emu.callback_answers[-1].text == (
        "Only the admins of this group can set up the digest."
    )
    chat = await bot.repos.job_chats.get_chat(group.id)
    assert chat is not None
    assert (chat.digest_enabled, chat.digest_group_by, chat.digest_language) == (
        True,
        "place",
        "en",
    )
    await mario.send("/digest alle 25:00", chat=group)
    assert (await group.expect_message()).text.startswith("Non è un orario")
    await mario.send("/digest")
    assert "aggiungimi a un gruppo" in (await mario.expect_reply()).text


async def test_scheduled_daily_digest_is_sent_by_the_sweep_and_only_when_new(
    bot: RunningBot, mario: SimUser
) -> None:
    group = await joined_group(bot, mario)
    await mario.send("/digest daily 18:30", chat=group)
    await group.expect_message()
    await mario.post(group, BACKEND_ACME)
    await mario.post(group, DESIGN_INITECH)
    await mario.send("/digest", chat=group)  # a command after the posts: they are stored
    await group.expect_message()
    bot.clock.advance(timedelta(hours=8))  # 18:00 Rome: not yet
    await bot.run_due()
    await group.expect_no_message()
    bot.clock.advance(timedelta(minutes=30))
    await bot.run_due()
    digest = await group.expect_message()
    assert digest.text.startswith("📋 2 nuove offerte di lavoro")
    await bot.run_due()
    await group.expect_no_message()
    # Next day: nothing new, nothing sent; the schedule moves on anyway.
    bot.clock.advance(timedelta(days=1))
    await bot.run_due()
    await group.expect_no_message()
    chat = await bot.repos.job_chats.get_chat(group.id)
    assert chat is not None
    assert chat.digest_next_at == datetime(2026, 11, 26, 17, 30, tzinfo=UTC)


async def test_a_repost_counts_once(bot: RunningBot, mario: SimUser, jane: SimUser) -> None:
    milano = await joined_group(bot, mario, "Lavoro Milano", username="lavoromilano")
    torino = await joined_group(bot, mario, "Lavoro Torino")
    first = await mario.post(milano, BACKEND_ACME)
    group_copy = await jane.post(torino, "Inoltro:\n" + BACKEND_ACME + "\n#jobs")
    again = await mario.post(torino, BACKEND_ACME)
    await mario.send("/digest now", chat=torino)
    digest = await torino.expect_message()
    assert digest.text.startswith("📋 1 nuova offerta di lavoro")
    assert digest.text.count("Backend Developer") == 1
    hrefs = re.findall(r'href="([^"]+)"', digest.raw_text or "")
    # Both posts here, and the public group where it appeared first.
    assert hrefs == [
        message_link(torino.id, None, group_copy.message_id),
        message_link(torino.id, None, again.message_id),
        f"https://t.me/lavoromilano/{first.message_id}",
    ]
    offers = await bot.repos.db.fetchval("SELECT count(DISTINCT offer_id) FROM job_posts")
    assert offers == 1
    # Fifteen days later the same text is news again.
    bot.clock.advance(timedelta(days=15))
    await mario.post(torino, BACKEND_ACME)
    await mario.send("/digest now", chat=torino)
    assert (await torino.expect_message()).text.startswith("📋 1 nuova offerta")
    assert await bot.repos.db.fetchval("SELECT count(*) FROM job_offers") == 2


async def test_a_big_digest_is_split_and_capped(bot: RunningBot, jane: SimUser) -> None:
    group = await joined_group(bot, jane, "Busy jobs")
    for number, (role, city) in enumerate(_offers(130)):
        await jane.post(
            group,
            f"#hiring {role}\nCompany: Firm{number} Ltd\nLocation: {city}\n"
            f"Apply at https://jobs.example/{number}",
        )
    await jane.send("/digest now", chat=group)
    first = await group.expect_message(timeout=20)
    parts = [first]
    await bot.settle()
    parts += group.unseen_messages()
    assert len(parts) >= 2
    assert all(len(p.raw_text or "") <= 4096 for p in parts)
    assert parts[0].text.startswith("📋 130 new job posts")
    assert parts[-1].text.endswith("…and 30 more job posts.")


ROLES = (
    "Backend Developer", "Data Analyst", "UX Designer", "HR Specialist", "Accountant",
    "Sales Manager", "DevOps Engineer", "Product Owner", "QA Tester", "Copywriter",
    "Receptionist", "Data Scientist", "Frontend Developer",
)  # fmt: skip
CITIES = ("Milano", "Torino", "Roma", "Napoli", "Bologna", "Firenze", "Genova", "Bari",
          "Verona", "Padova")  # fmt: skip


def _offers(n: int) -> list[tuple[str, str]]:
    return [(ROLES[i % len(ROLES)], CITIES[i // len(ROLES) % len(CITIES)]) for i in range(n)]


async def test_digest_now_is_sent_even_when_the_bot_is_held_up_past_its_time(
    bot: RunningBot, mario: SimUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a loaded host the event loop can be late; APScheduler's default then drops a job
    that is over a second late, and the digest asked for would wait for the next sweep."""
    group = await joined_group(bot, mario)
    await mario.post(group, BACKEND_ACME)
    queue_job = JobQueue.run_once

    def queue_then_hold_up(*args: Any, **kwargs: Any) -> Any:
        job = queue_job(*args, **kwargs)
        time.sleep(1.3)  # the loop is busy when the job falls due
        return job

    monkeypatch.setattr(JobQueue, "run_once", queue_then_hold_up)
    await mario.send("/digest now", chat=group)
    assert (await group.expect_message()).text.startswith("📋 1 nuova offerta di lavoro")
