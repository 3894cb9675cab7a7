"""The token never leaves the process through its output: not whole, not in pieces, not in a
traceback, a stack, a warning or an uncaught exception."""

from __future__ import annotations

import io
import logging
import subprocess
import sys
from collections.abc import Iterator

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.logs import FRAGMENT, PLACEHOLDER, Redactor, protect
from tests.worker_process import ROOT, child_env

TOKEN = "7012345678:AAF3kq9Zx_Vb7nYtLr2pQw8sDe5fGh1jK0m"
SECRET = TOKEN.split(":", 1)[1]
TOKEN_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"


def fragments(secret: str) -> Iterator[str]:
    return (secret[i : i + FRAGMENT] for i in range(len(secret) - FRAGMENT + 1))


def leaks(text: str, secret: str = SECRET) -> list[str]:
    return [piece for piece in fragments(secret) if piece in text]


def test_the_token_and_its_pieces_are_redacted() -> None:
    redact = Redactor([TOKEN])
    cases = {
        f"GET http://api/bot{TOKEN}/getMe": f"GET http://api/bot7012345678:{PLACEHOLDER}/getMe",
        f"quoted `{TOKEN}` twice {TOKEN}": f"quoted `7012345678:{PLACEHOLDER}` twice "
        f"7012345678:{PLACEHOLDER}",
        f"url-encoded 7012345678%3A{SECRET}": f"url-encoded 7012345678%3A{PLACEHOLDER}",
        f"abbreviated {SECRET[:10]}…": f"abbreviated {PLACEHOLDER}…",
        f"tail …{SECRET[-9:]}": f"tail …{PLACEHOLDER}",
        f"a piece {SECRET[5 : 5 + FRAGMENT]} inside": f"a piece {PLACEHOLDER} inside",
        # Shorter than FRAGMENT: too short to be a leak, and common words must survive.
        f"{SECRET[: FRAGMENT - 1]} stays": f"{SECRET[: FRAGMENT - 1]} stays",
        "nothing secret here": "nothing secret here",
    }
    for text, expected in cases.items():
        assert redact(text) == expected


@settings(derandomize=True, max_examples=300, deadline=None)
@given(
    secret=st.text(TOKEN_CHARS, min_size=30, max_size=46),
    slices=st.lists(st.tuples(st.integers(0, 46), st.integers(FRAGMENT, 46)), max_size=4),
    filler=st.lists(st.text(max_size=12), min_size=5, max_size=5),
)
def test_no_piece_of_a_secret_survives(
    secret: str, slices: list[tuple[int, int]], filler: list[str]
) -> None:
    pieces = [secret[start : start + size] for start, size in slices]
    text = "".join(f + p for f, p in zip(filler, [*pieces, secret], strict=False)) + filler[-1]
    assert leaks(Redactor([f"123:{secret}"])(text), secret) == []


def capture(redact: Redactor) -> tuple[logging.Logger, io.StringIO]:
    output = io.StringIO()
    handler = logging.StreamHandler(output)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    protect(handler, redact)
    logger = logging.getLogger(f"test_logs.{id(output)}")
    logger.propagate = False
    logger.handlers[:] = [handler]
    return logger, output


def test_a_traceback_and_a_stack_are_redacted_too() -> None:
    logger, output = capture(Redactor([TOKEN]))
    try:
        raise RuntimeError(f"The token `{TOKEN}` was rejected by the server.")
    except RuntimeError:
        logger.exception("start failed")
    record = logger.makeRecord(
        logger.name, logging.ERROR, __file__, 1, "m", (), None, sinfo=f"Stack: {TOKEN}"
    )
    logger.handle(record)
    logged = output.getvalue()
    assert "Traceback" in logged and "Stack:" in logged, "nothing was formatted: proves nothing"
    assert "RuntimeError: The token `7012345678:[REDACTED]` was rejected" in logged
    assert leaks(logged) == []
    # The cached traceback is redacted as well, for any handler formatting the record later.
    assert record.stack_info is not None
    assert leaks(record.stack_info) == []


def test_uncaught_errors_and_warnings_of_the_process_are_redacted() -> None:
    """What Python prints by itself goes through the redacting log handler (a child process:
    the hooks are process-wide)."""
    program = f"""
import threading, warnings
from bot.logs import route_stray_output, setup_logging
route_stray_output(setup_logging("INFO", ["{TOKEN}"]))
warnings.warn("a repr: Bot[token={TOKEN}]")
def in_a_thread():
    raise KeyError("{TOKEN}")
thread = threading.Thread(target=in_a_thread)
thread.start()
thread.join()
raise RuntimeError("rejected: {TOKEN}")
"""
    result = subprocess.run(
        [sys.executable, "-c", program],
        env=child_env(),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    for seen in ("UserWarning", "KeyError", "RuntimeError: rejected: 7012345678:[REDACTED]"):
        assert seen in result.stderr, result.stderr
    assert leaks(result.stdout + result.stderr) == []
