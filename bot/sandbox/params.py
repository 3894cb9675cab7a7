"""Typed access to a Bot API request's parameters.

Telegram accepts JSON bodies (typed values), urlencoded and multipart forms (every value a
string; nested objects such as reply_markup JSON-encoded). PTB always sends forms, so a
parameter is read with the type the method expects rather than guessed from its text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from bot.sandbox.errors import bad_request


@dataclass(frozen=True)
class UploadedFile:
    filename: str
    content: bytes
    content_type: str | None


@dataclass
class Params:
    values: dict[str, Any] = field(default_factory=dict)
    files: dict[str, UploadedFile] = field(default_factory=dict)

    def has(self, name: str) -> bool:
        return self.values.get(name) is not None

    def str_or_none(self, name: str) -> str | None:
        value = self.values.get(name)
        if value is None:
            return None
        return value if isinstance(value, str) else json.dumps(value)

    def int_or_none(self, name: str) -> int | None:
        value = self.values.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, int):
            return value
        try:
            return int(str(value))
        except ValueError:
            raise bad_request(f"{name} is invalid") from None

    def required_int(self, name: str, *, empty_reason: str | None = None) -> int:
        value = self.int_or_none(name)
        if value is None:
            raise bad_request(empty_reason or f"{name} is empty")
        return value

    def float_or_none(self, name: str) -> float | None:
        value = self.values.get(name)
        if value is None or value == "":
            return None
        try:
            return float(value)
        except (TypeError, ValueError):
            raise bad_request(f"{name} is invalid") from None

    def flag(self, name: str) -> bool:
        value = self.values.get(name)
        if isinstance(value, str):
            return value.strip().lower() in {"true", "1"}
        return bool(value)

    def json(self, name: str) -> Any:
        """A nested object: already decoded in a JSON body, JSON-encoded text in a form."""
        value = self.values.get(name)
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                raise bad_request(f"can't parse {name} JSON object") from None
        return value

    def chat_id(self) -> int | str:
        """An integer id or an @username, as Telegram accepts."""
        value = self.values.get("chat_id")
        if value is None or value == "":
            raise bad_request("chat_id is empty")
        if isinstance(value, int):
            return value
        text = str(value).strip()
        if text.startswith("@"):
            return text
        try:
            return int(text)
        except ValueError:
            raise bad_request("chat not found") from None
