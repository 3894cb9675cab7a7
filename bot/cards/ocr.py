"""Printed text in a photo, by RapidOCR on ONNX Runtime (the optional `ocr` extra).

The engine (about 1.5 s to load, models inside the wheel) is loaded on first use and kept;
calls are serialised by a lock, since one inference already uses both cores.
"""

from __future__ import annotations

import importlib.util
import threading
from typing import Any

from PIL import Image

from bot.cards.fields import TextLine

MIN_SCORE = 0.5  # lines the recogniser is less sure of are noise, not text

_lock = threading.Lock()
_engine: Any = None


def available() -> bool:
    """Whether the `ocr` extra is installed."""
    return all(importlib.util.find_spec(m) is not None for m in ("rapidocr", "onnxruntime"))


def _get_engine() -> Any:
    global _engine
    if _engine is None:
        from rapidocr import RapidOCR

        _engine = RapidOCR(params={"Global.log_level": "error"})
    return _engine


def read_lines(image: Image.Image) -> list[TextLine]:
    """The lines of text in the image, top to bottom. Blocking: call it from a thread."""
    with _lock:
        result = _get_engine()(image.convert("RGB"))
    if result.txts is None:
        return []
    lines = []
    for text, box, score in zip(result.txts, result.boxes, result.scores, strict=True):
        if score < MIN_SCORE or not str(text).strip():
            continue
        ys = [float(point[1]) for point in box]
        xs = [float(point[0]) for point in box]
        lines.append(TextLine(str(text), max(ys) - min(ys), min(ys), min(xs)))
    lines.sort(key=lambda line: (line.top, line.left))
    return lines
