"""Webhook mode: updates arrive by HTTP POST, and only with Telegram's secret header."""

from __future__ import annotations

import socket
from pathlib import Path

import httpx

from bot.app import build_application
from bot.cli import webhook_options
from bot.clock import ManualClock
from bot.sandbox import BotApiEmulator
from bot.sandbox.harness import RunningBot, stop_polling


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_updates_need_the_secret_token(
    emu: BotApiEmulator, clock: ManualClock, tmp_path: Path
) -> None:
    port = free_port()
    settings = RunningBot(
        emu, clock, tmp_path / "rete.sqlite3", webhook_url="https://rete.example.org/"
    ).settings
    options = webhook_options(settings)
    token = settings.telegram_bot_token.get_secret_value()
    assert token not in options.url_path and token not in options.secret_token
    app = build_application(settings, clock)
    await app.initialize()
    assert app.post_init is not None
    await app.post_init(app)
    await app.start()
    assert app.updater is not None
    await app.updater.start_webhook(
        listen="127.0.0.1",
        port=port,
        url_path=options.url_path,
        webhook_url=options.webhook_url,
        secret_token=options.secret_token,
    )
    try:
        user = emu.user(user_id=555, first_name="Web", language_code="en")
        user.start_chat()  # the update itself comes by webhook below, not through getUpdates
        update = {
            "update_id": 1,
            "message": {
                "message_id": 1,
                "date": int(clock.now().timestamp()),
                "chat": {"id": 555, "type": "private", "first_name": "Web"},
                "from": {"id": 555, "is_bot": False, "first_name": "Web", "language_code": "en"},
                "text": "/start",
                "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
            },
        }
        url = f"http://127.0.0.1:{port}/{options.url_path}"
        async with httpx.AsyncClient() as client:
            forged = await client.post(url, json=update)
            assert forged.status_code == 403
            wrong = await client.post(
                url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "guess"}
            )
            assert wrong.status_code == 403
            real = await client.post(
                url,
                json=update,
                headers={"X-Telegram-Bot-Api-Secret-Token": options.secret_token},
            )
            assert real.status_code == 200
        reply = await user.expect_reply()
        assert reply.text.startswith("Hi Web!")
        assert len(emu.served("sendMessage")) == 1  # the forged posts did nothing
        [registered] = emu.served("setWebhook")
        assert registered.params["url"] == options.webhook_url
    finally:
        await stop_polling(app)
