"""Job groups and channels: chats, collected posts and offers, digests, alert rules, outbox.

Chats and posts belong to Telegram chats, not to a user; alert rules, the outbox and the
network lookup are scoped by their owner like every other user's data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import NamedTuple

import aiosqlite

from storage.db import Database, from_db, to_db

DIGEST_SETTINGS = frozenset(
    {
        "digest_enabled",
        "digest_every",
        "digest_weekday",
        "digest_time",
        "digest_timezone",
        "digest_language",
        "digest_group_by",
        "digest_next_at",
    }
)


@dataclass(frozen=True, slots=True)
class JobChat:
    id: int
    type: str
    title: str | None
    username: str | None
    bot_status: str
    active: bool
    can_read: bool
    digest_enabled: bool
    digest_every: str
    digest_weekday: int
    digest_time: str
    digest_timezone: str
    digest_language: str
    digest_group_by: str
    digest_next_at: datetime | None
    digest_requested: bool
    digest_last_post: int
    digest_last_at: datetime | None


def _opt_time(text: str | None) -> datetime | None:
    return from_db(text) if text else None


def _fast_time(text: str) -> datetime:
    """from_db for bulk reads: fromisoformat reads the same text ~20x faster than strptime."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def _chat(row: aiosqlite.Row) -> JobChat:
    return JobChat(
        id=row["id"],
        type=row["type"],
        title=row["title"],
        username=row["username"],
        bot_status=row["bot_status"],
        active=bool(row["active"]),
        can_read=bool(row["can_read"]),
        digest_enabled=bool(row["digest_enabled"]),
        digest_every=row["digest_every"],
        digest_weekday=row["digest_weekday"],
        digest_time=row["digest_time"],
        digest_timezone=row["digest_timezone"],
        digest_language=row["digest_language"],
        digest_group_by=row["digest_group_by"],
        digest_next_at=_opt_time(row["digest_next_at"]),
        digest_requested=bool(row["digest_requested"]),
        digest_last_post=row["digest_last_post"],
        digest_last_at=_opt_time(row["digest_last_at"]),
    )


@dataclass(frozen=True, slots=True)
class NewPost:
    """What the collector stores for one job post."""

    chat_id: int
    message_id: int
    offer_id: int
    sender_id: int | None
    text: str
    fields_json: str
    role: str | None
    company: str | None
    location: str | None
    work_mode: str | None
    fingerprint: str
    link: str | None
    posted_at: datetime


@dataclass(frozen=True, slots=True)
class StoredPost:
    id: int
    chat_id: int
    message_id: int
    offer_id: int
    text: str
    fields_json: str


class DigestRow(NamedTuple):
    """One post of a digest: the columns a digest line shows. A NamedTuple: a digest reads
    thousands of them, and a tuple is built several times faster than a frozen dataclass."""

    post_id: int
    offer_id: int
    role: str | None
    company: str | None
    location: str | None
    work_mode: str | None
    link: str | None
    posted_at: datetime


@dataclass(frozen=True, slots=True)
class Place:
    """Where an offer was posted: a chat and a link to the message there (if any)."""

    offer_id: int
    chat_id: int
    chat_title: str | None
    link: str | None


@dataclass(frozen=True, slots=True)
class AlertRuleRow:
    id: int
    owner_id: int
    rule: str
    mode: str


@dataclass(frozen=True, slots=True)
class ActiveRule:
    owner_id: int
    rule: str
    mode: str
    timezone: str
    preferred_hour: int


@dataclass(frozen=True, slots=True)
class PendingAlert:
    """An outbox row with the post it is about."""

    id: int
    owner_id: int
    post_id: int
    offer_id: int
    mode: str
    rule: str
    chat_id: int
    chat_title: str | None
    link: str | None
    text: str
    fields_json: str


@dataclass(frozen=True, slots=True)
class NetworkContact:
    """A contact of the owner with a company: who to mention beside a post."""

    id: int
    name: str
    role: str | None
    company: str
    event_name: str | None
    met_where: str | None


class JobsRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    # --- chats --------------------------------------------------------------------------------
    async def get_chat(self, chat_id: int) -> JobChat | None:
        row = await self.db.fetchone("SELECT * FROM job_chats WHERE id = ?", (chat_id,))
        return _chat(row) if row else None

    async def current_id(self, chat_id: int) -> int:
        """The id a chat has now (a migrated basic group answers with its supergroup's)."""
        new_id = await self.db.fetchval(
            "SELECT new_id FROM job_chat_migrations WHERE old_id = ?", (chat_id,)
        )
        return int(new_id) if new_id is not None else chat_id

    async def record_chat(
        self,
        chat_id: int,
        *,
        type: str,
        title: str | None,
        username: str | None,
        bot_status: str,
        active: bool,
        can_read: bool,
        added_by: int | None = None,
        language: str | None = None,
        timezone: str | None = None,
    ) -> None:
        """Create the chat, or update what Telegram tells about it; digest settings stay."""
        await self.db.execute(
            "INSERT INTO job_chats(id, type, title, username, bot_status, active, can_read,"
            " added_by, digest_language, digest_timezone)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, coalesce(?, 'it'), coalesce(?, 'Europe/Rome'))"
            " ON CONFLICT(id) DO UPDATE SET type = excluded.type, title = excluded.title,"
            " username = excluded.username, bot_status = excluded.bot_status,"
            " active = excluded.active, can_read = excluded.can_read,"
            " added_by = coalesce(excluded.added_by, added_by), updated_at = datetime('now')",
            (
                chat_id,
                type,
                title,
                username,
                bot_status,
                int(active),
                int(can_read),
                added_by,
                language,
                timezone,
            ),
        )

    async def touch_chat(
        self, chat_id: int, *, type: str, title: str | None, username: str | None
    ) -> None:
        """A message arrived from the chat: it exists and the bot reads it."""
        await self.db.execute(
            "INSERT INTO job_chats(id, type, title, username, bot_status, active, can_read)"
            " VALUES (?, ?, ?, ?, 'member', 1, 1)"
            " ON CONFLICT(id) DO UPDATE SET title = excluded.title,"
            " username = excluded.username, can_read = 1",
            (chat_id, type, title, username),
        )

    async def deactivate_chat(self, chat_id: int, bot_status: str) -> None:
        await self.db.execute(
            "UPDATE job_chats SET active = 0, bot_status = ?, digest_requested = 0,"
            " updated_at = datetime('now') WHERE id = ?",
            (bot_status, chat_id),
        )

    async def migrate_chat(self, old_id: int, new_id: int) -> bool:
        """A basic group became a supergroup: everything moves to the new id. Idempotent."""
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO job_chat_migrations(old_id, new_id) VALUES (?, ?)"
                " ON CONFLICT(old_id) DO UPDATE SET new_id = excluded.new_id",
                (old_id, new_id),
            )
            async with conn.execute("SELECT 1 FROM job_chats WHERE id = ?", (old_id,)) as cur:
                if await cur.fetchone() is None:
                    return False
            async with conn.execute("SELECT 1 FROM job_chats WHERE id = ?", (new_id,)) as cur:
                new_exists = await cur.fetchone() is not None
            if new_exists:
                # The supergroup was seen first (a message raced the migration notice):
                # keep the old row's settings and history, drop the bare new one.
                await conn.execute("DELETE FROM job_chats WHERE id = ?", (new_id,))
            # ON UPDATE CASCADE carries posts and memberships along.
            await conn.execute(
                "UPDATE job_chats SET id = ?, type = 'supergroup', updated_at = datetime('now')"
                " WHERE id = ?",
                (new_id, old_id),
            )
            await conn.execute(
                "UPDATE job_chat_migrations SET new_id = ? WHERE new_id = ?", (new_id, old_id)
            )
        return True

    async def update_digest(self, chat_id: int, **values: object) -> None:
        unknown = set(values) - DIGEST_SETTINGS
        if unknown:
            raise ValueError(f"not a digest setting: {sorted(unknown)}")
        if not values:
            return
        assignments = ", ".join(f"{name} = ?" for name in values)
        params = [to_db(v) if isinstance(v, datetime) else v for v in values.values()]
        await self.db.execute(
            f"UPDATE job_chats SET {assignments}, updated_at = datetime('now') WHERE id = ?",
            (*params, chat_id),
        )

    async def request_digest(self, chat_id: int) -> None:
        await self.db.execute(
            "UPDATE job_chats SET digest_requested = 1 WHERE id = ? AND active = 1", (chat_id,)
        )

    async def due_digests(self, now: datetime) -> list[JobChat]:
        rows = await self.db.fetchall(
            "SELECT * FROM job_chats WHERE active = 1 AND (digest_requested = 1"
            " OR (digest_enabled = 1 AND digest_next_at <= ?)) ORDER BY id",
            (to_db(now),),
        )
        return [_chat(row) for row in rows]

    async def finish_digest(
        self, chat_id: int, *, last_post: int, at: datetime | None, next_at: datetime | None
    ) -> None:
        """The digest went out (or there was nothing new): move the watermark and the due time."""
        await self.db.execute(
            "UPDATE job_chats SET digest_requested = 0, digest_next_at = ?,"
            " digest_last_post = max(digest_last_post, ?),"
            " digest_last_at = coalesce(?, digest_last_at) WHERE id = ?",
            (to_db(next_at) if next_at else None, last_post, to_db(at) if at else None, chat_id),
        )

    # --- offers and posts -----------------------------------------------------------------
    async def offer_by_fingerprint(self, fingerprint: str, since: datetime) -> int | None:
        value = await self.db.fetchval(
            "SELECT id FROM job_offers WHERE fingerprint = ? AND last_seen >= ?"
            " ORDER BY last_seen DESC LIMIT 1",
            (fingerprint, to_db(since)),
        )
        return None if value is None else int(value)

    async def recent_offers(self, since: datetime) -> list[tuple[int, str]]:
        """(offer id, normalised text) of the offers seen since `since`, newest first."""
        rows = await self.db.fetchall(
            "SELECT id, normalised FROM job_offers WHERE last_seen >= ? ORDER BY last_seen DESC",
            (to_db(since),),
        )
        return [(row[0], row[1]) for row in rows]

    async def offer_text(self, offer_id: int) -> str | None:
        """The text of the offer's first post (what a repost is compared with)."""
        value = await self.db.fetchval(
            "SELECT text FROM job_posts WHERE offer_id = ? ORDER BY id LIMIT 1", (offer_id,)
        )
        return None if value is None else str(value)

    async def create_offer(self, fingerprint: str, normalised: str, at: datetime) -> int:
        return await self.db.insert(
            "INSERT INTO job_offers(fingerprint, normalised, first_seen, last_seen)"
            " VALUES (?, ?, ?, ?)",
            (fingerprint, normalised, to_db(at), to_db(at)),
        )

    async def touch_offer(self, offer_id: int, at: datetime) -> None:
        await self.db.execute(
            "UPDATE job_offers SET last_seen = max(last_seen, ?) WHERE id = ?",
            (to_db(at), offer_id),
        )

    async def add_post(self, post: NewPost) -> int | None:
        """Store a post; None when this message was stored already."""
        async with (
            self.db.transaction() as conn,
            conn.execute(
                "INSERT INTO job_posts(chat_id, message_id, offer_id, sender_id, text, fields,"
                " role, company, location, work_mode, fingerprint, link, posted_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT(chat_id, message_id) DO NOTHING",
                (
                    post.chat_id,
                    post.message_id,
                    post.offer_id,
                    post.sender_id,
                    post.text,
                    post.fields_json,
                    post.role,
                    post.company,
                    post.location,
                    post.work_mode,
                    post.fingerprint,
                    post.link,
                    to_db(post.posted_at),
                ),
            ) as cursor,
        ):
            return int(cursor.lastrowid) if cursor.rowcount == 1 and cursor.lastrowid else None

    async def get_post(self, chat_id: int, message_id: int) -> StoredPost | None:
        row = await self.db.fetchone(
            "SELECT id, chat_id, message_id, offer_id, text, fields FROM job_posts"
            " WHERE chat_id = ? AND message_id = ?",
            (chat_id, message_id),
        )
        if row is None:
            return None
        return StoredPost(row[0], row[1], row[2], row[3], row[4], row[5])

    async def update_post(self, post_id: int, post: NewPost, edited_at: datetime) -> None:
        await self.db.execute(
            "UPDATE job_posts SET text = ?, fields = ?, role = ?, company = ?, location = ?,"
            " work_mode = ?, fingerprint = ?, edited_at = ? WHERE id = ?",
            (
                post.text,
                post.fields_json,
                post.role,
                post.company,
                post.location,
                post.work_mode,
                post.fingerprint,
                to_db(edited_at),
                post_id,
            ),
        )

    async def delete_post(self, post_id: int) -> None:
        await self.db.execute("DELETE FROM job_posts WHERE id = ?", (post_id,))

    async def last_post_id(self, chat_id: int) -> int:
        value = await self.db.fetchval(
            "SELECT max(id) FROM job_posts WHERE chat_id = ?", (chat_id,)
        )
        return int(value or 0)

    async def digest_rows(self, chat_id: int, after_post: int, up_to_post: int) -> list[DigestRow]:
        """Posts of the chat after the watermark whose offer is new to this chat (not posted
        here before the watermark), oldest first."""
        rows = await self.db.fetchall(
            "SELECT p.id, p.offer_id, p.role, p.company, p.location, p.work_mode, p.link,"
            " p.posted_at FROM job_posts p"
            " WHERE p.chat_id = ? AND p.id > ? AND p.id <= ? AND NOT EXISTS ("
            "  SELECT 1 FROM job_posts q WHERE q.offer_id = p.offer_id AND q.chat_id = p.chat_id"
            "  AND q.id <= ?)"
            " ORDER BY p.id",
            (chat_id, after_post, up_to_post, after_post),
        )
        return [DigestRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], _fast_time(r[7])) for r in rows]

    async def public_places(self, chat_id: int, after_post: int, up_to_post: int) -> list[Place]:
        """Other public chats where the offers of those posts were posted too (a link there
        reveals nothing; private chats' links are never shown outside them)."""
        rows = await self.db.fetchall(
            "SELECT DISTINCT o.offer_id, o.chat_id, c.title, o.link FROM job_posts p"
            " JOIN job_posts o ON o.offer_id = p.offer_id AND o.chat_id != p.chat_id"
            " JOIN job_chats c ON c.id = o.chat_id"
            " WHERE p.chat_id = ? AND p.id > ? AND p.id <= ? AND c.username IS NOT NULL"
            " ORDER BY o.id",
            (chat_id, after_post, up_to_post),
        )
        return [Place(r[0], r[1], r[2], r[3]) for r in rows]

    async def places_of_offer(self, offer_id: int) -> list[Place]:
        rows = await self.db.fetchall(
            "SELECT p.offer_id, p.chat_id, c.title, p.link FROM job_posts p"
            " JOIN job_chats c ON c.id = p.chat_id WHERE p.offer_id = ? ORDER BY p.id",
            (offer_id,),
        )
        return [Place(r[0], r[1], r[2], r[3]) for r in rows]

    # --- alert rules (scoped by owner) ----------------------------------------------------
    async def add_rule(self, owner_id: int, rule: str, mode: str) -> int | None:
        """The new rule's id; None when the owner has this rule already."""
        async with (
            self.db.transaction() as conn,
            conn.execute(
                "INSERT INTO job_alert_rules(owner_id, rule, mode) VALUES (?, ?, ?)"
                " ON CONFLICT(owner_id, rule) DO NOTHING",
                (owner_id, rule, mode),
            ) as cursor,
        ):
            return int(cursor.lastrowid) if cursor.rowcount == 1 and cursor.lastrowid else None

    async def rules(self, owner_id: int) -> list[AlertRuleRow]:
        rows = await self.db.fetchall(
            "SELECT id, owner_id, rule, mode FROM job_alert_rules WHERE owner_id = ? ORDER BY id",
            (owner_id,),
        )
        return [AlertRuleRow(r[0], r[1], r[2], r[3]) for r in rows]

    async def get_rule(self, owner_id: int, rule_id: int) -> AlertRuleRow | None:
        row = await self.db.fetchone(
            "SELECT id, owner_id, rule, mode FROM job_alert_rules WHERE id = ? AND owner_id = ?",
            (rule_id, owner_id),
        )
        return AlertRuleRow(row[0], row[1], row[2], row[3]) if row else None

    async def delete_rule(self, owner_id: int, rule_id: int) -> bool:
        changed = await self.db.execute(
            "DELETE FROM job_alert_rules WHERE id = ? AND owner_id = ?", (rule_id, owner_id)
        )
        return changed == 1

    async def set_rule_mode(self, owner_id: int, rule_id: int, mode: str) -> bool:
        changed = await self.db.execute(
            "UPDATE job_alert_rules SET mode = ? WHERE id = ? AND owner_id = ?",
            (mode, rule_id, owner_id),
        )
        return changed == 1

    async def active_rules(self) -> list[ActiveRule]:
        """Every rule of every user who has not blocked the bot, with when they get dailies."""
        rows = await self.db.fetchall(
            "SELECT r.owner_id, r.rule, r.mode, u.timezone, u.preferred_hour"
            " FROM job_alert_rules r JOIN users u ON u.id = r.owner_id"
            " WHERE u.blocked = 0 ORDER BY r.owner_id, r.id"
        )
        return [ActiveRule(r[0], r[1], r[2], r[3], r[4]) for r in rows]

    # --- alert outbox -----------------------------------------------------------------------
    async def enqueue_alerts(
        self, items: Iterable[tuple[int, int, int, str, str, datetime]]
    ) -> None:
        """(owner id, post id, offer id, mode, rule, due at) rows; repeats are ignored."""
        await self.db.executemany(
            "INSERT INTO job_alert_outbox(owner_id, post_id, offer_id, mode, rule, due_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(owner_id, post_id) DO NOTHING",
            [(o, p, f, m, r, to_db(d)) for o, p, f, m, r, d in items],
        )

    async def due_alerts(self, now: datetime) -> list[PendingAlert]:
        rows = await self.db.fetchall(
            "SELECT a.id, a.owner_id, a.post_id, a.offer_id, a.mode, a.rule, p.chat_id,"
            " c.title, p.link, p.text, p.fields FROM job_alert_outbox a"
            " JOIN job_posts p ON p.id = a.post_id JOIN job_chats c ON c.id = p.chat_id"
            " WHERE a.status = 'pending' AND a.due_at <= ? ORDER BY a.owner_id, a.id",
            (to_db(now),),
        )
        return [PendingAlert(*row) for row in rows]

    async def sent_offers(self, owner_id: int, offer_ids: Iterable[int]) -> set[int]:
        """Which of these offers the owner has already received."""
        ids = list(offer_ids)
        if not ids:
            return set()
        marks = ", ".join("?" * len(ids))
        rows = await self.db.fetchall(
            f"SELECT DISTINCT offer_id FROM job_alert_outbox WHERE owner_id = ?"
            f" AND status = 'sent' AND offer_id IN ({marks})",
            (owner_id, *ids),
        )
        return {row[0] for row in rows}

    async def mark_alerts(
        self, owner_id: int, ids: Iterable[int], status: str, at: datetime
    ) -> None:
        await self.db.executemany(
            "UPDATE job_alert_outbox SET status = ?, done_at = ?"
            " WHERE id = ? AND owner_id = ? AND status = 'pending'",
            [(status, to_db(at), alert_id, owner_id) for alert_id in ids],
        )

    # --- membership cache -----------------------------------------------------------------
    async def cached_membership(self, chat_id: int, user_id: int) -> tuple[bool, datetime] | None:
        """(is member, when checked) from the last getChatMember answer, if any."""
        row = await self.db.fetchone(
            "SELECT is_member, checked_at FROM job_memberships WHERE chat_id = ? AND user_id = ?",
            (chat_id, user_id),
        )
        return None if row is None else (bool(row[0]), from_db(row[1]))

    async def save_membership(
        self, chat_id: int, user_id: int, is_member: bool, at: datetime
    ) -> None:
        await self.db.execute(
            "INSERT INTO job_memberships(chat_id, user_id, is_member, checked_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT(chat_id, user_id) DO UPDATE SET"
            " is_member = excluded.is_member, checked_at = excluded.checked_at",
            (chat_id, user_id, int(is_member), to_db(at)),
        )

    async def forget_member(self, user_id: int) -> None:
        """/forget: unlink the user from group data that is not theirs to delete.

        Their alert rules and outbox cascade from the user's row; the membership cache, the
        sender of their group posts and who added the bot to a group are cleared here.
        """
        await self.db.execute("DELETE FROM job_memberships WHERE user_id = ?", (user_id,))
        await self.db.execute(
            "UPDATE job_posts SET sender_id = NULL WHERE sender_id = ?", (user_id,)
        )
        await self.db.execute("UPDATE job_chats SET added_by = NULL WHERE added_by = ?", (user_id,))

    # --- the owner's network --------------------------------------------------------------
    async def network(self, owner_id: int) -> list[NetworkContact]:
        """The owner's contacts that have a company (matched against posts in Python)."""
        rows = await self.db.fetchall(
            "SELECT c.id, c.name, c.role, c.company, e.name, c.met_where FROM contacts c"
            " LEFT JOIN events e ON e.id = c.event_id"
            " WHERE c.owner_id = ? AND c.company IS NOT NULL AND trim(c.company) != ''"
            " ORDER BY c.id",
            (owner_id,),
        )
        return [NetworkContact(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows]
