"""/start, /help, /language and the command menu, through the real bot and the emulator."""

from __future__ import annotations

import io
import logging

import pytest

from bot.logs import setup_logging
from bot.sandbox import BotApiEmulator, SimUser
from bot.sandbox.harness import RunningBot
from tests.jobs_helpers import joined_group


async def test_start_speaks_italian_to_an_italian_user(mario: SimUser) -> None:
    await mario.send("/start")
    reply = await mario.expect_reply()
    assert reply.text.startswith("Ciao Mario! Sono Rete")
    assert reply.buttons[0] == ["➕ Aggiungi un contatto"]


async def test_start_speaks_english_to_everyone_else(bot: RunningBot) -> None:
    german = bot.user(user_id=3003, first_name="Lena", language_code="de")
    await german.send("/start")
    reply = await german.expect_reply()
    assert reply.text.startswith("Hi Lena! I'm Rete")
    assert reply.buttons[0] == ["➕ Add a contact"]


async def test_a_users_name_is_escaped(bot: RunningBot) -> None:
    user = bot.user(user_id=3004, first_name="<b>Eve</b> & co", language_code="en")
    await user.send("/start")
    reply = await user.expect_reply()
    assert reply.text.startswith("Hi <b>Eve</b> & co!")


@pytest.mark.parametrize(
    ("language", "title", "line"),
    [
        ("it", "Cosa so fare", "/add — Salva una persona appena conosciuta"),
        ("en", "What I can do", "/add — Save a person you just met"),
    ],
)
async def test_help_lists_the_commands(
    bot: RunningBot, language: str, title: str, line: str
) -> None:
    user = bot.user(user_id=4000, language_code=language)
    await user.send("/help")
    reply = await user.expect_reply()
    assert reply.text.startswith(title)
    assert line in reply.text.splitlines()


async def test_command_menu_is_set_in_both_languages(bot: RunningBot, emu: BotApiEmulator) -> None:
    italian = {c["command"]: c["description"] for c in emu.commands(language_code="it")}
    english = {c["command"]: c["description"] for c in emu.commands(language_code="en")}
    default = {c["command"]: c["description"] for c in emu.commands()}
    assert italian["add"] == "Salva una persona appena conosciuta"
    assert english["add"] == default["add"] == "Save a person you just met"
    assert set(italian) == set(english) >= {"start", "help", "add", "cancel", "language"}


async def test_language_switch_is_remembered(bot: RunningBot, mario: SimUser) -> None:
    await mario.send("/language")
    await mario.expect_reply()
    await mario.press("🇬🇧 English")
    switched = await mario.expect_reply()
    assert switched.edited
    assert switched.text == "Done: from now on I'll speak English."
    await mario.send("/start")
    assert (await mario.expect_reply()).text.startswith("Hi Mario!")
    stored = await bot.repos.users.get(mario.id)
    assert stored is not None
    assert stored.language == "en"
    chat_menu = bot.emu.commands(scope=f"chat:{mario.id}")
    assert {c["command"]: c["description"] for c in chat_menu}["add"] == (
        "Save a person you just met"
    )
    await bot.restart()
    await mario.send("/help")
    assert (await mario.expect_reply()).text.startswith("What I can do")


async def test_a_forged_button_changes_nothing(bot: RunningBot, mario: SimUser) -> None:
    await mario.send("/language")
    message = await mario.expect_reply()
    # Same message, data nobody sends: an unknown language and an unknown feature.
    for data in ("lang:xx", "lang:it:extra", "nope:1:2"):
        await mario.press_data(data, message=message)
    await bot.settle()
    answers = [a.text for a in bot.emu.callback_answers]
    assert answers == ["Questo pulsante è scaduto."] * 3
    stored = await bot.repos.users.get(mario.id)
    assert stored is not None
    assert stored.language is None


async def test_unknown_commands_and_stray_text_get_a_hint(mario: SimUser) -> None:
    await mario.send("/frobnicate")
    assert (await mario.expect_reply()).text == (
        "Non conosco /frobnicate. Con /help vedi tutto quello che so fare."
    )
    await mario.send("x" * 20000)
    assert "/add" in (await mario.expect_reply()).text


async def test_a_command_typed_in_italian_or_mistyped_gets_the_one_meant(
    mario: SimUser, jane: SimUser
) -> None:
    await mario.send("/evento Fiera del Lavoro")
    assert (await mario.expect_reply()).text == "Non conosco /evento: forse cercavi /event?"
    await mario.send("/Aggiungi@rete_bot")
    assert (await mario.expect_reply()).text.endswith("forse cercavi /add?")
    await jane.send("/contats")
    assert (await jane.expect_reply()).text == "I don't know /contats: did you mean /contacts?"
    await jane.send("/delete")  # one contact or everything? Not a guess to make: no /forget
    assert (await jane.expect_reply()).text.endswith("/help lists what I can do.")


