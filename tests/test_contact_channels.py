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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mario@", ChannelProblem("mario@", ChannelProblemReason.INVALID_EMAIL, EmailProblem.NOTHING_AFTER_AT)),
        ("@acme.it", ChannelProblem("@acme.it", ChannelProblemReason.INVALID_USERNAME)),
        ("mario@acme", ChannelProblem("mario@acme", ChannelProblemReason.INVALID_EMAIL, EmailProblem.DOMAIN_WITHOUT_PERIOD)),
        ("mario..rossi@acme.it", ChannelProblem("mario..rossi@acme.it", ChannelProblemReason.INVALID_EMAIL, EmailProblem.MISPLACED_PERIOD_OR_HYPHEN)),
        ("ma rio@acme.it@x", ChannelProblem("rio@acme.it@x", ChannelProblemReason.INVALID_EMAIL, EmailProblem.INVALID_CHARACTERS)),
        ("12345678", ChannelProblem("12345678", ChannelProblemReason.INVALID_PHONE)),
        ("333 12", ChannelProblem("333 12", ChannelProblemReason.INVALID_PHONE)),
        ("@abc", ChannelProblem("@abc", ChannelProblemReason.INVALID_USERNAME)),
        ("@1mario", ChannelProblem("@1mario", ChannelProblemReason.INVALID_USERNAME)),
        ("@mario.rossi", ChannelProblem("@mario.rossi", ChannelProblemReason.INVALID_USERNAME)),
        ("@" + "a" * 33, ChannelProblem("@" + "a" * 33, ChannelProblemReason.INVALID_USERNAME)),
        ("t.me/abc", ChannelProblem("t.me/abc", ChannelProblemReason.INVALID_USERNAME)),
        ("https://www.linkedin.com/company/acme", ChannelProblem("https://www.linkedin.com/company/acme", ChannelProblemReason.NOT_A_PROFILE_URL)),
        ("linkedin.com/in/", ChannelProblem("linkedin.com/in/", ChannelProblemReason.NOT_A_PROFILE_URL)),
    ],
)  # fmt: skip
def test_attempts_that_are_invalid_are_reported(text: str, expected: ChannelProblem) -> None:
    result = parse_channels(text)
    assert result.problems == [expected]
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
