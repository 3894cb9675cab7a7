"""Imported data meets the limits of typed data, broken CSVs get their reason, and export ->
import gives back every value (issue 12, classes 3 and 9)."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from bot.contacts.model import ContactDraft
from bot.contacts.validation import NAME_MAX, NOTES_MAX, ROLE_MAX
from bot.porting import (
    FailureReason,
    RejectReason,
    export_csv,
    export_vcf,
)
from bot.porting.csv_common import FIELD_LIMIT
from bot.sandbox import SimUser
from bot.sandbox.harness import RunningBot
from tests.test_export import export
from tests.test_porting import failed, parsed

CORPUS = Path(__file__).parent / "data" / "vcards"


HUGE_CARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\n"
    f"FN:{'Anna ' * 1000}\r\n"
    f"TITLE:{'Head of ' * 100}\r\n"
    f"NOTE:{'x' * 1_000_000}\r\n"
    + "".join(f"EMAIL:anna{i}@example.com\r\n" for i in range(30))
    + "END:VCARD\r\n"
).encode()


def test_a_huge_vcard_note_is_clipped_and_said_so() -> None:
    result = parsed(HUGE_CARD)
    contact = result.contacts[0]
    assert len(contact.name) == NAME_MAX and contact.name.endswith("…")
    assert len(contact.notes or "") == NOTES_MAX and (contact.notes or "").endswith("…")
    assert len(contact.role or "") <= ROLE_MAX
    assert len(contact.emails) == 10
    assert [(r.reason, r.detail) for r in result.rejected] == [
        (RejectReason.CLIPPED, "name"),
        (RejectReason.CLIPPED, "role"),
        (RejectReason.TOO_MANY_VALUES, "emails"),
        (RejectReason.CLIPPED, "notes"),
    ]


def test_csv_values_meet_the_same_limits() -> None:
    data = f"Name,Company,Notes,Tags,LinkedIn\nMario,{'A' * 500},{'n' * 5000},{'t' * 90},".encode()
    data += b"https://linkedin.com/in/mario" + b"x" * 50_000 + b"\n"
    contact = parsed(data).contacts[0]
    assert len(contact.company or "") == 200
    assert len(contact.notes or "") == NOTES_MAX
    assert [len(t) for t in contact.tags] == [60]
    assert contact.linkedin_url is None  # 50,000 characters of slug: no profile address


def test_control_characters_are_stripped_on_import() -> None:
    data = "Name,Notes\r\nMa\x00rio\u202e Rossi,riga\x07 uno\u2028riga due\r\n".encode()
    contact = parsed(data).contacts[0]
    assert (contact.name, contact.notes) == ("Mario Rossi", "riga uno\nriga due")


def test_an_unclosed_quote_is_a_reason_with_its_row() -> None:
    failure = failed(b'Name,Notes\nMario,"hello\nLuca,ok\nAnna,fine\n')
    assert (failure.reason, failure.position) == (FailureReason.UNCLOSED_QUOTE, 2)


def test_a_cell_over_128_kib_is_a_reason_with_its_row() -> None:
    data = b"Name,Notes\nLuca,ok\nMario," + b"x" * (FIELD_LIMIT + 1) + b"\n"
    failure = failed(data)
    assert (failure.reason, failure.position, failure.limit) == (
        FailureReason.FIELD_TOO_LARGE,
        3,
        FIELD_LIMIT,
    )


def test_an_unclosed_quote_behind_a_huge_cell_is_still_the_quote() -> None:
    data = b'Name,Notes\nMario,"' + b"x" * (FIELD_LIMIT + 1) + b"\nLuca,ok\n"
    assert failed(data).reason is FailureReason.UNCLOSED_QUOTE


def test_quotes_that_close_are_not_reported() -> None:
    data = b'Name,Notes\nMario,"he said ""hi""\nthen left"\nAnna,5" screen\nLuca,"x"y\n'
    assert [c.notes for c in parsed(data).contacts] == [
        'he said "hi"\nthen left',
        '5" screen',
        "xy",
    ]


ROUND_TRIP = [
    ContactDraft(name="'-Minus", company="'=SUM(A1)", role="''quoted", notes="'@home"),
    ContactDraft(
        name="Zoë", notes="riga uno\nriga due\\n letterale\\", tags=["a;b", "c\\;d", "\\", "e,f\\"]
    ),
    ContactDraft(
        name="Luca", emails=["luca@example.com", "l@example.it"], phones=["+393331234567"]
    ),
]


@pytest.mark.parametrize("exporter", [export_csv, export_vcf])
def test_export_then_import_gives_back_every_value(exporter: object) -> None:
    assert callable(exporter)
    assert parsed(exporter(ROUND_TRIP)).contacts == ROUND_TRIP


def test_no_line_break_inside_an_exported_csv_cell() -> None:
    data = export_csv(ROUND_TRIP).decode("utf-8-sig")
    assert data.count("\n") == data.count("\r\n") == len(ROUND_TRIP) + 1


def test_control_characters_stored_earlier_never_spoil_the_export() -> None:
    stored = [ContactDraft(name="Ma\x00rio"), ContactDraft(name="Luca", notes="a\x1bb")]
    for exporter in (export_csv, export_vcf):
        result = parsed(exporter(stored))
        assert [(c.name, c.notes) for c in result.contacts] == [("Mario", None), ("Luca", "ab")]


def test_a_csv_with_a_stray_nul_is_still_read() -> None:
    data = codecs.BOM_UTF8 + b"Name,Notes\r\nMa\x00rio,ok\r\nLuca,ok\r\n"
    assert [c.name for c in parsed(data).contacts] == ["Mario", "Luca"]


# ---- through the bot ----------------------------------------------------------------------
async def upload(user: SimUser, name: str, content: bytes) -> str:
    await user.send("/import")
    await user.expect_reply()
    await user.upload(name, content)
    return (await user.expect_reply(timeout=15)).text


@pytest.mark.parametrize(
    ("who", "content", "answer"),
    [
        ("jane", b'Name,Notes\nMario,"hello\nLuca,ok\n', 'Row 2 opens a quotation mark (")'),
        ("mario", b'Name,Notes\nMario,"hello\nLuca,ok\n', 'La riga 2 apre delle virgolette (")'),
        (
            "jane",
            b"Name,Notes\nMario," + b"x" * (FIELD_LIMIT + 1) + b"\n",
            "Row 2 has a cell longer than 131,072 characters",
        ),
        (
            "mario",
            b"Name,Notes\nMario," + b"x" * (FIELD_LIMIT + 1) + b"\n",
            "La riga 2 ha una cella di più di 131.072 caratteri",
        ),
    ],
)
async def test_a_broken_csv_gets_its_reason(
    bot: RunningBot, jane: SimUser, mario: SimUser, who: str, content: bytes, answer: str
) -> None:
    user = {"jane": jane, "mario": mario}[who]
    reply = await upload(user, "contacts.csv", content)
    assert answer in reply
    assert await bot.repos.contacts.count(user.id) == 0


async def test_a_huge_card_is_previewed_clipped_and_stored_clipped(
    bot: RunningBot, jane: SimUser
) -> None:
    preview = await upload(jane, "huge.vcf", HUGE_CARD)
    assert "4 values left out or shortened, the contacts are kept:" in preview
    assert "card 1: name shortened to 200 characters" in preview
    assert "card 1: notes shortened to 2,000 characters" in preview
    assert "card 1: only the first 10 e-mails kept" in preview
    await jane.press("📥 Import")
    await jane.expect_reply(timeout=15)
    [stored] = await bot.repos.contacts.all_for_owner(jane.id)
    assert len(stored.notes or "") == NOTES_MAX
    assert len(stored.name) == NAME_MAX


async def test_an_iphone_vcard_is_imported(bot: RunningBot, mario: SimUser) -> None:
    preview = await upload(mario, "iphone.vcf", (CORPUS / "ios5_iphone.vcf").read_bytes())
    assert "1 contatto nuovo" in preview
    await mario.press("📥 Importa")
    await mario.expect_reply(timeout=15)
    [stored] = await bot.repos.contacts.all_for_owner(mario.id)
    assert stored.name == "Mr. John Richter James Doe Sr."


async def test_a_nul_in_a_stored_name_no_longer_spoils_the_export(
    bot: RunningBot, mario: SimUser, jane: SimUser
) -> None:
    await mario.send("/start")
    await mario.expect_reply()
    for draft in [ContactDraft(name="Ma\x00rio"), *ROUND_TRIP]:
        await bot.repos.contacts.create(mario.id, draft)  # as stored before input was cleaned
    exported = (await export(bot, mario))["contacts.csv"]
    assert "4 new contacts" in await upload(jane, "contacts.csv", exported)
    await jane.press("📥 Import")
    await jane.expect_reply(timeout=15)
    copies = [c.draft() for c in await bot.repos.contacts.all_for_owner(jane.id)]
    assert [c.name for c in copies] == ["Mario", "'-Minus", "Zoë", "Luca"]
    assert (copies[1].company, copies[1].role, copies[1].notes) == (
        "'=SUM(A1)",
        "''quoted",
        "'@home",
    )
    assert copies[2].notes == "riga uno\nriga due\\n letterale\\"
