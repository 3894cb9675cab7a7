"""kill -9 right after "Saved": the finished /add does not come back after the restart.

The real bot (`python -m bot run`, persistence every 2 s) runs in a subprocess against the
emulator of this test. The summary's state is stored first (the interval flushed it), so
without the write-through at the end of the dialogue the restarted bot would show the summary
again and a second Save would create a second contact.
"""

from __future__ import annotations

import asyncio
import signal
import sqlite3
import time
from pathlib import Path

from bot.sandbox import BotApiEmulator, SimUser
from bot.sandbox.views import BotMessage
from tests.test_delivery_kill import WAIT_LIMIT, start_bot, wait_for

USER_ID = 90_001


def stored_step(path: Path) -> str | None:
    """The /add step stored for the user, or None (no draft stored)."""
    if not path.exists():
        return None
    with sqlite3.connect(path) as conn:
        row = conn.execute(
            "SELECT json_extract(data, '$.add_draft.step') FROM ptb_user_data WHERE user_id = ?",
            (USER_ID,),
        ).fetchone()
    return None if row is None else str(row[0])


def stored_conversations(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(
            conn.execute(
                "SELECT count(*) FROM ptb_conversations WHERE key = ?", (f"[{USER_ID}, {USER_ID}]",)
            ).fetchone()[0]
        )


def contacts(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(
            conn.execute("SELECT count(*) FROM contacts WHERE owner_id = ?", (USER_ID,)).fetchone()[
                0
            ]
        )


async def say(user: SimUser, text: str) -> BotMessage:
    await user.send(text)
    return await user.expect_reply(WAIT_LIMIT)


async def test_kill_9_after_saved_does_not_bring_the_dialogue_back(
    emu: BotApiEmulator, tmp_path: Path
) -> None:
    path, log = tmp_path / "rete.sqlite3", tmp_path / "bot.log"
    jane = emu.user(user_id=USER_ID, first_name="Jane", language_code="en")
    first = await start_bot(emu, path, log)
    try:
        summary = await say(jane, "/add Eva Blu, CTO @ Acme")
        while not summary.text.startswith("Check and save"):
            if any("In 3 days" in row for row in summary.buttons):
                await jane.press("In 3 days")
                summary = await jane.expect_reply(WAIT_LIMIT)
            else:
                summary = await say(jane, "/skip")
        await wait_for(lambda: stored_step(path) == "summary", "the summary stored", log)

        saved_at = time.monotonic()
        await jane.press("✅ Save", message=summary)
        saved = await jane.expect_reply(WAIT_LIMIT)
        assert saved.text.startswith("Saved: Eva Blu")
        await say(jane, "/help")  # updates are handled in order: the Save is done with
    finally:
        first.send_signal(signal.SIGKILL)
        await asyncio.wait_for(first.wait(), 10)
    within = time.monotonic() - saved_at
    assert within < 2.0, f"the kill came {within:.1f} s after Save: the interval may have saved it"
    assert stored_conversations(path) == 0
    assert stored_step(path) is None
    assert contacts(path) == 1

    second = await start_bot(emu, path, log)
    try:
        query_id = await jane.press("✅ Save", message=summary)  # the old summary's button
        reply = await say(jane, "Hello")
        assert not reply.text.startswith("Check and save"), reply.text

        def answered() -> bool:
            return any(
                r.params.get("callback_query_id") == query_id
                and r.params.get("text") == "This button has expired."
                for r in emu.served("answerCallbackQuery")
            )

        await wait_for(answered, "the old Save answered as expired", log)
    finally:
        second.send_signal(signal.SIGKILL)
        await asyncio.wait_for(second.wait(), 10)
    assert contacts(path) == 1
