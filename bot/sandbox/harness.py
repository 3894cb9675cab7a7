"""Helpers to run a real PTB Application against the emulator (tests, benchmarks, sandbox)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from telegram.ext import Application, ApplicationBuilder, ContextTypes

from bot.sandbox.emulator import BotApiEmulator

AnyApplication = Application[Any, Any, Any, Any, Any, Any]


class ManualClock:
    """A clock that moves only when told to: pass it as the emulator's (and the bot's) clock."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


def application_for(emu: BotApiEmulator) -> AnyApplication:
    """A bare polling Application pointed at the emulator."""
    return (
        ApplicationBuilder()
        .token(emu.token)
        .base_url(emu.base_url)
        .base_file_url(emu.base_file_url)
        .build()
    )


async def start_polling(app: AnyApplication) -> list[BaseException]:
    """Start `app` polling; the returned list collects errors PTB would otherwise swallow."""
    errors: list[BaseException] = []

    async def collect(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        if context.error is not None:
            errors.append(context.error)

    app.add_error_handler(collect)
    await app.initialize()
    await app.start()
    if app.updater is None:
        raise RuntimeError("the application was built without an updater")
    await app.updater.start_polling(poll_interval=0.0, timeout=1)
    return errors


async def stop_polling(app: AnyApplication) -> None:
    if app.updater is not None and app.updater.running:
        await app.updater.stop()
    if app.running:
        await app.stop()
    await app.shutdown()
