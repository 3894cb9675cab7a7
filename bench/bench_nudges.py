"""1,000 due nudges to 1,000 chats through the emulator, with Telegram's limits enforced.

Run:  uv run python bench/bench_nudges.py [count]
Reports the achieved messages per second divided by Telegram's 30/s (goal >= 0.95) and the
number of 429 answers the emulator served (goal: zero). The bot runs as in production: the
AIORateLimiter on, the sweeper delivering from the database.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bot.clock import ManualClock
from bot.contacts.model import ContactDraft
from bot.sandbox import BotApiEmulator
from bot.sandbox.harness import SANDBOX_TOKEN, RunningBot
from storage.kinds import ReminderKind

TELEGRAM_PER_SECOND = 30
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # Tuesday, 10:00 in Rome


async def main(count: int) -> None:
    clock = ManualClock(NOW)
    with tempfile.TemporaryDirectory() as tmp:
        async with BotApiEmulator(SANDBOX_TOKEN, clock=clock.now) as emu:
            bot = RunningBot(emu, clock, Path(tmp) / "bench.sqlite3")
            await bot.start()
            try:
                services = bot.services
                async with services.repos.db.transaction():
                    for user_id in range(1, count + 1):
                        emu.user(user_id=user_id, language_code="it")
                        emu.world.chats[user_id].started = True
                        await services.repos.users.ensure(
                            user_id, "it", default_timezone="Europe/Rome", default_followup_days=3
                        )
                        contact_id = await services.repos.contacts.create(
                            user_id, ContactDraft(name=f"Contatto {user_id}", company="Acme")
                        )
                        await services.repos.reminders.create(
                            user_id, ReminderKind.FOLLOWUP, NOW, contact_id=contact_id
                        )
                emu.enforce_rate_limits = True
                started = time.perf_counter()
                while True:
                    await bot.run_due()
                    left = await services.repos.db.fetchval(
                        "SELECT count(*) FROM reminders WHERE status != 'sent'"
                    )
                    if not left:
                        break
                elapsed = time.perf_counter() - started
            finally:
                await bot.stop()
            sent = len(emu.served("sendMessage", status=200))
            throttled = len(emu.served("sendMessage", status=429))
    rate = sent / elapsed
    print(f"nudges delivered: {sent} to {count} chats in {elapsed:.1f} s")
    print(f"messages per second: {rate:.2f}; ratio to Telegram's 30/s: {rate / 30:.3f}")
    print(f"429 answers served: {throttled}")


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000))
