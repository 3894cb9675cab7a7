"""When follow-ups fall due, when they are delivered, snoozes and keep-in-touch cadence."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pytest

from bot.followups.cadence import next_keep_in_touch
from bot.followups.choices import day_choices
from bot.followups.policy import (
    SnoozeOption,
    UserSchedule,
    delivery_time,
    followup_due,
    snooze_until,
)
from storage.kinds import Cadence

ROME = UserSchedule()  # Europe/Rome, 10:00, weekend shift
ROME_NO_SHIFT = UserSchedule(weekend_shift=False)
ROME_TZ = ZoneInfo("Europe/Rome")


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def rome(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A wall-clock time in Rome, as the UTC moment the policy works with."""
    return datetime(year, month, day, hour, minute, tzinfo=ROME_TZ).astimezone(UTC)


# 2026: DST starts Sunday 29 March, ends Sunday 25 October (EU); ends 1 November (US).
@pytest.mark.parametrize(
    ("met_on", "days", "sched", "expected"),
    [
        (date(2026, 10, 20), 2, ROME, utc(2026, 10, 22, 8)),  # Thu 10:00 CEST
        (date(2026, 10, 22), 5, ROME, utc(2026, 10, 27, 9)),  # Tue 10:00 CET, after DST ends
        (date(2026, 10, 20), 4, ROME, utc(2026, 10, 26, 9)),  # Sat -> Mon, and DST ended
        (date(2026, 10, 20), 4, ROME_NO_SHIFT, utc(2026, 10, 24, 8)),  # Sat kept
        (date(2026, 10, 20), 5, ROME, utc(2026, 10, 26, 9)),  # Sun -> Mon
        (date(2026, 11, 27), 0, ROME, utc(2026, 11, 27, 9)),  # same day
        (date(2026, 11, 27), 3, ROME, utc(2026, 11, 30, 9)),  # Mon
        (date(2026, 3, 27), 2, ROME, utc(2026, 3, 30, 8)),  # Sun 29 Mar -> Mon, now CEST
        (date(2026, 11, 1), 1, UserSchedule(tz="America/New_York"), utc(2026, 11, 2, 15)),
        (
            date(2026, 11, 27),
            3,
            UserSchedule(preferred_hour=9, preferred_minute=30),
            utc(2026, 11, 30, 8, 30),
        ),
        # Non-existent local time: 02:30 on 29 March is skipped; moved forward by the gap.
        (
            date(2026, 3, 28),
            1,
            UserSchedule(preferred_hour=2, preferred_minute=30, weekend_shift=False),
            utc(2026, 3, 29, 1, 30),  # = 03:30 CEST
        ),
        # Ambiguous local time: 02:30 on 25 October happens twice; the first one (CEST).
        (
            date(2026, 10, 24),
            1,
            UserSchedule(preferred_hour=2, preferred_minute=30, weekend_shift=False),
            utc(2026, 10, 25, 0, 30),
        ),
    ],
)
def test_followup_due(met_on: date, days: int, sched: UserSchedule, expected: datetime) -> None:
    due = followup_due(met_on, days, sched)
    assert due == expected
    assert due.tzinfo is UTC


def test_non_existent_time_reads_as_half_past_three_locally() -> None:
    sched = UserSchedule(preferred_hour=2, preferred_minute=30, weekend_shift=False)
    local = followup_due(date(2026, 3, 28), 1, sched).astimezone(ROME_TZ)
    assert (local.hour, local.minute) == (3, 30)


def test_negative_days_are_a_programming_error() -> None:
    with pytest.raises(ValueError, match="negative"):
        followup_due(date(2026, 11, 27), -1, ROME)


