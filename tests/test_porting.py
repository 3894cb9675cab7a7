"""Import/export of contacts: detection, every fixture format, limits, round trips."""

from __future__ import annotations

import codecs
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot.contacts.model import ContactDraft
from bot.porting import (
    MAX_BYTES,
    MAX_CONTACTS,
    FailureReason,
    ImportFailure,
    ImportFormat,
    ParseResult,
    RejectReason,
    detect_format,
    export_csv,
    export_vcf,
    parse_import,
)
from bot.porting.csv_common import parse_date
from bot.porting.fields import normalise_phone

DATA = Path(__file__).parent / "data" / "porting"
TODAY = date(2026, 3, 1)
R = RejectReason


def fixture(name: str) -> bytes:
    return (DATA / name).read_bytes()


def parsed(data: bytes, **kwargs: Any) -> ParseResult:
    outcome = parse_import(data, today=TODAY, **kwargs)
    assert isinstance(outcome, ParseResult), outcome
    return outcome


def failed(data: bytes) -> ImportFailure:
    outcome = parse_import(data, today=TODAY)
    assert isinstance(outcome, ImportFailure), outcome
    return outcome


LINKEDIN_TEXT = fixture("linkedin_notes_full.csv").decode("utf-8")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (fixture("android_v21.vcf"), ImportFormat.VCARD),
        (fixture("iphone_v30.vcf"), ImportFormat.VCARD),
        (fixture("v40.vcf"), ImportFormat.VCARD),
        (fixture("broken.vcf"), ImportFormat.VCARD),
        (fixture("linkedin_notes_full.csv"), ImportFormat.LINKEDIN_CSV),
        (fixture("linkedin_no_preamble_no_email.csv"), ImportFormat.LINKEDIN_CSV),
        (fixture("linkedin_old_dates.csv"), ImportFormat.LINKEDIN_CSV),
        (fixture("google_current.csv"), ImportFormat.GOOGLE_CSV),
        (fixture("google_legacy.csv"), ImportFormat.GOOGLE_CSV),
        (fixture("outlook_bom.csv"), ImportFormat.OUTLOOK_CSV),
        (fixture("generic_it_semicolon_cp1252.csv"), ImportFormat.GENERIC_CSV),
        (fixture("unknown_columns.csv"), ImportFormat.GENERIC_CSV),
        (fixture("empty.csv"), ImportFormat.EMPTY),
        (b" \r\n\t\n", ImportFormat.EMPTY),
        (codecs.BOM_UTF8 + b"\r\n", ImportFormat.EMPTY),
        (fixture("image.png"), ImportFormat.BINARY),
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00", ImportFormat.BINARY),
        (codecs.BOM_UTF16_LE + LINKEDIN_TEXT.encode("utf-16-le"), ImportFormat.LINKEDIN_CSV),
        (LINKEDIN_TEXT.encode("utf-16-le"), ImportFormat.LINKEDIN_CSV),  # no BOM
        (LINKEDIN_TEXT.encode("utf-16-be"), ImportFormat.LINKEDIN_CSV),
        (LINKEDIN_TEXT.encode("cp1252"), ImportFormat.LINKEDIN_CSV),
        (b"just some words\nwithout any delimiter\n", ImportFormat.UNKNOWN),
        (export_csv([]), ImportFormat.RETE_CSV),
    ],
)
def test_detect_format(data: bytes, expected: ImportFormat) -> None:
    assert detect_format(data) is expected


