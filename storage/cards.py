"""Users' own cards, the tokens their QR links carry, and the exchanges scanning starts.

Every query is scoped: a card by its owner, a token by its text (random, unguessable), an
exchange by the id *and* the user who acts on it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import aiosqlite

from storage.db import Database, from_db, to_db


@dataclass(frozen=True, slots=True)
class Card:
    name: str
    role: str | None = None
    company: str | None = None
    email: str | None = None
    phone: str | None = None  # E.164
    linkedin_url: str | None = None


@dataclass(frozen=True, slots=True)
class TokenOwner:
    user_id: int
    revoked: bool


@dataclass(frozen=True, slots=True)
class Exchange:
    id: int
    owner_id: int
    scanner_id: int
    scanner_contact_id: int | None  # the owner, in the scanner's contacts
    owner_contact_id: int | None  # the scanner, in the owner's contacts
    owner_asked_at: datetime | None
    shared_at: datetime | None
    shared_details: dict[str, Any] | None  # what the scanner shared (JSON object)


def _opt_time(text: str | None) -> datetime | None:
    return from_db(text) if text else None


def _exchange(row: aiosqlite.Row) -> Exchange:
    return Exchange(
        id=row["id"],
        owner_id=row["owner_id"],
        scanner_id=row["scanner_id"],
        scanner_contact_id=row["scanner_contact_id"],
        owner_contact_id=row["owner_contact_id"],
        owner_asked_at=_opt_time(row["owner_asked_at"]),
        shared_at=_opt_time(row["shared_at"]),
        shared_details=json.loads(row["shared_details"]) if row["shared_details"] else None,
    )


class CardsRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    # ---- the card --------------------------------------------------------------------------
    async def get(self, user_id: int) -> Card | None:
        row = await self.db.fetchone("SELECT * FROM cards WHERE user_id = ?", (user_id,))
        if row is None:
            return None
        return Card(
            name=row["name"],
            role=row["role"],
            company=row["company"],
            email=row["email"],
            phone=row["phone"],
            linkedin_url=row["linkedin_url"],
        )

    async def save(self, user_id: int, card: Card, now: datetime) -> None:
        await self.db.execute(
            "INSERT INTO cards(user_id, name, role, company, email, phone, linkedin_url,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(user_id) DO UPDATE SET name = excluded.name, role = excluded.role,"
            " company = excluded.company, email = excluded.email, phone = excluded.phone,"
            " linkedin_url = excluded.linkedin_url, updated_at = excluded.updated_at",
            (
                user_id,
                card.name,
                card.role,
                card.company,
                card.email,
                card.phone,
                card.linkedin_url,
                to_db(now),
            ),
        )

    # ---- tokens ----------------------------------------------------------------------------
    async def live_token(self, user_id: int) -> str | None:
        value = await self.db.fetchval(
            "SELECT token FROM card_tokens WHERE user_id = ? AND revoked_at IS NULL", (user_id,)
        )
        return None if value is None else str(value)

    async def add_token(self, user_id: int, token: str, now: datetime) -> None:
        await self.db.execute(
            "INSERT INTO card_tokens(token, user_id, created_at) VALUES (?, ?, ?)",
            (token, user_id, to_db(now)),
        )

    async def revoke_tokens(self, user_id: int, now: datetime) -> int:
        return await self.db.execute(
            "UPDATE card_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
            (to_db(now), user_id),
        )

    async def token_owner(self, token: str) -> TokenOwner | None:
        row = await self.db.fetchone(
            "SELECT user_id, revoked_at FROM card_tokens WHERE token = ?", (token,)
        )
        if row is None:
            return None
        return TokenOwner(row["user_id"], row["revoked_at"] is not None)

    # ---- exchanges -------------------------------------------------------------------------
    async def exchange_between(self, owner_id: int, scanner_id: int) -> Exchange | None:
        row = await self.db.fetchone(
            "SELECT * FROM card_exchanges WHERE owner_id = ? AND scanner_id = ?",
            (owner_id, scanner_id),
        )
        return None if row is None else _exchange(row)

    async def exchange_for(self, exchange_id: int, user_id: int) -> Exchange | None:
        """The exchange, if `user_id` is one of its two sides (a button's id is only a hint)."""
        row = await self.db.fetchone(
            "SELECT * FROM card_exchanges WHERE id = ? AND ? IN (owner_id, scanner_id)",
            (exchange_id, user_id),
        )
        return None if row is None else _exchange(row)

    async def record_scan_save(
        self, owner_id: int, scanner_id: int, contact_id: int, now: datetime
    ) -> tuple[int, bool]:
        """Link the scanner's new contact to the exchange: (exchange id, whether it is new)."""
        existing = await self.exchange_between(owner_id, scanner_id)
        if existing is not None:
            await self.db.execute(
                "UPDATE card_exchanges SET scanner_contact_id = ? WHERE id = ?",
                (contact_id, existing.id),
            )
            return existing.id, False
        exchange_id = await self.db.insert(
            "INSERT INTO card_exchanges(owner_id, scanner_id, scanner_contact_id, created_at)"
            " VALUES (?, ?, ?, ?)",
            (owner_id, scanner_id, contact_id, to_db(now)),
        )
        return exchange_id, True

    async def mark_owner_asked(self, exchange_id: int, now: datetime) -> None:
        await self.db.execute(
            "UPDATE card_exchanges SET owner_asked_at = coalesce(owner_asked_at, ?) WHERE id = ?",
            (to_db(now), exchange_id),
        )

    async def record_share(self, exchange_id: int, details: dict[str, Any], now: datetime) -> None:
        await self.db.execute(
            "UPDATE card_exchanges SET shared_at = ?, shared_details = ? WHERE id = ?",
            (to_db(now), json.dumps(details, ensure_ascii=False), exchange_id),
        )

    async def set_owner_contact(self, exchange_id: int, contact_id: int) -> None:
        await self.db.execute(
            "UPDATE card_exchanges SET owner_contact_id = ? WHERE id = ?",
            (contact_id, exchange_id),
        )
