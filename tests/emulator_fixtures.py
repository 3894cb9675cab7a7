"""Fixtures for HTTP-level tests against the Bot API emulator (import them into a test module)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from telegram import Bot, Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes

from bot.sandbox import BotApiEmulator


class FakeClock:
    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def emu(clock: FakeClock) -> AsyncIterator[BotApiEmulator]:
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


def application_for(emu: BotApiEmulator) -> Application:  # type: ignore[type-arg]
    return (
        ApplicationBuilder()
        .token(emu.token)
        .base_url(emu.base_url)
        .base_file_url(emu.base_file_url)
        .build()
    )


async def start_polling(app: Application) -> list[BaseException]:  # type: ignore[type-arg]
    """Start `app` polling the emulator; the returned list collects handler errors."""
    errors: list[BaseException] = []

    async def collect(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        if context.error is not None:
            errors.append(context.error)

    app.add_error_handler(collect)
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0.0, timeout=1)
    return errors


async def stop_polling(app: Application) -> None:  # type: ignore[type-arg]
    assert app.updater is not None
    if app.updater.running:
        await app.updater.stop()
    if app.running:
        await app.stop()
    await app.shutdown()


__all__ = [
    "FakeClock",
    "Update",
    "application_for",
    "clock",
    "emu",
    "start_polling",
    "stop_polling",
    "tg",
]
