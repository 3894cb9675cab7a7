"""Fixtures: the Bot API emulator, a manual clock, and the real bot running against them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import settings
from telegram import Bot

from bot.clock import ManualClock
from bot.sandbox import BotApiEmulator, SimUser
from bot.sandbox.harness import SANDBOX_TOKEN, RunningBot

# Tuesday 24 November 2026, 10:00 in Rome.
START = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
async def emu(clock: ManualClock) -> AsyncIterator[BotApiEmulator]:
    emulator = BotApiEmulator(SANDBOX_TOKEN, clock=clock.now)
    await emulator.start()
    yield emulator
    await emulator.stop()


@pytest.fixture
async def tg(emu: BotApiEmulator) -> AsyncIterator[Bot]:
    """PTB's own Bot, talking to the emulator over HTTP."""
    bot = Bot(emu.token, base_url=emu.base_url, base_file_url=emu.base_file_url)
    async with bot:
        yield bot


@pytest.fixture
async def bot(emu: BotApiEmulator, clock: ManualClock, tmp_path: Path) -> AsyncIterator[RunningBot]:
    """The real Rete bot, polling the emulator. Fails the test if a handler raised."""
    running = RunningBot(emu, clock, tmp_path / "rete.sqlite3")
    await running.start()
    yield running
    await running.stop()
    assert not running.errors, f"handler errors: {running.errors!r}"


@pytest.fixture
def mario(bot: RunningBot) -> SimUser:
    """An Italian user."""
    return bot.user(user_id=1001, first_name="Mario", username="mario_r", language_code="it")


@pytest.fixture
def jane(bot: RunningBot) -> SimUser:
    """An English-speaking user."""
    return bot.user(user_id=2002, first_name="Jane", username="jane_d", language_code="en")


# Property-based tests are derandomized: CI runs the same examples every time.
settings.register_profile("rete", derandomize=True, deadline=None, database=None)
settings.load_profile("rete")
