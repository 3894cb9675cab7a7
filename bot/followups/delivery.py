"""The reminder sweeper: claims due reminders from the database and delivers them.

The reminders table is the only source of truth. Each sweep claims due rows atomically in
bounded batches (pending -> claimed), sends them one at a time, and marks each one sent with
its message id. Failures never lose a reminder:
- 429: wait `retry_after` and try again (the rate limiter already retried a few times);
- network errors and 5xx: released with an exponential backoff, attempts counted;
- 403 (the user blocked the bot): the user is marked blocked and the reminder goes back to
  the queue; claim_due skips blocked users until they write again;
- due but night-time for the user: released to the next moment `delivery_time` allows.
Failures that would repeat forever are bounded:
- 400 (Telegram refuses this message: too long, unparsable, no such chat): tried
  MAX_REFUSED_ATTEMPTS times in all, then cancelled with a log line;
- an error of ours while composing (a bug): tried MAX_BROKEN_ATTEMPTS times, then cancelled;
- a send that timed out waiting for the answer may have been delivered: the reminder is sent
  again (at least once), but once MAX_UNCONFIRMED_ATTEMPTS attempts have been made it is
  marked sent, unconfirmed, with a log line, so one ambiguous send costs at most that many
  copies. A connect, write or pool timeout never reached Telegram: retried like a 5xx.
A crash between the claim and mark_sent leaves rows 'claimed'. Such a claim is taken again
once it is older than STALE_AFTER, or at once if it is older than this process (only one
process runs the bot, so a claim from before it started belongs to a dead process). At most
the one message in flight when the process died is sent twice.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum

import httpx
from telegram import Bot
from telegram.error import (
    BadRequest,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)

from bot.followups.ended_events import plan_summaries_of_ended_events
from bot.followups.event_messages import render_prep, render_summary
from bot.followups.nudge import Rendered, render_nudge
from bot.followups.policy import delivery_time, local_today, user_schedule
from bot.formatting import clip_html
from bot.i18n import pick_language, texts
from bot.services import Services
from storage.kinds import ReminderKind, ReminderStatus
from storage.reminders import Reminder
from storage.users import User

log = logging.getLogger(__name__)

BATCH_SIZE = 50
MAX_PER_SWEEP = 1200  # ~40 s at Telegram's 30 messages/s; the rest waits for the next sweep
STALE_AFTER = timedelta(minutes=5)
RETRY_AFTER_WAITS = 2  # our own waits on top of the rate limiter's retries
MAX_RETRY_AFTER_WAIT = 60.0  # seconds; a longer ban is left to a later sweep
BACKOFF_BASE = timedelta(seconds=30)
BACKOFF_CAP = timedelta(hours=1)
MAX_REFUSED_ATTEMPTS = 3  # a 400 rarely heals: a few tries (a fix may be deployed), then stop
MAX_BROKEN_ATTEMPTS = 10  # our own error: about five hours of backoff, then stop
MAX_UNCONFIRMED_ATTEMPTS = 3  # sends that may each have been delivered


class Outcome(StrEnum):
    SENT = "sent"
    DEFERRED = "deferred"  # quiet hours
    PAUSED = "paused"  # the user blocked the bot
    RETRY = "retry"  # a failure, tried again later
    DROPPED = "dropped"  # nothing left to remind about (contact or event deleted, no contacts)
    FAILED = "failed"  # refused for good (or broken): cancelled, logged
    UNCONFIRMED = "unconfirmed"  # timed out too often: marked sent, maybe delivered, logged


@dataclass
class SweepReport:
    outcomes: dict[Outcome, int] = field(default_factory=dict)

    def add(self, outcome: Outcome) -> None:
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1

    @property
    def claimed(self) -> int:
        return sum(self.outcomes.values())


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, … capped at an hour: how long a failed send waits."""
    exponent = max(attempts - 1, 0)
    if exponent >= 8:
        return BACKOFF_CAP
    return min(BACKOFF_BASE * (1 << exponent), BACKOFF_CAP)


async def deliver_reminders(services: Services, bot: Bot) -> SweepReport:
    """The sweeper: plan the summaries of events that ended, then deliver what is due."""
    await plan_summaries_of_ended_events(services)
    return await ReminderDelivery(services).sweep(bot)


