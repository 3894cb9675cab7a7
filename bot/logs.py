"""Logging set-up. The bot token must never reach a log line, in any form.

Redaction works on the *formatted* output of every handler (message, traceback, stack), so a
token inside an exception's text or a library's repr is caught too, and so is a piece of it:
any run of FRAGMENT or more characters of a secret is replaced.
"""

from __future__ import annotations

import asyncio
import logging
import re
import sys
import threading
from collections.abc import Iterable
from types import TracebackType

PLACEHOLDER = "[REDACTED]"
FRAGMENT = 8  # characters of a secret that count as a leak on their own


class Redactor:
    """Replaces every run of FRAGMENT+ characters of a secret (or a whole short secret)."""

    def __init__(self, secrets: Iterable[str]) -> None:
        # A BotFather token is `<bot id>:<key>`; the bot id is public (getMe tells everyone),
        # the key is the secret. Redacting the key also covers a URL-encoded colon.
        keys = {secret.split(":", 1)[-1] for secret in secrets if secret}
        pieces = {
            key[i : i + min(FRAGMENT, len(key))]
            for key in keys
            for i in range(max(len(key) - FRAGMENT, 0) + 1)
        }
        # The lookahead matches at every position, overlapping ones included: a longer run of
        # a secret is covered by the union of its FRAGMENT-long pieces.
        alternatives = "|".join(map(re.escape, sorted(pieces)))
        self._pattern = re.compile(f"(?=({alternatives}))") if pieces else None

    def __call__(self, text: str) -> str:
        if self._pattern is None:
            return text
        runs: list[list[int]] = []
        for match in self._pattern.finditer(text):
            start, end = match.start(), match.start() + len(match.group(1))
            if runs and start <= runs[-1][1]:
                runs[-1][1] = max(runs[-1][1], end)
            else:
                runs.append([start, end])
        if not runs:
            return text
        out, last = [], 0
        for start, end in runs:
            out += [text[last:start], PLACEHOLDER]
            last = end
        out.append(text[last:])
        return "".join(out)


class RedactingFormatter(logging.Formatter):
    """Formats with `inner`, then redacts the whole result, traceback and stack included."""

    def __init__(self, inner: logging.Formatter, redact: Redactor) -> None:
        super().__init__()
        self.inner = inner
        self.redact = redact

    def format(self, record: logging.LogRecord) -> str:
        text = self.redact(self.inner.format(record))
        # Formatter caches the traceback on the record: never leave the raw one for a handler
        # that might format the same record later.
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return text


def protect(handler: logging.Handler, redact: Redactor) -> None:
    """Make `handler` redact everything it writes (idempotent)."""
    formatter = handler.formatter or logging.Formatter()
    if isinstance(formatter, RedactingFormatter):
        formatter = formatter.inner
    handler.setFormatter(RedactingFormatter(formatter, redact))


def setup_logging(level: str, secrets: list[str]) -> Redactor:
    """One stderr handler for everything; returns the redactor, for output outside logging."""
    redact = Redactor(secrets)
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    protect(handler, redact)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # httpx logs every request URL, and the URL contains the token: keep it (and httpcore,
    # which traces requests at DEBUG) at WARNING whatever LOG_LEVEL says.
    for noisy in ("httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # aiosqlite logs every statement with its parameters (users' data) at DEBUG.
    logging.getLogger("aiosqlite").setLevel(logging.INFO)
    logging.getLogger("apscheduler").setLevel(max(logging.getLevelName(level), logging.WARNING))
    # A job cancelled by a stop is no error (the runner says what it cancelled).
    logging.getLogger("apscheduler.executors.default").addFilter(_not_cancelled)
    return redact


def _not_cancelled(record: logging.LogRecord) -> bool:
    return not (record.exc_info and isinstance(record.exc_info[1], asyncio.CancelledError))


def route_stray_output(redact: Redactor) -> None:
    """For the bot's own process: what Python prints to stderr by itself (uncaught exceptions
    in any thread, unraisable ones, records no handler takes) goes through logging, redacted.
    Process-wide hooks: the CLI calls this, tests and the sandbox do not."""
    last_resort = logging.StreamHandler()
    last_resort.setLevel(logging.WARNING)
    protect(last_resort, redact)
    logging.lastResort = last_resort
    logging.captureWarnings(True)  # a warning may quote a repr that holds the token
    log = logging.getLogger("rete.uncaught")

    def uncaught(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        log.critical("uncaught %s", kind.__name__, exc_info=(kind, error, tb))

    def uncaught_in_thread(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or args.exc_type is SystemExit:
            return
        exc_info = (args.exc_type, args.exc_value, args.exc_traceback)
        name = args.thread.name if args.thread else "?"
        log.error("uncaught %s in thread %s", args.exc_type.__name__, name, exc_info=exc_info)

    def unraisable(args: sys.UnraisableHookArgs) -> None:
        exc_info = (args.exc_type, args.exc_value, args.exc_traceback) if args.exc_value else None
        log.warning(
            "%s: %r", args.err_msg or "Exception ignored in", args.object, exc_info=exc_info
        )

    sys.excepthook = uncaught
    threading.excepthook = uncaught_in_thread
    sys.unraisablehook = unraisable