# (file, format, names imported in order, rejections as (position, reason))
FIXTURES = [
    (
        "android_v21.vcf",
        ImportFormat.VCARD,
        ["Niccolò D'Angelo", "Zoë Maria Bianchi"],
        [(2, R.INVALID_EMAIL), (3, R.NO_NAME)],
    ),
    ("iphone_v30.vcf", ImportFormat.VCARD, ["Zoë Ferri", "Dott. Gianluca Russo"], []),
    ("v40.vcf", ImportFormat.VCARD, ["Lucía Esposito"], []),
    (
        "broken.vcf",
        ImportFormat.VCARD,
        ["Giulia Conti"],
        [(2, R.NO_NAME), (3, R.UNREADABLE_CARD)],
    ),
    (
        "linkedin_notes_full.csv",
        ImportFormat.LINKEDIN_CSV,
        ["Niccolò D'Angelo", "Zoë Ferri", "Marco Bruno"],
        [(7, R.EMPTY_ROW), (8, R.INVALID_EMAIL)],
    ),
    (
        "linkedin_no_preamble_no_email.csv",
        ImportFormat.LINKEDIN_CSV,
        ["Chiara De Luca", "Paolo Greco", "Elena"],
        [],
    ),
    (
        "linkedin_old_dates.csv",
        ImportFormat.LINKEDIN_CSV,
        ["Francesca Romano", "Luca Colombo", "Sara Ricci", "Andrea Marino"],
        [],
    ),
    (
        "google_current.csv",
        ImportFormat.GOOGLE_CSV,
        ["Niccolò D'Angelo", "Zoë Maria Ferri"],
        [(4, R.NO_NAME)],
    ),
    ("google_legacy.csv", ImportFormat.GOOGLE_CSV, ["Giulia Conti", "Roberto Esposito"], []),
    (
        "outlook_bom.csv",
        ImportFormat.OUTLOOK_CSV,
        ["Alessandro Lombardi", "Martina D'Amico"],
        [(3, R.INVALID_EMAIL), (4, R.NO_NAME)],
    ),
    (
        "generic_it_semicolon_cp1252.csv",
        ImportFormat.GENERIC_CSV,
        ["Niccolò D'Angelo"],
        [(3, R.NO_NAME)],
    ),
]


@pytest.mark.parametrize(("name", "fmt", "names", "rejections"), FIXTURES)
def test_fixture_contacts_and_rejections(
    name: str, fmt: ImportFormat, names: list[str], rejections: list[tuple[int, RejectReason]]
) -> None:
    result = parsed(fixture(name))
    assert result.format is fmt
    assert [c.name for c in result.contacts] == names
    assert [(r.position, r.reason) for r in result.rejected] == rejections


