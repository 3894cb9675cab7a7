"""Photos sent in private: QR codes and business cards open /add on its summary, prefilled."""

from __future__ import annotations

import io
import threading
from pathlib import Path

import pytest
import segno
from PIL import Image, ImageDraw, ImageFont

from bot.cards import ocr, reading
from bot.sandbox import SimUser
from bot.sandbox.harness import RunningBot
from bot.sandbox.views import BotMessage

FONTS = Path("/usr/share/fonts/truetype/dejavu")
VCARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Bianchi;Giulia;;;\r\nFN:Giulia Bianchi\r\n"
    "ORG:Acme Italia\r\nTITLE:Talent acquisition\r\nEMAIL:giulia.bianchi@acme.it\r\n"
    "TEL;TYPE=CELL:+39 333 765 4321\r\nEND:VCARD\r\n"
)
needs_ocr = pytest.mark.skipif(not ocr.available(), reason="the 'ocr' extra is not installed")
# OCR on a machine shared with other jobs: generous limits, so a busy CI is not a failure.
SLOW = 120.0


@pytest.fixture(scope="module")
def warm_ocr() -> None:
    """The OCR models loaded once for this module (the first load takes seconds)."""
    if ocr.available():
        ocr.read_lines(Image.new("RGB", (64, 32), "white"))


@pytest.fixture
def no_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    """QR tests need no OCR: without it they are quick, and test the default install."""
    monkeypatch.setattr(ocr, "available", lambda: False)


@pytest.fixture
def patient(monkeypatch: pytest.MonkeyPatch, warm_ocr: None) -> None:
    monkeypatch.setattr(reading, "TIME_LIMIT", SLOW)


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    path = FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    if not path.exists():
        pytest.skip("needs the DejaVu fonts (Debian's fonts-dejavu-core)")
    return ImageFont.truetype(str(path), size)


def jpeg(image: Image.Image) -> bytes:
    """As Telegram delivers photos: JPEG."""
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def qr_image(payload: str, scale: int = 6) -> Image.Image:
    buffer = io.BytesIO()
    segno.make_qr(payload, error="m").save(buffer, kind="png", scale=scale, border=4)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")


def badge_with_vcard() -> bytes:
    """A fair badge: event name, the person's name, and a vCard QR code."""
    badge = Image.new("RGB", (900, 1200), (235, 240, 250))
    draw = ImageDraw.Draw(badge)
    draw.rectangle((0, 0, 900, 160), fill=(20, 60, 140))
    draw.text((60, 50), "JOB FAIR MILANO 2026", font=font(56, bold=True), fill="white")
    draw.text((60, 240), "GIULIA", font=font(90, bold=True), fill="black")
    draw.text((60, 350), "BIANCHI", font=font(70), fill="black")
    badge.paste(qr_image(VCARD), (220, 560))
    return jpeg(badge.rotate(4, expand=True, fillcolor=(90, 90, 90)))


def phone_screen_with(payload: str) -> bytes:
    """A QR code on a phone held up at the fair: dark surroundings, the code off centre."""
    photo = Image.new("RGB", (1280, 960), (40, 40, 45))
    photo.paste(Image.new("RGB", (520, 900), (250, 250, 250)), (300, 30))
    photo.paste(qr_image(payload, scale=9), (330, 200))
    return jpeg(photo)


def business_card() -> bytes:
    card = Image.new("RGB", (1280, 760), (250, 248, 240))
    draw = ImageDraw.Draw(card)
    draw.text((90, 110), "Niccolò Bernardi", font=font(70, bold=True), fill="black")
    draw.text((90, 210), "Responsabile Acquisti", font=font(40), fill=(60, 60, 60))
    draw.text((90, 280), "Ferretti Meccanica S.r.l.", font=font(46, bold=True), fill=(20, 40, 120))
    draw.text((90, 420), "Via dell'Industria 12, 40138 Bologna", font=font(30), fill="black")
    draw.text((90, 480), "n.bernardi@ferretti-meccanica.it", font=font(36), fill="black")
    draw.text((90, 540), "Tel. +39 051 234 5678", font=font(36), fill="black")
    draw.text((90, 600), "www.ferretti-meccanica.it", font=font(36), fill="black")
    return jpeg(card.rotate(-3, expand=True, fillcolor=(120, 110, 100)))


