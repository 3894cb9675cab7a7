"""The emulated world: users, chats, messages, files, the bot's pending updates."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.sandbox.client_text import valid_json
from bot.sandbox.errors import bad_request, forbidden
from bot.sandbox.views import BotMessage

# Chat member statuses as Telegram names them.
CREATOR = "creator"
ADMINISTRATOR = "administrator"
MEMBER = "member"
LEFT = "left"
KICKED = "kicked"
PRESENT_STATUSES = {CREATOR, ADMINISTRATOR, MEMBER}


@dataclass
class UserInfo:
    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None
    is_bot: bool = False

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        for key in ("last_name", "username", "language_code"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        return data


@dataclass
class StoredMessage:
    """One message as Telegram holds it: `payload` is its current Bot API JSON."""

    chat_id: int
    message_id: int
    payload: dict[str, Any]
    from_bot: bool
    raw_text: str | None = None
    parse_mode: str | None = None
    edited: bool = False
    deleted: bool = False
    sent_markup: dict[str, Any] | None = None  # reply_markup as the bot sent it

    def snapshot(self) -> BotMessage:
        return BotMessage.from_payload(
            self.payload,
            raw_text=self.raw_text,
            parse_mode=self.parse_mode,
            edited=self.edited,
            deleted=self.deleted,
            from_bot=self.from_bot,
            sent_markup=self.sent_markup,
        )


@dataclass
class ChatState:
    id: int
    type: str  # private | group | supergroup | channel
    title: str | None = None
    username: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    members: dict[int, str] = field(default_factory=dict)  # user id -> status
    messages: dict[int, StoredMessage] = field(default_factory=dict)
    next_message_id: int = 1
    bot_events: list[BotMessage] = field(default_factory=list)  # sends and edits, in order
    started: bool = False  # private: the user has written to the bot
    blocked: bool = False  # private: the user blocked the bot

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": self.type}
        for key in ("title", "username", "first_name", "last_name"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        return data

    def status_of(self, user_id: int) -> str:
        return self.members.get(user_id, LEFT)


@dataclass
class FileRecord:
    file_id: str
    file_unique_id: str
    content: bytes
    file_path: str
    file_name: str | None = None
    mime_type: str | None = None

    def document_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.content),
        }
        if self.file_name is not None:
            data["file_name"] = self.file_name
        if self.mime_type is not None:
            data["mime_type"] = self.mime_type
        return data


@dataclass(frozen=True)
class CallbackAnswer:
    callback_query_id: str
    text: str | None
    show_alert: bool
    url: str | None


class World:
    """Everything the emulator knows; the HTTP layer and the user-side API both act on it."""

    def __init__(self, bot: UserInfo, clock: Callable[[], datetime]) -> None:
        self.bot = bot
        self.clock = clock
        self.privacy_mode = True
        self.users: dict[int, UserInfo] = {}
        self.chats: dict[int, ChatState] = {}
        self.migrated: dict[int, int] = {}  # old group id -> supergroup id
        self.files: dict[str, FileRecord] = {}
        self.files_by_path: dict[str, FileRecord] = {}
        self.commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self.callback_answers: list[CallbackAnswer] = []
        self.webhook_url = ""
        self.updates: list[tuple[int, dict[str, Any]]] = []
        self._next_update_id = 1
        self._updates_changed = asyncio.Event()
        self._messages_changed = asyncio.Event()
        self._ids = itertools.count(1)

    # ---- clock and ids -------------------------------------------------------------------
    def now(self) -> int:
        return int(self.clock().timestamp())

    def fresh_id(self) -> int:
        return next(self._ids)

    # ---- updates ---------------------------------------------------------------------------
    def push_update(self, kind: str, obj: dict[str, Any]) -> int:
        update_id = self._next_update_id
        self._next_update_id += 1
        # Whatever a test or the console typed, the bot reads valid Unicode, as from Telegram.
        self.updates.append((update_id, {"update_id": update_id, kind: valid_json(obj)}))
        self._updates_changed.set()
        self._updates_changed = asyncio.Event()
        return update_id

    def confirm_updates(self, offset: int) -> None:
        """Telegram forgets every update below `offset` (a negative offset counts from the end)."""
        if offset < 0:
            self.updates = self.updates[offset:]
        else:
            self.updates = [(uid, u) for uid, u in self.updates if uid >= offset]

    def drop_pending_updates(self) -> None:
        self.updates.clear()

    async def wait_for_updates(self, seconds: float) -> None:
        if self.updates or seconds <= 0:
            return
        changed = self._updates_changed
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(changed.wait(), seconds)

    def wake_all(self) -> None:
        self._updates_changed.set()
        self._messages_changed.set()

    # ---- chats -----------------------------------------------------------------------------
    def chat(self, chat_id: int | str) -> ChatState:
        """The chat the bot addresses, or Telegram's error for an unknown / upgraded one."""
        if isinstance(chat_id, str):
            for chat in self.chats.values():
                if chat.username and f"@{chat.username}".lower() == chat_id.lower():
                    return chat
            raise bad_request("chat not found")
        if chat_id in self.migrated:
            raise bad_request(
                "group chat was upgraded to a supergroup chat",
                migrate_to_chat_id=self.migrated[chat_id],
            )
        found = self.chats.get(chat_id)
        if found is None:
            raise bad_request("chat not found")
        return found

    def check_bot_can_write(self, chat: ChatState) -> None:
        if chat.type == "private":
            if chat.blocked:
                raise forbidden("bot was blocked by the user")
            if not chat.started:
                raise forbidden("bot can't initiate conversation with a user")
            return
        status = chat.status_of(self.bot.id)
        if status not in PRESENT_STATUSES:
            kind = "group" if chat.type == "group" else chat.type
            raise forbidden(f"bot is not a member of the {kind} chat")
        if chat.type == "channel" and status == MEMBER:
            raise bad_request("need administrator rights in the channel chat")

    def bot_is_admin(self, chat: ChatState) -> bool:
        return chat.status_of(self.bot.id) in {CREATOR, ADMINISTRATOR}

    # ---- messages --------------------------------------------------------------------------
    def new_message(
        self,
        chat: ChatState,
        sender: UserInfo | None,
        fields: dict[str, Any],
        *,
        from_bot: bool = False,
        raw_text: str | None = None,
        parse_mode: str | None = None,
        sent_markup: dict[str, Any] | None = None,
    ) -> StoredMessage:
        message_id = chat.next_message_id
        chat.next_message_id += 1
        payload: dict[str, Any] = {"message_id": message_id}
        if sender is not None:
            payload["from"] = sender.to_json()
        elif chat.type == "channel":
            payload["sender_chat"] = chat.to_json()
        payload["chat"] = chat.to_json()
        payload["date"] = self.now()
        payload.update(valid_json(fields))
        stored = StoredMessage(
            chat.id, message_id, payload, from_bot, raw_text, parse_mode, sent_markup=sent_markup
        )
        chat.messages[message_id] = stored
        if from_bot:
            self.record_bot_event(chat, stored)
        return stored

    def record_bot_event(self, chat: ChatState, stored: StoredMessage) -> None:
        chat.bot_events.append(stored.snapshot())
        self._messages_changed.set()
        self._messages_changed = asyncio.Event()

    async def wait_for_bot_events(self, seconds: float) -> None:
        changed = self._messages_changed
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(changed.wait(), seconds)

    def message(self, chat: ChatState, message_id: int, *, missing: str) -> StoredMessage:
        stored = chat.messages.get(message_id)
        if stored is None or stored.deleted:
            raise bad_request(missing)
        return stored

    # ---- files -----------------------------------------------------------------------------
    def store_file(
        self, content: bytes, *, folder: str, file_name: str | None, mime_type: str | None
    ) -> FileRecord:
        number = self.fresh_id()
        suffix = ""
        if file_name and "." in file_name:
            suffix = "." + file_name.rsplit(".", 1)[1]
        record = FileRecord(
            file_id=f"BQAC-emu-{number:06d}",
            file_unique_id=f"AgAD{number:06d}",
            content=content,
            file_path=f"{folder}/file_{number}{suffix}",
            file_name=file_name,
            mime_type=mime_type,
        )
        self.files[record.file_id] = record
        self.files_by_path[record.file_path] = record
        return record
