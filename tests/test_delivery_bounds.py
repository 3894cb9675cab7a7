"""Sends that can not succeed, or whose outcome is unknown, are never retried forever."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest
from telegram import Bot
from telegram.error import TimedOut
from telegram.request import HTTPXRequest

from bot.app import SEND_READ_TIMEOUT
from bot.followups.delivery import (
    MAX_REFUSED_ATTEMPTS,
    MAX_UNCONFIRMED_ATTEMPTS,
    deliver_reminders,
    maybe_delivered,
)
from bot.formatting import MESSAGE_LIMIT
from bot.sandbox import SimUser
from bot.sandbox.harness import RunningBot
from storage.kinds import ReminderKind, ReminderStatus
from storage.reminders import Reminder
from tests.followups_support import add_contact, started


async def stored(bot: RunningBot, owner_id: int, reminder_id: int) -> Reminder:
    reminder = await bot.repos.reminders.get(owner_id, reminder_id)
    assert reminder is not None
    return reminder


async def sweep_hourly(bot: RunningBot, times: int) -> None:
    """Run the sweepers `times` times, an hour apart (past any backoff)."""
    for _ in range(times):
        await bot.run_due()
        bot.clock.advance(timedelta(hours=1))


async def test_a_summary_of_thirty_people_with_long_names_fits_one_message(
    bot: RunningBot, mario: SimUser
) -> None:
    owner = await started(bot, mario)
    event_id = await bot.repos.events.create(owner.id, "Fiera & Lavoro " * 20)
    for n in range(30):
        await add_contact(
            bot, owner, f"{n} " + "Bartolomeo & Co " * 12, event_id=event_id, role="R&D " * 40
        )
    reminder_id = await bot.repos.reminders.create(
        owner.id, ReminderKind.EVENT_SUMMARY, bot.clock.now(), event_id=event_id
    )
    await bot.run_due()
    summary = await mario.expect_reply()
    assert len(summary.text) <= MESSAGE_LIMIT
    # The list shows what fits; the footer (last) and the buttons stay.
    assert summary.text.endswith("trasforma un incontro in una relazione.")
    assert summary.buttons
    assert (await stored(bot, owner.id, reminder_id)).status == ReminderStatus.SENT


async def test_a_message_telegram_refuses_for_good_is_cancelled_and_logged(
    bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    # A user we know whose chat Telegram does not: every send is 400 "chat not found".
    owner, _ = await bot.repos.users.ensure(
        555, "en", default_timezone="Europe/Rome", default_followup_days=3
    )
    contact_id = await add_contact(bot, owner)
    reminder_id = await bot.repos.reminders.create(
        owner.id, ReminderKind.FOLLOWUP, bot.clock.now(), contact_id=contact_id
    )
    with caplog.at_level(logging.ERROR, logger="bot.followups.delivery"):
        await sweep_hourly(bot, MAX_REFUSED_ATTEMPTS + 3)
    assert len(bot.emu.served("sendMessage", status=400)) == MAX_REFUSED_ATTEMPTS
    reminder = await stored(bot, owner.id, reminder_id)
    assert reminder.status == ReminderStatus.CANCELLED
    assert f"reminder {reminder_id} failed {MAX_REFUSED_ATTEMPTS} times, cancelled" in caplog.text
    assert await bot.repos.reminders.actionable_for_owner(owner.id, until=bot.clock.now()) == []


@pytest.fixture
async def impatient(bot: RunningBot) -> AsyncIterator[Bot]:
    """The bot's own token and emulator, but giving up on an answer after 0.1 s."""
    request = HTTPXRequest(read_timeout=0.1)
    async with Bot(bot.emu.token, base_url=bot.emu.base_url, request=request) as impatient_bot:
        yield impatient_bot


async def test_a_send_answered_too_late_is_resent_a_bounded_number_of_times(
    bot: RunningBot, mario: SimUser, impatient: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    owner = await started(bot, mario)
    contact_id = await add_contact(bot, owner)
    reminder_id = await bot.repos.reminders.create(
        owner.id, ReminderKind.FOLLOWUP, bot.clock.now(), contact_id=contact_id
    )
    # Telegram delivers every send, but answers after the client stopped waiting.
    bot.emu.faults.inject("slow", count=100, method="sendMessage", delay=0.4)
    with caplog.at_level(logging.WARNING, logger="bot.followups.delivery"):
        for _ in range(MAX_UNCONFIRMED_ATTEMPTS + 2):
            await deliver_reminders(bot.services, impatient)
            bot.clock.advance(timedelta(hours=1))
        await bot.emu.settle(quiet=0.6)
    copies = [m for m in mario.unseen_replies() if "Giulia Bianchi" in m.text]
    assert len(copies) == MAX_UNCONFIRMED_ATTEMPTS  # at least once; duplicates bounded
    reminder = await stored(bot, owner.id, reminder_id)
    assert (reminder.status, reminder.message_id) == (ReminderStatus.SENT, None)
    assert "marked sent, unconfirmed" in caplog.text
    # Still in /followups, so nothing is lost even if none of the copies had arrived.
    assert await bot.repos.reminders.actionable_for_owner(owner.id, until=bot.clock.now())


async def test_dropped_connections_are_retried_until_delivered_once(
    bot: RunningBot, mario: SimUser
) -> None:
    owner = await started(bot, mario)
    contact_id = await add_contact(bot, owner)
    reminder_id = await bot.repos.reminders.create(
        owner.id, ReminderKind.FOLLOWUP, bot.clock.now(), contact_id=contact_id
    )
    drops = MAX_UNCONFIRMED_ATTEMPTS + 2  # never reached Telegram: no bound applies
    bot.emu.faults.inject("network", count=drops, method="sendMessage")
    await sweep_hourly(bot, drops + 1)
    assert len(bot.emu.served("sendMessage", status=0)) == drops
    copies = [m for m in mario.unseen_replies() if "Giulia Bianchi" in m.text]
    assert len(copies) == 1
    reminder = await stored(bot, owner.id, reminder_id)
    assert reminder.status == ReminderStatus.SENT and reminder.message_id is not None


def timed_out(cause: Exception) -> TimedOut:
    try:
        raise TimedOut from cause
    except TimedOut as error:
        return error


@pytest.mark.parametrize(
    ("cause", "ambiguous"),
    [
        (httpx.ReadTimeout("no answer"), True),
        (httpx.ConnectTimeout("no connection"), False),
        (httpx.WriteTimeout("not sent"), False),
        (httpx.PoolTimeout("no slot"), False),
        (ValueError("unknown"), True),
    ],
)
def test_only_a_timeout_after_the_request_went_out_may_have_delivered(
    cause: Exception, ambiguous: bool
) -> None:
    assert maybe_delivered(timed_out(cause)) is ambiguous


async def test_sends_wait_longer_than_ptbs_default_for_an_answer(bot: RunningBot) -> None:
    assert bot.app.bot.request.read_timeout == SEND_READ_TIMEOUT > 5
