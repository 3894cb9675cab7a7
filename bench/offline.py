"""What the offline benches share: a Bot API answered in-process, the real Application built
against it, and the updates of an /add dialogue as Telegram would send them.

No HTTP at all: the bot's requests are answered by `StubRequest` (which still encodes every
parameter to JSON, as a real request would), so a figure is our code plus PTB's, never the
network.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import SecretStr
from telegram import Update
from telegram.request import BaseRequest, RequestData

from bot.app import build_application
from bot.clock import ManualClock
from bot.context import ReteApplication
from bot.settings import Settings

TOKEN = "123456789:BENCH-offline-stub-token-000000000"
BOT_USER = {"id": 123456789, "is_bot": True, "first_name": "Rete", "username": "rete_bot"}
START = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)

Call = tuple[str, dict[str, Any]]


class StubRequest(BaseRequest):
    """Answers every Bot API method locally with a plausible result.

    `recording` maps an update id to the calls made while it was processed, when `current`
    is set by the caller (recording passes only).
    """

    def __init__(self) -> None:
        self.calls = 0
        self.message_id = 1000
        self.current: int | None = None
        self.recording: dict[int, list[Call]] = {}
        self.last_sent: dict[int, int] = {}  # chat id -> id of the last message sent there

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    @property
    def read_timeout(self) -> float | None:
        return None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        self.calls += 1
        name = url.rsplit("/", 1)[-1]
        params = request_data.parameters if request_data else {}
        if request_data is not None:
            request_data.json_parameters  # noqa: B018 - a real request encodes them
        if self.current is not None:
            self.recording.setdefault(self.current, []).append((name, params))
        result: Any = True
        if name == "getMe":
            result = {**BOT_USER, "can_join_groups": True, "can_read_all_group_messages": False}
        elif name in ("sendMessage", "editMessageText"):
            self.message_id += 1
            chat_id = int(str(params.get("chat_id", 1)))
            self.last_sent[chat_id] = self.message_id
            result = {
                "message_id": self.message_id,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private", "first_name": "Bench"},
                "from": BOT_USER,
                "text": str(params.get("text", "")),
            }
        elif name == "getUpdates":
            result = []
        return 200, json.dumps({"ok": True, "result": result}).encode()


def settings(database: Path) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        telegram_bot_token=SecretStr(TOKEN),
        database_path=database,
    )


async def rete(database: Path, stub: StubRequest | None = None) -> ReteApplication:
    """The real Application, initialized (database open, persistence loaded), offline."""
    app = build_application(settings(database), ManualClock(START), rate_limiter=False)
    stub = stub or StubRequest()
    app.bot._request = (stub, stub)
    await app.initialize()
    assert app.post_init is not None
    await app.post_init(app)
    return app


async def close(app: ReteApplication) -> None:
    if app.running:
        await app.stop()
    await app.shutdown()
    assert app.post_shutdown is not None
    await app.post_shutdown(app)


def sender(update: dict[str, Any]) -> int:
    """The id of whoever sent a raw update (a message or a button press)."""
    event = update.get("message") or update["callback_query"]
    return int(event["from"]["id"])


def person(user_id: int, language: str = "en") -> tuple[dict[str, Any], dict[str, Any]]:
    user = {"id": user_id, "is_bot": False, "first_name": "Bench", "language_code": language}
    chat = {"id": user_id, "type": "private", "first_name": "Bench"}
    return user, chat


def text_update(update_id: int, user_id: int, text: str) -> dict[str, Any]:
    user, chat = person(user_id)
    message: dict[str, Any] = {
        "message_id": update_id,
        "date": 0,
        "chat": chat,
        "from": user,
        "text": text,
    }
    if text.startswith("/"):
        command = text.split()[0]
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
    return {"update_id": update_id, "message": message}


def button_update(update_id: int, user_id: int, data: str) -> dict[str, Any]:
    user, chat = person(user_id)
    message = {"message_id": update_id, "date": 0, "chat": chat, "from": BOT_USER, "text": "q"}
    return {
        "update_id": update_id,
        "callback_query": {
            "id": str(update_id),
            "from": user,
            "chat_instance": "1",
            "message": message,
            "data": data,
        },
    }


# One /add: 6 texts and 4 buttons, ending with Save (a contact and its reminder are stored).
ADD_STEPS = (
    ("t", "/add"),
    ("t", "Person {n}"),
    ("t", "HR manager @ Company {n}"),
    ("t", "Job fair"),
    ("b", "add:when:today"),
    ("t", "p{n}@acme.it"),
    ("b", "add:channels:next"),
    ("t", "Met at the stand"),
    ("b", "add:followup:d:3"),
    ("b", "add:summary:save"),
)


def add_dialogue(
    n: int, user_id: int, first_update_id: int, steps: int = 10
) -> list[dict[str, Any]]:
    """The first `steps` updates of one /add by `user_id` (all 10: saved)."""
    out = []
    for offset, (kind, value) in enumerate(ADD_STEPS[:steps]):
        update_id = first_update_id + offset
        text = value.format(n=n)
        if kind == "t":
            out.append(text_update(update_id, user_id, text))
        else:
            out.append(button_update(update_id, user_id, text))
    return out


async def play(app: Any, stub: StubRequest, raw: dict[str, Any]) -> None:
    """Process one update; a button is pressed on the last message the bot sent to that chat
    (the bot refuses buttons of older messages). Patches `raw` to say so."""
    query = raw.get("callback_query")
    if query is not None:
        query["message"]["message_id"] = stub.last_sent.get(query["from"]["id"], 0)
    await app.process_update(Update.de_json(raw, app.bot))


def parsed(raw: Iterable[dict[str, Any]], app: Any) -> list[Update]:
    return [Update.de_json(r, app.bot) for r in raw]


def rss_mb() -> tuple[float, float]:
    """(current, peak) resident set size of this process, in MB."""
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024
