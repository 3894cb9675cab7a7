"""QR codes: made with segno (your card), read with zxing-cpp (badges, cards, screens)."""

from __future__ import annotations

import io

import segno
import zxingcpp
from PIL import Image

# Symbols people put on cards and badges. Linear barcodes (EAN, Code 128) carry no contact.
# Kept as text: a zxing-cpp object held by this module would be reported as leaked by
# nanobind when the bot exits without a final garbage collection (bot/cli.py).
FORMATS = "QRCode,MicroQRCode,DataMatrix,Aztec,PDF417"
TARGET_PIXELS = 640  # a QR image about this wide: sharp on a phone, small to send


def qr_png(payload: str) -> bytes:
    """A PNG of a QR code holding `payload`, with the quiet zone scanners need."""
    code = segno.make_qr(payload, error="m")
    width, _ = code.symbol_size(scale=1, border=4)
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=max(4, TARGET_PIXELS // width), border=4)
    return buffer.getvalue()


def read_codes(image: Image.Image) -> list[str]:
    """The texts of the 2-D codes in the image, in the order zxing finds them."""
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.barcode_formats_from_str(FORMATS))
    return [code.text for code in found if code.valid and code.text]
