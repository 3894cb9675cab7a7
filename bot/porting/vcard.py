"""vCard 2.1, 3.0 and 4.0 import, from every phone and mail client we have samples of.

tests/data/vcards/ holds real exports (iOS, Android, Google, Outlook, macOS, Thunderbird,
DAVx5 and more, see PROVENANCE.md); each is imported by a test. vcard_text.py turns the
bytes into text (line endings, charsets, QUOTED-PRINTABLE); vobject splits the text into
logical lines (folding, QP soft line breaks) and a line into name, parameters and value.

What we do around it, and why:
- Cards are delimited here (BEGIN:VCARD / END:VCARD on the logical lines) so one card that
  is never closed becomes Rejected(UNREADABLE_CARD) while the others are still returned.
- Only the properties we import are parsed at all (WANTED): a multi-megabyte PHOTO, a
  Windows Mobile base64 block without folding, "# comment" lines and properties with names
  vobject refuses (X-messaging/xmpp-All) are passed over instead of spoiling the card.
  A wanted line vobject cannot split is split leniently at its first colon.
- Values are taken raw and unescaped here per RFC 6350 3.4 (\\n \\, \\; \\\\): vobject's own
  text decoding keeps only the part before the first unescaped comma, and vCard 2.1 and
  many exporters do not escape commas.
- vCard 4.0 "tel:" URIs are reduced to the number; BDAY and PHOTO are ignored.
- The name is FN, else N, else ORG: a card for a company may carry only its name.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from vobject.base import ParseError, getLogicalLines, parseLine

from bot.contacts.normalise import linkedin_profile, telegram_username
from bot.porting.fields import RawEntry, clean, collect
from bot.porting.google import is_system_label
from bot.porting.model import ImportFormat, ParseResult, Rejected, RejectReason
from bot.porting.vcard_text import VCardText, decode, normalise_line_ends, value_text

SOURCE = "vcard"
MET_ON = "X-RETE-MET-ON"
MET_WHERE = "X-RETE-MET-WHERE"
SOURCE_PROPERTY = "X-RETE-SOURCE"
WANTED = frozenset(
    {
        "FN",
        "N",
        "ORG",
        "TITLE",
        "ROLE",
        "EMAIL",
        "TEL",
        "URL",
        "X-SOCIALPROFILE",
        "IMPP",
        "NOTE",
        "CATEGORIES",
        "X-ABLABEL",
        MET_ON,
        MET_WHERE,
        SOURCE_PROPERTY,
    }
)
# Present in every card, so they say nothing about whether a nameless card had data.
_BOOKKEEPING = frozenset({"VERSION", "PRODID", "REV", "UID", "X-ABUID"})
_BEGIN = re.compile(r"^[ \t]*BEGIN[ \t]*:[ \t]*VCARD[ \t]*$", re.IGNORECASE | re.MULTILINE)
_PROPERTY = re.compile(r"(?:[A-Za-z0-9_-]+\.)?(?P<name>[A-Za-z0-9_-]+)[ \t]*[;:]")
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_ESCAPES = {"n": "\n", "N": "\n"}


def count_cards(text: str) -> int:
    return len(_BEGIN.findall(normalise_line_ends(text)))


def looks_like_vcard(text: str) -> bool:
    return _BEGIN.search(normalise_line_ends(text[:4096])) is not None


def unescape(value: str) -> str:
    return _ESCAPE.sub(lambda m: _ESCAPES.get(m[1], m[1]), value)


def split_unescaped(value: str, separator: str) -> list[str]:
    """Split on each `separator` not escaped by a backslash (an even run of backslashes
    before it escapes only itself: "a\\\\,b" is two parts), then unescape each part."""
    parts, start = [], 0
    for match in re.finditer(r"(?<!\\)(?:\\\\)*" + re.escape(separator), value):
        parts.append(value[start : match.end() - len(separator)])
        start = match.end()
    return [unescape(part) for part in [*parts, value[start:]]]


@dataclass(slots=True)
class _Property:
    name: str
    group: str | None
    params: dict[str, list[str]]
    value: str

    def types(self) -> set[str]:
        """TYPE values in any spelling: TYPE=a,b / TYPE=a;TYPE=b / 2.1 bare `;CELL`."""
        found = {v.casefold() for t in self.params.get("TYPE", []) for v in t.split(",")}
        found.update(v.casefold() for v in self.params.get("", []))
        return found


@dataclass(slots=True)
class _Card:
    number: int
    properties: list[_Property] = field(default_factory=list)
    has_data: bool = False  # any property besides the bookkeeping ones
    error: str | None = None


def parse_bytes(data: bytes, *, default_region: str = "IT") -> ParseResult:
    """A vCard file as received (any charset, any line ends)."""
    return parse(decode(data), default_region=default_region)


def parse(
    text: str | VCardText, *, default_region: str = "IT", today: date | None = None
) -> ParseResult:
    del today  # vCards carry no relative dates; accepted for a uniform signature
    source = text if isinstance(text, VCardText) else VCardText(normalise_line_ends(text))
    rejected: list[Rejected] = []
    entries: list[RawEntry] = []
    for card in _cards(source):
        if card.error is not None:
            rejected.append(Rejected(card.number, RejectReason.UNREADABLE_CARD, card.error))
        else:
            entries.append(_entry(card))
    contacts, problems = collect(entries, default_region=default_region)
    rejected.extend(problems)
    rejected.sort(key=lambda r: r.position)
    return ParseResult(ImportFormat.VCARD, contacts, rejected)


def _cards(source: VCardText) -> Iterator[_Card]:
    card: _Card | None = None
    number = 0
    for line, line_number in getLogicalLines(io.StringIO(source.text), allowQP=True):
        # Only short lines can be BEGIN/END; skip the copy for long ones (PHOTO data).
        head = line.strip().upper().replace(" ", "") if len(line) < 64 else ""
        if head == "BEGIN:VCARD":
            if card is not None:
                card.error = card.error or f"line {line_number}: card never closed"
                yield card
            number += 1
            card = _Card(number)
            continue
        if card is None:
            continue  # text between cards is not ours to judge
        if head == "END:VCARD":
            yield card
            card = None
            continue
        shape = _PROPERTY.match(line)
        if shape is None:
            continue  # not a property: a comment, base64 without folding, stray text
        name = shape["name"].upper().replace("_", "-")
        card.has_data = card.has_data or name not in _BOOKKEEPING
        if name in WANTED:
            card.properties.append(_property(line, line_number, source))
    if card is not None:
        card.error = card.error or "card never closed"
        yield card


def _property(line: str, line_number: int, source: VCardText) -> _Property:
    try:
        name, param_lists, value, group = parseLine(line, line_number)
    except ParseError:
        name, param_lists, value, group = _lenient_split(line)
    params: dict[str, list[str]] = {"": []}
    for param in param_lists:
        if len(param) == 1:
            params[""].append(param[0])
        else:
            params.setdefault(param[0].upper(), []).extend(param[1:])
    text = value_text(value, params, params[""], source)
    return _Property(name.upper().replace("_", "-"), group, params, text)


def _lenient_split(line: str) -> tuple[str, list[list[str]], str, str | None]:
    """NAME;A=b;C:value when vobject refuses the line (an empty parameter, a stray quote)."""
    head, _, value = line.partition(":")
    group, _, rest = head.rpartition(".") if "." in head.split(";")[0] else ("", "", head)
    name, *params = rest.split(";")
    param_lists = [p.split("=", 1) if "=" in p else [p] for p in params if p.strip()]
    return name.strip(), [[k.strip(), *v] for k, *v in param_lists], value, group or None


def _entry(card: _Card) -> RawEntry:
    labels = {
        p.group.casefold(): unescape(p.value).strip().casefold()
        for p in card.properties
        if p.group and p.name == "X-ABLABEL"
    }
    entry = RawEntry(position=card.number, source=SOURCE)
    formatted = structured = None
    notes: list[str] = []
    for prop in card.properties:
        label = labels.get(prop.group.casefold(), "") if prop.group else ""
        name, value = prop.name, prop.value
        if name == "FN":
            formatted = formatted or unescape(value)
        elif name == "N":
            parts = split_unescaped(value, ";")
            # N = family;given;additional;prefix;suffix -> "given additional family"
            ordered = [parts[i] for i in (1, 2, 0) if i < len(parts)]
            structured = structured or " ".join(p for p in ordered if p.strip())
        elif name == "ORG":
            entry.company = entry.company or split_unescaped(value, ";")[0]
        elif name in ("TITLE", "ROLE"):
            entry.role = entry.role or unescape(value)
        elif name == "EMAIL":
            entry.emails.append(unescape(value))
        elif name == "TEL":
            number = unescape(value).strip()
            entry.phones.append(number[4:] if number.casefold().startswith("tel:") else number)
        elif name == "URL":
            _url(entry, unescape(value), label)
        elif name in ("X-SOCIALPROFILE", "IMPP"):
            _social(entry, prop, label)
        elif name == "NOTE":
            notes.append(unescape(value))
        elif name == "CATEGORIES":
            entry.tags.extend(t for t in split_unescaped(value, ",") if not is_system_label(t))
        elif name == MET_ON:
            entry.met_on = _iso_date(unescape(value))
        elif name == MET_WHERE:
            entry.met_where = unescape(value)
    if any(p.name.startswith("X-RETE-") for p in card.properties):
        # One of our own exports: the source is exactly what X-RETE-SOURCE says (or none).
        entry.source = next(
            (clean(unescape(p.value)) for p in card.properties if p.name == SOURCE_PROPERTY),
            None,
        )
    # A card for a company (iOS "show as company", Evolution) may have no FN or N at all.
    entry.name = clean(formatted) or clean(structured) or clean(entry.company)
    entry.notes = "\n".join(n for n in notes if n.strip()) or None
    entry.has_other_data = card.has_data
    return entry


def _url(entry: RawEntry, url: str, label: str) -> None:
    if entry.linkedin_url is None and (linkedin := linkedin_profile(url)):
        entry.linkedin_url = linkedin
    elif entry.telegram_username is None and (label == "telegram" or "t.me/" in url.casefold()):
        entry.telegram_username = telegram_username(url)


def _social(entry: RawEntry, prop: _Property, label: str) -> None:
    """Telegram in X-SOCIALPROFILE;TYPE=telegram (iOS puts the name in X-USER too), IMPP
    with X-SERVICE-TYPE=Telegram or a telegram:/tg: URI, or a group labelled Telegram."""
    service = {s.casefold() for s in prop.params.get("X-SERVICE-TYPE", [])} | prop.types()
    value = unescape(prop.value).strip()
    is_telegram = (
        "telegram" in service
        or label == "telegram"
        or re.match(r"(telegram|tg):|(https?://)?t\.me/", value, re.IGNORECASE) is not None
    )
    if prop.name == "X-SOCIALPROFILE" and entry.linkedin_url is None:
        entry.linkedin_url = linkedin_profile(value)
    if is_telegram and entry.telegram_username is None:
        users = prop.params.get("X-USER", [])
        entry.telegram_username = telegram_username(users[0] if users else value)


def _iso_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None
