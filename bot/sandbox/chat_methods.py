"""Files and chats as the bot asks about them: getFile, getChat, getChatMember, leaveChat."""

from __future__ import annotations

from typing import Any

from bot.sandbox.errors import ApiError, bad_request
from bot.sandbox.members import member_json
from bot.sandbox.params import Params
from bot.sandbox.state import ADMINISTRATOR, CREATOR, LEFT, PRESENT_STATUSES, World


class ChatMethods:
    """Mixed into BotApi: what the bot asks about files, chats and their members."""

    world: World

    # ---- files ---------------------------------------------------------------------------
    async def getFile(self, params: Params) -> Any:
        record = self.world.files.get(params.str_or_none("file_id") or "")
        if record is None:
            raise bad_request("invalid file_id")
        return {
            "file_id": record.file_id,
            "file_unique_id": record.file_unique_id,
            "file_size": len(record.content),
            "file_path": record.file_path,
        }

    # ---- chats ---------------------------------------------------------------------------
    async def getChat(self, params: Params) -> Any:
        chat = self.world.chat(params.chat_id())
        return {
            **chat.to_json(),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": True,
                "limited_gifts": True,
                "unique_gifts": True,
                "premium_subscription": True,
                "gifts_from_channels": True,
            },
        }

    async def getChatMember(self, params: Params) -> Any:
        chat = self.world.chat(params.chat_id())
        user_id = params.required_int("user_id", empty_reason="user not found")
        user = self.world.bot if user_id == self.world.bot.id else self.world.users.get(user_id)
        if user is None:
            raise bad_request("user not found")
        if chat.type == "private":
            if user_id not in (chat.id, self.world.bot.id):
                raise bad_request("user not found")
            return member_json(user, "member", chat.type)
        if chat.status_of(self.world.bot.id) not in PRESENT_STATUSES:
            raise bad_request("chat not found")
        return member_json(user, chat.status_of(user_id), chat.type)

    async def getChatAdministrators(self, params: Params) -> Any:
        chat = self.world.chat(params.chat_id())
        if chat.type == "private":
            raise bad_request("there are no administrators in the private chat")
        admins = []
        for user_id, status in chat.members.items():
            if status in {CREATOR, ADMINISTRATOR}:
                user = self.world.bot if user_id == self.world.bot.id else self.world.users[user_id]
                admins.append(member_json(user, status, chat.type))
        return admins

    async def leaveChat(self, params: Params) -> Any:
        chat = self.world.chat(params.chat_id())
        if chat.type == "private":
            raise bad_request("chat member status can't be changed in private chats")
        old = chat.status_of(self.world.bot.id)
        if old not in PRESENT_STATUSES:
            raise ApiError(403, f"Forbidden: bot is not a member of the {chat.type} chat")
        chat.members[self.world.bot.id] = LEFT
        self.world.push_update(
            "my_chat_member",
            {
                "chat": chat.to_json(),
                "from": self.world.bot.to_json(),
                "date": self.world.now(),
                "old_chat_member": member_json(self.world.bot, old, chat.type),
                "new_chat_member": member_json(self.world.bot, LEFT, chat.type),
            },
        )
        return True

    async def setChatMenuButton(self, params: Params) -> Any:
        return True
