"""kill -9 in the middle of a dispatch loses no reminder; at most the one in flight goes twice.

A real `python -m bot run` process delivers to the emulator running in this test; sendMessage
is slowed down so that the kill lands mid-batch, then the bot is started again.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import sys
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.contacts.model import ContactDraft
from bot.sandbox import BotApiEmulator
from storage.db import Database

ROOT = Path(__file__).resolve().parent.parent
USERS = 12
FIRST_USER = 70_001
WAIT_LIMIT = 40.0  # seconds; a healthy run needs a few
POLL = 0.05


def daytime_zone(now: datetime) -> str:
    """A fixed-offset zone where it is about noon now: the nudges are never held for the night."""
    hours = 12 - now.hour
    if hours > 14:
        hours -= 24
    if hours < -12:
        hours += 24
    return "UTC" if hours == 0 else f"Etc/GMT{'-' if hours > 0 else '+'}{abs(hours)}"


async def seed(path: Path) -> None:
    """Users who wrote to the bot, each with one follow-up due a minute ago (real clock)."""
    now = datetime.now(UTC)
    db = Database(path)
    await db.open()
    try:
        from storage.contacts import ContactsRepo
        from storage.reminders import RemindersRepo
        from storage.users import UsersRepo

        users, contacts, reminders = UsersRepo(db), ContactsRepo(db), RemindersRepo(db)
        for user_id in range(FIRST_USER, FIRST_USER + USERS):
            await users.ensure(
                user_id, "en", default_timezone=daytime_zone(now), default_followup_days=3
            )
            await users.update(user_id, weekend_shift=0)
            contact_id = await contacts.create(user_id, ContactDraft(name=f"Contact {user_id}"))
            await reminders.create(
                user_id, "followup", now - timedelta(minutes=1), contact_id=contact_id
            )
    finally:
        await db.close()


async def start_bot(emu: BotApiEmulator, path: Path, log: Path) -> asyncio.subprocess.Process:
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": emu.token,
        "TELEGRAM_BASE_URL": emu.base_url,
        "TELEGRAM_BASE_FILE_URL": emu.base_file_url,
        "DATABASE_PATH": str(path),
        "REMINDER_SWEEP_SECONDS": "0.5",
        "LOG_LEVEL": "INFO",
        "PYTHONPATH": str(ROOT),
    }
    with log.open("ab") as out:
        return await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=path.parent, env=env, stdout=out, stderr=out
        )


def nudges_per_chat(emu: BotApiEmulator) -> Counter[int]:
    return Counter(
        int(r.params["chat_id"])
        for r in emu.served("sendMessage", status=200)
        if "Time to follow up" in str(r.params.get("text", ""))
    )


def bot_log(log: Path) -> str:
    return log.read_text(errors="replace")


async def wait_for(condition: Callable[[], bool], what: str, log: Path) -> None:
    """Poll `condition` (the emulator's record, the database file) for at most WAIT_LIMIT s."""
    for _ in range(int(WAIT_LIMIT / POLL)):
        if condition():
            return
        await asyncio.sleep(POLL)
    raise AssertionError(f"timed out waiting for {what}; bot log:\n{bot_log(log)}")


def statuses(path: Path) -> Counter[str]:
    with sqlite3.connect(path) as conn:
        return Counter(row[0] for row in conn.execute("SELECT status FROM reminders"))


async def test_kill_9_mid_dispatch_loses_nothing(emu: BotApiEmulator, tmp_path: Path) -> None:
    path, log = tmp_path / "rete.sqlite3", tmp_path / "bot.log"
    await seed(path)
    for user_id in range(FIRST_USER, FIRST_USER + USERS):
        emu.user(user_id=user_id, first_name=f"U{user_id}", language_code="en")
        emu.world.chats[user_id].started = True  # they have written to the bot before
    emu.faults.inject("slow", count=10_000, method="sendMessage", delay=0.3)

    first = await start_bot(emu, path, log)
    try:
        await wait_for(lambda: sum(nudges_per_chat(emu).values()) >= 4, "a few nudges", log)
    finally:
        first.send_signal(signal.SIGKILL)
        await asyncio.wait_for(first.wait(), 10)
    delivered_before = sum(nudges_per_chat(emu).values())
    assert delivered_before < USERS, "the kill came after the batch: nothing was proven"
    assert statuses(path)["claimed"] > 0, "the kill did not land mid-batch"

    emu.faults.clear()
    second = await start_bot(emu, path, log)
    try:
        await wait_for(lambda: statuses(path) == Counter(sent=USERS), "every reminder sent", log)
    finally:
        second.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(second.wait(), 15)
        except TimeoutError:
            second.kill()
            await second.wait()

    per_chat = nudges_per_chat(emu)
    assert set(per_chat) == set(range(FIRST_USER, FIRST_USER + USERS)), "a reminder was lost"
    twice = [chat for chat, n in per_chat.items() if n > 1]
    assert len(twice) <= 1 and all(per_chat[chat] == 2 for chat in twice), per_chat
