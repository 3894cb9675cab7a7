"""Ready-to-copy follow-up drafts: a short message, an e-mail with a subject, a call script.

Pure: the texts come from the user's catalog (so they are in the user's language) and name
the event (or place) and the user's notes. The result is plain text; the handler escapes it
and wraps it so that a tap copies it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.formatting import clip
from bot.i18n import Texts
from storage.contacts import Contact

NOTES_LIMIT = 300


class DraftKind(StrEnum):
    MESSAGE = "message"
    EMAIL = "email"
    PHONE = "phone"


@dataclass(frozen=True, slots=True)
class Draft:
    kind: DraftKind
    body: str
    subject: str | None = None  # e-mail only


def first_name(full_name: str) -> str:
    parts = full_name.split()
    return parts[0] if parts else full_name


def compose_draft(t: Texts, kind: DraftKind, contact: Contact, sender: str | None) -> Draft:
    """The draft of `kind` to `contact`, signed by `sender` (the user's first name) if known."""
    name = clip(first_name(contact.name), 60)
    place = clip(contact.event_name or contact.met_where or "", 120) or None
    notes = clip(contact.notes.replace("\n", " "), NOTES_LIMIT) if contact.notes else None
    me = clip(sender, 60) if sender else None
    if kind is DraftKind.EMAIL:
        return _email(t, name, place, notes, me)
    if kind is DraftKind.PHONE:
        return _call_script(t, name, place, notes, me)
    return _message(t, name, place, notes, me)


def _message(t: Texts, name: str, place: str | None, notes: str | None, me: str | None) -> Draft:
    lines = [
        t._("Hi {name}, it was a pleasure to meet you at {place}!", name=name, place=place)
        if place
        else t._("Hi {name}, it was a pleasure to meet you!", name=name)
    ]
    if notes:
        lines.append(t._("I've been thinking about what we talked about: {notes}.", notes=notes))
    lines.append(t._("Would you like to have a coffee, even a virtual one, in the coming weeks?"))
    lines.append(t._("See you soon, {me}", me=me) if me else t._("See you soon!"))
    return Draft(DraftKind.MESSAGE, "\n".join(lines))


def _email(t: Texts, name: str, place: str | None, notes: str | None, me: str | None) -> Draft:
    subject = t._("Nice to meet you at {place}", place=place) if place else t._("Nice to meet you")
    paragraphs = [
        t._("Dear {name},", name=name),
        (
            t._("It was a pleasure to meet you at {place}.", place=place)
            if place
            else t._("It was a pleasure to meet you.")
        )
        + " "
        + (
            t._(
                "Following our conversation ({notes}), I would be glad to stay in touch and "
                "talk about it further.",
                notes=notes,
            )
            if notes
            else t._("I would be glad to stay in touch and continue our conversation.")
        ),
        t._("Would you have 20 minutes for a short call in the coming weeks?"),
        t._("Thank you, and best regards,") + ("\n" + me if me else ""),
    ]
    return Draft(DraftKind.EMAIL, "\n\n".join(paragraphs), subject=subject)


def _call_script(
    t: Texts, name: str, place: str | None, notes: str | None, me: str | None
) -> Draft:
    if me and place:
        intro = t._("Hi {name}, it's {me}: we met at {place}.", name=name, me=me, place=place)
    elif place:
        intro = t._("Hi {name}, we met at {place}.", name=name, place=place)
    elif me:
        intro = t._("Hi {name}, it's {me}: we met recently.", name=name, me=me)
    else:
        intro = t._("Hi {name}, we met recently.", name=name)
    lines = ["1. " + intro]
    if notes:
        lines.append("2. " + t._("Recall what you talked about: {notes}.", notes=notes))
    else:
        lines.append("2. " + t._("Recall one thing they told you, to show you listened."))
    lines.append(
        "3. " + t._("Ask: could we meet for a coffee or have a short call in the coming weeks?")
    )
    lines.append("4. " + t._("Agree on a date and the next step, then thank them."))
    return Draft(DraftKind.PHONE, "\n".join(lines))
