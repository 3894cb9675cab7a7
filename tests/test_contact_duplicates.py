"""Duplicate detection, company normalisation, accent folding and draft merging."""

from __future__ import annotations

from datetime import date

import pytest

from bot.companies import normalise_company
from bot.contacts.duplicates import (
    ContactIdentity,
    DuplicateMatch,
    MatchReason,
    find_duplicates,
    name_similarity,
)
from bot.contacts.merging import Conflict, MergeField, Side, merge_drafts
from bot.contacts.model import ContactDraft
from bot.contacts.text import fold


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Niccolò", "niccolo"),
        ("ÀÉÎÕÜ", "aeiou"),
        ("Łódź", "lodz"),
        ("Straße", "strasse"),
        ("Søren Æbelø", "soren aebelo"),
        ("plain", "plain"),
    ],
)
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected


@pytest.mark.parametrize(
    ("company", "expected"),
    [
        ("ACME S.p.A.", "acme"),
        ("Acme Srl", "acme"),
        ("Acme S.r.l.", "acme"),
        ("Acme S. p. A.", "acme"),
        ("Acme Ltd.", "acme"),
        ("Acme, Inc.", "acme"),
        ("Àcme GmbH", "acme"),
        ("Rossi & Figli Srl", "rossi figli"),
        ("Coca-Cola Company", "coca cola company"),
        ("A. C. M. E. srl", "acme"),
        ("", ""),
        (None, ""),
        ("S.p.A.", "spa"),  # a lone legal form is all there is to compare
    ],
)
def test_normalise_company(company: str | None, expected: str) -> None:
    assert normalise_company(company) == expected


SIMILAR = MatchReason.SIMILAR_NAME_SAME_COMPANY
MARIA_MARIO = pytest.approx(90.9, abs=0.1)  # one letter apart in 11: a match, scored lower

ADDRESS_BOOK = [
    ContactIdentity(id=1, name="Mario Rossi", company="ACME S.p.A."),
    ContactIdentity(id=2, name="Luigi Verdi", company="Beta", emails=("Luigi@Beta.it",)),
    ContactIdentity(id=3, name="Anna Bianchi", phones=("+39 333 123 4567",)),
    ContactIdentity(id=4, name="Paolo Neri", telegram_username="Paolo_Neri"),
    ContactIdentity(id=5, name="Niccolò Ferri", company="Gamma"),
    ContactIdentity(id=6, name="Maria Rossi", company="Acme Srl"),
    ContactIdentity(id=7, name="Mario Rossi", company="Delta"),
]


@pytest.mark.parametrize(
    ("draft", "expected"),
    [
        (
            ContactDraft(name="Rossi Mario", company="Acme"),
            [
                DuplicateMatch(1, 100.0, (MatchReason.SIMILAR_NAME_SAME_COMPANY,)),
                DuplicateMatch(6, MARIA_MARIO, (SIMILAR,)),
            ],
        ),
        (
            ContactDraft(name="Maria Rossi", company="acme s.p.a."),
            [
                DuplicateMatch(6, 100.0, (MatchReason.SIMILAR_NAME_SAME_COMPANY,)),
                DuplicateMatch(1, MARIA_MARIO, (SIMILAR,)),
            ],
        ),
        (
            ContactDraft(name="L. Verdi", emails=["luigi@beta.it"]),
            [DuplicateMatch(2, 100.0, (MatchReason.SAME_EMAIL,))],
        ),
        (
            ContactDraft(name="Anna", phones=["+393331234567"]),
            [DuplicateMatch(3, 100.0, (MatchReason.SAME_PHONE,))],
        ),
        (
            ContactDraft(name="Anna B", phones=["333-1234567"]),
            [DuplicateMatch(3, 100.0, (MatchReason.SAME_PHONE,))],
        ),
        (
            ContactDraft(name="P", telegram_username="paolo_neri"),
            [DuplicateMatch(4, 100.0, (MatchReason.SAME_USERNAME,))],
        ),
        (
            ContactDraft(name="niccolo ferri", company="GAMMA srl"),
            [DuplicateMatch(5, 100.0, (MatchReason.SIMILAR_NAME_SAME_COMPANY,))],
        ),
        (
            ContactDraft(name="Niccolo Ferri"),  # no company: exact name only
            [DuplicateMatch(5, 70.0, (MatchReason.SAME_NAME,))],
        ),
        (
            ContactDraft(name="Anna Bianchi", company="Omega"),  # existing has no company
            [DuplicateMatch(3, 70.0, (MatchReason.SAME_NAME,))],
        ),
        (ContactDraft(name="Luigi Rossi", company="Acme"), []),  # 63.6 < 85
        (ContactDraft(name="Luigi Verdi", company="Omega"), []),  # two different companies
        (ContactDraft(name="Nessuno"), []),
    ],
)  # fmt: skip
def test_find_duplicates(draft: ContactDraft, expected: list[DuplicateMatch]) -> None:
    assert find_duplicates(draft, ADDRESS_BOOK) == expected