@pytest.mark.parametrize(
    ("due", "now", "sched", "expected"),
    [
        # Not yet due: exactly when due.
        (utc(2026, 11, 30, 9), utc(2026, 11, 24, 14), ROME, utc(2026, 11, 30, 9)),
        # Overdue on a weekday afternoon: now.
        (utc(2026, 11, 20, 9), rome(2026, 11, 24, 15), ROME, rome(2026, 11, 24, 15)),
        (utc(2026, 11, 24, 9), utc(2026, 11, 24, 9), ROME, utc(2026, 11, 24, 9)),  # due == now
        # Daytime edges: 08:00 is day, 21:00 is night.
        (utc(2026, 11, 20, 9), rome(2026, 11, 24, 8), ROME, rome(2026, 11, 24, 8)),
        (utc(2026, 11, 20, 9), rome(2026, 11, 24, 21), ROME, rome(2026, 11, 25, 10)),
        (utc(2026, 11, 20, 9), rome(2026, 11, 24, 20, 59), ROME, rome(2026, 11, 24, 20, 59)),
        # Night: the next preferred hour, today's if still ahead.
        (utc(2026, 11, 20, 9), rome(2026, 11, 24, 22, 30), ROME, rome(2026, 11, 25, 10)),
        (utc(2026, 11, 20, 9), rome(2026, 11, 24, 7), ROME, rome(2026, 11, 24, 10)),
        (utc(2026, 11, 20, 9), rome(2026, 11, 25, 0, 30), ROME, rome(2026, 11, 25, 10)),
        # Weekend catch-up: waits for Monday only with the weekend shift.
        (utc(2026, 11, 20, 9), rome(2026, 11, 28, 12), ROME, rome(2026, 11, 30, 10)),
        (utc(2026, 11, 20, 9), rome(2026, 11, 28, 12), ROME_NO_SHIFT, rome(2026, 11, 28, 12)),
        (utc(2026, 11, 20, 9), rome(2026, 11, 27, 22), ROME, rome(2026, 11, 30, 10)),
        (utc(2026, 11, 20, 9), rome(2026, 11, 29, 23), ROME_NO_SHIFT, rome(2026, 11, 30, 10)),
        # Night across the end of DST: Saturday 22:00 CEST -> Sunday 10:00 CET.
        (utc(2026, 10, 20, 8), utc(2026, 10, 24, 20), ROME_NO_SHIFT, utc(2026, 10, 25, 9)),
        # Another zone: 23:00 in New York is 04:00 UTC the next day.
        (
            utc(2026, 11, 20, 15),
            utc(2026, 11, 25, 4),
            UserSchedule(tz="America/New_York"),
            utc(2026, 11, 25, 15),
        ),
    ],
)
def test_delivery_time(
    due: datetime, now: datetime, sched: UserSchedule, expected: datetime
) -> None:
    assert delivery_time(due, now, sched) == expected


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        delivery_time(datetime(2026, 11, 24, 9), utc(2026, 11, 24, 9), ROME)


@pytest.mark.parametrize(
    ("option", "now", "expected"),
    [
        (SnoozeOption.TOMORROW, rome(2026, 11, 26, 15), rome(2026, 11, 27, 10)),
        (SnoozeOption.THREE_DAYS, rome(2026, 11, 26, 15), rome(2026, 11, 30, 10)),  # Sun -> Mon
        (SnoozeOption.NEXT_WEEK, rome(2026, 11, 26, 15), rome(2026, 12, 3, 10)),
        # 23:30 UTC is already Friday in Rome: "tomorrow" is Saturday -> Monday.
        (SnoozeOption.TOMORROW, utc(2026, 11, 26, 23, 30), rome(2026, 11, 30, 10)),
        # Across the end of DST.
        (SnoozeOption.TOMORROW, rome(2026, 10, 25, 1), utc(2026, 10, 26, 9)),
    ],
)
def test_snooze_until(option: SnoozeOption, now: datetime, expected: datetime) -> None:
    assert snooze_until(option, now, ROME) == expected


@pytest.mark.parametrize(
    ("last", "cadence", "sched", "expected"),
    [
        (date(2026, 1, 31), Cadence.MONTHLY, ROME_NO_SHIFT, rome(2026, 2, 28, 10)),
        (date(2026, 1, 31), Cadence.MONTHLY, ROME, rome(2026, 3, 2, 10)),  # 28 Feb is Saturday
        (date(2028, 1, 31), Cadence.MONTHLY, ROME, rome(2028, 2, 29, 10)),
        (date(2026, 11, 30), Cadence.QUARTERLY, ROME_NO_SHIFT, rome(2027, 2, 28, 10)),
        (date(2026, 8, 31), Cadence.SEMIANNUAL, ROME_NO_SHIFT, rome(2027, 2, 28, 10)),
        (date(2028, 2, 29), Cadence.YEARLY, ROME_NO_SHIFT, rome(2029, 2, 28, 10)),
        (date(2026, 4, 15), Cadence.SEMIANNUAL, ROME, rome(2026, 10, 15, 10)),
    ],
)
def test_next_keep_in_touch(
    last: date, cadence: Cadence, sched: UserSchedule, expected: datetime
) -> None:
    assert next_keep_in_touch(last, cadence, sched) == expected


def test_no_cadence_means_no_reminder() -> None:
    assert next_keep_in_touch(date(2026, 1, 31), Cadence.NONE, ROME) is None


@pytest.mark.parametrize(
    ("default", "choices"),
    [(3, (2, 3, 7)), (2, (2, 7)), (7, (2, 7)), (1, (1, 2, 7)), (10, (2, 7, 10))],
)
def test_followup_day_buttons(default: int, choices: tuple[int, ...]) -> None:
    assert day_choices(default) == choices


def test_schedule_rejects_impossible_values() -> None:
    with pytest.raises(ValueError, match="out of range"):
        UserSchedule(preferred_hour=24)
    with pytest.raises(ZoneInfoNotFoundError):
        UserSchedule(tz="Mars/Olympus")


def test_every_due_moment_in_a_year_lands_at_ten_local_on_a_weekday() -> None:
    start = date(2026, 1, 1)
    for offset in range(366):
        local = followup_due(start + timedelta(days=offset), 3, ROME).astimezone(ROME_TZ)
        assert (local.hour, local.minute) == (10, 0)
        assert local.weekday() < 5
