"""Pure logic of cards: QR payloads, picking fields from printed lines, the card's answers."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from bot.cards import model
from bot.cards.fields import TextLine, pick_fields
from bot.cards.found import Found, Source, name_from_handle
from bot.cards.model import CardProblem, CardStep
from bot.cards.payloads import CardLink, read_payload
from bot.cards.qr import qr_png, read_codes
from bot.cards.reading import MAX_SIDE, Problem, open_image, read_image
from bot.contacts.validation import FieldProblem
from storage.cards import Card


def payload(text: str) -> Found | CardLink | None:
    return read_payload(text, region="IT", bot_username="Rete_bot")


def found(text: str) -> Found:
    result = payload(text)
    assert isinstance(result, Found), result
    return result


# ---- QR payloads ----------------------------------------------------------------------------


def test_vcard_keeps_every_field_and_the_website() -> None:
    result = found(
        "BEGIN:VCARD\nVERSION:3.0\nN:Bernardi;Niccolò;;;\nFN:Niccolò Bernardi\nORG:Acme;HR\n"
        "TITLE:Recruiter\nEMAIL;TYPE=work:N.Bernardi@Acme.it\nTEL:02 1234 5678\n"
        "URL:https://www.acme.it\nitem1.URL:https://linkedin.com/in/nbernardi\nEND:VCARD"
    )
    draft = result.draft
    assert (draft.name, draft.company, draft.role) == ("Niccolò Bernardi", "Acme", "Recruiter")
    assert draft.emails == ["N.Bernardi@acme.it"]
    assert draft.phones == ["+390212345678"]
    assert draft.linkedin_url == "https://www.linkedin.com/in/nbernardi"
    assert result.urls == ["https://www.acme.it"]
    assert result.source == Source.VCARD


def test_mecard_with_escapes() -> None:
    result = found(
        r"MECARD:N:D'Angelo,Anna;ORG:Rossi\; Figli;TEL:+39 333 123 4567;"
        r"EMAIL:anna@rossi.it;URL:https\://rossi.it;NOTE:Fiera\, stand 4;;"
    )
    draft = result.draft
    assert draft.name == "Anna D'Angelo"
    assert draft.company == "Rossi; Figli"
    assert draft.phones == ["+393331234567"]
    assert draft.notes == "Fiera, stand 4"
    assert result.urls == ["https://rossi.it"]


@pytest.mark.parametrize(
    ("text", "name", "field", "value"),
    [
        (
            "https://it.linkedin.com/in/giulia-bianchi-4b2a91/",
            "Giulia Bianchi",
            "linkedin_url",
            "https://www.linkedin.com/in/giulia-bianchi-4b2a91",
        ),
        ("linkedin.com/in/jdoe", "", "linkedin_url", "https://www.linkedin.com/in/jdoe"),
        (
            "mailto:mario.rossi@acme.it?subject=Ciao",
            "Mario Rossi",
            "emails",
            ["mario.rossi@acme.it"],
        ),
        ("MAILTO:info@acme.it", "", "emails", ["info@acme.it"]),
        ("tel:+39-02-1234-5678", "", "phones", ["+390212345678"]),
        ("SMSTO:3331234567:ciao", "", "phones", ["+393331234567"]),
        ("https://t.me/mario_rossi", "", "telegram_username", "mario_rossi"),
        ("Mario: mario@acme.it, 333 123 4567", "", "emails", ["mario@acme.it"]),
    ],
)
def test_links_and_channels(text: str, name: str, field: str, value: object) -> None:
    draft = found(text).draft
    assert draft.name == name
    assert getattr(draft, field) == value


def test_rete_card_links_and_what_is_no_contact() -> None:
    assert payload("https://t.me/rete_bot?start=AbC_123-xyz") == CardLink("AbC_123-xyz")
    assert found("https://t.me/other_bot?start=AbC").draft.telegram_username == "other_bot"
    assert found("https://www.acme.it/careers").urls == ["https://www.acme.it/careers"]
    for nothing in ("WIFI:S:Fiera;T:WPA;P:secret;;", "tel:123", "mailto:nobody", "hello", ""):
        assert payload(nothing) is None, nothing
    assert payload("x" * 5000) is None


@pytest.mark.parametrize(
    ("handle", "name"),
    [
        ("mario.rossi", "Mario Rossi"),
        ("niccol%C3%B2-bernardi-4b2a91", "Niccolò Bernardi"),
        ("jdoe", ""),
        ("m.rossi", ""),
        ("mario.rossi.82", "Mario Rossi"),
        ("a-b-c-d-e", ""),
    ],
)
def test_name_from_handle(handle: str, name: str) -> None:
    assert name_from_handle(handle) == name


# ---- printed lines --------------------------------------------------------------------------


def lines(*rows: tuple[str, float]) -> list[TextLine]:
    return [
        TextLine(text, height, top=i * 50.0, left=10.0) for i, (text, height) in enumerate(rows)
    ]


def test_a_classic_card() -> None:
    result = pick_fields(
        lines(
            ("FERRETTI MECCANICA", 50),
            ("Dott. Niccolò Bernardi", 60),
            ("Responsabile Acquisti", 30),
            ("Via dell'Industria 12, 40138 Bologna", 22),
            ("P.IVA 01234567890", 22),
            ("E-mail:n.bernardi@ferretti-meccanica.it", 22),
            ("Tel. +39 051 234 5678 - Fax 051 234 5679", 22),
            ("www.ferretti-meccanica.it", 22),
        ),
        region="IT",
    )
    assert result is not None
    draft = result.draft
    assert draft.name == "Niccolò Bernardi"
    assert draft.company == "FERRETTI MECCANICA"
    assert draft.role == "Responsabile Acquisti"
    assert draft.emails == ["n.bernardi@ferretti-meccanica.it"]
    assert draft.phones[0] == "+390512345678"
    assert result.urls == ["https://www.ferretti-meccanica.it"]


def test_a_badge_with_the_surname_below_and_a_banner_above() -> None:
    result = pick_fields(
        lines(
            ("CAREER DAY BOLOGNA", 52),
            ("GIULIA", 96),
            ("DE LUCA", 76),
            ("Acme Italia S.p.A.", 46),
            ("HR Manager", 38),
        ),
        region="IT",
    )
    assert result is not None
    assert (result.draft.name, result.draft.company, result.draft.role) == (
        "Giulia De Luca",
        "Acme Italia S.p.A.",
        "HR Manager",
    )


def test_the_email_tells_the_name_and_the_company_apart() -> None:
    result = pick_fields(
        lines(("Lumen", 70), ("Chiara Russo", 40), ("chiara.russo@lumen.it", 20)), region="IT"
    )
    assert result is not None
    assert (result.draft.name, result.draft.company) == ("Chiara Russo", "Lumen")


def test_role_and_company_on_one_line() -> None:
    result = pick_fields(lines(("Mario Rossi", 60), ("Sales Director | Nordtech", 30)), region="IT")
    assert result is not None
    assert (result.draft.role, result.draft.company) == ("Sales Director", "Nordtech")


def test_nothing_personal_is_nothing() -> None:
    assert pick_fields([], region="IT") is None
    assert pick_fields(lines(("12345", 40), ("---", 20), ("Via Roma 1", 20)), region="IT") is None


# ---- the card's questions -------------------------------------------------------------------


def test_card_answers() -> None:
    card = Card(name="Jane")
    assert model.answer(card, CardStep.WORK, "HR @ Acme", region="IT") == Card(
        "Jane", role="HR", company="Acme"
    )
    assert model.answer(card, CardStep.EMAIL, " Jane@Acme.IT ", region="IT") == Card(
        "Jane", email="Jane@acme.it"
    )
    assert model.answer(card, CardStep.PHONE, "333 123 4567", region="IT") == Card(
        "Jane", phone="+393331234567"
    )
    linkedin = model.answer(card, CardStep.LINKEDIN, "linkedin.com/in/Jane-D", region="IT")
    assert linkedin == Card("Jane", linkedin_url="https://www.linkedin.com/in/jane-d")
    wrong_kind = model.answer(card, CardStep.PHONE, "jane@acme.it", region="IT")
    assert isinstance(wrong_kind, model.AnswerError)
    assert wrong_kind.problem == CardProblem.NOT_A_PHONE
    too_long = model.answer(card, CardStep.NAME, "x" * 201, region="IT")
    assert isinstance(too_long, model.AnswerError) and too_long.field is not None
    assert too_long.field.reason == FieldProblem.TOO_LONG
    two_lines = model.answer(card, CardStep.EMAIL, "a@b.it\nc@d.it", region="IT")
    assert isinstance(two_lines, model.AnswerError)
    assert model.clear(Card("Jane", role="HR", company="Acme"), CardStep.WORK) == Card("Jane")


def test_tokens_are_random_and_carry_nothing() -> None:
    tokens = {model.new_token() for _ in range(100)}
    assert len(tokens) == 100
    assert all(model.looks_like_token(t) and len(t) == 22 for t in tokens)
    assert not model.looks_like_token("../../etc/passwd")
    assert not model.looks_like_token("short")
    details = model.shared_details(None, full_name="Bruno Neri", username="bruno_n")
    assert model.draft_from_shared(details).telegram_username == "bruno_n"


# ---- images ---------------------------------------------------------------------------------


def png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def test_qr_round_trip_with_accents() -> None:
    text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Niccolò Cantù\r\nEND:VCARD\r\n"
    assert read_codes(Image.open(io.BytesIO(qr_png(text)))) == [text]


def test_images_that_are_refused_before_decoding() -> None:
    assert open_image(b"not an image") == Problem.NOT_AN_IMAGE
    assert open_image(b"") == Problem.NOT_AN_IMAGE
    huge = png(Image.new("1", (10_000, 6_000)))  # 60 megapixels, a few kilobytes
    assert open_image(huge) == Problem.TOO_LARGE
    big = open_image(png(Image.new("RGB", (4000, 3000), "white")))
    assert isinstance(big, Image.Image) and max(big.size) == MAX_SIDE


def test_a_code_with_a_name_is_enough_without_ocr() -> None:
    data = qr_png("MECARD:N:Rossi,Mario;EMAIL:mario@acme.it;;")
    result = read_image(data, region="IT", bot_username="rete_bot", use_ocr=False)
    assert isinstance(result, Found) and result.draft.name == "Mario Rossi"
    assert result.draft.source == "qr"
    wifi = qr_png("WIFI:S:Fiera;T:WPA;P:secret;;")
    no_ocr = read_image(wifi, region="IT", bot_username="rete_bot", use_ocr=False)
    assert no_ocr == Problem.CODE_WITHOUT_CONTACT
    blank = png(Image.new("RGB", (640, 480), "white"))
    assert read_image(blank, region="IT", bot_username="x", use_ocr=False) == Problem.OCR_MISSING