class ReminderDelivery:
    """Delivers due reminders (the process's start and send pace live in `services`)."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.repos = services.repos

    async def sweep(self, bot: Bot) -> SweepReport:
        report = SweepReport()
        while report.claimed < MAX_PER_SWEEP:
            now = self.services.clock.now()
            stale_before = max(now - STALE_AFTER, self.services.started_at)
            batch = await self.services.repos.reminders.claim_due(
                now,
                stale_before=stale_before,
                limit=min(BATCH_SIZE, MAX_PER_SWEEP - report.claimed),
            )
            for reminder in batch:
                report.add(await self._deliver_safely(bot, reminder))
            if len(batch) < BATCH_SIZE:
                break
        if report.claimed:
            log.info("reminder sweep: %s", {k.value: v for k, v in report.outcomes.items()})
        return report

    async def _deliver_safely(self, bot: Bot, reminder: Reminder) -> Outcome:
        try:
            return await self._deliver(bot, reminder)
        except Exception as exc:
            # A bug or a database hiccup on one reminder must not stop the batch.
            log.exception("reminder %s failed", reminder.id)
            error = f"{type(exc).__name__}: {exc}"
            if reminder.attempts >= MAX_BROKEN_ATTEMPTS:
                return await self._give_up(reminder, error)
            await self._retry_later(reminder, error)
            return Outcome.RETRY

    async def _deliver(self, bot: Bot, reminder: Reminder) -> Outcome:
        services = self.services
        user = await services.repos.users.get(reminder.owner_id)
        if user is None:  # deleted users take their reminders with them; be safe anyway
            await services.repos.reminders.set_status(
                reminder.owner_id, reminder.id, ReminderStatus.CANCELLED
            )
            return Outcome.DROPPED
        now = services.clock.now()
        schedule = user_schedule(user)
        if not reminder.kind.is_nudge:
            schedule = schedule.without_weekend_shift()  # an event's eve, or right after it
        when = delivery_time(reminder.due_at, now, schedule)
        if when > now:
            await services.repos.reminders.defer(reminder.id, when)
            return Outcome.DEFERRED
        message = await self._compose(reminder, user)
        if message is None:
            await services.repos.reminders.set_status(
                reminder.owner_id, reminder.id, ReminderStatus.CANCELLED
            )
            return Outcome.DROPPED
        return await self._send(bot, reminder, user, message)

    async def _compose(self, reminder: Reminder, user: User) -> Rendered | None:
        services = self.services
        t = texts(pick_language(user.language, user.telegram_language))
        today = local_today(services.clock.now(), user.timezone)
        if reminder.kind.is_nudge and reminder.contact_id is not None:
            contact = await services.repos.contacts.get(user.id, reminder.contact_id)
            if contact is None:
                return None
            last = await services.repos.interactions.for_contact(user.id, contact.id, limit=1)
            return render_nudge(
                t,
                reminder.id,
                reminder.kind,
                contact,
                today=today,
                last=last[0] if last else None,
                has_cv=user.cv_file_id is not None,
            )
        if reminder.event_id is None:
            return None
        event = await services.repos.events.get(user.id, reminder.event_id)
        if event is None:
            return None
        zone = user_schedule(user).zone
        if reminder.kind == ReminderKind.EVENT_PREP:
            today = services.clock.now().astimezone(zone).date()
            cv_day = user.cv_uploaded_at.astimezone(zone).date() if user.cv_uploaded_at else None
            return render_prep(t, event, cv_day, today)
        if reminder.kind == ReminderKind.EVENT_SUMMARY:
            if event.summary_sent_at is not None or event.contact_count == 0:
                return None
            contacts = await services.repos.contacts.page(
                user.id, offset=0, limit=40, event_id=event.id
            )
            return render_summary(t, event, contacts, event.contact_count)
        return None

    async def _send(self, bot: Bot, reminder: Reminder, user: User, message: Rendered) -> Outcome:
        services = self.services
        waits = 0
        while True:
            await self.services.pacer.wait()
            try:
                sent = await bot.send_message(
                    chat_id=user.id, text=clip_html(message.text), reply_markup=message.markup
                )
            except RetryAfter as exc:
                wait = _seconds(exc)
                if waits >= RETRY_AFTER_WAITS or wait > MAX_RETRY_AFTER_WAIT:
                    await self._retry_at(reminder, wait, "429 Too Many Requests")
                    return Outcome.RETRY
                waits += 1
                await asyncio.sleep(wait)
                continue
            except Forbidden as exc:
                now = services.clock.now()
                await services.repos.users.set_blocked(user.id, now)
                await services.repos.reminders.defer(reminder.id, now)
                log.info("user %s blocked the bot: reminders paused (%s)", user.id, exc.message)
                return Outcome.PAUSED
            except BadRequest as exc:
                # Our message was refused (a bug, or a chat that no longer exists): try again
                # a few times (a fix may be deployed meanwhile), never forever.
                log.error("reminder %s refused by Telegram: %s", reminder.id, exc.message)
                error = f"BadRequest: {exc.message}"
                if reminder.attempts >= MAX_REFUSED_ATTEMPTS:
                    return await self._give_up(reminder, error)
                await self._retry_later(reminder, error)
                return Outcome.RETRY
            except TimedOut as exc:
                error = f"TimedOut: {exc.message}"
                if maybe_delivered(exc) and reminder.attempts >= MAX_UNCONFIRMED_ATTEMPTS:
                    return await self._unconfirmed(reminder, error)
                await self._retry_later(reminder, error)
                return Outcome.RETRY
            except (NetworkError, TelegramError) as exc:
                # NetworkError covers timeouts, dropped connections and 5xx answers.
                await self._retry_later(reminder, f"{type(exc).__name__}: {exc.message}")
                return Outcome.RETRY
            break
        now = services.clock.now()
        await services.repos.reminders.mark_sent(reminder.id, now, sent.message_id)
        if reminder.kind == ReminderKind.EVENT_SUMMARY and reminder.event_id is not None:
            await services.repos.events.mark_summary_sent(user.id, reminder.event_id, now)
        return Outcome.SENT

    async def _give_up(self, reminder: Reminder, error: str) -> Outcome:
        log.error(
            "reminder %s failed %d times, cancelled: %s", reminder.id, reminder.attempts, error
        )
        await self.repos.reminders.give_up(
            reminder.id, ReminderStatus.CANCELLED, self.services.clock.now(), error
        )
        return Outcome.FAILED

    async def _unconfirmed(self, reminder: Reminder, error: str) -> Outcome:
        """Stop resending: each of the attempts may have reached the user."""
        log.warning(
            "reminder %s: %d sends got no answer from Telegram; marked sent, unconfirmed",
            reminder.id,
            reminder.attempts,
        )
        now = self.services.clock.now()
        await self.repos.reminders.give_up(reminder.id, ReminderStatus.SENT, now, error)
        if reminder.kind == ReminderKind.EVENT_SUMMARY and reminder.event_id is not None:
            await self.repos.events.mark_summary_sent(reminder.owner_id, reminder.event_id, now)
        return Outcome.UNCONFIRMED

    async def _retry_later(self, reminder: Reminder, error: str) -> None:
        retry_at = self.services.clock.now() + backoff(reminder.attempts)
        await self.services.repos.reminders.release(reminder.id, retry_at, error)

    async def _retry_at(self, reminder: Reminder, seconds: float, error: str) -> None:
        retry_at = self.services.clock.now() + timedelta(seconds=max(seconds, 1.0))
        await self.services.repos.reminders.release(reminder.id, retry_at, error)


def maybe_delivered(exc: TimedOut) -> bool:
    """Whether Telegram may have received and sent the message before the timeout: yes,
    unless the request never got out (no connection, not fully written, no free slot)."""
    never_sent = (httpx.ConnectTimeout, httpx.WriteTimeout, httpx.PoolTimeout)
    return not isinstance(exc.__cause__, never_sent)


def _seconds(exc: RetryAfter) -> float:
    retry_after = exc.retry_after  # a timedelta with PTB_TIMEDELTA on (bot/__init__.py)
    if isinstance(retry_after, timedelta):
        return retry_after.total_seconds()
    return float(retry_after)
