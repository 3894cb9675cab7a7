"""Speed of the contact importers on 10,000 entries, as ratios to a baseline in the same run.

Baseline: `csv.reader` over the same LinkedIn bytes (decode + split into rows, nothing
else). Also shown for the vCard file: vobject.readComponents alone, the library's own read.

Run:  uv run python bench/bench_porting.py
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Callable
from datetime import date

import vobject

from bot.porting import ParseResult, parse_import

N = 10_000
TODAY = date(2026, 3, 1)
FIRST = ["Niccolò", "Zoë", "Giulia", "Marco", "Chiara", "Luca", "Francesca", "Paolo"]
LAST = ["D'Angelo", "Ferri", "Conti", "Bruno", "De Luca", "Colombo", "Romano", "Greco"]
DATES = ["09 Oct 2024", "6-Feb-26", "1/8/18, 6:14 PM", "2024-10-09"]


def linkedin_bytes() -> bytes:
    out = io.StringIO(newline="")
    out.write('Notes:\r\n"When exporting your connection data, you may notice..."\r\n\r\n')
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
    )
    for i in range(N):
        first, last = FIRST[i % 8], LAST[i // 8 % 8]
        slug = f"{first}-{last}-{i}".lower().replace("'", "")
        email = f"{slug}@example.it" if i % 3 == 0 else ""
        company = f"Azienda {i % 500}, S.p.A."
        writer.writerow(
            [
                first,
                last,
                f"https://www.linkedin.com/in/{slug}",
                email,
                company,
                "Engineer",
                DATES[i % 4],
            ]
        )
    return out.getvalue().encode("utf-8")


def vcard_bytes() -> bytes:
    cards = []
    for i in range(N):
        first, last = FIRST[i % 8], LAST[i // 8 % 8]
        cards.append(
            "BEGIN:VCARD\r\nVERSION:3.0\r\n"
            f"N:{last};{first};;;\r\nFN:{first} {last}\r\n"
            f"ORG:Azienda {i % 500}\\, S.p.A.;Vendite\r\nTITLE:Responsabile\r\n"
            f"item1.EMAIL;type=INTERNET:{first.lower()}.{i}@example.it\r\n"
            "item1.X-ABLabel:_$!<Work>!$_\r\n"
            f"TEL;type=CELL:+39 333 {i:07d}\r\n"
            f"NOTE:Conosciuto in fiera\\, stand {i}\r\nCATEGORIES:fiera,2024\r\nEND:VCARD\r\n"
        )
    return "".join(cards).encode("utf-8")


def best_of(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    linkedin, vcards = linkedin_bytes(), vcard_bytes()
    for data in (linkedin, vcards):
        outcome = parse_import(data, today=TODAY)
        if not isinstance(outcome, ParseResult) or len(outcome.contacts) != N:
            raise SystemExit(f"unexpected outcome: {outcome}")

    baseline = best_of(5, lambda: list(csv.reader(io.StringIO(linkedin.decode("utf-8")))))
    linkedin_time = best_of(5, lambda: parse_import(linkedin, today=TODAY))
    vcard_time = best_of(3, lambda: parse_import(vcards, today=TODAY))
    vobject_time = best_of(
        3, lambda: list(vobject.readComponents(vcards.decode("utf-8"), allowQP=True))
    )
    print(f"LinkedIn file {len(linkedin) / 1e6:.2f} MB, vCard file {len(vcards) / 1e6:.2f} MB")
    print(f"baseline csv.reader, LinkedIn bytes : {baseline * 1000:8.1f} ms   1.0x")
    for label, seconds in (
        ("parse_import LinkedIn (10,000 rows)", linkedin_time),
        ("parse_import vCard (10,000 cards)  ", vcard_time),
        ("vobject.readComponents alone, vCard", vobject_time),
    ):
        print(f"{label}: {seconds * 1000:8.1f} ms {seconds / baseline:6.1f}x")


if __name__ == "__main__":
    main()
