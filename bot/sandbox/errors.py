"""The error a Bot API method answers, shaped like Telegram's."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """An `{"ok": false, ...}` answer: HTTP status = error_code, Telegram's description text."""

    def __init__(
        self,
        error_code: int,
        description: str,
        *,
        retry_after: int | None = None,
        migrate_to_chat_id: int | None = None,
    ) -> None:
        super().__init__(f"{error_code} {description}")
        self.error_code = error_code
        self.description = description
        self.retry_after = retry_after
        self.migrate_to_chat_id = migrate_to_chat_id

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        parameters: dict[str, int] = {}
        if self.retry_after is not None:
            parameters["retry_after"] = self.retry_after
        if self.migrate_to_chat_id is not None:
            parameters["migrate_to_chat_id"] = self.migrate_to_chat_id
        if parameters:
            body["parameters"] = parameters
        return body


def bad_request(reason: str, **kwargs: Any) -> ApiError:
    return ApiError(400, f"Bad Request: {reason}", **kwargs)


def forbidden(reason: str) -> ApiError:
    return ApiError(403, f"Forbidden: {reason}")