# (file, contact index, field, expected value)
FIELDS = [
    ("android_v21.vcf", 0, "company", "Società Meccanica Srl"),  # QP + CHARSET, ORG;dept
    ("android_v21.vcf", 0, "role", "Responsabile commerciale"),
    ("android_v21.vcf", 0, "phones", ["+393331234567", "+390287654321"]),
    (
        "android_v21.vcf",  # QP soft line break inside a word, and an unescaped comma
        0,
        "notes",
        "Conosciuto alla fiera di Bologna, padiglione 3: molto interessato alla demo\n"
        "Prendere caffè a gennaio",
    ),
    ("android_v21.vcf", 1, "emails", ["ZOE@example.com"]),  # domain normalised, bad one out
    ("android_v21.vcf", 1, "source", "vcard"),
    ("iphone_v30.vcf", 0, "company", "Studio Ferri, Associati"),
    ("iphone_v30.vcf", 0, "emails", ["zoe@studioferri.it", "zoe.ferri@gmail.com"]),
    ("iphone_v30.vcf", 0, "linkedin_url", "https://www.linkedin.com/in/zoe-ferri-123"),
    ("iphone_v30.vcf", 0, "telegram_username", "zoeferri"),
    ("iphone_v30.vcf", 0, "tags", ["Torino 2024", "HR"]),
    (
        "iphone_v30.vcf",
        0,
        "notes",
        "Incontrata al convegno HR di Torino, ottobre.\nVuole un'intro con Marco.",
    ),
    ("iphone_v30.vcf", 1, "telegram_username", "gianluca_russo"),  # item-group label
    ("iphone_v30.vcf", 1, "phones", ["+390226431"]),
    ("v40.vcf", 0, "phones", ["+393405550101", "+390461314000"]),  # tel: URIs
    ("v40.vcf", 0, "role", "Ricercatrice"),  # ROLE when there is no TITLE
    ("v40.vcf", 0, "telegram_username", "lucia_esposito"),  # IMPP telegram:
    ("v40.vcf", 0, "linkedin_url", "https://www.linkedin.com/in/lucia-esposito"),
    ("v40.vcf", 0, "notes", "Parla a Trento il 12 marzo, chiedere slide"),
    ("broken.vcf", 0, "emails", ["giulia.conti@example.it"]),
    ("linkedin_notes_full.csv", 0, "company", "Meccanica Emiliana, S.p.A."),
    ("linkedin_notes_full.csv", 0, "met_on", date(2024, 10, 9)),
    ("linkedin_notes_full.csv", 0, "met_where", "LinkedIn"),
    ("linkedin_notes_full.csv", 0, "source", "linkedin"),
    ("linkedin_notes_full.csv", 0, "emails", ["niccolo.dangelo@example.it"]),
    ("linkedin_notes_full.csv", 2, "role", 'Senior Engineer "Backend"'),
    ("linkedin_notes_full.csv", 2, "emails", []),
    ("linkedin_no_preamble_no_email.csv", 0, "met_on", date(2026, 2, 6)),
    ("linkedin_no_preamble_no_email.csv", 1, "met_on", date(2024, 10, 9)),
    (
        "linkedin_no_preamble_no_email.csv",
        1,
        "linkedin_url",
        "https://www.linkedin.com/in/paolo-greco-9a8b7c",
    ),
    ("linkedin_old_dates.csv", 0, "met_on", date(2018, 1, 8)),  # month first
    ("linkedin_old_dates.csv", 1, "met_on", date(2017, 12, 31)),
    ("linkedin_old_dates.csv", 2, "met_on", date(1999, 2, 6)),  # '99 is not 2099
    ("linkedin_old_dates.csv", 3, "met_on", None),
    ("linkedin_old_dates.csv", 0, "linkedin_url", None),
    (
        "google_current.csv",
        0,
        "emails",
        ["niccolo.dangelo@example.it", "nico@example.com", "nico.casa@example.it"],
    ),
    ("google_current.csv", 0, "phones", ["+393331234567", "+390511234567"]),
    ("google_current.csv", 0, "tags", ["Fiere", "starred"]),  # * myContacts dropped
    ("google_current.csv", 0, "notes", "Fiera di Bologna.\nRichiamare a gennaio"),
    ("google_current.csv", 0, "company", "Meccanica Emiliana"),
    ("google_current.csv", 0, "role", "Responsabile commerciale"),
    ("google_current.csv", 1, "telegram_username", "zoeferri"),
    ("google_current.csv", 1, "source", "google"),
    ("google_legacy.csv", 0, "company", "Università di Bologna"),
    ("google_legacy.csv", 0, "role", "Docente"),
    ("google_legacy.csv", 0, "tags", ["Università"]),  # * My Contacts dropped
    ("google_legacy.csv", 0, "phones", ["+393472223333", "+390612345678"]),
    ("google_legacy.csv", 1, "linkedin_url", "https://www.linkedin.com/in/roberto-esposito"),
    ("outlook_bom.csv", 0, "name", "Alessandro Lombardi"),  # honorific left out
    ("outlook_bom.csv", 0, "company", "Lombardi & Figli, S.r.l."),
    ("outlook_bom.csv", 0, "emails", ["a.lombardi@example.it", "alessandro@example.com"]),
    ("outlook_bom.csv", 0, "phones", ["+393384445555", "+390115556677"]),
    ("outlook_bom.csv", 0, "tags", ["Clienti", "Torino"]),
    ("outlook_bom.csv", 0, "notes", 'Incontrato a SMAU;\nparlare di "cloud"'),
    ("outlook_bom.csv", 0, "linkedin_url", "https://www.linkedin.com/in/alessandro-lombardi"),
    ("outlook_bom.csv", 1, "source", "outlook"),
    ("generic_it_semicolon_cp1252.csv", 0, "company", "Società Meccanica"),
    ("generic_it_semicolon_cp1252.csv", 0, "notes", "caffè a Bologna"),
    ("generic_it_semicolon_cp1252.csv", 0, "phones", ["+393331234567"]),
]


