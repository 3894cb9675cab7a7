"""Group digests: built from storage and sent by a job (the sweep, or one queued by /digest now).

"New" means posts stored after the chat's watermark (`digest_last_post`) whose offer was not
posted in this chat before it: a repost of an offer already digested here is not news.
"""

from __future__ import annotations

import logging
from datetime import datetime

from telegram import Bot
from telegram.error import TelegramError

from bot.i18n import texts
from bot.jobposts.delivery import send_to_chat
from bot.jobposts.digest_render import digest_messages, offers_from_rows
from bot.jobposts.schedule import next_slot
from bot.services import Repos, Services
from storage.job_chats import JobChat

log = logging.getLogger(__name__)


async def build_digest(
    repos: Repos, chat: JobChat, *, max_posts: int | None = 100
) -> tuple[list[str], int]:
    """(messages, newest post id covered) for the chat's digest; no messages: nothing new."""
    posts = repos.job_posts
    up_to = await posts.last_post_id(chat.id)
    rows = await posts.digest_rows(chat.id, chat.digest_last_post, up_to)
    if not rows:
        return [], up_to
    places = await posts.public_places(chat.id, chat.digest_last_post, up_to)
    offers = offers_from_rows(rows, places)
    t = texts(chat.digest_language)
    return digest_messages(t, offers, chat.digest_group_by, max_posts=max_posts), up_to


async def send_digest(services: Services, bot: Bot, chat: JobChat, now: datetime) -> None:
    repo = services.repos.job_chats
    scheduled_due = chat.digest_enabled and (
        chat.digest_next_at is None or chat.digest_next_at <= now
    )
    # A requested digest leaves the schedule alone; a scheduled one moves to the next slot.
    next_at = next_slot(chat, now) if scheduled_due else chat.digest_next_at
    messages, up_to = await build_digest(services.repos, chat)
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
        for chat in await services.repos.job_chats.due_digests(now):
            try:
                await send_digest(services, bot, chat, now)
            except TelegramError:
                # Left due: the next sweep tries again (at worst a part is sent twice).
                log.exception("digest for chat %s failed", chat.id)
