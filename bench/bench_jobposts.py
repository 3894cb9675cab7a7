"""Speed of the job-post pipeline, as ratios against baselines measured in the same run.

Run: ``uv run python bench/bench_jobposts.py``

1. classify + extract per post over the corpus (repeated), against ``str.lower()`` plus one
   ``re.search`` over the same texts.
2. group + render + split a digest of 10,000 posts (goal: <= 200 ms), against sorting the
   same 10,000 posts by date.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.jobposts.classifier import classify  # noqa: E402
from bot.jobposts.digest import DigestPost, group_posts, split_message  # noqa: E402
from bot.jobposts.extract import extract  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "jobposts" / "corpus.jsonl"
REPEAT = 30
DIGEST_SIZE = 10_000
DIGEST_GOAL_MS = 200.0
_BASELINE_RE = re.compile(r"\b(?:cerchiamo|hiring|ral)\b")


def best_of(runs: int, fn: Callable[[], object]) -> float:
    """Best wall time in seconds over ``runs`` calls (least disturbed by the machine)."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def render_line(post: DigestPost) -> str:
    # Stand-in for the i18n layer's rendering: the cost of building one line per post.
    f = post.fields
    return " · ".join(x for x in (f.role, f.company, f.location, post.link) if x)


def main() -> None:
    texts = [json.loads(line)["text"] for line in CORPUS.read_text("utf-8").splitlines()]
    workload = texts * REPEAT

    def pipeline() -> None:
        for text in workload:
            classify(text)
            extract(text)

    def baseline() -> None:
        for text in workload:
            _BASELINE_RE.search(text.lower())

    t_pipe, t_base = best_of(5, pipeline), best_of(5, baseline)
    per_post_us = t_pipe / len(workload) * 1e6
    base_us = t_base / len(workload) * 1e6

    fields = [extract(t) for t in texts]
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    posts = [
        DigestPost(
            fields[i % len(fields)], f"https://t.me/c/1234567890/{i}", now - timedelta(minutes=i)
        )
        for i in range(DIGEST_SIZE)
    ]

    def digest() -> None:
        for by in ("role", "place"):
            lines: list[str] = []
            for key, members in group_posts(posts, by=by):  # type: ignore[arg-type]
                lines.append(key)
                lines.extend(render_line(p) for p in members)
            split_message(lines)

    def sort_baseline() -> None:
        sorted(posts, key=lambda p: p.posted_at)

    t_digest = best_of(5, digest) / 2  # two digests (by role, by place) per run
    t_sort = best_of(5, sort_baseline)

    print("command: uv run python bench/bench_jobposts.py")
    print(f"{'measure':<46}{'value':>12}{'baseline':>12}{'ratio':>9}")
    print(
        f"{'classify+extract per post (µs)':<46}{per_post_us:>12.1f}{base_us:>12.2f}"
        f"{per_post_us / base_us:>8.0f}x"
    )
    print(
        f"{f'group+render+split {DIGEST_SIZE} posts (ms)':<46}{t_digest * 1e3:>12.1f}"
        f"{t_sort * 1e3:>12.2f}{t_digest / t_sort:>8.0f}x"
    )
    print(
        f"({len(workload)} posts = corpus x {REPEAT}; baselines: str.lower()+one re.search, "
        f"sorting {DIGEST_SIZE} posts by date; digest goal <= {DIGEST_GOAL_MS:.0f} ms: "
        f"{'met' if t_digest * 1e3 <= DIGEST_GOAL_MS else 'NOT met'})"
    )


if __name__ == "__main__":
    main()
