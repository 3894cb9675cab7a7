"""Fixtures for HTTP-level tests against the Bot API emulator.

Load them with `pytest_plugins = ("tests.emulator_fixtures",)` in a test module; helpers
(ManualClock, application_for, start_polling, stop_polling) live in bot.sandbox.harness.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import Bot

from bot.sandbox import BotApiEmulator
from bot.sandbox.harness import ManualClock


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
async def emu(clock: ManualClock) -> AsyncIterator[BotApiEmulator]:
    emulator = BotApiEmulator(clock=clock)
    await emulator.start()
    yield emulator
    await emulator.stop()


@pytest.fixture
async def tg(emu: BotApiEmulator) -> AsyncIterator[Bot]:
    """PTB's own Bot, talking to the emulator over HTTP."""
    bot = Bot(emu.token, base_url=emu.base_url, base_file_url=emu.base_file_url)
    async with bot:
        yield bot
