"""The Bot API methods the bot uses, acting on the World with Telegram's checks and errors."""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Awaitable, Callable
from typing import Any

from bot.sandbox.errors import ApiError, bad_request
from bot.sandbox.html_text import parse_html, plain_entities
from bot.sandbox.members import member_json
from bot.sandbox.params import Params
from bot.sandbox.state import (
    ADMINISTRATOR,
    CREATOR,
    LEFT,
    PRESENT_STATUSES,
    CallbackAnswer,
    ChatState,
    FileRecord,
    StoredMessage,
    World,
)

MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64
_NO_MESSAGE_ID = "message identifier is not specified"
_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")
# Delivered unless allowed_updates names them explicitly (Telegram's documented default).
_OPT_IN_UPDATES = {"chat_member", "message_reaction", "message_reaction_count"}

Method = Callable[[Params], Awaitable[Any]]


class BotApi:
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

    # ---- sending -------------------------------------------------------------------------
    def _formatted(
        self, params: Params, field: str, limit: int, *, empty: str | None
    ) -> tuple[str, list[Any], str | None, str | None]:
        raw = params.str_or_none(field) or ""
        parse_mode = params.str_or_none("parse_mode")
        mode = (parse_mode or "").lower()
        if mode == "html":
            plain, entities = parse_html(raw)
        else:
            # MarkdownV2/Markdown are stored as sent; this emulator only parses HTML.
            given = params.json("entities" if field == "text" else "caption_entities")
            plain, entities = plain_entities(raw, given if isinstance(given, list) else None)
        if not plain and empty is not None:
            raise bad_request(empty)
        if len(plain) > limit:
            raise bad_request(
                "message is too long" if field == "text" else "message caption is too long"
            )
        return plain, entities, (raw if raw else None), parse_mode

    def _markup(self, params: Params) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
        """(the reply_markup as sent, the inline keyboard Telegram echoes in the message)."""
        markup = params.json("reply_markup")
        if markup is None:
            return None, None
        if not isinstance(markup, dict):
            raise bad_request("can't parse reply keyboard markup JSON object")
        inline = markup.get("inline_keyboard")
        if inline is None:
            return markup, None
        for row in inline:
            for button in row:
                data = button.get("callback_data")
                if data is not None and not 1 <= len(str(data).encode()) <= MAX_CALLBACK_DATA_BYTES:
                    raise bad_request("BUTTON_DATA_INVALID")
                if not (
                    {
                        "callback_data",
                        "url",
                        "switch_inline_query",
                        "web_app",
                        "login_url",
                        "copy_text",
                        "pay",
                        "switch_inline_query_current_chat",
                        "switch_inline_query_chosen_chat",
                        "callback_game",
                    }
                    & set(button)
                ):
                    raise bad_request(
                        "can't parse inline keyboard button: "
                        "Text buttons are unallowed in the inline keyboard"
                    )
        return markup, {"inline_keyboard": inline}

    def _reply_to(self, params: Params, chat: ChatState) -> dict[str, Any] | None:
        reply = params.json("reply_parameters")
        if isinstance(reply, dict):
            message_id, allow = (
                reply.get("message_id"),
                bool(reply.get("allow_sending_without_reply")),
            )
        else:
            message_id = params.int_or_none("reply_to_message_id")
            allow = params.flag("allow_sending_without_reply")
        if message_id is None:
            return None
        target = chat.messages.get(int(message_id))
        if target is None or target.deleted:
            if allow:
                return None
            raise bad_request("message to be replied not found")
        quoted = {k: v for k, v in target.payload.items() if k != "reply_to_message"}
        return quoted

    def _target_chat(self, params: Params) -> ChatState:
        chat = self.world.chat(params.chat_id())
        self.world.check_bot_can_write(chat)
        return chat

    def _send(
        self,
        chat: ChatState,
        params: Params,
        fields: dict[str, Any],
        *,
        raw_text: str | None,
        parse_mode: str | None,
    ) -> StoredMessage:
        sent_markup, inline = self._markup(params)
        reply_to = self._reply_to(params, chat)
        if reply_to is not None:
            fields["reply_to_message"] = reply_to
        if inline is not None:
            fields["reply_markup"] = inline
        return self.world.new_message(
            chat,
            None if chat.type == "channel" else self.world.bot,
            fields,
            from_bot=True,
            raw_text=raw_text,
            parse_mode=parse_mode,
            sent_markup=sent_markup,
        )

    async def sendMessage(self, params: Params) -> Any:
        chat = self._target_chat(params)
        plain, entities, raw, mode = self._formatted(
            params, "text", MAX_TEXT_LENGTH, empty="message text is empty"
        )
        fields: dict[str, Any] = {"text": plain}
        if entities:
            fields["entities"] = entities
        return self._send(chat, params, fields, raw_text=raw, parse_mode=mode).payload

    async def _send_file(self, params: Params, kind: str) -> Any:
        chat = self._target_chat(params)
        caption, entities, raw, mode = self._formatted(
            params, "caption", MAX_CAPTION_LENGTH, empty=None
        )
        record = self._input_file(params, kind)
        fields: dict[str, Any] = {}
        if kind == "document":
            fields["document"] = record.document_json()
        else:
            fields["photo"] = [
                {
                    "file_id": record.file_id,
                    "file_unique_id": record.file_unique_id,
                    "file_size": len(record.content),
                    "width": 320,
                    "height": 320,
                }
            ]
        if caption:
            fields["caption"] = caption
            if entities:
                fields["caption_entities"] = entities
        return self._send(chat, params, fields, raw_text=raw, parse_mode=mode).payload

    def _input_file(self, params: Params, kind: str) -> FileRecord:
        upload = params.files.get(kind)
        if upload is None:
            reference = params.str_or_none(kind) or ""
            if reference.startswith("attach://"):
                upload = params.files.get(reference.removeprefix("attach://"))
        if upload is not None:
            mime = upload.content_type
            if not mime or mime == "application/octet-stream":
                mime = mimetypes.guess_type(upload.filename)[0] or mime
            return self.world.store_file(
                upload.content,
                folder="documents" if kind == "document" else "photos",
                file_name=upload.filename if kind == "document" else None,
                mime_type=mime if kind == "document" else None,
            )
        file_id = params.str_or_none(kind)
        if not file_id:
            raise bad_request(f"there is no {kind} in the request")
        record = self.world.files.get(file_id)
        if record is None:
            raise bad_request("wrong file identifier/HTTP URL specified")
        return record

    async def sendDocument(self, params: Params) -> Any:
        return await self._send_file(params, "document")

    async def sendPhoto(self, params: Params) -> Any:
        return await self._send_file(params, "photo")

    # ---- editing and deleting ------------------------------------------------------------
    def _editable(self, params: Params) -> tuple[ChatState, StoredMessage]:
        if params.has("inline_message_id"):
            raise bad_request("MESSAGE_ID_INVALID")
        chat = self.world.chat(params.chat_id())
        self.world.check_bot_can_write(chat)
        message_id = params.required_int(
            "message_id", empty_reason="message identifier is not specified"
        )
        stored = self.world.message(chat, message_id, missing="message to edit not found")
        if not stored.from_bot:
            raise bad_request("message can't be edited")
        return chat, stored

    def _apply_edit(
        self, chat: ChatState, stored: StoredMessage, changes: dict[str, Any], params: Params
    ) -> Any:
        sent_markup, inline = self._markup(params)
        new_payload = {k: v for k, v in stored.payload.items() if k != "edit_date"}
        new_payload.update(changes)
        for key, value in list(changes.items()):
            if value is None:
                del new_payload[key]
        if inline is None:
            new_payload.pop("reply_markup", None)
        else:
            new_payload["reply_markup"] = inline
        old_payload = {k: v for k, v in stored.payload.items() if k != "edit_date"}
        if new_payload == old_payload:
            raise bad_request(
                "message is not modified: specified new message content and reply markup are "
                "exactly the same as a current content and reply markup of the message"
            )
        new_payload["edit_date"] = self.world.now()
        stored.payload = new_payload
        stored.edited = True
        if sent_markup is not None:
            stored.sent_markup = sent_markup
        self.world.record_bot_event(chat, stored)
        return new_payload

    async def editMessageText(self, params: Params) -> Any:
        chat, stored = self._editable(params)
        if "text" not in stored.payload:
            raise bad_request("there is no text in the message to edit")
        plain, entities, raw, mode = self._formatted(
            params, "text", MAX_TEXT_LENGTH, empty="message text is empty"
        )
        result = self._apply_edit(
            chat, stored, {"text": plain, "entities": entities or None}, params
        )
        stored.raw_text, stored.parse_mode = raw, mode
        return result

    async def editMessageReplyMarkup(self, params: Params) -> Any:
        chat, stored = self._editable(params)
        return self._apply_edit(chat, stored, {}, params)

    async def deleteMessage(self, params: Params) -> Any:
        chat = self.world.chat(params.chat_id())
        message_id = params.required_int(
            "message_id", empty_reason="message identifier is not specified"
        )
        stored = self.world.message(chat, message_id, missing="message to delete not found")
        stored.deleted = True
        return True

    async def answerCallbackQuery(self, params: Params) -> Any:
        query_id = params.str_or_none("callback_query_id") or ""
        if query_id not in self.open_callback_queries:
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        self.open_callback_queries.discard(query_id)
        self.world.callback_answers.append(
            CallbackAnswer(
                query_id,
                params.str_or_none("text"),
                params.flag("show_alert"),
                params.str_or_none("url"),
            )
        )
        return True

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

    async def sendChatAction(self, params: Params) -> Any:
        self._target_chat(params)
        return True

    async def setChatMenuButton(self, params: Params) -> Any:
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
