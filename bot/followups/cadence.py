"""Keep-in-touch cadence: when to nudge about someone not heard from in a while."""

from __future__ import annotations

from datetime import date, datetime

from bot.contacts.dates import add_months
from bot.followups.policy import UserSchedule, slot_on
from bot.i18n import N_
from storage.kinds import Cadence

# How each cadence reads on a card, a button or an import preview (translated at use).
CADENCE_LABELS: dict[str, str] = {
    Cadence.NONE: N_("Never"),
    Cadence.MONTHLY: N_("Every month"),
    Cadence.QUARTERLY: N_("Every 3 months"),
    Cadence.SEMIANNUAL: N_("Every 6 months"),
    Cadence.YEARLY: N_("Every year"),
}


def next_keep_in_touch(
    last_contact: date, cadence: Cadence, sched: UserSchedule
) -> datetime | None:
    """Calendar months after the last contact (Jan 31 + 1 month = Feb 28/29), at the
    preferred time with the weekend rule; None when the cadence is NONE."""
    if cadence is Cadence.NONE:
        return None
    return slot_on(add_months(last_contact, cadence.months), sched)
