"""Dates and channels as a user reads them, in their language (pure)."""

from __future__ import annotations

import re
from datetime import date, datetime

from babel.dates import format_date, format_datetime

from bot.i18n import N_, Texts

# How a follow-up was done: interaction kinds (storage.interactions.KINDS) the nudge offers.
CHANNEL_LABELS: dict[str, str] = {
    "message": N_("💬 Message"),
    "email": N_("✉️ E-mail"),
    "phone": N_("📞 Phone"),
    "in_person": N_("🤝 In person"),
}
CHANNEL_DONE: dict[str, str] = {
    "message": N_("by message"),
    "email": N_("by e-mail"),
    "phone": N_("by phone"),
    "in_person": N_("in person"),
}

_USERNAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{3,31}$")


def day_text(t: Texts, day: date) -> str:
    """ "24 November 2026" / "24 novembre 2026"."""
    return format_date(day, "d MMMM y", locale=t.language)


def moment_text(t: Texts, local: datetime) -> str:
    """ "Friday 27 November, 10:00" / "venerdì 27 novembre, 10:00" (a local time)."""
    return format_datetime(local, "EEEE d MMMM, HH:mm", locale=t.language)


def telegram_url(username: str | None) -> str | None:
    """https://t.me/<username> for a plausible username; None otherwise."""
    if not username:
        return None
    name = username.removeprefix("@")
    return f"https://t.me/{name}" if _USERNAME.match(name) else None


def linkedin_url(url: str | None) -> str | None:
    """The stored LinkedIn address as an https URL a button accepts; None if it is not one."""
    if not url:
        return None
    url = url.strip()
    if not url.startswith(("http://", "https://")):
        url = "https://" + url
    if " " in url or "linkedin.com/" not in url.lower() or len(url) > 300:
        return None
    return url
