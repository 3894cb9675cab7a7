"""Delivery under failures: blocked users, 429, 5xx, network errors, stale claims, batches."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from types import SimpleNamespace
from typing import cast

from bot.clock import ManualClock
from bot.context import ReteContext
from bot.followups.delivery import BATCH_SIZE, backoff
from bot.sandbox import SimUser
from bot.sandbox.harness import RunningBot
from bot.scheduler import SWEEP_JOB_NAME, _sweep_job
from storage.db import to_db
from tests.followups_support import add_contact, refreshed, started


async def due_now(bot: RunningBot, user: SimUser, name: str = "Giulia Bianchi") -> int:
    owner = await started(bot, user)
    contact_id = await add_contact(bot, owner, name)
    return await bot.repos.reminders.create(
        owner.id, "followup", bot.clock.now(), contact_id=contact_id
    )


def test_backoff_grows_and_is_capped() -> None:
    assert [backoff(n) for n in (1, 2, 3)] == [
        timedelta(seconds=30),
        timedelta(minutes=1),
        timedelta(minutes=2),
    ]
    assert backoff(50) == timedelta(hours=1)


async def test_a_blocked_users_reminders_pause_and_resume(
    bot: RunningBot, mario: SimUser, clock: ManualClock
) -> None:
    reminder_id = await due_now(bot, mario)
    # Blocked without the bot being told (the update was lost): the send answers 403.
    mario.private_chat.blocked = True
    await bot.run_due()
    assert len(bot.emu.served("sendMessage", status=403)) == 1
    user = await refreshed(bot, mario.id)
    assert user.blocked
    stored = await bot.repos.reminders.get(mario.id, reminder_id)
    assert stored is not None
    assert (stored.status, stored.attempts) == ("pending", 0)
    clock.advance(timedelta(days=2))
    await bot.run_due()
    assert len(bot.emu.served("sendMessage", status=403)) == 1  # paused: not even tried
    mario.private_chat.blocked = False
    await mario.send("/help")  # writing again unblocks
    await mario.expect_reply()
    assert not (await refreshed(bot, mario.id)).blocked
    await bot.run_due()
    assert "Giulia Bianchi" in (await mario.expect_reply()).text
    stored = await bot.repos.reminders.get(mario.id, reminder_id)
    assert stored is not None and stored.status == "sent"


async def test_blocking_through_telegram_pauses_too(
    bot: RunningBot, mario: SimUser, clock: ManualClock
) -> None:
    await due_now(bot, mario)
    await mario.block_bot()
    await bot.settle()
    await bot.run_due()
    assert bot.emu.served("sendMessage", status=403) == []
    await mario.unblock_bot()
    await bot.settle()
    await bot.run_due()
    assert "Giulia Bianchi" in (await mario.expect_reply()).text


async def test_a_5xx_is_retried_with_backoff(
    bot: RunningBot, mario: SimUser, clock: ManualClock
) -> None:
    reminder_id = await due_now(bot, mario)
    bot.emu.faults.inject("5xx", count=1, method="sendMessage")
    await bot.run_due()
    await mario.expect_no_reply()
    stored = await bot.repos.reminders.get(mario.id, reminder_id)
    assert stored is not None
    assert (stored.status, stored.attempts) == ("pending", 1)
    assert stored.due_at == clock.now() + timedelta(seconds=30)
    await bot.run_due()  # not yet
    await mario.expect_no_reply()
    clock.advance(timedelta(seconds=30))
    await bot.run_due()
    assert "Giulia Bianchi" in (await mario.expect_reply()).text
    stored = await bot.repos.reminders.get(mario.id, reminder_id)
    assert stored is not None and (stored.status, stored.attempts) == ("sent", 2)


async def test_network_errors_back_off_longer_each_time(
    bot: RunningBot, mario: SimUser, clock: ManualClock
) -> None:
    reminder_id = await due_now(bot, mario)
    bot.emu.faults.inject("network", count=2, method="sendMessage")
    waits = []
    for _ in range(2):
        await bot.run_due()
        stored = await bot.repos.reminders.get(mario.id, reminder_id)
        assert stored is not None and stored.status == "pending"
        waits.append(stored.due_at - clock.now())
        clock.set(stored.due_at)
    assert waits == [timedelta(seconds=30), timedelta(minutes=1)]
    await bot.run_due()
    assert "Giulia Bianchi" in (await mario.expect_reply()).text


async def test_429_is_waited_out_and_sent_once(
    bot: RunningBot, mario: SimUser, clock: ManualClock
) -> None:
    await due_now(bot, mario)
    # More 429s than the rate limiter retries (3): the sweeper waits retry_after itself.
    bot.emu.faults.inject("429", count=4, method="sendMessage", retry_after=1)
    await bot.run_due()
    assert "Giulia Bianchi" in (await mario.expect_reply(timeout=15)).text
    assert len(bot.emu.served("sendMessage", status=429)) == 4
    assert len(bot.emu.served("sendMessage", status=200)) == 2  # /start's reply and the nudge


async def test_a_claim_left_by_a_dead_process_is_taken_again(
    bot: RunningBot, mario: SimUser, clock: ManualClock
) -> None:
    reminder_id = await due_now(bot, mario)
    # As if a previous process claimed it and died before sending.
    await bot.repos.db.execute(
        "UPDATE reminders SET status = 'claimed', claimed_at = ?, attempts = 1 WHERE id = ?",
        (to_db(clock.now() - timedelta(seconds=5)), reminder_id),
    )
    await bot.run_due()
    assert "Giulia Bianchi" in (await mario.expect_reply()).text


async def test_a_recent_claim_of_this_process_waits_until_stale(
    bot: RunningBot, mario: SimUser, clock: ManualClock
) -> None:
    reminder_id = await due_now(bot, mario)
    clock.advance(timedelta(minutes=1))
    await bot.repos.db.execute(
        "UPDATE reminders SET status = 'claimed', claimed_at = ? WHERE id = ?",
        (to_db(clock.now()), reminder_id),
    )
    await bot.run_due()
    await mario.expect_no_reply()
    clock.advance(timedelta(minutes=5))
    await bot.run_due()
    assert "Giulia Bianchi" in (await mario.expect_reply()).text


async def test_many_due_reminders_go_out_in_batches_in_one_sweep(
    bot: RunningBot, clock: ManualClock
) -> None:
    count = BATCH_SIZE * 2 + 7
    users = [bot.user(user_id=50_000 + i, language_code="en") for i in range(count)]
    for user in users:
        await due_now(bot, user, name=f"Contact {user.id}")
    await bot.run_due()
    for user in users:
        assert f"Contact {user.id}" in (await user.expect_reply()).text
    statuses = await bot.repos.db.fetchall("SELECT status, count(*) FROM reminders GROUP BY 1")
    assert [tuple(row) for row in statuses] == [("sent", count)]


async def test_the_periodic_sweep_does_not_queue_behind_one_under_way(
    bot: RunningBot, clock: ManualClock, mario: SimUser
) -> None:
    """A sweep run on demand (the sandbox's :wait) holds the lock: the timed one leaves at
    once instead of waiting, so on a slow host jobs never pile up past their interval."""
    await due_now(bot, mario)
    job_context = cast(ReteContext, SimpleNamespace(application=bot.app))
    async with bot.services.lock(SWEEP_JOB_NAME):
        await asyncio.wait_for(_sweep_job(job_context), timeout=1.0)
        await mario.expect_no_reply()  # it sent nothing: the sweep under way does that
    await _sweep_job(job_context)
    assert (await mario.expect_reply()).text.startswith("🔔")
