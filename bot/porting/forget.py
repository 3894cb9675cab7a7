"""/forget: every row that belongs to a user, gone.

The user's row cascades (foreign keys) to contacts and, by trigger, their search-index rows,
events, interactions, reminders and any table a feature adds with
`owner_id ... REFERENCES users(id) ON DELETE CASCADE`. What is not keyed by a foreign key is
deleted here: stored conversation states, user_data and the private chat's chat_data, and
the user's traces in job groups' data (membership cache, sender of posts, who added the bot). The CV
is a Telegram file id in the user's row. The search index is then compacted so that deleted
words do not linger in old index segments.
"""

from __future__ import annotations

from bot.services import Services
from storage.ptb_state import CHAT_DATA, USER_DATA


async def forget_user(services: Services, user_id: int) -> None:
    async with services.repos.db.transaction():
        await services.repos.ptb_state.delete_conversations_of(user_id)
        await services.repos.ptb_state.set_data(USER_DATA, user_id, None)
        await services.repos.ptb_state.set_data(
            CHAT_DATA, user_id, None
        )  # private chat id = user id
        await services.repos.job_members.forget_user(user_id)
        await services.repos.users.delete(user_id)
    await services.repos.contacts.compact_search_index()
