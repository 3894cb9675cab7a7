"""Run the real Rete Application against the emulator: for tests, benchmarks and the sandbox."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from pydantic import SecretStr
from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes

from bot.app import build_application
from bot.clock import ManualClock
from bot.context import ReteApplication
from bot.sandbox.emulator import BotApiEmulator
from bot.sandbox.users import SimUser
from bot.scheduler import SWEEP_JOB_NAME, run_due_now
from bot.services import Repos, Services
from bot.settings import Settings

AnyApplication = Application[Any, Any, Any, Any, Any, Any]

# Shaped like a BotFather token so settings accept it; it opens nothing real.
SANDBOX_TOKEN = "123456789:SANDBOX-local-emulator-token-0000"


def application_for(emu: BotApiEmulator) -> AnyApplication:
    """A bare polling Application pointed at the emulator (emulator tests, baselines)."""
    return (
        ApplicationBuilder()
        .token(emu.token)
        .base_url(emu.base_url)
        .base_file_url(emu.base_file_url)
        .build()
    )


async def start_polling(
    app: AnyApplication, errors: list[BaseException] | None = None
) -> list[BaseException]:
    """Start `app` polling; the returned list collects errors PTB would otherwise swallow."""
    errors = [] if errors is None else errors

    async def collect(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        if context.error is not None:
            errors.append(context.error)

    # First in line, so an error is recorded before the bot's own handler answers the user.
    others = dict(app.error_handlers)
    app.error_handlers.clear()
    app.add_error_handler(collect)
    app.error_handlers.update(others)
    await app.initialize()
    if app.post_init is not None:
        await app.post_init(app)
    await app.start()
    if app.updater is None:
        raise RuntimeError("the application was built without an updater")
    await app.updater.start_polling(poll_interval=0.0, timeout=1, allowed_updates=Update.ALL_TYPES)
    return errors


async def stop_polling(app: AnyApplication) -> None:
    if app.updater is not None and app.updater.running:
        await app.updater.stop()
    if app.running:
        await app.stop()
    await app.shutdown()
    if app.post_shutdown is not None:
        await app.post_shutdown(app)


class RunningBot:
    """The real bot, polling the emulator, on its own database, with a manual clock.

    `auto_sweep=False` (tests) removes the periodic sweep job: due work runs only when the
    test calls `run_due()`, so nothing depends on wall-clock timing.
    """

    def __init__(
        self,
        emu: BotApiEmulator,
        clock: ManualClock,
        database_path: Path,
        *,
        auto_sweep: bool = False,
        **settings: Any,
    ) -> None:
        self.emu = emu
        self.clock = clock
        self.auto_sweep = auto_sweep
        self.settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            telegram_bot_token=SecretStr(emu.token),
            telegram_base_url=emu.base_url,
            telegram_base_file_url=emu.base_file_url,
            database_path=database_path,
            **settings,
        )
        self._app: ReteApplication | None = None
        self.errors: list[BaseException] = []

    @property
    def app(self) -> ReteApplication:
        if self._app is None:
            raise RuntimeError("the bot is not running")
        return self._app

    @property
    def services(self) -> Services:
        return self.app.services

    @property
    def repos(self) -> Repos:
        return self.app.services.repos

    async def start(self) -> None:
        # Dialogue state reaches the database within 50 ms (and at every stop).
        app = build_application(self.settings, self.clock, persistence_interval=0.05)
        await start_polling(app, self.errors)  # one error list across restarts
        self._app = app
        if not self.auto_sweep:
            assert app.job_queue is not None
            for job in app.job_queue.get_jobs_by_name(SWEEP_JOB_NAME):
                job.schedule_removal()

    async def stop(self) -> None:
        if self._app is not None:
            app, self._app = self._app, None
            await stop_polling(app)

    async def restart(self) -> None:
        await self.stop()
        await self.start()

    async def settle(self, quiet: float = 0.2, limit: float = 30.0) -> None:
        """Wait until every update sent so far has been handled: none left at the emulator,
        none queued or running in the bot, for `quiet` seconds (at most `limit` seconds).
        Unlike waiting for the bot to fall silent, this holds on a slow, loaded machine."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + limit
        calm_since: float | None = None
        while loop.time() < deadline:
            if self.emu.world.updates or self.busy():
                calm_since = None
            elif calm_since is None:
                calm_since = loop.time()
            elif loop.time() - calm_since >= quiet:
                return
            await asyncio.sleep(0.02)

    def busy(self) -> bool:
        """Whether the bot is still working on something: an update fetched but not handled,
        or a one-off job (an instant alert, a digest asked for now) due or running."""
        app = self._app
        if app is None:
            return False
        if not app.update_queue.empty() or app.update_processor.current_concurrent_updates:
            return True
        if app.job_queue is None:
            return False
        soon = datetime.now(UTC) + timedelta(seconds=1)
        return any(
            job.name != SWEEP_JOB_NAME and job.next_t is not None and job.next_t <= soon
            for job in app.job_queue.jobs()
        )

    async def run_due(self) -> None:
        """Run every sweeper now (after the test or the sandbox moved the clock)."""
        await run_due_now(self.app)

    def user(self, **kwargs: Any) -> SimUser:
        return self.emu.user(**kwargs)
