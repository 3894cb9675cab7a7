"""Dates and channels as a user reads them, in their language (pure)."""

from __future__ import annotations

import re
from datetime import date

from bot.days import shifted_day
from bot.followups.choices import WEEK, FollowupChoice, FollowupKind, day_choices, followup_day
from bot.i18n import N_, Texts
from storage.kinds import InteractionKind

# How a follow-up was done: the interaction kinds the nudge offers.
CHANNEL_LABELS: dict[InteractionKind, str] = {
    InteractionKind.MESSAGE: N_("💬 Message"),
    InteractionKind.EMAIL: N_("✉️ E-mail"),
    InteractionKind.PHONE: N_("📞 Phone"),
    InteractionKind.IN_PERSON: N_("🤝 In person"),
}
CHANNEL_DONE: dict[InteractionKind, str] = {
    InteractionKind.MESSAGE: N_("by message"),
    InteractionKind.EMAIL: N_("by e-mail"),
    InteractionKind.PHONE: N_("by phone"),
    InteractionKind.IN_PERSON: N_("in person"),
    InteractionKind.NOTE: N_("a note"),
}

_USERNAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{3,31}$")


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


def followup_labels(
    t: Texts, *, today: date, default_days: int, weekend_shift: bool
) -> list[tuple[int, str]]:
    """(days, label) for the follow-up choices: "In 2 days — Fri 4 Dec" (the same on the
    contact card and in /add: every choice counts from today)."""
    out = []
    for days in day_choices(default_days):
        when = followup_day(
            FollowupChoice(FollowupKind.DAYS, days=days),
            today=today,
            default_days=default_days,
            weekend_shift=weekend_shift,
        )
        assert when is not None
        label = t._("In a week") if days == WEEK else t.ngettext("In {n} day", "In {n} days", days)
        out.append((days, f"{label} — {shifted_day(t, when.wanted, when.day, today=today)}"))
    return out
