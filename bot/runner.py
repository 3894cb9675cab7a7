"""Run the bot until the host stops it, and stop cleanly however it is stopped.

Hosts stop a worker with SIGTERM to every process of its group (then SIGKILL after a grace
period); `uv run` forwards that SIGTERM to Python a second time; an impatient operator presses
Ctrl-C twice. PTB's run_polling raises SystemExit from a signal handler that stays installed
while it shuts down, so a second signal aborted its shutdown halfway: the database was never
closed, and the connection's aiosqlite thread (not a daemon) kept the process alive until
SIGKILL. Here the first stop signal starts one shutdown, every step of it bounded in time, and
later signals are only logged. The database is closed whatever happened before.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from telegram.error import InvalidToken, NetworkError, TelegramError

from bot.context import ReteApplication
from storage.db import StorageError

log = logging.getLogger(__name__)

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
# Seconds each step of a stop may take when something does not answer; a stop normally takes
# a fraction of a second. With Database.CLOSE_WAIT the sum, the worst case, is 9 s.
UPDATES_WAIT = 1.5  # the last getUpdates that confirms what was fetched
JOB_GRACE = 2.0  # a running sweep may finish; after that it is cancelled
APP_WAIT = 1.5  # updates already fetched are handled
LEFTOVER_WAIT = 0.5  # tasks still running are cancelled (three times at most)
FLUSH_WAIT = 1.0  # conversation and user data written to the database
SHUTDOWN_WAIT = 0.5  # HTTP clients closed


class StartupError(Exception):
    """The bot could not start for a reason the operator can fix: one line, no traceback."""


class StopRequest:
    """Set by the first stop signal; later ones are logged and change nothing."""

    def __init__(self) -> None:
        self.requested = asyncio.Event()
        self.reason = ""
        self.at = 0.0  # time.monotonic() of the first signal

    def install(self, loop: asyncio.AbstractEventLoop) -> None:
        for sig in STOP_SIGNALS:
            loop.add_signal_handler(sig, self.receive, sig)

    def receive(self, sig: signal.Signals) -> None:
        if self.requested.is_set():
            log.info("%s received while stopping: the stop goes on", sig.name)
            return
        self.reason, self.at = sig.name, time.monotonic()
        log.info("%s received: stopping", sig.name)
        self.requested.set()


StartUpdates = Callable[[ReteApplication], Awaitable[object]]


def run_until_stopped(app: ReteApplication, start_updates: StartUpdates, mode: str) -> None:
    """Start `app` (`start_updates` starts polling or the webhook), run until a stop signal,
    stop. Raises StartupError when it cannot start; the database is closed either way."""
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    stop = StopRequest()
    stop.install(loop)
    try:
        loop.run_until_complete(_serve(app, start_updates, mode, stop))
    finally:
        try:
            loop.run_until_complete(_cancel_stragglers())
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.run_until_complete(loop.shutdown_default_executor())
        finally:
            asyncio.set_event_loop(None)
            loop.close()
            # The loop took its handlers along; the process is about to exit and a late
            # signal must not turn a clean exit into a kill.
            for sig in STOP_SIGNALS:
                signal.signal(sig, signal.SIG_IGN)


async def _serve(
    app: ReteApplication, start_updates: StartUpdates, mode: str, stop: StopRequest
) -> None:
    progress = _Progress()
    startup = asyncio.create_task(_start(app, start_updates, progress))
    stopping = asyncio.create_task(stop.requested.wait())
    started = False
    try:
        await asyncio.wait({startup, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if startup.done():
            startup.result()  # a StartupError goes up to the CLI, after the stop below
            started = True
            log.info("Rete is running (%s); SIGTERM or Ctrl-C stops it", mode)
            await stopping
        else:
            startup.cancel()
            await asyncio.wait({startup}, timeout=UPDATES_WAIT)
            if startup.done() and not startup.cancelled():
                startup.exception()  # retrieved: a start cut short is not an error
    finally:
        stopping.cancel()
        await stop_application(app, flush=progress.initialized)
    if started or stop.requested.is_set():
        # Nothing is logged after a failed start: its one line is the CLI's.
        log.info("Rete stopped (%s) in %.2f s", stop.reason, time.monotonic() - stop.at)


@dataclass
class _Progress:
    initialized: bool = False  # state was loaded: there is state to save at the stop


async def _start(app: ReteApplication, start_updates: StartUpdates, progress: _Progress) -> None:
    api = app.services.settings.telegram_base_url  # the base, without the token
    try:
        # The database first: a bad path is one clear line, before any network call.
        await app.services.repos.db.open()
        await app.initialize()
        progress.initialized = True
        if app.post_init is not None:
            await app.post_init(app)
        await start_updates(app)
        await app.start()
    except InvalidToken:
        raise StartupError(
            "the Bot API refused TELEGRAM_BOT_TOKEN (401 Unauthorized): check it with @BotFather"
        ) from None
    except NetworkError as exc:
        raise StartupError(f"cannot reach the Bot API at {api}: {exc.message}") from None
    except TelegramError as exc:
        raise StartupError(f"the Bot API refused to start the bot: {exc.message}") from None
    except StorageError as exc:
        raise StartupError(str(exc)) from None
    except OSError as exc:  # the webhook server could not listen
        raise StartupError(f"cannot start: {exc}") from None


async def stop_application(app: ReteApplication, *, flush: bool) -> None:
    """Stop whatever of `app` is running, each step bounded; save its state if `flush`
    (it was loaded); close the database in every case. Safe on an application that never
    (fully) started."""
    try:
        if app.job_queue is not None and app.job_queue.scheduler.running:
            app.job_queue.scheduler.pause()  # no new sweep starts from here on
        updater = app.updater
        if updater is not None and updater.running:
            await _within(UPDATES_WAIT, updater.stop(), "confirming the fetched updates")
        if app.running:
            await _stop_running(app)
        # Before the HTTP clients close: a send cut off by closing them would count as a
        # failure and put its reminder off; a cancelled one is simply taken again.
        await _cancel_stragglers()
        if flush and app.persistence is not None:
            await _within(FLUSH_WAIT, app.update_persistence(), "saving conversation state")
        await _within(SHUTDOWN_WAIT, app.shutdown(), "closing connections")
    finally:
        await _cancel_stragglers()
        if app.post_shutdown is not None:
            await app.post_shutdown(app)  # closes the database: always, and last


async def _stop_running(app: ReteApplication) -> None:
    """app.stop() handles the updates in hand, then waits for running jobs: a sweep sending
    a thousand nudges would take a minute, so after JOB_GRACE it is cancelled. Its claimed
    reminders stay claimed, and the next start takes them again at once (claims older than
    the process are stale); only the one send in flight may go out twice."""
    stopping = asyncio.ensure_future(app.stop())
    done, _ = await asyncio.wait({stopping}, timeout=JOB_GRACE)
    if not done:
        jobs = _running_jobs(app)
        for job in jobs:
            job.cancel()
        if jobs:
            log.warning(
                "stop: %d job(s) still running after %.0f s cancelled; reminders they had"
                " claimed are sent at the next start",
                len(jobs),
                JOB_GRACE,
            )
    await _within(APP_WAIT, stopping, "handling the updates in hand")


def _running_jobs(app: ReteApplication) -> list[asyncio.Future[Any]]:
    # The futures PTB's own JobQueue.stop() waits for (private: read defensively). PTB runs
    # the callback itself shielded from them: _cancel_stragglers ends it.
    executor = getattr(app.job_queue, "_executor", None)
    pending = getattr(executor, "_pending_futures", ())
    return [future for future in pending if not future.done()]


async def _cancel_stragglers() -> None:
    """Cancel whatever still runs (a cancelled job's shielded callback, a stray task) before
    the database closes under it; a cancelled sweep leaves its claims for the next start."""
    current = asyncio.current_task()
    stragglers = [task for task in asyncio.all_tasks() if task is not current]
    for task in stragglers:
        task.cancel()
    if stragglers:
        await asyncio.wait(stragglers, timeout=LEFTOVER_WAIT)
        log.debug("stop: %d task(s) still running cancelled", len(stragglers))


async def _within(seconds: float, step: Awaitable[object], what: str) -> None:
    """Run one step of the stop for at most `seconds`; log (never raise) what went wrong."""
    task = asyncio.ensure_future(step)
    done, _ = await asyncio.wait({task}, timeout=seconds)
    if not done:
        task.cancel()  # not awaited: a step that ignores the cancellation must not hang us
        log.warning("stop: %s took more than %.1f s; skipped", what, seconds)
    elif not task.cancelled() and (error := task.exception()) is not None:
        log.error("stop: %s failed: %r", what, error, exc_info=error)
