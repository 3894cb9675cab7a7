"""Where the time of an /add update goes: the modes of bench_add.py, with wall-clock time
accumulated around a few calls (no profiler: its overhead would dwarf the awaits it measures).

The parts do not overlap: Bot API calls (the floor makes the same ones), the Save's use-case
transaction (its database calls and duplicate check included), the other database calls, the
persistence (loading, write-through, flushes), and the rest (PTB's dispatch and the
ConversationHandler, our handlers, rendering, i18n). In the started mode the flushes run
beside the updates, so the parts may add up to more than the whole.

Run:  uv run python bench/profile_add.py [direct|flushed|started]
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from telegram.ext import Application
from telegram.ext._extbot import ExtBot

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_add
from offline import close, parsed, rete

from bot.contacts import actions
from bot.persistence import SqlitePersistence
from storage.db import Database

spent: defaultdict[str, float] = defaultdict(float)
_inside: contextvars.ContextVar[str | None] = contextvars.ContextVar("inside", default=None)


def timed(owner: Any, name: str, part: str) -> None:
    """Add the time of every call of owner.name to `part`, unless inside another part."""
    original = getattr(owner, name)

    @functools.wraps(original)
    async def wrapper(*args: Any, **kwargs: Any) -> Any:
        if _inside.get() is not None:
            return await original(*args, **kwargs)
        token = _inside.set(part)
        begin = time.perf_counter()
        try:
            return await original(*args, **kwargs)
        finally:
            spent[part] += time.perf_counter() - begin
            _inside.reset(token)

    setattr(owner, name, wrapper)


timed(ExtBot, "_do_post", "Bot API calls (as in the floor)")
timed(actions, "save_contact", "Save: the use-case's transaction")
for method in ("execute", "insert", "fetchall", "executemany", "write_many"):
    timed(Database, method, "other database calls")
timed(SqlitePersistence, "load", "persistence: load")
timed(SqlitePersistence, "write_through_ended", "persistence: write-through")
timed(Application, "update_persistence", "persistence: flushes")


async def main(mode: str) -> None:
    raw = bench_add.direct_updates() if mode == "direct" else bench_add.many_users_updates()
    feed = {
        "direct": bench_add.feed_direct,
        "flushed": bench_add.feed_flushed,
        "started": bench_add.feed_started,
    }[mode]
    warm = bench_add.warm_up(raw)
    await bench_add.record(warm + raw)  # sets each button on the message it answers
    with tempfile.TemporaryDirectory() as tmp:
        app = await rete(Path(tmp) / "profile.sqlite3")
        for update in parsed(warm, app):
            await app.process_update(update)
        updates = parsed(raw, app)
        if mode == "started":
            await app.start()
        spent.clear()
        begin = time.perf_counter()
        await feed(app, updates)
        total = time.perf_counter() - begin
        await close(app)
    per = 1e3 / len(updates)
    print(f"{mode}: {total * per:.3f} ms/update")
    spent["the rest (dispatch, handlers, rendering)"] = total - sum(spent.values())
    for part, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  {part:42} {seconds * per:6.3f} ms  {seconds / total:6.1%}")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else "direct"))
