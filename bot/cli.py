"""`rete`: run the bot (default), try it in a sandbox, or back up its database."""

from __future__ import annotations

import argparse
import gc
import hashlib
import logging
import os
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from telegram import Update

from bot.settings import Settings, SettingsError, load_settings, load_storage_settings
from storage.db import StorageError, check_integrity

if TYPE_CHECKING:
    from bot.context import ReteApplication
    from bot.runner import StartUpdates

LINGER_WAIT = 2.0  # seconds a thread may take to end once the bot has stopped


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rete", description="Rete, a Telegram networking assistant."
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser(
        "run", help="run the bot (the default): long polling, or webhook if WEBHOOK_URL is set"
    )
    sandbox = commands.add_parser(
        "sandbox", help="try the bot in the terminal, offline, with no token"
    )
    sandbox.add_argument("--db", type=Path, help="keep the data in this SQLite file")
    sandbox.add_argument(
        "--files", type=Path, help="save the files the bot sends here (default: a temporary folder)"
    )
    sandbox.add_argument(
        "--demo", action="store_true", help="watch a fair day played out first (under a minute)"
    )
    backup = commands.add_parser(
        "backup", help="copy the live database consistently to PATH (safe while the bot runs)"
    )
    backup.add_argument("path", type=Path)
    return parser


def _fail(lines: list[str]) -> int:
    for line in lines:
        print(f"rete: {line}", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "sandbox":
            from bot.sandbox.cli import run_sandbox

            return int(run_sandbox(db_path=args.db, files=args.files, demo=args.demo))
        if args.command == "backup":
            return _backup(args.path)
        return _run(load_settings())
    except SettingsError as exc:
        return _fail(exc.problems)
    except StorageError as exc:
        return _fail([str(exc)])
    except KeyboardInterrupt:
        return 130


@dataclass(frozen=True)
class WebhookOptions:
    url_path: str
    webhook_url: str
    secret_token: str


def webhook_options(settings: Settings) -> WebhookOptions:
    """URL path, public URL and secret for webhook mode.

    Neither the path nor the secret is the token itself: both are derived from it, so the
    token never appears in a proxy's access log. PTB answers 403 to a request without the
    secret in X-Telegram-Bot-Api-Secret-Token.
    """
    assert settings.webhook_url is not None
    digest = hashlib.sha256(settings.telegram_bot_token.get_secret_value().encode()).hexdigest()
    secret = (
        settings.webhook_secret_token.get_secret_value()
        if settings.webhook_secret_token
        else digest[:48]
    )
    path = f"telegram/{digest[48:]}"
    return WebhookOptions(path, f"{settings.webhook_url.rstrip('/')}/{path}", secret)


def _run(settings: Settings) -> int:
    from bot.app import build_application
    from bot.logs import route_stray_output, setup_logging
    from bot.runner import StartupError, run_until_stopped

    secrets = [settings.telegram_bot_token.get_secret_value()]
    if settings.webhook_url:
        secrets.append(webhook_options(settings).secret_token)
    redact = setup_logging(settings.log_level, secrets)
    route_stray_output(redact)
    try:
        # Read-only: a damaged file is refused before anything writes to it.
        check_integrity(settings.database_path)
        start_updates, mode = _updates(settings)
        run_until_stopped(build_application(settings), start_updates, mode)
    except (StartupError, StorageError) as exc:
        status = _fail([redact(str(exc))])
    else:
        _exit_if_threads_linger()
        status = 0
    # Everything is closed: spare the exit a garbage collection of every object (up to a
    # second on a loaded machine, more than the stop itself takes).
    gc.freeze()
    return status


def _updates(settings: Settings) -> tuple[StartUpdates, str]:
    """How updates arrive: long polling, or a webhook if WEBHOOK_URL is set."""
    if not settings.webhook_url:

        async def poll(app: ReteApplication) -> None:
            assert app.updater is not None
            # Updates that arrived while the bot was down are processed, not dropped.
            await app.updater.start_polling(
                allowed_updates=Update.ALL_TYPES, drop_pending_updates=False
            )

        return poll, "long polling"
    options = webhook_options(settings)

    async def listen(app: ReteApplication) -> None:
        assert app.updater is not None
        await app.updater.start_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            allowed_updates=Update.ALL_TYPES,
            url_path=options.url_path,
            webhook_url=options.webhook_url,
            secret_token=options.secret_token,
        )

    return listen, f"webhook on {settings.webhook_listen}:{settings.webhook_port}"


def _exit_if_threads_linger() -> None:
    """Python waits for every non-daemon thread before it exits. Everything is closed by now,
    so a thread still running is a bug that would hold the process until SIGKILL: say so and
    exit anyway (status 1)."""
    main = threading.main_thread()
    deadline = time.monotonic() + LINGER_WAIT
    others = [t for t in threading.enumerate() if t is not main and not t.daemon]
    for thread in others:
        thread.join(max(deadline - time.monotonic(), 0.0))
    lingering = [thread.name for thread in others if thread.is_alive()]
    if lingering:
        logging.getLogger(__name__).error("threads still running after the stop: %s", lingering)
        logging.shutdown()
        os._exit(1)


def _backup(target: Path) -> int:
    from storage.backup import BackupError, backup_database

    source = load_storage_settings().database_path
    if not source.is_file():
        return _fail([f"DATABASE_PATH: {source} does not exist, nothing to back up"])
    if target.exists():
        return _fail([f"{target} already exists: choose a new file"])
    if not target.parent.is_dir():
        return _fail([f"{target.parent} is not a directory"])
    try:
        backup_database(source, target)
    except BackupError as exc:
        return _fail([f"backup failed, nothing written: {exc}"])
    print(f"rete: backup of {source} written to {target} (integrity check: ok)")
    return 0
