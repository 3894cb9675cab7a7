"""The hand-written corpus: table-driven classification and field checks, then quality
figures (precision/recall of the classifier, accuracy of each field) with floors.

See the figures with ``uv run pytest -q -s tests/test_jobposts_quality.py``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.companies import normalise_company
from bot.jobposts.classifier import classify
from bot.jobposts.extract import extract
from bot.jobposts.text import fold

CORPUS_PATH = Path(__file__).parent / "data" / "jobposts" / "corpus.jsonl"
CORPUS: list[dict[str, Any]] = [
    json.loads(line) for line in CORPUS_PATH.read_text("utf-8").splitlines() if line.strip()
]
JOBS = [post for post in CORPUS if post["is_job"]]
# Posts written after the rules were tuned on CORPUS; measured against lower floors and
# never asserted one by one, so they keep telling how the rules generalise.
HOLDOUT_PATH = CORPUS_PATH.with_name("holdout.jsonl")
HOLDOUT: list[dict[str, Any]] = [
    json.loads(line) for line in HOLDOUT_PATH.read_text("utf-8").splitlines() if line.strip()
]

# (posts, precision floor, recall floor, per-field accuracy floor)
FLOORS = {"corpus": (CORPUS, 0.95, 0.90, 0.95), "holdout": (HOLDOUT, 0.90, 0.80, 0.75)}


def field_matches(name: str, expected: Any, got: Any) -> bool:
    """Roles compare folded, companies by normal form, enums by value, the rest exactly."""
    got = getattr(got, "value", got)
    if expected is None or got is None:
        return expected is got
    if name == "role":
        return bool(fold(got) == fold(expected))
    if name == "company":
        return normalise_company(got) == normalise_company(expected)
    return bool(got == expected)


def test_corpus_shape() -> None:
    assert len(CORPUS) >= 50
    assert sum(not post["is_job"] for post in CORPUS) >= 15
    assert {post["lang"] for post in CORPUS} == {"it", "en"}
    assert len({post["id"] for post in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize("post", CORPUS, ids=[post["id"] for post in CORPUS])
def test_classification(post: dict[str, Any]) -> None:
    result = classify(post["text"])
    assert result.is_job is post["is_job"], result


@pytest.mark.parametrize("post", JOBS, ids=[post["id"] for post in JOBS])
def test_fields(post: dict[str, Any]) -> None:
    fields = extract(post["text"])
    known_misses = set(post.get("known_misses", ()))
    wrong = {
        name: (expected, getattr(fields, name))
        for name, expected in post["fields"].items()
        if name not in known_misses and not field_matches(name, expected, getattr(fields, name))
    }
    assert wrong == {}
    for name in known_misses:  # a known miss that starts passing should be promoted
        assert not field_matches(name, post["fields"][name], getattr(fields, name)), name


@pytest.mark.parametrize("name", FLOORS)
def test_precision_and_recall(name: str) -> None:
    posts, precision_floor, recall_floor, _ = FLOORS[name]
    predicted = [(classify(post["text"]).is_job, post["is_job"]) for post in posts]
    true_pos = sum(p and a for p, a in predicted)
    false_pos = sum(p and not a for p, a in predicted)
    false_neg = sum(a and not p for p, a in predicted)
    precision = true_pos / (true_pos + false_pos)
    recall = true_pos / (true_pos + false_neg)
    print(f"\n{name} ({len(posts)} posts): precision={precision:.3f} recall={recall:.3f}")
    assert precision >= precision_floor
    assert recall >= recall_floor


@pytest.mark.parametrize("name", FLOORS)
def test_field_accuracy(name: str) -> None:
    posts, _, _, accuracy_floor = FLOORS[name]
    extracted = [(post, extract(post["text"])) for post in posts if post["is_job"]]
    print()
    for field in extracted[0][0]["fields"]:
        hits = sum(
            field_matches(field, post["fields"][field], getattr(fields, field))
            for post, fields in extracted
        )
        accuracy = hits / len(extracted)
        print(f"{name} {field:<12} accuracy={accuracy:.3f} ({hits}/{len(extracted)})")
        assert accuracy >= accuracy_floor, field
