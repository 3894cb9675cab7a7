"""Group digests: built from storage and sent by a job (the sweep, or one queued by /digest now).

"New" means posts stored after the chat's watermark (`digest_last_post`) whose offer was not
posted in this chat before it: a repost of an offer already digested here is not news.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Literal, cast

from telegram import Bot
from telegram.error import TelegramError

from bot.i18n import texts
from bot.jobposts.delivery import send_to_chat
from bot.jobposts.digest_render import digest_messages, offers_from_rows
from bot.jobposts.schedule import next_digest_at
from bot.services import Services
from storage.jobs import JobChat, JobsRepo

log = logging.getLogger(__name__)


async def build_digest(
    repo: JobsRepo, chat: JobChat, *, max_posts: int | None = 100
) -> tuple[list[str], int]:
    """(messages, newest post id covered) for the chat's digest; no messages: nothing new."""
    up_to = await repo.last_post_id(chat.id)
    rows = await repo.digest_rows(chat.id, chat.digest_last_post, up_to)
    if not rows:
        return [], up_to
    places = await repo.public_places(chat.id, chat.digest_last_post, up_to)
    offers = offers_from_rows(rows, places)
    by = cast(Literal["role", "place"], chat.digest_group_by)
    return digest_messages(texts(chat.digest_language), offers, by, max_posts=max_posts), up_to


def next_slot(chat: JobChat, now: datetime) -> datetime | None:
    if not chat.digest_enabled:
        return None
    return next_digest_at(
        now,
        every=chat.digest_every,
        weekday=chat.digest_weekday,
        at=chat.digest_time,
        timezone=chat.digest_timezone,
    )


async def send_digest(services: Services, bot: Bot, chat: JobChat, now: datetime) -> None:
    repo = services.repos.jobs
    scheduled_due = chat.digest_enabled and (
        chat.digest_next_at is None or chat.digest_next_at <= now
    )
    # A requested digest leaves the schedule alone; a scheduled one moves to the next slot.
    next_at = next_slot(chat, now) if scheduled_due else chat.digest_next_at
    messages, up_to = await build_digest(repo, chat)
    if not messages:
        if chat.digest_requested:
            t = texts(chat.digest_language)
            await send_to_chat(
                services, bot, chat.id, t._("No new job posts since the last digest.")
            )
        await repo.finish_digest(chat.id, last_post=up_to, at=None, next_at=next_at)
        return
    target: int | None = chat.id
    for message in messages:
        target = await send_to_chat(services, bot, target, message) if target is not None else None
    if target is None:
        return  # the bot was removed: the chat is inactive now, nothing more to do
    await repo.finish_digest(target, last_post=up_to, at=now, next_at=next_at)


async def send_due_digests(services: Services, bot: Bot) -> None:
    """Every digest due now, and every one requested with /digest now."""
    async with services.lock("digest"):
        now = services.clock.now()
        for chat in await services.repos.jobs.due_digests(now):
            try:
                await send_digest(services, bot, chat, now)
            except TelegramError:
                # Left due: the next sweep tries again (at worst a part is sent twice).
                log.exception("digest for chat %s failed", chat.id)
