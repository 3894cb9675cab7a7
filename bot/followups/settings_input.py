"""Settings typed by the user: preferred hour, time zone, default follow-up days.

Choices:
- The preferred time keeps minutes ("09:30" -> 9:30); it must fall in the daytime window
  (08:00 to 20:59) because nudges are never sent at night.
- Time zones: an IANA name in any case ("europe/rome"), a city that is the last part of
  one ("London", "new york"), a few Italian and country names (ALIASES), or a fixed
  offset "UTC+2"/"GMT-5" in whole hours, which maps to "Etc/GMT-2"/"Etc/GMT+5" (POSIX
  sign, inverted) and does not follow daylight saving time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from functools import cache
from typing import NamedTuple
from zoneinfo import ZoneInfo, available_timezones

from bot.contacts.text import collapse_whitespace, fold
from bot.followups.policy import DAY_STARTS, NIGHT_STARTS

FOLLOWUP_DAYS_MIN = 1
FOLLOWUP_DAYS_MAX = 60
_MAX_SETTING_TEXT = 64

ALIASES = {
    "roma": "Europe/Rome",
    "milano": "Europe/Rome",
    "milan": "Europe/Rome",
    "torino": "Europe/Rome",
    "napoli": "Europe/Rome",
    "italia": "Europe/Rome",
    "italy": "Europe/Rome",
    "londra": "Europe/London",
    "parigi": "Europe/Paris",
    "berlino": "Europe/Berlin",
    "bruxelles": "Europe/Brussels",
    "monaco": "Europe/Berlin",  # Monaco di Baviera; the principality shares the offset
    "zurigo": "Europe/Zurich",
    "lisbona": "Europe/Lisbon",
    "atene": "Europe/Athens",
    "mosca": "Europe/Moscow",
    "new_york": "America/New_York",
    "san_francisco": "America/Los_Angeles",
}
_CANONICAL_REGIONS = (
    "Africa/",
    "America/",
    "Antarctica/",
    "Asia/",
    "Atlantic/",
    "Australia/",
    "Europe/",
    "Indian/",
    "Pacific/",
)


class SettingsProblem(StrEnum):
    NOT_UNDERSTOOD = "not_understood"
    OUT_OF_RANGE = "out_of_range"
    OUTSIDE_DAYTIME = "outside_daytime"  # a preferred hour in the quiet night hours
    UNKNOWN_TIMEZONE = "unknown_timezone"
    AMBIGUOUS_TIMEZONE = "ambiguous_timezone"


@dataclass(frozen=True, slots=True)
class SettingsError:
    reason: SettingsProblem
    minimum: int | None = None
    maximum: int | None = None
    candidates: tuple[str, ...] = ()  # for AMBIGUOUS_TIMEZONE


class PreferredTime(NamedTuple):
    hour: int
    minute: int


_HOUR = re.compile(
    r"(?:(?:ore|alle|alle ore|at|h) ?)?(?P<h>\d{1,2})(?:[:.h](?P<m>\d{2}))?"
    r" ?(?P<ampm>am|pm|a\.m\.|p\.m\.)?"
)
_DAYS = re.compile(r"(?P<n>\d{1,4}) ?(?:giorni|giorno|gg|g|days|day|d)?")
_UTC_OFFSET = re.compile(r"(?:utc|gmt) ?(?P<sign>[+-]) ?(?P<h>\d{1,2})(?::?00)?")


def parse_hour(text: str) -> PreferredTime | SettingsError:
    """ "9", "09:30", "9.30", "ore 9", "9pm" -> PreferredTime; must be 08:00-20:59."""
    match = _HOUR.fullmatch(_normalise(text))
    if not match:
        return SettingsError(SettingsProblem.NOT_UNDERSTOOD)
    hour, minute = int(match["h"]), int(match["m"] or 0)
    if ampm := match["ampm"]:
        if not 1 <= hour <= 12:
            return SettingsError(SettingsProblem.OUT_OF_RANGE, 1, 12)
        hour = hour % 12 + (12 if ampm.startswith("p") else 0)
    if hour > 23 or minute > 59:
        return SettingsError(SettingsProblem.OUT_OF_RANGE, 0, 23)
    chosen = PreferredTime(hour, minute)
    if not (DAY_STARTS.hour, DAY_STARTS.minute) <= chosen < (NIGHT_STARTS.hour, 0):
        return SettingsError(SettingsProblem.OUTSIDE_DAYTIME, DAY_STARTS.hour, NIGHT_STARTS.hour)
    return chosen


def parse_followup_days(text: str) -> int | SettingsError:
    """ "5", "5 giorni", "5 days" -> 5; allowed 1..60."""
    match = _DAYS.fullmatch(_normalise(text))
    if not match:
        return SettingsError(SettingsProblem.NOT_UNDERSTOOD)
    days = int(match["n"])
    if not FOLLOWUP_DAYS_MIN <= days <= FOLLOWUP_DAYS_MAX:
        return SettingsError(SettingsProblem.OUT_OF_RANGE, FOLLOWUP_DAYS_MIN, FOLLOWUP_DAYS_MAX)
    return days


def parse_timezone(text: str) -> str | SettingsError:
    """An IANA zone name from what the user typed (see the module docstring)."""
    typed = _normalise(text)
    if not typed:
        return SettingsError(SettingsProblem.NOT_UNDERSTOOD)
    key = typed.replace(" ", "_")
    by_name, by_city = _zone_index()
    if key in ALIASES:
        return ALIASES[key]
    if key in by_name:
        return by_name[key]
    if key in ("utc", "gmt", "z"):
        return "UTC"
    if match := _UTC_OFFSET.fullmatch(typed):
        # POSIX-style Etc names invert the sign: UTC+2 is Etc/GMT-2.
        name = f"Etc/GMT{'-' if match['sign'] == '+' else '+'}{int(match['h'])}"
        if name.lower() in by_name:
            return by_name[name.lower()]
        return SettingsError(SettingsProblem.OUT_OF_RANGE, -12, 14)
    candidates = by_city.get(key, ())
    if not candidates:
        return SettingsError(SettingsProblem.UNKNOWN_TIMEZONE)
    if len(candidates) == 1 or _same_clock(candidates):
        return candidates[0]
    return SettingsError(SettingsProblem.AMBIGUOUS_TIMEZONE, candidates=candidates)


def _normalise(text: str) -> str:
    return "" if len(text) > _MAX_SETTING_TEXT else fold(collapse_whitespace(text))


@cache
def _zone_index() -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """Lower-case name -> IANA name, and city (last part) -> IANA names, canonical first.

    Built once: available_timezones() scans the tz database (~40 ms).
    """
    by_name: dict[str, str] = {}
    by_city: dict[str, list[str]] = {}
    for name in sorted(available_timezones()):
        by_name[name.lower()] = name
        if name.startswith(_CANONICAL_REGIONS):
            by_city.setdefault(name.rsplit("/", 1)[1].lower(), []).append(name)
    return by_name, {city: tuple(names) for city, names in by_city.items()}


def _same_clock(names: tuple[str, ...]) -> bool:
    """True when every zone shows the same offset in winter and summer (links, aliases)."""
    samples = [datetime(2026, 1, 15, tzinfo=UTC), datetime(2026, 7, 15, tzinfo=UTC)]
    offsets = {tuple(s.astimezone(ZoneInfo(n)).utcoffset() for s in samples) for n in names}
    return len(offsets) == 1
