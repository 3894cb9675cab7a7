"""The user side of groups, supergroups and channels: who is in them, and what they post."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.sandbox.actors import Actor, EventCursor, MessageRef, message_id_of, snapshots
from bot.sandbox.members import member_json
from bot.sandbox.state import (
    ADMINISTRATOR,
    CREATOR,
    KICKED,
    LEFT,
    MEMBER,
    PRESENT_STATUSES,
    ChatState,
    UserInfo,
    World,
)
from bot.sandbox.views import BotMessage

if TYPE_CHECKING:
    from bot.sandbox.methods import BotApi
    from bot.sandbox.users import SimUser

_ADMINS = frozenset({CREATOR, ADMINISTRATOR})


class SimChat(Actor):
    """A group, supergroup or channel.

    `add_member` and `set_creator` arrange a chat silently (test set-up); `join`, `promote`,
    `leave` and `kick` happen as on Telegram: a service message in groups, and a
    `chat_member` update for a bot that is an admin there."""

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

    def status_of(self, user: SimUser) -> str:
        return self.state.status_of(user.id)

    def is_admin(self, user: SimUser) -> bool:
        return self.state.status_of(user.id) in _ADMINS

    # ---- set-up, silent ----------------------------------------------------------------------
    def add_member(self, user: SimUser, admin: bool = False) -> None:
        self.state.members[user.id] = ADMINISTRATOR if admin else MEMBER

    def set_creator(self, user: SimUser) -> None:
        self.state.members[user.id] = CREATOR

    # ---- membership, as Telegram reports it ----------------------------------------------------
    async def join(self, user: SimUser, *, by: SimUser | None = None) -> None:
        """`user` joins (by a link) or is added by `by`, an admin."""
        if by is not None and by.id != user.id:
            self._require_admin(by, "add members")
        status = self.state.status_of(user.id)
        if status in PRESENT_STATUSES:
            raise AssertionError(f"{user.info.first_name} is already in {self.state.title}")
        if status == KICKED and (by is None or by.id == user.id):
            raise AssertionError(f"{user.info.first_name} was removed from {self.state.title}")
        actor = by or user
        self._change(user.info, MEMBER, actor.info)
        self._service(actor.info, {"new_chat_members": [user.info.to_json()]})

    async def promote(self, user: SimUser, *, by: SimUser) -> None:
        """`by` (the creator or an admin) makes `user` an admin, adding them if needed."""
        self._require_admin(by, "promote members")
        status = self.state.status_of(user.id)
        if status in _ADMINS:
            raise AssertionError(f"{user.info.first_name} is already an admin")
        if status not in PRESENT_STATUSES:
            await self.join(user, by=by)
        self._change(user.info, ADMINISTRATOR, by.info)

    async def leave(self, user: SimUser) -> None:
        if self.state.status_of(user.id) not in PRESENT_STATUSES:
            raise AssertionError(f"{user.info.first_name} is not in {self.state.title}")
        self._change(user.info, LEFT, user.info)
        self._service(user.info, {"left_chat_member": user.info.to_json()})

    async def kick(self, user: SimUser, *, by: SimUser) -> None:
        """Removed by an admin: banned from a supergroup or channel, out of a basic group."""
        self._require_admin(by, "remove members")
        status = self.state.status_of(user.id)
        if status not in PRESENT_STATUSES:
            raise AssertionError(f"{user.info.first_name} is not in {self.state.title}")
        if status == CREATOR:
            raise AssertionError("nobody can remove the creator")
        self._change(user.info, LEFT if self.state.type == "group" else KICKED, by.info)
        self._service(by.info, {"left_chat_member": user.info.to_json()})

    def _require_admin(self, user: SimUser, action: str) -> None:
        if not self.is_admin(user):
            raise AssertionError(f"only admins can {action}: {user.info.first_name} is not one")

    def _change(self, user: UserInfo, new: str, by: UserInfo) -> None:
        world, chat = self._world, self.state
        old = chat.status_of(user.id)
        chat.members[user.id] = new
        if world.bot_is_admin(chat):  # Telegram tells only admin bots (and only if asked)
            world.push_update(
                "chat_member",
                {
                    "chat": chat.to_json(),
                    "from": by.to_json(),
                    "date": world.now(),
                    "old_chat_member": member_json(user, old, chat.type),
                    "new_chat_member": member_json(user, new, chat.type),
                },
            )

    def _service(self, by: UserInfo, fields: dict[str, Any]) -> None:
        if self.state.type == "channel":
            return  # channels post no "joined" / "left" messages
        stored = self._world.new_message(self.state, by, fields)
        self._deliver(self.state, stored, "message")

    # ---- the bot's own membership ----------------------------------------------------------------
    def _bot_status_change(self, by: UserInfo, new: str) -> None:
        world = self._world
        old = self.state.status_of(world.bot.id)
        self.state.members[world.bot.id] = new
        world.push_update(
            "my_chat_member",
            {
                "chat": self.state.to_json(),
                "from": by.to_json(),
                "date": world.now(),
                "old_chat_member": member_json(world.bot, old, self.state.type),
                "new_chat_member": member_json(world.bot, new, self.state.type),
            },
        )

    async def add_bot(self, by: SimUser, as_admin: bool = False) -> None:
        if self.state.status_of(by.id) not in PRESENT_STATUSES:
            self.state.members[by.id] = ADMINISTRATOR
        self._bot_status_change(by.info, ADMINISTRATOR if as_admin else MEMBER)
        if self.state.type != "channel":
            service = self._world.new_message(
                self.state, by.info, {"new_chat_members": [self._world.bot.to_json()]}
            )
            self._world.push_update("message", service.payload)

    async def set_bot_admin(self, admin: bool, by: SimUser) -> None:
        self._bot_status_change(by.info, ADMINISTRATOR if admin else MEMBER)

    async def remove_bot(self, by: SimUser) -> None:
        # Removing from a basic group leaves; from a supergroup or channel it is a ban.
        self._bot_status_change(by.info, LEFT if self.state.type == "group" else KICKED)

    # ---- posts ---------------------------------------------------------------------------------
    async def channel_post(self, text: str) -> BotMessage:
        if self.state.type != "channel":
            raise AssertionError("channel_post is for channels; use user.post(chat, text)")
        stored = self._world.new_message(self.state, None, {"text": text})
        if self._world.bot_is_admin(self.state):
            self._world.push_update("channel_post", stored.payload)
        return stored.snapshot()

    async def edit_channel_post(self, message: MessageRef, new_text: str) -> BotMessage:
        stored = self.state.messages[message_id_of(message)]
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
        if by is not None:
            owner = by.info
        else:
            owners = [
                world.users[uid]
                for uid, status in self.state.members.items()
                if status in _ADMINS and uid in world.users
            ]
            if not owners:
                raise AssertionError("the group has no human admin to upgrade it; pass by=")
            owner = owners[0]
        old_id = self.state.id
        new_id = -1_000_000_000_000 - world.fresh_id()
        bot_present = self.state.status_of(world.bot.id) in PRESENT_STATUSES
        notice = world.new_message(self.state, owner, {"migrate_to_chat_id": new_id})
        if bot_present:
            world.push_update("message", notice.payload)
        del world.chats[old_id]
        self.state.id = new_id
        self.state.type = "supergroup"
        world.chats[new_id] = self.state
        world.migrated[old_id] = new_id
        welcome = world.new_message(self.state, owner, {"migrate_from_chat_id": old_id})
        if bot_present:
            world.push_update("message", welcome.payload)
        return new_id

    # ---- reading -------------------------------------------------------------------------------
    async def expect_message(self, timeout: float = 5.0) -> BotMessage:  # noqa: ASYNC109
        return await self._cursor.next(timeout)

    async def expect_no_message(self, within: float = 0.3) -> None:
        await self._cursor.expect_none(within)

    def unseen_messages(self) -> list[BotMessage]:
        return self._cursor.unseen()

    def transcript(self) -> list[BotMessage]:
        return snapshots(self.state)
