"""Dialogue state: loaded per user when they write, never empty rows, expiry after a time idle
with a note, memory that lets go of unseen users; all through the real bot and the emulator."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

from bot.clock import ManualClock
from bot.persistence import SqlitePersistence, _conversations
from bot.sandbox import SimUser
from bot.sandbox.harness import RunningBot
from storage.ptb_state import PtbStateRepo
from tests.chat import press, say


def stored_rows(bot: RunningBot) -> dict[str, int]:
    with sqlite3.connect(bot.settings.database_path) as conn:
        return {
            table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("ptb_conversations", "ptb_user_data", "ptb_chat_data", "ptb_bot_data")
        }


async def start_add(jane: SimUser, name: str = "Paolo Gialli") -> None:
    await say(jane, "/add")
    await say(jane, name)
    reply = await say(jane, "Sales @ Umbrella")
    assert reply.text.startswith("Where did you meet?")


def persistence(bot: RunningBot) -> SqlitePersistence:
    return SqlitePersistence.of(bot.app)


async def flush(bot: RunningBot) -> None:
    """Every update received so far handled, and what it changed written."""
    await bot.settle()
    await bot.app.update_persistence()


async def test_a_restart_loads_nothing_until_the_user_writes(
    bot: RunningBot, jane: SimUser, mario: SimUser
) -> None:
    await start_add(jane)
    await say(mario, "/add")
    await bot.restart()
    assert dict(bot.app.user_data) == {}
    assert await bot.services.repos.ptb_state.conversations("add") == {
        (jane.id, jane.id): "asking",
        (mario.id, mario.id): "asking",
    }

    reply = await say(jane, "Expo Milano")
    assert reply.text.startswith("When did you meet?")
    assert set(bot.app.user_data) == {jane.id}  # Mario has not written: his draft stays stored
    reply = await say(mario, "Anna Neri")
    assert "Anna Neri" in reply.text  # the next question, about her
    reply = await press(jane, "Today")
    assert reply.text.startswith("How can you reach them?")


async def test_every_dialogue_resumes_after_a_restart(bot: RunningBot) -> None:
    users = [bot.user(user_id=7000 + n, first_name=f"U{n}", language_code="en") for n in range(6)]
    for n, user in enumerate(users):
        await say(user, "/add")
        if n % 2:
            await say(user, f"Person {n}")
    await bot.restart()
    for n, user in enumerate(users):
        reply = await say(user, f"Answer {n}")
        if n % 2:  # they were asked the company: the answer is taken, the next question comes
            assert reply.text == f"What is their role at Answer {n}?", reply.text
        else:  # they were asked the name
            assert f"Answer {n}" in reply.text, reply.text
    for user in users:
        await say(user, "/cancel")
    await flush(bot)
    assert stored_rows(bot)["ptb_conversations"] == 0


async def test_finished_and_cancelled_dialogues_leave_no_rows(
    bot: RunningBot, jane: SimUser, mario: SimUser
) -> None:
    reply = await say(jane, "/add Eva Blu")
    while not reply.text.startswith("Check and save"):
        in_3_days = any("In 3 days" in row for row in reply.buttons)
        reply = await (press(jane, "In 3 days") if in_3_days else say(jane, "/skip"))
    reply = await press(jane, "✅ Save")
    assert reply.text.startswith("Saved: Eva Blu")
    await say(mario, "/add")
    await say(mario, "/cancel")
    await bot.restart()
    assert stored_rows(bot) == dict.fromkeys(stored_rows(bot), 0)


async def test_empty_data_is_never_written(bot: RunningBot) -> None:
    writes: list[str] = []

    def trace(sql: str) -> None:
        if " ptb_" in sql and sql.lstrip().split()[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            writes.append(sql)

    await bot.services.repos.db.connection.set_trace_callback(trace)
    for n in range(5):
        user = bot.user(user_id=8000 + n, first_name=f"S{n}", language_code="it")
        await say(user, "/start")
        await say(user, "/help")
    await flush(bot)
    await bot.services.repos.db.connection.set_trace_callback(None)
    assert writes == []
    assert stored_rows(bot) == dict.fromkeys(stored_rows(bot), 0)


async def test_an_answer_that_changes_nothing_writes_nothing(
    bot: RunningBot, jane: SimUser
) -> None:
    await start_add(jane)
    await flush(bot)
    writes: list[str] = []
    await bot.services.repos.db.connection.set_trace_callback(
        lambda sql: writes.append(sql) if " ptb_" in sql and "SELECT" not in sql else None
    )
    await say(jane, "/whatever")  # "you are in the middle of /add": the draft stays as it was
    await flush(bot)
    assert writes == []
    await say(jane, "Expo Milano")
    await flush(bot)
    await bot.services.repos.db.connection.set_trace_callback(None)
    assert any("ptb_user_data" in sql for sql in writes)


async def test_an_expired_dialogue_ends_with_its_note_after_a_restart(
    bot: RunningBot, clock: ManualClock, mario: SimUser
) -> None:
    await say(mario, "/add")
    await say(mario, "Anna Bianchi")
    await bot.restart()
    clock.advance(timedelta(hours=24, minutes=1))
    await mario.send("Rossi SpA")
    note = await mario.expect_reply()
    assert note.text == "Ho chiuso il tuo /add di Anna Bianchi del 24 nov, rimasto a metà."
    fresh = await mario.expect_reply()  # the message starts afresh: it is not an answer to /add
    assert "/add" in fresh.text and "Rossi SpA" not in fresh.text
    assert stored_rows(bot)["ptb_conversations"] == stored_rows(bot)["ptb_user_data"] == 0
    reply = await say(mario, "/add")
    assert "Anna Bianchi" not in reply.text  # a new, empty dialogue
    await bot.restart()
    await mario.send("Luca Verdi")
    await mario.expect_reply()
    await mario.expect_no_reply()  # the note is given once


async def test_an_expired_dialogue_ends_with_its_note_without_a_restart(
    bot: RunningBot, clock: ManualClock, jane: SimUser
) -> None:
    await start_add(jane, "Mario Rossi")
    await flush(bot)
    clock.advance(timedelta(days=3))
    await bot.restart()  # the stored time counts, not the time in memory
    await jane.send("Expo Milano")
    note = await jane.expect_reply()
    assert note.text == "Your unfinished /add of Mario Rossi from Nov 24 was closed."
    await jane.expect_reply()  # "Expo Milano" is now a stray message

    await start_add(jane, "Eva Blu")
    await flush(bot)
    clock.advance(timedelta(hours=25))
    await jane.send("/cancel")
    note = await jane.expect_reply()
    assert note.text == "Your unfinished /add of Eva Blu from Nov 27 was closed."
    reply = await jane.expect_reply()
    assert reply.text == "There is nothing to cancel."
    assert stored_rows(bot)["ptb_conversations"] == 0


async def test_an_expired_add_is_finished_from_its_note_as_it_was_left(
    bot: RunningBot, clock: ManualClock, jane: SimUser
) -> None:
    """Nothing typed is lost: the note's button brings the draft back, after a restart too,
    at the question it was left on, and "when" is the day it was typed, not today."""
    await start_add(jane, "Sara Neri")
    await flush(bot)
    clock.advance(timedelta(days=2))
    await jane.send("/followups")
    note = await jane.expect_reply()
    assert note.text == "Your unfinished /add of Sara Neri from Nov 24 was closed."
    assert note.buttons == [["✏️ Finish it"]]
    await jane.expect_reply()  # the follow-ups: the message was not an answer to /add
    await flush(bot)
    await bot.restart()
    edited = await press(jane, "✏️ Finish it", message=note)
    assert edited.edited and edited.buttons == []  # the note's button has done its job
    reply = await jane.expect_reply()
    assert reply.text.startswith("Where did you meet?")
    await say(jane, "Expo Milano")
    reply = await say(jane, "/skip")  # when: the day it was left
    assert reply.text.startswith("How can you reach them?")
    await say(jane, "/skip")
    await say(jane, "/skip")
    summary = await press(jane, "No follow-up")
    assert "When: Tue 24 Nov" in summary.text and "Umbrella" in summary.text
    await press(jane, "✅ Save")
    [contact] = await bot.repos.contacts.page(jane.id, offset=0, limit=5)
    assert (contact.name, contact.company, contact.met_where, contact.met_on) == (
        "Sara Neri",
        "Umbrella",
        "Expo Milano",
        date(2026, 11, 24),
    )
    # The button pressed again (from a client that kept it, or forged): said, nothing changes.
    await jane.press_data("menu:resume")
    await bot.settle()
    assert bot.emu.callback_answers[-1].text == (
        "That draft is no longer here: /add starts a new one."
    )
    assert await bot.repos.contacts.count(jane.id) == 1


async def test_an_offer_left_pending_lapses_without_a_note(
    bot: RunningBot, clock: ManualClock, jane: SimUser
) -> None:
    """No dialogue was open, only "Shall I import it?": two days on there is nothing to close."""
    cards = "".join(f"BEGIN:VCARD\nVERSION:3.0\nFN:{n}\nEND:VCARD\n" for n in ("A Uno", "B Due"))
    await jane.upload("two.vcf", cards.encode(), mime_type="text/vcard")
    offer = await jane.expect_reply()
    assert offer.text == "That file has 2 contacts. Shall I import them?"
    await flush(bot)
    clock.advance(timedelta(days=2))
    reply = await say(jane, "/followups")
    assert reply.text.startswith("Nothing to follow up")
    await jane.expect_no_reply()


async def test_a_dialogue_idle_for_less_than_the_timeout_resumes(
    bot: RunningBot, clock: ManualClock, jane: SimUser
) -> None:
    await start_add(jane)
    await bot.restart()
    clock.advance(timedelta(hours=23, minutes=59))
    reply = await say(jane, "Expo Milano")
    assert reply.text.startswith("When did you meet?")  # and the answer restarts the count
    clock.advance(timedelta(hours=23, minutes=59))
    reply = await press(jane, "Today")
    assert reply.text.startswith("How can you reach them?")


async def test_users_unseen_for_long_leave_memory_and_come_back_whole(
    bot: RunningBot, jane: SimUser, mario: SimUser
) -> None:
    await start_add(jane)
    await say(mario, "/start")
    await flush(bot)
    state = persistence(bot)
    state.evict_after = 0.0
    state._next_sweep = 0.0  # sweep at the next update
    await say(mario, "/help")
    assert jane.id not in bot.app.user_data
    assert (jane.id, jane.id) not in bot.app._conversation_handler_conversations["add"]
    state.evict_after = 3600.0
    reply = await say(jane, "Expo Milano")
    assert reply.text.startswith("When did you meet?")


async def test_the_timeout_is_a_setting(tmp_path: Path) -> None:
    from bot.settings import load_settings

    settings = load_settings(
        telegram_bot_token="123456789:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        database_path=tmp_path / "x.sqlite3",
        dialogue_timeout_hours=2,
    )
    assert settings.dialogue_timeout_hours == 2
    from bot.app import build_application

    app = build_application(settings)
    assert SqlitePersistence.of(app).dialogue_timeout == timedelta(hours=2)


async def test_rows_stored_before_the_upgrade_resume(tmp_path: Path) -> None:
    """Migration 0008 gives old rows their user and a fresh start."""
    import aiosqlite

    from storage.db import Database, configure
    from storage.migrations import apply_migrations

    path = tmp_path / "old.sqlite3"
    async with aiosqlite.connect(path) as conn:
        await configure(conn)
        await apply_migrations(conn, up_to=7)
        await conn.execute(
            "INSERT INTO ptb_conversations(name, key, state) VALUES ('add', '[7, 7]', '\"asking\"')"
        )
        await conn.execute("INSERT INTO ptb_user_data(user_id, data) VALUES (7, '{\"a\": 1}')")
        await conn.commit()
    db = Database(path)
    await db.open()
    try:
        stored = await PtbStateRepo(db).of_user(7)
        assert stored is not None
        assert stored.user_data == {"a": 1}
        assert stored.conversations == {"add": {(7, 7): "asking"}}
        assert stored.updated_at is not None
    finally:
        await db.close()


async def test_data_that_is_not_json_is_refused_without_stopping_the_others(
    bot: RunningBot, jane: SimUser, mario: SimUser
) -> None:
    await start_add(jane)
    await say(mario, "/add")
    bot.app.user_data[mario.id]["bad"] = {1, 2}  # a set: not JSON
    await say(mario, "Anna Neri")
    await say(jane, "Expo Milano")
    await flush(bot)
    stored = await bot.services.repos.ptb_state.of_user(jane.id)
    assert stored is not None and stored.user_data["add_draft"]["step"] == "when"
    assert bot.errors and all(isinstance(e, TypeError) for e in bot.errors)  # reported
    bot.errors.clear()
    await bot.restart()
    reply = await say(jane, "/skip")  # Jane's dialogue goes on
    assert reply.text.startswith("How can you reach them?")


async def test_a_search_answered_with_find_and_words_leaves_no_dialogue_open(
    bot: RunningBot, jane: SimUser
) -> None:
    """A bare /find, then "/find x": the next dialogue used to be refused ("you are in the
    middle of /find") until /cancel."""
    await say(jane, "/find")
    assert (await say(jane, "/find Rossi")).text.startswith("Nobody matches")
    await say(jane, "/event")
    assert (await press(jane, "➕ Check in to an event")).text.startswith("Which event?")


async def test_a_dialogue_mark_left_without_its_dialogue_is_dropped(
    bot: RunningBot, jane: SimUser
) -> None:
    """The safety net under every dialogue: should one end without clearing its mark, the mark
    goes after the next update, instead of blocking every other dialogue."""
    await say(jane, "/find")
    await bot.settle()  # the state is stored once the handler has returned
    del _conversations(bot.app)["find"][(jane.id, jane.id)]  # it ended, the mark stayed
    await say(jane, "/event")
    assert (await press(jane, "➕ Check in to an event")).text.startswith("Which event?")