def test_several_reasons_outrank_one() -> None:
    draft = ContactDraft(
        name="Mario Rossi", company="Delta", emails=["m@delta.it"], telegram_username="mrossi"
    )
    existing = [
        ContactIdentity(id=10, name="Someone", emails=("m@delta.it",)),
        ContactIdentity(id=11, name="Mario Rossi", company="Delta", telegram_username="MRossi"),
    ]
    matches = find_duplicates(draft, existing)
    assert [m.contact_id for m in matches] == [11, 10]
    assert matches[0].reasons == (
        MatchReason.SAME_USERNAME,
        MatchReason.SIMILAR_NAME_SAME_COMPANY,
    )


@pytest.mark.parametrize(
    ("first", "second", "low", "high"),
    [
        ("Mario Rossi", "Rossi Mario", 100, 100),
        ("Mario Rossi", "MARIO ROSSÌ", 100, 100),
        ("Mario Rossi", "Maria Rossi", 85, 95),
        ("Giovanni De Luca", "Gianni De Luca", 85, 100),
        ("Mario Rossi", "Luigi Rossi", 0, 85),
        ("Li Wei", "Lu Wei", 0, 85),
    ],
)
def test_name_similarity(first: str, second: str, low: float, high: float) -> None:
    assert low <= name_similarity(first, second) <= high


def test_a_merge_keeps_both_where_it_can_and_reports_what_differs() -> None:
    existing = ContactDraft(
        name="Mario Rossi",
        company="Acme",
        emails=["mario@acme.it"],
        phones=["+393331234567"],
        notes="Parlato di Python.",
        tags=["Fiera Milano"],
        met_on=date(2026, 11, 20),
    )
    incoming = ContactDraft(
        name="M. Rossi",
        company="Other",
        role="HR",
        emails=["MARIO@acme.it", "m.rossi@gmail.com"],
        phones=["+393331234567", "+39021234567"],
        telegram_username="mario_rossi",
        notes="Vuole il CV.",
        tags=["fiera milano", "python"],
        met_on=date(2026, 11, 25),
    )
    result = merge_drafts(existing, incoming)
    assert result.draft == ContactDraft(
        name="Mario Rossi",
        company="Acme",
        role="HR",
        emails=["mario@acme.it", "m.rossi@gmail.com"],
        phones=["+393331234567", "+39021234567"],
        telegram_username="mario_rossi",
        notes="Parlato di Python.\nVuole il CV.",
        tags=["Fiera Milano", "python"],
        met_on=date(2026, 11, 20),
    )
    # Nothing dropped silently: every differing one-value field is reported.
    assert result.unresolved == (
        Conflict(MergeField.NAME, "Mario Rossi", "M. Rossi"),
        Conflict(MergeField.COMPANY, "Acme", "Other"),
        Conflict(MergeField.MET_ON, date(2026, 11, 20), date(2026, 11, 25)),
    )


def test_a_merge_takes_the_chosen_side() -> None:
    stored = ContactDraft(name="Luca Bianchi", company="Accenture", role="HR")
    new = ContactDraft(name="Luca Bianchi", company="Accenture Italia", role="PM")
    result = merge_drafts(stored, new, {MergeField.ROLE: Side.NEW, MergeField.COMPANY: Side.KEEP})
    assert (result.draft.role, result.draft.company) == ("PM", "Accenture")
    assert result.unresolved == ()


@pytest.mark.parametrize(
    ("existing_notes", "incoming_notes", "expected"),
    [
        (None, "new", "new"),
        ("old", None, "old"),
        ("old", "old", "old"),
        (None, None, None),
    ],
)
def test_merge_notes(
    existing_notes: str | None, incoming_notes: str | None, expected: str | None
) -> None:
    merged = merge_drafts(
        ContactDraft(name="A", notes=existing_notes), ContactDraft(name="A", notes=incoming_notes)
    )
    assert merged.draft.notes == expected
