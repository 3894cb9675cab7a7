"""The sandbox console, driven line by line against a minimal polling Application."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
from telegram.ext import (
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.clock import ManualClock
from bot.sandbox import BotApiEmulator
from bot.sandbox.console import Console, Session, parse_duration
from bot.sandbox.files import FileSaver
from bot.sandbox.harness import application_for, start_polling, stop_polling
from bot.sandbox.render import Style
from bot.sandbox.roster import Roster

ROME = ZoneInfo("Europe/Rome")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3d", timedelta(days=3)),
        ("2h", timedelta(hours=2)),
        ("30m", timedelta(minutes=30)),
        ("45s", timedelta(seconds=45)),
        ("1w", timedelta(weeks=1)),
        ("1d 12h", timedelta(days=1, hours=12)),
        ("3 weeks", None),
        ("3x", None),
        ("", None),
    ],
)
def test_parse_duration(text: str, expected: timedelta | None) -> None:
    assert parse_duration(text) == expected


async def test_console_session(emu: BotApiEmulator, clock: ManualClock, tmp_path: Path) -> None:
    member_updates: list[tuple[str, str]] = []

    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None and update.effective_user is not None
        await update.effective_message.reply_html(
            f"<b>Ciao</b> {update.effective_user.first_name} &amp; <a href='https://x.example'>"
            "docs</a>",
            reply_markup=InlineKeyboardMarkup(
                [
                    [InlineKeyboardButton("✅ Fatto", callback_data="done")],
                    [
                        InlineKeyboardButton("🗑 Delete", callback_data="delete"),
                        InlineKeyboardButton("⏳ Old", callback_data="old"),
                    ],
                    [InlineKeyboardButton("Docs", url="https://example.org/docs")],
                ]
            ),
        )

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None and query.message is not None
        if query.data == "delete":
            await query.answer("Really? This cannot be undone.", show_alert=True)
        elif query.data == "old":
            await query.answer("This button has expired.")
        else:
            await query.answer()
            await query.edit_message_reply_markup(None)

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        assert message is not None
        if message.photo:
            await message.reply_document(InputFile(b"a,b\n", filename="back.csv"))
        elif message.sticker or message.location or message.voice:
            kind = "sticker" if message.sticker else "location" if message.location else "voice"
            await message.reply_text(f"got a {kind}")
        elif message.text:
            await message.reply_text(f"echo {message.text}")

    async def membership(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        change = update.chat_member
        assert change is not None
        member_updates.append(
            (change.new_chat_member.user.first_name, change.new_chat_member.status)
        )

    app = application_for(emu)
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(pressed))
    app.add_handler(ChatMemberHandler(membership, ChatMemberHandler.CHAT_MEMBER))
    app.add_handler(MessageHandler(filters.ALL & ~filters.COMMAND, echo))
    due_calls: list[datetime] = []
    roster = Roster(emu)

    async def run_due() -> None:
        due_calls.append(clock.now())
        if len(due_calls) == 1:
            await app.bot.send_message(roster.user("Mario").id, "reminder: follow up")

    async def next_due(user_ids: list[int], chat_ids: list[int]) -> datetime | None:
        return datetime(2026, 12, 1, 9, 0, tzinfo=ROME)

    picture = tmp_path / "me.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 8 + b"IHDR" + (640).to_bytes(4, "big") * 2)
    out = io.StringIO()
    session = Session(
        emu, clock, run_due, next_due, FileSaver(tmp_path / "files", emu.world), ROME, roster
    )
    console = Console(session, out, Style(ansi=False))
    errors = await start_polling(app)
    lines = [
        "/start",
        ":press fatto",
        "/start",
        ":press 4 9",
        ":press 4 delete",
        ":press old",
        ":press 2 done",
        ":press docs",
        ":press nope",
        "abc\udcc3\x07",
        ":photo " + str(picture),
        ":sticker",
        ":location 45.46 9.19",
        ":location north",
        ":wait 2h",
        ":wait 1d",
        ":wait 3 weeks",
        ":group Jobs",
        ":member Giulia",
        ":admin Giulia",
        ":kick Giulia",
        ":who",
        ":channel News",
        "Hiring: a Python developer",
        ":user Anna en",
        ":channel News",
        "Me too",
        ":private",
        "hello",
        ":frobnicate",
    ]
    try:
        for line in lines:
            assert await console.handle(line)
        assert not await console.handle(":quit")
    finally:
        await stop_polling(app)
    assert errors == []
    text = out.getvalue()
    expected_in_order = [
        "#2 bot: Ciao Mario & docs <https://x.example>",
        "    [1] ✅ Fatto  [2] 🗑 Delete  [3] ⏳ Old  [4] Docs <https://example.org/docs>",
        "#2 bot (edited: buttons removed)",
        "#4 bot: Ciao Mario",
        "! #4 has 4 buttons (1 to 4): [1] ✅ Fatto  [2] 🗑 Delete  [3] ⏳ Old  [4] Docs",
        "    (alert) Really? This cannot be undone.",
        "    (toast) This button has expired.",
        "! #2 has no buttons",
        "(opens https://example.org/docs)",
        "! no button “nope” on #4",
        "#6 bot: echo abc\ufffd",
        "#8 bot: [file back.csv, 4 bytes saved as " + str(tmp_path / "files" / "back.csv") + "]",
        "#10 bot: got a sticker",
        "#12 bot: got a location",
        "! usage: :location LAT LON",
        "(now Tue 24 Nov 2026 12:00 Europe/Rome)",
        "#13 bot: reminder: follow up",
        "(now Wed 25 Nov 2026 12:00 Europe/Rome)",
        "(nothing arrived; nothing due until Tue 01 Dec 2026 09:00 Europe/Rome)",
        "! usage: :wait 3d",
        "(created supergroup Jobs: you are its creator, Rete is an admin there)",
        "(Giulia joined Jobs)",
        "(Giulia is an admin of Jobs)",
        "(Giulia was removed from Jobs)",
        "(you are Mario in supergroup Jobs: Mario (creator), Rete (administrator);"
        " removed: Giulia)",
        "(created channel News: you are its creator, Rete is an admin there)",
        "#2 bot: echo Hiring: a Python developer",
        "(you are Anna, id ",
        ", in your private chat)",
        "(Anna joined News)",
        "(in News as member)",
        "! only the admins of News post in it",
        "(your private chat with the bot)",
        "#2 bot: echo hello",
        "! unknown command :frobnicate",
    ]
    position = 0
    for fragment in expected_in_order:
        found = text.find(fragment, position)
        assert found >= 0, f"{fragment!r} missing after position {position} in:\n{text}"
        position = found + len(fragment)
    assert (tmp_path / "files" / "back.csv").read_bytes() == b"a,b\n"
    assert len(due_calls) == 2 and due_calls[-1] == clock.now()
    assert member_updates == [
        ("Giulia", "member"),
        ("Giulia", "administrator"),
        ("Giulia", "kicked"),
        ("Anna", "member"),  # subscribed to the channel
    ]
    assert console.failures == 7
