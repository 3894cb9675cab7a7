"""What every handler and job needs, built once per Application."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.clock import Clock
from bot.settings import Settings
from storage.contacts import ContactsRepo
from storage.db import Database
from storage.events import EventsRepo
from storage.interactions import InteractionsRepo
from storage.jobs import JobsRepo
from storage.ptb_state import PtbStateRepo
from storage.reminders import RemindersRepo
from storage.users import UsersRepo

if TYPE_CHECKING:
    from bot.context import ReteContext

# A periodic task run by the sweep job (due reminders, scheduled digests, …).
Sweeper = Callable[["ReteContext"], Awaitable[None]]


@dataclass
class Services:
    settings: Settings
    clock: Clock
    db: Database
    users: UsersRepo
    contacts: ContactsRepo
    events: EventsRepo
    interactions: InteractionsRepo
    reminders: RemindersRepo
    ptb_state: PtbStateRepo
    jobs: JobsRepo
    sweepers: list[Sweeper] = field(default_factory=list)

    @classmethod
    def create(cls, settings: Settings, clock: Clock) -> Services:
        db = Database(settings.database_path)
        return cls(
            settings=settings,
            clock=clock,
            db=db,
            users=UsersRepo(db),
            contacts=ContactsRepo(db),
            events=EventsRepo(db),
            interactions=InteractionsRepo(db),
            reminders=RemindersRepo(db),
            ptb_state=PtbStateRepo(db),
            jobs=JobsRepo(db),
        )