def blank_photo() -> bytes:
    return jpeg(Image.new("RGB", (1280, 960), (200, 190, 180)))


async def send_photo(user: SimUser, data: bytes) -> BotMessage:
    await user.send_photo(data)
    return await user.expect_reply(timeout=SLOW + 5)


async def test_a_badge_with_a_vcard_qr_opens_add_on_the_summary(
    bot: RunningBot, jane: SimUser, no_ocr: None
) -> None:
    await jane.send("/event Job Fair Milano")
    await jane.expect_reply()
    summary = await send_photo(jane, badge_with_vcard())
    assert summary.text.startswith("Read from a contact QR code (vCard).\n\nCheck and save")
    assert "Giulia Bianchi" in summary.text
    assert "Role @ company: Talent acquisition @ Acme Italia" in summary.text
    assert "✉️ giulia.bianchi@acme.it" in summary.text
    assert "📞 +39 333 765 4321" in summary.text
    assert "Job Fair Milano" in summary.text
    await jane.press("✅ Save")
    assert (await jane.expect_reply()).text.startswith("Saved: Giulia Bianchi.")
    [contact] = await bot.repos.contacts.all_for_owner(jane.id)
    assert contact.event_name == "Job Fair Milano"
    assert contact.source == "qr"


async def test_a_linkedin_qr_opens_add_with_the_name_from_the_address(
    bot: RunningBot, jane: SimUser, no_ocr: None
) -> None:
    summary = await send_photo(
        jane, phone_screen_with("https://www.linkedin.com/in/niccolo-bernardi-4b2a91/")
    )
    assert summary.text.startswith("Read a web address from the QR code.\n\nCheck and save")
    assert "Niccolo Bernardi" in summary.text
    assert "🔗 https://www.linkedin.com/in/niccolo-bernardi-4b2a91" in summary.text
    await jane.press("✅ Save")
    await jane.expect_reply()
    [contact] = await bot.repos.contacts.all_for_owner(jane.id)
    assert contact.linkedin_url == "https://www.linkedin.com/in/niccolo-bernardi-4b2a91"


async def test_a_qr_without_a_name_asks_the_name_then_shows_the_summary(
    bot: RunningBot, jane: SimUser, no_ocr: None
) -> None:
    reply = await send_photo(jane, phone_screen_with("tel:+390212345678"))
    assert reply.text.startswith("Read a phone number from the QR code. Whose details are these?")
    await jane.send("Luca Verdi")
    summary = await jane.expect_reply()
    assert summary.text.startswith("Check and save")
    assert "📞 +39 02 1234 5678" in summary.text


@needs_ocr
async def test_a_business_card_is_read_and_opens_add(
    bot: RunningBot, jane: SimUser, patient: None
) -> None:
    summary = await send_photo(jane, business_card())
    assert summary.text.startswith("Read from the printed card: please check every field.")
    assert "Niccolò Bernardi" in summary.text
    assert "Role @ company: Responsabile Acquisti @ Ferretti Meccanica S.r.l." in summary.text
    assert "✉️ n.bernardi@ferretti-meccanica.it" in summary.text
    assert "📞 +39 051 234 5678" in summary.text
    assert "🌐 https://www.ferretti-meccanica.it" in summary.text
    assert "Via dell" not in summary.text


@needs_ocr
async def test_a_blank_photo_gets_a_clear_answer(
    bot: RunningBot, jane: SimUser, patient: None
) -> None:
    reply = await send_photo(jane, blank_photo())
    assert reply.text.startswith("I found no QR code and no readable contact details")
    # Nothing is pending: text now is not taken as an answer to /add.
    await jane.send("Mario Rossi")
    assert (await jane.expect_reply()).text.startswith("To save someone you met, send /add.")


