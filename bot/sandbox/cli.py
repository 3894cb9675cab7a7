"""`rete sandbox`: the emulator and the real bot in one process, and a chat in the terminal."""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.clock import ManualClock
from bot.sandbox import demo
from bot.sandbox.console import Console, Session
from bot.sandbox.emulator import BotApiEmulator
from bot.sandbox.files import FileSaver
from bot.sandbox.harness import SANDBOX_TOKEN, RunningBot
from bot.sandbox.render import Style
from bot.sandbox.repl import run_repl, stdin_lines
from bot.sandbox.roster import Roster

_DEMO_TYPING = 0.02  # seconds per character, when someone watches
_DEMO_PAUSE = 0.4


@dataclass(frozen=True)
class Options:
    db_path: Path | None  # None: a temporary database
    files: Path  # where the files the bot sends are saved
    demo: bool


def terminal_style(stream: object) -> Style:
    isatty = getattr(stream, "isatty", None)
    colour = bool(isatty and isatty()) and "NO_COLOR" not in os.environ
    return Style(ansi=colour and os.environ.get("TERM") != "dumb")


def run_sandbox(db_path: Path | None = None, files: Path | None = None, demo: bool = False) -> int:
    # The console is the interface: only real problems are logged, and never request URLs.
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    folder = files or Path(tempfile.mkdtemp(prefix="rete-sandbox-files-"))
    try:
        with tempfile.TemporaryDirectory(prefix="rete-sandbox-") as scratch:
            database = db_path or Path(scratch) / "sandbox.sqlite3"
            return asyncio.run(_sandbox(database, Options(db_path, folder, demo)))
    finally:
        if files is None:
            _tidy(folder)


def _tidy(folder: Path) -> None:
    """Remove the temporary files folder if the bot sent nothing, else say where it is."""
    if any(folder.iterdir()):
        print(f"(the files the bot sent are kept in {folder})")
    else:
        folder.rmdir()


async def next_due(
    running: RunningBot, user_ids: list[int], chat_ids: list[int]
) -> datetime | None:
    """The earliest reminder or scheduled digest due for the session's people and groups."""
    repos = running.repos
    horizon = running.services.clock.now() + timedelta(days=3660)
    times: list[datetime] = []
    for user_id in user_ids:
        reminders = await repos.reminders.open_for_owner(user_id, until=horizon)
        times.extend(r.due_at for r in reminders[:1])
    for chat_id in chat_ids:
        chat = await repos.job_chats.get_chat(chat_id)
        if chat and chat.active and chat.digest_enabled and chat.digest_next_at:
            times.append(chat.digest_next_at)
    return min(times, default=None)


def _welcome(console: Console, options: Options) -> None:
    console.say("Rete sandbox: the real bot, offline, against a local Telegram emulator.")
    console.say(
        f"You are {console.user.info.first_name} (Italian; `:user Jane en` for an English user)."
        " Type as on Telegram: :help lists the commands, :quit leaves."
    )
    if options.db_path is None:
        console.say("Data: a temporary database, gone at exit (--db PATH keeps it).")
    else:
        console.say(f"Data: {options.db_path} (people and groups in {_roster_path(options)}).")
    console.say(f"Files the bot sends are saved in {options.files}")


def _roster_path(options: Options) -> Path | None:
    if options.db_path is None:
        return None
    return options.db_path.with_name(options.db_path.name + ".sandbox.json")


async def _sandbox(database: Path, options: Options) -> int:
    clock = ManualClock(datetime.now(UTC))
    emu = BotApiEmulator(SANDBOX_TOKEN, clock=clock.now)
    await emu.start()
    # Due work runs when `:wait` moves the clock, and on a short real-time beat for
    # anything already due (a contact met "3 days ago").
    running = RunningBot(emu, clock, database, auto_sweep=True, reminder_sweep_seconds=2)
    timezone = ZoneInfo(running.settings.default_timezone)
    if options.demo:
        clock.set(demo.demo_start(clock.now(), timezone))
    failed = False
    try:
        await running.start()
        roster = Roster(emu, _roster_path(options))
        roster.load()

        async def due(user_ids: list[int], chat_ids: list[int]) -> datetime | None:
            return await next_due(running, user_ids, chat_ids)

        session = Session(
            emu,
            clock,
            running.run_due,
            due,
            FileSaver(options.files, emu.world),
            timezone,
            roster,
            busy=running.busy,
        )
        console = Console(session, sys.stdout, terminal_style(sys.stdout))
        _welcome(console, options)
        interactive = sys.stdin.isatty()
        if options.demo:
            watched = sys.stdout.isatty()
            failed = not await demo.play(
                console,
                typing=_DEMO_TYPING if watched else 0.0,
                pause=_DEMO_PAUSE if watched else 0.0,
            )
        if interactive or not options.demo:
            await run_repl(console, stdin_lines(interactive))
    finally:
        await running.stop()
        await emu.stop()
    for error in running.errors:
        print(f"rete sandbox: the bot raised {error!r}", file=sys.stderr)
    return 1 if running.errors or failed else 0
