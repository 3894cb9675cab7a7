"""The emulator as Telegram: members joining and leaving, user media, and odd text that
must never make it answer 500."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from telegram import (
    Bot,
    ChatMemberAdministrator,
    ChatMemberBanned,
    ChatMemberLeft,
    ChatMemberMember,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Update,
)
from telegram.error import BadRequest

from bot.sandbox import BotApiEmulator

PNG_640_480 = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
    + (640).to_bytes(4, "big")
    + (480).to_bytes(4, "big")
    + b"\x08\x02\x00\x00\x00"
)


async def updates(tg: Bot, *, allowed: list[str] | None = None) -> list[Update]:
    """Every pending update (of the kinds `allowed`), confirmed so the next call starts fresh."""
    got = await tg.get_updates(timeout=0, allowed_updates=allowed)
    if got:
        await tg.get_updates(offset=got[-1].update_id + 1, timeout=0, allowed_updates=allowed)
    return list(got)


async def test_membership_changes_reach_an_admin_bot_as_telegram_sends_them(
    emu: BotApiEmulator, tg: Bot
) -> None:
    owner, giulia, marco = (emu.user(first_name=n) for n in ("Owner", "Giulia", "Marco"))
    group = emu.group("Lavoro Milano")
    group.set_creator(owner)
    await group.add_bot(by=owner, as_admin=True)
    await updates(tg, allowed=Update.ALL_TYPES)
    await group.join(giulia, by=owner)
    await group.join(marco)  # by an invite link
    await group.promote(giulia, by=owner)
    with pytest.raises(AssertionError, match="only admins can remove members"):
        await group.kick(giulia, by=marco)
    await group.kick(marco, by=giulia)
    await group.leave(giulia)
    with pytest.raises(AssertionError, match="Marco was removed"):
        await group.join(marco)
    got = await updates(tg, allowed=Update.ALL_TYPES)
    changes = [
        (u.chat_member.from_user.first_name, type(u.chat_member.new_chat_member))
        for u in got
        if u.chat_member
    ]
    assert changes == [
        ("Owner", ChatMemberMember),
        ("Marco", ChatMemberMember),
        ("Owner", ChatMemberAdministrator),
        ("Giulia", ChatMemberBanned),
        ("Giulia", ChatMemberLeft),
    ]
    services = [u.message for u in got if u.message]
    assert [m.new_chat_members[0].first_name for m in services if m.new_chat_members] == [
        "Giulia",
        "Marco",
    ]
    assert [(m.from_user.first_name, m.left_chat_member.first_name) for m in services[2:]] == [
        ("Giulia", "Marco"),
        ("Giulia", "Giulia"),
    ]
    assert isinstance(await tg.get_chat_member(group.id, marco.id), ChatMemberBanned)
    assert isinstance(await tg.get_chat_member(group.id, giulia.id), ChatMemberLeft)
    # chat_member is opt-in: a bot that does not ask gets only the service messages.
    await group.join(giulia)
    assert [bool(u.message) for u in await updates(tg, allowed=[])] == [True]


async def test_only_service_messages_reach_a_bot_with_privacy_mode(
    emu: BotApiEmulator, tg: Bot
) -> None:
    owner, giulia = emu.user(first_name="Owner"), emu.user(first_name="Giulia")
    group = emu.group("Chat")
    group.set_creator(owner)
    await group.add_bot(by=owner)
    await updates(tg, allowed=Update.ALL_TYPES)
    await group.join(giulia)
    await giulia.post(group, "ciao a tutti")
    got = await updates(tg, allowed=Update.ALL_TYPES)
    assert len(got) == 1 and got[0].message is not None
    assert [u.first_name for u in got[0].message.new_chat_members] == ["Giulia"]


async def test_user_media_parse_with_ptb_and_their_files_download(
    emu: BotApiEmulator, tg: Bot
) -> None:
    user = emu.user()
    await user.send_photo(PNG_640_480, "me")
    await user.send_sticker("🎉")
    await user.send_location(45.46, 9.19)
    await user.send_voice(b"OggS voice", duration=3)
    photo, sticker, place, voice = (u.message for u in await updates(tg))
    assert photo is not None and sticker is not None and place is not None and voice is not None
    assert [(p.width, p.height) for p in photo.photo] == [(90, 68), (640, 480)]
    assert photo.caption == "me"
    content = await (await tg.get_file(photo.photo[-1].file_id)).download_as_bytearray()
    assert bytes(content) == PNG_640_480
    assert sticker.sticker and (sticker.sticker.emoji, sticker.sticker.type) == ("🎉", "regular")
    assert place.location and (place.location.latitude, place.location.longitude) == (45.46, 9.19)
    assert voice.voice and voice.voice.mime_type == "audio/ogg"
    assert voice.voice.duration == timedelta(seconds=3)
    with pytest.raises(ValueError, match="latitude"):
        await user.send_location(91, 0)


async def test_odd_text_is_answered_never_500(emu: BotApiEmulator, tg: Bot) -> None:
    user = emu.user()
    # A line cut inside a UTF-8 character, as a terminal hands it over (surrogateescape).
    await user.send("abc\udcc3 and \ud800 \x00")
    got = await updates(tg)
    assert got[0].message is not None
    assert got[0].message.text == "abc\ufffd and \ufffd \x00"
    reply = await tg.send_message(user.id, "&#xD800;&#x110000;&#233;", parse_mode="HTML")
    assert reply.text == "\ufffd\ufffdé"
    method = f"{emu.base_url}{emu.token}/sendMessage"
    async with httpx.AsyncClient() as client:
        surrogate = await client.post(
            method,
            content=b'{"chat_id": %d, "text": "\\ud800"}' % user.id,
            headers={"Content-Type": "application/json"},
        )
        latin1 = await client.post(
            method,
            content=b"chat_id=%d&text=caf\xe9" % user.id,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
    for response in (surrogate, latin1):
        assert (response.status_code, response.json()["description"]) == (
            400,
            "Bad Request: strings must be encoded in UTF-8",
        )
    assert all(r.status in (200, 400) for r in emu.requests)


async def test_button_answers_longer_than_200_characters_are_refused(
    emu: BotApiEmulator, tg: Bot
) -> None:
    user = emu.user()
    await user.send("/start")
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("a", callback_data="a")]])
    sent = await tg.send_message(user.id, "pick", reply_markup=keyboard)
    await user.press("a", message=sent.message_id)
    query = next(u.callback_query for u in await updates(tg) if u.callback_query)
    with pytest.raises(BadRequest, match="Message_too_long"):
        await tg.answer_callback_query(query.id, "x" * 201)
    assert await tg.answer_callback_query(query.id, "x" * 200)
    assert emu.callback_answers[-1].text == "x" * 200
