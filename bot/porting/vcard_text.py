"""The text of a vCard file and of its values, as phones and mail clients really write them.

Found in real exports (tests/data/vcards/PROVENANCE.md), and handled here:
- Line endings: iOS writes CR CR LF ("\\r\\r\\n"), classic Mac OS a bare CR; all become LF, or
  no card is found at all (the iPhone file was once answered "I don't recognise this file").
- Folding in the middle of a UTF-8 character (ownCloud): the file is not valid UTF-8 until
  the folds are undone, so they are undone on the bytes before decoding.
- Files in a legacy charset (Outlook on Windows: windows-1252; Japanese phones: Shift_JIS;
  windows-1251…): the file is read byte for byte ("transparent" latin-1) and each value is
  decoded with the CHARSET its property declares, else as UTF-8, else with the first
  charset any property of the file declares (Outlook declares it on LABEL only), else
  windows-1252.
- Values in QUOTED-PRINTABLE (vCard 2.1, Android) or BASE64 are decoded here, with the same
  charset rules. A declared charset that cannot decode the bytes (a cut file) gives U+FFFD
  where the bytes are wrong instead of losing the value; an unknown charset name is ignored.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import quopri
import re
from dataclasses import dataclass

from bot.porting.csv_common import decode_bytes

_LINE_END = re.compile(r"\r*\n|\r")
_BYTE_FOLD = re.compile(rb"\r*\n[ \t]|\r[ \t]")
_CHARSET = re.compile(r";[ \t]*CHARSET[ \t]*=[ \t]*\"?([A-Za-z0-9_.:-]+)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class VCardText:
    """The file's text with LF line ends; `transparent`: one character per byte (latin-1),
    so each value still has to be decoded from its bytes (see `value_text`), by default
    with `fallback` when it is not UTF-8."""

    text: str
    transparent: bool = False
    fallback: str = "cp1252"


def normalise_line_ends(text: str) -> str:
    return _LINE_END.sub("\n", text)


def decode(data: bytes) -> VCardText:
    """The text of a vCard file, whatever its charset and line ends."""
    text = decode_bytes(data, strict=True)
    if text is not None:
        return VCardText(normalise_line_ends(text.removeprefix("\ufeff")))
    try:
        unfolded = _BYTE_FOLD.sub(b"", data).decode("utf-8")
    except UnicodeDecodeError:
        text = normalise_line_ends(data.decode("latin-1"))
        return VCardText(text, transparent=True, fallback=_declared_charset(text) or "cp1252")
    return VCardText(normalise_line_ends(unfolded.removeprefix("\ufeff")))


def _declared_charset(text: str) -> str | None:
    """The first legacy charset a property of the file declares."""
    for match in _CHARSET.finditer(text):
        codec = _known_codec(match[1])
        if codec is not None and codec != "utf-8":
            return codec
    return None


def value_text(
    value: str, params: dict[str, list[str]], singletons: list[str], file: VCardText
) -> str:
    """A property's value as text: transfer encoding undone, charset applied."""
    transparent = file.transparent
    encoding = {e.casefold() for e in params.get("ENCODING", [])}
    encoding |= {s.casefold() for s in singletons}
    charsets = params.get("CHARSET", [])
    charset = _known_codec(charsets[0]) if charsets else None
    if "quoted-printable" in encoding:
        raw = quopri.decodestring(value.encode("latin-1" if transparent else "utf-8"))
    elif encoding & {"b", "base64"}:
        try:
            raw = base64.b64decode("".join(value.split()), validate=False)
        except (binascii.Error, ValueError):
            return value
    elif transparent:
        raw = value.encode("latin-1")
    else:
        return value  # the file was read as Unicode already; a CHARSET here is stale
    return _decode_value(raw, charset, file.fallback)


def _known_codec(name: str) -> str | None:
    try:
        return codecs.lookup(name.strip()).name
    except (LookupError, ValueError):
        return None


def _decode_value(raw: bytes, charset: str | None, fallback: str) -> str:
    if charset is not None:
        return raw.decode(charset, errors="replace")
    for encoding in ("utf-8", fallback):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")
