"""Dialogue state that survives a restart, kept in the same SQLite file, loaded per user.

What is persisted: each user's user_data (dialogue drafts, as JSON) and the states of the
persistent ConversationHandlers, keyed (chat id, user id). chat_data, bot_data and callback
data are not: nothing uses them, and durable data lives in the repositories.

How it scales with active users, not with all users:
- Nothing is read at start: PTB asks for every stored dialogue and gets none.
- `load` runs before any handler sees an update (handlers.core.load_profile, the first group):
  the first time a user writes (since the start, or since their state left memory) their rows
  are read in one query and put where PTB looks for them, `application.user_data[user_id]`
  and each ConversationHandler's states. A user seen again is not read again.
- PTB hands user_data and conversation states over every `update_interval`; a row is written
  only when it changed, and deleted only when one is stored: empty data is never written.
- Users unseen for an hour leave memory (their state is in the database, written long ago).
- A dialogue idle for longer than the timeout (measured from its last write, in the database,
  so restarts do not reset it) is ended when its user next writes: its rows are deleted at
  once and `load` returns what was left, for the note.
- A dialogue that ends is written through at the end of the update that ended it
  (`write_through_ended`, after every feature's handlers), not on the interval: a kill -9
  right after "Saved" does not bring the finished dialogue back.

Values must be JSON-serialisable (dates as ISO strings): the rows stay readable and /forget
can delete them.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import OrderedDict
from copy import deepcopy
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from hashlib import blake2b
from typing import Any, cast

from telegram import Update
from telegram.ext import Application, BasePersistence, PersistenceInput, TypeHandler
from telegram.ext._utils.trackingdict import TrackingDict
from telegram.ext._utils.types import ConversationDict, ConversationKey

from bot.clock import Clock
from bot.dialogue_expiry import ACTIVE_DIALOGUE, ExpiredDialogue, expired_dialogue
from storage.db import Database
from storage.ptb_state import PtbStateRepo, StateWrites, StoredDialogues, data_to_db

Data = dict[str, Any]
AnyApplication = Application[Any, Any, Any, Any, Any, Any]
Slot = tuple[str, ConversationKey]  # (conversation name, key)

EVICT_AFTER = 3600.0  # seconds (real time) without an update before a user's state leaves memory
_SWEEP_EVERY = 60.0
WRITE_THROUGH_GROUP = 1_000  # after every feature's handler group


class DialogueData(dict[str, Any]):
    """user_data as the Application keeps it (ContextTypes(user_data=DialogueData)).

    At every flush PTB deep-copies the data of each user who wrote. The copy this persistence
    needs is the JSON it stores, so the copy is made through that JSON (C code) rather than
    copy.deepcopy (Python), and keeps its text: it is encoded once, not twice.
    """

    def __deepcopy__(self, memo: dict[int, object]) -> DialogueData:
        try:
            text = data_to_db(self)
        except (TypeError, ValueError):  # not JSON: copied as it is, refused when written
            return DialogueData(deepcopy(dict(self), memo))
        snapshot = _Snapshot(json.loads(text))
        snapshot.text = text
        return snapshot


class _Snapshot(DialogueData):
    text = ""


@dataclass(slots=True)
class _Known:
    """A user whose state is in memory, and what is stored for them."""

    seen: float  # time.monotonic() of their last update: for memory
    active_at: datetime  # the clock's time of their last update: for expiry
    changed_at: datetime | None = None  # last write of their state; None: nothing stored
    data_digest: bytes | None = None  # of the stored user_data; None: no row
    conversations: dict[Slot, str] = field(default_factory=dict)  # stored states, as JSON


@dataclass(slots=True)
class _Batch:
    writes: StateWrites
    written: asyncio.Future[None]


def _digest(text: str) -> bytes:
    return blake2b(text.encode(), digest_size=16).digest()


class SqlitePersistence(BasePersistence[Data, Data, Data]):
    def __init__(
        self,
        db: Database,
        clock: Clock,
        *,
        dialogue_timeout: timedelta,
        update_interval: float = 2.0,
        evict_after: float = EVICT_AFTER,
    ) -> None:
        super().__init__(
            store_data=PersistenceInput(bot_data=False, chat_data=False, callback_data=False),
            update_interval=update_interval,
        )
        self.db = db
        self.state = PtbStateRepo(db)
        self.clock = clock
        self.dialogue_timeout = dialogue_timeout
        self.evict_after = evict_after
        self._known: OrderedDict[int, _Known] = OrderedDict()  # least recently seen first
        self._next_sweep = 0.0
        self._batch: _Batch | None = None  # the writes of the flush under way
        self._batch_writer: asyncio.Task[None] | None = None

    @classmethod
    def of(cls, application: AnyApplication) -> SqlitePersistence:
        persistence = application.persistence
        if not isinstance(persistence, cls):
            raise TypeError("the application does not use SqlitePersistence")
        return persistence

    # ---- loading, expiry and memory ----------------------------------------------------------

    async def load(self, application: AnyApplication, user_id: int) -> ExpiredDialogue | None:
        """Put the user's stored dialogues in memory, before any handler runs for their update.

        Returns what was left when their dialogue had been idle for too long (it is ended).
        """
        now = time.monotonic()
        if now >= self._next_sweep:
            self._forget_unseen(application, now)
        moment = self.clock.now()
        known = self._known.get(user_id)
        if known is not None:
            # In memory, idle is counted from their last update or their last write, whichever
            # is later: a change may still be on its way to the database.
            last = max(known.active_at, known.changed_at) if known.changed_at else None
            known.seen, known.active_at = now, moment
            self._known.move_to_end(user_id)
            if not self._expired(last, moment):
                return None
            assert last is not None
            return await self._end_expired(application, user_id, known, last)
        stored = await self.state.of_user(user_id)
        known = self._known[user_id] = _Known(seen=now, active_at=moment)
        if stored is None:
            return None
        if self._expired(stored.updated_at, moment):
            assert stored.updated_at is not None
            await self.state.delete_user_state(user_id)
            return expired_dialogue(
                stored.user_data, stored.updated_at, in_dialogue=bool(stored.conversations)
            )
        self._install(application, user_id, stored, known)
        return None

    def _expired(self, last: datetime | None, now: datetime) -> bool:
        return last is not None and now - last > self.dialogue_timeout

    def _install(
        self, application: AnyApplication, user_id: int, stored: StoredDialogues, known: _Known
    ) -> None:
        if stored.user_data:
            in_memory = application.user_data[user_id]  # created by PTB's defaultdict
            for name, value in stored.user_data.items():
                in_memory.setdefault(name, value)
            known.data_digest = _digest(data_to_db(stored.user_data))
        live = _conversations(application)
        for name, states in stored.conversations.items():
            if name not in live:
                continue  # a dialogue that no longer exists: its rows expire with the user's
            live[name].update_no_track({k: v for k, v in states.items() if k not in live[name]})
            for key, value in states.items():
                known.conversations[(name, key)] = json.dumps(value)
        known.changed_at = stored.updated_at

    async def _end_expired(
        self, application: AnyApplication, user_id: int, known: _Known, last: datetime
    ) -> ExpiredDialogue | None:
        expired = expired_dialogue(
            application.user_data.get(user_id) or {}, last, in_dialogue=bool(known.conversations)
        )
        await self.state.delete_user_state(user_id)
        live = _conversations(application)
        for name, key in known.conversations:
            if name in live:
                live[name].data.pop(key, None)
        if user_id in application.user_data:
            application.user_data[user_id].clear()
        known.conversations.clear()
        known.data_digest = known.changed_at = None
        return expired

    def _forget_unseen(self, application: AnyApplication, now: float) -> None:
        """Drop from memory the users unseen for `evict_after` (their state is stored)."""
        self._next_sweep = now + _SWEEP_EVERY
        live = _conversations(application)
        user_data = cast(dict[int, Data], application._user_data)
        while self._known:
            user_id, known = next(iter(self._known.items()))
            if now - known.seen < self.evict_after:
                break
            del self._known[user_id]
            user_data.pop(user_id, None)
            for name, key in known.conversations:
                if name in live:
                    live[name].data.pop(key, None)  # not a change: nothing to write

    async def write_through_ended(self, application: AnyApplication, user_id: int) -> None:
        """If a stored dialogue of the user has ended (in this update), write their state now."""
        known = self._known.get(user_id)
        if known is None or not known.conversations:
            return
        live = _conversations(application)
        ended = [
            (name, key)
            for name, key in known.conversations
            if name in live and key not in live[name]
        ]
        if not ended:
            return
        data = application.user_data.get(user_id)
        value = data_to_db(data) if data else None
        digest = None if value is None else _digest(value)
        writes = StateWrites(self.clock.now(), conversations=dict.fromkeys(ended))
        if digest != known.data_digest:
            writes.user_data[user_id] = value
        await self.state.write(writes)
        assert writes.at is not None
        for slot in ended:
            self._stored_conversation(known, slot, None, writes.at)
        self._stored_user_data(known, digest, writes.at)

    def watch_dialogue_ends(self, application: AnyApplication) -> None:
        """Register `write_through_ended` to run after every update, after every feature."""

        async def after_update(update: Update, context: object) -> None:
            if update.effective_user is not None:
                _drop_stale_mark(application, update.effective_user.id)
                await self.write_through_ended(application, update.effective_user.id)

        application.add_handler(TypeHandler(Update, after_update), group=WRITE_THROUGH_GROUP)

    # ---- PTB's interface: nothing is read at start ------------------------------------------

    async def get_user_data(self) -> dict[int, Data]:
        return {}

    async def get_chat_data(self) -> dict[int, Data]:
        return {}

    async def get_bot_data(self) -> Data:
        return {}

    async def get_callback_data(self) -> None:
        return None

    async def get_conversations(self, name: str) -> ConversationDict:
        return {}

    # ---- PTB's interface: writes, only of what changed ---------------------------------------

    async def update_conversation(
        self, name: str, key: ConversationKey, new_state: object | None
    ) -> None:
        slot = (name, tuple(key))
        known = self._known.get(int(key[-1]))  # every persistent conversation is per user
        value = None if new_state is None else json.dumps(new_state)
        if known is not None and known.conversations.get(slot) == value:
            return  # unchanged, or never stored and still nothing to store
        at = await self._queue(conversation=(slot, value))
        if known is not None:
            self._stored_conversation(known, slot, value, at)

    async def update_user_data(self, user_id: int, data: Data) -> None:
        known = self._known.get(user_id)
        value = (data.text if isinstance(data, _Snapshot) else data_to_db(data)) if data else None
        digest = None if value is None else _digest(value)
        if known is not None and known.data_digest == digest:
            return  # unchanged: never an empty row, never a row written twice
        at = await self._queue(user_data=(user_id, value))
        if known is not None:
            self._stored_user_data(known, digest, at)

    async def _queue(
        self,
        *,
        conversation: tuple[Slot, str | None] | None = None,
        user_data: tuple[int, str | None] | None = None,
    ) -> datetime:
        """Add a row (None: a deletion) to this flush's writes and wait until all are written.

        PTB starts every update_* of a flush together (asyncio.gather), so they all join the
        batch before its writer task runs: one transaction per flush, not one per row.
        """
        batch = self._batch
        if batch is None:
            loop = asyncio.get_running_loop()
            batch = self._batch = _Batch(StateWrites(self.clock.now()), loop.create_future())
            self._batch_writer = loop.create_task(self._write(batch))
        if conversation is not None:
            batch.writes.conversations[conversation[0]] = conversation[1]
        if user_data is not None:
            batch.writes.user_data[user_data[0]] = user_data[1]
        await asyncio.shield(batch.written)
        assert batch.writes.at is not None
        return batch.writes.at

    async def _write(self, batch: _Batch) -> None:
        self._batch = None  # what comes from now on goes to the next batch
        try:
            await self.state.write(batch.writes)
        except Exception as error:
            batch.written.set_exception(error)
        else:
            batch.written.set_result(None)

    @staticmethod
    def _stored_conversation(known: _Known, slot: Slot, value: str | None, at: datetime) -> None:
        if value is None:
            known.conversations.pop(slot, None)
            SqlitePersistence._settle(known)
        else:
            known.conversations[slot] = value
            known.changed_at = at

    @staticmethod
    def _stored_user_data(known: _Known, digest: bytes | None, at: datetime) -> None:
        known.data_digest = digest
        if digest is None:
            SqlitePersistence._settle(known)
        else:
            known.changed_at = at

    @staticmethod
    def _settle(known: _Known) -> None:
        if known.data_digest is None and not known.conversations:
            known.changed_at = None  # nothing stored: nothing can expire

    async def drop_user_data(self, user_id: int) -> None:
        await self.update_user_data(user_id, {})

    async def update_chat_data(self, chat_id: int, data: Data) -> None:
        return None

    async def update_bot_data(self, data: Data) -> None:
        return None

    async def update_callback_data(self, data: object) -> None:
        return None

    async def drop_chat_data(self, chat_id: int) -> None:
        return None

    async def refresh_user_data(self, user_id: int, user_data: Data) -> None:
        return None

    async def refresh_chat_data(self, chat_id: int, chat_data: Data) -> None:
        return None

    async def refresh_bot_data(self, bot_data: Data) -> None:
        return None

    async def flush(self) -> None:
        # Every write goes to the database when PTB hands it over; nothing is buffered here.
        return None


def _drop_stale_mark(application: AnyApplication, user_id: int) -> None:
    """The open-dialogue mark (handlers.common.begin) with no dialogue holding a state for the
    user: one ended without clearing it, and every other dialogue would answer "you are in the
    middle of …" until /cancel. Dropped once the update is handled."""
    data = application.user_data.get(user_id)
    if not data or ACTIVE_DIALOGUE not in data:
        return
    key = (user_id, user_id)  # dialogues run in the private chat, keyed (chat, user)
    if not any(key in states for states in _conversations(application).values()):
        del data[ACTIVE_DIALOGUE]


def _conversations(application: AnyApplication) -> dict[str, TrackingDict[ConversationKey, object]]:
    """The live states of every persistent ConversationHandler, by name.

    PTB keeps them in a private attribute (the one its own `update_persistence` reads); there
    is no public way to add a state loaded later. Tests cover every use (lazy load, expiry,
    eviction), so a PTB change that moves it fails the suite, not production.
    """
    return application._conversation_handler_conversations
