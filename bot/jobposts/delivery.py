"""Sending from jobs: to groups (ChatMigrated, removed bot) and to users (blocked bot).

Digests and alerts are sent only from jobs — the sweep, or a one-off job queued "now" by a
handler — never from a user's handler: AIORateLimiter waits inside the calling coroutine
(20 messages a minute per group), and a user's update must not wait behind a digest.
"""

from __future__ import annotations

import logging
from typing import Any, cast

from telegram import Bot, InlineKeyboardMarkup
from telegram.error import BadRequest, ChatMigrated, Forbidden

from bot.context import ReteContext
from bot.services import Services, Sweeper
from storage.job_kinds import BotStatus

log = logging.getLogger(__name__)


def run_soon(context: ReteContext, sweeper: Sweeper, name: str) -> None:
    """Queue a one-off job that runs `sweeper` now. The database already holds the work, so
    if this job never runs (a restart), the next sweep does it."""

    async def job(job_context: ReteContext) -> None:
        await sweeper(job_context.services, job_context.bot)

    if context.job_queue is not None:
        # PTB types the callback against its own context class; ours is ReteContext.
        context.job_queue.run_once(cast(Any, job), 0, name=name)


async def send_to_chat(
    services: Services,
    bot: Bot,
    chat_id: int,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
) -> int | None:
    """Send to a group or channel; the chat id it was sent to, or None if it cannot be.

    A basic group upgraded to a supergroup moves its settings to the new id and is retried
    there; a chat the bot was removed from stops getting anything.
    """
    repo = services.repos.job_chats
    for _attempt in range(2):
        await services.pacer.wait()
        try:
            await bot.send_message(chat_id, text, reply_markup=markup)
            return chat_id
        except ChatMigrated as exc:
            log.info("chat %s became %s", chat_id, exc.new_chat_id)
            await repo.migrate_chat(chat_id, exc.new_chat_id)
            chat_id = exc.new_chat_id
        except Forbidden:
            log.info("bot removed from chat %s: stop sending there", chat_id)
            await repo.deactivate_chat(chat_id, BotStatus.KICKED)
            return None
        except BadRequest as exc:
            if "chat not found" in exc.message.lower() or "rights" in exc.message.lower():
                log.info("cannot write to chat %s (%s): stop sending there", chat_id, exc)
                await repo.deactivate_chat(chat_id, BotStatus.LEFT)
                return None
            raise
    return None


async def send_to_user(
    services: Services,
    bot: Bot,
    user_id: int,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
) -> bool:
    """Send to a user's private chat; False (and the user marked blocked) on a 403."""
    await services.pacer.wait()
    try:
        await bot.send_message(user_id, text, reply_markup=markup)
    except Forbidden:
        log.info("user %s blocked the bot: alerts paused", user_id)
        await services.repos.users.set_blocked(user_id, services.clock.now())
        return False
    return True
