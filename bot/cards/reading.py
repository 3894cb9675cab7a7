"""A photo sent to be read: its QR code first, then (no contact in a code) its printed text.

The bytes are read in memory and dropped: nothing is written to disk, no file id is kept.
The work runs in a daemon thread with a time limit, so the bot keeps answering others and a
stuck read never holds its stop; a pixel limit refuses images that would take too much
memory to decode.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import threading
import warnings
from collections.abc import Callable
from enum import StrEnum
from functools import partial

from PIL import Image, ImageOps, UnidentifiedImageError

from bot.cards import ocr
from bot.cards.fields import pick_fields
from bot.cards.found import Found, Source
from bot.cards.payloads import CardLink, read_payload
from bot.cards.qr import read_codes
from bot.contacts.merging import merge_drafts

MAX_BYTES = 20 * 1024 * 1024  # what a bot may download from Telegram
MAX_PIXELS = 50_000_000  # a 50-megapixel photo; beyond that, a decompression bomb
MAX_SIDE = 2560  # the largest photo Telegram sends; bigger image files are scaled down
OCR_LONG_SIDE = 1600  # OCR works on at most this many pixels along the longer side
TIME_LIMIT = 30.0  # seconds for one photo, model loading on first use included
QR_SOURCE = "qr"
# Codes made to carry a contact: with a name in them, the printed text adds nothing. A link
# or an e-mail alone does not stop the OCR of the card around it (its name has accents).
CONTACT_CODES = frozenset({Source.VCARD, Source.MECARD})
PRINTED_SOURCE = "card_photo"


class Problem(StrEnum):
    NOT_AN_IMAGE = "not_an_image"
    TOO_LARGE = "too_large"
    CODE_WITHOUT_CONTACT = "code_without_contact"  # a QR code, but a Wi-Fi password or such
    NOTHING_READABLE = "nothing_readable"
    OCR_MISSING = "ocr_missing"  # no code, and the OCR extra is not installed
    TOO_SLOW = "too_slow"


Reading = Found | CardLink | Problem


def open_image(data: bytes) -> Image.Image | Problem:
    """The decoded image, upright; or why not (checked before decoding the pixels)."""
    if len(data) > MAX_BYTES:
        return Problem.TOO_LARGE
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            width, height = image.size
            if width * height > MAX_PIXELS:
                return Problem.TOO_LARGE
            # A JPEG larger than needed is decoded at 1/2, 1/4 or 1/8 scale: less time, memory.
            image.draft("RGB", (MAX_SIDE, MAX_SIDE))
            upright = ImageOps.exif_transpose(image)  # decodes the pixels
            upright.thumbnail((MAX_SIDE, MAX_SIDE))
            return upright
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        return Problem.TOO_LARGE
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return Problem.NOT_AN_IMAGE


def read_image(data: bytes, *, region: str, bot_username: str, use_ocr: bool) -> Reading:
    """Blocking: decode, look for codes, and OCR when no code named a person."""
    image = open_image(data)
    if isinstance(image, Problem):
        return image
    codes = read_codes(image.convert("L"))
    from_code: Found | None = None
    for text in codes:
        result = read_payload(text, region=region, bot_username=bot_username)
        if isinstance(result, CardLink):
            return result
        if isinstance(result, Found):
            result.draft.source = QR_SOURCE
            if result.source in CONTACT_CODES and result.has_name:
                return result
            from_code = from_code or result
    if not use_ocr:
        return from_code or (Problem.CODE_WITHOUT_CONTACT if codes else Problem.OCR_MISSING)
    printed = pick_fields(ocr.read_lines(scaled(image)), region=region)
    if printed is None:
        return from_code or (Problem.CODE_WITHOUT_CONTACT if codes else Problem.NOTHING_READABLE)
    printed.draft.source = PRINTED_SOURCE
    if from_code is None:
        return printed
    merged = merge_drafts(printed.draft, from_code.draft).draft
    return Found(merged, printed.source, list(dict.fromkeys(printed.urls + from_code.urls)))


def scaled(image: Image.Image) -> Image.Image:
    """At most OCR_LONG_SIDE pixels along the longer side (OCR time grows with the area)."""
    longest = max(image.size)
    if longest <= OCR_LONG_SIDE:
        return image
    factor = OCR_LONG_SIDE / longest
    size = (round(image.width * factor), round(image.height * factor))
    return image.resize(size, Image.Resampling.LANCZOS)


async def read_photo(data: bytes, *, region: str, bot_username: str) -> Reading:
    """read_image in a worker thread, within TIME_LIMIT seconds."""
    work = partial(
        read_image, data, region=region, bot_username=bot_username, use_ocr=ocr.available()
    )
    try:
        return await asyncio.wait_for(_in_daemon_thread(work), TIME_LIMIT)
    except TimeoutError:
        return Problem.TOO_SLOW


def _in_daemon_thread(work: Callable[[], Reading]) -> asyncio.Future[Reading]:
    """Run `work` in a daemon thread: one left behind by the time limit never holds the
    process at exit (the bot's stop fails on any non-daemon thread still running)."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[Reading] = loop.create_future()

    def settle(outcome: Reading | BaseException) -> None:
        if future.done():  # given up on: the time limit passed
            return
        if isinstance(outcome, BaseException):
            future.set_exception(outcome)
        else:
            future.set_result(outcome)

    def run() -> None:
        try:
            outcome: Reading | BaseException = work()
        except Exception as error:
            outcome = error
        with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
            loop.call_soon_threadsafe(settle, outcome)

    threading.Thread(target=run, name="rete-card-reader", daemon=True).start()
    return future