@pytest.mark.parametrize(("name", "index", "attribute", "expected"), FIELDS)
def test_fixture_fields(name: str, index: int, attribute: str, expected: object) -> None:
    contact = parsed(fixture(name)).contacts[index]
    assert getattr(contact, attribute) == expected


def test_rejection_details_name_the_culprit() -> None:
    result = parsed(fixture("linkedin_notes_full.csv"))
    assert [r.detail for r in result.rejected] == ["Acme Corp", "marco.bruno[at]example.it"]
    assert [r.reason.drops_entry for r in result.rejected] == [True, False]


def test_photo_and_birthday_are_ignored_even_when_huge() -> None:
    photo = "PHOTO;ENCODING=b;TYPE=JPEG:" + "QUJD" * 250_000  # ~1 MB of base64, one line
    card = f"BEGIN:VCARD\nVERSION:3.0\nFN:Zoë Neri\n{photo}\nBDAY:1990-01-01\nEND:VCARD\n"
    result = parsed(card.encode())
    assert result.contacts == [ContactDraft(name="Zoë Neri", source="vcard")]


def test_default_region_decides_national_numbers() -> None:
    card = b"BEGIN:VCARD\nVERSION:3.0\nFN:Amelia Hart\nTEL:020 7946 0018\nEND:VCARD\n"
    assert parsed(card, default_region="GB").contacts[0].phones == ["+442079460018"]
    # In Italy the leading 0 is part of the number.
    assert parsed(card, default_region="IT").contacts[0].phones == ["+3902079460018"]
    invalid = b"BEGIN:VCARD\nVERSION:3.0\nFN:A B\nTEL:ext.  12\nEND:VCARD\n"
    assert parsed(invalid).contacts[0].phones == ["ext. 12"]  # kept as typed


def test_nothing_readable_gives_zero_contacts_and_the_rejections() -> None:
    data = b"BEGIN:VCARD\nVERSION:3.0\ngarbage\nEND:VCARD\nBEGIN:VCARD\nFN:never closed\n"
    result = parsed(data)
    assert result.contacts == []
    assert [(r.position, r.reason) for r in result.rejected] == [
        (1, R.EMPTY_ROW),  # a line that is no property is passed over: nothing is left
        (2, R.UNREADABLE_CARD),
    ]


def _linkedin_rows(count: int) -> bytes:
    rows = [f"Nome{i},Cognome{i},,,Azienda {i},Ruolo,09 Oct 2024" for i in range(count)]
    return (
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n" + "\n".join(rows)
    ).encode()


def _vcards(count: int) -> bytes:
    return "".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Persona {i}\r\nEND:VCARD\r\n" for i in range(count)
    ).encode()


@pytest.mark.parametrize(
    ("data", "reason", "limit", "actual"),
    [
        (b"", FailureReason.EMPTY, None, None),
        (fixture("image.png"), FailureReason.BINARY, None, None),
        (b"hello there\n", FailureReason.UNKNOWN_FORMAT, None, None),
        (b"x" * (MAX_BYTES + 1), FailureReason.TOO_LARGE, MAX_BYTES, MAX_BYTES + 1),
        (_linkedin_rows(MAX_CONTACTS + 1), FailureReason.TOO_MANY, MAX_CONTACTS, 10_001),
        (_vcards(MAX_CONTACTS + 1), FailureReason.TOO_MANY, MAX_CONTACTS, 10_001),
    ],
)
def test_failures(
    data: bytes, reason: FailureReason, limit: int | None, actual: int | None
) -> None:
    failure = failed(data)
    assert (failure.reason, failure.limit, failure.actual) == (reason, limit, actual)


