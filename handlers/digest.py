"""Group admins' commands: /digest (on, off, schedule, now, every post is an offer) and, as a
reply to a message, /job and /notjob to correct what the bot collected.

Only admins (asked with getChatMember at every command and button press) change anything.
`/digest now` only marks the chat in the database and queues a one-off job: the digest is
sent from that job (or, should it not run, from the next sweep), never from this handler.
A correction is kept for the message's later edits; the bot deletes nothing in the chat.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from bot.callbacks import pack, unpack
from bot.context import ReteApplication, ReteContext
from bot.i18n import N_, Texts
from bot.jobposts.actions import CorrectionOutcome, change_digest, correct_post, request_digest
from bot.jobposts.alert_dispatch import deliver_due_alerts
from bot.jobposts.collect import IncomingPost, SharedChat
from bot.jobposts.delivery import run_soon
from bot.jobposts.digest_job import send_due_digests
from bot.jobposts.schedule import DigestAction, DigestArgsError, DigestCommand, parse_digest_args
from handlers.common import expired, reply_in_group, safe_edit
from storage.job_chats import JobChat
from storage.job_kinds import (
    CollectMode,
    Correction,
    DigestEvery,
    DigestGrouping,
    JobChatType,
)

WEEKDAY_NAMES = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)
ARG_ERRORS = {
    DigestArgsError.UNKNOWN: N_("I did not understand that."),
    DigestArgsError.BAD_TIME: N_("That is not a time of day: write it like 9:00 or 18:30."),
    DigestArgsError.BAD_DAY: N_("Which day? For example: /digest weekly friday 18:00"),
    DigestArgsError.BAD_LANGUAGE: N_("The digest can be in Italian (it) or English (en)."),
    DigestArgsError.BAD_GROUPING: N_("The digest can be grouped by role or by place."),
    DigestArgsError.BAD_ALL_POSTS: N_(
        "/digest all on: every post here is a job offer (greetings and questions still left"
        " out). /digest all off: I pick out the offers."
    ),
}
ALL_POSTS_SAID = {
    CollectMode.ALL_POSTS: N_(
        "✅ From now on every post here is a job offer, except greetings, questions and"
        " chatter. /digest all off to undo."
    ),
    CollectMode.CLASSIFIER: N_("✅ From now on I pick out the job offers among the posts here."),
}
CORRECTION_USAGE = {
    Correction.JOB: N_("Reply /job to a message to add it to the job posts."),
    Correction.NOT_JOB: N_("Reply /notjob to a message to leave it out of digests and alerts."),
}
CORRECTION_SAID = {
    CorrectionOutcome.COLLECTED: N_("✅ Added to the job posts."),
    CorrectionOutcome.ALREADY_COLLECTED: N_("✅ It is already among the job posts."),
    CorrectionOutcome.DROPPED: N_("✅ Left out of digests and alerts."),
    CorrectionOutcome.NOT_COLLECTED: N_("✅ It was not among the job posts, and it will stay out."),
}
_ADMIN = frozenset({ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER})
_GROUPS = frozenset({ChatType.GROUP, ChatType.SUPERGROUP, ChatType.CHANNEL})


async def is_admin(update: Update, context: ReteContext) -> bool:
    chat, user = update.effective_chat, update.effective_user
    assert chat is not None
    if chat.type == ChatType.CHANNEL:
        return True  # only a channel's admins can post in it
    message = update.effective_message
    if message is not None and message.sender_chat and message.sender_chat.id == chat.id:
        return True  # an anonymous admin speaks as the group itself
    if user is None:
        return False
    try:
        member = await context.bot.get_chat_member(chat.id, user.id)
    except TelegramError:
        return False
    return member.status in _ADMIN


def usage(t: Texts) -> str:
    return t._(
        "/digest on · /digest off · /digest daily 18:30 · /digest weekly friday 9:00 ·"
        " /digest language en · /digest by place · /digest all on · /digest now"
    )


def settings_text(t: Texts, chat: JobChat) -> str:
    if chat.digest_every is DigestEvery.WEEKLY:
        when = t._(
            "every {day} at {time}",
            day=t._(WEEKDAY_NAMES[chat.digest_weekday]),
            time=chat.digest_time,
        )
    else:
        when = t._("every day at {time}", time=chat.digest_time)
    lines = [
        t._("📋 <b>Job post digest</b>: on")
        if chat.digest_enabled
        else t._("📋 <b>Job post digest</b>: off"),
        t._("When: {when} ({zone})", when=when, zone=chat.digest_timezone),
        t._(
            "Language: {language}",
            language="Italiano" if chat.digest_language == "it" else "English",
        ),
        t._("Grouped by role")
        if chat.digest_group_by is DigestGrouping.ROLE
        else t._("Grouped by place"),
        t._("Every post is a job offer (chatter left out)")
        if chat.collect_mode is CollectMode.ALL_POSTS
        else t._("I pick out the job offers"),
    ]
    if not chat.can_read:
        lines.append(
            t._(
                "⚠️ I cannot read the messages here yet: make me an admin (or turn my privacy"
                " mode off), or the digest will stay empty."
            )
        )
    lines.append(usage(t))
    return "\n".join(lines)


def settings_keyboard(t: Texts, chat: JobChat) -> InlineKeyboardMarkup:
    toggle = (
        InlineKeyboardButton(t._("⏸ Turn off"), callback_data=pack("dg", "off"))
        if chat.digest_enabled
        else InlineKeyboardButton(t._("▶️ Turn on"), callback_data=pack("dg", "on"))
    )
    all_posts = (
        InlineKeyboardButton(t._("🔎 Pick out the offers"), callback_data=pack("dg", "all", "off"))
        if chat.collect_mode is CollectMode.ALL_POSTS
        else InlineKeyboardButton(
            t._("📥 Every post is an offer"), callback_data=pack("dg", "all", "on")
        )
    )
    return InlineKeyboardMarkup(
        [
            [toggle, InlineKeyboardButton(t._("📤 Send now"), callback_data=pack("dg", "now"))],
            [
                InlineKeyboardButton(t._("Daily"), callback_data=pack("dg", "every", "daily")),
                InlineKeyboardButton(t._("Weekly"), callback_data=pack("dg", "every", "weekly")),
            ],
            [
                InlineKeyboardButton(t._("By role"), callback_data=pack("dg", "by", "role")),
                InlineKeyboardButton(t._("By place"), callback_data=pack("dg", "by", "place")),
            ],
            [
                InlineKeyboardButton("🇮🇹 Italiano", callback_data=pack("dg", "lang", "it")),
                InlineKeyboardButton("🇬🇧 English", callback_data=pack("dg", "lang", "en")),
            ],
            [all_posts],
        ]
    )


def _shared(update: Update) -> SharedChat:
    chat = update.effective_chat
    assert chat is not None
    return SharedChat(chat.id, JobChatType(chat.type), chat.title, chat.username)


def request_now(context: ReteContext) -> None:
    run_soon(context, send_due_digests, "job-digest-now")


async def _refuse(update: Update, context: ReteContext, *, correcting: bool = False) -> bool:
    """Answer a non-admin or a private chat; True when the command must stop here."""
    chat, message = update.effective_chat, update.effective_message
    assert chat is not None and message is not None
    t = context.texts
    if chat.type not in _GROUPS:
        await reply_in_group(
            update,
            context,
            t._(
                "The digest is for job groups: add me to a group and send /digest there (as an"
                " admin). For personal alerts in this chat, send /alerts."
            ),
        )
        return True
    if not await is_admin(update, context):
        await reply_in_group(
            update,
            context,
            t._("Only the admins of this group can correct the job posts.")
            if correcting
            else t._("Only the admins of this group can set up the digest."),
        )
        return True
    return False


async def digest_command(update: Update, context: ReteContext) -> None:
    message = update.effective_message
    assert message is not None
    if await _refuse(update, context):
        return
    t = context.texts
    command = parse_digest_args(context.args or [])
    if isinstance(command, DigestArgsError):
        await reply_in_group(update, context, f"{t._(ARG_ERRORS[command])}\n{usage(t)}")
        return
    repos = context.services.repos
    if command.action is DigestAction.NOW:
        await request_digest(repos, _shared(update))
        request_now(context)
        return
    row = await change_digest(repos, context.services.clock, _shared(update), command)
    if command.action is DigestAction.ALL_POSTS:
        await reply_in_group(update, context, t._(ALL_POSTS_SAID[row.collect_mode]))
        return
    await reply_in_group(update, context, settings_text(t, row), settings_keyboard(t, row))


def _button_command(data: str | None) -> DigestCommand | None:
    match unpack(data)[1:]:
        case ["on"]:
            return DigestCommand(DigestAction.ON)
        case ["off"]:
            return DigestCommand(DigestAction.OFF)
        case ["now"]:
            return DigestCommand(DigestAction.NOW)
        case ["every", "daily" | "weekly" as every]:
            return DigestCommand(DigestAction.SCHEDULE, every=DigestEvery(every))
        case ["by", "role" | "place" as by]:
            return DigestCommand(DigestAction.GROUP_BY, group_by=DigestGrouping(by))
        case ["lang", "it" | "en" as language]:
            return DigestCommand(DigestAction.LANGUAGE, language=language)
        case ["all", "on" | "off" as switch]:
            return DigestCommand(DigestAction.ALL_POSTS, all_posts=switch == "on")
    return None


async def digest_button(update: Update, context: ReteContext) -> None:
    query = update.callback_query
    assert query is not None
    t = context.texts
    chat = update.effective_chat
    command = _button_command(query.data)
    if chat is None or chat.type not in _GROUPS or command is None:
        await expired(update, context)
        return
    if not await is_admin(update, context):
        await query.answer(
            t._("Only the admins of this group can set up the digest."), show_alert=True
        )
        return
    repos = context.services.repos
    if command.action is DigestAction.NOW:
        await request_digest(repos, _shared(update))
        request_now(context)
        await query.answer(t._("The digest is on its way."))
        return
    row = await change_digest(repos, context.services.clock, _shared(update), command)
    await query.answer()
    await safe_edit(
        query.edit_message_text(settings_text(t, row), reply_markup=settings_keyboard(t, row))
    )


# --- /job and /notjob: an admin corrects the collector ------------------------------------------
def _replied_post(update: Update, bot_id: int) -> IncomingPost | None:
    """The message the command replies to, unless it has no text or is the bot's own."""
    message = update.effective_message
    target = message.reply_to_message if message else None
    text = (target.text or target.caption) if target else None
    if target is None or not text or (target.from_user and target.from_user.id == bot_id):
        return None
    return IncomingPost(
        chat_id=target.chat.id,
        chat_username=target.chat.username,
        message_id=target.message_id,
        sender_id=target.from_user.id if target.from_user else None,
        text=text,
        posted_at=target.edit_date or target.date,
    )


