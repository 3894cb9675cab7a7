"""Per-update cost of the /add dialogue in the real Application, against a fair floor measured
in the same run: a bare python-telegram-bot app making exactly the same sends.

The floor is recorded, not written by hand: an untimed recording pass of Rete notes, per
update, every Bot API call it made (method and parameters); the floor app answers each update
by making the same calls through PTB's own methods (same texts, same inline keyboards rebuilt
as objects, HTML by the same Defaults), with no database, no conversation handler, no i18n.
Everything else is shared: PTB's dispatch, Update parsing, request encoding, the stub API.

Three modes, each a ratio against its own floor (which makes the same calls in the same way):
- direct:  `await app.process_update(u)` one after another, one user doing 200 /add in a row
           (the dialogue's code path alone; persistence is never flushed).
- flushed: the same, 200 users doing one /add each, interleaved step by step, and
           `update_persistence()` after every update: each update's state written on its own,
           as on a quiet bot (the persistence's worst case).
- started: `app.start()` with the same updates fed through `update_queue`: the persistence
           loop (every 2 s) and the final flush write the dialogues' state in batches, and the
           sweep job runs, as on a busy bot.
Every run begins, untimed, with one whole /add and a /start from each user of the run (people
who wrote before: their profile exists, as for most updates a bot sees).

Each side runs ROUNDS times alternately (fresh database each time); the best round counts,
which is the least disturbed on a shared machine. Both wall-clock and CPU time (of every
thread of the process, aiosqlite's included) are given: on a loaded machine each trip to
aiosqlite's thread waits for a core, which wall-clock counts and CPU time does not.

Run:  uv run python bench/bench_add.py
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from telegram import InlineKeyboardMarkup, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import Application, ApplicationBuilder, CallbackContext, Defaults, TypeHandler

sys.path.insert(0, str(Path(__file__).resolve().parent))

from offline import (
    TOKEN,
    Call,
    StubRequest,
    add_dialogue,
    close,
    parsed,
    play,
    rete,
    sender,
    text_update,
)

DIALOGUES = 200
ROUNDS = 5
ONE_USER = 4242
FIRST_USER = 500_000

Raw = list[dict[str, Any]]
Feed = Callable[[Any, list[Update]], Awaitable[None]]


def direct_updates() -> Raw:
    return [u for n in range(DIALOGUES) for u in add_dialogue(n, ONE_USER, 10_000 + n * 20)]


def many_users_updates() -> Raw:
    """One /add per user, interleaved: step 1 of everyone, then step 2, …"""
    dialogues = [add_dialogue(n, FIRST_USER + n, 10_000 + n * 20) for n in range(DIALOGUES)]
    return [d[step] for step in range(len(dialogues[0])) for d in dialogues]


def warm_up(raw: Raw) -> Raw:
    """Untimed: one whole /add, and a /start from every user of the run."""
    users = sorted({sender(u) for u in raw})
    starts = [text_update(1_000 + n, user_id, "/start") for n, user_id in enumerate(users)]
    return add_dialogue(99_999, ONE_USER + 1, 1) + starts


async def feed_direct(app: Any, updates: list[Update]) -> None:
    for update in updates:
        await app.process_update(update)


async def feed_flushed(app: Any, updates: list[Update]) -> None:
    for update in updates:
        await app.process_update(update)
        await app.update_persistence()


async def feed_started(app: Any, updates: list[Update]) -> None:
    for update in updates:
        app.update_queue.put_nowait(update)
    await app.update_queue.join()
    await app.update_persistence()  # the flush a stop would make, counted


async def record(raw: Raw) -> dict[int, list[Call]]:
    """Rete's calls per update, in a pass of its own (untimed). Button presses in `raw` are
    set on the message they answer here: the timed runs make the same sends, so the same ids."""
    with tempfile.TemporaryDirectory() as tmp:
        stub = StubRequest()
        app = await rete(Path(tmp) / "record.sqlite3", stub)
        for update in raw:
            stub.current = update["update_id"]
            await play(app, stub, update)
        stub.current = None
        await close(app)
    return stub.recording


Cost = tuple[float, float]  # (wall-clock, CPU) seconds per update


async def timed(app: Any, warm: Raw, raw: Raw, feed: Feed, started: bool) -> Cost:
    for update in parsed(warm, app):
        await app.process_update(update)
    updates = parsed(raw, app)
    if started:
        await app.start()
    begin, cpu = time.perf_counter(), time.process_time()
    await feed(app, updates)
    wall, cpu = time.perf_counter() - begin, time.process_time() - cpu
    return wall / len(updates), cpu / len(updates)


async def run_rete(warm: Raw, raw: Raw, feed: Feed, started: bool) -> Cost:
    with tempfile.TemporaryDirectory() as tmp:
        app = await rete(Path(tmp) / "bench.sqlite3")
        per_update = await timed(app, warm, raw, feed, started)
        saved = await app.services.repos.db.fetchval("SELECT count(*) FROM contacts")
        await close(app)
    assert saved == DIALOGUES + 1, f"only {saved} contacts saved"
    return per_update


def floor_app(script: dict[int, list[Call]]) -> Application[Any, Any, Any, Any, Any, Any]:
    """PTB alone, answering each update with the calls Rete made for it."""
    stub = StubRequest()
    app = (
        ApplicationBuilder()
        .token(TOKEN)
        .request(stub)
        .get_updates_request(stub)
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .concurrent_updates(False)
        .build()
    )

    async def replay(update: Update, context: CallbackContext[Any, Any, Any, Any]) -> None:
        for method, params in script.get(update.update_id, []):
            markup = params.get("reply_markup")
            keyboard = InlineKeyboardMarkup.de_json(markup, context.bot) if markup else None
            if method == "sendMessage":
                await context.bot.send_message(
                    params["chat_id"], params["text"], reply_markup=keyboard
                )
            elif method == "editMessageText":
                await context.bot.edit_message_text(
                    params["text"],
                    chat_id=params["chat_id"],
                    message_id=params["message_id"],
                    reply_markup=keyboard,
                )
            elif method == "answerCallbackQuery":
                await context.bot.answer_callback_query(
                    params["callback_query_id"],
                    text=params.get("text"),
                    show_alert=params.get("show_alert"),
                )
            else:
                raise AssertionError(f"the floor does not replay {method}")

    app.add_handler(TypeHandler(Update, replay))
    return app


async def run_floor(
    script: dict[int, list[Call]], warm: Raw, raw: Raw, feed: Feed, started: bool
) -> Cost:
    app = floor_app(script)
    await app.initialize()
    per_update = await timed(app, warm, raw, feed, started)
    if app.running:
        await app.stop()
    await app.shutdown()
    return per_update


async def mode(name: str, raw: Raw, feed: Feed, started: bool) -> None:
    warm = warm_up(raw)
    script = await record(warm + raw)
    sends = sum(len(script.get(update["update_id"], [])) for update in raw)
    floors: list[Cost] = []
    ours: list[Cost] = []
    for _ in range(ROUNDS):
        floors.append(await run_floor(script, warm, raw, feed, started))
        ours.append(await run_rete(warm, raw, feed, started))
    # The best round of each side: the least disturbed by other work on the machine.
    floor, rete_ = min(w for w, _ in floors), min(w for w, _ in ours)
    floor_cpu, rete_cpu = min(c for _, c in floors), min(c for _, c in ours)
    print(
        f"{name:8} {len(raw)} updates, {sends} Bot API calls"
        f" | wall: floor {floor * 1e3:5.3f} ms, /add {rete_ * 1e3:5.3f} ms,"
        f" {rete_ / floor:4.2f}× | CPU: floor {floor_cpu * 1e3:5.3f} ms,"
        f" /add {rete_cpu * 1e3:5.3f} ms, {rete_cpu / floor_cpu:4.2f}× (goal ≤ 1.5×)"
    )


async def main() -> None:
    await mode("direct", direct_updates(), feed_direct, started=False)
    await mode("flushed", many_users_updates(), feed_flushed, started=False)
    await mode("started", many_users_updates(), feed_started, started=True)


if __name__ == "__main__":
    asyncio.run(main())
