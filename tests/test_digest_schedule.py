"""Pure: /digest arguments and the next due time of a digest (DST, weekly)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.jobposts.schedule import (
    DigestAction,
    DigestArgsError,
    DigestCommand,
    next_digest_at,
    parse_digest_args,
    parse_time,
)
from storage.job_kinds import DigestEvery


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("", DigestCommand(DigestAction.SHOW)),
        ("now", DigestCommand(DigestAction.NOW)),
        ("ora", DigestCommand(DigestAction.NOW)),
        ("on", DigestCommand(DigestAction.ON)),
        ("OFF", DigestCommand(DigestAction.OFF)),
        ("daily", DigestCommand(DigestAction.SCHEDULE, every="daily")),
        ("daily 18:30", DigestCommand(DigestAction.SCHEDULE, every="daily", at="18:30")),
        ("ogni giorno alle 8", DigestCommand(DigestAction.SCHEDULE, every="daily", at="08:00")),
        ("9.15", DigestCommand(DigestAction.SCHEDULE, every="daily", at="09:15")),
        (
            "weekly friday 18:00",
            DigestCommand(DigestAction.SCHEDULE, every="weekly", weekday=4, at="18:00"),
        ),
        (
            "settimanale lunedì alle 9",
            DigestCommand(DigestAction.SCHEDULE, every="weekly", weekday=0, at="09:00"),
        ),
        ("dom", DigestCommand(DigestAction.SCHEDULE, every="weekly", weekday=6)),
        ("language en", DigestCommand(DigestAction.LANGUAGE, language="en")),
        ("lingua italiano", DigestCommand(DigestAction.LANGUAGE, language="it")),
        ("by place", DigestCommand(DigestAction.GROUP_BY, group_by="place")),
        ("per ruolo", DigestCommand(DigestAction.GROUP_BY, group_by="role")),
        ("banana", DigestArgsError.UNKNOWN),
        ("now please", DigestArgsError.UNKNOWN),
        ("daily 25:00", DigestArgsError.BAD_TIME),
        ("daily 9:75", DigestArgsError.BAD_TIME),
        ("weekly 9:00", DigestArgsError.BAD_DAY),
        ("language de", DigestArgsError.BAD_LANGUAGE),
        ("by salary", DigestArgsError.BAD_GROUPING),
    ],
)
def test_parse_digest_args(args: str, expected: DigestCommand | DigestArgsError) -> None:
    assert parse_digest_args(args.split()) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("9", "09:00"), ("09:05", "09:05"), ("23.59", "23:59"), ("24", None), ("9:5", None)],
)
def test_parse_time(text: str, expected: str | None) -> None:
    assert parse_time(text) == expected


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize(
    ("now", "every", "weekday", "at", "expected"),
    [
        # Tuesday 24 Nov 2026, 10:00 Rome (UTC+1).
        (utc(2026, 11, 24, 9, 0), "daily", 0, "18:30", utc(2026, 11, 24, 17, 30)),
        (utc(2026, 11, 24, 9, 0), "daily", 0, "10:00", utc(2026, 11, 25, 9, 0)),  # not "now"
        (utc(2026, 11, 24, 9, 0), "weekly", 1, "09:00", utc(2026, 12, 1, 8, 0)),  # next Tue
        (utc(2026, 11, 24, 9, 0), "weekly", 4, "18:00", utc(2026, 11, 27, 17, 0)),
        # DST: 09:00 local is 08:00 UTC in winter, 07:00 UTC in summer.
        (utc(2026, 3, 28, 12, 0), "daily", 0, "09:00", utc(2026, 3, 29, 7, 0)),
        (utc(2026, 10, 24, 12, 0), "daily", 0, "09:00", utc(2026, 10, 25, 8, 0)),
        # 02:30 does not exist on 29 March 2026 in Rome: read as 03:30 CEST.
        (utc(2026, 3, 28, 12, 0), "daily", 0, "02:30", utc(2026, 3, 29, 1, 30)),
    ],
)
def test_next_digest_at(
    now: datetime, every: str, weekday: int, at: str, expected: datetime
) -> None:
    assert next_digest_at(
        now, every=DigestEvery(every), weekday=weekday, at=at, timezone="Europe/Rome"
    ) == (expected)
