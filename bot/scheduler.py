"""The one repeating job: every REMINDER_SWEEP_SECONDS it runs each feature's sweeper.

Sweepers read what is due from the database with the injected clock, so tests and the sandbox
run them on demand after moving the clock (`run_due_now`) instead of waiting.
"""

from __future__ import annotations

import asyncio
import logging

from bot.context import ReteApplication, ReteContext

log = logging.getLogger(__name__)

SWEEP_JOB_NAME = "sweep"
_LOCK_KEY = "rete_sweep_lock"


def _lock(app: ReteApplication) -> asyncio.Lock:
    # One sweep at a time: the periodic job and a manual run never overlap.
    lock = getattr(app, _LOCK_KEY, None)
    if lock is None:
        lock = asyncio.Lock()
        setattr(app, _LOCK_KEY, lock)
    return lock


async def run_due_now(app: ReteApplication) -> None:
    """Run every sweeper once, now."""
    await _sweep(ReteContext(app))


async def _sweep(context: ReteContext) -> None:
    app = context.application
    assert isinstance(app, ReteApplication)
    async with _lock(app):
        for sweeper in app.services.sweepers:
            try:
                await sweeper(context)
            except Exception:
                # One failing feature must not stop the others; the next sweep retries.
                log.exception("sweeper %s failed", getattr(sweeper, "__qualname__", sweeper))


async def _sweep_job(context: ReteContext) -> None:
    await _sweep(context)


def schedule_sweeps(app: ReteApplication) -> None:
    assert app.job_queue is not None
    app.job_queue.run_repeating(
        _sweep_job,
        interval=app.services.settings.reminder_sweep_seconds,
        first=1.0,
        name=SWEEP_JOB_NAME,
        job_kwargs={"max_instances": 1, "coalesce": True},
    )
