"""The user side: simulated people, groups and channels acting on the emulated world."""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import mimetypes
from typing import TYPE_CHECKING, Any

from bot.sandbox.members import member_json
from bot.sandbox.state import (
    ADMINISTRATOR,
    CREATOR,
    KICKED,
    LEFT,
    MEMBER,
    PRESENT_STATUSES,
    ChatState,
    StoredMessage,
    UserInfo,
    World,
)
from bot.sandbox.views import BotMessage

if TYPE_CHECKING:
    from bot.sandbox.methods import BotApi

ButtonRef = str | int | tuple[int, int]
MessageRef = BotMessage | StoredMessage | int

_callback_ids = itertools.count(1)


def command_entities(text: str) -> list[dict[str, Any]]:
    """A leading /command (or /command@bot) is a `bot_command` entity, as clients send it."""
    if not text.startswith("/"):
        return []
    token = text.split(maxsplit=1)[0]
    if len(token) < 2:
        return []
    return [{"type": "bot_command", "offset": 0, "length": len(token.encode("utf-16-le")) // 2}]


def _message_id(ref: MessageRef) -> int:
    return ref if isinstance(ref, int) else ref.message_id


class EventCursor:
    """Consumes, in order, the bot's sends and edits in one chat that a reader has not seen."""

    def __init__(self, world: World, chat: ChatState) -> None:
        self.world = world
        self.chat = chat
        self.position = len(chat.bot_events)

    def unseen(self) -> list[BotMessage]:
        events = self.chat.bot_events[self.position :]
        self.position = len(self.chat.bot_events)
        return events

    async def next(self, timeout: float) -> BotMessage:  # noqa: ASYNC109
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self.position >= len(self.chat.bot_events):
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(
                    f"no new bot message in chat {self.chat.id} within {timeout}s; "
                    f"the chat has:\n{describe_chat(self.chat)}"
                )
            await self.world.wait_for_bot_events(remaining)
        event = self.chat.bot_events[self.position]
        self.position += 1
        return event

    async def expect_none(self, within: float) -> None:
        await asyncio.sleep(within)
        if self.position < len(self.chat.bot_events):
            unexpected = "\n".join(e.describe() for e in self.chat.bot_events[self.position :])
            raise AssertionError(f"unexpected bot message(s) in chat {self.chat.id}:\n{unexpected}")


def describe_chat(chat: ChatState) -> str:
    if not chat.messages:
        return "  (no messages)"
    return "\n".join("  " + m.snapshot().describe() for m in chat.messages.values())


def snapshots(chat: ChatState) -> list[BotMessage]:
    return [m.snapshot() for m in chat.messages.values()]


class _Actor:
    def __init__(self, world: World, api: BotApi) -> None:
        self._world = world
        self._api = api

    def _bot_reads(self, chat: ChatState, message: StoredMessage) -> bool:
        """Whether Telegram delivers a message in a group to this bot (privacy mode rules)."""
        world = self._world
        if chat.type == "private":
            return True
        if chat.status_of(world.bot.id) not in PRESENT_STATUSES:
            return False
        if world.bot_is_admin(chat) or not world.privacy_mode:
            return True
        text: str = message.payload.get("text", "")
        if text.startswith("/"):
            _, _, target = text.split(maxsplit=1)[0].partition("@")
            if not target or target.lower() == (world.bot.username or "").lower():
                return True
        reply = message.payload.get("reply_to_message")
        return bool(reply and reply.get("from", {}).get("id") == world.bot.id)

    def _deliver(self, chat: ChatState, message: StoredMessage, kind: str) -> None:
        if self._bot_reads(chat, message):
            self._world.push_update(kind, message.payload)


class SimUser(_Actor):
    """A person using Telegram. Their private chat with the bot has their user id."""

    def __init__(self, world: World, api: BotApi, info: UserInfo) -> None:
        super().__init__(world, api)
        self.info = info
        if info.id not in world.chats:
            world.chats[info.id] = ChatState(
                id=info.id,
                type="private",
                username=info.username,
                first_name=info.first_name,
                last_name=info.last_name,
            )
        self.private_chat = world.chats[info.id]
        self._cursor = EventCursor(world, self.private_chat)

    @property
    def id(self) -> int:
        return self.info.id

    # ---- writing ---------------------------------------------------------------------------
    def start_chat(self) -> None:
        """Mark the private chat as started (the bot may write) without sending an update."""
        self._open_private()

    def _open_private(self) -> ChatState:
        chat = self.private_chat
        if chat.blocked:
            raise AssertionError(f"user {self.id} has blocked the bot; call unblock_bot() first")
        chat.started = True
        return chat

    def _write(
        self, chat: ChatState, fields: dict[str, Any], reply_to: MessageRef | None = None
    ) -> BotMessage:
        if reply_to is not None:
            target = chat.messages[_message_id(reply_to)]
            fields["reply_to_message"] = {
                k: v for k, v in target.payload.items() if k != "reply_to_message"
            }
        stored = self._world.new_message(chat, self.info, fields)
        self._deliver(chat, stored, "message")
        return stored.snapshot()

    def _chat_for(self, chat: SimChat | None) -> ChatState:
        if chat is None:
            return self._open_private()
        state = chat.state
        if state.status_of(self.id) in {LEFT}:
            state.members[self.id] = MEMBER
        if state.status_of(self.id) == KICKED:
            raise AssertionError(f"user {self.id} is banned from chat {state.id}")
        return state

    async def send(self, text: str, *, chat: SimChat | None = None) -> BotMessage:
        fields: dict[str, Any] = {"text": text}
        entities = command_entities(text)
        if entities:
            fields["entities"] = entities
        return self._write(self._chat_for(chat), fields)

    async def reply(
        self, to_message: MessageRef, text: str, *, chat: SimChat | None = None
    ) -> BotMessage:
        fields: dict[str, Any] = {"text": text}
        entities = command_entities(text)
        if entities:
            fields["entities"] = entities
        return self._write(self._chat_for(chat), fields, reply_to=to_message)

    async def post(
        self, chat: SimChat, text: str, *, reply_to: MessageRef | None = None
    ) -> BotMessage:
        fields: dict[str, Any] = {"text": text}
        entities = command_entities(text)
        if entities:
            fields["entities"] = entities
        return self._write(self._chat_for(chat), fields, reply_to=reply_to)

    async def share_contact(
        self,
        phone_number: str,
        first_name: str,
        last_name: str | None = None,
        user_id: int | None = None,
        vcard: str | None = None,
    ) -> BotMessage:
        contact: dict[str, Any] = {"phone_number": phone_number, "first_name": first_name}
        for key, value in (("last_name", last_name), ("user_id", user_id), ("vcard", vcard)):
            if value is not None:
                contact[key] = value
        return self._write(self._open_private(), {"contact": contact})

    async def upload(
        self,
        filename: str,
        content: bytes,
        mime_type: str | None = None,
        caption: str | None = None,
    ) -> BotMessage:
        record = self._world.store_file(
            content,
            folder="documents",
            file_name=filename,
            mime_type=mime_type or mimetypes.guess_type(filename)[0] or "application/octet-stream",
        )
        fields: dict[str, Any] = {"document": record.document_json()}
        if caption:
            fields["caption"] = caption
        return self._write(self._open_private(), fields)

    async def edit(
        self, message: MessageRef, new_text: str, *, chat: SimChat | None = None
    ) -> BotMessage:
        state = self._open_private() if chat is None else chat.state
        stored = state.messages[_message_id(message)]
        if stored.payload.get("from", {}).get("id") != self.id:
            raise AssertionError("a user can edit only their own messages")
        stored.payload = {
            **stored.payload,
            "text": new_text,
            "edit_date": self._world.now(),
        }
        stored.payload.pop("entities", None)
        if command_entities(new_text):
            stored.payload["entities"] = command_entities(new_text)
        stored.edited = True
        self._deliver(state, stored, "edited_message")
        return stored.snapshot()

    async def press(
        self, button: ButtonRef, *, message: MessageRef | None = None, chat: SimChat | None = None
    ) -> str:
        """Press an inline button (by text, (row, col) or flat index); returns the query id."""
        state = self._open_private() if chat is None else chat.state
        stored = self._keyboard_message(state, message)
        rows: list[list[dict[str, Any]]] = stored.payload["reply_markup"]["inline_keyboard"]
        flat = [b for row in rows for b in row]
        if isinstance(button, str):
            matches = [b for b in flat if b.get("text") == button]
            if not matches:
                raise AssertionError(
                    f"no button {button!r} on message {stored.message_id}; buttons: "
                    f"{[[b.get('text') for b in row] for row in rows]}"
                )
            chosen = matches[0]
        elif isinstance(button, tuple):
            chosen = rows[button[0]][button[1]]
        else:
            chosen = flat[button]
        if "callback_data" not in chosen:
            raise AssertionError(f"button {chosen.get('text')!r} has no callback_data: {chosen}")
        return self._push_callback(state, stored, chosen["callback_data"])

    async def press_data(
        self, data: str, *, message: MessageRef | None = None, chat: SimChat | None = None
    ) -> str:
        """Send a callback query with any data on a bot message, as a modified client could."""
        state = self._open_private() if chat is None else chat.state
        return self._push_callback(state, self._keyboard_message(state, message), data)

    def _push_callback(self, state: ChatState, stored: StoredMessage, data: str) -> str:
        query_id = f"{self.id}{next(_callback_ids):08d}"
        self._api.open_callback_queries.add(query_id)
        chat_instance = hashlib.sha1(f"{state.id}".encode()).hexdigest()[:16]
        self._world.push_update(
            "callback_query",
            {
                "id": query_id,
                "from": self.info.to_json(),
                "message": stored.payload,
                "chat_instance": str(int(chat_instance, 16)),
                "data": data,
            },
        )
        return query_id

    def _keyboard_message(self, chat: ChatState, message: MessageRef | None) -> StoredMessage:
        if message is not None:
            stored = chat.messages.get(_message_id(message))
            if stored is None or stored.deleted:
                raise AssertionError(f"message {_message_id(message)} is not in chat {chat.id}")
            if not stored.payload.get("reply_markup"):
                raise AssertionError(f"message {stored.message_id} has no inline keyboard")
            return stored
        for stored in reversed(chat.messages.values()):
            if stored.from_bot and not stored.deleted and stored.payload.get("reply_markup"):
                return stored
        raise AssertionError(
            f"no bot message with an inline keyboard in chat {chat.id}:\n{describe_chat(chat)}"
        )

    # ---- blocking ----------------------------------------------------------------------------
    def _private_status_change(self, old: str, new: str) -> None:
        chat = self.private_chat
        self._world.push_update(
            "my_chat_member",
            {
                "chat": chat.to_json(),
                "from": self.info.to_json(),
                "date": self._world.now(),
                "old_chat_member": member_json(self._world.bot, old, "private"),
                "new_chat_member": member_json(self._world.bot, new, "private"),
            },
        )

    async def block_bot(self) -> None:
        if not self.private_chat.blocked:
            self.private_chat.blocked = True
            self._private_status_change(MEMBER, KICKED)

    async def unblock_bot(self) -> None:
        if self.private_chat.blocked:
            self.private_chat.blocked = False
            self._private_status_change(KICKED, MEMBER)

    # ---- reading -----------------------------------------------------------------------------
    async def expect_reply(
        self,
        timeout: float = 5.0,  # noqa: ASYNC109
        *,
        chat: SimChat | None = None,
    ) -> BotMessage:
        """The next bot message (new or edited) in the chat that this reader has not seen."""
        if chat is not None:
            return await chat.expect_message(timeout)
        return await self._cursor.next(timeout)

    async def expect_no_reply(self, within: float = 0.3) -> None:
        await self._cursor.expect_none(within)

    def unseen_replies(self) -> list[BotMessage]:
        """Every bot send/edit not consumed yet, consuming them."""
        return self._cursor.unseen()

    def transcript(self) -> list[BotMessage]:
        return snapshots(self.private_chat)

    def last_bot_message(self) -> BotMessage | None:
        for stored in reversed(self.private_chat.messages.values()):
            if stored.from_bot and not stored.deleted:
                return stored.snapshot()
        return None


class SimChat(_Actor):
    """A group, supergroup or channel."""

    def __init__(self, world: World, api: BotApi, state: ChatState) -> None:
        super().__init__(world, api)
        self.state = state
        self._cursor = EventCursor(world, state)

    @property
    def id(self) -> int:
        return self.state.id

    @property
    def type(self) -> str:
        return self.state.type

    def add_member(self, user: SimUser, admin: bool = False) -> None:
        self.state.members[user.id] = ADMINISTRATOR if admin else MEMBER

    def set_creator(self, user: SimUser) -> None:
        self.state.members[user.id] = CREATOR

    def _bot_status_change(self, by: SimUser, new: str) -> None:
        world = self._world
        old = self.state.status_of(world.bot.id)
        self.state.members[world.bot.id] = new
        world.push_update(
            "my_chat_member",
            {
                "chat": self.state.to_json(),
                "from": by.info.to_json(),
                "date": world.now(),
                "old_chat_member": member_json(world.bot, old, self.state.type),
                "new_chat_member": member_json(world.bot, new, self.state.type),
            },
        )

    async def set_member(self, user: SimUser, status: str, by: SimUser | None = None) -> None:
        """A member joins, leaves or is banned (`by` an admin, else themselves). Telegram
        tells only admin bots, with a `chat_member` update (when they ask for those)."""
        world = self._world
        old = self.state.status_of(user.id)
        self.state.members[user.id] = status
        if world.bot_is_admin(self.state):
            world.push_update(
                "chat_member",
                {
                    "chat": self.state.to_json(),
                    "from": (by or user).info.to_json(),
                    "date": world.now(),
                    "old_chat_member": member_json(user.info, old, self.state.type),
                    "new_chat_member": member_json(user.info, status, self.state.type),
                },
            )

    async def add_bot(self, by: SimUser, as_admin: bool = False) -> None:
        if self.state.status_of(by.id) not in PRESENT_STATUSES:
            self.state.members[by.id] = ADMINISTRATOR
        self._bot_status_change(by, ADMINISTRATOR if as_admin else MEMBER)
        if self.state.type != "channel":
            service = self._world.new_message(
                self.state, by.info, {"new_chat_members": [self._world.bot.to_json()]}
            )
            self._world.push_update("message", service.payload)

    async def set_bot_admin(self, admin: bool, by: SimUser) -> None:
        self._bot_status_change(by, ADMINISTRATOR if admin else MEMBER)

    async def remove_bot(self, by: SimUser) -> None:
        # Removing from a basic group leaves; from a supergroup or channel it is a ban.
        self._bot_status_change(by, LEFT if self.state.type == "group" else KICKED)

    async def channel_post(self, text: str) -> BotMessage:
        if self.state.type != "channel":
            raise AssertionError("channel_post is for channels; use user.post(chat, text)")
        stored = self._world.new_message(self.state, None, {"text": text})
        if self._world.bot_is_admin(self.state):
            self._world.push_update("channel_post", stored.payload)
        return stored.snapshot()

    async def edit_channel_post(self, message: MessageRef, new_text: str) -> BotMessage:
        stored = self.state.messages[_message_id(message)]
        stored.payload = {**stored.payload, "text": new_text, "edit_date": self._world.now()}
        stored.edited = True
        if self._world.bot_is_admin(self.state):
            self._world.push_update("edited_channel_post", stored.payload)
        return stored.snapshot()

    async def migrate_to_supergroup(self, by: SimUser | None = None) -> int:
        """Upgrade a basic group: Telegram gives it a new id and posts both service messages.

        `by` defaults to the group's creator (or any administrator)."""
        if self.state.type != "group":
            raise AssertionError("only a basic group can be migrated")
        world = self._world
        if by is None:
            owner_ids = [
                uid
                for uid, status in self.state.members.items()
                if status in {CREATOR, ADMINISTRATOR} and uid in world.users
            ]
            if not owner_ids:
                raise AssertionError("the group has no human admin to upgrade it; pass by=")
            by = SimUser(world, self._api, world.users[owner_ids[0]])
        old_id = self.state.id
        new_id = -1_000_000_000_000 - world.fresh_id()
        bot_present = self.state.status_of(world.bot.id) in PRESENT_STATUSES
        notice = world.new_message(self.state, by.info, {"migrate_to_chat_id": new_id})
        if bot_present:
            world.push_update("message", notice.payload)
        del world.chats[old_id]
        self.state.id = new_id
        self.state.type = "supergroup"
        world.chats[new_id] = self.state
        world.migrated[old_id] = new_id
        welcome = world.new_message(self.state, by.info, {"migrate_from_chat_id": old_id})
        if bot_present:
            world.push_update("message", welcome.payload)
        return new_id

    async def expect_message(self, timeout: float = 5.0) -> BotMessage:  # noqa: ASYNC109
        return await self._cursor.next(timeout)

    async def expect_no_message(self, within: float = 0.3) -> None:
        await self._cursor.expect_none(within)

    def unseen_messages(self) -> list[BotMessage]:
        return self._cursor.unseen()

    def transcript(self) -> list[BotMessage]:
        return snapshots(self.state)
