"""How to reach someone, recognised by shape: e-mails, phones, @usernames, LinkedIn, URLs.

The text is split into tokens on whitespace, commas and semicolons. Tokens with an "@",
a URL shape or a leading "@" are classified first; phone numbers are then searched for
in what is left (phonenumbers' matcher, which understands "(02) 1234567" and
"+39 333 123 4567" across spaces). Digit runs that are no valid number are reported.
Usernames, LinkedIn addresses, phones and bare web hosts are judged by the normalisers that
imports use too (normalise.py): "rossi.design" is an address, "mario.rossi" a word. A valid
e-mail whose domain looks mistyped ("gmial.con") comes back in `email_suggestions`.

Known limit: two phone numbers separated only by spaces ("333 1234567 02 1234567") are
not told apart; a comma, semicolon or new line between them is enough.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeVar
from urllib.parse import urlsplit

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from bot.contacts.email_typos import suggest_email
from bot.contacts.normalise import (
    TELEGRAM_HOSTS,
    LinkedInKind,
    format_e164,
    has_public_suffix,
    is_telegram_username,
    linkedin_kind,
    looks_like_bare_host,
)
from bot.contacts.validation import strip_control_characters

_T = TypeVar("_T")

MAX_CHANNELS_TEXT = 1000  # a few contacts' worth; longer is not a reply to "how to reach them"
MIN_PHONE_DIGITS = 5  # fewer digits than this are not taken as an attempt at a number

_TOKEN = re.compile(r"[^\s,;]+")
_LEADING_JUNK = "([{<\"'"
_TRAILING_JUNK = ")]}>\"'.,;:!?"
# A bare host such as "rossi.design" or "acme.com/jobs": labels, then a top-level domain.
# Whether that ending is a real one is the Public Suffix List's call (normalise.py).
_BARE_URL = re.compile(
    r"(?P<host>(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_]{2,63})(?::\d+)?(?P<rest>[/?#].*)?"
)
_DIGIT_RUN = re.compile(r"\+?[\d(][\d\s().\-/]*\d")


class ChannelProblemReason(StrEnum):
    INVALID_EMAIL = "invalid_email"
    INVALID_PHONE = "invalid_phone"
    INVALID_USERNAME = "invalid_username"
    NOT_A_PROFILE_URL = "not_a_profile_url"  # linkedin.com/company/…, /school/…, /feed/…
    TEXT_TOO_LONG = "text_too_long"


class EmailProblem(StrEnum):
    """email-validator's reason, kept as a short code (its messages are English prose)."""

    NO_AT_SIGN = "no_at_sign"
    NOTHING_BEFORE_AT = "nothing_before_at"
    NOTHING_AFTER_AT = "nothing_after_at"
    DOMAIN_WITHOUT_PERIOD = "domain_without_period"
    DOMAIN_NOT_VALID = "domain_not_valid"
    MISPLACED_PERIOD_OR_HYPHEN = "misplaced_period_or_hyphen"
    INVALID_CHARACTERS = "invalid_characters"
    TOO_LONG = "too_long"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class ChannelProblem:
    token: str
    reason: ChannelProblemReason
    email_problem: EmailProblem | None = None
    suggestion: str | None = None  # for an invalid e-mail: the address it may have meant


@dataclass(frozen=True, slots=True)
class EmailSuggestion:
    """A valid address whose domain looks mistyped: ask "did you mean `suggestion`?"."""

    typed: str  # as stored in `emails`
    suggestion: str


@dataclass(slots=True)
class ChannelsResult:
    """Everything recognised in one or more messages; lists keep first-seen order, no repeats."""

    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)  # E.164
    telegram_usernames: list[str] = field(default_factory=list)  # without "@", as typed
    linkedin_urls: list[str] = field(default_factory=list)  # https://www.linkedin.com/in/slug
    urls: list[str] = field(default_factory=list)
    problems: list[ChannelProblem] = field(default_factory=list)
    email_suggestions: list[EmailSuggestion] = field(default_factory=list)

    @property
    def found_any(self) -> bool:
        return bool(
            self.emails or self.phones or self.telegram_usernames or self.linkedin_urls or self.urls
        )


def merge(first: ChannelsResult, second: ChannelsResult) -> ChannelsResult:
    """Combine the results of several messages (a user may send one channel per message)."""
    return ChannelsResult(
        emails=_union(first.emails, second.emails, key=str.casefold),
        phones=_union(first.phones, second.phones),
        telegram_usernames=_union(
            first.telegram_usernames, second.telegram_usernames, key=str.casefold
        ),
        linkedin_urls=_union(first.linkedin_urls, second.linkedin_urls),
        urls=_union(first.urls, second.urls),
        problems=_union(first.problems, second.problems),
        email_suggestions=_union(first.email_suggestions, second.email_suggestions),
    )


def parse_channels(text: str, *, default_region: str = "IT") -> ChannelsResult:
    """Recognise the ways to reach a person in free text (one message)."""
    result = ChannelsResult()
    if len(text) > MAX_CHANNELS_TEXT:
        result.problems.append(ChannelProblem("", ChannelProblemReason.TEXT_TOO_LONG))
        return result
    text = strip_control_characters(text)

    # Blank out what the token pass consumed, so digits in e-mails and URLs are not phones.
    remaining = list(text)
    for match in _TOKEN.finditer(text):
        token = match.group().lstrip(_LEADING_JUNK).rstrip(_TRAILING_JUNK)
        if token and _classify_token(token, result):
            remaining[match.start() : match.end()] = " " * (match.end() - match.start())
    _find_phones("".join(remaining), default_region, result)

    return merge(result, ChannelsResult())  # drops repeats within the one message


