"""The text console of `rete sandbox`: chat with the real bot through the emulator."""

from __future__ import annotations

import asyncio
import re
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import TextIO

from bot.sandbox.emulator import BotApiEmulator
from bot.sandbox.users import SimChat, SimUser
from bot.sandbox.views import BotMessage

HELP = """\
Type a message (or a /command) to send it to the bot as the current user.
  :press N | :press TEXT   press inline button N (as numbered) or by its text
  :wait 3d | 2h | 30m | 45s move the clock forward, run due jobs, show what arrived
  :user NAME [it|en]       become user NAME (created on first use; Italian by default)
  :group NAME              post in group NAME (created with the bot in it on first use)
  :private                 back to the private chat with the bot
  :upload PATH             send a file as a document
  :contact PHONE NAME      share a phone contact
  :help                    this text
  :quit                    leave"""

_DURATION = re.compile(r"^(\d+)\s*([dhms])$")
_UNITS = {"d": "days", "h": "hours", "m": "minutes", "s": "seconds"}


def parse_duration(text: str) -> timedelta | None:
    match = _DURATION.match(text.strip().lower())
    if match is None:
        return None
    return timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})


def render(message: BotMessage, label: str = "") -> str:
    """A bot message as console text, inline buttons numbered from 1."""
    prefix = f"[{label}] " if label else ""
    kind = "bot (edited)" if message.edited else "bot"
    body = message.text
    if message.document is not None:
        size = message.document.file_size
        body = f"[document {message.document.file_name or ''} {size} bytes] {body}".rstrip()
    elif message.has_photo:
        body = f"[photo] {body}".rstrip()
    lines = [f"{prefix}{kind}: {body}"]
    buttons: list[str] = []
    flat = [text for row in message.buttons for text in row]
    for number, text in enumerate(flat, start=1):
        url = message.url_buttons.get(text)
        buttons.append(f"[{number}] {text}" + (f" <{url}>" if url else ""))
    if buttons:
        lines.append("    " + "  ".join(buttons))
    if message.reply_keyboard:
        lines.append("    keyboard: " + " | ".join(" ".join(row) for row in message.reply_keyboard))
    return "\n".join(lines)


async def _stdin_lines() -> AsyncIterator[str]:
    while True:
        line = await asyncio.to_thread(sys.stdin.readline)
        if not line:
            return
        yield line


class _Console:
    def __init__(
        self,
        emu: BotApiEmulator,
        out: TextIO,
        advance_clock: Callable[[timedelta], None],
        run_due: Callable[[], Awaitable[None]],
    ) -> None:
        self.emu = emu
        self.out = out
        self.advance_clock = advance_clock
        self.run_due = run_due
        self.users: dict[str, SimUser] = {}
        self.groups: dict[str, SimChat] = {}
        self.user = self._user("Mario", "it")
        self.group: SimChat | None = None

    def say(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def _user(self, name: str, language: str) -> SimUser:
        key = name.lower()
        if key not in self.users:
            self.users[key] = self.emu.user(first_name=name, language_code=language)
        return self.users[key]

    async def show_arrivals(self) -> None:
        await self.emu.settle()
        for name, user in self.users.items():
            label = "" if user is self.user and self.group is None else f"@{name}"
            for message in user.unseen_replies():
                self.say(render(message, label))
        for name, group in self.groups.items():
            for message in group.unseen_messages():
                self.say(render(message, "" if group is self.group else name))

    async def handle(self, line: str) -> bool:
        """Act on one input line; False once the user quits."""
        text = line.strip()
        if not text:
            return True
        if not text.startswith(":"):
            if self.group is not None:
                await self.user.post(self.group, text)
            else:
                await self.user.send(text)
            await self.show_arrivals()
            return True
        command, _, argument = text[1:].partition(" ")
        argument = argument.strip()
        try:
            return await self._command(command.lower(), argument)
        except (AssertionError, OSError, ValueError, IndexError) as error:
            self.say(f"! {error}")
            return True

    async def _command(self, command: str, argument: str) -> bool:
        if command in {"quit", "q", "exit"}:
            return False
        if command == "help":
            self.say(HELP)
        elif command == "press":
            button: str | int = int(argument) - 1 if argument.isdigit() else argument
            await self.user.press(button, chat=self.group)
            await self.show_arrivals()
        elif command == "wait":
            delta = parse_duration(argument)
            if delta is None:
                self.say("! usage: :wait 3d | 2h | 30m | 45s")
                return True
            self.advance_clock(delta)
            await self.run_due()
            await self.show_arrivals()
        elif command == "user":
            name, _, language = argument.partition(" ")
            if not name:
                self.say("! usage: :user NAME [it|en]")
                return True
            self.user = self._user(name, language.strip() or "it")
            self.say(f"(you are {self.user.info.first_name}, id {self.user.id})")
        elif command == "group":
            if not argument:
                self.say("! usage: :group NAME")
                return True
            if argument not in self.groups:
                group = self.emu.group(argument)
                group.set_creator(self.user)
                await group.add_bot(by=self.user)
                self.groups[argument] = group
            self.group = self.groups[argument]
            self.group.add_member(self.user)
            self.say(f"(posting in group {argument}, id {self.group.id})")
            await self.show_arrivals()
        elif command == "private":
            self.group = None
            self.say("(private chat)")
        elif command == "upload":
            path = Path(argument)
            content = await asyncio.to_thread(lambda: path.expanduser().read_bytes())
            await self.user.upload(path.name, content)
            await self.show_arrivals()
        elif command == "contact":
            phone, _, name = argument.partition(" ")
            first, _, last = name.strip().partition(" ")
            if not phone or not first:
                self.say("! usage: :contact PHONE NAME")
                return True
            await self.user.share_contact(phone, first, last or None)
            await self.show_arrivals()
        else:
            self.say(f"! unknown command :{command} (try :help)")
        return True


async def run_repl(
    emu: BotApiEmulator,
    *,
    lines: AsyncIterator[str] | None,
    out: TextIO,
    advance_clock: Callable[[timedelta], None],
    run_due: Callable[[], Awaitable[None]],
) -> None:
    """Read lines (stdin when `lines` is None) and play them as the current user."""
    console = _Console(emu, out, advance_clock, run_due)
    interactive = lines is None and sys.stdin.isatty()
    source = lines if lines is not None else _stdin_lines()
    console.say(f"Rete sandbox: you are {console.user.info.first_name}. :help for commands.")
    while True:
        if interactive:
            out.write("> ")
            out.flush()
        try:
            line = await anext(source)
        except StopAsyncIteration:
            break
        if not await console.handle(line):
            break
    await console.show_arrivals()
