"""`rete`: run the bot (default), try it in a sandbox, or back up its database."""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path

from telegram import Update

from bot.settings import Settings, SettingsError, load_settings, load_storage_settings
from storage.db import Database, StorageError


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


def _check_database(settings: Settings) -> None:
    """Open and migrate once before starting, so a bad path is one clear line, not a trace."""

    async def check() -> None:
        db = Database(settings.database_path)
        try:
            await db.open()
        finally:
            await db.close()

    asyncio.run(check())


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
    from bot.logs import setup_logging

    token = settings.telegram_bot_token.get_secret_value()
    setup_logging(settings.log_level, [token])
    _check_database(settings)
    app = build_application(settings)
    if settings.webhook_url:
        options = webhook_options(settings)
        app.run_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            allowed_updates=Update.ALL_TYPES,
            url_path=options.url_path,
            webhook_url=options.webhook_url,
            secret_token=options.secret_token,
        )
    else:
        # Updates that arrived while the bot was down are processed, not dropped.
        app.run_polling(allowed_updates=Update.ALL_TYPES, drop_pending_updates=False)
    return 0


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
