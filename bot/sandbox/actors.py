"""What people and chats share on the user side: reading the bot's messages, delivering theirs."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from bot.sandbox.state import PRESENT_STATUSES, ChatState, StoredMessage, World
from bot.sandbox.views import BotMessage

if TYPE_CHECKING:
    from bot.sandbox.methods import BotApi

MessageRef = BotMessage | StoredMessage | int

# Service messages reach every bot in the chat, whatever its privacy mode.
SERVICE_FIELDS = frozenset(
    {
        "new_chat_members",
        "left_chat_member",
        "new_chat_title",
        "pinned_message",
        "migrate_to_chat_id",
        "migrate_from_chat_id",
        "group_chat_created",
        "supergroup_chat_created",
    }
)


def command_entities(text: str) -> list[dict[str, Any]]:
    """A leading /command (or /command@bot) is a `bot_command` entity, as clients send it."""
    if not text.startswith("/"):
        return []
    token = text.split(maxsplit=1)[0]
    if len(token) < 2:
        return []
    return [{"type": "bot_command", "offset": 0, "length": len(token.encode("utf-16-le")) // 2}]


def text_fields(text: str) -> dict[str, Any]:
    fields: dict[str, Any] = {"text": text}
    entities = command_entities(text)
    if entities:
        fields["entities"] = entities
    return fields


def message_id_of(ref: MessageRef) -> int:
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


class Actor:
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
        if SERVICE_FIELDS & message.payload.keys():
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
