"""Is a user a member of a job chat? Asked of Telegram at delivery time, and cached briefly.

How soon a leaver stops getting a chat's posts (the bound, also in README):
- at once when the bot is an admin of the chat: Telegram then sends a ``chat_member``
  update for every join, leave and ban, and the cache is rewritten from it
  (``handlers/groups.py``); the bot asks for those updates (polling and webhook use
  ``Update.ALL_TYPES``);
- at once, too, where the bot reads the group (privacy mode off): the "X left" service
  message rewrites the cache;
- otherwise within ``MEMBER_TTL`` (5 minutes): a "member" answer is reused for no longer,
  and an answer of ``left`` or ``kicked`` is stored as "not a member" at once.
A "not a member" answer is reused for ``NOT_MEMBER_TTL``, so someone who just joined waits
at most that long. Alerts are checked at delivery, so a daily summary asks afresh.
"""

from __future__ import annotations

from datetime import timedelta

from telegram import Bot, ChatMember
from telegram.constants import ChatMemberStatus
from telegram.error import BadRequest, Forbidden

from bot.services import Services

MEMBER_TTL = timedelta(minutes=5)
NOT_MEMBER_TTL = timedelta(minutes=10)
_MEMBER_STATUSES = frozenset(
    {ChatMemberStatus.MEMBER, ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER}
)


def counts_as_member(member: ChatMember) -> bool:
    """Present in the chat (a restricted user who is still in it counts; left and kicked
    do not)."""
    return member.status in _MEMBER_STATUSES or (
        member.status == ChatMemberStatus.RESTRICTED and bool(getattr(member, "is_member", False))
    )


async def is_member(services: Services, bot: Bot, chat_id: int, user_id: int) -> bool:
    """Whether the user is in the chat, from a recent answer or a fresh getChatMember."""
    repo = services.repos.job_members
    now = services.clock.now()
    cached = await repo.cached_membership(chat_id, user_id)
    if cached is not None:
        member, checked_at = cached
        if now - checked_at < (MEMBER_TTL if member else NOT_MEMBER_TTL):
            return member
    try:
        member = counts_as_member(await bot.get_chat_member(chat_id, user_id))
    except (BadRequest, Forbidden):
        member = False  # unknown user, or the bot is no longer there: nothing leaks
    await repo.save_membership(chat_id, user_id, member, now)
    return member
