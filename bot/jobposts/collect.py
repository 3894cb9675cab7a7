"""Collecting job posts from groups and channels: decide, extract, de-duplicate, store, match.

What is an offer: an admin's correction (/job, /notjob) first, whatever the text says and
however it is edited later; then, in a chat set to every post is an offer, every post but
chatter (``chatter.is_chatter``); else the classifier.

An offer re-posted (in the same chat or another) within ``DEDUP_WINDOW`` joins the offer
already stored — exact fingerprint first, then the fuzzy ``same_offer`` over the few
offers that storage finds sharing the post's rarest words — so digests and alerts count it
once with a link to each place. Nothing here scans every recent offer.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from bot.jobposts.chatter import is_chatter
from bot.jobposts.classifier import Classification, classify
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
    MIN_WORDS_FOR_FUZZY,
    fingerprint,
    normalise_for_matching,
    offer_words,
    same_offer_parts,
)
from bot.jobposts.matching import match_rules
from bot.services import Repos
from storage.job_alerts import QueuedAlert
from storage.job_kinds import AlertMode, CollectMode, Correction, JobChatType
from storage.job_posts import NewPost

DEDUP_WINDOW = timedelta(days=14)
# Telegram caps a text at 4096 characters and a caption at 1024; anything longer is not
# from Telegram and is not worth classifying.
MAX_POST_LENGTH = 8192


@dataclass(frozen=True, slots=True)
class Analysed:
    text: str
    fields: JobPostFields
    fingerprint: str
    normalised: str


@dataclass(frozen=True, slots=True)
class SharedChat:
    """The group or channel a message came from, as Telegram describes it."""

    id: int
    type: JobChatType
    title: str | None
    username: str | None


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
    instant_alerts: bool = False  # someone's instant rule matched: deliver soon


def analysed(text: str) -> Analysed:
    """Fields and de-duplication keys of a text taken as an offer."""
    return Analysed(text, extract(text), fingerprint(text), normalise_for_matching(text))


def is_offer(text: str, verdict: Classification, mode: CollectMode) -> bool:
    """The classifier decides; in a chat of every post is an offer, all but chatter are."""
    return verdict.is_job or (mode is CollectMode.ALL_POSTS and not is_chatter(text, verdict))


def analyse(text: str | None, mode: CollectMode = CollectMode.CLASSIFIER) -> Analysed | None:
    """The post's fields and keys when it is a job offer in a chat of this mode, else None."""
    if not text or len(text) > MAX_POST_LENGTH:
        return None
    return analysed(text) if is_offer(text, classify(text), mode) else None


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


def new_post(post: IncomingPost, analysed: Analysed, offer_id: int) -> NewPost:
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


async def find_offer(repos: Repos, analysed: Analysed, now: datetime) -> int | None:
    """The stored offer this post repeats (within the window), if any."""
    # Too short for the fuzzy test: only the exact key counts (no candidates are looked up).
    fuzzy = len(analysed.normalised.split()) >= MIN_WORDS_FOR_FUZZY
    words = offer_words(analysed.normalised) if fuzzy else []
    found = await repos.job_posts.repeated_offer(analysed.fingerprint, words, now - DEDUP_WINDOW)
    if found.exact is not None:
        return found.exact
    for candidate in found.candidates:
        if candidate.fields_json is None:
            continue

        def both(stored: str = candidate.fields_json) -> tuple[JobPostFields, JobPostFields]:
            return analysed.fields, fields_from_json(stored)

        if same_offer_parts(analysed.normalised, candidate.normalised, both):
            return candidate.offer_id
    return None


async def store_offer(
    repos: Repos, post: IncomingPost, analysed: Analysed, chat: SharedChat
) -> Collected | None:
    """Store a post as an offer (joining a repeated one) and queue the alerts it matches."""
    await repos.job_chats.touch_chat(
        chat.id, type=chat.type, title=chat.title, username=chat.username
    )
    offer_id = await find_offer(repos, analysed, post.posted_at)
    if offer_id is None:
        offer_id = await repos.job_posts.create_offer(
            analysed.fingerprint,
            analysed.normalised,
            post.posted_at,
            offer_words(analysed.normalised),
            fields_to_json(analysed.fields),
        )
    else:
        await repos.job_posts.touch_offer(offer_id, post.posted_at)
    post_id = await repos.job_posts.add_post(new_post(post, analysed, offer_id))
    if post_id is None:
        return None
    rules = await repos.job_alerts.active_rules()
    matches = match_rules(
        rules, analysed.text, analysed.fields, post.posted_at, sender_id=post.sender_id
    )
    await repos.job_alerts.enqueue_alerts(
        QueuedAlert(m.owner_id, post_id, offer_id, m.mode, m.rule, m.due_at) for m in matches
    )
    instant = any(m.mode is AlertMode.INSTANT for m in matches)
    return Collected(post_id, offer_id, analysed, instant)


async def collect_post(repos: Repos, chat: SharedChat, post: IncomingPost) -> Collected | None:
    """A new message: stored if it is a job post (None for chatter or a message seen before).

    Chatter costs no database work in a classifier chat; a message the classifier rejects
    costs one read of the chat's mode."""
    if not post.text or len(post.text) > MAX_POST_LENGTH:
        return None
    verdict = classify(post.text)
    if not verdict.is_job:
        if is_chatter(post.text, verdict):
            return None
        stored_chat = await repos.job_chats.get_chat(chat.id)
        if stored_chat is None or stored_chat.collect_mode is CollectMode.CLASSIFIER:
            return None
    found = analysed(post.text)
    async with repos.db.transaction():
        if await repos.job_posts.get_post(post.chat_id, post.message_id) is not None:
            return None
        return await store_offer(repos, post, found, chat)


async def collect_edit(repos: Repos, chat: SharedChat, post: IncomingPost) -> Collected | None:
    """An edited message: update the stored post, drop it if it is no longer a job post, or
    collect it if it became one (only that last case is returned: it is news). An admin's
    correction of the message outlives its edits."""
    async with repos.db.transaction():
        correction = await repos.job_posts.correction(post.chat_id, post.message_id)
        if correction is Correction.NOT_JOB:
            return None
        stored_chat = await repos.job_chats.get_chat(chat.id)
        mode = stored_chat.collect_mode if stored_chat else CollectMode.CLASSIFIER
        found = analysed(post.text) if correction is Correction.JOB else analyse(post.text, mode)
        stored = await repos.job_posts.get_post(post.chat_id, post.message_id)
        if stored is None:
            return None if found is None else await store_offer(repos, post, found, chat)
        if found is None:
            await repos.job_posts.delete_post(stored.id)
            return None
        await repos.job_posts.update_post(
            stored.id, new_post(post, found, stored.offer_id), post.posted_at
        )
        return None