def test_unknown_columns_lists_the_header() -> None:
    failure = failed(fixture("unknown_columns.csv"))
    assert failure.reason is FailureReason.UNKNOWN_COLUMNS
    assert failure.header == ("Codice", "Importo", "Data fattura")


def test_exactly_the_limit_is_accepted() -> None:
    assert len(parsed(_vcards(MAX_CONTACTS)).contacts) == MAX_CONTACTS


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("09 Oct 2024", date(2024, 10, 9)),
        ("6-Feb-26", date(2026, 2, 6)),
        ("6-Feb-27", date(1927, 2, 6)),  # after TODAY: the previous century
        ("1/8/18, 6:14 PM", date(2018, 1, 8)),
        ("12/31/2017", date(2017, 12, 31)),
        ("2024-10-09", date(2024, 10, 9)),
        ("09 ott 2024", date(2024, 10, 9)),
        ("31 Feb 2024", None),
        ("13/01/18, 9:00 AM", None),
        ("yesterday", None),
        ("", None),
    ],
)
def test_parse_date(raw: str, expected: date | None) -> None:
    assert parse_date(raw, TODAY) == expected


def test_phone_normalisation_keeps_invalid_numbers_as_typed() -> None:
    assert normalise_phone("+39 333 123 4567", "IT") == "+393331234567"
    assert normalise_phone("  12  ", "IT") == "12"


TRICKY = [
    ContactDraft(
        name="Niccolò D'Angelo",
        company='Meccanica "Emiliana", S.p.A.; divisione Nord',
        role="Direttore, vendite; estero",
        met_on=date(2024, 10, 9),
        met_where="Fiera di Milano, padiglione 3; stand 12",
        emails=["niccolo.dangelo@example.it", "nico@example.com"],
        phones=["+393331234567", "+390212345678", "interno 42"],
        telegram_username="niccolo_dan",
        linkedin_url="https://www.linkedin.com/in/niccolo-dangelo",
        notes='Riga uno, con virgola\n"Citazione"; e punto e virgola\n\\ barra rovescia\nFine',
        tags=["fiera, 2024", "clienti;vip", "Zoë"],
        source="linkedin",
    ),
    ContactDraft(name="Zoë Ferri"),
    ContactDraft(name='=HYPERLINK("http://x")', role="-1", company="@acme", source="vcard"),
    ContactDraft(
        name="Élodie Müller-Lüdenscheidt",
        notes="À bientôt — 日本語 ✓ " + "però, " * 60 + "fine",  # long: folded in the vCard
        tags=["ü"],
    ),
]


@pytest.mark.parametrize("export", [export_csv, export_vcf])
def test_round_trip(export: Any) -> None:
    result = parsed(export(TRICKY))
    assert result.rejected == []
    assert result.contacts == TRICKY


def test_csv_export_shape() -> None:
    data = export_csv(TRICKY)
    assert data.startswith(codecs.BOM_UTF8 + b"Name,Company,Role,Met on,")
    # Records end with CRLF; line breaks inside cells (notes, multi-values) stay bare LF.
    assert data.count(b"\r\n") == len(TRICKY) + 1
    assert b"'=HYPERLINK" in data  # a spreadsheet will not run it
    assert detect_format(data) is ImportFormat.RETE_CSV


def test_vcf_export_shape() -> None:
    text = export_vcf(TRICKY[:1]).decode("utf-8")
    for line in (
        "VERSION:3.0",
        "FN:Niccolò D'Angelo",
        "N:D'Angelo;Niccolò;;;",
        "X-RETE-MET-ON:2024-10-09",
        "TITLE:Direttore\\, vendite\\; estero",
        "URL:https://www.linkedin.com/in/niccolo-dangelo",
    ):
        assert line in text.split("\r\n")
    assert text.count("BEGIN:VCARD") == 1
