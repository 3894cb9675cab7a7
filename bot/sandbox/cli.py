"""`rete sandbox`: the emulator and the real bot in one process, and a chat in the terminal."""

from __future__ import annotations

import asyncio
import logging
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from bot.clock import ManualClock
from bot.sandbox.emulator import BotApiEmulator
from bot.sandbox.harness import SANDBOX_TOKEN, RunningBot
from bot.sandbox.repl import run_repl


def run_sandbox(db_path: Path | None) -> int:
    # The console is the interface: only real problems are logged, and never request URLs.
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="rete-sandbox-") as scratch:
        path = db_path or Path(scratch) / "sandbox.sqlite3"
        return asyncio.run(_sandbox(path))


async def _sandbox(database_path: Path) -> int:
    clock = ManualClock(datetime.now(UTC))
    emu = BotApiEmulator(SANDBOX_TOKEN, clock=clock.now)
    await emu.start()
    # Due work runs when `:wait` moves the clock, and on a short real-time beat for
    # anything already due (a contact met "3 days ago").
    running = RunningBot(emu, clock, database_path, auto_sweep=True, reminder_sweep_seconds=2)
    try:
        await running.start()
        await run_repl(
            emu, lines=None, out=sys.stdout, advance_clock=clock.advance, run_due=running.run_due
        )
    finally:
        await running.stop()
        await emu.stop()
    for error in running.errors:
        print(f"rete sandbox: the bot raised {error!r}", file=sys.stderr)
    return 1 if running.errors else 0
