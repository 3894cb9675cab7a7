"""Media as Telegram describes them in a message: photo sizes, stickers, voice notes, places."""

from __future__ import annotations

import struct
from typing import Any

from bot.sandbox.state import FileRecord, World

_THUMBNAIL_SIDE = 90
_DEFAULT_SIZE = (1280, 960)
# Stickers need some content for getFile; the emulator never decodes it.
_STICKER_BYTES = b"RIFF\x0c\x00\x00\x00WEBPVP8L"


def image_size(content: bytes) -> tuple[int, int] | None:
    """Width and height of a PNG, GIF or JPEG, read from its header; None if unknown."""
    if content.startswith(b"\x89PNG\r\n\x1a\n") and len(content) >= 24:
        width, height = struct.unpack(">II", content[16:24])
        return int(width), int(height)
    if content[:6] in (b"GIF87a", b"GIF89a") and len(content) >= 10:
        width, height = struct.unpack("<HH", content[6:10])
        return int(width), int(height)
    if content.startswith(b"\xff\xd8"):
        return _jpeg_size(content)
    return None


def _jpeg_size(content: bytes) -> tuple[int, int] | None:
    index = 2
    while index + 9 < len(content):
        if content[index] != 0xFF:
            return None
        marker = content[index + 1]
        length = int.from_bytes(content[index + 2 : index + 4], "big")
        # SOF0..SOF15 carry the size, except DHT (C4), JPG (C8) and DAC (CC).
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", content[index + 5 : index + 9])
            return int(width), int(height)
        index += 2 + length
    return None


def _file_fields(record: FileRecord) -> dict[str, Any]:
    return {
        "file_id": record.file_id,
        "file_unique_id": record.file_unique_id,
        "file_size": len(record.content),
    }


def photo_sizes(world: World, content: bytes) -> list[dict[str, Any]]:
    """PhotoSize list, smallest first, as Telegram sends it (a thumbnail and the photo)."""
    width, height = image_size(content) or _DEFAULT_SIZE
    scale = _THUMBNAIL_SIDE / max(width, height, 1)
    sizes = []
    for w, h in ((max(1, round(width * scale)), max(1, round(height * scale))), (width, height)):
        record = world.store_file(content, folder="photos", file_name=None, mime_type=None)
        sizes.append({**_file_fields(record), "width": w, "height": h})
    return sizes


def sticker(world: World, emoji: str) -> dict[str, Any]:
    record = world.store_file(
        _STICKER_BYTES, folder="stickers", file_name=None, mime_type="image/webp"
    )
    return {
        **_file_fields(record),
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
        "emoji": emoji,
        "set_name": "ReteSandbox",
    }


def voice(world: World, content: bytes, duration: int) -> dict[str, Any]:
    record = world.store_file(content, folder="voice", file_name=None, mime_type="audio/ogg")
    return {**_file_fields(record), "duration": duration, "mime_type": "audio/ogg"}


def location(latitude: float, longitude: float) -> dict[str, Any]:
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ValueError("a latitude is between -90 and 90, a longitude between -180 and 180")
    return {"latitude": latitude, "longitude": longitude}
