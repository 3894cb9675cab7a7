"""Contacts and their full-text index. Every query is scoped by the owner's id."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime

import aiosqlite

from storage.db import Database, StorageError, date_from_db, date_to_db, from_db
from storage.kinds import Cadence, ContactStage
from storage.search_index import match_any, match_query, words
from storage.vocabulary import fold, query_keys


@dataclass(slots=True, kw_only=True)
class ContactDraft:
    """The fields a contact is captured with: by the /add dialogue, an importer, a card.

    The one shape of a contact's data: a stored `Contact` is a draft plus its bookkeeping.
    Phones are E.164 when known to be valid, else kept as typed; e-mails are normalised.
    """

    name: str
    company: str | None = None
    role: str | None = None
    met_on: date | None = None
    met_where: str | None = None
    event_id: int | None = None  # the event they were met at (one of the owner's)
    emails: Sequence[str] = field(default_factory=list)
    phones: Sequence[str] = field(default_factory=list)
    telegram_username: str | None = None  # without the leading @
    linkedin_url: str | None = None
    notes: str | None = None
    tags: Sequence[str] = field(default_factory=list)
    source: str | None = None  # e.g. "vcard", "linkedin", "google", "outlook", "telegram"

    def draft(self) -> ContactDraft:
        """Only the captured fields (of a stored contact too), as a new draft with lists."""
        values = {name: getattr(self, name) for name in DRAFT_FIELDS}
        for name in ("emails", "phones", "tags"):
            values[name] = list(values[name])
        return ContactDraft(**values)


@dataclass(slots=True, kw_only=True)
class Contact(ContactDraft):
    """A stored contact: its captured fields (as tuples) plus what the bot keeps about it."""

    id: int
    owner_id: int
    event_name: str | None = None
    stage: ContactStage = ContactStage.MET
    cadence: Cadence = Cadence.NONE
    created_at: datetime
    updated_at: datetime


DRAFT_FIELDS = tuple(f.name for f in fields(ContactDraft))

_SELECT = "SELECT c.*, e.name AS event_name FROM contacts c LEFT JOIN events e ON e.id = c.event_id"


def _contact(row: aiosqlite.Row) -> Contact:
    return Contact(
        id=row["id"],
        owner_id=row["owner_id"],
        name=row["name"],
        company=row["company"],
        role=row["role"],
        met_on=date_from_db(row["met_on"]),
        met_where=row["met_where"],
        event_id=row["event_id"],
        event_name=row["event_name"],
        emails=tuple(json.loads(row["emails"])),
        phones=tuple(json.loads(row["phones"])),
        telegram_username=row["telegram_username"],
        linkedin_url=row["linkedin_url"],
        notes=row["notes"],
        tags=tuple(json.loads(row["tags"])),
        stage=ContactStage(row["stage"]),
        cadence=Cadence(row["cadence"]),
        source=row["source"],
        created_at=from_db(row["created_at"]),
        updated_at=from_db(row["updated_at"]),
    )


def _values(data: ContactDraft) -> tuple[object, ...]:
    return (
        data.name,
        data.company,
        data.role,
        date_to_db(data.met_on),
        data.met_where,
        data.event_id,
        json.dumps(list(data.emails), ensure_ascii=False),
        json.dumps(list(data.phones), ensure_ascii=False),
        data.telegram_username,
        data.linkedin_url,
        data.notes,
        json.dumps(list(data.tags), ensure_ascii=False),
        data.source,
    )


_DATA_COLUMNS = (
    "name, company, role, met_on, met_where, event_id, emails, phones, telegram_username,"
    " linkedin_url, notes, tags, source"
)
_PLACEHOLDERS = ", ".join("?" * len(_DATA_COLUMNS.split(",")))


class ContactsRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def create(
        self,
        owner_id: int,
        data: ContactDraft,
        *,
        cadence: Cadence = Cadence.NONE,
        dialogue_key: str | None = None,
    ) -> int:
        """A new contact; `dialogue_key` marks the dialogue that saved it (see
        `by_dialogue_key`)."""
        return await self.db.insert(
            f"INSERT INTO contacts(owner_id, cadence, dialogue_key, {_DATA_COLUMNS})"
            f" VALUES (?, ?, ?, {_PLACEHOLDERS})",
            (owner_id, Cadence(cadence).value, dialogue_key, *_values(data)),
        )

    async def replace_data(self, owner_id: int, contact_id: int, data: ContactDraft) -> bool:
        """Overwrite the contact's captured fields (an edit or a merge)."""
        assignments = ", ".join(f"{col.strip()} = ?" for col in _DATA_COLUMNS.split(","))
        changed = await self.db.execute(
            f"UPDATE contacts SET {assignments}, updated_at = datetime('now')"
            " WHERE id = ? AND owner_id = ?",
            (*_values(data), contact_id, owner_id),
        )
        return changed == 1

    async def set_stage(self, owner_id: int, contact_id: int, stage: ContactStage) -> bool:
        return await self._set(owner_id, contact_id, "stage", ContactStage(stage).value)

    async def set_cadence(self, owner_id: int, contact_id: int, cadence: Cadence) -> bool:
        return await self._set(owner_id, contact_id, "cadence", Cadence(cadence).value)

    async def _set(self, owner_id: int, contact_id: int, column: str, value: object) -> bool:
        changed = await self.db.execute(
            f"UPDATE contacts SET {column} = ?, updated_at = datetime('now')"
            " WHERE id = ? AND owner_id = ?",
            (value, contact_id, owner_id),
        )
        return changed == 1

    async def get(self, owner_id: int, contact_id: int) -> Contact | None:
        row = await self.db.fetchone(
            f"{_SELECT} WHERE c.id = ? AND c.owner_id = ?", (contact_id, owner_id)
        )
        return _contact(row) if row else None

    async def delete(self, owner_id: int, contact_id: int) -> bool:
        changed = await self.db.execute(
            "DELETE FROM contacts WHERE id = ? AND owner_id = ?", (contact_id, owner_id)
        )
        return changed == 1

    async def count(self, owner_id: int, *, event_id: int | None = None) -> int:
        if event_id is None:
            return int(
                await self.db.fetchval(
                    "SELECT count(*) FROM contacts WHERE owner_id = ?", (owner_id,)
                )
            )
        return int(
            await self.db.fetchval(
                "SELECT count(*) FROM contacts WHERE owner_id = ? AND event_id = ?",
                (owner_id, event_id),
            )
        )

    async def page(
        self, owner_id: int, *, offset: int, limit: int, event_id: int | None = None
    ) -> list[Contact]:
        """Newest first."""
        where, params = "c.owner_id = ?", [owner_id]
        if event_id is not None:
            where += " AND c.event_id = ?"
            params.append(event_id)
        rows = await self.db.fetchall(
            f"{_SELECT} WHERE {where} ORDER BY c.id DESC LIMIT ? OFFSET ?",
            (*params, limit, offset),
        )
        return [_contact(row) for row in rows]

    async def all_for_owner(self, owner_id: int) -> list[Contact]:
        rows = await self.db.fetchall(f"{_SELECT} WHERE c.owner_id = ? ORDER BY c.id", (owner_id,))
        return [_contact(row) for row in rows]

    async def search(self, owner_id: int, text: str, *, limit: int = 20) -> list[Contact]:
        """Full-text search: accents ignored, every word a prefix, all words required.

        People whose name matches come first, then matches in company, role, place, event,
        notes and tags; newest first within each. Both are rowid-ordered scans of the owner's
        own index terms that stop at `limit` (ranking every match by relevance would read all
        of them: thousands for a common word in a large address book).
        """
        found: list[Contact] = []
        for column in ("name", None):
            query = match_query(owner_id, text, column=column)
            if query is None:
                return []
            seen = [contact.id for contact in found]
            not_seen = f" AND rowid NOT IN ({', '.join('?' * len(seen))})" if seen else ""
            rows = await self.db.fetchall(
                f"{_SELECT} WHERE c.owner_id = ? AND c.id IN ("
                f"   SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ?{not_seen}"
                "   ORDER BY rowid DESC LIMIT ?)"
                " ORDER BY c.id DESC",
                (owner_id, query, *seen, limit - len(found)),
            )
            found += [_contact(row) for row in rows]
            if len(found) >= limit:
                break
        return found

    # --- porting ---
    async def identities(self, owner_id: int) -> list[ContactIdentity]:
        """What duplicate detection compares, for every contact of the owner: a light read
        (no join, no notes) so that checking an import of thousands stays cheap."""
        rows = await self.db.fetchall(
            "SELECT id, name, company, emails, phones, telegram_username FROM contacts"
            " WHERE owner_id = ? ORDER BY id",
            (owner_id,),
        )
        return [_identity(row) for row in rows]

    async def create_many(
        self, owner_id: int, contacts: Sequence[ContactDraft], *, cadence: Cadence = Cadence.NONE
    ) -> list[int]:
        """Insert every contact in one transaction (all or none); ids in input order.

        One executemany (3x faster than row by row for 10,000). The ids are read back: inside
        the write transaction nobody else inserts, and SQLite gives each new row max(id) + 1,
        so the rows above the previous maximum are ours, in insertion order. Should SQLite
        ever pick ids otherwise (only after id 2^63 - 1), the count check rolls back."""
        async with self.db.transaction():
            before = int(await self.db.fetchval("SELECT coalesce(max(id), 0) FROM contacts"))
            await self.db.executemany(
                f"INSERT INTO contacts(owner_id, cadence, {_DATA_COLUMNS})"
                f" VALUES (?, ?, {_PLACEHOLDERS})",
                [(owner_id, Cadence(cadence).value, *_values(data)) for data in contacts],
            )
            rows = await self.db.fetchall(
                "SELECT id FROM contacts WHERE id > ? ORDER BY id", (before,)
            )
            if len(rows) != len(contacts):
                raise StorageError("contact ids were not assigned in sequence")
        return [int(row[0]) for row in rows]

    async def set_cadence_many(
        self, owner_id: int, contact_ids: Sequence[int], cadence: Cadence
    ) -> None:
        await self.db.executemany(
            "UPDATE contacts SET cadence = ?, updated_at = datetime('now')"
            " WHERE id = ? AND owner_id = ?",
            [(Cadence(cadence).value, contact_id, owner_id) for contact_id in contact_ids],
        )

    async def compact_search_index(self) -> None:
        """Merge the full-text index into one segment, dropping deleted rows' words.

        FTS5 records a delete as a marker and keeps the old words in earlier segments until
        they are merged; after /forget they must be gone from the file, not just hidden."""
        await self.db.execute("INSERT INTO contacts_fts(contacts_fts) VALUES ('optimize')")

    async def duplicate_candidates(
        self,
        owner_id: int,
        *,
        name: str,
        company_words: Sequence[str],
        emails: Sequence[str],
        phones: Sequence[str],
        telegram_username: str | None,
        limit: int = 30,
    ) -> list[ContactIdentity]:
        """The owner's contacts that could be the same person as a new one, for
        bot.contacts.duplicates to judge: the same e-mail, phone or @username (by index),
        and, from the owner's part of the search index, the newest `limit` with every word
        of the name, and the newest `limit` with a word of the name at the same company
        (`company_words`: every one of them). A narrow read whatever the address book's size.
        """
        parts: list[str] = []
        params: list[object] = []
        handles = [
            *(("email", e.casefold()) for e in emails),
            *(("phone", p) for p in phones),
        ]
        if telegram_username:
            handles.append(("telegram", telegram_username.removeprefix("@").casefold()))
        if handles:
            pairs = " OR ".join("(kind = ? AND value = ?)" for _ in handles)
            parts.append(f"SELECT contact_id FROM contact_handles WHERE owner_id = ? AND ({pairs})")
            params += [owner_id, *(item for pair in handles for item in pair)]
        name_words = words(name)
        queries = [match_any(owner_id, [[word] for word in name_words], column="name")]
        if company_words:
            same_company = match_any(owner_id, [[w] for w in company_words], column="company")
            any_name_word = match_any(owner_id, [name_words], column="name")
            if same_company and any_name_word:
                queries.append(f"({any_name_word}) AND ({same_company})")
        for query in queries:
            if query:
                parts.append(
                    "SELECT rowid FROM (SELECT rowid FROM contacts_fts"
                    " WHERE contacts_fts MATCH ? ORDER BY rowid DESC LIMIT ?)"
                )
                params += [query, limit]
        if not parts:
            return []
        rows = await self.db.fetchall(
            "SELECT id, name, company, emails, phones, telegram_username FROM contacts"
            f" WHERE owner_id = ? AND id IN ({' UNION '.join(parts)})",
            [owner_id, *params],
        )
        return [_identity(row) for row in rows]

    async def by_dialogue_key(self, owner_id: int, key: str) -> int | None:
        """The contact a dialogue already saved (its Save replayed after a crash)."""
        value = await self.db.fetchval(
            "SELECT id FROM contacts WHERE owner_id = ? AND dialogue_key = ?", (owner_id, key)
        )
        return None if value is None else int(value)

    # --- typo-tolerant /find ---
    async def words_near(self, owner_id: int, word: str, *, spread: int = 2) -> list[str]:
        """The owner's name and company words that could be `word` typed with a mistake
        (storage/vocabulary.py), at most `spread` letters longer or shorter: an index
        lookup of a dozen keys, whatever the size of the vocabulary."""
        word = fold(word)
        if not word:
            return []
        keys = query_keys(word)
        rows = await self.db.fetchall(
            "SELECT DISTINCT k.word FROM contact_word_keys k"
            f" WHERE k.owner_id = ? AND k.key IN ({', '.join('?' * len(keys))})"
            " AND length(k.word) BETWEEN ? AND ?",
            (owner_id, *keys, max(1, len(word) - spread), len(word) + spread),
        )
        return [row[0] for row in rows]

    async def with_name_words(
        self, owner_id: int, alternatives: Sequence[Sequence[str]], *, limit: int
    ) -> list[tuple[int, str, str | None]]:
        """(id, name, company) of contacts whose name or company holds, for every group, one
        of its exact words (newest first)."""
        query = match_any(owner_id, alternatives, column="{name company}")
        if query is None:
            return []
        rows = await self.db.fetchall(
            "SELECT id, name, company FROM contacts WHERE owner_id = ? AND id IN ("
            " SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ?"
            " ORDER BY rowid DESC LIMIT ?)",
            (owner_id, query, limit),
        )
        return [(row[0], row[1], row[2]) for row in rows]


def _identity(row: aiosqlite.Row) -> ContactIdentity:
    return ContactIdentity(
        id=row["id"],
        name=row["name"],
        company=row["company"],
        emails=tuple(json.loads(row["emails"])),
        phones=tuple(json.loads(row["phones"])),
        telegram_username=row["telegram_username"],
    )


@dataclass(frozen=True, slots=True)
class ContactIdentity:
    """A stored contact as duplicate detection sees it: a light read, no notes, no join."""

    id: int
    name: str
    company: str | None = None
    emails: Sequence[str] = ()
    phones: Sequence[str] = ()
    telegram_username: str | None = None
