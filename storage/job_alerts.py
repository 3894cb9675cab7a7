"""Personal job alerts: each user's keyword rules, the outbox of matches, their network.

Everything here is scoped by its owner; rules and the outbox cascade from the user's row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from storage.db import Database, to_db
from storage.job_kinds import AlertMode, AlertStatus


@dataclass(frozen=True, slots=True)
class AlertRuleRow:
    id: int
    owner_id: int
    rule: str
    mode: AlertMode


@dataclass(frozen=True, slots=True)
class ActiveRule:
    owner_id: int
    rule: str
    mode: AlertMode
    timezone: str
    preferred_hour: int


@dataclass(frozen=True, slots=True)
class QueuedAlert:
    """A match to put in the outbox."""

    owner_id: int
    post_id: int
    offer_id: int
    mode: AlertMode
    rule: str
    due_at: datetime


@dataclass(frozen=True, slots=True)
class PendingAlert:
    """An outbox row with the post it is about."""

    id: int
    owner_id: int
    post_id: int
    offer_id: int
    mode: AlertMode
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


def _rule(row: Iterable[object]) -> AlertRuleRow:
    rule_id, owner_id, rule, mode = row
    assert isinstance(rule_id, int) and isinstance(owner_id, int) and isinstance(rule, str)
    return AlertRuleRow(rule_id, owner_id, rule, AlertMode(str(mode)))


class JobAlertsRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    # --- rules ------------------------------------------------------------------------------
    async def add_rule(self, owner_id: int, rule: str, mode: AlertMode) -> int | None:
        """The new rule's id; None when the owner has this rule already."""
        return await self.db.insert_new(
            "INSERT INTO job_alert_rules(owner_id, rule, mode) VALUES (?, ?, ?)"
            " ON CONFLICT(owner_id, rule) DO NOTHING",
            (owner_id, rule, mode),
        )

    async def count_rules(self, owner_id: int) -> int:
        value = await self.db.fetchval(
            "SELECT count(*) FROM job_alert_rules WHERE owner_id = ?", (owner_id,)
        )
        return int(value or 0)

    async def rules(self, owner_id: int) -> list[AlertRuleRow]:
        rows = await self.db.fetchall(
            "SELECT id, owner_id, rule, mode FROM job_alert_rules WHERE owner_id = ? ORDER BY id",
            (owner_id,),
        )
        return [_rule(row) for row in rows]

    async def get_rule(self, owner_id: int, rule_id: int) -> AlertRuleRow | None:
        row = await self.db.fetchone(
            "SELECT id, owner_id, rule, mode FROM job_alert_rules WHERE id = ? AND owner_id = ?",
            (rule_id, owner_id),
        )
        return _rule(row) if row else None

    async def delete_rule(self, owner_id: int, rule_id: int) -> bool:
        changed = await self.db.execute(
            "DELETE FROM job_alert_rules WHERE id = ? AND owner_id = ?", (rule_id, owner_id)
        )
        return changed == 1

    async def set_rule_mode(self, owner_id: int, rule_id: int, mode: AlertMode) -> bool:
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
        return [ActiveRule(r[0], r[1], AlertMode(r[2]), r[3], r[4]) for r in rows]

    # --- outbox -----------------------------------------------------------------------------
    async def enqueue_alerts(self, items: Iterable[QueuedAlert]) -> None:
        """Queue matches; a (user, post) queued before is ignored."""
        await self.db.executemany(
            "INSERT INTO job_alert_outbox(owner_id, post_id, offer_id, mode, rule, due_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(owner_id, post_id) DO NOTHING",
            [(a.owner_id, a.post_id, a.offer_id, a.mode, a.rule, to_db(a.due_at)) for a in items],
        )

    async def due_alerts(self, now: datetime) -> list[PendingAlert]:
        rows = await self.db.fetchall(
            "SELECT a.id, a.owner_id, a.post_id, a.offer_id, a.mode, a.rule, p.chat_id,"
            " c.title, p.link, p.text, p.fields FROM job_alert_outbox a"
            " JOIN job_posts p ON p.id = a.post_id JOIN job_chats c ON c.id = p.chat_id"
            " WHERE a.status = 'pending' AND a.due_at <= ? ORDER BY a.owner_id, a.id",
            (to_db(now),),
        )
        return [
            PendingAlert(
                r[0], r[1], r[2], r[3], AlertMode(r[4]), r[5], r[6], r[7], r[8], r[9], r[10]
            )
            for r in rows
        ]

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
        self, owner_id: int, ids: Iterable[int], status: AlertStatus, at: datetime
    ) -> None:
        await self.db.executemany(
            "UPDATE job_alert_outbox SET status = ?, done_at = ?"
            " WHERE id = ? AND owner_id = ? AND status = 'pending'",
            [(status, to_db(at), alert_id, owner_id) for alert_id in ids],
        )

    # --- the owner's network ------------------------------------------------------------------
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
