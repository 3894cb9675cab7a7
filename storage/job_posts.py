"""Job posts and the offers they announce: de-duplication keys, admins' corrections, digests.

One offer may be posted many times and in many chats; each place is a post. Posts belong
to Telegram chats, not to a user (their sender is cleared by /forget).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from storage.db import Database, to_db
from storage.job_chats import fast_time
from storage.job_kinds import Correction

# Repost look-up (see ``repeated_offer``): how many of a post's rarest words, and how
# many of each word's newest offers, are read.
RARE_WORDS = 5
READ_WORDS = 2  # of those, whose offers are read (a repost shares the rarest ones)
OFFERS_PER_WORD = 64
CANDIDATES = 8


@dataclass(frozen=True, slots=True)
class NewPost:
    """What the collector stores for one job post."""

    chat_id: int
    message_id: int
    offer_id: int
    sender_id: int | None
    text: str
    fields_json: str | None
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
    fields_json: str | None


@dataclass(frozen=True, slots=True)
class Candidate:
    """A recent offer that a new post may repeat: its matching text and its first post's
    fields (JSON)."""

    offer_id: int
    normalised: str
    fields_json: str | None


@dataclass(frozen=True, slots=True)
class Lookup:
    """What a new post may repeat: an offer with its exact fingerprint, or candidates."""

    exact: int | None
    candidates: list[Candidate]


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


class Place(NamedTuple):
    """Where an offer was posted: a chat and a link to the message there (if any)."""

    offer_id: int
    chat_id: int
    chat_title: str | None
    link: str | None


class JobPostsRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    # --- offers and their de-duplication keys ---------------------------------------------
    async def repeated_offer(
        self,
        fingerprint: str,
        words: Sequence[str],
        since: datetime,
        *,
        rare: int = RARE_WORDS,
        per_word: int = OFFERS_PER_WORD,
        limit: int = CANDIDATES,
    ) -> Lookup:
        """The offer seen since `since` with this exact fingerprint, and the offers that
        share the post's rarest words (best first), in one statement.

        Bounded whatever the number of offers. The offers read are those of the post's
        ``READ_WORDS`` rarest words that are in at most `per_word` offers (whole posting
        lists, by index range), or, if there is none, the `per_word` newest offers of the
        rarest word. Each scores the sum of 1/(offers with the word) over the `rare` words it
        shares (checked by primary key), so a rare word (a company, an address) outweighs
        common ones, and a repost, sharing all of them, comes first even when it is older
        than every other offer of its company.
        """
        named = {f"w{i}": word for i, word in enumerate(words)}
        marks = ", ".join(f":{name}" for name in named) or "NULL"
        rows = await self.db.fetchall(
            "WITH rarest AS (SELECT word, offers FROM job_word_counts"
            f"  WHERE word IN ({marks}) ORDER BY offers LIMIT :rare),"
            " whole AS (SELECT word FROM rarest WHERE offers <= :per_word"
            "  ORDER BY offers LIMIT :read),"
            " fallback AS (SELECT word FROM rarest"
            "  WHERE NOT EXISTS (SELECT 1 FROM whole) ORDER BY offers LIMIT 1),"
            " found AS ("
            "  SELECT w.offer_id FROM whole JOIN job_offer_words w ON w.word = whole.word"
            "  UNION SELECT * FROM (SELECT offer_id FROM job_offer_words"
            "   WHERE word = (SELECT word FROM fallback) ORDER BY offer_id DESC LIMIT :per_word)),"
            " shared AS (SELECT f.offer_id, (SELECT sum(1.0 / r.offers) FROM rarest r"
            "   WHERE EXISTS (SELECT 1 FROM job_offer_words w"
            "    WHERE w.word = r.word AND w.offer_id = f.offer_id)) AS score"
            "  FROM found f ORDER BY score DESC, f.offer_id DESC LIMIT :limit)"
            " SELECT * FROM (SELECT id, normalised, fields, 1 FROM job_offers"
            "  WHERE fingerprint = :fingerprint AND last_seen >= :since"
            "  ORDER BY last_seen DESC LIMIT 1)"
            " UNION ALL SELECT * FROM (SELECT o.id, o.normalised, o.fields, 0"
            "  FROM shared JOIN job_offers o ON o.id = shared.offer_id"
            "  WHERE o.last_seen >= :since ORDER BY shared.score DESC, o.id DESC)",
            {
                **named,
                "rare": rare,
                "read": READ_WORDS,
                "per_word": per_word,
                "limit": limit,
                "fingerprint": fingerprint,
                "since": to_db(since),
            },
        )
        exact = next((int(r[0]) for r in rows if r[3]), None)
        return Lookup(exact, [Candidate(r[0], r[1], r[2]) for r in rows if not r[3]])

    async def create_offer(
        self,
        fingerprint: str,
        normalised: str,
        at: datetime,
        words: Sequence[str] = (),
        fields_json: str | None = None,
    ) -> int:
        """A new offer, with the words a later repost is looked up by."""
        async with self.db.transaction():
            offer_id = await self.db.insert(
                "INSERT INTO job_offers(fingerprint, normalised, first_seen, last_seen, fields)"
                " VALUES (?, ?, ?, ?, ?)",
                (fingerprint, normalised, to_db(at), to_db(at), fields_json),
            )
            distinct = list(dict.fromkeys(words))
            await self.db.executemany(
                "INSERT INTO job_offer_words(word, offer_id) VALUES (?, ?)",
                [(word, offer_id) for word in distinct],
            )
            await self.db.executemany(
                "INSERT INTO job_word_counts(word, offers) VALUES (?, 1)"
                " ON CONFLICT(word) DO UPDATE SET offers = offers + 1",
                [(word,) for word in distinct],
            )
        return offer_id

    async def touch_offer(self, offer_id: int, at: datetime) -> None:
        await self.db.execute(
            "UPDATE job_offers SET last_seen = max(last_seen, ?) WHERE id = ?",
            (to_db(at), offer_id),
        )

    # --- posts ------------------------------------------------------------------------------
    async def add_post(self, post: NewPost) -> int | None:
        """Store a post; None when this message was stored already."""
        return await self.db.insert_new(
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
        )

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
        """Out of digests and alerts (its queued alerts go with it)."""
        await self.db.execute("DELETE FROM job_posts WHERE id = ?", (post_id,))

    # --- admins' corrections ------------------------------------------------------------------
    async def correction(self, chat_id: int, message_id: int) -> Correction | None:
        value = await self.db.fetchval(
            "SELECT verdict FROM job_corrections WHERE chat_id = ? AND message_id = ?",
            (chat_id, message_id),
        )
        return None if value is None else Correction(value)

    async def set_correction(
        self, chat_id: int, message_id: int, verdict: Correction, by_user: int | None, at: datetime
    ) -> None:
        await self.db.execute(
            "INSERT INTO job_corrections(chat_id, message_id, verdict, by_user, at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT(chat_id, message_id) DO UPDATE SET"
            " verdict = excluded.verdict, by_user = excluded.by_user, at = excluded.at",
            (chat_id, message_id, verdict, by_user, to_db(at)),
        )

    # --- digests and places -----------------------------------------------------------------
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
        return [DigestRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], fast_time(r[7])) for r in rows]

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
