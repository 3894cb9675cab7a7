"""One normaliser per channel, shared by typed and imported contacts; web addresses on any
public ending; typo'd e-mail domains; companies with their country."""

from __future__ import annotations

from datetime import date

import pytest

from bot.companies import normalise_company
from bot.contacts.channels import ChannelProblemReason, EmailSuggestion, parse_channels
from bot.contacts.duplicates import MatchReason, find_duplicates
from bot.contacts.email_typos import suggest_email
from bot.contacts.model import ContactDraft
from bot.contacts.normalise import (
    linkedin_profile,
    looks_like_bare_host,
    phone_e164,
    telegram_username,
)
from bot.porting import ParseResult, parse_import
from storage.contacts import ContactIdentity


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://t.me/zoe_ferri", "zoe_ferri"),
        ("t.me/zoe_ferri?start=1", "zoe_ferri"),
        ("telegram.me/Zoe_Ferri/", "Zoe_Ferri"),
        ("tg://resolve?domain=zoe_ferri&post=3", "zoe_ferri"),
        ("@zoe_ferri", "zoe_ferri"),
        ("x-apple:zoeferri", "zoeferri"),
        ("telegram:zoeferri", "zoeferri"),
        ("zoeferri", "zoeferri"),
        ("@zoef", "zoef"),  # 4 characters: Fragment's collectible usernames
        ("@zoe", None),
        ("@1zoeferri", None),
        ("@" + "z" * 33, None),
        ("https://t.me/+AbCdEf", None),  # an invite link, not a user
        ("https://t.me/zoe_ferri/12", None),  # a post in a channel
        ("https://medium.com/@zoe_ferri", None),
    ],
)
def test_telegram_username(raw: str, expected: str | None) -> None:
    assert telegram_username(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("www.linkedin.com/in/Zoe", "https://www.linkedin.com/in/zoe"),
        ("https://it.linkedin.com/in/zoe/", "https://www.linkedin.com/in/zoe"),
        ("http://linkedin.com/in/zoe-ferri-123?trk=x", "https://www.linkedin.com/in/zoe-ferri-123"),
        ("linkedin.com/in/zoe/details/experience/", "https://www.linkedin.com/in/zoe"),
        ("https://www.linkedin.com/company/acme", None),
        ("https://example.com/in/zoe", None),
        ("https://linkedin.com.evil.example/in/zoe", None),
        ("", None),
    ],
)
def test_linkedin_profile(raw: str, expected: str | None) -> None:
    assert linkedin_profile(raw) == expected


def test_typed_and_imported_contacts_get_the_same_channels() -> None:
    """The finding: a 4-letter username was accepted on import and refused when typed, and a
    LinkedIn address was made canonical only when typed."""
    typed = parse_channels("@zoef https://it.linkedin.com/in/Zoe-Ferri/ 333 123 4567")
    imported = parse_import(
        b"Name,Telegram,LinkedIn,Phone\nZoe,@zoef,https://it.linkedin.com/in/Zoe-Ferri/,"
        b"333 123 4567\n",
        today=date(2026, 11, 24),
    )
    assert isinstance(imported, ParseResult)
    contact = imported.contacts[0]
    assert typed.telegram_usernames == [contact.telegram_username] == ["zoef"]
    assert (
        typed.linkedin_urls == [contact.linkedin_url] == ["https://www.linkedin.com/in/zoe-ferri"]
    )
    assert typed.phones == contact.phones == ["+393331234567"]


def test_phone_e164() -> None:
    assert phone_e164("333 123 4567", "IT") == "+393331234567"
    assert phone_e164("(905) 555-1234", "IT") is None
    assert phone_e164("9" * 100, "IT") is None


