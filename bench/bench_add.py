"""Per-update cost of a full /add dialogue in the real Application, against a bare
python-telegram-bot echo handler processing the same number of updates, in the same run.

Both run offline: updates go straight to `await app.process_update(update)` and the bot's
requests are answered by an in-process stub `BaseRequest` (no HTTP at all), so the figure is
our handlers, persistence, SQLite and i18n against PTB's own dispatch + one reply. The /add
dialogue here is 10 updates (6 texts, 4 buttons) and saves a contact with its reminder.

Run:  uv run python bench/bench_add.py
"""

from __future__ import annotations

import asyncio
import json
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import SecretStr
from telegram import Update
from telegram.ext import ApplicationBuilder, CallbackQueryHandler, ContextTypes, MessageHandler
from telegram.request import BaseRequest, RequestData

from bot.app import build_application
from bot.clock import ManualClock
from bot.settings import Settings

TOKEN = "123456789:BENCH-offline-stub-token-000000000"
USER_ID = 4242
DIALOGUES = 200
BOT_USER = {"id": 123456789, "is_bot": True, "first_name": "Rete", "username": "rete_bot"}
USER = {"id": USER_ID, "is_bot": False, "first_name": "Bench", "language_code": "en"}
CHAT = {"id": USER_ID, "type": "private", "first_name": "Bench"}


class StubRequest(BaseRequest):
    """Answers every Bot API method locally with a plausible result."""

    def __init__(self) -> None:
        self.calls = 0
        self.message_id = 1000

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
        self.sent: list[str] = getattr(self, "sent", [])
        name = url.rsplit("/", 1)[-1]
        params = request_data.parameters if request_data else {}
        result: Any = True
        if name == "getMe":
            result = {**BOT_USER, "can_join_groups": True, "can_read_all_group_messages": False}
        elif name in ("sendMessage", "editMessageText"):
            self.message_id += 1
            self.sent.append(str(params.get("text", ""))[:80])
            result = {
                "message_id": self.message_id,
                "date": int(time.time()),
                "chat": CHAT,
                "from": BOT_USER,
                "text": str(params.get("text", "")),
            }
        elif name == "getUpdates":
            result = []
        return 200, json.dumps({"ok": True, "result": result}).encode()


def dialogue(n: int, start_id: int) -> list[dict[str, Any]]:
    """The updates of one /add: texts and button presses, as Telegram would send them."""
    texts = [
        "/add",
        f"Person {n}",
        f"HR manager @ Company {n}",
        "Job fair",
        f"p{n}@acme.it",
        "Met at the stand",
    ]
    buttons = ["add:when:today", "add:channels:next", "add:followup:d:3", "add:summary:save"]
    order = ["t", "t", "t", "t", "b", "t", "b", "t", "b", "b"]
    updates, ti, bi = [], iter(texts), iter(buttons)
    for offset, kind in enumerate(order):
        uid = start_id + offset
        message = {"message_id": uid, "date": 0, "chat": CHAT, "from": USER}
        if kind == "t":
            text = next(ti)
            message["text"] = text
            if text.startswith("/"):
                message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text)}]
            updates.append({"update_id": uid, "message": message})
        else:
            message["text"] = "question"
            message["from"] = BOT_USER
            updates.append(
                {
                    "update_id": uid,
                    "callback_query": {
                        "id": str(uid),
                        "from": USER,
                        "chat_instance": "1",
                        "message": message,
                        "data": next(bi),
                    },
                }
            )
    return updates


async def run_rete(workdir: Path) -> tuple[float, int]:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        telegram_bot_token=SecretStr(TOKEN),
        database_path=workdir / "bench.sqlite3",
    )
    clock = ManualClock(datetime(2026, 11, 24, 9, 0, tzinfo=UTC))
    app = build_application(settings, clock, rate_limiter=False)
    stub = StubRequest()
    app.bot._request = (stub, stub)  # offline: every request answered in-process
    await app.initialize()
    assert app.post_init is not None
    await app.post_init(app)
    batches = [dialogue(n, 10_000 + n * 20) for n in range(DIALOGUES)]
    for raw in dialogue(DIALOGUES + 1000, 1):  # warm-up (imports, first queries)
        await app.process_update(Update.de_json(raw, app.bot))
    start = time.perf_counter()
    count = 0
    for batch in batches:
        for raw in batch:
            await app.process_update(Update.de_json(raw, app.bot))
            count += 1
    elapsed = time.perf_counter() - start
    saved = await app.services.repos.contacts.count(USER_ID)
    assert saved == DIALOGUES + 1, f"not every dialogue saved ({saved}): {stub.sent[:30]}"
    await app.shutdown()
    assert app.post_shutdown is not None
    await app.post_shutdown(app)
    return elapsed / count, count


async def run_echo() -> tuple[float, int]:
    stub = StubRequest()
    app = ApplicationBuilder().token(TOKEN).request(stub).get_updates_request(stub).build()

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message
        await update.effective_message.reply_text(update.effective_message.text or "")

    async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.callback_query
        await update.callback_query.answer()
        await update.callback_query.edit_message_text("ok")

    app.add_handler(MessageHandler(None, echo))
    app.add_handler(CallbackQueryHandler(answer))
    await app.initialize()
    batches = [dialogue(n, 10_000 + n * 20) for n in range(DIALOGUES)]
    start = time.perf_counter()
    count = 0
    for batch in batches:
        for raw in batch:
            await app.process_update(Update.de_json(raw, app.bot))
            count += 1
    elapsed = time.perf_counter() - start
    await app.shutdown()
    return elapsed / count, count


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        echo, n_echo = await run_echo()
        rete, n_rete = await run_rete(Path(tmp))
    print(f"echo baseline : {echo * 1e3:7.3f} ms/update over {n_echo} updates")
    print(f"/add dialogue : {rete * 1e3:7.3f} ms/update over {n_rete} updates")
    print(f"ratio         : {rete / echo:7.2f}× (goal ≤ 1.5×)")


if __name__ == "__main__":
    asyncio.run(main())
