"""Who is a member of which job chat: getChatMember answers and chat_member updates, cached.

Alerts reach a user only from chats they are in; this cache saves a request per alert. It
is written on every answer and every chat_member update, so a leaver is known at once when
the bot is an admin (Telegram sends chat_member updates to admins only), and otherwise when
the cached answer expires (see ``bot.jobposts.membership``).
"""

from __future__ import annotations

from datetime import datetime

from storage.db import Database, from_db, to_db


class JobMembersRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def cached_membership(self, chat_id: int, user_id: int) -> tuple[bool, datetime] | None:
        """(is member, when learnt) from the last answer or update, if any."""
        row = await self.db.fetchone(
            "SELECT is_member, checked_at FROM job_memberships WHERE chat_id = ? AND user_id = ?",
            (chat_id, user_id),
        )
        return None if row is None else (bool(row[0]), from_db(row[1]))

    async def save_membership(
        self, chat_id: int, user_id: int, is_member: bool, at: datetime
    ) -> None:
        """Remember an answer; only for chats the bot records (others have nothing to alert)."""
        await self.db.execute(
            "INSERT INTO job_memberships(chat_id, user_id, is_member, checked_at)"
            " SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM job_chats WHERE id = ?)"
            " ON CONFLICT(chat_id, user_id) DO UPDATE SET"
            " is_member = excluded.is_member, checked_at = excluded.checked_at",
            (chat_id, user_id, int(is_member), to_db(at), chat_id),
        )

    async def forget_user(self, user_id: int) -> None:
        """/forget: unlink the user from group data that is not theirs to delete.

        Their alert rules and outbox cascade from the user's row; the membership cache, the
        sender of their group posts, their corrections and who added the bot to a group are
        cleared here.
        """
        await self.db.write_many(
            [
                ("DELETE FROM job_memberships WHERE user_id = ?", [(user_id,)]),
                ("UPDATE job_posts SET sender_id = NULL WHERE sender_id = ?", [(user_id,)]),
                ("UPDATE job_corrections SET by_user = NULL WHERE by_user = ?", [(user_id,)]),
                ("UPDATE job_chats SET added_by = NULL WHERE added_by = ?", [(user_id,)]),
            ]
        )