@pytest.mark.parametrize(
    ("text", "urls"),
    [
        ("rossi.design", ["https://rossi.design"]),
        ("acme.swiss", ["https://acme.swiss"]),
        ("studio.milano.it", ["https://studio.milano.it"]),
        ("ROSSI.DESIGN", ["https://ROSSI.DESIGN"]),
        ("acme.co.uk/jobs", ["https://acme.co.uk/jobs"]),
        ("mario.rossi", []),
        ("dott.ssa", []),
        ("v.le", []),
        ("Sig.na", []),  # .na is Namibia, but this is "signorina"
        ("f.to", []),  # "firmato"
        ("e.g.", []),
    ],
)
def test_web_addresses_on_every_public_ending(text: str, urls: list[str]) -> None:
    """The finding: "rossi.design" and "acme.swiss" were dropped silently."""
    result = parse_channels(text)
    assert result.urls == urls
    assert result.problems == []


def test_bare_host_needs_a_name_before_the_suffix() -> None:
    assert not looks_like_bare_host("co.uk")
    assert looks_like_bare_host("acme.co.uk")


@pytest.mark.parametrize(
    ("typed", "suggestion"),
    [
        ("mario@gmial.con", "mario@gmail.com"),
        ("mario@gmail.co", "mario@gmail.com"),
        ("mario@gmail.it", "mario@gmail.com"),
        ("mario@hotmial.it", "mario@hotmail.it"),
        ("mario@hotmail.co", "mario@hotmail.com"),
        ("mario@libero.com", "mario@libero.it"),
        ("mario@outlok.it", "mario@outlook.it"),
        ("mario@yaho.it", "mario@yahoo.it"),
        ("mario@acme.con", "mario@acme.com"),
        ("mario@acme.ti", "mario@acme.it"),
        ("mario@gmail.com", None),
        ("mario@yahoo.fr", None),  # real, though two edits from yahoo.it
        ("mario@tim.it", None),
        ("mario@acme.it", None),
        ("mario@acme.co", None),  # .co is a real ending
        ("mario@studioferri.it", None),
        ("no-at-sign", None),
    ],
)
def test_suggest_email(typed: str, suggestion: str | None) -> None:
    assert suggest_email(typed) == suggestion


def test_a_typo_is_suggested_in_the_channel_result() -> None:
    result = parse_channels("mario@gmial.con, luca@gmail.com")
    assert result.emails == ["mario@gmial.con", "luca@gmail.com"]  # read as typed
    assert result.email_suggestions == [EmailSuggestion("mario@gmial.con", "mario@gmail.com")]


def test_an_invalid_address_can_carry_a_suggestion() -> None:
    [problem] = parse_channels("mario@gmail").problems
    assert problem.reason is ChannelProblemReason.INVALID_EMAIL
    assert problem.suggestion == "mario@gmail.com"


@pytest.mark.parametrize(
    ("company", "expected"),
    [
        ("Accenture Italia", "accenture"),
        ("Accenture Italy S.r.l.", "accenture"),
        ("ACCENTURE S.p.A. Italia", "accenture"),
        ("Siemens Deutschland GmbH", "siemens"),
        ("Acme UK Ltd", "acme"),
        ("Banca d'Italia", "banca d italia"),
        ("Bank of Italy", "bank of italy"),
        ("Italia", "italia"),
        ("Poste Italiane S.p.A.", "poste italiane"),
    ],
)
def test_normalise_company_drops_countries(company: str, expected: str) -> None:
    assert normalise_company(company) == expected


def test_accenture_italia_and_accenture_are_the_same_company_for_duplicates() -> None:
    book = [ContactIdentity(id=1, name="Luca Bianchi", company="Accenture")]
    [match] = find_duplicates(ContactDraft(name="Luca Bianchi", company="Accenture Italia"), book)
    assert match.reasons == (MatchReason.SIMILAR_NAME_SAME_COMPANY,)
    other = [ContactIdentity(id=2, name="Luca Bianchi", company="Banca d'Italia")]
    assert find_duplicates(ContactDraft(name="Luca Bianchi", company="Banca"), other) == []


def test_control_characters_are_stripped_from_typed_channels() -> None:
    result = parse_channels("mario\x00@acme.it @zoe\u202e_ferri")
    assert (result.emails, result.telegram_usernames) == (["mario@acme.it"], ["zoe_ferri"])