def _classify_token(token: str, result: ChannelsResult) -> bool:
    """Record the token if it has a shape we know; return whether it was consumed."""
    lowered = token.lower()
    if lowered.startswith("mailto:"):
        _add_email(token[len("mailto:") :], result)
        return True
    if lowered.startswith(("http://", "https://", "www.")) or _is_bare_url(token):
        return _add_url(token, result)
    if token.startswith("@"):
        if len(token) > 1:
            _add_username(token[1:], token, result)
            return True
        return False
    if "@" in token:
        _add_email(token, result)
        return True
    return False


def _is_bare_url(token: str) -> bool:
    if "@" in token:
        return False
    match = _BARE_URL.fullmatch(token)
    if match is None:
        return False
    if match["rest"] is not None:  # "f.to/x": with a path, even an abbreviation is a host
        return has_public_suffix(match["host"])
    return looks_like_bare_host(match["host"])


def _add_email(candidate: str, result: ChannelsResult) -> None:
    try:
        valid = validate_email(candidate, check_deliverability=False)
    except EmailNotValidError as error:
        suggestion = suggest_email(candidate)
        if suggestion is not None and not _is_valid_email(suggestion):
            suggestion = None
        result.problems.append(
            ChannelProblem(
                candidate, ChannelProblemReason.INVALID_EMAIL, _email_problem(error), suggestion
            )
        )
        return
    result.emails.append(valid.normalized)
    if suggestion := suggest_email(valid.normalized):
        result.email_suggestions.append(EmailSuggestion(valid.normalized, suggestion))


def _is_valid_email(candidate: str) -> bool:
    try:
        validate_email(candidate, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


def _email_problem(error: EmailNotValidError) -> EmailProblem:
    message = str(error).lower()
    # Order matters: the more specific phrasings first.
    rules = (
        ("too long", EmailProblem.TOO_LONG),
        ("must have an @-sign", EmailProblem.NO_AT_SIGN),
        ("at-sign", EmailProblem.NO_AT_SIGN),
        ("something before the @-sign", EmailProblem.NOTHING_BEFORE_AT),
        ("something after the @-sign", EmailProblem.NOTHING_AFTER_AT),
        ("should have a period", EmailProblem.DOMAIN_WITHOUT_PERIOD),
        ("period", EmailProblem.MISPLACED_PERIOD_OR_HYPHEN),
        ("hyphen", EmailProblem.MISPLACED_PERIOD_OR_HYPHEN),
        ("character", EmailProblem.INVALID_CHARACTERS),
        ("after the @-sign", EmailProblem.DOMAIN_NOT_VALID),
    )
    for phrase, problem in rules:
        if phrase in message:
            return problem
    return EmailProblem.OTHER


def _add_username(username: str, token: str, result: ChannelsResult) -> None:
    if is_telegram_username(username):
        result.telegram_usernames.append(username)
    else:
        result.problems.append(ChannelProblem(token, ChannelProblemReason.INVALID_USERNAME))


def _add_url(token: str, result: ChannelsResult) -> bool:
    """Record a web address; False when it cannot be one ("http://[::1": a broken host)."""
    has_scheme = token.lower().startswith(("http://", "https://"))
    try:
        parts = urlsplit(token if has_scheme else f"https://{token}")
        host = (parts.hostname or "").lower()
    except ValueError:
        return False
    segments = [s for s in parts.path.split("/") if s]

    if host in TELEGRAM_HOSTS and len(segments) == 1 and not segments[0].startswith("+"):
        _add_username(segments[0], token, result)
        return True
    match linkedin_kind(token):
        case LinkedInKind.PROFILE, str(profile):
            result.linkedin_urls.append(profile)
        case LinkedInKind.OTHER_PAGE, _:
            result.problems.append(ChannelProblem(token, ChannelProblemReason.NOT_A_PROFILE_URL))
        case _:
            result.urls.append(parts.geturl())
    return True


def _find_phones(text: str, region: str, result: ChannelsResult) -> None:
    matched_spans: list[tuple[int, int]] = []
    for match in phonenumbers.PhoneNumberMatcher(
        text, region, leniency=phonenumbers.Leniency.POSSIBLE
    ):
        matched_spans.append((match.start, match.end))
        if e164 := format_e164(match.number):
            result.phones.append(e164)
        else:
            result.problems.append(
                ChannelProblem(match.raw_string, ChannelProblemReason.INVALID_PHONE)
            )
    # Digit runs the matcher did not take are attempts at a number when long enough.
    leftover = list(text)
    for start, end in matched_spans:
        leftover[start:end] = " " * (end - start)
    for run in _DIGIT_RUN.finditer("".join(leftover)):
        candidate = run.group().strip()
        if sum(ch.isdigit() for ch in candidate) >= MIN_PHONE_DIGITS:
            result.problems.append(ChannelProblem(candidate, ChannelProblemReason.INVALID_PHONE))


def _union(
    first: Iterable[_T], second: Iterable[_T], key: Callable[[_T], Hashable] | None = None
) -> list[_T]:
    """First-seen order, no repeats (compared by `key` when given)."""
    seen: set[Hashable] = set()
    out: list[_T] = []
    for item in (*first, *second):
        marker = key(item) if key else item
        if marker not in seen:
            seen.add(marker)
            out.append(item)
    return out
