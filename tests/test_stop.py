"""Stopping the worker the way hosts do: SIGTERM to every process of its group.

The worker runs exactly as the Procfile says (`uv run … rete run`), in a process group of its
own, against the emulator running in this test. The group signal reaches both uv and Python,
and uv forwards it to Python once more; some rounds add more signals on top while the bot is
stopping (Ctrl-C twice, SIGTERM straight to Python). Every stop must end the process within
STOP_LIMIT, log that it stopped, and leave a database that is whole and cleanly closed.
"""

from __future__ import annotations

import asyncio
import os
import shlex
import signal
import sqlite3
import statistics
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.sandbox import BotApiEmulator, SimUser
from tests.test_delivery_kill import FIRST_USER, USERS, nudges_per_chat, seed, statuses
from tests.worker_process import ROOT, child_env

STOPS = 20
STOP_LIMIT = 10.0  # seconds from the signal to the end of the process group
START_LIMIT = 60.0  # seconds to start (uv + imports) on a loaded CI machine
STOPPED = "Rete stopped ("

pytestmark = pytest.mark.skipif(os.name != "posix", reason="process groups and signals")


def procfile_worker() -> list[str]:
    lines = (ROOT / "Procfile").read_text().splitlines()
    [worker] = [line.split(":", 1)[1] for line in lines if line.startswith("worker:")]
    return shlex.split(worker)


def children(pid: int) -> list[int]:
    """Processes whose parent is `pid` (from /proc, which every Linux has)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def running(pid: int) -> bool:
    return Path(f"/proc/{pid}").exists()


async def until(condition: Callable[[], bool], limit: float, what: str) -> None:
    for _ in range(int(limit / 0.05)):
        if condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@dataclass
class Stop:
    seconds: float
    log: str


class Worker:
    """The Procfile's worker, in its own process group, logging to `log`."""

    def __init__(self, emu: BotApiEmulator, database: Path, log: Path, **settings: str) -> None:
        self.emu, self.database, self.log, self.settings = emu, database, log, settings
        self.process: asyncio.subprocess.Process | None = None
        self.python = 0  # the bot's own process: uv's child

    async def start(self) -> None:
        env = child_env(
            uv_project=str(ROOT),  # the project, while the working directory has no .env
            telegram_bot_token=self.emu.token,
            telegram_base_url=self.emu.base_url,
            telegram_base_file_url=self.emu.base_file_url,
            database_path=str(self.database),
            log_level="INFO",
            **self.settings,
        )
        with self.log.open("wb") as out:
            self.process = await asyncio.create_subprocess_exec(
                *procfile_worker(),
                cwd=self.database.parent,
                env=env,
                stdin=subprocess.DEVNULL,  # not a terminal, as on a host
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group (and session)
            )
        await self._wait_for("Rete is running", START_LIMIT)
        [self.python] = children(self.process.pid)

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    async def _wait_for(self, line: str, limit: float) -> None:
        assert self.process is not None
        deadline = time.monotonic() + limit
        while line not in self.text():
            if self.process.returncode is not None or time.monotonic() > deadline:
                await self.kill()
                raise AssertionError(f"the worker did not start:\n{self.text()}")
            await asyncio.sleep(0.02)

    async def stop(self, then: Callable[[Worker], None] | None = None) -> Stop:
        """SIGTERM to the group, as a host does; `then` adds more signals right after."""
        assert self.process is not None
        began = time.monotonic()
        os.killpg(self.process.pid, signal.SIGTERM)
        if then is not None:
            then(self)
        try:
            await asyncio.wait_for(self.process.wait(), STOP_LIMIT)
        except TimeoutError:
            await self.kill()
            raise AssertionError(
                f"still running {STOP_LIMIT} s after SIGTERM:\n{self.text()}"
            ) from None
        seconds = time.monotonic() - began
        assert not running(self.python), "Python outlived uv"
        assert self.process.returncode == 0, self.text()
        return Stop(seconds, self.text())

    async def kill(self) -> None:
        assert self.process is not None
        if self.process.returncode is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            await self.process.wait()


def ctrl_c_twice(worker: Worker) -> None:
    assert worker.process is not None
    os.killpg(worker.process.pid, signal.SIGINT)
    time.sleep(0.05)
    os.killpg(worker.process.pid, signal.SIGINT)


def sigterm_to_python_thrice(worker: Worker) -> None:
    for _ in range(3):
        os.kill(worker.python, signal.SIGTERM)


def sigint_to_uv(worker: Worker) -> None:
    assert worker.process is not None
    os.kill(worker.process.pid, signal.SIGINT)  # uv forwards it: not a terminal


