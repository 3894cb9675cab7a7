"""Days and moments as users read them: one style per language, everywhere.

"Fri 4 Dec" / "ven 4 dic", with the year only when it is not the current one ("Fri 8 Jan
2027"). A moment adds the local time: "Fri 4 Dec, 10:00". A day moved off a weekend shows
both: "Sat 5 → Mon 7 Dec". The forms carry no article or preposition, so Italian sentences
never need to elide one ("del 8" cannot happen: texts say "il giorno {day}" or "{day}").
"""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date

from bot.i18n import Texts

_SAME_YEAR = "EEE d MMM"
_OTHER_YEAR = "EEE d MMM y"


def day(t: Texts, value: date, *, today: date) -> str:
    """ "Fri 4 Dec" (this year) or "Fri 8 Jan 2027"."""
    pattern = _SAME_YEAR if value.year == today.year else _OTHER_YEAR
    return str(format_date(value, pattern, locale=t.language))


def moment(t: Texts, local: datetime, *, today: date) -> str:
    """A local time on its day: "Fri 4 Dec, 10:00"."""
    return f"{day(t, local.date(), today=today)}, {local:%H:%M}"


def shifted_day(t: Texts, wanted: date, actual: date, *, today: date) -> str:
    """ "Sat 5 → Mon 7 Dec" when a weekend day was moved, else just the day."""
    if wanted == actual:
        return day(t, actual, today=today)
    weekday = str(format_date(wanted, "EEE d", locale=t.language))
    return f"{weekday} → {day(t, actual, today=today)}"
