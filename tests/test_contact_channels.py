"""Channels recognised by shape in free text."""

from __future__ import annotations

import pytest

from bot.contacts.channels import (
    ChannelProblem,
    ChannelProblemReason,
    ChannelsResult,
    EmailProblem,
    merge,
    parse_channels,
)


@pytest.mark.parametrize(
    ("text", "field", "expected"),
    [
        ("mario.rossi@acme.it", "emails", ["mario.rossi@acme.it"]),
        ("mailto:Mario@ACME.IT", "emails", ["Mario@acme.it"]),
        ("<mario@acme.it>;", "emails", ["mario@acme.it"]),
        ("a@acme.it, b@acme.it;c@acme.it", "emails", ["a@acme.it", "b@acme.it", "c@acme.it"]),
        ("Mario@acme.it mario@acme.it", "emails", ["Mario@acme.it"]),
        ("+39 333 123 4567", "phones", ["+393331234567"]),
        ("333-1234567", "phones", ["+393331234567"]),
        ("0039 333 1234567", "phones", ["+393331234567"]),
        ("00393331234567", "phones", ["+393331234567"]),
        ("(02) 1234567", "phones", ["+39021234567"]),
        ("tel. 02-12345678.", "phones", ["+390212345678"]),
        ("+44 20 7946 0958", "phones", ["+442079460958"]),
        ("333 1234567, 02 1234567", "phones", ["+393331234567", "+39021234567"]),
        ("@mario_rossi", "telegram_usernames", ["mario_rossi"]),
        ("t.me/mario_rossi", "telegram_usernames", ["mario_rossi"]),
        ("https://t.me/mario_rossi", "telegram_usernames", ["mario_rossi"]),
        ("@Mario_Rossi @mario_rossi", "telegram_usernames", ["Mario_Rossi"]),
        (
            "linkedin.com/in/Mario-Rossi-123/",
            "linkedin_urls",
            ["https://www.linkedin.com/in/mario-rossi-123"],
        ),
        (
            "https://it.linkedin.com/in/mario-rossi?utm_source=share",
            "linkedin_urls",
            ["https://www.linkedin.com/in/mario-rossi"],
        ),
        (
            "www.linkedin.com/in/mario-rossi/details/experience/",
            "linkedin_urls",
            ["https://www.linkedin.com/in/mario-rossi"],
        ),
        ("acme.com/careers", "urls", ["https://acme.com/careers"]),
        ("www.acme.it", "urls", ["https://www.acme.it"]),
        ("https://medium.com/@mario", "urls", ["https://medium.com/@mario"]),
        ("t.me/+AbCdEfGh", "urls", ["https://t.me/+AbCdEfGh"]),
        ("Mario.Rossi", "urls", []),  # a dotted name is not a host without a known TLD
    ],
)
def test_channels_found(text: str, field: str, expected: list[str]) -> None:
    result = parse_channels(text)
    assert getattr(result, field) == expected
    assert result.problems == []


def test_one_message_with_everything() -> None:
    text = (
        "Mario Rossi — mario.rossi@acme.it, cell +39 333 123 4567\n"
        "@mario_rossi linkedin.com/in/mario-rossi acme.com/jobs"
    )
    assert parse_channels(text) == ChannelsResult(
        emails=["mario.rossi@acme.it"],
        phones=["+393331234567"],
        telegram_usernames=["mario_rossi"],
        linkedin_urls=["https://www.linkedin.com/in/mario-rossi"],
        urls=["https://acme.com/jobs"],
    )


def test_digits_inside_emails_and_urls_are_not_phones() -> None:
    result = parse_channels("mario3331234567@acme.it linkedin.com/in/mario-3331234567")
    assert result.phones == []
    assert result.problems == []


R = ChannelProblemReason
E = EmailProblem
LINKEDIN_COMPANY = "https://www.linkedin.com/company/acme"


@pytest.mark.parametrize(
    ("text", "token", "reason", "email_problem"),
    [
        ("mario@", "mario@", R.INVALID_EMAIL, E.NOTHING_AFTER_AT),
        ("mario@acme", "mario@acme", R.INVALID_EMAIL, E.DOMAIN_WITHOUT_PERIOD),
        ("ma..rio@acme.it", "ma..rio@acme.it", R.INVALID_EMAIL, E.MISPLACED_PERIOD_OR_HYPHEN),
        ("ma rio@acme.it@x", "rio@acme.it@x", R.INVALID_EMAIL, E.INVALID_CHARACTERS),
        ("12345678", "12345678", R.INVALID_PHONE, None),
        ("333 12", "333 12", R.INVALID_PHONE, None),
        ("@acme.it", "@acme.it", R.INVALID_USERNAME, None),
        ("@abc", "@abc", R.INVALID_USERNAME, None),
        ("@1mario", "@1mario", R.INVALID_USERNAME, None),
        ("@mario.rossi", "@mario.rossi", R.INVALID_USERNAME, None),
        ("@" + "a" * 33, "@" + "a" * 33, R.INVALID_USERNAME, None),
        ("t.me/abc", "t.me/abc", R.INVALID_USERNAME, None),
        (LINKEDIN_COMPANY, LINKEDIN_COMPANY, R.NOT_A_PROFILE_URL, None),
        ("linkedin.com/in/", "linkedin.com/in/", R.NOT_A_PROFILE_URL, None),
    ],
)  # fmt: skip
def test_attempts_that_are_invalid_are_reported(
    text: str, token: str, reason: ChannelProblemReason, email_problem: EmailProblem | None
) -> None:
    result = parse_channels(text)
    assert result.problems == [ChannelProblem(token, reason, email_problem)]
    assert not result.found_any


def test_valid_and_invalid_in_one_message() -> None:
    result = parse_channels("mario@acme.it, 12345678, @mario_rossi")
    assert result.emails == ["mario@acme.it"]
    assert result.telegram_usernames == ["mario_rossi"]
    assert [p.reason for p in result.problems] == [ChannelProblemReason.INVALID_PHONE]


def test_default_region_changes_how_national_numbers_read() -> None:
    assert parse_channels("020 7946 0958", default_region="GB").phones == ["+442079460958"]


def test_plain_words_are_ignored() -> None:
    assert parse_channels("scrivimi pure, grazie!") == ChannelsResult()


def test_a_huge_message_is_refused_without_parsing() -> None:
    result = parse_channels("mario@acme.it " * 2000)
    assert result.emails == []
    assert [p.reason for p in result.problems] == [ChannelProblemReason.TEXT_TOO_LONG]


def test_merge_keeps_order_and_drops_repeats() -> None:
    first = parse_channels("mario@acme.it @mario_rossi 12345678")
    second = parse_channels("MARIO@acme.it +39 333 123 4567 @Mario_Rossi 12345678")
    merged = merge(first, second)
    assert merged.emails == ["mario@acme.it"]
    assert merged.phones == ["+393331234567"]
    assert merged.telegram_usernames == ["mario_rossi"]
    assert len(merged.problems) == 1
