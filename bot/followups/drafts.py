"""Ready-to-copy follow-up drafts: a short message, an e-mail with a subject, a call script.

A draft is a message *to the contact*: it never quotes the user's private notes (the nudge
shows them above the draft, as a reminder to the user). Texts come from the user's catalog,
read naturally in Italian and English, and are gender-neutral where the gender is unknown
("conoscerti", "abbiamo parlato", the formal "Lei" in e-mails). The result is plain text;
the handler escapes it and wraps it so that a tap copies it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.formatting import clip
from bot.i18n import Texts
from storage.contacts import Contact


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
    me = clip(sender, 60) if sender else None
    if contact.event_name:
        where: str | None = t._("at the {event}", event=clip(contact.event_name, 120))
    elif contact.met_where:
        where = t._("at {place}", place=clip(contact.met_where, 120))
    else:
        where = None
    if kind is DraftKind.EMAIL:
        return _email(t, name, where, me)
    if kind is DraftKind.PHONE:
        return _call_script(t, name, where, me)
    return _message(t, name, where, me)


def _message(t: Texts, name: str, where: str | None, me: str | None) -> Draft:
    lines = [
        t._("Hi {name}, it was great to meet you {where}!", name=name, where=where)
        if where
        else t._("Hi {name}, it was great to meet you!", name=name),
        t._(
            "I'd be glad to stay in touch: would you have time for a coffee or a short call "
            "in the coming weeks?"
        ),
        t._("Thanks, {me}", me=me) if me else t._("Thanks!"),
    ]
    return Draft(DraftKind.MESSAGE, "\n".join(lines))


def _email(t: Texts, name: str, where: str | None, me: str | None) -> Draft:
    subject = (
        t._("A pleasure to meet you {where}", where=where)
        if where
        else t._("A pleasure to meet you")
    )
    paragraphs = [
        t._("Dear {name},", name=name),
        (
            t._("it was a pleasure to meet you {where}.", where=where)
            if where
            else t._("it was a pleasure to meet you.")
        )
        + " "
        + t._("I would be glad to stay in touch and continue our conversation."),
        t._("Would you have 20 minutes for a short call in the coming weeks?"),
        t._("Thank you, and best regards,") + ("\n" + me if me else ""),
    ]
    return Draft(DraftKind.EMAIL, "\n\n".join(paragraphs), subject=subject)


def _call_script(t: Texts, name: str, where: str | None, me: str | None) -> Draft:
    if me and where:
        intro = t._("Hi {name}, it's {me}: we talked {where}.", name=name, me=me, where=where)
    elif where:
        intro = t._("Hi {name}, we talked {where}.", name=name, where=where)
    elif me:
        intro = t._("Hi {name}, it's {me}: we talked recently.", name=name, me=me)
    else:
        intro = t._("Hi {name}, we talked recently.", name=name)
    lines = [
        "1. " + intro,
        "2. " + t._("Recall one thing they told you (your notes help), to show you listened."),
        "3. " + t._("Ask: could we meet for a coffee or have a short call in the coming weeks?"),
        "4. " + t._("Agree on a date and the next step, then thank them."),
    ]
    return Draft(DraftKind.PHONE, "\n".join(lines))
