"""The kinds and statuses of job groups' data, shared by storage and the jobs feature.

Each is a StrEnum whose values are exactly what the columns hold (and what their CHECK
constraints allow), so a row reads back as the enum and compares equal to its text.
"""

from __future__ import annotations

from enum import StrEnum


class JobChatType(StrEnum):
    GROUP = "group"
    SUPERGROUP = "supergroup"
    CHANNEL = "channel"


class BotStatus(StrEnum):
    """The bot's own status in a chat, as Telegram names it."""

    CREATOR = "creator"
    ADMINISTRATOR = "administrator"
    MEMBER = "member"
    RESTRICTED = "restricted"
    LEFT = "left"
    KICKED = "kicked"

    @property
    def present(self) -> bool:
        return self not in (BotStatus.LEFT, BotStatus.KICKED)

    @property
    def admin(self) -> bool:
        return self in (BotStatus.CREATOR, BotStatus.ADMINISTRATOR)


class DigestEvery(StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"


class DigestGrouping(StrEnum):
    ROLE = "role"
    PLACE = "place"


class CollectMode(StrEnum):
    """What the bot collects in a chat."""

    CLASSIFIER = "classifier"  # the classifier decides what is an offer
    ALL_POSTS = "all_posts"  # a dedicated job channel: every post but chatter is an offer


class Correction(StrEnum):
    """An admin's word on one message, which beats the classifier (and later edits)."""

    JOB = "job"
    NOT_JOB = "not_job"


class AlertMode(StrEnum):
    INSTANT = "instant"
    DAILY = "daily"

    @property
    def other(self) -> AlertMode:
        return AlertMode.DAILY if self is AlertMode.INSTANT else AlertMode.INSTANT


class AlertStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    NOT_MEMBER = "not_member"
    DUPLICATE = "duplicate"
    BLOCKED = "blocked"
