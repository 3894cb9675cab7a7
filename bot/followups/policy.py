"""When a follow-up is due, when it may be delivered, and where a snooze moves it.

All functions take and return aware datetimes in UTC; local reasoning happens in the
user's IANA zone with zoneinfo, so DST is handled by the tz database:
- an ambiguous local time (the repeated hour when DST ends) is taken at its first
  occurrence (fold=0);
- a non-existent local time (the skipped hour when DST starts) moves forward by the
  gap: 02:30 on the spring-forward day in Europe/Rome is delivered at 03:30 CEST.
Daytime is 08:00-21:00 local; the night (21:00-08:00) is quiet.
Weekend rule: with `weekend_shift`, anything landing on Saturday or Sunday moves to
Monday at the preferred time. This also applies to late catch-ups: a reminder found
overdue on a Saturday waits for Monday only when `weekend_shift` is on; otherwise it is
sent at once if it is daytime.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from storage.users import User

DEFAULT_TIMEZONE = "Europe/Rome"
DEFAULT_PREFERRED_HOUR = 10
DAY_STARTS = time(8, 0)  # quiet hours end
NIGHT_STARTS = time(21, 0)  # quiet hours begin
SATURDAY = 5


@dataclass(frozen=True, slots=True)
class UserSchedule:
    tz: str = DEFAULT_TIMEZONE  # IANA name
    preferred_hour: int = DEFAULT_PREFERRED_HOUR
    weekend_shift: bool = True
    preferred_minute: int = 0

    def __post_init__(self) -> None:
        if not 0 <= self.preferred_hour <= 23 or not 0 <= self.preferred_minute <= 59:
            raise ValueError("preferred time out of range")
        ZoneInfo(self.tz)  # raises ZoneInfoNotFoundError for an unknown zone

    def without_weekend_shift(self) -> UserSchedule:
        """The same schedule for things tied to a fixed day (the eve of an event)."""
        return replace(self, weekend_shift=False)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)  # ZoneInfo caches instances by key

    @property
    def preferred_time(self) -> time:
        return time(self.preferred_hour, self.preferred_minute)


class SnoozeOption(StrEnum):
    TOMORROW = "tomorrow"
    THREE_DAYS = "three_days"
    NEXT_WEEK = "next_week"  # seven days from today, not "next Monday"


_SNOOZE_DAYS = {SnoozeOption.TOMORROW: 1, SnoozeOption.THREE_DAYS: 3, SnoozeOption.NEXT_WEEK: 7}


def user_schedule(user: User) -> UserSchedule:
    return UserSchedule(
        tz=user.timezone,
        preferred_hour=user.preferred_hour,
        weekend_shift=user.weekend_shift,
        preferred_minute=user.preferred_minute,
    )


def local_today(now_utc: datetime, tz: str) -> date:
    """The calendar day it is in the IANA zone `tz` at the aware moment `now_utc`."""
    _require_aware(now_utc)
    return now_utc.astimezone(ZoneInfo(tz)).date()


def working_day(day: date, weekend_shift: bool) -> date:
    """`day`, or the Monday after when it falls on a weekend and the shift is on."""
    if weekend_shift and day.weekday() >= SATURDAY:
        return day + timedelta(days=7 - day.weekday())
    return day


def slot_on(day: date, sched: UserSchedule) -> datetime:
    """The user's preferred time on a local calendar day (weekend rule applied), in UTC."""
    day = working_day(day, sched.weekend_shift)
    local = datetime.combine(day, sched.preferred_time, tzinfo=sched.zone)  # fold=0
    return local.astimezone(UTC)


def followup_due(met_on: date, days: int, sched: UserSchedule) -> datetime:
    """The moment a follow-up falls due: `days` after the meeting, at the preferred time."""
    if days < 0:
        raise ValueError("days must not be negative")
    return slot_on(met_on + timedelta(days=days), sched)


def delivery_time(due_utc: datetime, now_utc: datetime, sched: UserSchedule) -> datetime:
    """When to actually send a reminder that is due at `due_utc`, seen at `now_utc`.

    Not yet due: at `due_utc`. Overdue (entered late, or the bot was down): now if it is
    daytime for the user (and not a weekend when `weekend_shift`), else the next
    preferred time.
    """
    _require_aware(due_utc, now_utc)
    if due_utc > now_utc:
        return due_utc
    local_now = now_utc.astimezone(sched.zone)
    if is_daytime(local_now) and not (sched.weekend_shift and local_now.weekday() >= SATURDAY):
        return now_utc
    day = local_now.date()
    today_slot = slot_on(day, sched)
    return today_slot if today_slot > now_utc else slot_on(day + timedelta(days=1), sched)


def snooze_until(option: SnoozeOption, now_utc: datetime, sched: UserSchedule) -> datetime:
    """The new due moment: 1, 3 or 7 local days from today at the preferred time."""
    _require_aware(now_utc)
    today = now_utc.astimezone(sched.zone).date()
    return slot_on(today + timedelta(days=_SNOOZE_DAYS[option]), sched)


def is_daytime(local: datetime) -> bool:
    """08:00 <= local time < 21:00."""
    return DAY_STARTS <= local.time() < NIGHT_STARTS


def _require_aware(*moments: datetime) -> None:
    for moment in moments:
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ValueError("naive datetime: pass aware UTC datetimes")