EXTRA_SIGNALS: list[Callable[[Worker], None] | None] = [
    None,
    ctrl_c_twice,
    None,
    sigterm_to_python_thrice,
    None,
    sigint_to_uv,
]


def check_database(path: Path) -> None:
    assert not Path(f"{path}-wal").exists(), "the database was not closed (its WAL is left)"
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()


async def test_twenty_stops_by_sigterm_to_the_process_group(
    emu: BotApiEmulator, tmp_path: Path
) -> None:
    database = tmp_path / "rete.sqlite3"
    ada = emu.user(user_id=4242, first_name="Ada", language_code="en")
    seconds = []
    for round_ in range(STOPS):
        worker = Worker(emu, database, tmp_path / f"worker-{round_}.log")
        await worker.start()
        await ada.send("/start")  # some real work (a user row) in every round
        assert (await ada.expect_reply(timeout=10)).text.startswith("Hi Ada!")
        extra = EXTRA_SIGNALS[round_ % len(EXTRA_SIGNALS)]
        stop = await worker.stop(extra)
        what = f"round {round_} ({extra.__name__ if extra else 'SIGTERM to the group'})"
        assert stop.log.count(STOPPED) == 1, f"{what}:\n{stop.log}"
        assert not [w for w in ("Traceback", "WARNING", "ERROR") if w in stop.log], (
            f"{what}:\n{stop.log}"
        )
        check_database(database)
        seconds.append(stop.seconds)
    print(f"\n{STOPS} stops: max {max(seconds):.2f} s, median {statistics.median(seconds):.2f} s")


async def test_a_dialogue_cut_by_a_stop_resumes_after_the_restart(
    emu: BotApiEmulator, tmp_path: Path
) -> None:
    database = tmp_path / "rete.sqlite3"
    jane: SimUser = emu.user(user_id=2002, first_name="Jane", language_code="en")
    worker = Worker(emu, database, tmp_path / "first.log")
    await worker.start()
    await jane.send("/add")
    assert "who did you meet" in (await jane.expect_reply(timeout=10)).text
    await jane.send("Paolo Gialli")
    assert "Role and company of Paolo Gialli" in (await jane.expect_reply(timeout=10)).text
    # At once: well inside the 2-second persistence interval, so only the stop's flush
    # can have saved the step.
    stop = await worker.stop()
    assert stop.log.count(STOPPED) == 1, stop.log
    check_database(database)

    worker = Worker(emu, database, tmp_path / "second.log")
    await worker.start()
    await jane.send("Sales @ Umbrella")
    assert (await jane.expect_reply(timeout=10)).text.startswith("Where did you meet?")
    await worker.stop()
    check_database(database)


async def test_a_stop_in_the_middle_of_a_sweep_is_quick_and_loses_no_reminder(
    emu: BotApiEmulator, tmp_path: Path
) -> None:
    """A sweep sending slowly is given a short grace, then cancelled; what it had claimed is
    taken again at the next start, at once."""
    database = tmp_path / "rete.sqlite3"
    await seed(database)
    for user_id in range(FIRST_USER, FIRST_USER + USERS):
        emu.user(user_id=user_id, first_name=f"U{user_id}", language_code="en")
        emu.world.chats[user_id].started = True
    emu.faults.inject("slow", count=10_000, method="sendMessage", delay=0.5)
    fast_sweeps = {"reminder_sweep_seconds": "0.5"}

    worker = Worker(emu, database, tmp_path / "first.log", **fast_sweeps)
    await worker.start()
    await until(lambda: sum(nudges_per_chat(emu).values()) >= 2, START_LIMIT, "two nudges")
    stop = await worker.stop()
    sent_before = sum(nudges_per_chat(emu).values())
    assert sent_before < USERS, "the sweep was over before the stop: nothing was proven"
    assert "1 job(s) still running after 2 s cancelled" in stop.log, stop.log
    assert "Traceback" not in stop.log, stop.log
    assert stop.seconds < STOP_LIMIT
    check_database(database)

    emu.faults.clear()
    worker = Worker(emu, database, tmp_path / "second.log", **fast_sweeps)
    await worker.start()
    # The claims of the first run are taken again at once, not after a backoff.
    await until(lambda: statuses(database)["sent"] == USERS, 10, "every reminder sent")
    await worker.stop()
    per_chat = nudges_per_chat(emu)
    assert set(per_chat) == set(range(FIRST_USER, FIRST_USER + USERS)), "a reminder was lost"
    assert sum(per_chat.values()) <= USERS + 1, per_chat  # only the send in flight, at most
