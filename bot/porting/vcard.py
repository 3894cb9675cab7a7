"""vCard 2.1, 3.0 and 4.0 import, lexed by vobject.

vobject does the reading of each line: folded lines, QUOTED-PRINTABLE with the soft line
breaks of vCard 2.1 (`allowQP=True`), CHARSET= parameters, parameters with and without
names (2.1 `TEL;CELL`), and item groups (`item1.EMAIL` + `item1.X-ABLabel`).

What we do around it, and why:
- Cards are delimited here (BEGIN:VCARD / END:VCARD on the logical lines vobject yields) so
  one unreadable card - a line vobject cannot read, an undecodable charset, a card never
  closed - becomes Rejected(UNREADABLE_CARD) while the others are still returned.
- Property values are taken raw (vobject's ContentLine before any behaviour runs) and
  unescaped here per RFC 6350 3.4 (\\n \\, \\; \\\\). vobject's own text decoding keeps
  only the part before the first unescaped comma ("NOTE:Met in Milan, at the fair" becomes
  "Met in Milan"), and vCard 2.1 and many exporters do not escape commas. Skipping the
  behaviours also means a huge or broken base64 PHOTO is never decoded (it is ignored).
- vCard 4.0 "tel:" URIs are reduced to the number; BDAY and PHOTO are ignored.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from vobject.base import getLogicalLines, textLineToContentLine

from bot.porting.fields import (
    RawEntry,
    clean,
    collect,
    linkedin_url,
    telegram_username,
)
from bot.porting.model import ImportFormat, ParseResult, Rejected, RejectReason

SOURCE = "vcard"
MET_ON = "X-RETE-MET-ON"
MET_WHERE = "X-RETE-MET-WHERE"
SOURCE_PROPERTY = "X-RETE-SOURCE"
_BEGIN = re.compile(r"^[ \t]*BEGIN[ \t]*:[ \t]*VCARD[ \t]*\r?$", re.IGNORECASE | re.MULTILINE)
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_ESCAPES = {"n": "\n", "N": "\n"}


def count_cards(text: str) -> int:
    return len(_BEGIN.findall(text))


def looks_like_vcard(text: str) -> bool:
    return _BEGIN.search(text[:4096]) is not None


def unescape(value: str) -> str:
    return _ESCAPE.sub(lambda m: _ESCAPES.get(m[1], m[1]), value)


def split_unescaped(value: str, separator: str) -> list[str]:
    """Split on `separator` not preceded by a backslash, then unescape each part."""
    parts = re.split(r"(?<!\\)" + re.escape(separator), value)
    return [unescape(part) for part in parts]


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
    error: str | None = None


def parse(text: str, *, default_region: str = "IT", today: date | None = None) -> ParseResult:
    del today  # vCards carry no relative dates; accepted for a uniform signature
    rejected: list[Rejected] = []
    entries: list[RawEntry] = []
    for card in _cards(text):
        if card.error is not None:
            rejected.append(Rejected(card.number, RejectReason.UNREADABLE_CARD, card.error))
        else:
            entries.append(_entry(card))
    contacts, problems = collect(entries, default_region=default_region)
    rejected.extend(problems)
    rejected.sort(key=lambda r: r.position)
    return ParseResult(ImportFormat.VCARD, contacts, rejected)


def _cards(text: str) -> Iterator[_Card]:
    card: _Card | None = None
    number = 0
    for line, line_number in getLogicalLines(io.StringIO(text), allowQP=True):
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
        if card.error is not None:
            continue
        try:
            content = textLineToContentLine(line, line_number)
        except Exception as error:  # vobject raises ParseError, codecs errors, LookupError
            card.error = f"line {line_number}: {type(error).__name__}"
            continue
        params = {key: list(values) for key, values in content.params.items()}
        params[""] = list(content.singletonparams)
        card.properties.append(
            _Property(content.name.upper(), content.group, params, str(content.value))
        )
    if card is not None:
        card.error = card.error or "card never closed"
        yield card


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
            entry.tags.extend(split_unescaped(value, ","))
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
    entry.name = clean(formatted) or clean(structured)
    entry.notes = "\n".join(n for n in notes if n.strip()) or None
    entry.has_other_data = bool(card.properties)
    return entry


def _url(entry: RawEntry, url: str, label: str) -> None:
    if entry.linkedin_url is None and (linkedin := linkedin_url(url)):
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
        entry.linkedin_url = linkedin_url(value)
    if is_telegram and entry.telegram_username is None:
        users = prop.params.get("X-USER", [])
        entry.telegram_username = telegram_username(users[0] if users else value)


def _iso_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None
