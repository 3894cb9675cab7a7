"""Real vCards from phones and mail clients (tests/data/vcards/PROVENANCE.md), imported
file by file through parse_import: every one is recognised and its people are read."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.porting import ImportFormat, ParseResult, RejectReason, detect_format, vcard
from bot.porting.csv_common import decode_text
from tests.test_porting import parsed

CORPUS = Path(__file__).parent / "data" / "vcards"
R = RejectReason


@dataclass(frozen=True)
class Case:
    file: str
    contacts: int
    name: str  # of the first contact
    emails: list[str]
    phones: list[str]
    rejected: list[RejectReason]


JOHN_DOE_PHONES = ["905-555-1234", "905-666-1234", "905-777-1234", "905-888-1234"]
MORE = ["905-111-1234", "905-222-1234"]
CASES = [
    # iPhone: CR CR LF line ends and a 45 KB photo (once "I don't recognise this file")
    Case(
        "ios5_iphone.vcf",
        1,
        "Mr. John Richter James Doe Sr.",
        ["person9@example.com"],
        [*JOHN_DOE_PHONES, "905-999-1234", *MORE],
        [],
    ),
    Case("ios6_iphone.vcf", 1, "Bob Smith", ["person14@example.com"], ["(650) 555-1212"], []),
    # Android and other phones
    Case(
        "android_qp_photo.vcf",
        4,
        "Ñ Ñ Ñ Ñ Ñ",
        [],
        ["123456789"],
        [R.NO_NAME, R.NO_NAME, R.INVALID_EMAIL],
    ),
    Case(
        "android_v21_complicated.vcf",
        1,
        "Joe Due",
        ["person5@example.com", "cell@example.com"],
        ["(111) 555-1212", "(404) 555-1212", "+390311111111", "+390322222222", "0333333333"],
        [],
    ),
    Case("android_v21_shift_jis.vcf", 1, "安藤ロイド", [], ["+390300000000"], []),
    Case("android_custom_after_photo.vcf", 1, "Roid Ando", [], [], []),
    Case("windows_mobile_65.vcf", 1, "Example", [], [], []),
    Case("blackberry.vcf", 1, "John Doe", [], ["+96123456789"], []),
    Case(
        "blackberry_photo.vcf", 1, "boogie", ["person5@example.com"], ["+5555555", "+5555556"], []
    ),
    # Google
    Case(
        "google_gmail.vcf",
        1,
        "Mr. John Richter, James Doe Sr.",
        ["person9@example.com"],
        ["905-555-1234", "905-666-1234"],
        [],
    ),
    Case(
        "google_single.vcf",
        1,
        "Greg Dartmouth",
        ["person13@example.com"],
        ["+395555551111", "+395555552222"],
        [],
    ),
    Case(
        "google_single2.vcf",
        1,
        "VCard Test",
        [
            "email@example.com",
            "homeemail@example.com",
            "workemail@example.com",
            "otheremail@example.com",
            "customcategory@example.com",
        ],
        [f"+3955555511{n:02}" for n in range(11, 21)],
        [R.TOO_MANY_VALUES],
    ),
    Case("google_list.vcf", 3, "Arnold Smith", ["person10@example.com"], [], []),
    # Outlook
    Case(
        "outlook.vcf",
        1,
        "Mr. John Richter James Doe Sr.",
        ["person18@example.com"],
        ["(905) 555-1234", "(905) 666-1234"],
        [],
    ),
    Case(
        "outlook_2003.vcf", 1, "John Doe III", ["person20@example.com"], [], [R.INVALID_PHONE] * 4
    ),
    Case(
        "outlook_2007.vcf",
        1,
        "Mr. Mario Esempio Jr.",
        ["person21@example.com"],
        ["(111) 555-1111", "(111) 555-2222", "(111) 555-4444", "(111) 555-3333"],
        [],
    ),
    Case(
        "outlook_v21_photo.vcf",
        1,
        "Herr Max Anderer Mustermann sen.",
        ["person23@example.com"],
        ["+4961112345611", "+4961112345612", "+4961112345614", "+4961112345613"],
        [],
    ),
    Case("outlook_windows1252_photo.vcf", 1, "Ralf Rastral", [], [], []),
    # macOS
    Case(
        "macos_address_book.vcf",
        1,
        "Mr. John Richter,James Doe Sr.",
        ["person9@example.com"],
        ["905-777-1234", "905-666-1234", "905-555-1234", "905-888-1234", "905-999-1234", *MORE],
        [],
    ),
    Case("macos_10_11.vcf", 1, "Name of Broken Card", [], ["(111) 111-1111"], []),
    Case(
        "lotus_notes.vcf",
        1,
        "Mr. Doe John I Johny",
        ["person9@example.com", "person17@example.com"],
        ["+1 (212) 204-34456", "+12125557777"],
        [],
    ),
    # Thunderbird
    Case(
        "thunderbird_export.vcf",
        2,
        "contact number one",
        [],
        [],
        [R.INVALID_EMAIL, R.INVALID_EMAIL],  # Thunderbird's own test addresses end in .invalid
    ),
    Case(
        "thunderbird_cardbook_v3_photo.vcf",
        1,
        "Emma Musterfrau",
        ["person24@example.com"],
        ["+390345678910", "+390345610987", "0160-45678910"],
        [],
    ),
    Case(
        "thunderbird_cardbook_v4.vcf",
        2,
        "Möhrke Gerda",
        ["person25@example.com"],
        ["+3903444155567", "034441/ 55 55 34"],
        [R.INVALID_PHONE] * 10,  # the second card's phone fields hold words: "Privattelefon"
    ),
    Case(
        "thunderbird_extension.vcf",
        1,
        "John Doe",
        [f"person{n}@example.com" for n in range(30, 35)],
        ["+395555551111", "+395555552222", "+395555555555", "+395555553333", "+395555554444"],
        [],
    ),
    # DAVx5
    Case("davx5_davdroid.vcf", 1, "Name Name", [], ["+49000000"], []),
    Case(
        "davx5_allfields_photo.vcf",
        1,
        "Ämi Display",
        ["private@example.com", "work@example.com"],
        ["+49 1234 56788", "+1-800-MYFAX"],
        [],
    ),
    # Others
    Case(
        "evolution.vcf",
        1,
        "Mr. John Richter, James Doe Sr.",
        ["person9@example.com"],
        ["905-666-1234", "905-555-1234"],
        [],
    ),
    Case(
        "evolution_company.vcf",
        1,
        "Ximian, Inc.",
        ["person8@example.com"],
        ["(617) 555-0442", "(617) 555-8630"],
        [],
    ),
    Case(
        "kaddressbook.vcf",
        1,
        "Sherlock Holmes",
        ["person15@example.com", "person16@example.com"],
        ["+445555555555", "+445555556666", "+445555557777"],
        [],
    ),
    Case("owncloud_split_utf8.vcf", 1, "βγδεαβγδ1" * 11, [], [], []),
    Case("windows1251.vcf", 1, "Віталій Володимирович Кличко", [], [], []),
]


def imported(file: str) -> ParseResult:
    return parsed((CORPUS / file).read_bytes())


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.file)
def test_every_real_vcard_is_imported(case: Case) -> None:
    result = imported(case.file)
    assert result.format is ImportFormat.VCARD
    assert len(result.contacts) == case.contacts
    first = result.contacts[0]
    assert (first.name, first.emails, first.phones) == (case.name, case.emails, case.phones)
    assert [r.reason for r in result.rejected] == case.rejected


def test_the_corpus_and_its_provenance_list_the_same_files() -> None:
    files = {path.name for path in CORPUS.glob("*.vcf")}
    assert files == {case.file for case in CASES}
    provenance = (CORPUS / "PROVENANCE.md").read_text(encoding="utf-8")
    assert all(f"| {file} |" in provenance for file in files)


@pytest.mark.parametrize(
    ("file", "index", "notes"),
    [
        ("android_qp_photo.vcf", 1, "Ñ Ñ Ñ Ñ Ñ Ñ Ñ ÑÑ Ñ Ñ Ñ Ñ Ñ Ñ ÑÑ Ñ Ñ Ñ Ñ\nÑ Ñ"),
        ("thunderbird_export.vcf", 1, "here's some unicode text…"),
        ("outlook_v21_photo.vcf", 0, "Hier noch ein paar notizen"),
    ],
)
def test_notes_are_decoded(file: str, index: int, notes: str) -> None:
    assert (imported(file).contacts[index].notes or "").startswith(notes)


def test_android_system_group_is_no_tag() -> None:
    assert imported("android_qp_photo.vcf").contacts[1].tags == []


def test_a_company_card_is_named_after_the_company() -> None:
    contact = imported("evolution_company.vcf").contacts[0]
    assert (contact.name, contact.company) == ("Ximian, Inc.", "Ximian, Inc.")


@pytest.mark.parametrize("file", ["ios5_iphone.vcf", "ios6_iphone.vcf"])
def test_an_iphone_card_is_found_in_the_text_too(file: str) -> None:
    """The /add path reads a one-card .vcf from text: CR CR LF must not hide the card."""
    data = (CORPUS / file).read_bytes()
    assert b"\r\r\n" in data
    text = decode_text(data)
    assert text is not None
    assert detect_format(data) is ImportFormat.VCARD
    assert vcard.count_cards(text) == 1
    assert vcard.parse(text).contacts[0].name == imported(file).contacts[0].name


def test_classic_mac_line_ends_are_read() -> None:
    data = (CORPUS / "google_list.vcf").read_bytes().replace(b"\r\n", b"\r").replace(b"\n", b"\r")
    assert [c.name for c in parsed(data).contacts] == [
        "Arnold Smith",
        "Chris Beatle",
        "Doug White",
    ]
