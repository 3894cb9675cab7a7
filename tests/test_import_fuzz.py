"""Importer file fuzzing (issue 12): random and mutated vCard and CSV bytes never raise out of
parse_import, always give a ParseResult or an ImportFailure, and never carry a value over the
limits typed contacts have. Derandomized, so CI sees the same few hundred files every run."""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.contacts.model import ContactDraft
from bot.contacts.validation import (
    COMPANY_MAX,
    MET_WHERE_MAX,
    NAME_MAX,
    NOTES_MAX,
    ROLE_MAX,
    TAG_MAX,
    TAGS_MAX,
)
from bot.porting import ImportFailure, ParseResult, export_csv, export_vcf, parse_import, rete_csv
from bot.porting.fields import RawEntry, build_draft

DATA = Path(__file__).parent / "data"
SEEDS = sorted(
    [*(DATA / "vcards").glob("*.vcf"), *(DATA / "porting").glob("*.csv")],
    key=lambda p: p.name,
)
SEED_BYTES = [p.read_bytes()[:6000] for p in SEEDS]  # the head: where the structure is
TOKENS = [
    b'"',
    b'""',
    b",",
    b";",
    b"\t",
    b"\r",
    b"\n",
    b"\r\r\n",
    b"\x00",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"\\",
    b"=",
    b"=\r\n",
    b"=C3",
    b"BEGIN:VCARD\r\n",
    b"END:VCARD\r\n",
    b"FN:",
    b"N:;;;;",
    b"NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=x-unknown:",
    b"TEL;ENCODING=b:",
    b"EMAIL;CHARSET=UTF-16:",
    b"item1.X-ABLabel:",
    b"X-SOCIALPROFILE;type=telegram;x-user=",
    b"URL:https://linkedin.com/in/",
    b"\xe2\x80\xae",  # right-to-left override
    "Zoë Niccolò 日本".encode(),
]
LIMITS = {
    "name": NAME_MAX,
    "company": COMPANY_MAX,
    "role": ROLE_MAX,
    "met_where": MET_WHERE_MAX,
    "notes": NOTES_MAX,
}
FUZZ = settings(
    derandomize=True,
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SEED_BYTES)))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        match draw(st.sampled_from(["insert", "delete", "flip", "repeat", "flood", "truncate"])):
            case "insert":
                data[at:at] = draw(st.sampled_from(TOKENS) | st.binary(max_size=12))
            case "delete":
                del data[at : at + draw(st.integers(1, 40))]
            case "flip" if at < len(data):
                data[at] = draw(st.integers(0, 255))
            case "repeat":
                data[at:at] = draw(st.sampled_from(TOKENS)) * draw(st.integers(1, 3000))
            case "flood":  # one cell past the csv module's 128 KiB, or a 140 KB value
                data[at:at] = b"x" * 140_000
            case "truncate":
                del data[at:]
    return bytes(data)


_text = st.text(st.characters(codec="utf-8"), max_size=300)


@st.composite
def vcards(draw: st.DrawFn) -> bytes:
    names = ["FN", "N", "ORG", "TITLE", "EMAIL", "TEL", "URL", "NOTE", "CATEGORIES", "X-FOO"]
    params = ["", ";TYPE=CELL", ";ENCODING=QUOTED-PRINTABLE", ";CHARSET=windows-1252", ";PREF"]
    lines = []
    for _ in range(draw(st.integers(1, 4))):
        lines.append("BEGIN:VCARD")
        for _ in range(draw(st.integers(0, 8))):
            name, param = draw(st.sampled_from(names)), draw(st.sampled_from(params))
            lines.append(f"{name}{param}:{draw(_text)}")
        if draw(st.booleans()) or draw(st.booleans()):
            lines.append("END:VCARD")
    ending = draw(st.sampled_from(["\r\n", "\n", "\r", "\r\r\n"]))
    encoding = draw(st.sampled_from(["utf-8", "utf-16", "latin-1"]))
    return ending.join(lines).encode(encoding, errors="replace")


@st.composite
def csvs(draw: st.DrawFn) -> bytes:
    header = draw(
        st.sampled_from(
            [
                "Name,Email,Phone,Company,Notes,Tags,LinkedIn,Telegram",
                "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
                ",".join(rete_csv.COLUMNS),
                "Nome;Cognome;Email;Telefono",
            ]
        )
    )
    delimiter = ";" if ";" in header else ","
    columns = header.count(delimiter) + 1
    rows = [header]
    for _ in range(draw(st.integers(0, 5))):
        cells = draw(st.lists(_text, min_size=0, max_size=columns + 2))
        quoted = [f'"{c}"' if draw(st.booleans()) else c for c in cells]
        rows.append(delimiter.join(quoted))
    return "\r\n".join(rows).encode(
        draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"])), "replace"
    )


def check(data: bytes) -> None:
    outcome = parse_import(data, today=date(2026, 11, 24))
    assert isinstance(outcome, ParseResult | ImportFailure)
    if isinstance(outcome, ImportFailure):
        return
    for contact in outcome.contacts:
        assert contact.name
        for field, limit in LIMITS.items():
            value = getattr(contact, field) or ""
            assert len(value) <= limit, (field, len(value))
            assert not any(_is_control(ch) for ch in value), (field, value)
        assert len(contact.tags) < TAGS_MAX and all(len(t) <= TAG_MAX for t in contact.tags)
        assert len(contact.emails) <= 10 and len(contact.phones) <= 10
        assert all(len(p) <= 64 for p in contact.phones)
        if contact.linkedin_url is not None:
            assert contact.linkedin_url.startswith("https://www.linkedin.com/in/")
        if contact.telegram_username is not None:
            assert 4 <= len(contact.telegram_username) <= 32


def _is_control(ch: str) -> bool:
    return ch != "\n" and unicodedata.category(ch) == "Cc"


@FUZZ
@given(st.binary(max_size=3000))
def test_random_bytes(data: bytes) -> None:
    check(data)


@FUZZ
@given(mutated())
def test_mutated_real_files(data: bytes) -> None:
    check(data)


@FUZZ
@given(vcards())
def test_generated_vcards(data: bytes) -> None:
    check(data)


@FUZZ
@given(csvs())
def test_generated_csvs(data: bytes) -> None:
    check(data)


@st.composite
def drafts(draw: st.DrawFn) -> ContactDraft:
    """Whatever an importer may gather, normalised the way every importer normalises it."""
    entry = RawEntry(
        position=1,
        name=draw(_text.filter(str.strip)),
        company=draw(_text),
        role=draw(_text),
        met_where=draw(_text),
        notes=draw(_text),
        tags=draw(st.lists(_text, max_size=4)),
        phones=draw(st.lists(st.from_regex(r"\+?[0-9 ()\-]{3,20}", fullmatch=True), max_size=3)),
        source=draw(st.sampled_from([None, "vcard", "linkedin"])),
    )
    draft, _ = build_draft(entry, default_region="IT")
    return draft or ContactDraft(name="x")


@settings(derandomize=True, max_examples=100, deadline=None)
@given(st.lists(drafts(), min_size=1, max_size=3))
def test_export_then_import_gives_back_every_value(contacts: list[ContactDraft]) -> None:
    for exporter in (export_csv, export_vcf):
        outcome = parse_import(exporter(contacts), today=date(2026, 11, 24))
        assert isinstance(outcome, ParseResult)
        assert outcome.contacts == contacts, exporter.__name__
