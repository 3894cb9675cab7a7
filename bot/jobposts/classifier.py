"""Is a message from a job group a job *offer*? A fitted, explainable linear score.

``features.signals`` names what a post shows (a hiring verb in one of several languages, a
role noun, several kinds of "Label: value" lines, an e-mail, pay, an apply link... or a seeker's
words, a course, an event, a question, group rules). Each signal has a weight; the score is
``BIAS`` plus the weights of the signals present, and the post is an offer when the score
reaches ``THRESHOLD``. ``Classification.signals`` lists the signals that fired, strongest
first, so a moderator can see why.

The weights are a logistic regression fitted offline on the tune split of the real-world set
(``tests/data/jobposts/real/tune.jsonl``) plus our hand-written corpus, by
``tests/data/jobposts/fit_weights.py``; refit and paste when signals change. A weight is the
effect of a signal *given the others*: "long" is negative because, among posts that already
look like offers, long ones are more often course pages and event write-ups.

Decisions:
- People *seeking* a job ("cerco lavoro come…", "#resume", "Ищу работу", "open to work") are
  not offers: their signal outweighs any realistic sum of offer signals, so a seeker's post
  that lists a role, a city and a salary is still left out. The same goes for people offering
  their own services ("I provide interview support", "impartisco lezioni").
- Webinars, meetups, career fairs, courses and masterclasses (even when they promise
  placement), channel promotion, sponsored posts, group rules, bot notices, scams and
  questions are not offers.
- The threshold sits above the 0.5-probability point (score 0) because a non-offer in a
  digest costs more than a missed offer, which an admin can still add with /job.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.jobposts.features import signals
from bot.jobposts.text import fold

THRESHOLD = 0.5
BIAS = -2.65
WEIGHTS: dict[str, float] = {
    "hiring": 3.06,
    "email": 2.79,
    "headline": 2.21,
    "role_label": 2.01,
    "labels2": 1.78,
    "role": 1.76,
    "apply": 1.58,
    "job_desc": 1.36,
    "money": 0.89,
    "brackets": 0.86,
    "rate": 0.85,
    "experience": 0.73,
    "labels4": 0.34,
    "work_terms": 0.24,
    "link": 0.20,
    "pay_label": -0.08,
    "job_hashtag": -0.28,
    "promo": -0.30,
    "short": -0.67,
    "contact": -0.68,
    "long": -1.28,
    "digest": -1.30,
    "first_person": -1.39,
    "showcase": -1.53,
    "event": -1.66,
    "services": -1.92,
    "spam": -2.06,
    "asks": -2.45,
    "question": -2.83,
    "rules": -2.85,
    "course": -3.01,
    "seeker": -4.46,
}


@dataclass(frozen=True, slots=True)
class Classification:
    """The verdict, the score and the signals that fired, strongest first."""

    is_job: bool
    score: float
    signals: tuple[str, ...]


def classify(text: str) -> Classification:
    """Score ``text`` (Markdown, HTML or plain; any language) and decide if it is an offer."""
    fired = signals(fold(text)) if text.strip() else frozenset()
    score = BIAS + sum(WEIGHTS.get(name, 0.0) for name in fired)
    ranked = tuple(sorted(fired, key=lambda name: (-abs(WEIGHTS.get(name, 0.0)), name)))
    return Classification(is_job=score >= THRESHOLD, score=round(score, 2), signals=ranked)


def is_job_post(text: str) -> bool:
    """Shorthand for ``classify(text).is_job``."""
    return classify(text).is_job
