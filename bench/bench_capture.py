"""Speed of the contact-capture parsers, each figure as a ratio to a baseline in the same run.

Run:  uv run python bench/bench_capture.py
With `uv run --with dateparser python bench/bench_capture.py` it also compares the explicit
date grammar with dateparser (import time, first call, later calls, and how many phrases of
our grammar each one reads correctly).
"""

from __future__ import annotations

import re
import subprocess
import sys
import timeit
from collections.abc import Callable
from datetime import date, datetime

from bot.contacts.channels import parse_channels
from bot.contacts.dates import parse_followup_date, parse_met_date
from bot.contacts.validation import validate_name

TODAY = date(2026, 11, 27)
MET_PHRASES = {
    "oggi": date(2026, 11, 27),
    "ieri": date(2026, 11, 26),
    "l'altro ieri": date(2026, 11, 25),
    "3 giorni fa": date(2026, 11, 24),
    "una settimana fa": date(2026, 11, 20),
    "lunedì scorso": date(2026, 11, 23),
    "lunedi scorso": date(2026, 11, 23),
    "lunedì": date(2026, 11, 23),
    "25/11": date(2026, 11, 25),
    "25/11/2026": date(2026, 11, 25),
    "25-11-26": date(2026, 11, 25),
    "2026-11-25": date(2026, 11, 25),
    "25 novembre": date(2026, 11, 25),
    "today": date(2026, 11, 27),
    "yesterday": date(2026, 11, 26),
    "3 days ago": date(2026, 11, 24),
    "last Monday": date(2026, 11, 23),
    "a week ago": date(2026, 11, 20),
    "Nov 25": date(2026, 11, 25),
}
FOLLOWUP_PHRASES = {
    "domani": date(2026, 11, 28),
    "tra 5 giorni": date(2026, 12, 2),
    "fra una settimana": date(2026, 12, 4),
    "lunedì prossimo": date(2026, 11, 30),
    "25/12": date(2026, 12, 25),
    "2026-12-05": date(2026, 12, 5),
    "tomorrow": date(2026, 11, 28),
    "in 5 days": date(2026, 12, 2),
    "next Monday": date(2026, 11, 30),
    "Dec 5": date(2026, 12, 5),
}
CHANNELS_TEXT = (
    "Mario Rossi — mario.rossi@acme.it, cell +39 333 123 4567\n"
    "@mario_rossi linkedin.com/in/mario-rossi acme.com/jobs"
)


def per_call(statement: object, number: int) -> float:
    timer = timeit.Timer(statement)  # type: ignore[arg-type]
    return min(timer.repeat(repeat=5, number=number)) / number


def import_microseconds(module: str) -> int:
    """Cumulative import time of `module` in a fresh interpreter (python -X importtime)."""
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        capture_output=True,
        text=True,
        check=True,
    )
    pattern = re.compile(rf"\|\s*(\d+)\s*\|\s*{re.escape(module)}$")
    for line in completed.stderr.splitlines():
        if match := pattern.search(line.strip()):
            return int(match.group(1))
    raise RuntimeError(f"no import time for {module}")


def first_call_seconds(setup: str, call: str) -> float:
    """Duration of the first call after import, in a fresh interpreter (lazy loading shows)."""
    code = f"import time\n{setup}\nt = time.perf_counter()\n{call}\nprint(time.perf_counter() - t)"
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return float(completed.stdout.strip())


def main() -> None:
    phrases = list(MET_PHRASES)

    def met_all() -> None:
        for p in phrases:
            parse_met_date(p, today=TODAY)

    def split_all() -> None:
        for p in phrases:
            p.split()

    met = per_call(met_all, 2000) / len(phrases)
    split = per_call(split_all, 2000) / len(phrases)
    print(f"parse_met_date   {met * 1e6:7.2f} µs/call  = {met / split:6.1f}x str.split()")

    channels = per_call(lambda: parse_channels(CHANNELS_TEXT), 500)
    channels_split = per_call(lambda: CHANNELS_TEXT.split(), 500)
    print(
        f"parse_channels   {channels * 1e6:7.2f} µs/call  = "
        f"{channels / channels_split:6.1f}x str.split() ({len(CHANNELS_TEXT)} chars)"
    )

    huge = "Mario Rossi " * 2000  # 24,000 characters
    name = per_call(lambda: validate_name(huge), 2000)
    length = per_call(lambda: huge.strip(), 2000)
    print(f"validate_name 24k {name * 1e6:6.2f} µs/call  = {name / length:6.1f}x str.strip()")

    baseline_import = import_microseconds("json")
    for module in (
        "bot.contacts.dates",
        "bot.contacts.channels",
        "bot.contacts.duplicates",
        "bot.followups.settings_input",
    ):
        us = import_microseconds(module)
        print(f"import {module:30} {us / 1000:7.1f} ms = {us / baseline_import:6.1f}x import json")

    # dateparser (not a dependency: we dropped it for this grammar), on the same phrases.
    try:
        import dateparser
    except ImportError:
        print(
            "dateparser comparison skipped: uv run --with dateparser python bench/bench_capture.py"
        )
        return
    print(f"import dateparser {import_microseconds('dateparser') / 1000:7.1f} ms")

    settings = {
        "PREFER_DATES_FROM": "past",
        "RELATIVE_BASE": datetime(2026, 11, 27, 12),
        "DATE_ORDER": "DMY",
    }
    later = per_call(
        lambda: dateparser.parse("3 giorni fa", languages=["it", "en"], settings=settings), 50
    )
    ours = per_call(lambda: parse_met_date("3 giorni fa", today=TODAY), 2000)
    print(f"dateparser later calls {later * 1e6:7.1f} µs = {later / ours:6.1f}x parse_met_date")
    dp_first = first_call_seconds(
        "import dateparser", "dateparser.parse('oggi', languages=['it', 'en'])"
    )
    own_first = first_call_seconds(
        "import datetime, bot.contacts.dates as d",
        "d.parse_met_date('oggi', today=datetime.date(2026, 11, 27))",
    )
    print(
        f"first call in a fresh process: dateparser {dp_first * 1e3:.1f} ms, "
        f"ours {own_first * 1e3:.3f} ms = {dp_first / own_first:.0f}x"
    )

    def correct(parse: Callable[..., object], table: dict[str, date], prefer: str) -> int:
        good = 0
        for text, expected in table.items():
            if parse is dateparser.parse:
                found = dateparser.parse(
                    text,
                    languages=["it", "en"],
                    settings={**settings, "PREFER_DATES_FROM": prefer},
                )
                good += isinstance(found, datetime) and found.date() == expected
            else:
                good += parse(text, today=TODAY) == expected
        return good

    total = len(MET_PHRASES) + len(FOLLOWUP_PHRASES)
    dp = correct(dateparser.parse, MET_PHRASES, "past") + correct(
        dateparser.parse, FOLLOWUP_PHRASES, "future"
    )
    own = correct(parse_met_date, MET_PHRASES, "past") + correct(
        parse_followup_date, FOLLOWUP_PHRASES, "future"
    )
    print(f"phrases read correctly: ours {own}/{total}, dateparser {dp}/{total}")


if __name__ == "__main__":
    main()
