"""The user side: a simulated person writing, sending media and pressing buttons."""

from __future__ import annotations

import hashlib
import itertools
import mimetypes
from typing import TYPE_CHECKING, Any

from bot.sandbox import media
from bot.sandbox.actors import (
    Actor,
    EventCursor,
    MessageRef,
    command_entities,
    describe_chat,
    message_id_of,
    snapshots,
    text_fields,
)
from bot.sandbox.chats import SimChat
from bot.sandbox.members import member_json
from bot.sandbox.state import KICKED, LEFT, MEMBER, ChatState, StoredMessage, UserInfo, World
from bot.sandbox.views import BotMessage

if TYPE_CHECKING:
    from bot.sandbox.methods import BotApi

__all__ = ["ButtonRef", "MessageRef", "SimChat", "SimUser", "command_entities", "snapshots"]

ButtonRef = str | int | tuple[int, int]

_callback_ids = itertools.count(1)


class SimUser(Actor):
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
            target = chat.messages[message_id_of(reply_to)]
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
        if state.status_of(self.id) == KICKED:
            raise AssertionError(f"user {self.id} is banned from chat {state.id}")
        if state.status_of(self.id) == LEFT:
            state.members[self.id] = MEMBER  # set-up shortcut: no join updates
        return state

    async def send(self, text: str, *, chat: SimChat | None = None) -> BotMessage:
        return self._write(self._chat_for(chat), text_fields(text))

    async def reply(
        self, to_message: MessageRef, text: str, *, chat: SimChat | None = None
    ) -> BotMessage:
        return self._write(self._chat_for(chat), text_fields(text), reply_to=to_message)

    async def post(
        self, chat: SimChat, text: str, *, reply_to: MessageRef | None = None
    ) -> BotMessage:
        return self._write(self._chat_for(chat), text_fields(text), reply_to=reply_to)

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
        *,
        chat: SimChat | None = None,
    ) -> BotMessage:
        """Send a file as a document (📎 → File)."""
        record = self._world.store_file(
            content,
            folder="documents",
            file_name=filename,
            mime_type=mime_type or mimetypes.guess_type(filename)[0] or "application/octet-stream",
        )
        fields: dict[str, Any] = {"document": record.document_json()}
        if caption:
            fields["caption"] = caption
        return self._write(self._chat_for(chat), fields)

    async def send_photo(
        self, content: bytes, caption: str | None = None, *, chat: SimChat | None = None
    ) -> BotMessage:
        """Send a picture as a photo (compressed, in several sizes, as Telegram stores it)."""
        fields: dict[str, Any] = {"photo": media.photo_sizes(self._world, content)}
        if caption:
            fields["caption"] = caption
        return self._write(self._chat_for(chat), fields)

    async def send_sticker(self, emoji: str = "👍", *, chat: SimChat | None = None) -> BotMessage:
        return self._write(self._chat_for(chat), {"sticker": media.sticker(self._world, emoji)})

    async def send_location(
        self, latitude: float, longitude: float, *, chat: SimChat | None = None
    ) -> BotMessage:
        return self._write(self._chat_for(chat), {"location": media.location(latitude, longitude)})

    async def send_voice(
        self, content: bytes, duration: int = 1, *, chat: SimChat | None = None
    ) -> BotMessage:
        fields = {"voice": media.voice(self._world, content, duration)}
        return self._write(self._chat_for(chat), fields)

    async def edit(
        self, message: MessageRef, new_text: str, *, chat: SimChat | None = None
    ) -> BotMessage:
        state = self._open_private() if chat is None else chat.state
        stored = state.messages[message_id_of(message)]
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

    # ---- buttons -----------------------------------------------------------------------------
    async def press(
        self, button: ButtonRef, *, message: MessageRef | None = None, chat: SimChat | None = None
    ) -> str:
        """Press an inline button (by text, (row, col) or flat index from 0); returns the
        callback query id, to find the bot's answer in `callback_answers`."""
        state = self._open_private() if chat is None else chat.state
        stored = self._keyboard_message(state, message)
        rows: list[list[dict[str, Any]]] = stored.payload["reply_markup"]["inline_keyboard"]
        flat = [b for row in rows for b in row]
        labels = [[b.get("text") for b in row] for row in rows]
        if isinstance(button, str):
            matches = [b for b in flat if b.get("text") == button]
            if not matches:
                raise AssertionError(
                    f"no button {button!r} on message {stored.message_id}; buttons: {labels}"
                )
            chosen = matches[0]
        elif isinstance(button, tuple):
            row, column = button
            if not (0 <= row < len(rows) and 0 <= column < len(rows[row])):
                raise AssertionError(f"no button {button} on message {stored.message_id}: {labels}")
            chosen = rows[row][column]
        else:
            if not 0 <= button < len(flat):
                raise AssertionError(
                    f"message {stored.message_id} has {len(flat)} button(s), no index {button}"
                )
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
            stored = chat.messages.get(message_id_of(message))
            if stored is None or stored.deleted:
                raise AssertionError(f"message {message_id_of(message)} is not in chat {chat.id}")
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