async def correction_command(update: Update, context: ReteContext) -> None:
    message, user = update.effective_message, update.effective_user
    assert message is not None and message.text is not None
    t = context.texts
    verdict = Correction.JOB if message.text.lower().startswith("/job") else Correction.NOT_JOB
    if await _refuse(update, context, correcting=True):
        return
    post = _replied_post(update, context.bot.id)
    if post is None:
        await reply_in_group(update, context, t._(CORRECTION_USAGE[verdict]))
        return
    result = await correct_post(
        context.services.repos,
        context.services.clock,
        _shared(update),
        post,
        verdict,
        by_user=user.id if user else None,
    )
    await reply_in_group(update, context, t._(CORRECTION_SAID[result.outcome]))
    if result.collected is not None and result.collected.instant_alerts:
        run_soon(context, deliver_due_alerts, "job-alerts-now")


def register(app: ReteApplication) -> None:
    app.add_handler(
        CommandHandler(
            "digest",
            digest_command,
            filters=filters.UpdateType.MESSAGE | filters.UpdateType.CHANNEL_POST,
            block=False,  # answers in groups wait in the rate limiter: never hold up others
        )
    )
    app.add_handler(CallbackQueryHandler(digest_button, pattern=r"^dg:"))
    app.add_handler(
        CommandHandler(
            ["job", "notjob"],
            correction_command,
            filters=filters.UpdateType.MESSAGE | filters.UpdateType.CHANNEL_POST,
            block=False,
        )
    )
