"""Job groups and channels: the bot joining and leaving, members joining and leaving,
collecting posts and their edits.

These handlers live in their own handler group, `JOBS_GROUP`. In PTB only the first matching
handler of a group runs; a group of their own means collecting never swallows an update
that a default-group handler needs (a /digest command, a reply to the bot, a dialogue), and
no default-group handler can stop a post from being collected. The collector also skips
commands, so a "/digest now" is never read as a job post.
"""

from __future__ import annotations

import logging

from telegram import Chat, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ChatMemberHandler, MessageHandler, filters

from bot.context import ReteApplication, ReteContext
from bot.jobposts.actions import bot_status_changed, chat_moved, membership_changed
from bot.jobposts.alert_dispatch import deliver_due_alerts
from bot.jobposts.collect import IncomingPost, SharedChat, collect_edit, collect_post
from bot.jobposts.delivery import run_soon
from bot.jobposts.membership import counts_as_member
from storage.job_kinds import BotStatus, JobChatType

log = logging.getLogger(__name__)

JOBS_GROUP = 10

_SHARED_CHATS = frozenset({ChatType.GROUP, ChatType.SUPERGROUP, ChatType.CHANNEL})


def greeting(context: ReteContext, can_read: bool) -> str:
    t = context.texts
    lines = [
        t._(
            "👋 Hi, I'm Rete. In this group I pick out the job posts (offers only, not the"
            " chatter) and the admins can have me post a digest of them with /digest."
        ),
        t._(
            "Members can get personal alerts by keyword: write to me in private and send"
            " /alerts. You only get posts from groups you are in."
        ),
    ]
    if can_read:
        lines.append(t._("✅ I can read the messages here: nothing else to do."))
    else:
        lines.append(
            t._(
                "⚠️ To see the job posts I need to be an admin of this group (or my privacy"
                " mode must be off). Until then I only see commands."
            )
        )
    return "\n\n".join(lines)


async def bot_membership_changed(update: Update, context: ReteContext) -> None:
    """Added, promoted, demoted or removed in a group, supergroup or channel."""
    change = update.my_chat_member
    if change is None or change.chat.type not in _SHARED_CHATS:
        return
    chat, status = change.chat, BotStatus(change.new_chat_member.status)
    can_read = status.admin or (
        chat.type != ChatType.CHANNEL and context.bot.can_read_all_group_messages
    )
    await bot_status_changed(
        context.services.repos,
        shared_chat(chat),
        status,
        can_read=can_read,
        added_by=change.from_user.id,
        language=context.language,
        timezone=context.services.settings.default_timezone,
    )
    if not status.present:
        return
    just_added = not BotStatus(change.old_chat_member.status).present
    if just_added and chat.type != ChatType.CHANNEL:
        # One message, in answer to the person who added the bot: not bulk sending.
        try:
            await context.bot.send_message(chat.id, greeting(context, can_read))
        except TelegramError:  # e.g. added to a group where members may not write
            log.warning("could not greet chat %s", chat.id, exc_info=True)


async def chat_migrated(update: Update, context: ReteContext) -> None:
    """A basic group became a supergroup: its settings and posts move to the new id."""
    message = update.effective_message
    if message is None:
        return
    repos = context.services.repos
    if message.migrate_to_chat_id:
        await chat_moved(repos, message.chat.id, message.migrate_to_chat_id)
    elif message.migrate_from_chat_id:
        await chat_moved(repos, message.migrate_from_chat_id, message.chat.id)


async def member_changed(update: Update, context: ReteContext) -> None:
    """Someone joined, left or was banned (sent to admin bots): their alerts follow at once."""
    change = update.chat_member
    if change is None or change.chat.type not in _SHARED_CHATS:
        return
    await membership_changed(
        context.services.repos,
        context.services.clock,
        change.chat.id,
        change.new_chat_member.user.id,
        is_member=counts_as_member(change.new_chat_member),
    )


async def members_service(update: Update, context: ReteContext) -> None:
    """ "X joined" or "X left" in a group the bot reads (non-admins get no chat_member)."""
    message = update.effective_message
    if message is None:
        return
    joined = [(user, True) for user in message.new_chat_members or ()]
    left = [(message.left_chat_member, False)] if message.left_chat_member else []
    for user, present in joined + left:
        if user.id != context.bot.id:
            await membership_changed(
                context.services.repos,
                context.services.clock,
                message.chat.id,
                user.id,
                is_member=present,
            )


def shared_chat(chat: Chat) -> SharedChat:
    return SharedChat(chat.id, JobChatType(chat.type), chat.title, chat.username)


def _incoming(update: Update, chat: Chat) -> IncomingPost | None:
    message = update.effective_message
    if message is None:
        return None
    text = message.text or message.caption
    if not text:
        return None
    edited = update.edited_message is not None or update.edited_channel_post is not None
    posted_at = (message.edit_date if edited else None) or message.date
    return IncomingPost(
        chat_id=chat.id,
        chat_username=chat.username,
        message_id=message.message_id,
        sender_id=message.from_user.id if message.from_user else None,
        text=text,
        posted_at=posted_at,
    )


async def collect_message(update: Update, context: ReteContext) -> None:
    """A message, channel post or an edit of one: store it if it is a job post."""
    chat = update.effective_chat
    if chat is None or chat.type not in _SHARED_CHATS:
        return
    incoming = _incoming(update, chat)
    if incoming is None:
        return
    edited = update.edited_message is not None or update.edited_channel_post is not None
    collect = collect_edit if edited else collect_post
    collected = await collect(context.services.repos, shared_chat(chat), incoming)
    if collected is not None and collected.instant_alerts:
        # Sent by a job a moment later: this handler never waits on the rate limiter.
        run_soon(context, deliver_due_alerts, "job-alerts-now")


def register(app: ReteApplication) -> None:
    shared = filters.ChatType.GROUPS | filters.ChatType.CHANNEL
    app.add_handler(
        ChatMemberHandler(bot_membership_changed, ChatMemberHandler.MY_CHAT_MEMBER),
        group=JOBS_GROUP,
    )
    app.add_handler(
        ChatMemberHandler(member_changed, ChatMemberHandler.CHAT_MEMBER), group=JOBS_GROUP
    )
    app.add_handler(
        MessageHandler(shared & filters.StatusUpdate.MIGRATE, chat_migrated), group=JOBS_GROUP
    )
    members = filters.StatusUpdate.NEW_CHAT_MEMBERS | filters.StatusUpdate.LEFT_CHAT_MEMBER
    app.add_handler(MessageHandler(shared & members, members_service), group=JOBS_GROUP)
    app.add_handler(
        MessageHandler(
            shared & (filters.TEXT | filters.CAPTION) & ~filters.COMMAND, collect_message
        ),
        group=JOBS_GROUP,
    )
