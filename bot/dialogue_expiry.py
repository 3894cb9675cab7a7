"""What is left of a dialogue abandoned for too long, and the note that tells its user.

A dialogue idle for longer than DIALOGUE_TIMEOUT_HOURS is ended when its user next writes; the
note says which dialogue it was, what about, and from when, so nothing goes silently. An /add
that had a name leaves its draft behind (LEFT_ADD), for the note's Finish button.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_skeleton

from bot.contacts.add_state import AddState
from bot.formatting import clip, esc
from bot.i18n import Texts

# handlers.common (begin/finish) keeps the open dialogue's command in user_data here.
ACTIVE_DIALOGUE = "active_dialogue"
ADD_DIALOGUE = "add"  # the /add dialogue's name (handlers.add.flow.NAME)
# An expired /add's draft, {"state": AddState JSON, "day": ISO date it was left}: what the
# note's Finish button (handlers.add) picks up again.
LEFT_ADD = "left_add"
ADD_DRAFT = "add_draft"  # where handlers.add.flow keeps the open /add's AddState
_SUBJECT_LIMIT = 60


def _person_added(state: object) -> str | None:
    """The name in an /add's stored AddState (JSON)."""
    if not isinstance(state, dict):
        return None
    try:
        return AddState.from_json(state).draft.name
    except (KeyError, TypeError, ValueError):
        return None


# What a dialogue is about: command -> (its key in user_data, how to read it).
_SUBJECTS: dict[str, tuple[str, Callable[[object], str | None]]] = {
    ADD_DIALOGUE: (ADD_DRAFT, _person_added),
}


@dataclass(frozen=True, slots=True)
class ExpiredDialogue:
    command: str | None  # "add", "import", … (None: not known)
    subject: str | None  # e.g. the name of the person being added
    last_active: datetime
    left_add: dict[str, object] | None = None  # an /add's draft (JSON), if it had a name


def expired_dialogue(
    user_data: Mapping[str, object], last_active: datetime, *, in_dialogue: bool
) -> ExpiredDialogue | None:
    """What the note tells; None when no dialogue was open (only something pending, like an
    offer to import a file: it lapses without a note)."""
    command = user_data.get(ACTIVE_DIALOGUE)
    if not isinstance(command, str) or not command:
        return ExpiredDialogue(None, None, last_active) if in_dialogue else None
    subject = None
    if command in _SUBJECTS:
        key, read = _SUBJECTS[command]
        subject = (read(user_data.get(key)) or "").strip() or None
    draft = user_data.get(ADD_DRAFT)
    left = draft if command == ADD_DIALOGUE and subject and isinstance(draft, dict) else None
    return ExpiredDialogue(command, subject, last_active, left)


def expiry_note(t: Texts, expired: ExpiredDialogue, zone: ZoneInfo, today: date) -> str:
    """ "Your unfinished /add of Mario Rossi from 2 Dec was closed.", in the user's language."""
    moment = expired.last_active.astimezone(zone)
    skeleton = "MMMd" if moment.year == today.year else "yMMMd"
    when = format_skeleton(skeleton, moment, locale=t.language)
    if expired.command is None:
        return t._("Your unfinished dialogue from {date} was closed.", date=when)
    if expired.subject is None:
        return t._(
            "Your unfinished /{dialogue} from {date} was closed.",
            dialogue=esc(expired.command),
            date=when,
        )
    return t._(
        "Your unfinished /{dialogue} of {subject} from {date} was closed.",
        dialogue=esc(expired.command),
        subject=f"<b>{esc(clip(expired.subject, _SUBJECT_LIMIT))}</b>",
        date=when,
    )
