"""Dates typed by a user in Italian or English: when we met, when to follow up.

A compact explicit grammar rather than `dateparser`: dateparser takes ~130 ms to import
and ~180 ms on its first call, and with languages ['it', 'en'] it still misses
"l'altro ieri", "una settimana fa", "lunedì scorso", "lunedì prossimo" and
"fra una settimana" (see bench/bench_capture.py). This grammar is small and exact.

Resolution rules (documented because they are choices):
- Slash, dash and dot dates are day-first: 05/11 is 5 November. ISO 2026-11-05 also works.
- A two-digit year means 20yy.
- A date without a year is the most recent one not after today (meeting dates) or the
  next one not before today (follow-up dates).
- A bare weekday ("lunedì", "monday") is the most recent such day *before* today for a
  meeting (today is "oggi") and the next such day *after* today for a follow-up.
  "lunedì scorso"/"last Monday" and "lunedì prossimo"/"next Monday" mean the same:
  the nearest Monday strictly before / after today.
- "Un mese fa", "tra 2 mesi": calendar months, the day clamped to the month's end.
- "La settimana scorsa"/"last week" is seven days ago, "il mese scorso"/"last month" one
  calendar month ago, "l'anno scorso"/"last year" twelve: one day to stand for the period.
- A weekday with a day of the month ("venerdì 20", "Friday 20th") is the nearest such day
  in the wanted direction, this month or the one before (after); a weekday that does not
  match the date ("lunedì 20" when the 20th is a Friday) is WEEKDAY_MISMATCH, naming the
  date meant, rather than a guess.
- Day, month name and year may be joined by spaces, "-", "/" or "." ("20-nov-2026").
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Literal

from bot.contacts.date_words import DAY_OFFSETS, MONTHS, NUMBER_WORDS, UNITS, WEEKDAYS
from bot.contacts.text import collapse_whitespace, fold, normalise_apostrophes

MAX_DATE_TEXT = 60  # longer input is not a date; rejected before any regex runs
MET_MAX_YEARS_AGO = 50
FOLLOWUP_MAX_YEARS_AHEAD = 2
SLIP_DAYS = 60  # a day-month this close on the wrong side of today is that day, not a year off


class DateProblem(StrEnum):
    UNRECOGNISED = "unrecognised"
    NO_SUCH_DATE = "no_such_date"  # understood, but the calendar has no such day (31/02)
    FUTURE = "future"  # a meeting date after today
    TOO_OLD = "too_old"  # a meeting date more than 50 years ago
    PAST = "past"  # a follow-up date before today
    TOO_FAR = "too_far"  # a follow-up date more than 2 years ahead
    WEEKDAY_MISMATCH = "weekday_mismatch"  # "lunedì 20" when the 20th is not a Monday


@dataclass(frozen=True, slots=True)
class DateError:
    reason: DateProblem
    understood: date | None = None  # the date we read, when there was one (FUTURE, PAST…)


Direction = Literal["past", "future"]


def add_months(day: date, months: int) -> date:
    """Calendar month arithmetic, clamped to the end of the month (Jan 31 + 1 = Feb 28/29)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last))


def parse_met_date(text: str, *, today: date) -> date | DateError:
    """When we met: today or earlier, at most 50 years ago."""
    result = _interpret(text, today, "past")
    if isinstance(result, DateError):
        return result
    if result > today:
        return DateError(DateProblem.FUTURE, result)
    if result < _years_from(today, -MET_MAX_YEARS_AGO):
        return DateError(DateProblem.TOO_OLD, result)
    return result


def parse_followup_date(text: str, *, today: date) -> date | DateError:
    """When to follow up: today or later, at most 2 years ahead."""
    result = _interpret(text, today, "future")
    if isinstance(result, DateError):
        return result
    if result < today:
        return DateError(DateProblem.PAST, result)
    if result > _years_from(today, FOLLOWUP_MAX_YEARS_AHEAD):
        return DateError(DateProblem.TOO_FAR, result)
    return result


def _alternatives(words: dict[str, object]) -> str:
    # Longest first so "settimane" wins over "sett" and "un paio di" over "un".
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_NUM = rf"(?P<n>\d{{1,5}}|{_alternatives(dict(NUMBER_WORDS))})"
_UNIT = rf"(?P<unit>{_alternatives(dict(UNITS))})"
_WD = rf"(?P<wd>{_alternatives(dict(WEEKDAYS))})"
_MONTH = rf"(?P<month>{_alternatives(dict(MONTHS))})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th|°|o)?"
_YEAR = r"(?P<year>\d{4})"
_YEAR_ANY = r"(?P<year>\d{4}|\d{2})"

