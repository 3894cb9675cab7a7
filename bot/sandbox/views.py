"""What a test sees of a message: a frozen snapshot taken when the bot sent or edited it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class DocumentInfo:
    file_id: str
    file_name: str | None
    mime_type: str | None
    file_size: int


@dataclass(frozen=True)
class BotMessage:
    chat_id: int
    message_id: int
    text: str  # plain text (HTML stripped, entities unescaped); a caption for media
    raw_text: str | None  # as the bot sent it
    parse_mode: str | None
    edited: bool
    deleted: bool
    from_bot: bool
    buttons: list[list[str]]  # inline keyboard, rows of button texts
    button_data: list[list[str | None]]  # callback_data per inline button (None for URL buttons)
    url_buttons: dict[str, str]  # button text -> url
    reply_keyboard: list[list[str]] | None  # a ReplyKeyboardMarkup the message carries
    remove_keyboard: bool
    force_reply: bool
    document: DocumentInfo | None
    has_photo: bool
    reply_to_message_id: int | None
    payload: dict[str, Any] = field(repr=False)

    @classmethod
    def from_payload(
        cls,
        payload: dict[str, Any],
        *,
        raw_text: str | None,
        parse_mode: str | None,
        edited: bool,
        deleted: bool,
        from_bot: bool,
        sent_markup: dict[str, Any] | None = None,
    ) -> BotMessage:
        markup: dict[str, Any] = payload.get("reply_markup") or {}
        inline: list[list[dict[str, Any]]] = markup.get("inline_keyboard") or []
        # Telegram echoes only inline keyboards; other markups are known from the request.
        sent = sent_markup or {}
        keyboard = sent.get("keyboard")
        document = payload.get("document")
        reply_to = payload.get("reply_to_message")
        return cls(
            chat_id=payload["chat"]["id"],
            message_id=payload["message_id"],
            text=payload.get("text", payload.get("caption", "")),
            raw_text=raw_text,
            parse_mode=parse_mode,
            edited=edited,
            deleted=deleted,
            from_bot=from_bot,
            buttons=[[b.get("text", "") for b in row] for row in inline],
            button_data=[[b.get("callback_data") for b in row] for row in inline],
            url_buttons={b["text"]: b["url"] for row in inline for b in row if "url" in b},
            reply_keyboard=(
                [[b if isinstance(b, str) else b.get("text", "") for b in row] for row in keyboard]
                if keyboard
                else None
            ),
            remove_keyboard=bool(sent.get("remove_keyboard")),
            force_reply=bool(sent.get("force_reply")),
            document=(
                DocumentInfo(
                    document["file_id"],
                    document.get("file_name"),
                    document.get("mime_type"),
                    document.get("file_size", 0),
                )
                if document
                else None
            ),
            has_photo="photo" in payload,
            reply_to_message_id=reply_to["message_id"] if reply_to else None,
            payload=payload,
        )

    def button_position(self, label: str) -> tuple[int, int]:
        for r, row in enumerate(self.buttons):
            for c, text in enumerate(row):
                if text == label:
                    return r, c
        raise AssertionError(f"no button {label!r} on message {self.message_id}: {self.buttons}")

    def describe(self) -> str:
        state = " (deleted)" if self.deleted else " (edited)" if self.edited else ""
        who = "bot" if self.from_bot else "user"
        lines = [f"#{self.message_id} {who}{state}: {self.text!r}"]
        if self.buttons:
            lines.append(f"    buttons: {self.buttons}")
        return "\n".join(lines)
