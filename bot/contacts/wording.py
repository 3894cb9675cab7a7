"""Words for contact data in the user's language: labels, dates, and why an answer was refused."""

from __future__ import annotations

from datetime import date

from bot.contacts.channels import ChannelProblem, ChannelProblemReason, EmailProblem
from bot.contacts.dates import DateError, DateProblem
from bot.contacts.merging import MergeField
from bot.contacts.validation import FieldError, FieldProblem
from bot.days import day
from bot.formatting import esc
from bot.i18n import N_, Texts
from storage.kinds import ContactStage, InteractionKind

STAGE_LABELS: dict[ContactStage, str] = {
    ContactStage.MET: N_("Met"),
    ContactStage.FOLLOWED_UP: N_("Followed up"),
    ContactStage.REFERRAL_ASKED: N_("Referral asked"),
    ContactStage.CV_SENT: N_("CV sent"),
    ContactStage.INTERVIEW: N_("Interview"),
    ContactStage.CLOSED: N_("Closed"),
}
INTERACTION_LABELS: dict[InteractionKind, str] = {
    InteractionKind.MESSAGE: N_("Message"),
    InteractionKind.EMAIL: N_("E-mail"),
    InteractionKind.PHONE: N_("Phone call"),
    InteractionKind.IN_PERSON: N_("In person"),
    InteractionKind.NOTE: N_("Note"),
}

MERGE_LABELS: dict[MergeField, str] = {
    MergeField.NAME: N_("Name"),
    MergeField.COMPANY: N_("Company"),
    MergeField.ROLE: N_("Role"),
    MergeField.MET_ON: N_("When you met"),
    MergeField.MET_WHERE: N_("Where you met"),
    MergeField.EVENT: N_("Event"),
    MergeField.TELEGRAM: N_("Telegram"),
    MergeField.LINKEDIN: N_("LinkedIn"),
}
_EMAIL_PROBLEMS: dict[EmailProblem, str] = {
    EmailProblem.NO_AT_SIGN: N_("it has no @"),
    EmailProblem.NOTHING_BEFORE_AT: N_("nothing before the @"),
    EmailProblem.NOTHING_AFTER_AT: N_("nothing after the @"),
    EmailProblem.DOMAIN_WITHOUT_PERIOD: N_("the part after the @ needs a dot, like acme.it"),
    EmailProblem.DOMAIN_NOT_VALID: N_("the part after the @ is not a valid domain"),
    EmailProblem.MISPLACED_PERIOD_OR_HYPHEN: N_("a dot or a hyphen is out of place"),
    EmailProblem.INVALID_CHARACTERS: N_("it contains characters an address cannot have"),
    EmailProblem.TOO_LONG: N_("it is too long"),
    EmailProblem.OTHER: N_("it is not a valid address"),
}


def field_error(t: Texts, error: FieldError) -> str:
    if error.reason == FieldProblem.TOO_LONG:
        return t._(
            "That is {length} characters; the limit here is {limit}. Please shorten it and "
            "send it again.",
            length=error.length,
            limit=error.limit,
        )
    if error.reason == FieldProblem.MULTIPLE_LINES:
        return t._("Please send it on one line.")
    if error.reason == FieldProblem.NO_LETTERS:
        return t._("A name needs at least one letter.")
    return t._("That was empty.")


def date_error(t: Texts, error: DateError, *, today: date) -> str:
    understood = day(t, error.understood, today=today) if error.understood else ""
    if error.reason == DateProblem.FUTURE:
        return t._("{date} is in the future: when did you meet?", date=understood)
    if error.reason == DateProblem.TOO_OLD:
        return t._("{date} is more than 50 years ago.", date=understood)
    if error.reason == DateProblem.PAST:
        return t._("{date} has already passed: pick today or a later day.", date=understood)
    if error.reason == DateProblem.TOO_FAR:
        return t._("{date} is more than two years away.", date=understood)
    if error.reason == DateProblem.WEEKDAY_MISMATCH:
        return t._("{date} is not the weekday you wrote: which day did you mean?", date=understood)
    if error.reason == DateProblem.NO_SUCH_DATE:
        return t._("That day does not exist in the calendar.")
    return t._(
        "I could not read that date. Try “yesterday”, “3 days ago”, “last Monday”, "
        "“25/11” or “2026-11-25”."
    )


def channel_problem(t: Texts, problem: ChannelProblem) -> str:
    token = esc(problem.token[:80])
    reason = problem.reason
    if reason == ChannelProblemReason.INVALID_EMAIL:
        why = t._(_EMAIL_PROBLEMS[problem.email_problem or EmailProblem.OTHER])
        text = t._("“{value}” is not a valid e-mail: {why}.", value=token, why=why)
        if problem.suggestion:
            text += " " + t._("Did you mean {email}?", email=esc(problem.suggestion))
        return text
    if reason == ChannelProblemReason.INVALID_PHONE:
        return t._(
            "“{value}” is not a valid phone number (for numbers abroad, start with + and "
            "the country code).",
            value=token,
        )
    if reason == ChannelProblemReason.INVALID_USERNAME:
        return t._(
            "“{value}” is not a Telegram username: 5 to 32 letters, digits or _, "
            "starting with a letter.",
            value=token,
        )
    if reason == ChannelProblemReason.NOT_A_PROFILE_URL:
        return t._(
            "“{value}” is not a LinkedIn profile: send the address that contains /in/.",
            value=token,
        )
    return t._("That message is too long for contact details.")
