"""The Bot API emulator, exercised over real HTTP with python-telegram-bot's own classes."""

from __future__ import annotations

import asyncio
import json
import time
from datetime import timedelta
from typing import Any

import httpx
import pytest
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllPrivateChats,
    ChatMemberAdministrator,
    ChatMemberBanned,
    ChatMemberLeft,
    ChatMemberMember,
    ChatMemberOwner,
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    ReplyParameters,
    Update,
)
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes

from bot.clock import ManualClock
from bot.sandbox import BotApiEmulator
from bot.sandbox.harness import application_for, start_polling, stop_polling

KEYBOARD = InlineKeyboardMarkup(
    [
        [InlineKeyboardButton("Save", callback_data="save:1")],
        [InlineKeyboardButton("Site", url="https://example.org/x")],
    ]
)


async def updates(tg: Bot) -> list[Update]:
    """Every pending update, confirmed so the next call starts fresh."""
    got = await tg.get_updates(timeout=0)
    if got:
        await tg.get_updates(offset=got[-1].update_id + 1, timeout=0)
    return list(got)


# ---- transport ---------------------------------------------------------------------------


async def test_wrong_token_unknown_method_and_body_encodings(emu: BotApiEmulator) -> None:
    base = emu.base_url.removesuffix("/bot")
    async with httpx.AsyncClient() as client:
        wrong = await client.post(f"{base}/bot999:NOPE/getMe")
        unknown = await client.post(f"{emu.base_url}{emu.token}/sendTelepathy")
        lower = await client.get(f"{emu.base_url}{emu.token}/getme")
        user = emu.user()
        await user.send("/start")
        as_json = await client.post(
            f"{emu.base_url}{emu.token}/sendMessage",
            json={"chat_id": user.id, "text": "hi", "reply_markup": KEYBOARD.to_dict()},
        )
        as_form = await client.post(
            f"{emu.base_url}{emu.token}/sendMessage",
            data={"chat_id": str(user.id), "text": "42", "reply_markup": KEYBOARD.to_json()},
        )
    assert (wrong.status_code, wrong.json()) == (
        401,
        {"ok": False, "error_code": 401, "description": "Unauthorized"},
    )
    assert (unknown.status_code, unknown.json()["description"]) == (404, "Not Found")
    assert lower.json()["result"]["username"] == "rete_test_bot"
    for response, text in ((as_json, "hi"), (as_form, "42")):
        result = response.json()["result"]
        assert result["text"] == text
        assert result["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "save:1"


# ---- objects parse with PTB ------------------------------------------------------------


async def test_send_message_shapes_and_reader_view(
    emu: BotApiEmulator, tg: Bot, clock: ManualClock
) -> None:
    user = emu.user(first_name="Anna", username="anna")
    first = await user.send("/start@rete_test_bot hello")
    sent = await tg.send_message(
        user.id,
        "<b>Ciao</b> Anna &lt;3 <a href='https://x.org'>link</a>",
        parse_mode="HTML",
        reply_markup=KEYBOARD,
        reply_parameters=ReplyParameters(first.message_id),
        disable_notification=True,
    )
    assert sent.text == "Ciao Anna <3 link"
    assert sent.date == clock.now()
    assert sent.text_html == '<b>Ciao</b> Anna &lt;3 <a href="https://x.org">link</a>'
    assert sent.reply_to_message is not None
    assert sent.reply_to_message.text == "/start@rete_test_bot hello"
    assert sent.reply_markup == KEYBOARD
    assert sent.from_user is not None
    assert sent.from_user.is_bot
    reply = await user.expect_reply()
    assert (reply.text, reply.parse_mode, reply.edited) == ("Ciao Anna <3 link", "HTML", False)
    assert reply.raw_text is not None
    assert reply.raw_text.startswith("<b>Ciao</b>")
    assert reply.buttons == [["Save"], ["Site"]]
    assert reply.button_data == [["save:1"], [None]]
    assert reply.url_buttons == {"Site": "https://example.org/x"}
    assert reply.reply_to_message_id == first.message_id

    keyboard = await tg.send_message(
        user.id, "pick", reply_markup=ReplyKeyboardMarkup([["Yes", "No"]])
    )
    assert keyboard.reply_markup is None  # Telegram echoes only inline keyboards
    removed = await tg.send_message(user.id, "ok", reply_markup=ReplyKeyboardRemove())
    forced = await tg.send_message(user.id, "name?", reply_markup=ForceReply())
    views = [await user.expect_reply() for _ in range(3)]
    assert views[0].reply_keyboard == [["Yes", "No"]]
    assert views[1].remove_keyboard
    assert views[2].force_reply
    assert removed.message_id + 1 == forced.message_id


async def test_user_side_updates_parse(emu: BotApiEmulator, tg: Bot) -> None:
    user = emu.user(first_name="Luca", language_code="en")
    await user.send("/start")
    await tg.send_message(user.id, "menu", reply_markup=KEYBOARD)
    await user.press("Save")
    await user.share_contact("+39 333 1234567", "Giulia", "Rossi", user_id=77, vcard="BEGIN")
    await user.upload("cv.pdf", b"%PDF-1.4 data", caption="my CV")
    said = await user.send("typo")
    await user.edit(said, "fixed")
    got = await updates(tg)
    kinds = [u.effective_message.text if u.message else None for u in got]
    assert kinds[0] == "/start"
    command = got[0].message
    assert command is not None
    assert command.entities[0].type == "bot_command"
    query = got[1].callback_query
    assert query is not None
    assert query.data == "save:1"
    assert query.message is not None
    assert query.message.text == "menu"
    assert query.chat_instance
    assert query.from_user.id == user.id
    contact = got[2].message.contact if got[2].message else None
    assert contact is not None
    assert (contact.phone_number, contact.user_id) == ("+39 333 1234567", 77)
    document_message = got[3].message
    assert document_message is not None
    assert document_message.document is not None
    assert document_message.caption == "my CV"
    assert document_message.document.mime_type == "application/pdf"
    file = await document_message.document.get_file()
    assert bytes(await file.download_as_bytearray()) == b"%PDF-1.4 data"
    assert got[5].edited_message is not None
    assert got[5].edited_message.text == "fixed"
    assert await tg.answer_callback_query(query.id, text="Saved", show_alert=True)
    assert [(a.text, a.show_alert) for a in emu.callback_answers] == [("Saved", True)]
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await tg.answer_callback_query(query.id)


async def test_documents_photos_and_file_reuse(emu: BotApiEmulator, tg: Bot) -> None:
    user = emu.user()
    await user.send("/cv")
    sent = await tg.send_document(
        user.id,
        InputFile(b"name,email\n", filename="export.csv"),
        caption="<i>export</i>",
        parse_mode="HTML",
    )
    assert sent.document is not None
    assert sent.document.file_name == "export.csv"
    again = await tg.send_document(user.id, sent.document.file_id)
    assert again.document is not None
    assert again.document.file_id == sent.document.file_id
    photo = await tg.send_photo(user.id, InputFile(b"\x89PNG....", filename="p.png"))
    assert photo.photo
    assert photo.photo[-1].file_id
    view = await user.expect_reply()
    assert view.document is not None
    assert view.document.file_name == "export.csv"
    assert (view.text, view.raw_text) == ("export", "<i>export</i>")
    file = await tg.get_file(sent.document.file_id)
    assert bytes(await file.download_as_bytearray()) == b"name,email\n"
    with pytest.raises(BadRequest, match=r"(?i)wrong file identifier"):
        await tg.send_document(user.id, "nope")


# ---- validation --------------------------------------------------------------------------


def button_data(data: str) -> dict[str, Any]:
    return {"inline_keyboard": [[{"text": "a", "callback_data": data}]]}


ERRORS: list[tuple[str, dict[str, Any], int, str]] = [
    ("sendMessage", {"text": ""}, 400, "Bad Request: message text is empty"),
    ("sendMessage", {"text": "   "}, 400, "Bad Request: message text is empty"),
    ("sendMessage", {"text": "x" * 4097}, 400, "Bad Request: message is too long"),
    ("sendMessage", {"text": "<b>" + "x" * 4096 + "</b>", "parse_mode": "HTML"}, 200, ""),
    ("sendMessage", {"chat_id": 999, "text": "hi"}, 400, "Bad Request: chat not found"),
    (
        "sendMessage",
        {
            "text": "k",
            "reply_markup": {"inline_keyboard": [[{"text": "a", "callback_data": "é" * 33}]]},
        },
        400,
        "Bad Request: BUTTON_DATA_INVALID",
    ),
    (
        "sendMessage",
        {
            "text": "k",
            "reply_markup": {"inline_keyboard": [[{"text": "a", "callback_data": "x" * 64}]]},
        },
        200,
        "",
    ),
    (
        "sendMessage",
        {"text": "Mario <Rossi>", "parse_mode": "HTML"},
        400,
        'Bad Request: can\'t parse entities: Unsupported start tag "rossi" at byte offset 6',
    ),
    (
        "sendMessage",
        {"text": "a < b", "parse_mode": "HTML"},
        400,
        'Bad Request: can\'t parse entities: Unsupported start tag "" at byte offset 2',
    ),
    (
        "sendMessage",
        {"text": "<b>bold", "parse_mode": "HTML"},
        400,
        "Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"b\"",
    ),
    (
        "sendMessage",
        {"text": "<b><i>x</b></i>", "parse_mode": "HTML"},
        400,
        "Bad Request: can't parse entities: Unmatched end tag at byte offset 7, "
        'expected "</i>", found "</b>"',
    ),
    (
        "sendMessage",
        {"text": "x</b>", "parse_mode": "HTML"},
        400,
        "Bad Request: can't parse entities: Unexpected end tag at byte offset 1",
    ),
    ("sendMessage", {"text": "a & b &amp; <code>x</code>", "parse_mode": "HTML"}, 200, ""),
    (
        "editMessageText",
        {"message_id": 404, "text": "x"},
        400,
        "Bad Request: message to edit not found",
    ),
    ("deleteMessage", {"message_id": 404}, 400, "Bad Request: message to delete not found"),
]


@pytest.mark.parametrize(("method", "params", "status", "description"), ERRORS)
async def test_validation_like_telegram(
    emu: BotApiEmulator, method: str, params: dict[str, Any], status: int, description: str
) -> None:
    user = emu.user()
    await user.send("/start")
    body = {"chat_id": user.id, **params}
    async with httpx.AsyncClient() as client:
        response = await client.post(f"{emu.base_url}{emu.token}/{method}", json=body)
    answer = response.json()
    assert response.status_code == status, answer
    if status != 200:
        assert answer == {"ok": False, "error_code": status, "description": description}


async def test_edit_rules_and_not_modified(emu: BotApiEmulator, tg: Bot) -> None:
    user = emu.user()
    await user.send("/start")
    sent = await tg.send_message(user.id, "<b>v1</b>", parse_mode="HTML", reply_markup=KEYBOARD)
    with pytest.raises(BadRequest, match="Message is not modified"):
        await tg.edit_message_text(
            "<b>v1</b>", user.id, sent.message_id, parse_mode="HTML", reply_markup=KEYBOARD
        )
    # Editing the text without a markup drops the keyboard, as Telegram does.
    edited = await tg.edit_message_text("<b>v1</b>", user.id, sent.message_id, parse_mode="HTML")
    assert edited.reply_markup is None
    assert edited.edit_date is not None
    with pytest.raises(BadRequest, match="Message is not modified"):
        await tg.edit_message_reply_markup(user.id, sent.message_id)
    await tg.edit_message_reply_markup(user.id, sent.message_id, reply_markup=KEYBOARD)
    events = [await user.expect_reply() for _ in range(3)]
    assert [(e.message_id, e.edited, bool(e.buttons)) for e in events] == [
        (sent.message_id, False, True),
        (sent.message_id, True, False),
        (sent.message_id, True, True),
    ]
    assert await tg.delete_message(user.id, sent.message_id)
    assert [m.deleted for m in user.transcript()] == [False, True]
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await tg.edit_message_text("x", user.id, sent.message_id)


async def test_blocked_user_and_bot_outside_groups(emu: BotApiEmulator, tg: Bot) -> None:
    stranger = emu.user()
    with pytest.raises(Forbidden, match=r"(?i)bot can.t initiate conversation with a user"):
        await tg.send_message(stranger.id, "hi")
    user = emu.user()
    await user.send("/start")
    await user.block_bot()
    with pytest.raises(Forbidden, match=r"(?i)bot was blocked by the user"):
        await tg.send_message(user.id, "hi")
    await user.unblock_bot()
    await tg.send_message(user.id, "welcome back")
    got = await updates(tg)
    changes = [
        (u.my_chat_member.old_chat_member, u.my_chat_member.new_chat_member)
        for u in got
        if u.my_chat_member
    ]
    assert [(type(o), type(n)) for o, n in changes] == [
        (ChatMemberMember, ChatMemberBanned),
        (ChatMemberBanned, ChatMemberMember),
    ]
    for kind, description in (
        ("group", "Forbidden: bot is not a member of the group chat"),
        ("supergroup", "Forbidden: bot is not a member of the supergroup chat"),
    ):
        chat = emu.group(f"Jobs {kind}", kind=kind)
        with pytest.raises(Forbidden) as caught:
            await tg.send_message(chat.id, "hi")
        assert caught.value.message == description
    channel = emu.channel("News")
    with pytest.raises(Forbidden, match=r"(?i)bot is not a member of the channel chat"):
        await tg.send_message(channel.id, "hi")


# ---- groups and channels -------------------------------------------------------------------


async def test_groups_membership_privacy_and_migration(emu: BotApiEmulator, tg: Bot) -> None:
    owner, member, outsider = emu.user(first_name="Owner"), emu.user(), emu.user()
    group = emu.group("Lavoro Milano", kind="group")
    group.set_creator(owner)
    group.add_member(member)
    await group.add_bot(by=owner)
    await member.post(group, "Cerco sviluppatore Python")  # privacy mode: not delivered
    await member.post(group, "/digest")
    await member.post(group, "/digest@other_bot")
    got = await updates(tg)
    assert got[0].my_chat_member is not None
    assert isinstance(got[0].my_chat_member.new_chat_member, ChatMemberMember)
    assert isinstance(got[0].my_chat_member.old_chat_member, ChatMemberLeft)
    assert got[1].message is not None
    assert got[1].message.new_chat_members[0].is_bot
    assert [u.message.text for u in got[2:] if u.message] == ["/digest"]
    sent = await tg.send_message(group.id, "Digest")
    await member.post(group, "thanks", reply_to=sent)
    emu.privacy_mode = False
    await member.post(group, "anything")
    assert [u.message.text for u in await updates(tg) if u.message] == ["thanks", "anything"]
    assert (await group.expect_message()).text == "Digest"

    members = {
        who: await tg.get_chat_member(group.id, who)
        for who in (owner.id, member.id, outsider.id, emu.bot_user.id)
    }
    assert [type(m) for m in members.values()] == [
        ChatMemberOwner,
        ChatMemberMember,
        ChatMemberLeft,
        ChatMemberMember,
    ]
    with pytest.raises(BadRequest, match="User not found"):
        await tg.get_chat_member(group.id, 424242)

    old_id = group.id
    new_id = await group.migrate_to_supergroup()
    got = await updates(tg)
    assert got[0].message is not None
    assert got[0].message.migrate_to_chat_id == new_id
    assert got[1].message is not None
    assert got[1].message.migrate_from_chat_id == old_id
    with pytest.raises(ChatMigrated) as migrated:
        await tg.send_message(old_id, "hi")
    assert migrated.value.new_chat_id == new_id == group.id
    assert (await tg.get_chat(new_id)).type == "supergroup"

    await group.set_bot_admin(True, by=owner)
    admins = await tg.get_chat_administrators(group.id)
    assert {type(a) for a in admins} == {ChatMemberOwner, ChatMemberAdministrator}
    await group.remove_bot(by=owner)
    removal = (await updates(tg))[-1].my_chat_member
    assert removal is not None
    assert isinstance(removal.new_chat_member, ChatMemberBanned)


async def test_channel_posts_reach_only_admin_bots(emu: BotApiEmulator, tg: Bot) -> None:
    owner = emu.user()
    channel = emu.channel("Offerte", username="offerte_it")
    channel.set_creator(owner)
    await channel.channel_post("before the bot")
    await channel.add_bot(by=owner, as_admin=True)
    post = await channel.channel_post("Junior dev @ ACME")
    await channel.edit_channel_post(post, "Junior dev @ ACME (remote)")
    got = await updates(tg)
    assert got[0].my_chat_member is not None
    assert isinstance(got[0].my_chat_member.new_chat_member, ChatMemberAdministrator)
    assert got[1].channel_post is not None
    assert got[1].channel_post.sender_chat is not None
    assert got[1].channel_post.text == "Junior dev @ ACME"
    assert got[2].edited_channel_post is not None
    assert got[2].edited_channel_post.text.endswith("(remote)")
    sent = await tg.send_message("@offerte_it", "Digest")
    assert sent.chat.id == channel.id
    assert sent.from_user is None
    assert await tg.leave_chat(channel.id)


# ---- polling protocol ----------------------------------------------------------------------


async def test_long_poll_wakes_on_new_update_and_offset_confirms(
    emu: BotApiEmulator, tg: Bot
) -> None:
    user = emu.user()
    started = time.monotonic()
    polling = asyncio.create_task(tg.get_updates(timeout=5, read_timeout=10))
    await asyncio.sleep(0.2)
    assert not polling.done()
    await user.send("hello")
    got = await asyncio.wait_for(polling, 2)
    assert time.monotonic() - started < 2
    assert [u.message.text for u in got if u.message] == ["hello"]
    for text in ("a", "b", "c"):
        await user.send(text)
    assert len(await tg.get_updates(offset=got[0].update_id + 1, limit=2)) == 2
    assert len(await tg.get_updates(timeout=0)) == 3  # nothing confirmed yet
    await tg.delete_webhook(drop_pending_updates=True)
    assert await tg.get_updates(timeout=0) == ()


async def test_commands_stored_per_scope_and_language(emu: BotApiEmulator, tg: Bot) -> None:
    await tg.set_my_commands([BotCommand("start", "Inizia")], language_code="it")
    await tg.set_my_commands(
        [BotCommand("add", "Add a contact")], scope=BotCommandScopeAllPrivateChats()
    )
    assert emu.commands(language_code="it") == [{"command": "start", "description": "Inizia"}]
    assert emu.commands(BotCommandScopeAllPrivateChats())[0]["command"] == "add"
    assert emu.commands() == []
    assert [c.command for c in await tg.get_my_commands(language_code="it")] == ["start"]
    await tg.delete_my_commands(language_code="it")
    assert emu.commands(language_code="it") == []
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await tg.set_my_commands([BotCommand("Bad-Name", "x")])


# ---- faults and rate limits ---------------------------------------------------------------


async def test_fault_injection(emu: BotApiEmulator, tg: Bot) -> None:
    user = emu.user()
    await user.send("/start")
    emu.faults.inject("429", count=2, method="sendMessage", retry_after=7)
    for _ in range(2):
        with pytest.raises(RetryAfter) as caught:
            await tg.send_message(user.id, "hi")
        assert caught.value.retry_after == timedelta(seconds=7)
    await tg.send_message(user.id, "hi")
    assert [r.status for r in emu.served("sendMessage")] == [429, 429, 200]
    emu.faults.inject("5xx")
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await tg.get_me()
    emu.faults.inject("network")
    with pytest.raises(NetworkError):
        await tg.get_me()
    emu.faults.inject("slow", delay=0.3)
    started = time.monotonic()
    await tg.get_me()
    assert time.monotonic() - started >= 0.3
    assert [r.status for r in emu.served("getMe")] == [200, 502, 0, 200]


async def test_rate_limits_when_enforced(emu: BotApiEmulator, tg: Bot) -> None:
    user = emu.user()
    await user.send("/start")
    emu.enforce_rate_limits = True
    for _ in range(3):
        await tg.send_message(user.id, "burst")
    with pytest.raises(RetryAfter):
        await tg.send_message(user.id, "one too many")
    group = emu.group("G")
    await group.add_bot(by=user)
    statuses = []
    for _ in range(21):
        try:
            await tg.send_message(group.id, "post")
            statuses.append(200)
        except RetryAfter:
            statuses.append(429)
    assert statuses == [200] * 20 + [429]


# ---- a real polling Application ------------------------------------------------------------


async def test_polling_application_answers_start_and_button(emu: BotApiEmulator) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_html(
            "Ciao <b>"
            + (update.effective_user.first_name if update.effective_user else "")
            + "</b>",
            reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("Go", callback_data="go")]]),
        )

    async def go(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer("ok")
        await query.edit_message_text(f"pressed {query.data}")

    app = application_for(emu)
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(go))
    errors = await start_polling(app)
    try:
        user = emu.user(first_name="Giulia")
        await user.send("/start")
        greeting = await user.expect_reply()
        assert (greeting.text, greeting.buttons) == ("Ciao Giulia", [["Go"]])
        await user.press("Go")
        edited = await user.expect_reply()
        assert (edited.message_id, edited.text, edited.edited) == (
            greeting.message_id,
            "pressed go",
            True,
        )
        assert emu.callback_answers[-1].text == "ok"
        await user.expect_no_reply(within=0.2)
        with pytest.raises(AssertionError, match="no new bot message"):
            await user.expect_reply(timeout=0.1)
    finally:
        await stop_polling(app)
    assert errors == []
    assert json.dumps(emu.pending_updates) == "[]"
