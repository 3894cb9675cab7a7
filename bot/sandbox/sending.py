"""Sending, editing and deleting messages, and answering button presses, as Telegram does."""

from __future__ import annotations

import mimetypes
from typing import Any

from bot.sandbox.errors import bad_request
from bot.sandbox.html_text import parse_html, plain_entities
from bot.sandbox.params import Params
from bot.sandbox.state import CallbackAnswer, ChatState, FileRecord, StoredMessage, World

MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_CALLBACK_ANSWER_LENGTH = 200
_BUTTON_KINDS = frozenset(
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
)


class SendingMethods:
    """Mixed into BotApi: the methods that put something in a chat or change it."""

    world: World
    open_callback_queries: set[str]

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
                if not _BUTTON_KINDS & set(button):
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

    async def sendChatAction(self, params: Params) -> Any:
        self._target_chat(params)
        return True

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
        text = params.str_or_none("text")
        if text is not None and len(text) > MAX_CALLBACK_ANSWER_LENGTH:
            raise bad_request("MESSAGE_TOO_LONG")
        self.open_callback_queries.discard(query_id)
        self.world.callback_answers.append(
            CallbackAnswer(
                query_id,
                text,
                params.flag("show_alert"),
                params.str_or_none("url"),
            )
        )
        return True
