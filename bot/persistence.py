"""Conversation state that survives a restart, in the same SQLite file as everything else.

Values must be JSON-serialisable (dates as ISO strings): the rows stay readable and /forget can
delete them. Callback data is not stored: our buttons carry short strings, not objects.
"""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from telegram.ext import BasePersistence, PersistenceInput
from telegram.ext._utils.types import ConversationDict, ConversationKey

from storage.db import Database
from storage.ptb_state import CHAT_DATA, USER_DATA, PtbStateRepo

Data = dict[str, Any]


class SqlitePersistence(BasePersistence[Data, Data, Data]):
    def __init__(self, db: Database, *, update_interval: float = 2.0) -> None:
        super().__init__(
            store_data=PersistenceInput(callback_data=False), update_interval=update_interval
        )
        self.db = db
        self.state = PtbStateRepo(db)

    async def _ready(self) -> PtbStateRepo:
        # PTB loads persistence in initialize(), before post_init opens the database.
        await self.db.open()
        return self.state

    async def get_user_data(self) -> dict[int, Data]:
        return await (await self._ready()).all_data(USER_DATA)

    async def get_chat_data(self) -> dict[int, Data]:
        return await (await self._ready()).all_data(CHAT_DATA)

    async def get_bot_data(self) -> Data:
        return await (await self._ready()).bot_data()

    async def get_callback_data(self) -> None:
        return None

    async def get_conversations(self, name: str) -> ConversationDict:
        return await (await self._ready()).conversations(name)

    async def update_conversation(
        self, name: str, key: ConversationKey, new_state: object | None
    ) -> None:
        await (await self._ready()).set_conversation(name, tuple(key), new_state)

    async def update_user_data(self, user_id: int, data: Data) -> None:
        await (await self._ready()).set_data(USER_DATA, user_id, deepcopy(data))

    async def update_chat_data(self, chat_id: int, data: Data) -> None:
        await (await self._ready()).set_data(CHAT_DATA, chat_id, deepcopy(data))

    async def update_bot_data(self, data: Data) -> None:
        await (await self._ready()).set_bot_data(deepcopy(data))

    async def update_callback_data(self, data: object) -> None:
        return None

    async def drop_user_data(self, user_id: int) -> None:
        await (await self._ready()).set_data(USER_DATA, user_id, None)

    async def drop_chat_data(self, chat_id: int) -> None:
        await (await self._ready()).set_data(CHAT_DATA, chat_id, None)

    async def refresh_user_data(self, user_id: int, user_data: Data) -> None:
        return None

    async def refresh_chat_data(self, chat_id: int, chat_data: Data) -> None:
        return None

    async def refresh_bot_data(self, bot_data: Data) -> None:
        return None

    async def flush(self) -> None:
        # Every update is written through when PTB hands it over; nothing is buffered here.
        return None
