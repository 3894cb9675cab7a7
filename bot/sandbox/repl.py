"""Reading the sandbox's input: a terminal with line editing, or any bytes piped in."""

from __future__ import annotations

import asyncio
import contextlib
import sys
import threading
from collections.abc import AsyncIterator

from bot.sandbox.client_text import typed_line
from bot.sandbox.console import Console


def _read_terminal_line(prompt: str) -> str | None:
    try:
        return input(prompt)
    except EOFError:
        return None


def _read_piped_line() -> str | None:
    raw = sys.stdin.buffer.readline()
    return typed_line(raw) if raw else None


async def stdin_lines(interactive: bool) -> AsyncIterator[str]:
    """Lines of standard input, each read only when the console asks for it (so a prompt
    never shows before the bot's answer to the previous line).

    The reader is a daemon thread: a blocked read never keeps the process alive at exit."""
    if interactive:
        with contextlib.suppress(ImportError):
            import readline  # noqa: F401  (line editing and history for input())
        # A terminal can deliver bytes that are not UTF-8: keep them for typed_line to decode.
        if hasattr(sys.stdin, "reconfigure"):
            sys.stdin.reconfigure(errors="surrogateescape")
    loop = asyncio.get_running_loop()
    lines: asyncio.Queue[str | None] = asyncio.Queue()
    wanted = threading.Event()

    def reader() -> None:
        while True:
            wanted.wait()
            wanted.clear()
            try:
                line = _read_terminal_line("> ") if interactive else _read_piped_line()
            except (OSError, ValueError):
                line = None
            loop.call_soon_threadsafe(lines.put_nowait, line)
            if line is None:
                return

    threading.Thread(target=reader, name="sandbox-stdin", daemon=True).start()
    while True:
        wanted.set()
        line = await lines.get()
        if line is None:
            return
        yield line


async def run_repl(console: Console, lines: AsyncIterator[str]) -> None:
    """Play `lines` as the current user until they end or `:quit`."""
    async for line in lines:
        if not await console.handle(line):
            break
    await console.show_arrivals()
