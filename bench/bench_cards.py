"""Reading card and badge photos: per-field accuracy, and time per photo against decoding alone.

    uv run python bench/bench_cards.py            # 40 tune + 40 holdout photos
    uv run python bench/bench_cards.py --count 10 # quicker

The photos come from bench/card_photos.py (deterministic, nothing committed). The field
heuristics (bot/cards/fields.py) may be tuned on the `tune` split only; `holdout` is
reported as it comes. For each photo the same bytes go through:
- decode: opening the JPEG and decoding its pixels (the baseline every reader pays);
- qr: decode + looking for 2-D codes (zxing-cpp): what a QR photo costs;
- read: the whole reading as the bot does it (QR, then OCR when no code named a person).
Goals (issue 14): QR <= 100 ms, OCR <= 3 s for a 1280-pixel photo on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from card_photos import Photo, Truth, make_set
from PIL import Image

from bot.cards import ocr
from bot.cards.found import Found
from bot.cards.qr import read_codes
from bot.cards.reading import open_image, read_image
from bot.contacts.text import collapse_whitespace

FIELDS = ("name", "company", "role", "email", "phone", "url")


def _norm(value: str | None) -> str:
    return collapse_whitespace(value or "").casefold().rstrip("/")


def predicted(found: Found | None, truth: Truth) -> dict[str, str]:
    if found is None:
        return dict.fromkeys(FIELDS, "")
    draft = found.draft
    linkedin = "linkedin.com/in/" in truth.url
    url = draft.linkedin_url if linkedin else (found.urls[0] if found.urls else "")
    return {
        "name": draft.name,
        "company": draft.company or "",
        "role": draft.role or "",
        "email": draft.emails[0] if draft.emails else "",
        "phone": draft.phones[0] if draft.phones else "",
        "url": url or "",
    }


CPU: dict[str, list[float]] = {}  # CPU seconds of the process (all threads), per kind


def timed(work: Callable[[], object], kind: str = "") -> tuple[float, object]:
    """Wall seconds and the result; CPU seconds go to CPU[kind] (fairer on a busy machine)."""
    cpu, start = time.process_time(), time.perf_counter()
    result = work()
    wall = time.perf_counter() - start
    if kind:
        CPU.setdefault(kind, []).append(time.process_time() - cpu)
    return wall, result


def decoded(data: bytes) -> Image.Image:
    image = open_image(data)
    assert isinstance(image, Image.Image), image
    return image


def search_codes(data: bytes) -> list[str]:
    return read_codes(decoded(data).convert("L"))


def run_split(photos: list[Photo], verbose: bool) -> dict[str, list[float]]:
    right = dict.fromkeys(FIELDS, 0)
    present = dict.fromkeys(FIELDS, 0)
    spurious = dict.fromkeys(FIELDS, 0)
    times: dict[str, list[float]] = {"decode": [], "qr": [], "qr_read": [], "ocr_read": []}
    for photo in photos:
        used_ocr = not (photo.truth.qr and photo.truth.layout == "badge")
        data = photo.jpeg
        decode_s, _ = timed(partial(open_image, data), "decode")
        qr_s, _ = timed(partial(search_codes, data), "qr")
        read = partial(read_image, data, region="IT", bot_username="rete_bot", use_ocr=True)
        read_s, result = timed(read, "ocr_read" if used_ocr else "qr_read")
        times["decode"].append(decode_s)
        times["qr"].append(qr_s)
        times["ocr_read" if used_ocr else "qr_read"].append(read_s)
        guess = predicted(result if isinstance(result, Found) else None, photo.truth)
        wrong = []
        for name in FIELDS:
            want = _norm(getattr(photo.truth, name))
            got = _norm(guess[name])
            if want:
                present[name] += 1
                right[name] += got == want
                if got != want:
                    wrong.append(f"{name}: {guess[name]!r} (want {getattr(photo.truth, name)!r})")
            elif got:
                spurious[name] += 1
                wrong.append(f"{name}: {guess[name]!r} (want nothing)")
        if verbose and wrong:
            print(f"  {photo.key}: " + "; ".join(wrong))
    for name in FIELDS:
        share = right[name] / present[name] if present[name] else 0.0
        print(
            f"  {name:8} {right[name]:3}/{present[name]:<3} = {share:6.1%}"
            f"   filled when absent: {spurious[name]}"
        )
    return times


def describe(label: str, kind: str, values: list[float], baseline: float) -> None:
    if not values:
        return
    median = statistics.median(values)
    cpu = statistics.median(CPU[kind])
    print(
        f"  {label:34} n={len(values):3}  wall median {median * 1000:7.1f} ms"
        f" max {max(values) * 1000:7.1f} ms = {median / baseline:5.1f}x decoding;"
        f"  CPU median {cpu * 1000:7.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="card and badge photos: accuracy and time")
    parser.add_argument("--count", type=int, default=40, help="photos per split")
    parser.add_argument("--verbose", action="store_true", help="list every wrong field")
    args = parser.parse_args()
    if not ocr.available():
        sys.exit("the OCR extra is not installed: uv sync --extra ocr (or the dev group)")
    print(f"cores: {os.cpu_count()}; load average {os.getloadavg()[0]:.1f}; photos 1280 px, JPEG")
    load_s, _ = timed(lambda: ocr.read_lines(decoded(make_set("warmup", 1)[0].jpeg)))
    print(f"OCR engine: first call (loads the models) {load_s:.2f} s, not counted below")
    all_times: dict[str, list[float]] = {}
    for split in ("tune", "holdout"):
        photos = make_set(split, args.count)
        print(f"\n{split}: {len(photos)} photos; field: right/present")
        for key, values in run_split(photos, args.verbose).items():
            all_times.setdefault(key, []).extend(values)
    baseline = statistics.median(all_times["decode"])
    print(
        f"\ntime per photo, both splits (baseline: decoding alone, median {baseline * 1000:.1f} ms)"
    )
    describe("decoding alone (baseline)", "decode", all_times["decode"], baseline)
    describe("decode + QR search (every photo)", "qr", all_times["qr"], baseline)
    describe("whole read, QR badges (no OCR)", "qr_read", all_times["qr_read"], baseline)
    describe("whole read, printed cards (OCR)", "ocr_read", all_times["ocr_read"], baseline)
    print(f"load average now: {os.getloadavg()[0]:.1f} (the machine is shared: wall times vary)")


if __name__ == "__main__":
    main()
