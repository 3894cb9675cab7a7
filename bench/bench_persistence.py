"""Dialogue persistence at scale: restart with many stored dialogues, memory with many live
ones, and what 10,000 /start write.

- restart: a database holding N dialogues left mid-/add (each a real /add draft, copied from
  a recording pass and renamed), then a fresh process builds and starts the Application: the
  start time (build + initialize + post_init + start, modules already imported) and the RSS
  after it, for N = 10,000
  (the baseline) and N = 100,000. The process then answers the next question of one stored
  dialogue, so a start that merely skipped the dialogues would fail here.
  Goals: ≤ 1 s and ≤ 150 MB at 100,000.
- live: a fresh process where 10,000 users each answer the first three /add questions, so that
  10,000 dialogues are open at once (flushed to the database); RSS before and after.
  Goal ≤ 150 MB.
- /start: 10,000 users send /start, the persistence flushed every 100 updates (about what the
  2-second loop sees at 50 updates/s): statements written to the ptb_* tables and the share
  of the run spent in `update_persistence`. Before this work: 20,000 DELETEs and about 20 %.

Each measurement runs in a process of its own (RSS is per process).

Run:  uv run python bench/bench_persistence.py
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from telegram import Update

sys.path.insert(0, str(Path(__file__).resolve().parent))

from offline import (
    StubRequest,
    add_dialogue,
    close,
    parsed,
    play,
    rete,
    rss_mb,
    text_update,
)

TEMPLATE_USER = 7
LIVE_USERS = 10_000
START_USERS = 10_000
STEPS_DONE = 5  # /add, name, company+role, where, today: the next question is the channels


# ---- seeding --------------------------------------------------------------------------------


async def record_template(path: Path) -> None:
    """One real dialogue left mid-/add, flushed: the rows every seeded dialogue copies."""
    stub = StubRequest()
    app = await rete(path, stub)
    for update in add_dialogue(1, TEMPLATE_USER, 1, steps=STEPS_DONE):
        await play(app, stub, update)
    await app.update_persistence()
    await close(app)


def seed(path: Path, dialogues: int) -> None:
    """Copy the template's rows (users, ptb_user_data, ptb_conversations) for more users."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    for table, id_column in (
        ("users", "id"),
        ("ptb_user_data", "user_id"),
        ("ptb_conversations", None),
    ):
        template = conn.execute(f"SELECT * FROM {table}").fetchall()
        assert len(template) == 1, f"{table}: {len(template)} template rows"
        row = dict(template[0])
        columns = list(row)
        rows = []
        for n in range(dialogues):
            user_id = 1_000_000 + n
            copy = dict(row)
            if id_column:
                copy[id_column] = user_id
            if table == "ptb_user_data":
                copy["data"] = row["data"].replace("Person 1", f"Person {user_id}")
            if table == "ptb_conversations":
                copy["key"] = json.dumps([user_id, user_id])
                if "user_id" in copy:
                    copy["user_id"] = user_id
            rows.append(tuple(copy[c] for c in columns))
        marks = ", ".join("?" for _ in columns)
        conn.executemany(f"INSERT INTO {table}({', '.join(columns)}) VALUES ({marks})", rows)
    conn.commit()
    conn.close()


# ---- children (one process each) -----------------------------------------------------------


async def child_restart(path: Path) -> dict[str, Any]:
    # Module imports are not what a restart's data costs (httpcore is imported lazily by PTB).
    import httpcore  # noqa: F401

    import handlers  # noqa: F401

    stub = StubRequest()
    begin = time.perf_counter()
    app = await rete(path, stub)
    await app.start()
    started = time.perf_counter() - begin
    rss, peak = rss_mb()
    user_id = 1_000_000 + 3
    stub.current = 1
    await app.process_update(parsed([text_update(10**9, user_id, "p3@acme.it")], app)[0])
    texts = [str(p.get("text", "")) for _, p in stub.recording.get(1, [])]
    assert any("p3@acme.it" in t for t in texts), f"the stored dialogue did not resume: {texts}"
    await close(app)
    return {"start_s": started, "rss_mb": rss, "peak_mb": peak}


