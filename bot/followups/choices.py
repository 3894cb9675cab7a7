"""When to follow up: the choices /add and the contact card both offer, and the day each
one means.

Every choice counts from *today*, never from the day of the meeting: after a meeting eight
days ago, "In 2 days" is still two days from now, so no choice can land in the past. The
day shown on a button is the day the reminder will come, after the user's weekend shift
(a Saturday or Sunday moved to Monday; no other day moves).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from bot.followups.policy import working_day

SOON = 2
WEEK = 7
MAX_DAYS = 60


class FollowupKind(StrEnum):
    DEFAULT = "default"  # not chosen: the user's default number of days
    DAYS = "days"
    DATE = "date"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class FollowupChoice:
    kind: FollowupKind = FollowupKind.DEFAULT
    days: int | None = None
    on: date | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "days": self.days,
            "on": self.on.isoformat() if self.on else None,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> FollowupChoice:
        data = data or {}
        on = data.get("on")
        return cls(
            FollowupKind(data.get("kind", FollowupKind.DEFAULT.value)),
            data.get("days"),
            date.fromisoformat(on) if on else None,
        )


@dataclass(frozen=True, slots=True)
class FollowupDay:
    wanted: date  # the day the choice means
    day: date  # the day the reminder comes: `wanted`, or the Monday after a weekend day

    @property
    def shifted(self) -> bool:
        return self.wanted != self.day


def day_choices(default_days: int) -> tuple[int, ...]:
    """The day counts offered as buttons: in 2 days, the user's default, in a week."""
    return tuple(sorted({SOON, default_days, WEEK}))


def valid_days(days: int | None, default_days: int) -> bool:
    """A day count a button may carry (anything else is a forged button)."""
    return days is not None and days in day_choices(default_days)


def followup_day(
    choice: FollowupChoice, *, today: date, default_days: int, weekend_shift: bool
) -> FollowupDay | None:
    """The day `choice` means; None for "no follow-up"."""
    if choice.kind == FollowupKind.NONE:
        return None
    if choice.kind == FollowupKind.DATE and choice.on is not None:
        wanted = max(choice.on, today)
    else:
        days = choice.days if choice.kind == FollowupKind.DAYS and choice.days else default_days
        wanted = today + timedelta(days=days)
    return FollowupDay(wanted, working_day(wanted, weekend_shift))
