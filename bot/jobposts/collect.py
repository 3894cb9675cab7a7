"""Collecting job posts from groups and channels: classify, extract, de-duplicate, store.

An offer re-posted (in the same chat or another) within ``DEDUP_WINDOW`` joins the offer
already stored — exact fingerprint first, then the fuzzy ``same_offer`` over the few
closest recent offers — so digests and alerts count it once with a link to each place.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from rapidfuzz import fuzz, process

from bot.jobposts.classifier import is_job_post
from bot.jobposts.digest import message_link
from bot.jobposts.extract import (
    Contract,
    JobPostFields,
    PayPeriod,
    Seniority,
    WorkMode,
    extract,
)
from bot.jobposts.fingerprint import (
    SIMILARITY_THRESHOLD,
    fingerprint,
    normalise_for_matching,
    same_offer,
)
from storage.jobs import JobsRepo, NewPost

DEDUP_WINDOW = timedelta(days=14)
# Telegram caps a text at 4096 characters and a caption at 1024; anything longer is not
# from Telegram and is not worth classifying.
MAX_POST_LENGTH = 8192
FUZZY_CANDIDATES = 5


@dataclass(frozen=True, slots=True)
class Analysed:
    text: str
    fields: JobPostFields
    fingerprint: str
    normalised: str


@dataclass(frozen=True, slots=True)
class IncomingPost:
    chat_id: int
    chat_username: str | None
    message_id: int
    sender_id: int | None
    text: str
    posted_at: datetime


@dataclass(frozen=True, slots=True)
class Collected:
    post_id: int
    offer_id: int
    analysed: Analysed


def analyse(text: str | None) -> Analysed | None:
    """The post's fields and keys when it is a job offer, else None."""
    if not text or len(text) > MAX_POST_LENGTH or not is_job_post(text):
        return None
    return Analysed(text, extract(text), fingerprint(text), normalise_for_matching(text))


def fields_to_json(fields: JobPostFields) -> str:
    return json.dumps(asdict(fields), ensure_ascii=False)


def fields_from_json(data: str) -> JobPostFields:
    raw = json.loads(data)
    return JobPostFields(
        role=raw.get("role"),
        company=raw.get("company"),
        location=raw.get("location"),
        work_mode=WorkMode(raw["work_mode"]) if raw.get("work_mode") else None,
        contract=Contract(raw["contract"]) if raw.get("contract") else None,
        salary_text=raw.get("salary_text"),
        salary_min=raw.get("salary_min"),
        salary_max=raw.get("salary_max"),
        seniority=Seniority(raw["seniority"]) if raw.get("seniority") else None,
        apply_url=raw.get("apply_url"),
        apply_email=raw.get("apply_email"),
        pay_min=raw.get("pay_min"),
        pay_max=raw.get("pay_max"),
        pay_currency=raw.get("pay_currency"),
        pay_period=PayPeriod(raw["pay_period"]) if raw.get("pay_period") else None,
    )


def link_for(chat_id: int, username: str | None, message_id: int) -> str | None:
    try:
        return message_link(chat_id, username, message_id)
    except ValueError:  # basic groups have no message links
        return None


def _new_post(post: IncomingPost, analysed: Analysed, offer_id: int) -> NewPost:
    fields = analysed.fields
    return NewPost(
        chat_id=post.chat_id,
        message_id=post.message_id,
        offer_id=offer_id,
        sender_id=post.sender_id,
        text=post.text,
        fields_json=fields_to_json(fields),
        role=fields.role,
        company=fields.company,
        location=fields.location,
        work_mode=fields.work_mode.value if fields.work_mode else None,
        fingerprint=analysed.fingerprint,
        link=link_for(post.chat_id, post.chat_username, post.message_id),
        posted_at=post.posted_at,
    )


async def find_offer(repo: JobsRepo, analysed: Analysed, now: datetime) -> int | None:
    """The stored offer this post repeats (within the window), if any."""
    since = now - DEDUP_WINDOW
    exact = await repo.offer_by_fingerprint(analysed.fingerprint, since)
    if exact is not None:
        return exact
    recent = dict(await repo.recent_offers(since))
    if not recent:
        return None
    # Cheap prefilter in C over every recent offer; the careful test only on the closest.
    closest = process.extract(
        analysed.normalised,
        recent,
        scorer=fuzz.token_set_ratio,
        score_cutoff=SIMILARITY_THRESHOLD,
        limit=FUZZY_CANDIDATES,
    )
    for _normalised, _score, offer_id in closest:
        first_text = await repo.offer_text(offer_id)
        if first_text is not None and same_offer(analysed.text, first_text):
            return int(offer_id)
    return None


async def collect(
    repo: JobsRepo, post: IncomingPost, analysed: Analysed | None = None
) -> Collected | None:
    """Store a new message if it is a job post; None for chatter or a message seen before.
    `analysed` saves classifying again when the caller already did."""
    analysed = analysed or analyse(post.text)
    if analysed is None:
        return None
    if await repo.get_post(post.chat_id, post.message_id) is not None:
        return None
    offer_id = await find_offer(repo, analysed, post.posted_at)
    if offer_id is None:
        offer_id = await repo.create_offer(
            analysed.fingerprint, analysed.normalised, post.posted_at
        )
    else:
        await repo.touch_offer(offer_id, post.posted_at)
    post_id = await repo.add_post(_new_post(post, analysed, offer_id))
    return None if post_id is None else Collected(post_id, offer_id, analysed)


async def collect_edit(repo: JobsRepo, post: IncomingPost) -> Collected | None:
    """An edited message: update the stored post, drop it if it is no longer a job post, or
    collect it if it became one (only that last case is returned: it is news)."""
    stored = await repo.get_post(post.chat_id, post.message_id)
    if stored is None:
        return await collect(repo, post)
    analysed = analyse(post.text)
    if analysed is None:
        await repo.delete_post(stored.id)
        return None
    await repo.update_post(stored.id, _new_post(post, analysed, stored.offer_id), post.posted_at)
    return None
