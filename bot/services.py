"""What every handler, use-case and sweeper needs, built once per Application."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime

from telegram import Bot

from bot.clock import Clock
from bot.pacing import Pacer
from bot.settings import Settings
from storage.cards import CardsRepo
from storage.contacts import ContactsRepo
from storage.db import Database
from storage.events import EventsRepo
from storage.interactions import InteractionsRepo
from storage.job_alerts import JobAlertsRepo
from storage.job_chats import JobChatsRepo
from storage.job_members import JobMembersRepo
from storage.job_posts import JobPostsRepo
from storage.ptb_state import PtbStateRepo
from storage.reminders import RemindersRepo
from storage.users import UsersRepo


@dataclass(frozen=True)
class Repos:
    """The database and one repository per aggregate: what use-cases read and write."""

    db: Database
    users: UsersRepo
    contacts: ContactsRepo
    events: EventsRepo
    interactions: InteractionsRepo
    reminders: RemindersRepo
    ptb_state: PtbStateRepo
    job_chats: JobChatsRepo
    job_posts: JobPostsRepo
    job_alerts: JobAlertsRepo
    job_members: JobMembersRepo
    cards: CardsRepo

    @classmethod
    def on(cls, db: Database) -> Repos:
        return cls(
            db=db,
            users=UsersRepo(db),
            contacts=ContactsRepo(db),
            events=EventsRepo(db),
            interactions=InteractionsRepo(db),
            reminders=RemindersRepo(db),
            ptb_state=PtbStateRepo(db),
            job_chats=JobChatsRepo(db),
            job_posts=JobPostsRepo(db),
            job_alerts=JobAlertsRepo(db),
            job_members=JobMembersRepo(db),
            cards=CardsRepo(db),
        )


@dataclass
class Services:
    settings: Settings
    clock: Clock
    repos: Repos
    # When this process started: a reminder claimed before it belongs to a dead process.
    started_at: datetime
    # Bulk sends (nudges, digests, alerts) share one pace: the limit is per bot.
    pacer: Pacer = field(default_factory=Pacer)
    _locks: dict[str, asyncio.Lock] = field(default_factory=dict)

    @classmethod
    def create(cls, settings: Settings, clock: Clock) -> Services:
        return cls(
            settings=settings,
            clock=clock,
            repos=Repos.on(Database(settings.database_path)),
            started_at=clock.now(),
        )

    def lock(self, name: str) -> asyncio.Lock:
        """One run at a time of the work called `name` (a sweep and a one-off job of the
        same delivery never overlap, so a row is never sent twice by this process)."""
        if name not in self._locks:
            self._locks[name] = asyncio.Lock()
        return self._locks[name]


# Periodic work (due reminders, scheduled digests, …): listed once, in bot/app.py.
Sweeper = Callable[[Services, Bot], Awaitable[object]]
