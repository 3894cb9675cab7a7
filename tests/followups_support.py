"""Shared set-up for the follow-up tests: users who wrote to the bot, contacts, reminders."""

from __future__ import annotations

from datetime import date, timedelta

from bot.contacts.model import ContactDraft
from bot.followups.actions import schedule_followup_on
from bot.sandbox import SimUser
from bot.sandbox.harness import RunningBot
from storage.users import User


async def started(bot: RunningBot, user: SimUser) -> User:
    """The user has written /start (so the bot may write to them) and has a profile."""
    await user.send("/start")
    await user.expect_reply()
    stored = await bot.repos.users.get(user.id)
    assert stored is not None
    return stored


async def refreshed(bot: RunningBot, user_id: int) -> User:
    stored = await bot.repos.users.get(user_id)
    assert stored is not None
    return stored


async def add_contact(
    bot: RunningBot,
    owner: User,
    name: str = "Giulia Bianchi",
    *,
    met_on: date | None = None,
    event_id: int | None = None,
    **fields: object,
) -> int:
    draft = ContactDraft(
        name=name,
        company=str(fields.get("company", "Acme")),
        role=str(fields.get("role", "HR manager")),
        met_on=met_on,
        met_where=fields.get("met_where"),  # type: ignore[arg-type]
        emails=list(fields.get("emails", ["giulia@acme.it"])),  # type: ignore[call-overload]
        telegram_username=fields.get("telegram_username"),  # type: ignore[arg-type]
        linkedin_url=fields.get("linkedin_url"),  # type: ignore[arg-type]
        notes=fields.get("notes"),  # type: ignore[arg-type]
        event_id=event_id,
    )
    return await bot.repos.contacts.create(owner.id, draft)


async def followup_after(
    bot: RunningBot, owner: User, contact_id: int, met_on: date, days: int
) -> int:
    """A follow-up reminder `days` after `met_on`, at the user's preferred time."""
    return await schedule_followup_on(bot.repos, owner, contact_id, met_on + timedelta(days=days))
