"""Fit the job-post classifier's weights on the tune split (never the holdout).

Run: ``uv run python tests/data/jobposts/fit_weights.py``

A plain L2-regularised logistic regression over the binary signals of
``bot.jobposts.features``, fitted by gradient descent on ``real/tune.jsonl`` plus the
hand-written ``corpus.jsonl`` (our own examples of the Italian template and label styles).
Gradient descent is stopped after ``STEPS`` steps, which (with the small ``LAMBDA``) is what
keeps the weights moderate. It prints a 5-fold cross-validated precision/recall on the tune
split at a few thresholds, then the weights to paste into ``bot/jobposts/classifier.py``.
"""

from __future__ import annotations

import json
import math
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from bot.jobposts.features import signals  # noqa: E402
from bot.jobposts.text import fold  # noqa: E402

DATA = Path(__file__).resolve().parent
LAMBDA = 0.0003
STEPS = 800
RATE = 1.0
THRESHOLDS = (0.0, 0.25, 0.5, 1.0)  # 0.5 is the one the classifier uses

Example = tuple[frozenset[str], bool]


def load() -> tuple[list[Example], list[Example]]:
    tune = [json.loads(line) for line in (DATA / "real" / "tune.jsonl").open(encoding="utf-8")]
    corpus = [json.loads(line) for line in (DATA / "corpus.jsonl").open(encoding="utf-8")]
    real = [(signals(fold(x["text"])), x["label"] == "job") for x in tune]
    ours = [(signals(fold(x["text"])), bool(x["is_job"])) for x in corpus]
    return real, ours


def fit(examples: list[Example], lam: float) -> tuple[float, dict[str, float]]:
    names = sorted({name for feats, _ in examples for name in feats})
    weights = dict.fromkeys(names, 0.0)
    bias = 0.0
    n = len(examples)
    for _ in range(STEPS):
        grad = dict.fromkeys(names, 0.0)
        grad_bias = 0.0
        for feats, label in examples:
            z = bias + sum(weights[f] for f in feats)
            err = 1 / (1 + math.exp(-z)) - label
            grad_bias += err
            for f in feats:
                grad[f] += err
        bias -= RATE * grad_bias / n
        for f in names:
            weights[f] -= RATE * (grad[f] / n + lam * weights[f])
    return bias, weights


def cross_validate(real: list[Example], ours: list[Example]) -> list[tuple[float, bool]]:
    """(score, label) of every tune example, each scored by a model fitted without its fold."""
    order = list(range(len(real)))
    random.Random(7).shuffle(order)
    scored: list[tuple[float, bool]] = []
    for fold_index in range(5):
        train = [real[i] for i in order if i % 5 != fold_index] + ours
        bias, weights = fit(train, LAMBDA)
        for i in order[fold_index::5]:
            feats, label = real[i]
            scored.append((bias + sum(weights.get(f, 0.0) for f in feats), label))
    return scored


def main() -> None:
    real, ours = load()
    scored = cross_validate(real, ours)
    for threshold in THRESHOLDS:
        tp = sum(z >= threshold and label for z, label in scored)
        fp = sum(z >= threshold and not label for z, label in scored)
        fn = sum(z < threshold and label for z, label in scored)
        print(
            f"threshold {threshold}: 5-fold on tune precision={tp / (tp + fp):.3f}"
            f" recall={tp / (tp + fn):.3f}"
        )
    bias, weights = fit(real + ours, LAMBDA)
    print(f"\nBIAS = {bias:.2f}\nWEIGHTS = {{")
    for name, weight in sorted(weights.items(), key=lambda kv: -kv[1]):
        print(f'    "{name}": {weight:.2f},')
    print("}")


if __name__ == "__main__":
    main()
