"""Group digest settings: reading `/digest …` arguments and computing when the next one is due.

Pure: no Telegram, no database. Words are accepted in English and Italian
(`/digest weekly monday 9:00`, `/digest settimanale lunedì 9:00`). `/digest all on` (`/digest
tutti on`) makes every post of the chat an offer, for dedicated job channels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.jobposts.text import fold
from storage.job_chats import JobChat
from storage.job_kinds import DigestEvery, DigestGrouping

DEFAULT_TIME = "09:00"

_WEEKDAYS: dict[str, int] = {}
for _index, _names in enumerate(
    (
        ("mon", "monday", "lun", "lunedi"),
        ("tue", "tuesday", "mar", "martedi"),
        ("wed", "wednesday", "mer", "mercoledi"),
        ("thu", "thursday", "gio", "giovedi"),
        ("fri", "friday", "ven", "venerdi"),
        ("sat", "saturday", "sab", "sabato"),
        ("sun", "sunday", "dom", "domenica"),
    )
):
    for _name in _names:
        _WEEKDAYS[_name] = _index

_ON = frozenset({"on", "si", "yes", "attiva", "attivo", "start"})
_OFF = frozenset({"off", "no", "disattiva", "stop"})
_NOW = frozenset({"now", "ora", "adesso", "subito"})
_DAILY = frozenset({"daily", "day", "giornaliero", "giornaliera", "ogni", "giorno", "quotidiano"})
_WEEKLY = frozenset({"weekly", "week", "settimanale", "settimana"})
_LANGUAGE = frozenset({"language", "lang", "lingua"})
_GROUP_BY = frozenset({"by", "per", "group", "raggruppa"})
_ALL_POSTS = frozenset({"all", "tutti", "tutto", "tutte"})
_FILLER = frozenset({"at", "alle", "ore", "on", "il", "di", "every", "each"})
_ROLE = frozenset({"role", "roles", "ruolo", "ruoli"})
_PLACE = frozenset({"place", "places", "city", "luogo", "luoghi", "citta", "sede"})
_LANGUAGES = {"it": "it", "italiano": "it", "italian": "it", "en": "en", "english": "en",
              "inglese": "en"}  # fmt: skip
_POST_WORDS = frozenset({"posts", "post", "messages", "messaggi", "offerte", "offers"})
_TIME_RE = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?$")


class DigestAction(StrEnum):
    SHOW = "show"
    ON = "on"
    OFF = "off"
    NOW = "now"
    SCHEDULE = "schedule"
    LANGUAGE = "language"
    GROUP_BY = "group_by"
    ALL_POSTS = "all_posts"


class DigestArgsError(StrEnum):
    """Why `/digest …` was not understood; the i18n layer explains each."""

    UNKNOWN = "unknown"
    BAD_TIME = "bad_time"
    BAD_DAY = "bad_day"
    BAD_LANGUAGE = "bad_language"
    BAD_GROUPING = "bad_grouping"
    BAD_ALL_POSTS = "bad_all_posts"


@dataclass(frozen=True, slots=True)
class DigestCommand:
    action: DigestAction
    every: DigestEvery | None = None
    weekday: int | None = None  # 0 = Monday
    at: str | None = None  # HH:MM
    language: str | None = None
    group_by: DigestGrouping | None = None
    all_posts: bool | None = None  # every post is an offer (on) or the classifier decides


def parse_time(text: str) -> str | None:
    """'9', '9:30', '09.30', '18:05' -> 'HH:MM'; None when not a time of day."""
    match = _TIME_RE.match(text.strip())
    if not match:
        return None
    hour, minute = int(match[1]), int(match[2] or 0)
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def parse_digest_args(args: list[str]) -> DigestCommand | DigestArgsError:
    words = [fold(a).strip(",;") for a in args if a.strip()]
    if not words:
        return DigestCommand(DigestAction.SHOW)
    head, rest = words[0], words[1:]
    if head in _NOW and not rest:
        return DigestCommand(DigestAction.NOW)
    if head in _ON and not rest:
        return DigestCommand(DigestAction.ON)
    if head in _OFF and not rest:
        return DigestCommand(DigestAction.OFF)
    if head in _LANGUAGE:
        language = _LANGUAGES.get(rest[0]) if len(rest) == 1 else None
        if language is None:
            return DigestArgsError.BAD_LANGUAGE
        return DigestCommand(DigestAction.LANGUAGE, language=language)
    if head in _GROUP_BY:
        if len(rest) == 1 and rest[0] in _ROLE:
            return DigestCommand(DigestAction.GROUP_BY, group_by=DigestGrouping.ROLE)
        if len(rest) == 1 and rest[0] in _PLACE:
            return DigestCommand(DigestAction.GROUP_BY, group_by=DigestGrouping.PLACE)
        return DigestArgsError.BAD_GROUPING
    if head in _ALL_POSTS and rest:
        switch = [word for word in rest if word not in _POST_WORDS]
        if len(switch) == 1 and switch[0] in _ON | _OFF:
            return DigestCommand(DigestAction.ALL_POSTS, all_posts=switch[0] in _ON)
        return DigestArgsError.BAD_ALL_POSTS
    return _parse_schedule(words)


def _parse_schedule(words: list[str]) -> DigestCommand | DigestArgsError:
    every: DigestEvery | None = None
    weekday: int | None = None
    at: str | None = None
    for word in words:
        if word in _WEEKLY:
            every = DigestEvery.WEEKLY
        elif word in _DAILY:
            every = every or DigestEvery.DAILY
        elif word in _WEEKDAYS:
            weekday = _WEEKDAYS[word]
            every = DigestEvery.WEEKLY
        elif word in _FILLER:
            continue
        elif word[:1].isdigit():
            at = parse_time(word)
            if at is None:
                return DigestArgsError.BAD_TIME
        else:
            return DigestArgsError.UNKNOWN
    if every is None and at is None:
        return DigestArgsError.UNKNOWN
    every = every or DigestEvery.DAILY
    if every is DigestEvery.WEEKLY and weekday is None:
        return DigestArgsError.BAD_DAY
    return DigestCommand(DigestAction.SCHEDULE, every=every, weekday=weekday, at=at)


def next_slot(chat: JobChat, now: datetime) -> datetime | None:
    """When the chat's next scheduled digest is due; None when the digest is off."""
    if not chat.digest_enabled:
        return None
    return next_digest_at(
        now,
        every=chat.digest_every,
        weekday=chat.digest_weekday,
        at=chat.digest_time,
        timezone=chat.digest_timezone,
    )


def next_digest_at(
    now: datetime, *, every: DigestEvery, weekday: int, at: str, timezone: str
) -> datetime:
    """The first local `at` (on `weekday` when weekly) strictly after `now`, in UTC.

    Local wall-clock time: a daily 09:00 digest stays at 09:00 across DST changes. A time
    skipped by a spring-forward gap is read as the instant after the gap (zoneinfo's fold).
    """
    zone = ZoneInfo(timezone)
    hour, minute = (int(part) for part in at.split(":"))
    local_now = now.astimezone(zone)
    day = local_now.date()
    for _ in range(9):
        if every == DigestEvery.WEEKLY and day.weekday() != weekday:
            day += timedelta(days=1)
            continue
        candidate = datetime.combine(day, time(hour, minute), tzinfo=zone)
        # Round-trip through UTC normalises a nonexistent (DST gap) local time.
        candidate_utc = candidate.astimezone(UTC)
        if candidate_utc > now:
            return candidate_utc
        day += timedelta(days=1)
    raise AssertionError("a weekly slot always exists within 8 days")
