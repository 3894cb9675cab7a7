"""Role and company on one line, the /add shortcut, and field limits."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.contacts.model import ContactDraft
from bot.contacts.parsing import parse_add_args, parse_role_company
from bot.contacts.validation import (
    FieldError,
    FieldProblem,
    validate_company,
    validate_met_where,
    validate_name,
    validate_notes,
    validate_role,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("HR manager @ Acme", ("HR manager", "Acme")),
        ("HR manager @Acme", ("HR manager", "Acme")),
        ("HR manager at Acme", ("HR manager", "Acme")),
        ("HR manager presso Acme", ("HR manager", "Acme")),
        ("HR manager, Acme", ("HR manager", "Acme")),
        ("Recruiter - Acme S.p.A.", ("Recruiter", "Acme S.p.A.")),
        ("Recruiter – Acme", ("Recruiter", "Acme")),
        ("Sales, Marketing at Acme", ("Sales, Marketing", "Acme")),
        ("  Talent   Acquisition\n@  Acme  ", ("Talent Acquisition", "Acme")),
        ("Acme", (None, "Acme")),
        ("@Acme", (None, "Acme")),
        ("at Acme", (None, "Acme")),
        ("presso Banca Intesa", (None, "Banca Intesa")),
        ("Banca Intesa", (None, "Banca Intesa")),
        ("Coca-Cola", (None, "Coca-Cola")),
        ("Recruiter", ("Recruiter", None)),
        ("Responsabile risorse umane", ("Responsabile risorse umane", None)),
        ("HR @", ("HR", None)),
        ("", (None, None)),
        ("   ", (None, None)),
    ],
)
def test_parse_role_company(text: str, expected: tuple[str | None, str | None]) -> None:
    assert parse_role_company(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mario Rossi, Acme", ContactDraft(name="Mario Rossi", company="Acme")),
        (
            "Mario Rossi, HR @ Acme",
            ContactDraft(name="Mario Rossi", role="HR", company="Acme"),
        ),
        (
            "Mario  Rossi ,  Recruiter at Acme S.r.l.",
            ContactDraft(name="Mario Rossi", role="Recruiter", company="Acme S.r.l."),
        ),
        ("Mario Rossi", ContactDraft(name="Mario Rossi")),
        ("Mario Rossi @ Acme", ContactDraft(name="Mario Rossi", company="Acme")),
        ("Mario Rossi presso Acme", ContactDraft(name="Mario Rossi", company="Acme")),
        ("", None),
        ("  \n ", None),
    ],
)
def test_parse_add_args(text: str, expected: ContactDraft | None) -> None:
    args = parse_add_args(text)
    assert (args.draft if args else None) == expected


@pytest.mark.parametrize(
    ("text", "expected", "urls"),
    [
        # An e-mail's "@" is not a company's: "mario.rossi@acme.it" was name + company "acme.it".
        (
            "Mario Rossi mario.rossi@acme.it",
            ContactDraft(name="Mario Rossi", emails=["mario.rossi@acme.it"]),
            [],
        ),
        (
            "Mario Rossi, CTO @ Acme, mario@acme.it",
            ContactDraft(name="Mario Rossi", role="CTO", company="Acme", emails=["mario@acme.it"]),
            [],
        ),
        (
            "Mario Rossi mario@acme.it, CTO @ Acme",
            ContactDraft(name="Mario Rossi", role="CTO", company="Acme", emails=["mario@acme.it"]),
            [],
        ),
        (
            "Mario Rossi +39 333 1234567",
            ContactDraft(name="Mario Rossi", phones=["+393331234567"]),
            [],
        ),
        (
            "Mario Rossi linkedin.com/in/mrossi https://rossi.design",
            ContactDraft(name="Mario Rossi", linkedin_url="https://www.linkedin.com/in/mrossi"),
            ["https://rossi.design"],
        ),
        ("Rossi 2000 srl", ContactDraft(name="Rossi 2000 srl"), []),
    ],
)
def test_add_args_read_channels_first(text: str, expected: ContactDraft, urls: list[str]) -> None:
    args = parse_add_args(text)
    assert args is not None
    assert (args.draft, args.urls) == (expected, urls)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mario Rossi", "Mario Rossi"),
        ("  Niccolò   D'Angelo ", "Niccolò D'Angelo"),
        ("李伟", "李伟"),
        ("Mario 🙂", "Mario 🙂"),
        ("a" * 200, "a" * 200),
        ("", FieldError(FieldProblem.EMPTY, 200, 0)),
        (" \t ", FieldError(FieldProblem.EMPTY, 200, 0)),
        ("a" * 245, FieldError(FieldProblem.TOO_LONG, 200, 245)),
        ("  " + "a" * 201 + "  ", FieldError(FieldProblem.TOO_LONG, 200, 201)),
        ("Mario\nRossi", FieldError(FieldProblem.MULTIPLE_LINES, 200, 11)),
        ("12345", FieldError(FieldProblem.NO_LETTERS, 200, 5)),
        ("!!! ...", FieldError(FieldProblem.NO_LETTERS, 200, 7)),
        ("🙂🙂", FieldError(FieldProblem.NO_LETTERS, 200, 2)),
        ("x" * 20_000, FieldError(FieldProblem.TOO_LONG, 200, 20_000)),
    ],
)
def test_validate_name(text: str, expected: str | FieldError) -> None:
    assert validate_name(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (" Python.\nRicontattare a gennaio.\n", "Python.\nRicontattare a gennaio."),
        ("n" * 2000, "n" * 2000),
        ("n" * 2001, FieldError(FieldProblem.TOO_LONG, 2000, 2001)),
        ("", FieldError(FieldProblem.EMPTY, 2000, 0)),
        ("x" * 20_000, FieldError(FieldProblem.TOO_LONG, 2000, 20_000)),
    ],
)  # fmt: skip
def test_validate_notes(text: str, expected: str | FieldError) -> None:
    assert validate_notes(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (" Job Fair\nMilano ", "Job Fair Milano"),
        ("w" * 201, FieldError(FieldProblem.TOO_LONG, 200, 201)),
        ("", FieldError(FieldProblem.EMPTY, 200, 0)),
    ],
)
def test_validate_met_where(text: str, expected: str | FieldError) -> None:
    assert validate_met_where(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (" HR\n manager ", "HR manager"),
        ("r" * 201, FieldError(FieldProblem.TOO_LONG, 200, 201)),
        ("", FieldError(FieldProblem.EMPTY, 200, 0)),
    ],
)
def test_validate_role_and_company(text: str, expected: str | FieldError) -> None:
    assert validate_role(text) == expected
    assert validate_company(text) == expected


def test_long_company_is_split_whole_for_validation_to_refuse() -> None:
    role, company = parse_role_company("HR @ " + "A" * 20_000)
    assert role == "HR"
    assert company is not None
    assert validate_company(company) == FieldError(FieldProblem.TOO_LONG, 200, 20_000)


@pytest.mark.parametrize(
    ("validate", "text", "expected"),
    [
        (validate_name, "Ma\x00rio\u202e Rossi", "Mario Rossi"),
        (validate_name, "\ufeffZoë\tFerri", "Zoë Ferri"),
        (validate_notes, "riga\x07 uno\r\nriga due\u2028riga tre", "riga uno\nriga due\nriga tre"),
        (validate_role, "HR\x1b manager", "HR manager"),
        (validate_company, "Acme\x00", "Acme"),
    ],
)
def test_control_characters_never_reach_storage(
    validate: Callable[[str], str | FieldError], text: str, expected: str
) -> None:
    assert validate(text) == expected


def test_a_name_of_control_characters_only_is_empty() -> None:
    assert validate_name("\x00\x01\u202e") == FieldError(FieldProblem.EMPTY, 200, 0)
