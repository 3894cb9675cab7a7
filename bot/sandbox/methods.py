"""The Bot API methods the bot uses, acting on the World with Telegram's checks and errors."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

from bot.sandbox.chat_methods import ChatMethods
from bot.sandbox.errors import ApiError, bad_request
from bot.sandbox.params import Params
from bot.sandbox.sending import SendingMethods
from bot.sandbox.state import World

_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")
# Delivered unless allowed_updates names them explicitly (Telegram's documented default).
_OPT_IN_UPDATES = {"chat_member", "message_reaction", "message_reaction_count"}

Method = Callable[[Params], Awaitable[Any]]


class BotApi(SendingMethods, ChatMethods):
    """Every method the emulator serves, by name; each acts on the World."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.allowed_updates: set[str] | None = None
        self.open_callback_queries: set[str] = set()
        self.methods: dict[str, Method] = {
            name.lower(): getattr(self, name)
            for name in [
                "getMe",
                "getUpdates",
                "deleteWebhook",
                "setWebhook",
                "getWebhookInfo",
                "setMyCommands",
                "getMyCommands",
                "deleteMyCommands",
                "sendMessage",
                "editMessageText",
                "editMessageReplyMarkup",
                "deleteMessage",
                "answerCallbackQuery",
                "sendDocument",
                "sendPhoto",
                "getFile",
                "getChat",
                "getChatMember",
                "getChatAdministrators",
                "leaveChat",
                "sendChatAction",
                "setChatMenuButton",
            ]
        }

    async def call(self, method: str, params: Params) -> Any:
        handler = self.methods.get(method.lower())
        if handler is None:
            raise ApiError(404, "Not Found")
        return await handler(params)

    # ---- bot and updates ---------------------------------------------------------------
    async def getMe(self, params: Params) -> Any:
        return {
            **self.world.bot.to_json(),
            "can_join_groups": True,
            "can_read_all_group_messages": not self.world.privacy_mode,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def getUpdates(self, params: Params) -> Any:
        if self.world.webhook_url:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        allowed = params.json("allowed_updates")
        if isinstance(allowed, list):
            self.allowed_updates = set(allowed) or None
        offset = params.int_or_none("offset")
        if offset is not None:
            self.world.confirm_updates(offset)
        limit = max(1, min(params.int_or_none("limit") or 100, 100))
        timeout = params.float_or_none("timeout") or 0.0
        self._drop_unwanted()
        if not self.world.updates:
            await self.world.wait_for_updates(timeout)
            self._drop_unwanted()
        return [update for _, update in self.world.updates[:limit]]

    def _drop_unwanted(self) -> None:
        wanted = self.allowed_updates
        self.world.updates = [
            (uid, update)
            for uid, update in self.world.updates
            if any(
                (kind in wanted) if wanted else (kind not in _OPT_IN_UPDATES)
                for kind in update
                if kind != "update_id"
            )
        ]

    async def deleteWebhook(self, params: Params) -> Any:
        self.world.webhook_url = ""
        if params.flag("drop_pending_updates"):
            self.world.drop_pending_updates()
        return True

    async def setWebhook(self, params: Params) -> Any:
        self.world.webhook_url = params.str_or_none("url") or ""
        if params.flag("drop_pending_updates"):
            self.world.drop_pending_updates()
        return True

    async def getWebhookInfo(self, params: Params) -> Any:
        return {
            "url": self.world.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self.world.updates),
        }

    # ---- commands ------------------------------------------------------------------------
    def _commands_key(self, params: Params) -> tuple[str, str]:
        return scope_key(params.json("scope")), params.str_or_none("language_code") or ""

    async def setMyCommands(self, params: Params) -> Any:
        commands = params.json("commands")
        if not isinstance(commands, list):
            raise bad_request('parameter "commands" is required')
        for command in commands:
            if not _COMMAND_RE.match(str(command.get("command", ""))):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise bad_request("command description must be non-empty")
        stored = [{"command": c["command"], "description": c["description"]} for c in commands]
        self.world.commands[self._commands_key(params)] = stored
        return True

    async def getMyCommands(self, params: Params) -> Any:
        return self.world.commands.get(self._commands_key(params), [])

    async def deleteMyCommands(self, params: Params) -> Any:
        self.world.commands.pop(self._commands_key(params), None)
        return True


def scope_key(scope: Any) -> str:
    """A BotCommandScope as a stable key: `default`, `all_private_chats`, `chat:ID`, ..."""
    if not isinstance(scope, dict) or not scope.get("type"):
        return "default"
    parts = [str(scope["type"])]
    for key in ("chat_id", "user_id"):
        if key in scope:
            parts.append(str(scope[key]))
    return ":".join(parts)