async def test_without_the_ocr_extra_a_card_photo_says_so(
    bot: RunningBot, jane: SimUser, no_ocr: None
) -> None:
    reply = await send_photo(jane, blank_photo())
    assert "card reading is not installed" in reply.text
    # QR codes are still read.
    summary = await send_photo(jane, badge_with_vcard())
    assert "Giulia Bianchi" in summary.text


async def test_the_qr_of_a_rete_card_offers_to_open_it(
    bot: RunningBot, jane: SimUser, no_ocr: None
) -> None:
    reply = await send_photo(jane, phone_screen_with("https://t.me/rete_test_bot?start=abc123"))
    assert reply.text == "That is the QR code of a Rete card."
    assert reply.url_buttons == {"🪪 Open the card": "https://t.me/rete_test_bot?start=abc123"}


async def test_broken_slow_and_mid_dialogue_photos(
    bot: RunningBot, jane: SimUser, monkeypatch: pytest.MonkeyPatch, no_ocr: None
) -> None:
    await jane.upload("card.png", b"\x89PNG\r\n\x1a\n not really a picture", "image/png")
    assert (await jane.expect_reply()).text.startswith("I could not open that picture")
    limit = reading.TIME_LIMIT
    monkeypatch.setattr(reading, "TIME_LIMIT", 0.0)
    assert (await send_photo(jane, badge_with_vcard())).text.startswith("Reading that photo took")
    monkeypatch.setattr(reading, "TIME_LIMIT", limit)
    # Once a name is typed, a photo is not an answer: the question is asked again.
    await jane.send("/add Mario Rossi")
    await jane.expect_reply()
    reply = await send_photo(jane, badge_with_vcard())
    assert reply.text.startswith("Please answer with a text message.")
    assert "Giulia" not in reply.text
    assert await bot.repos.contacts.all_for_owner(jane.id) == []


async def test_add_then_the_card_photo_or_a_shared_contact_reads_it(
    bot: RunningBot, jane: SimUser, no_ocr: None
) -> None:
    """/add, then the card instead of typing its name: read as if the photo had come alone."""
    await jane.send("/add")
    assert (await jane.expect_reply()).text.startswith("New contact: who did you meet?")
    summary = await send_photo(jane, badge_with_vcard())
    assert summary.text.startswith("Read from a contact QR code (vCard).\n\nCheck and save")
    await jane.press("✅ Save")
    assert (await jane.expect_reply()).text.startswith("Saved: Giulia Bianchi.")
    await jane.send("/add")
    await jane.expect_reply()
    await jane.share_contact("+393331234567", "Anna", "Verdi")
    reply = await jane.expect_reply()
    assert reply.text.startswith("Got the contact of Anna Verdi.")
    await jane.send("/cancel")
    assert (await jane.expect_reply()).text == "Cancelled: nothing was saved."
    # A photo that reads nothing ends this /add with its answer; nothing is left open.
    await jane.send("/add")
    await jane.expect_reply()
    reply = await send_photo(jane, blank_photo())
    assert "card reading is not installed" in reply.text
    await jane.send("/import")
    assert "middle of /add" not in (await jane.expect_reply()).text


async def test_nothing_of_the_photo_is_kept(bot: RunningBot, jane: SimUser, no_ocr: None) -> None:
    await send_photo(jane, badge_with_vcard())
    await jane.press("✅ Save")
    await jane.expect_reply()
    await bot.restart()  # every pending write reaches the file
    raw = bot.settings.database_path.read_bytes()
    for wal in bot.settings.database_path.parent.glob("*-wal"):
        raw += wal.read_bytes()
    # No worker thread is left to hold the bot's stop.
    assert not [
        t
        for t in threading.enumerate()
        if t.is_alive() and not t.daemon and t.name.startswith("rete")
    ]
    [photo] = [m for m in jane.transcript() if not m.from_bot and "photo" in m.payload]
    assert photo.payload["photo"][-1]["file_id"].encode() not in raw
    assert photo.payload["photo"][-1]["file_unique_id"].encode() not in raw
