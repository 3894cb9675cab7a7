"""Scoring helpers for the real-world job-post set (``tests/data/jobposts/real``).

Shared by ``test_jobposts_real.py`` and ``bench/bench_jobposts.py``: loading the split, the
split rule itself (so a test can prove the committed split is the seeded one), precision and
recall per group, and the comparison of extracted fields with the expected ones.
"""

from __future__ import annotations

import json
import random
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.jobposts.extract import JobPostFields, WorkMode
from bot.jobposts.places import canonical_place
from bot.jobposts.text import fold

REAL = Path(__file__).parent / "data" / "jobposts" / "real"
SEED = "rete-jobposts-real-v1"
HOLDOUT_SHARE = 0.4

Item = dict[str, Any]


def load(name: str) -> list[Item]:
    """``tune`` or ``holdout``."""
    with (REAL / f"{name}.jsonl").open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def group_key(text: str) -> str:
    return re.sub(r"\W+", "", text.lower())[:40]


def split(items: Iterable[Item]) -> set[str]:
    """Holdout ids: per (label, language), whole near-duplicate groups in a seeded order until
    the holdout holds ``round(0.4 x stratum size)`` items (see PROVENANCE.md)."""
    strata: dict[tuple[str, str], list[Item]] = defaultdict(list)
    for item in items:
        strata[(item["label"], item["lang"])].append(item)
    holdout: set[str] = set()
    for (label, lang), members in sorted(strata.items()):
        groups: dict[str, list[str]] = defaultdict(list)
        for item in members:
            groups[group_key(item["text"])].append(item["id"])
        order = sorted(groups)
        random.Random(f"{SEED}:{label}:{lang}").shuffle(order)
        target = round(HOLDOUT_SHARE * len(members))
        taken = 0
        for key in order:
            if taken >= target:
                break
            holdout.update(groups[key])
            taken += len(groups[key])
    return holdout


@dataclass(frozen=True, slots=True)
class Score:
    n: int
    true_pos: int
    false_pos: int
    false_neg: int

    @property
    def precision(self) -> float:
        guessed = self.true_pos + self.false_pos
        return self.true_pos / guessed if guessed else 1.0

    @property
    def recall(self) -> float:
        actual = self.true_pos + self.false_neg
        return self.true_pos / actual if actual else 1.0


def score(items: list[Item], predict: Callable[[str], bool]) -> Score:
    guesses = [(predict(item["text"]), item["label"] == "job") for item in items]
    return Score(
        n=len(items),
        true_pos=sum(g and a for g, a in guesses),
        false_pos=sum(g and not a for g, a in guesses),
        false_neg=sum(a and not g for g, a in guesses),
    )


def score_by(items: list[Item], key: str, predict: Callable[[str], bool]) -> dict[str, Score]:
    groups: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        groups[item[key]].append(item)
    return {name: score(members, predict) for name, members in sorted(groups.items())}


# --- fields -------------------------------------------------------------------------------

_SENIORITY = re.compile(r"\b(?:junior|jr|mid|middle|senior|sr|lead|principal|staff)\b\.?")
_PARENS = re.compile(r"\([^)]*\)")


def _role_form(text: str) -> str:
    text = _SENIORITY.sub(" ", _PARENS.sub(" ", fold(text)))
    return " ".join(re.sub(r"[^\w/&+]+", " ", text).split())


def _close(expected: str, got: str) -> bool:
    """Equal, or one contains the other and covers at least 60% of it."""
    if expected == got:
        return True
    short, long = sorted((expected, got), key=len)
    return bool(short) and short in long and len(short) >= 0.6 * len(long)


def _place_form(text: str) -> str:
    """Canonical name of the first comma-separated part ("Milan, Italy" -> "Milano";
    "Villanova d'Asti, Italia" -> "villanova d'asti")."""
    first = text.split(",")[0]
    return canonical_place(first) or " ".join(re.sub(r"[^\w']+", " ", fold(first)).split())


def _remote(fields: JobPostFields) -> bool | None:
    if fields.work_mode is None:
        return None
    return fields.work_mode is WorkMode.REMOTE


def field_ok(name: str, expected: Any, fields: JobPostFields) -> bool:
    """Does the extracted ``fields`` match the expected value of one annotated field?"""
    if name == "role":
        got = fields.role
        return (
            got is None
            if expected is None
            else got is not None and _close(_role_form(expected), _role_form(got))
        )
    if name == "company":
        got = fields.company
        if expected is None or got is None:
            return expected is got
        return _close(_role_form(expected), _role_form(got))
    if name == "place":
        return fields.location is not None and _place_form(expected) == _place_form(fields.location)
    if name == "remote":
        return _remote(fields) is expected
    if name == "salary":
        got_salary = {
            "min": fields.pay_min,
            "max": fields.pay_max,
            "currency": fields.pay_currency,
            "period": fields.pay_period.value if fields.pay_period else None,
        }
        return bool(got_salary == expected)
    if name == "apply":
        return expected in (fields.apply_url, fields.apply_email)
    raise ValueError(name)


FIELD_NAMES = ("role", "company", "place", "remote", "salary", "apply")
