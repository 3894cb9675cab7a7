"""Reminder bookkeeping: first follow-up, keep-in-touch reset by interactions and cadence."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.clock import ManualClock
from bot.contacts.model import ContactDraft
from bot.followups.actions import (
    log_interaction,
    schedule_event_prep,
    schedule_followup_on,
    set_cadence,
)
from bot.services import Services
from bot.settings import Settings
from storage.kinds import Cadence, ContactStage, InteractionKind
from storage.users import User

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # Tuesday, 10:00 in Rome


@pytest.fixture
async def services(tmp_path: Path) -> AsyncIterator[Services]:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        telegram_bot_token=SecretStr("123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0"),
        database_path=tmp_path / "x.sqlite3",
    )
    built = Services.create(settings, ManualClock(NOW))
    await built.repos.db.open()
    yield built
    await built.repos.db.close()


async def make_user(services: Services) -> User:
    user, _ = await services.repos.users.ensure(
        7, "it", default_timezone="Europe/Rome", default_followup_days=3
    )
    return user


async def test_first_followup_skips_the_weekend(services: Services) -> None:
    user = await make_user(services)
    cid = await services.repos.contacts.create(user.id, ContactDraft(name="Maria"))
    # Met Wednesday 25 Nov + 3 days = Saturday -> Monday 30 Nov, 10:00 Rome (09:00 UTC).
    rid = await schedule_followup_on(services.repos, user, cid, date(2026, 11, 28))
    reminder = await services.repos.reminders.get(user.id, rid)
    assert reminder is not None
    assert reminder.due_at == datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


async def test_interactions_restart_keep_in_touch(services: Services) -> None:
    user = await make_user(services)
    cid = await services.repos.contacts.create(
        user.id, ContactDraft(name="Maria", met_on=date(2026, 1, 15))
    )
    assert await set_cadence(services.repos, services.clock, user, cid, Cadence.QUARTERLY)
    [first] = await services.repos.reminders.open_for_contact(user.id, cid)
    assert (first.kind, first.due_at.date()) == ("keep_in_touch", date(2026, 4, 15))
    assert await log_interaction(services.repos, services.clock, user, cid, InteractionKind.PHONE)
    [second] = await services.repos.reminders.open_for_contact(user.id, cid)
    # Logged on Tue 24 Nov 2026 -> 24 Feb 2027 (a Wednesday), 10:00 Rome.
    assert second.due_at == datetime(2027, 2, 24, 9, 0, tzinfo=UTC)
    assert await set_cadence(services.repos, services.clock, user, cid, Cadence.NONE)
    assert await services.repos.reminders.open_for_contact(user.id, cid) == []


async def test_someone_elses_contact_is_untouched(services: Services) -> None:
    user = await make_user(services)
    other, _ = await services.repos.users.ensure(
        8, "en", default_timezone="Europe/Rome", default_followup_days=3
    )
    cid = await services.repos.contacts.create(other.id, ContactDraft(name="Not yours"))
    assert not await log_interaction(
        services.repos, services.clock, user, cid, InteractionKind.EMAIL
    )
    assert not await set_cadence(services.repos, services.clock, user, cid, Cadence.MONTHLY)
    assert await services.repos.reminders.open_for_contact(other.id, cid) == []


async def test_event_prep_is_the_day_before_even_on_a_weekend(services: Services) -> None:
    user = await make_user(services)
    fair = await services.repos.events.create(user.id, "Job Fair", starts_on=date(2026, 11, 29))
    rid = await schedule_event_prep(services.repos, services.clock, user, fair, date(2026, 11, 29))
    assert rid is not None
    reminder = await services.repos.reminders.get(user.id, rid)
    assert reminder is not None
    assert (reminder.kind, reminder.due_at) == (
        "event_prep",
        datetime(2026, 11, 28, 9, 0, tzinfo=UTC),  # Saturday, 10:00 in Rome
    )
    # An event starting today: its eve has passed, so no prep reminder.
    assert (
        await schedule_event_prep(services.repos, services.clock, user, fair, date(2026, 11, 24))
        is None
    )


async def test_a_first_real_contact_moves_met_to_followed_up(services: Services) -> None:
    user = await make_user(services)
    cid = await services.repos.contacts.create(user.id, ContactDraft(name="Maria"))
    assert await log_interaction(
        services.repos, services.clock, user, cid, InteractionKind.NOTE, "remember her dog's name"
    )
    contact = await services.repos.contacts.get(user.id, cid)
    assert contact is not None
    assert contact.stage == "met"  # a note is not contact
    assert await log_interaction(services.repos, services.clock, user, cid, InteractionKind.EMAIL)
    contact = await services.repos.contacts.get(user.id, cid)
    assert contact is not None
    assert contact.stage == "followed_up"
    await services.repos.contacts.set_stage(user.id, cid, ContactStage.INTERVIEW)
    assert await log_interaction(services.repos, services.clock, user, cid, InteractionKind.PHONE)
    contact = await services.repos.contacts.get(user.id, cid)
    assert contact is not None
    assert contact.stage == "interview"  # later stages are never moved back
