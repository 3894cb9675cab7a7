"""An event typed on one line: "Job Fair, Milano, 28/11" or "Salone, Torino, 28/11 - 30/11".

The first part is the name; a part that reads as a date (or two dates joined by "-", "al",
"to") gives the dates; the first other part is the place. A date without a year is the next
one not before today when possible (an event is usually ahead), else the most recent one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.contacts.dates import DateError, parse_followup_date, parse_met_date
from bot.contacts.validation import MET_WHERE_MAX, FieldError, FieldProblem, validate_met_where

_RANGE = re.compile(r"\s+[-–]\s+|(?<=\d)[-–](?=\d{1,2}[/.])|\s+(?:al|to|until|fino al)\s+")


@dataclass(frozen=True, slots=True)
class EventInput:
    name: str
    place: str | None = None
    starts_on: date | None = None
    ends_on: date | None = None


def read_date(text: str, today: date) -> date | None:
    for parse in (parse_followup_date, parse_met_date):
        result = parse(text, today=today)
        if not isinstance(result, DateError):
            return result
    return None


def _dates(part: str, today: date) -> tuple[date, date | None] | None:
    single = read_date(part, today)
    if single is not None:
        return single, None
    pieces = _RANGE.split(part, maxsplit=1)
    if len(pieces) == 2:
        first, second = read_date(pieces[0], today), read_date(pieces[1], today)
        if first and second and second >= first:
            return first, second
    return None


def parse_event_line(text: str, *, today: date) -> EventInput | FieldError:
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
