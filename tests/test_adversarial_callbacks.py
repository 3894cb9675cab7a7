"""Forged, stale and misplaced buttons: every callback-data family, with random, forged and
oversized ids, pressed in private and on group messages. See tests/adversarial.py."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from telegram import Update
from telegram.ext import CallbackQueryHandler, MessageHandler, filters

from bot.callbacks import GROUP_PREFIXES, MAX_ID, int_arg, parse_id, prefix
from bot.context import ReteContext
from bot.sandbox import SimUser
from bot.sandbox.harness import RunningBot
from bot.sandbox.users import SimChat
from tests.adversarial import (
    FAMILIES,
    Attack,
    callback_data_of,
    forged_callback,
    keyboard_messages,
)
from tests.jobs_helpers import joined_group
from tests.test_adversarial_text import victim_with_data

_SETTINGS = settings(
    max_examples=10,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
OPEN_IN_PRIVATE = {
    "en": "Open me in private to use this button.",
    "it": "Aprimi in chat privata per usare questo pulsante.",
}


# ---- ids from buttons ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", 0),
        ("42", 42),
        ("007", 7),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),  # OverflowError in SQLite
        (str(2**64), None),
        ("9" * 5000, None),  # beyond Python's int() digit limit
        ("-1", None),
        ("+1", None),
        (" 1", None),
        ("1_000", None),
        ("١٢", None),  # Arabic-Indic digits: int() reads them, pack() never writes them
        ("", None),
        ("0x10", None),
    ],
)
def test_an_id_from_a_button_is_ascii_digits_within_sqlites_integers(
    text: str, expected: int | None
) -> None:
    assert parse_id(text) == expected
    assert int_arg(["ct", "open", text], 2) == expected


def test_a_missing_part_is_no_id() -> None:
    assert int_arg(["ct", "open"], 2) is None
    assert int_arg(["ct"], -1) is None
    assert prefix("ct:open:1") == "ct" and prefix(None) == ""


# ---- forged buttons in private ---------------------------------------------------------------
async def attacker_with_menu(bot: RunningBot, attacker: SimUser, victim: SimUser) -> None:
    if not await bot.repos.users.get(victim.id):
        await victim_with_data(bot, victim)
        await attacker.send("/start")  # the main menu: a message with buttons to press on
        await attacker.expect_reply()


@_SETTINGS
@given(presses=st.lists(forged_callback, min_size=1, max_size=5))
async def test_forged_buttons_in_private_change_nothing_of_anyone_else(
    bot: RunningBot, mario: SimUser, jane: SimUser, presses: list[str]
) -> None:
    await attacker_with_menu(bot, mario, jane)
    attack = Attack(bot, attacker=mario, victim=jane)
    await attack.begin()
    for data in presses:
        keyboards = keyboard_messages(mario.transcript())
        await attack.press(data, keyboards[-1])
    await attack.send("/cancel")  # and no dialogue is left waiting
    await attack.check()


# ---- buttons on group messages ---------------------------------------------------------------
async def group_with_panel(bot: RunningBot, admin: SimUser, member: SimUser) -> SimChat:
    """A fresh group (each has its own rate limit) showing the digest's panel."""
    group = await joined_group(bot, admin)
    group.add_member(member)
    await admin.send("/digest", chat=group)
    await group.expect_message()
    return group


@settings(_SETTINGS, max_examples=8)
@given(presses=st.lists(forged_callback, min_size=1, max_size=4))
async def test_private_buttons_on_a_group_message_say_open_me_in_private(
    bot: RunningBot, mario: SimUser, jane: SimUser, presses: list[str]
) -> None:
    await attacker_with_menu(bot, mario, jane)
    group = await group_with_panel(bot, mario, jane)
    panel = keyboard_messages(group.transcript())[-1]
    attack = Attack(bot, attacker=jane, victim=mario)  # a member, not an admin
    await attack.begin()
    for data in presses:
        query_id = await attack.press(data, panel, chat=group)
        [answer] = [a for a in bot.emu.callback_answers if a.callback_query_id == query_id]
        if prefix(data) not in GROUP_PREFIXES:
            assert answer.text == OPEN_IN_PRIVATE["en"]
    await attack.check()
    assert group.unseen_messages() == []
    # No dialogue was left waiting in jane's private chat: a new one starts.
    jane.unseen_replies()
    await jane.send("/add")
    assert "/cancel" not in (await jane.expect_reply()).text.split("\n")[0]
    await jane.send("/cancel")
    await jane.expect_reply()