_AGO = re.compile(rf"{_NUM} ?{_UNIT} (?:fa|ago)")
# Python's re forbids a group name twice in one pattern, so each phrasing is its own regex.
_AHEAD = (
    re.compile(rf"(?:tra|fra|in|entro) {_NUM} ?{_UNIT}"),
    re.compile(rf"{_NUM} ?{_UNIT} from now"),
)
_LAST_WD = (
    re.compile(rf"(?:(?:lo|la) )?(?:scorso|scorsa|last|past) {_WD}"),
    re.compile(rf"{_WD} (?:scorso|scorsa|passato|passata)"),
)
_NEXT_WD = (
    re.compile(rf"(?:(?:il|la) )?(?:prossimo|prossima|next) {_WD}"),
    re.compile(rf"{_WD} (?:prossimo|prossima)"),
)
_BARE_WD = re.compile(rf"(?:(?:il|la|on|this|questo|questa) )?{_WD}")
_NEXT_WEEK = re.compile(r"(?:la )?(?:settimana prossima|prossima settimana)|next week")
_NEXT_MONTH = re.compile(r"(?:il )?(?:mese prossimo|prossimo mese)|next month")
_LAST_MONTH = re.compile(r"(?:il )?(?:mese scorso|scorso mese|mese passato)|last month")
_LAST_YEAR = re.compile(r"(?:l'|l )?(?:anno scorso|anno passato)|(?:lo )?scorso anno|last year")
_WEEKDAY_DAY = re.compile(rf"(?:(?:il|la|on) )?{_WD},? (?:the )?{_DAY}")
_NUMERIC_DMY = re.compile(
    r"(?P<day>\d{1,2})(?P<sep>[/.\-])(?P<month>\d{1,2})(?:(?P=sep)(?P<year>\d{4}|\d{2}))?"
)
_NUMERIC_YMD = re.compile(
    r"(?P<year>\d{4})(?P<sep>[/.\-])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})"
)
_DAY_MONTH = re.compile(
    rf"(?:(?:il|the|on) )?{_DAY}(?: (?:di |of )?|[-/.]){_MONTH}(?:[ \-/.,]+{_YEAR_ANY})?"
)
_MONTH_DAY = re.compile(rf"(?:on )?{_MONTH} {_DAY}(?:,? {_YEAR})?")

_TRAILING_ACCENT = re.compile(r"(?<=[a-z])'(?=\s|$)")  # "lunedi'" typed for "lunedì"
_SPACED_SEPARATOR = re.compile(r"(?<=\d) ?([/.\-]) ?(?=\d)")  # "25 / 11" -> "25/11"
# "lunedì 23 novembre", "Mon, Nov 23": the weekday before a full date is checked against it.
_LEADING_WEEKDAY = re.compile(rf"{_WD},? (?P<rest>(?:\d|{_alternatives(dict(MONTHS))}\b).*)")
_END_PUNCTUATION = " .!?,;"


def _normalise(text: str) -> str:
    folded = fold(normalise_apostrophes(collapse_whitespace(text))).strip(_END_PUNCTUATION)
    # "lunedi'" -> "lunedi", but keep "l'altro" (apostrophe followed by a letter).
    unaccented = _TRAILING_ACCENT.sub("", folded)
    return _SPACED_SEPARATOR.sub(r"\1", unaccented)


def _interpret(text: str, today: date, direction: Direction) -> date | DateError:
    if len(text) > MAX_DATE_TEXT:
        return DateError(DateProblem.UNRECOGNISED)
    phrase = _normalise(text)
    if not phrase:
        return DateError(DateProblem.UNRECOGNISED)
    if (m := _LEADING_WEEKDAY.fullmatch(phrase)) and not _WEEKDAY_DAY.fullmatch(phrase):
        result = _interpret_phrase(m["rest"], today, direction)
        if isinstance(result, date) and result.weekday() != WEEKDAYS[m["wd"]]:
            return DateError(DateProblem.WEEKDAY_MISMATCH, result)
        return result
    return _interpret_phrase(phrase, today, direction)


