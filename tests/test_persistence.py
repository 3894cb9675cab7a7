"""Conversation state and user/chat/bot data survive a restart (a new persistence object)."""

from __future__ import annotations

from pathlib import Path

from bot.persistence import SqlitePersistence
from storage.db import Database


async def test_round_trip_across_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "rete.sqlite3"
    db = Database(path)
    first = SqlitePersistence(db)
    await first.update_conversation("add", (7, 7), 3)
    await first.update_conversation("add", (8, 8), "NAME")
    await first.update_user_data(7, {"draft": {"name": "Maria", "emails": ["m@x.it"]}})
    await first.update_chat_data(-100, {"digest": "daily"})
    await first.update_bot_data({"version": 1})
    await first.update_conversation("add", (8, 8), None)  # conversation ended
    await db.close()

    db = Database(path)
    second = SqlitePersistence(db)
    assert await second.get_conversations("add") == {(7, 7): 3}
    assert await second.get_conversations("other") == {}
    assert await second.get_user_data() == {7: {"draft": {"name": "Maria", "emails": ["m@x.it"]}}}
    assert await second.get_chat_data() == {-100: {"digest": "daily"}}
    assert await second.get_bot_data() == {"version": 1}
    await second.drop_user_data(7)
    assert await second.get_user_data() == {}
    await db.close()


async def test_forgetting_a_users_conversations(tmp_path: Path) -> None:
    db = Database(tmp_path / "rete.sqlite3")
    persistence = SqlitePersistence(db)
    await persistence.update_conversation("add", (7, 7), 1)
    await persistence.update_conversation("add", (-100, 7), 1)
    await persistence.update_conversation("add", (9, 9), 1)
    await persistence.state.delete_conversations_of(7)
    assert await persistence.get_conversations("add") == {(9, 9): 1}
    await db.close()
