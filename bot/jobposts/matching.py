"""Matching a new post against everyone's alert rules: who gets it, and when.

Pure: the rules come from storage, the result goes to the outbox.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.companies import company_matches
from bot.jobposts.alerts import AlertRule, parse_rule
from bot.jobposts.extract import JobPostFields
from bot.jobposts.schedule import next_digest_at
from storage.job_alerts import ActiveRule, NetworkContact
from storage.job_kinds import AlertMode, DigestEvery

MAX_KNOWN_PER_POST = 3


@dataclass(frozen=True, slots=True)
class Match:
    owner_id: int
    mode: AlertMode
    rule: str
    due_at: datetime


def match_rules(
    rules: Sequence[ActiveRule],
    text: str,
    fields: JobPostFields,
    now: datetime,
    *,
    sender_id: int | None = None,
) -> list[Match]:
    """One match per user whose rules accept the post; an instant rule wins over a daily one.
    The author of the post is not alerted about it."""
    best: dict[int, Match] = {}
    parsed: dict[str, AlertRule | None] = {}
    for rule in rules:
        if rule.owner_id == sender_id:
            continue
        current = best.get(rule.owner_id)
        if current is not None and current.mode is AlertMode.INSTANT:
            continue
        if rule.rule not in parsed:
            result = parse_rule(rule.rule)
            parsed[rule.rule] = result if isinstance(result, AlertRule) else None
        alert = parsed[rule.rule]
        if alert is None or not alert.matches(text, fields):
            continue
        if rule.mode is AlertMode.INSTANT:
            due = now
        else:
            due = next_digest_at(
                now,
                every=DigestEvery.DAILY,
                weekday=0,
                at=f"{rule.preferred_hour:02d}:00",
                timezone=rule.timezone,
            )
        best[rule.owner_id] = Match(rule.owner_id, rule.mode, rule.rule, due)
    return list(best.values())


def people_at(company: str | None, network: Sequence[NetworkContact]) -> tuple[NetworkContact, ...]:
    """The user's contacts who work at the post's company (fuzzy, case/accent-insensitive)."""
    if not company:
        return ()
    found = [contact for contact in network if company_matches(company, contact.company)]
    return tuple(found[:MAX_KNOWN_PER_POST])
