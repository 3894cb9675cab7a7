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
  not offers: the seeker signal is the heaviest weight (about -5), so a seeker's post that
  lists a role, a city, a salary and labelled lines is still left out (every seeker in the
  tune split scores below the threshold). A CV carrying nearly every offer signal at once
  could still pass; the admin's /notjob is the remedy. The same goes for people offering
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
BIAS = -2.62
WEIGHTS: dict[str, float] = {
    "hiring": 3.01,
    "email": 2.71,
    "headline": 2.23,
    "labels2": 2.22,
    "role": 1.71,
    "apply": 1.56,
    "job_desc": 1.35,
    "rate": 0.96,
    "role_label": 0.94,
    "money": 0.89,
    "brackets": 0.84,
    "experience": 0.79,
    "labels4": 0.49,
    "work_terms": 0.24,
    "link": 0.20,
    "pay_label": 0.15,
    "promo": -0.25,
    "job_hashtag": -0.37,
    "contact": -0.58,
    "short": -0.70,
    "digest": -1.29,
    "first_person": -1.30,
    "long": -1.38,
    "event": -1.58,
    "services": -1.89,
    "showcase": -1.93,
    "spam": -2.08,
    "asks": -2.44,
    "question": -2.82,
    "rules": -2.83,
    "course": -3.00,
    "seeker": -4.49,
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
