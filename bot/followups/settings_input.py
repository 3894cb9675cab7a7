"""Settings typed by the user: preferred hour, time zone, default follow-up days.

Choices:
- The preferred time keeps minutes ("09:30" -> 9:30); it must fall in the daytime window
  (08:00 to 20:59) because nudges are never sent at night.
- Time zones: an IANA name in any case ("europe/rome"), a city that is the last part of
  one ("London", "new york"), a city or country as CLDR names it in Italian or English
  (through Babel's locale data: "varsavia", "stoccolma", "il cairo", "san paolo", "São
  Paulo", "Germania", "Stati Uniti"), a few big cities that are no zone's name (ALIASES:
  "milano", "monaco", "barcellona"), or a fixed offset "UTC+2"/"GMT-5" in whole hours,
  which maps to "Etc/GMT-2"/"Etc/GMT+5" (POSIX sign, inverted) and does not follow
  daylight saving time. Accents, case, spaces, hyphens and apostrophes do not matter. A
  name shared by zones on different clocks ("Stati Uniti") is AMBIGUOUS_TIMEZONE with the
  zones to choose from.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from functools import cache
from typing import NamedTuple
from zoneinfo import ZoneInfo, available_timezones

from babel import Locale
from babel.core import get_global

from bot.contacts.text import collapse_whitespace, fold
from bot.followups.policy import DAY_STARTS, NIGHT_STARTS

FOLLOWUP_DAYS_MIN = 1
FOLLOWUP_DAYS_MAX = 60
_MAX_SETTING_TEXT = 64

# Big cities that no zone is named after (CLDR names only each zone's exemplar city).
ALIASES = {
    "milano": "Europe/Rome",
    "milan": "Europe/Rome",
    "torino": "Europe/Rome",
    "turin": "Europe/Rome",
    "napoli": "Europe/Rome",
    "naples": "Europe/Rome",
    "firenze": "Europe/Rome",
    "florence": "Europe/Rome",
    "bologna": "Europe/Rome",
    "venezia": "Europe/Rome",
    "venice": "Europe/Rome",
    "genova": "Europe/Rome",
    "palermo": "Europe/Rome",
    "bari": "Europe/Rome",
    "monaco": "Europe/Berlin",  # Monaco di Baviera; the principality shares the offset
    "monaco_di_baviera": "Europe/Berlin",
    "munich": "Europe/Berlin",
    "francoforte": "Europe/Berlin",
    "frankfurt": "Europe/Berlin",
    "amburgo": "Europe/Berlin",
    "hamburg": "Europe/Berlin",
    "ginevra": "Europe/Zurich",
    "geneva": "Europe/Zurich",
    "barcellona": "Europe/Madrid",
    "barcelona": "Europe/Madrid",
    "lione": "Europe/Paris",
    "lyon": "Europe/Paris",
    "manchester": "Europe/London",
    "edimburgo": "Europe/London",
    "edinburgh": "Europe/London",
    "boston": "America/New_York",
    "washington": "America/New_York",
    "miami": "America/New_York",
    "san_francisco": "America/Los_Angeles",
    "seattle": "America/Los_Angeles",
    "pechino": "Asia/Shanghai",
    "beijing": "Asia/Shanghai",
    "mumbai": "Asia/Kolkata",
    "bombay": "Asia/Kolkata",
    "nuova_delhi": "Asia/Kolkata",
    "new_delhi": "Asia/Kolkata",
}
CLDR_LOCALES = ("it", "en")
_KEY_NOISE = re.compile(r"[^a-z0-9+]+")
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
    key = _key(typed)
    by_name, by_city = _zone_index()
    if key in ALIASES:
        return ALIASES[key]
    name = typed.replace(" ", "_")
    if "/" in name and name in by_name:
        return by_name[name]
    if key in ("utc", "gmt", "z"):
        return "UTC"
    if match := _UTC_OFFSET.fullmatch(typed):
        # POSIX-style Etc names invert the sign: UTC+2 is Etc/GMT-2.
        etc = f"Etc/GMT{'-' if match['sign'] == '+' else '+'}{int(match['h'])}"
        if etc.lower() in by_name:
            return by_name[etc.lower()]
        return SettingsError(SettingsProblem.OUT_OF_RANGE, -12, 14)
    candidates = _one_per_clock(by_city.get(key, ()))
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        return SettingsError(SettingsProblem.AMBIGUOUS_TIMEZONE, candidates=candidates)
    if name in by_name:  # the tz database's old one-word names: "Cuba", "Zulu"
        return by_name[name]
    return SettingsError(SettingsProblem.UNKNOWN_TIMEZONE)


def _normalise(text: str) -> str:
    return "" if len(text) > _MAX_SETTING_TEXT else fold(collapse_whitespace(text))


def _key(name: str) -> str:
    """ "Il Cairo", "il-cairo", "São Paulo" -> "il_cairo", "sao_paulo"."""
    return _KEY_NOISE.sub("_", fold(name)).strip("_")


@cache
def _zone_index() -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """Lower-case name -> IANA name, and place -> IANA names, canonical first.

    Places: the last part of each zone's name, then CLDR's city for the zone and the
    country names, in Italian and English; a city wins over a country of the same name.
    Built once: available_timezones() scans the tz database (~40 ms) and Babel loads two
    locales (~0.3 s).
    """
    by_name: dict[str, str] = {}
    by_city: dict[str, list[str]] = {}
    by_country: dict[str, list[str]] = {}
    zones = sorted(available_timezones())
    known = set(zones)
    for name in zones:
        by_name[name.lower()] = name
        if name.startswith(_CANONICAL_REGIONS):
            _add(by_city, _key(name.rsplit("/", 1)[1]), name)
    aliases: Mapping[str, str] = get_global("zone_aliases")
    territories: Mapping[str, str] = get_global("zone_territories")
    for code in CLDR_LOCALES:
        locale = Locale.parse(code)
        for cldr_zone, names in locale.time_zones.items():
            zone = cldr_zone if cldr_zone in known else aliases.get(cldr_zone, "")
            if zone in known and (city := names.get("city")):
                _add(by_city, _key(city), zone)
        for cldr_zone, territory in territories.items():
            zone = cldr_zone if cldr_zone in known else aliases.get(cldr_zone, "")
            if zone.startswith(_CANONICAL_REGIONS) and (
                country := locale.territories.get(territory)
            ):
                _add(by_country, _key(country), zone)
    for country, names in by_country.items():
        by_city.setdefault(country, names)
    return by_name, {city: tuple(names) for city, names in by_city.items()}


def _add(index: dict[str, list[str]], key: str, zone: str) -> None:
    names = index.setdefault(key, [])
    if key and zone not in names:
        names.append(zone)


# The zone to name for a clock that several zones of one country share.
_PREFERRED = frozenset(
    {
        "Europe/Madrid",
        "Europe/Lisbon",
        "Europe/Kyiv",
        "Europe/Moscow",
        "America/New_York",
        "America/Chicago",
        "America/Denver",
        "America/Phoenix",
        "America/Los_Angeles",
        "America/Anchorage",
        "America/Toronto",
        "America/Vancouver",
        "America/Halifax",
        "America/Mexico_City",
        "America/Sao_Paulo",
        "America/Manaus",
        "America/Argentina/Buenos_Aires",
        "Australia/Sydney",
        "Australia/Perth",
        "Australia/Adelaide",
        "Australia/Brisbane",
        "Asia/Jakarta",
        "Asia/Almaty",
    }
)


def _one_per_clock(names: tuple[str, ...]) -> tuple[str, ...]:
    """One zone per clock (offset in winter and in summer), the clocks most zones share
    first; for each clock a well-known zone when there is one, else the first listed."""
    samples = [datetime(2026, 1, 15, tzinfo=UTC), datetime(2026, 7, 15, tzinfo=UTC)]
    clocks: dict[tuple[object, ...], list[str]] = {}
    for name in names:
        clock = tuple(sample.astimezone(ZoneInfo(name)).utcoffset() for sample in samples)
        clocks.setdefault(clock, []).append(name)
    groups = sorted(clocks.values(), key=len, reverse=True)  # stable: ties keep their order
    return tuple(next((z for z in group if z in _PREFERRED), group[0]) for group in groups)


def zone_country(zone: str) -> str | None:
    """The ISO country (phone region) of an IANA zone, e.g. "US" for America/New_York;
    None for zones of no one country (UTC, Etc/…)."""
    territories: Mapping[str, str] = get_global("zone_territories")
    territory = territories.get(zone)
    return territory if territory and territory != "ZZ" and len(territory) == 2 else None