async def child_live(path: Path) -> dict[str, Any]:
    stub = StubRequest()
    app = await rete(path, stub)
    await app.start()
    for update in add_dialogue(0, 2, 1):  # warm-up: one whole /add
        await play(app, stub, update)
    idle, _ = rss_mb()
    for n in range(LIVE_USERS):
        for raw in add_dialogue(n, 3_000_000 + n, 100 + n * 10, steps=3):
            await app.process_update(Update.de_json(raw, app.bot))
    await app.update_persistence()
    live, peak = rss_mb()
    open_ = await app.services.repos.db.fetchval("SELECT count(*) FROM ptb_conversations")
    await close(app)
    assert open_ >= LIVE_USERS, f"only {open_} dialogues stored"
    return {"idle_mb": idle, "live_mb": live, "peak_mb": peak}


async def child_start(path: Path) -> dict[str, Any]:
    app = await rete(path)
    writes: list[str] = []

    def trace(sql: str) -> None:
        head = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else ""
        if head in ("INSERT", "UPDATE", "DELETE") and " ptb_" in sql:
            writes.append(head)

    await app.services.repos.db.connection.set_trace_callback(trace)
    updates = parsed(
        [text_update(100 + n, 4_000_000 + n, "/start") for n in range(START_USERS)], app
    )
    in_flush = 0.0
    begin = time.perf_counter()
    for i, update in enumerate(updates, 1):
        await app.process_update(update)
        if i % 100 == 0:
            flush_begin = time.perf_counter()
            await app.update_persistence()
            in_flush += time.perf_counter() - flush_begin
    total = time.perf_counter() - begin
    await app.services.repos.db.connection.set_trace_callback(None)  # type: ignore[arg-type]
    await close(app)
    return {
        "writes": len(writes),
        "deletes": writes.count("DELETE"),
        "flush_share": in_flush / total,
        "per_update_ms": total / len(updates) * 1e3,
    }


CHILDREN = {"restart": child_restart, "live": child_live, "start": child_start}


def run_child(kind: str, path: Path) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"{kind} failed:\n{result.stdout}\n{result.stderr}")
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        template = tmpdir / "template.sqlite3"
        asyncio.run(record_template(template))
        restart = {}
        for dialogues in (10_000, 100_000):
            path = tmpdir / f"stored-{dialogues}.sqlite3"
            path.write_bytes(template.read_bytes())
            seed(path, dialogues)
            restart[dialogues] = run_child("restart", path)
        base, big = restart[10_000], restart[100_000]
        for dialogues, r in restart.items():
            print(
                f"restart, {dialogues:>7,} stored dialogues: start {r['start_s']:5.2f} s,"
                f" RSS {r['rss_mb']:5.0f} MB (peak {r['peak_mb']:5.0f} MB)"
            )
        print(
            f"restart 100,000 vs 10,000: start {big['start_s'] / base['start_s']:4.2f}×,"
            f" RSS {big['rss_mb'] / base['rss_mb']:4.2f}× (goals ≤ 1 s, ≤ 150 MB)"
        )
        live = run_child("live", tmpdir / "live.sqlite3")
        print(
            f"live: RSS {live['idle_mb']:5.0f} MB with 1 dialogue done,"
            f" {live['live_mb']:5.0f} MB with {LIVE_USERS:,} open"
            f" (peak {live['peak_mb']:5.0f} MB; goal ≤ 150 MB)"
        )
        start = run_child("start", tmpdir / "start.sqlite3")
        print(
            f"/start × {START_USERS:,}: {start['writes']} writes to ptb_* tables"
            f" ({start['deletes']} DELETEs), {start['flush_share']:.1%} of the run in"
            f" update_persistence, {start['per_update_ms']:.3f} ms/update"
        )


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        print(json.dumps(asyncio.run(CHILDREN[sys.argv[2]](Path(sys.argv[3])))))
    else:
        main()
