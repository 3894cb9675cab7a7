"""The one repeating job: every REMINDER_SWEEP_SECONDS it runs each sweeper (bot/app.py).

Sweepers read what is due from the database with the injected clock, so tests and the sandbox
run them on demand after moving the clock (`run_due_now`) instead of waiting.
"""

from __future__ import annotations

import logging

from bot.context import ReteApplication, ReteContext

log = logging.getLogger(__name__)

SWEEP_JOB_NAME = "sweep"


async def run_due_now(app: ReteApplication) -> None:
    """Run every sweeper once, now (one sweep at a time: the job and a manual run never
    overlap)."""
    async with app.services.lock(SWEEP_JOB_NAME):
        for sweeper in app.sweepers:
            try:
                await sweeper(app.services, app.bot)
            except Exception:
                # One failing feature must not stop the others; the next sweep retries.
                log.exception("sweeper %s failed", getattr(sweeper, "__qualname__", sweeper))


async def _sweep_job(context: ReteContext) -> None:
    app = context.application
    assert isinstance(app, ReteApplication)
    if app.services.lock(SWEEP_JOB_NAME).locked():
        return  # a sweep is under way (run_due_now); waiting for it would pile jobs up
    await run_due_now(app)


def schedule_sweeps(app: ReteApplication) -> None:
    assert app.job_queue is not None
    app.job_queue.run_repeating(
        _sweep_job,
        interval=app.services.settings.reminder_sweep_seconds,
        first=1.0,
        name=SWEEP_JOB_NAME,  # one instance at a time: APScheduler's default max_instances
    )