async def test_every_private_family_is_stopped_on_a_group_message(
    bot: RunningBot, mario: SimUser, jane: SimUser
) -> None:
    group = await group_with_panel(bot, mario, jane)
    panel = keyboard_messages(group.transcript())[-1]
    attack = Attack(bot, attacker=jane, victim=mario)
    await attack.begin()
    for family in FAMILIES:
        for data in (f"{family}:open:1", f"{family}:new", family):
            query_id = await attack.press(data, panel, chat=group)
            [answer] = [a for a in bot.emu.callback_answers if a.callback_query_id == query_id]
            is_private = answer.text == OPEN_IN_PRIVATE["en"]
            assert is_private == (family not in GROUP_PREFIXES), data
    await attack.check()
    assert group.unseen_messages() == []
    # jane was never put in a dialogue by a button in the group.
    await jane.send("/add")
    assert "/cancel" not in (await jane.expect_reply()).text.split("\n")[0]


async def test_the_bot_posts_only_group_buttons_in_groups(
    bot: RunningBot, mario: SimUser, jane: SimUser
) -> None:
    group = await group_with_panel(bot, mario, jane)
    for message in keyboard_messages(group.transcript()):
        assert {prefix(data) for data in callback_data_of(message)} <= GROUP_PREFIXES


# ---- the error handler never apologises to a whole group ----------------------------------------
async def boom(update: Update, context: ReteContext) -> None:
    raise RuntimeError("a bug in a group feature")


async def test_an_error_in_a_group_is_told_only_to_who_caused_it(
    bot: RunningBot, mario: SimUser, jane: SimUser
) -> None:
    group = await group_with_panel(bot, mario, jane)
    bot.app.add_handler(MessageHandler(filters.ChatType.GROUPS, boom), group=-1)
    bot.app.add_handler(CallbackQueryHandler(boom, pattern="^dg:boom$"), group=-1)
    await jane.post(group, "just chatting")  # nobody asked the bot anything
    panel = keyboard_messages(group.transcript())[-1]
    query_id = await mario.press_data("dg:boom", message=panel, chat=group)
    await bot.emu.settle(quiet=0.1)
    assert group.unseen_messages() == []  # no apology for everyone to read
    answer = next(a for a in bot.emu.callback_answers if a.callback_query_id == query_id)
    assert (answer.text or "").startswith("Scusa")  # a toast, for mario only
    await mario.send("/boom", chat=group)  # a command gets its apology as a reply
    reply = await group.expect_message()
    assert reply.text.startswith("Scusa") and reply.reply_to_message_id is not None
    await bot.emu.settle(quiet=0.1)
    assert group.unseen_messages() == []
    assert any(isinstance(e, RuntimeError) for e in bot.errors)
    bot.errors.clear()


# ---- double taps ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("command", "button"),
    [
        pytest.param("/language", "lang:en", id="language"),
        pytest.param("/settings", "set:days", id="settings"),
        pytest.param("/contacts", "menu:contacts", id="contacts"),
    ],
)
async def test_a_double_tap_changes_nothing_twice(
    bot: RunningBot, mario: SimUser, command: str, button: str
) -> None:
    """Two presses of one button before the bot answers the first (a double tap)."""
    await mario.send("/start")
    await mario.expect_reply()
    await mario.send(command)
    await mario.expect_reply()
    await mario.press_data(button)
    await mario.press_data(button)
    await bot.emu.settle(quiet=0.1)
    errors, bot.errors[:] = list(bot.errors), []
    assert errors == []
