"""An event typed on one line: "Job Fair, Milano, 28/11" or "Salone, Torino, 28/11 - 30/11".

The first part is the name; a part that reads as a date (or two dates joined by "-", "al",
"to") gives the dates; the first other part is the place. A date without a year is the next
one not before today when possible (an event is usually ahead), else the most recent one.

Dates follow /add's rules and reasons: a part that looks like a date but is not one in the
calendar (31/02) is refused with its reason instead of becoming the place; an end before
the start, or a day more than a year ago or two years ahead, is refused too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.contacts.dates import DateError, DateProblem, parse_followup_date, parse_met_date
from bot.contacts.validation import MET_WHERE_MAX, FieldError, FieldProblem, validate_met_where

_RANGE = re.compile(r"\s+[-–]\s+|(?<=\d)[-–](?=\d{1,2}[/.])|\s+(?:al|to|until|fino al)\s+")
# What reads as a date even when it is not a valid one: digits joined by / . or -.
_DATE_LIKE = re.compile(r"^\s*\d{1,4}\s*[/.\-]\s*\d{1,2}(\s*[/.\-]\s*\d{1,4})?\s*$")
MAX_YEARS_AHEAD = 2
MAX_DAYS_AGO = 366


@dataclass(frozen=True, slots=True)
class EventInput:
    name: str
    place: str | None = None
    starts_on: date | None = None
    ends_on: date | None = None


@dataclass(frozen=True, slots=True)
class EventDatesError:
    """The dates could not be taken: a date's own problem, or an end before the start."""

    date_error: DateError | None = None
    end_before_start: bool = False


def read_date(text: str, today: date) -> date | DateError:
    """A day near today: ahead first (an event is usually to come), else behind. A day-month
    only weeks ago ("28/11" typed on 3/12) is the fair that just ended, not next year's: the
    follow-up parser refuses it as past (bot.contacts.dates.SLIP_DAYS)."""
    future = parse_followup_date(text, today=today)
    if not isinstance(future, DateError):
        return future
    past = parse_met_date(text, today=today)
    if not isinstance(past, DateError):
        return past
    if future.reason in (DateProblem.NO_SUCH_DATE, DateProblem.TOO_FAR):
        return future
    return past if past.reason != DateProblem.UNRECOGNISED else future


def _in_range(day: date, today: date) -> DateError | None:
    if (today - day).days > MAX_DAYS_AGO:
        return DateError(DateProblem.TOO_OLD, day)
    if day.year > today.year + MAX_YEARS_AHEAD:
        return DateError(DateProblem.TOO_FAR, day)
    return None


def _dates(part: str, today: date) -> tuple[date, date | None] | EventDatesError | None:
    """The dates in `part`; None when it is not about dates (then it is a place)."""
    single = read_date(part, today)
    if not isinstance(single, DateError):
        error = _in_range(single, today)
        return EventDatesError(error) if error else (single, None)
    pieces = _RANGE.split(part, maxsplit=1)
    if len(pieces) == 2:
        first, second = read_date(pieces[0], today), read_date(pieces[1], today)
        if not isinstance(first, DateError) and not isinstance(second, DateError):
            if second < first:
                return EventDatesError(end_before_start=True)
            error = _in_range(first, today) or _in_range(second, today)
            return EventDatesError(error) if error else (first, second)
        if _DATE_LIKE.match(pieces[0]) or _DATE_LIKE.match(pieces[1]):
            bad = first if isinstance(first, DateError) else second
            assert isinstance(bad, DateError)
            return EventDatesError(bad)
    if _DATE_LIKE.match(part) or single.reason == DateProblem.NO_SUCH_DATE:
        return EventDatesError(single)
    return None


def parse_event_line(text: str, *, today: date) -> EventInput | FieldError | EventDatesError:
    parts = [p.strip() for p in text.split(",")]
    name = validate_met_where(parts[0])
    if isinstance(name, FieldError):
        return name
    place: str | None = None
    starts: date | None = None
    ends: date | None = None
    for part in parts[1:]:
        if not part:
            continue
        dates = _dates(part, today) if starts is None else None
        if isinstance(dates, EventDatesError):
            return dates
        if dates is not None:
            starts, ends = dates
            continue
        checked = validate_met_where(part)
        if isinstance(checked, FieldError):
            return checked
        place = f"{place}, {checked}" if place else checked
    if place is not None and len(place) > MET_WHERE_MAX:
        return FieldError(FieldProblem.TOO_LONG, MET_WHERE_MAX, len(place))
    return EventInput(name, place, starts, ends)
