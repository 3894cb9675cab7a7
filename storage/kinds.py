"""The kinds, statuses and stages stored in the database, shared by storage and the domain.

Each is a StrEnum whose values are exactly what the columns hold (and what their CHECK
constraints allow), so a row reads back as the enum and compares equal to its text.
"""

from __future__ import annotations

from enum import StrEnum


class ContactStage(StrEnum):
    """Where the user is with a contact, in order."""

    MET = "met"
    FOLLOWED_UP = "followed_up"
    REFERRAL_ASKED = "referral_asked"
    CV_SENT = "cv_sent"
    INTERVIEW = "interview"
    CLOSED = "closed"


class Cadence(StrEnum):
    """How often to get back in touch with a contact."""

    NONE = "none"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    SEMIANNUAL = "semiannual"
    YEARLY = "yearly"

    @property
    def months(self) -> int:
        return _CADENCE_MONTHS[self]


_CADENCE_MONTHS = {
    Cadence.NONE: 0,
    Cadence.MONTHLY: 1,
    Cadence.QUARTERLY: 3,
    Cadence.SEMIANNUAL: 6,
    Cadence.YEARLY: 12,
}


class InteractionKind(StrEnum):
    MESSAGE = "message"
    EMAIL = "email"
    PHONE = "phone"
    IN_PERSON = "in_person"
    NOTE = "note"  # a note to self: not contact with the person


class ReminderKind(StrEnum):
    FOLLOWUP = "followup"
    KEEP_IN_TOUCH = "keep_in_touch"
    EVENT_PREP = "event_prep"
    EVENT_SUMMARY = "event_summary"

    @property
    def is_nudge(self) -> bool:
        """About one contact, with done / snooze / skip (the others are about an event)."""
        return self in (ReminderKind.FOLLOWUP, ReminderKind.KEEP_IN_TOUCH)


class ReminderStatus(StrEnum):
    PENDING = "pending"
    CLAIMED = "claimed"  # taken by a sweep, being sent
    SENT = "sent"  # delivered, waiting for done / snooze / skip
    DONE = "done"
    SKIPPED = "skipped"
    CANCELLED = "cancelled"


OPEN_STATUSES = (ReminderStatus.PENDING, ReminderStatus.CLAIMED)
# A nudge the user can still act on: queued, or delivered and not yet closed.
ACTIONABLE_STATUSES = (*OPEN_STATUSES, ReminderStatus.SENT)