async def test_the_token_never_reaches_the_logs(bot: RunningBot, mario: SimUser) -> None:
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    token = bot.settings.telegram_bot_token.get_secret_value()
    try:
        setup_logging("DEBUG", [token])
        output = io.StringIO()
        handler = root.handlers[0]
        assert isinstance(handler, logging.StreamHandler)
        handler.setStream(output)
        await mario.send("/start")
        await mario.expect_reply()
        # Something that would print the token if nothing stopped it.
        logging.getLogger("probe").warning("calling %s", bot.emu.base_url + token)
    finally:
        root.handlers[:], root.level = saved
    logged = output.getvalue()
    assert "sendMessage" in logged, "the bot's requests were not logged: the check proves nothing"
    assert token not in logged
    assert "[REDACTED]" in logged


async def test_a_burst_of_429s_is_waited_out(bot: RunningBot, mario: SimUser) -> None:
    bot.emu.faults.inject("429", count=2, method="sendMessage", retry_after=1)
    await mario.send("/start")
    reply = await mario.expect_reply(timeout=10)
    assert reply.text.startswith("Ciao Mario!")
    assert len(bot.emu.served("sendMessage", status=429)) == 2


async def test_blocking_and_unblocking_is_tracked(bot: RunningBot, mario: SimUser) -> None:
    await mario.send("/start")
    await mario.expect_reply()
    await mario.block_bot()
    await bot.settle()
    stored = await bot.repos.users.get(mario.id)
    assert stored is not None
    assert stored.blocked
    await mario.unblock_bot()
    await mario.send("/help")
    await mario.expect_reply()
    stored = await bot.repos.users.get(mario.id)
    assert stored is not None
    assert not stored.blocked


async def test_cancel_and_skip_outside_a_dialogue(mario: SimUser) -> None:
    await mario.send("/cancel")
    assert (await mario.expect_reply()).text == "Non c'è niente da annullare."
    await mario.send("/skip")
    assert (await mario.expect_reply()).text == "Non c'è nessuna domanda da saltare."


async def test_an_error_is_logged_and_the_user_told_in_their_language(
    bot: RunningBot,
    mario: SimUser,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    await mario.send("/start")
    await mario.expect_reply()
    monkeypatch.setattr(bot.repos.users, "update", broken)
    await mario.send("/language")
    await mario.expect_reply()
    with caplog.at_level(logging.ERROR):
        await mario.press("🇬🇧 English")
        reply = await mario.expect_reply()
    assert reply.text == (
        "Scusa, qualcosa è andato storto da parte mia. Niente di ciò che hai salvato è perso: "
        "riprova."
    )
    assert "disk on fire" not in reply.text
    assert any("user 1001" in record.getMessage() for record in caplog.records)
    assert [type(error) for error in bot.errors] == [RuntimeError]
    bot.errors.clear()  # expected here; the fixture fails a test on any other error


async def test_an_error_after_the_button_was_answered_still_reaches_the_user(
    bot: RunningBot, mario: SimUser
) -> None:
    await mario.send("/language")
    await mario.expect_reply()
    # /language answers the button, edits the message, then sets the chat's menu: fail there.
    bot.emu.faults.inject("5xx", method="setMyCommands")
    await mario.press("🇬🇧 English")
    assert (await mario.expect_reply()).text == "Done: from now on I'll speak English."
    apology = await mario.expect_reply()  # in the language the update started with
    assert apology.text.startswith("Scusa, qualcosa è andato storto")
    assert [type(error).__name__ for error in bot.errors] == ["NetworkError"]
    bot.errors.clear()


async def test_in_a_group_start_and_help_say_what_the_bot_does_there(
    bot: RunningBot, mario: SimUser
) -> None:
    group = await joined_group(bot, mario)
    await mario.post(group, "/help")
    reply = await group.expect_message()
    assert reply.text.startswith("Sono Rete. In questo gruppo raccolgo gli annunci di lavoro")
    assert reply.buttons == []  # no private menu in a group


async def test_a_flood_of_group_commands_never_delays_private_answers(
    bot: RunningBot, mario: SimUser, jane: SimUser
) -> None:
    group = await joined_group(bot, mario)
    group.add_member(jane)
    for _ in range(30):  # more than the group's budget of 20 messages a minute
        await jane.post(group, "/help")
    await bot.settle()
    await mario.send("/help")
    assert (await mario.expect_reply(timeout=3)).text.startswith("Cosa so fare")
