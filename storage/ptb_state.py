"""Rows behind the bot's conversation persistence (conversations, user/chat/bot data) as JSON."""

from __future__ import annotations

import json
from typing import Any

from storage.db import Database


class PtbStateRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def conversations(self, name: str) -> dict[tuple[int | str, ...], object]:
        rows = await self.db.fetchall(
            "SELECT key, state FROM ptb_conversations WHERE name = ?", (name,)
        )
        return {tuple(json.loads(row["key"])): json.loads(row["state"]) for row in rows}

    async def set_conversation(
        self, name: str, key: tuple[int | str, ...], state: object | None
    ) -> None:
        key_json = json.dumps(list(key))
        if state is None:
            await self.db.execute(
                "DELETE FROM ptb_conversations WHERE name = ? AND key = ?", (name, key_json)
            )
        else:
            await self.db.execute(
                "INSERT INTO ptb_conversations(name, key, state) VALUES (?, ?, ?)"
                " ON CONFLICT(name, key) DO UPDATE SET state = excluded.state",
                (name, key_json, json.dumps(state)),
            )

    async def delete_conversations_of(self, user_id: int) -> None:
        """Forget every conversation whose key involves the user (private or group)."""
        await self.db.execute(
            "DELETE FROM ptb_conversations WHERE EXISTS"
            " (SELECT 1 FROM json_each(ptb_conversations.key) WHERE value = ?)",
            (user_id,),
        )

    async def all_data(self, table: str) -> dict[int, dict[str, Any]]:
        id_column = _ID_COLUMNS[table]
        rows = await self.db.fetchall(f"SELECT {id_column}, data FROM {table}")
        return {int(row[0]): json.loads(row[1]) for row in rows}

    async def set_data(self, table: str, owner: int, data: dict[str, Any] | None) -> None:
        id_column = _ID_COLUMNS[table]
        if not data:
            await self.db.execute(f"DELETE FROM {table} WHERE {id_column} = ?", (owner,))
        else:
            await self.db.execute(
                f"INSERT INTO {table}({id_column}, data) VALUES (?, ?)"
                f" ON CONFLICT({id_column}) DO UPDATE SET data = excluded.data",
                (owner, json.dumps(data, ensure_ascii=False)),
            )

    async def bot_data(self) -> dict[str, Any]:
        text = await self.db.fetchval("SELECT data FROM ptb_bot_data WHERE id = 1")
        return dict(json.loads(text)) if text else {}

    async def set_bot_data(self, data: dict[str, Any]) -> None:
        await self.db.execute(
            "INSERT INTO ptb_bot_data(id, data) VALUES (1, ?)"
            " ON CONFLICT(id) DO UPDATE SET data = excluded.data",
            (json.dumps(data, ensure_ascii=False),),
        )


USER_DATA = "ptb_user_data"
CHAT_DATA = "ptb_chat_data"
_ID_COLUMNS = {USER_DATA: "user_id", CHAT_DATA: "chat_id"}
