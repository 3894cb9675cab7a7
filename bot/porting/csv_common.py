"""Shared plumbing of the CSV importers: decoding bytes, finding the header, dates.

Quirks handled, and why:
- Encodings: UTF-8 with or without BOM (Outlook writes one), UTF-16 with BOM or without
  (some Outlook and Excel "Unicode text" exports), else cp1252 (Excel on Italian Windows),
  else latin-1. NUL bytes or many control characters mean a binary file, not text.
- Delimiter: Excel in an Italian locale saves CSV with ";" — each header line is sniffed.
- Header: LinkedIn's Connections.csv may start with a "Notes:" preamble, so the header row is
  searched for in the first lines instead of assumed to be the first.
- Broken files: a cell over the csv module's 128 KiB limit, or a quote that is never closed
  (which would swallow the rest of the file into one cell and lose every later row), stop
  the import with TableError and the row where it happens.
- Dates: LinkedIn has used "09 Oct 2024", "6-Feb-26", "1/8/18, 6:14 PM" (month first) and ISO.
  Month names are mapped by hand (English and Italian) so the result never depends on the
  process locale; two-digit years resolve to the latest century not after `today`.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from bot.porting.model import FailureReason

FIELD_LIMIT = csv.field_size_limit()  # characters: the csv module's default, 131,072
_QUOTED = re.compile(r'"[^"]*(?:""[^"]*)*"')
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")  # NUL counts too
_DELIMITERS = (",", ";", "\t")
HEADER_SCAN_LINES = 50
HEADER_SCAN_CHARS = 64 * 1024


def decode_text(data: bytes) -> str | None:
    """The text of `data`, or None when it is binary (NULs, undecodable, control noise).

    A few stray NULs or control characters in a file that is valid Unicode (an export of a
    name that once held one) do not make it binary; in a file that only decodes as a legacy
    charset, any NUL does.
    """
    unicode = decode_bytes(data, strict=True)
    text = unicode if unicode is not None else decode_bytes(data)
    if text is None:
        return None
    text = text.removeprefix("\ufeff")
    sample = text[:HEADER_SCAN_CHARS]
    noise = len(_CONTROL.findall(sample))
    if noise > max(2, len(sample) // 100) or (unicode is None and "\x00" in sample):
        return None
    return text


def decode_bytes(data: bytes, *, strict: bool = False) -> str | None:
    """UTF-8 or UTF-16 (with a BOM, or UTF-16 text without one); then, unless `strict`,
    windows-1252 and finally latin-1. None when a strict decoding finds no Unicode text."""
    if data.startswith(codecs.BOM_UTF8):
        return _try(data[len(codecs.BOM_UTF8) :], "utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _try(data, "utf-16")
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return _try(data, utf16)
    for encoding in ("utf-8",) if strict else ("utf-8", "cp1252"):
        text = _try(data, encoding)
        if text is not None:
            return text
    return None if strict else data.decode("latin-1")


def _utf16_without_bom(data: bytes) -> str | None:
    """Text that is mostly ASCII in UTF-16 has a NUL in every other byte."""
    sample = data[:2000]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > 0.7 * half and even_nuls == 0:
        return "utf-16-le"
    if even_nuls > 0.7 * half and odd_nuls == 0:
        return "utf-16-be"
    return None


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def guess_delimiter(line: str) -> str:
    """The most frequent of , ; TAB outside double quotes (comma on a tie)."""
    counts = dict.fromkeys(_DELIMITERS, 0)
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    return max(_DELIMITERS, key=lambda d: counts[d])  # max keeps the first on ties


def split_line(line: str, delimiter: str) -> list[str]:
    return next(csv.reader([line], delimiter=delimiter), [])


def header_key(cell: str) -> str:
    return " ".join(cell.split()).casefold()


HeaderMatch = Callable[[frozenset[str]], bool]


@dataclass(frozen=True, slots=True)
class HeaderLine:
    line_index: int  # 0-based among the physical lines
    delimiter: str
    cells: tuple[str, ...]


def find_header(text: str, matches: HeaderMatch, *, first_only: bool = False) -> HeaderLine | None:
    """The first line (or only the first non-blank one) whose cells satisfy `matches`."""
    for index, line in enumerate(text[:HEADER_SCAN_CHARS].splitlines()[:HEADER_SCAN_LINES]):
        if not line.strip():
            continue
        delimiter = guess_delimiter(line)
        cells = tuple(cell.strip() for cell in split_line(line, delimiter))
        if matches(frozenset(header_key(c) for c in cells if c)):
            return HeaderLine(index, delimiter, cells)
        if first_only:
            return None
    return None


@dataclass(frozen=True, slots=True)
class Table:
    """A CSV file cut at its header: `records` are (position, cells) of the non-blank
    records after the header; position counts records as a spreadsheet shows rows."""

    header: tuple[str, ...]
    records: list[tuple[int, list[str]]]

    def column(self, *names: str) -> int | None:
        """Index of the first header cell equal (case-insensitively) to one of `names`."""
        keys = [header_key(h) for h in self.header]
        for name in names:
            key = header_key(name)
            if key in keys:
                return keys.index(key)
        return None

    def columns(self, *names: str) -> list[int]:
        """Indexes of every header cell equal (case-insensitively) to one of `names`."""
        wanted = {header_key(n) for n in names}
        return [i for i, h in enumerate(self.header) if header_key(h) in wanted]


class TableError(Exception):
    """The CSV cannot be read as a whole: `reason` at `position` (a spreadsheet row)."""

    def __init__(self, reason: FailureReason, position: int) -> None:
        super().__init__(f"{reason} at row {position}")
        self.reason = reason
        self.position = position


def read_table(text: str, header: HeaderLine) -> Table:
    """Parse the whole text with the header's delimiter and keep what follows the header.

    Raises TableError for a cell over FIELD_LIMIT or a quote never closed.
    """
    starts: list[int] = []  # offset of each physical line, to find where a record began

    def lines() -> Iterator[str]:
        offset = 0
        for line in io.StringIO(text, newline=""):
            starts.append(offset)
            offset += len(line)
            yield line

    reader = csv.reader(lines(), delimiter=header.delimiter)
    records: list[tuple[int, list[str]]] = []
    wanted = [c.strip() for c in header.cells]
    found = False
    position = last_start = 0
    while True:
        line_index = reader.line_num  # the record about to be read starts on this line
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            opened = _opens_unclosed_quote(text, starts[line_index], header.delimiter)
            reason = FailureReason.UNCLOSED_QUOTE if opened else FailureReason.FIELD_TOO_LARGE
            raise TableError(reason, position + 1) from error
        position += 1
        last_start = starts[line_index]
        if not found:
            found = [c.strip() for c in row] == wanted
            continue
        if any(cell.strip() for cell in row):
            records.append((position, row))
    # An unclosed quote swallows the rest of the file into the last record read.
    if position and _opens_unclosed_quote(text, last_start, header.delimiter):
        raise TableError(FailureReason.UNCLOSED_QUOTE, position)
    return Table(header.cells, records)


def _opens_unclosed_quote(text: str, start: int, delimiter: str) -> bool:
    """Whether the record at `start` has a quoted cell that is never closed."""
    cell_end = re.compile(f"[{re.escape(delimiter)}\r\n]")
    index, end = start, len(text)
    while index < end:
        if text[index] == '"':
            quoted = _QUOTED.match(text, index)
            if quoted is None:
                return True
            index = quoted.end()
        found = cell_end.search(text, index)  # what follows a closing quote joins the cell
        if found is None or found[0] in "\r\n":
            return False
        index = found.end()
    return False


def cell(row: Sequence[str], index: int | None) -> str:
    if index is None or index >= len(row):
        return ""
    return row[index]


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january", "gen", "gennaio"),
            ("feb", "february", "febbraio"),
            ("mar", "march", "marzo"),
            ("apr", "april", "aprile"),
            ("may", "mag", "maggio"),
            ("jun", "june", "giu", "giugno"),
            ("jul", "july", "lug", "luglio"),
            ("aug", "august", "ago", "agosto"),
            ("sep", "sept", "september", "set", "settembre"),
            ("oct", "october", "ott", "ottobre"),
            ("nov", "november", "novembre"),
            ("dec", "december", "dic", "dicembre"),
        ),
        start=1,
    )
    for name in names
}
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DAY_MONTHNAME_YEAR = re.compile(r"(\d{1,2})[ \-/.]+([^\W\d_]+)\.?[ \-/.,]+(\d{2}|\d{4})")
_SLASHED_US = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})")


def parse_date(raw: str, today: date) -> date | None:
    """A LinkedIn-style date (see module doc), or None when unreadable or impossible."""
    text = raw.strip().split(",")[0].strip() if "/" in raw else raw.strip()
    try:
        if m := _ISO.fullmatch(text):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _DAY_MONTHNAME_YEAR.fullmatch(text):
            month = _MONTHS.get(m[2].casefold())
            if month is None:
                return None
            return date(_full_year(m[3], today), month, int(m[1]))
        if m := _SLASHED_US.fullmatch(text):
            return date(_full_year(m[3], today), int(m[1]), int(m[2]))
    except ValueError:
        return None
    return None


def _full_year(digits: str, today: date) -> int:
    if len(digits) == 4:
        return int(digits)
    year = today.year // 100 * 100 + int(digits)
    return year if year <= today.year else year - 100
