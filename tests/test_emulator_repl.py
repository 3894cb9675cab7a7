"""The sandbox console, driven by piped lines against a minimal polling Application."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes, MessageHandler, filters

from bot.clock import ManualClock
from bot.sandbox import BotApiEmulator
from bot.sandbox.harness import application_for, start_polling, stop_polling
from bot.sandbox.repl import parse_duration, run_repl


async def piped(*lines: str) -> AsyncIterator[str]:
    for line in lines:
        yield line + "\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3d", timedelta(days=3)),
        ("2h", timedelta(hours=2)),
        ("30m", timedelta(minutes=30)),
        ("45s", timedelta(seconds=45)),
        ("3 weeks", None),
        ("", None),
    ],
)
def test_parse_duration(text: str, expected: timedelta | None) -> None:
    assert parse_duration(text) == expected


async def test_repl_session(emu: BotApiEmulator, clock: ManualClock, tmp_path: Path) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        assert update.effective_user is not None
        await update.effective_message.reply_text(
            f"Ciao {update.effective_user.first_name}",
            reply_markup=InlineKeyboardMarkup(
                [
                    [InlineKeyboardButton("Save", callback_data="save")],
                    [InlineKeyboardButton("Docs", url="https://example.org/docs")],
                ]
            ),
        )

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.callback_query is not None
        await update.callback_query.answer()
        await update.callback_query.edit_message_text(f"saved ({update.callback_query.data})")

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        assert message is not None
        if message.document:
            await message.reply_text(f"got {message.document.file_name}")
        elif message.contact:
            await message.reply_text(f"contact {message.contact.first_name}")
        else:
            await message.reply_text(f"echo {message.text}")

    app = application_for(emu)
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(pressed))
    app.add_handler(MessageHandler(filters.ALL & ~filters.COMMAND, echo))
    due_calls: list[object] = []

    async def run_due() -> None:
        due_calls.append(clock.now())
        await app.bot.send_message(emu.user(100_001).id, "reminder: follow up")

    notes = tmp_path / "notes.txt"
    notes.write_bytes(b"hello")
    out = io.StringIO()
    errors = await start_polling(app)
    try:
        await run_repl(
            emu,
            lines=piped(
                "/start",
                ":press 1",
                ":wait 2h",
                ":upload " + str(notes),
                ":contact +393331234567 Giulia Rossi",
                ":press Nope",
                ":frobnicate",
                ":user Anna en",
                "hello",
                ":group Jobs",
                "/start",
                ":private",
                ":quit",
                "never sent",
            ),
            out=out,
            advance_clock=clock.advance,
            run_due=run_due,
        )
    finally:
        await stop_polling(app)
    assert errors == []
    text = out.getvalue()
    expected_in_order = [
        "bot: Ciao Mario",
        "    [1] Save  [2] Docs <https://example.org/docs>",
        "bot (edited): saved (save)",
        "bot: reminder: follow up",
        "bot: got notes.txt",
        "bot: contact Giulia",
        "! no bot message with an inline keyboard",
        "! unknown command :frobnicate",
        "(you are Anna, id 100002)",
        "bot: echo hello",
        "(posting in group Jobs",
        "bot: Ciao Anna",
        "(private chat)",
    ]
    position = 0
    for fragment in expected_in_order:
        found = text.find(fragment, position)
        assert found >= 0, f"{fragment!r} missing after position {position} in:\n{text}"
        position = found + len(fragment)
    assert "never sent" not in text
    assert len(due_calls) == 1
    assert emu.world.clock() == due_calls[0]
    assert [u.info.first_name for u in (emu.user(100_001), emu.user(100_002))] == ["Mario", "Anna"]