def _interpret_phrase(phrase: str, today: date, direction: Direction) -> date | DateError:
    if phrase in DAY_OFFSETS:
        return today + timedelta(days=DAY_OFFSETS[phrase])
    if m := _AGO.fullmatch(phrase):
        return _shift(today, -_number(m["n"]), UNITS[m["unit"]])
    if m := _first_match(_AHEAD, phrase):
        return _shift(today, _number(m["n"]), UNITS[m["unit"]])
    if m := _first_match(_LAST_WD, phrase):
        return _weekday(today, WEEKDAYS[m["wd"]], "past")
    if m := _first_match(_NEXT_WD, phrase):
        return _weekday(today, WEEKDAYS[m["wd"]], "future")
    if m := _BARE_WD.fullmatch(phrase):
        return _weekday(today, WEEKDAYS[m.group("wd")], direction)
    if _NEXT_WEEK.fullmatch(phrase):
        return today + timedelta(days=7)
    if _NEXT_MONTH.fullmatch(phrase):
        return add_months(today, 1)
    if _LAST_MONTH.fullmatch(phrase):
        return add_months(today, -1)
    if _LAST_YEAR.fullmatch(phrase):
        return add_months(today, -12)
    if m := _WEEKDAY_DAY.fullmatch(phrase):
        return _weekday_and_day(today, WEEKDAYS[m["wd"]], int(m["day"]), direction)
    if m := _NUMERIC_YMD.fullmatch(phrase):
        return _calendar_date(int(m["year"]), int(m["month"]), int(m["day"]))
    if m := _NUMERIC_DMY.fullmatch(phrase):
        return _day_month(m["day"], int(m["month"]), m["year"], today, direction)
    if (m := _DAY_MONTH.fullmatch(phrase)) or (m := _MONTH_DAY.fullmatch(phrase)):
        return _day_month(m["day"], MONTHS[m["month"]], m["year"], today, direction)
    return DateError(DateProblem.UNRECOGNISED)


def _first_match(patterns: tuple[re.Pattern[str], ...], phrase: str) -> re.Match[str] | None:
    for pattern in patterns:
        if m := pattern.fullmatch(phrase):
            return m
    return None


def _number(token: str) -> int:
    return int(token) if token.isdigit() else NUMBER_WORDS[token]


def _shift(today: date, amount: int, unit: str) -> date | DateError:
    try:
        if unit == "day":
            return today + timedelta(days=amount)
        if unit == "week":
            return today + timedelta(weeks=amount)
        return add_months(today, amount * (12 if unit == "year" else 1))
    except (OverflowError, ValueError):
        # Out of the calendar's range: certainly too far in that direction.
        return DateError(DateProblem.TOO_OLD if amount < 0 else DateProblem.TOO_FAR)


def _weekday(today: date, weekday: int, direction: Direction) -> date:
    if direction == "past":
        back = (today.weekday() - weekday) % 7 or 7
        return today - timedelta(days=back)
    ahead = (weekday - today.weekday()) % 7 or 7
    return today + timedelta(days=ahead)


def _weekday_and_day(today: date, weekday: int, day: int, direction: Direction) -> date | DateError:
    """For "venerdì 20": the 20th nearest in `direction` (this month or the one before or
    after) that is a Friday; when neither is, the nearest 20th, as WEEKDAY_MISMATCH."""
    if not 1 <= day <= 31:
        return DateError(DateProblem.UNRECOGNISED)
    step = -1 if direction == "past" else 1
    candidates: list[date] = []
    for months in range(0, 3 * step, step):
        first = add_months(today.replace(day=1), months)
        if day <= calendar.monthrange(first.year, first.month)[1]:
            candidate = first.replace(day=day)
            if (candidate <= today) if direction == "past" else (candidate >= today):
                candidates.append(candidate)
    for candidate in candidates[:2]:
        if candidate.weekday() == weekday:
            return candidate
    if not candidates:
        return DateError(DateProblem.NO_SUCH_DATE)
    return DateError(DateProblem.WEEKDAY_MISMATCH, candidates[0])


def _calendar_date(year: int, month: int, day: int) -> date | DateError:
    if not 1 <= month <= 12:
        return DateError(DateProblem.UNRECOGNISED)
    try:
        return date(year, month, day)
    except ValueError:
        return DateError(DateProblem.NO_SUCH_DATE)


def _day_month(
    day_text: str, month: int, year_text: str | None, today: date, direction: Direction
) -> date | DateError:
    day = int(day_text)
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        return DateError(DateProblem.UNRECOGNISED)
    if year_text is not None:
        year = int(year_text)
        return _calendar_date(year + 2000 if len(year_text) == 2 else year, month, day)
    # No year. A day a few weeks on the wrong side of today is a slip, not a year away: "1/12"
    # typed on 3 Dec for a follow-up is a day that has passed (the caller says so), not
    # 1 Dec next year; "5/12" for a meeting is in the future, not last December.
    near = [
        c for y in (-1, 0, 1) if isinstance(c := _calendar_date(today.year + y, month, day), date)
    ]
    if near:
        nearest = min(near, key=lambda c: abs((c - today).days))
        wrong_side = nearest > today if direction == "past" else nearest < today
        if wrong_side and abs((nearest - today).days) <= SLIP_DAYS:
            return nearest
    # Otherwise the nearest occurrence in the wanted direction. Eight years cover 29 Feb.
    step = -1 if direction == "past" else 1
    for offset in range(8):
        try:
            candidate = date(today.year + step * offset, month, day)
        except ValueError:
            continue
        if (direction == "past" and candidate <= today) or (
            direction == "future" and candidate >= today
        ):
            return candidate
    return DateError(DateProblem.NO_SUCH_DATE)


def _years_from(today: date, years: int) -> date:
    return add_months(today, 12 * years)
