"""/digest: group admins turn the job post digest on or off, schedule it, or ask for one now.

Only admins (asked with getChatMember at every command and button press) change anything.
`/digest now` only marks the chat in the database and queues a one-off job: the digest is
sent from that job (or, should it not run, from the next sweep), never from this handler.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import BadRequest, TelegramError
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from bot.callbacks import pack, unpack
from bot.context import ReteApplication, ReteContext
from bot.i18n import N_, Texts
from bot.jobposts.delivery import run_soon
from bot.jobposts.digest_job import next_slot, send_due_digests
from bot.jobposts.schedule import (
    DEFAULT_TIME,
    DigestAction,
    DigestArgsError,
    DigestCommand,
    parse_digest_args,
)
from storage.jobs import JobChat, JobsRepo

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
        " /digest language en · /digest by place · /digest now"
    )


def settings_text(t: Texts, chat: JobChat) -> str:
    if chat.digest_every == "weekly":
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
        t._("Grouped by role") if chat.digest_group_by == "role" else t._("Grouped by place"),
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
        ]
    )


async def _chat_row(update: Update, context: ReteContext, repo: JobsRepo) -> JobChat:
    chat = update.effective_chat
    assert chat is not None
    found = await repo.get_chat(chat.id)
    if found is None:  # the bot was there before it kept a record of chats
        await repo.touch_chat(chat.id, type=chat.type, title=chat.title, username=chat.username)
        found = await repo.get_chat(chat.id)
        assert found is not None
    return found


async def apply(
    context: ReteContext, repo: JobsRepo, chat: JobChat, command: DigestCommand
) -> None:
    """Change the stored settings (and the next due time) as the command says."""
    now = context.services.clock.now()
    changes: dict[str, object] = {}
    if command.action is DigestAction.ON:
        changes["digest_enabled"] = 1
    elif command.action is DigestAction.OFF:
        changes["digest_enabled"] = 0
    elif command.action is DigestAction.SCHEDULE:
        changes.update(digest_enabled=1, digest_every=command.every)
        if command.weekday is not None:
            changes["digest_weekday"] = command.weekday
        changes["digest_time"] = command.at or chat.digest_time or DEFAULT_TIME
    elif command.action is DigestAction.LANGUAGE:
        changes["digest_language"] = command.language
    elif command.action is DigestAction.GROUP_BY:
        changes["digest_group_by"] = command.group_by
    if not changes:
        return
    await repo.update_digest(chat.id, **changes)
    updated = await repo.get_chat(chat.id)
    assert updated is not None
    await repo.update_digest(chat.id, digest_next_at=next_slot(updated, now))


def request_now(context: ReteContext) -> None:
    run_soon(context, send_due_digests, "job-digest-now")


async def digest_command(update: Update, context: ReteContext) -> None:
    chat, message = update.effective_chat, update.effective_message
    assert chat is not None and message is not None
    t = context.texts
    if chat.type not in _GROUPS:
        await message.reply_text(
            t._(
                "The digest is for job groups: add me to a group and send /digest there (as an"
                " admin). For personal alerts in this chat, send /alerts."
            )
        )
        return
    if not await is_admin(update, context):
        await message.reply_text(t._("Only the admins of this group can set up the digest."))
        return
    command = parse_digest_args(context.args or [])
    if isinstance(command, DigestArgsError):
        await message.reply_text(f"{t._(ARG_ERRORS[command])}\n{usage(t)}")
        return
    repo = context.services.repos.jobs
    row = await _chat_row(update, context, repo)
    if command.action is DigestAction.NOW:
        await repo.request_digest(row.id)
        request_now(context)
        return
    await apply(context, repo, row, command)
    row = await _chat_row(update, context, repo)
    await message.reply_text(settings_text(t, row), reply_markup=settings_keyboard(t, row))


async def digest_button(update: Update, context: ReteContext) -> None:
    query = update.callback_query
    assert query is not None
    t = context.texts
    chat = update.effective_chat
    parts = unpack(query.data)
    if chat is None or chat.type not in _GROUPS:
        await query.answer(t._("This button has expired."))
        return
    if not await is_admin(update, context):
        await query.answer(
            t._("Only the admins of this group can set up the digest."), show_alert=True
        )
        return
    command: DigestCommand | None = None
    match parts[1:]:
        case ["on"]:
            command = DigestCommand(DigestAction.ON)
        case ["off"]:
            command = DigestCommand(DigestAction.OFF)
        case ["now"]:
            command = DigestCommand(DigestAction.NOW)
        case ["every", "daily" | "weekly" as every]:
            command = DigestCommand(DigestAction.SCHEDULE, every=every)
        case ["by", "role" | "place" as by]:
            command = DigestCommand(DigestAction.GROUP_BY, group_by=by)
        case ["lang", "it" | "en" as language]:
            command = DigestCommand(DigestAction.LANGUAGE, language=language)
    if command is None:
        await query.answer(t._("This button has expired."))
        return
    repo = context.services.repos.jobs
    row = await _chat_row(update, context, repo)
    if command.action is DigestAction.NOW:
        await repo.request_digest(row.id)
        request_now(context)
        await query.answer(t._("The digest is on its way."))
        return
    await apply(context, repo, row, command)
    row = await _chat_row(update, context, repo)
    await query.answer()
    try:
        await query.edit_message_text(settings_text(t, row), reply_markup=settings_keyboard(t, row))
    except BadRequest as exc:  # the same button pressed twice: nothing changed
        if "not modified" not in exc.message.lower():
            raise


def register(app: ReteApplication) -> None:
    app.add_handler(
        CommandHandler(
            "digest",
            digest_command,
            filters=filters.UpdateType.MESSAGE | filters.UpdateType.CHANNEL_POST,
        )
    )
    app.add_handler(CallbackQueryHandler(digest_button, pattern=r"^dg:"))
