"""Meeting and follow-up dates typed in Italian or English."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from bot.contacts.dates import (
    DateError,
    DateProblem,
    add_months,
    parse_followup_date,
    parse_met_date,
)

FRIDAY = date(2026, 11, 27)
MONDAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("oggi", FRIDAY),
        ("Oggi.", FRIDAY),
        ("ieri", date(2026, 11, 26)),
        ("l'altro ieri", date(2026, 11, 25)),
        ("L’altro ieri", date(2026, 11, 25)),
        ("altro ieri", date(2026, 11, 25)),
        ("3 giorni fa", date(2026, 11, 24)),
        ("3gg fa", date(2026, 11, 24)),
        ("una settimana fa", date(2026, 11, 20)),
        ("due settimane fa", date(2026, 11, 13)),
        ("un paio di giorni fa", date(2026, 11, 25)),
        ("un mese fa", date(2026, 10, 27)),
        ("lunedì scorso", date(2026, 11, 23)),
        ("lunedi scorso", date(2026, 11, 23)),
        ("LUNEDÌ", date(2026, 11, 23)),
        ("lunedi'", date(2026, 11, 23)),
        ("lo scorso martedì", date(2026, 11, 24)),
        ("domenica scorsa", date(2026, 11, 22)),
        ("venerdì", date(2026, 11, 20)),  # today is Friday: the bare weekday is a week ago
        ("25/11", date(2026, 11, 25)),
        ("5/11", date(2026, 11, 5)),
        ("25/11/2026", date(2026, 11, 25)),
        ("25-11-26", date(2026, 11, 25)),
        ("25.11.2026", date(2026, 11, 25)),
        ("2026-11-25", date(2026, 11, 25)),
        ("25 novembre", date(2026, 11, 25)),
        ("il 3 nov", date(2026, 11, 3)),
        ("25 novembre 2025", date(2025, 11, 25)),
        ("25/9", date(2026, 9, 25)),  # no year: the most recent one not in the future
        ("29/02", date(2024, 2, 29)),  # no year: the most recent leap day
        ("today", FRIDAY),
        ("yesterday", date(2026, 11, 26)),
        ("3 days ago", date(2026, 11, 24)),
        ("last Monday", date(2026, 11, 23)),
        ("a week ago", date(2026, 11, 20)),
        ("Nov 25", date(2026, 11, 25)),
        ("Nov. 25, 2025", date(2025, 11, 25)),
        ("25th November", date(2026, 11, 25)),
        ("the day before yesterday", date(2026, 11, 25)),
        ("ieri sera", date(2026, 11, 26)),
        ("stamattina", FRIDAY),
        ("25 / 11", date(2026, 11, 25)),
        ("mercoledì 25 novembre", date(2026, 11, 25)),
        ("Wed, Nov 25", date(2026, 11, 25)),
    ],
)
def test_met_date_phrases(text: str, expected: date) -> None:
    assert parse_met_date(text, today=FRIDAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("lunedì", date(2026, 11, 16)),  # today excluded: "oggi" says today
        ("lunedì scorso", date(2026, 11, 16)),
        ("last monday", date(2026, 11, 16)),
        ("domenica", date(2026, 11, 22)),
    ],
)
def test_met_weekday_on_that_weekday_is_a_week_back(text: str, expected: date) -> None:
    assert parse_met_date(text, today=MONDAY) == expected


@pytest.mark.parametrize(
    ("text", "reason", "understood"),
    [
        ("domani", DateProblem.FUTURE, date(2026, 11, 28)),
        ("lunedì prossimo", DateProblem.FUTURE, date(2026, 11, 30)),
        ("28/11/2026", DateProblem.FUTURE, date(2026, 11, 28)),
        ("1970-01-01", DateProblem.TOO_OLD, date(1970, 1, 1)),
        ("60 anni fa", DateProblem.TOO_OLD, date(1966, 11, 27)),
        ("99999 anni fa", DateProblem.TOO_OLD, None),
        ("31/02/2026", DateProblem.NO_SUCH_DATE, None),
        ("31/02", DateProblem.NO_SUCH_DATE, None),
        ("banana", DateProblem.UNRECOGNISED, None),
        ("", DateProblem.UNRECOGNISED, None),
        ("   ", DateProblem.UNRECOGNISED, None),
        ("13/13", DateProblem.UNRECOGNISED, None),
        ("32 novembre", DateProblem.UNRECOGNISED, None),
        ("3 giorni", DateProblem.UNRECOGNISED, None),
        ("x" * 20_000, DateProblem.UNRECOGNISED, None),
    ],
)
def test_met_date_errors(text: str, reason: DateProblem, understood: date | None) -> None:
    assert parse_met_date(text, today=FRIDAY) == DateError(reason, understood)


def test_fifty_years_ago_is_the_oldest_meeting_accepted() -> None:
    assert parse_met_date("27/11/1976", today=FRIDAY) == date(1976, 11, 27)
    assert parse_met_date("26/11/1976", today=FRIDAY) == DateError(
        DateProblem.TOO_OLD, date(1976, 11, 26)
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("oggi", FRIDAY),
        ("domani", date(2026, 11, 28)),
        ("dopodomani", date(2026, 11, 29)),
        ("tra 5 giorni", date(2026, 12, 2)),
        ("fra una settimana", date(2026, 12, 4)),
        ("tra 2 mesi", date(2027, 1, 27)),
        ("lunedì", date(2026, 11, 30)),
        ("lunedi", date(2026, 11, 30)),
        ("lunedì prossimo", date(2026, 11, 30)),
        ("il prossimo venerdì", date(2026, 12, 4)),  # today is Friday: next week's
        ("venerdì", date(2026, 12, 4)),
        ("domenica prossima", date(2026, 11, 29)),
        ("la settimana prossima", date(2026, 12, 4)),
        ("25/12", date(2026, 12, 25)),
        ("25/9", date(2027, 9, 25)),  # no year: the next one not in the past
        ("2026-12-05", date(2026, 12, 5)),
        ("5 dicembre", date(2026, 12, 5)),
        ("tomorrow", date(2026, 11, 28)),
        ("in 5 days", date(2026, 12, 2)),
        ("in a week", date(2026, 12, 4)),
        ("5 days from now", date(2026, 12, 2)),
        ("next Monday", date(2026, 11, 30)),
        ("Dec 5", date(2026, 12, 5)),
        ("next week", date(2026, 12, 4)),
    ],
)
def test_followup_date_phrases(text: str, expected: date) -> None:
    assert parse_followup_date(text, today=FRIDAY) == expected


@pytest.mark.parametrize(
    ("text", "reason", "understood"),
    [
        ("ieri", DateProblem.PAST, date(2026, 11, 26)),
        ("3 giorni fa", DateProblem.PAST, date(2026, 11, 24)),
        ("lunedì scorso", DateProblem.PAST, date(2026, 11, 23)),
        ("01/01/2026", DateProblem.PAST, date(2026, 1, 1)),
        ("tra 3 anni", DateProblem.TOO_FAR, date(2029, 11, 27)),
        ("28/11/2028", DateProblem.TOO_FAR, date(2028, 11, 28)),
        ("tra 99999 anni", DateProblem.TOO_FAR, None),
        ("mai", DateProblem.UNRECOGNISED, None),
    ],
)
def test_followup_date_errors(text: str, reason: DateProblem, understood: date | None) -> None:
    assert parse_followup_date(text, today=FRIDAY) == DateError(reason, understood)


def test_two_years_ahead_is_the_latest_followup_accepted() -> None:
    assert parse_followup_date("27/11/2028", today=FRIDAY) == date(2028, 11, 27)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 5, 15), 12, date(2027, 5, 15)),
        (date(2026, 1, 10), -13, date(2024, 12, 10)),
    ],
)
def test_add_months_clamps_to_month_end(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


# ---- as people type them (issue 10) ----------------------------------------------------------
TUESDAY = date(2026, 11, 24)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("la settimana scorsa", date(2026, 11, 17)),
        ("la scorsa settimana", date(2026, 11, 17)),
        ("settimana passata", date(2026, 11, 17)),
        ("last week", date(2026, 11, 17)),
        ("il mese scorso", date(2026, 10, 24)),
        ("mese passato", date(2026, 10, 24)),
        ("last month", date(2026, 10, 24)),
        ("l'anno scorso", date(2025, 11, 24)),
        ("L’anno scorso", date(2025, 11, 24)),
        ("lo scorso anno", date(2025, 11, 24)),
        ("last year", date(2025, 11, 24)),
        ("venerdì 20", date(2026, 11, 20)),
        ("venerdi 20", date(2026, 11, 20)),
        ("ven 20", date(2026, 11, 20)),
        ("Friday 20th", date(2026, 11, 20)),
        ("fri, 20", date(2026, 11, 20)),
        ("on Friday the 20th", date(2026, 11, 20)),
        ("sabato 31", date(2026, 10, 31)),  # no 31 November: the month before
        ("venerdì 30", date(2026, 10, 30)),  # 30 November is ahead: October's
        ("20-nov-2026", date(2026, 11, 20)),
        ("20-Nov-26", date(2026, 11, 20)),
        ("20/nov/2026", date(2026, 11, 20)),
        ("20.nov.2026", date(2026, 11, 20)),
        ("20 nov", date(2026, 11, 20)),
        ("20 Nov.", date(2026, 11, 20)),
        ("lunedì 23 novembre", date(2026, 11, 23)),
        ("Mon, Nov 23", date(2026, 11, 23)),
        ("mar 20", date(2026, 3, 20)),  # "mar" is March, not martedì
    ],
)
def test_met_dates_as_people_type_them(text: str, expected: date) -> None:
    assert parse_met_date(text, today=TUESDAY) == expected


@pytest.mark.parametrize(
    ("text", "reason", "understood"),
    [
        ("lunedì 20", DateProblem.WEEKDAY_MISMATCH, date(2026, 11, 20)),  # the 20th: a Friday
        ("martedì 23 novembre", DateProblem.WEEKDAY_MISMATCH, date(2026, 11, 23)),
        ("venerdì 32", DateProblem.UNRECOGNISED, None),
        ("31-feb-2026", DateProblem.NO_SUCH_DATE, None),
    ],
)
def test_met_dates_that_cannot_be(text: str, reason: DateProblem, understood: date | None) -> None:
    assert parse_met_date(text, today=TUESDAY) == DateError(reason, understood)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("venerdì 27", date(2026, 11, 27)),
        ("Friday 4th", date(2026, 12, 4)),
        ("20 dic", date(2026, 12, 20)),
        ("1-jan-2027", date(2027, 1, 1)),
    ],
)
def test_followup_dates_as_people_type_them(text: str, expected: date) -> None:
    assert parse_followup_date(text, today=TUESDAY) == expected


def test_last_week_is_no_follow_up_date() -> None:
    assert parse_followup_date("last week", today=TUESDAY) == DateError(
        DateProblem.PAST, date(2026, 11, 17)
    )


@pytest.mark.parametrize(
    ("today", "text", "parse", "expected"),
    [
        # A day-month a few weeks on the wrong side of today is that day, said to be wrong,
        # not the same day a year away (typed on 3 Dec, "1/12" became 1 Dec 2027).
        (
            date(2026, 12, 3),
            "1/12",
            parse_followup_date,
            DateError(DateProblem.PAST, date(2026, 12, 1)),
        ),
        (
            date(2027, 1, 10),
            "20/12",
            parse_followup_date,
            DateError(DateProblem.PAST, date(2026, 12, 20)),
        ),
        (
            date(2026, 12, 3),
            "5/12",
            parse_met_date,
            DateError(DateProblem.FUTURE, date(2026, 12, 5)),
        ),
        (
            date(2027, 1, 10),
            "15/1",
            parse_met_date,
            DateError(DateProblem.FUTURE, date(2027, 1, 15)),
        ),
        # Further away it is the next (or the last) one.
        (date(2026, 12, 3), "5/1", parse_followup_date, date(2027, 1, 5)),
        (date(2026, 12, 3), "1/10", parse_followup_date, date(2027, 10, 1)),
        (date(2027, 1, 10), "20/12", parse_met_date, date(2026, 12, 20)),
        (date(2026, 2, 1), "25/12", parse_met_date, date(2025, 12, 25)),
    ],
)
def test_a_day_just_on_the_wrong_side_is_a_slip(
    today: date, text: str, parse: Callable[..., date | DateError], expected: date | DateError
) -> None:
    assert parse(text, today=today) == expected
