"""Texts of /card and of reading photos, rendered as HTML (user values escaped and clipped)."""

from __future__ import annotations

from bot.cards.found import Found, Source
from bot.cards.model import AnswerError, CardProblem, CardStep
from bot.cards.reading import Problem
from bot.contacts.card import role_at_company
from bot.contacts.wording import channel_problem, field_error
from bot.formatting import clip, esc
from bot.i18n import N_, Texts
from storage.cards import Card

FIELD_LIMIT = 120  # per field on the card: a caption holds 1024 characters

_QUESTIONS = {
    CardStep.NAME: N_("What name should your card show?"),
    CardStep.WORK: N_("Your role and company, like <i>HR manager @ Acme</i>."),
    CardStep.EMAIL: N_("The e-mail address to give people you meet."),
    CardStep.PHONE: N_("Your phone number (+39 is assumed when there is no country code)."),
    CardStep.LINKEDIN: N_("Your LinkedIn profile address (linkedin.com/in/…)."),
}
_PROBLEMS = {
    CardProblem.NOT_AN_EMAIL: N_("That is not an e-mail address."),
    CardProblem.NOT_A_PHONE: N_("That is not a phone number."),
    CardProblem.NOT_A_LINKEDIN: N_(
        "That is not a LinkedIn profile address: it looks like linkedin.com/in/your-name."
    ),
}
_PHOTO_PROBLEMS = {
    Problem.NOT_AN_IMAGE: N_("I could not open that picture: please send it again as a photo."),
    Problem.TOO_LARGE: N_("That picture is too large for me to read: please send a photo."),
    Problem.CODE_WITHOUT_CONTACT: N_(
        "That QR code holds no contact details (no name, e-mail, phone or web address)."
    ),
    Problem.NOTHING_READABLE: N_(
        "I found no QR code and no readable contact details in that photo. Try again closer, "
        "with the card flat and well lit, or type them with /add."
    ),
    Problem.OCR_MISSING: N_(
        "I found no QR code in that photo, and card reading is not installed on this bot: "
        "send a photo of a QR code, or type the details with /add."
    ),
    Problem.TOO_SLOW: N_(
        "Reading that photo took too long. Try a sharper photo, closer to the card."
    ),
}
_SOURCES = {
    Source.VCARD: N_("Read from a contact QR code (vCard)."),
    Source.MECARD: N_("Read from a contact QR code (MECARD)."),
    Source.LINK: N_("Read a web address from the QR code."),
    Source.EMAIL: N_("Read an e-mail address from the QR code."),
    Source.PHONE: N_("Read a phone number from the QR code."),
    Source.TEXT: N_("Read the text of the QR code."),
    Source.PRINTED: N_("Read from the printed card: please check every field."),
}


def field(value: str | None) -> str:
    return esc(clip(value, FIELD_LIMIT)) if value else ""


def card_lines(card: Card) -> list[str]:
    lines = [f"<b>{field(card.name)}</b>"]
    if work := role_at_company(card.role, card.company):
        lines.append(field(work))
    lines += [f"✉️ {field(card.email)}"] if card.email else []
    lines += [f"📞 {field(card.phone)}"] if card.phone else []
    lines += [f"🔗 {field(card.linkedin_url)}"] if card.linkedin_url else []
    return lines


def own_card(t: Texts, card: Card) -> str:
    return "\n".join(
        [
            t._("🪪 <b>Your card</b>"),
            "",
            *card_lines(card),
            "",
            t._(
                "Show this QR code to the people you meet: their phone camera opens me, and "
                "one tap saves you in their contacts. /card new makes a new code (the old one "
                "stops working)."
            ),
        ]
    )


def question(t: Texts, step: CardStep, number: int) -> str:
    return t._("Your card, {number} of {total}:", number=number, total=len(CardStep)) + (
        "\n" + t._(_QUESTIONS[step])
    )


def answer_problem(t: Texts, error: AnswerError) -> str:
    if error.field is not None:
        return field_error(t, error.field)
    if error.channel is not None:
        return channel_problem(t, error.channel)
    assert error.problem is not None
    return t._(_PROBLEMS[error.problem])


def photo_problem(t: Texts, problem: Problem) -> str:
    return t._(_PHOTO_PROBLEMS[problem])


def found_note(t: Texts, found: Found) -> str:
    note = t._(_SOURCES[found.source])
    if not found.has_name:
        note += " " + t._("Whose details are these? Send the name, then check the summary.")
    return note
