"""The use-cases of job groups and personal alerts, below the handlers and above storage.

Each takes the repositories, a clock (or the moment) and plain arguments, owns its
transaction and its rules, and returns a plain result for the handler to render. Collecting
a message is in ``collect``; sending digests and alerts in ``digest_job`` and
``alert_dispatch``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.clock import Clock
from bot.jobposts.alerts import AlertRule, RuleError, parse_rule
from bot.jobposts.collect import Collected, IncomingPost, SharedChat, analysed, store_offer
from bot.jobposts.schedule import DEFAULT_TIME, DigestAction, DigestCommand, next_slot
from bot.services import Repos
from storage.job_alerts import AlertRuleRow
from storage.job_chats import JobChat
from storage.job_kinds import AlertMode, BotStatus, CollectMode, Correction

MAX_RULES = 20
# SQLite integers are 64-bit: a forged id beyond that finds nothing (and must not raise).
_MAX_ID = 2**63 - 1


# --- the bot in a chat -------------------------------------------------------------------------
async def bot_status_changed(
    repos: Repos,
    chat: SharedChat,
    status: BotStatus,
    *,
    can_read: bool,
    added_by: int | None,
    language: str,
    timezone: str,
) -> None:
    """The bot was added, promoted, demoted or removed: recorded; a removed bot stops."""
    if not status.present:
        await repos.job_chats.deactivate_chat(chat.id, status)
        return
    await repos.job_chats.record_chat(
        chat.id,
        type=chat.type,
        title=chat.title,
        username=chat.username,
        bot_status=status,
        active=True,
        can_read=can_read,
        added_by=added_by,
        language=language,
        timezone=timezone,
    )


async def chat_moved(repos: Repos, old_id: int, new_id: int) -> None:
    """A basic group became a supergroup: its settings, posts and corrections follow."""
    await repos.job_chats.migrate_chat(old_id, new_id)


# --- digest settings -------------------------------------------------------------------------
async def chat_settings(repos: Repos, chat: SharedChat) -> JobChat:
    """The chat's stored settings (created for a chat the bot met before it kept records)."""
    found = await repos.job_chats.get_chat(chat.id)
    if found is None:
        await repos.job_chats.touch_chat(
            chat.id, type=chat.type, title=chat.title, username=chat.username
        )
        found = await repos.job_chats.get_chat(chat.id)
        assert found is not None
    return found


def _changes(chat: JobChat, command: DigestCommand) -> dict[str, object]:
    match command.action:
        case DigestAction.ON:
            return {"digest_enabled": 1}
        case DigestAction.OFF:
            return {"digest_enabled": 0}
        case DigestAction.SCHEDULE:
            changes: dict[str, object] = {"digest_enabled": 1, "digest_every": command.every}
            if command.weekday is not None:
                changes["digest_weekday"] = command.weekday
            changes["digest_time"] = command.at or chat.digest_time or DEFAULT_TIME
            return changes
        case DigestAction.LANGUAGE:
            return {"digest_language": command.language}
        case DigestAction.GROUP_BY:
            return {"digest_group_by": command.group_by}
        case DigestAction.ALL_POSTS:
            mode = CollectMode.ALL_POSTS if command.all_posts else CollectMode.CLASSIFIER
            return {"collect_mode": mode}
    return {}


async def change_digest(
    repos: Repos, clock: Clock, chat: SharedChat, command: DigestCommand
) -> JobChat:
    """Apply a /digest command (or button) and move the next due time; the new settings."""
    async with repos.db.transaction():
        current = await chat_settings(repos, chat)
        changes = _changes(current, command)
        if not changes:
            return current
        await repos.job_chats.update_digest(chat.id, **changes)
        updated = await repos.job_chats.get_chat(chat.id)
        assert updated is not None
        await repos.job_chats.update_digest(chat.id, digest_next_at=next_slot(updated, clock.now()))
        final = await repos.job_chats.get_chat(chat.id)
        assert final is not None
        return final


async def request_digest(repos: Repos, chat: SharedChat) -> None:
    """/digest now: marked in the database; a job sends it (never the user's handler)."""
    async with repos.db.transaction():
        await chat_settings(repos, chat)
        await repos.job_chats.request_digest(chat.id)


# --- admins' corrections ---------------------------------------------------------------------
class CorrectionOutcome(StrEnum):
    COLLECTED = "collected"  # /job on a post the bot had missed
    ALREADY_COLLECTED = "already_collected"
    DROPPED = "dropped"  # /notjob on a collected post: out of digests and alerts
    NOT_COLLECTED = "not_collected"  # /notjob on a post the bot had left out anyway


@dataclass(frozen=True, slots=True)
class CorrectionResult:
    outcome: CorrectionOutcome
    collected: Collected | None = None  # the new post, for COLLECTED


async def correct_post(
    repos: Repos,
    clock: Clock,
    chat: SharedChat,
    post: IncomingPost,
    verdict: Correction,
    *,
    by_user: int | None,
) -> CorrectionResult:
    """An admin's /job or /notjob replying to `post`: applied now, and kept for its edits.
    Nothing is deleted from the chat; a dropped post only leaves the bot's records."""
    async with repos.db.transaction():
        await chat_settings(repos, chat)
        await repos.job_posts.set_correction(
            chat.id, post.message_id, verdict, by_user, clock.now()
        )
        stored = await repos.job_posts.get_post(chat.id, post.message_id)
        if verdict is Correction.NOT_JOB:
            if stored is None:
                return CorrectionResult(CorrectionOutcome.NOT_COLLECTED)
            await repos.job_posts.delete_post(stored.id)
            return CorrectionResult(CorrectionOutcome.DROPPED)
        if stored is not None:
            return CorrectionResult(CorrectionOutcome.ALREADY_COLLECTED)
        collected = await store_offer(repos, post, analysed(post.text), chat)
        outcome = CorrectionOutcome.COLLECTED if collected else CorrectionOutcome.ALREADY_COLLECTED
        return CorrectionResult(outcome, collected)


# --- membership -------------------------------------------------------------------------------
async def membership_changed(
    repos: Repos, clock: Clock, chat_id: int, user_id: int, *, is_member: bool
) -> None:
    """Telegram said who joined or left (a chat_member update, or a left/kicked answer)."""
    await repos.job_members.save_membership(chat_id, user_id, is_member, clock.now())


# --- alert rules -----------------------------------------------------------------------------
class RuleOutcome(StrEnum):
    SAVED = "saved"
    DUPLICATE = "duplicate"
    TOO_MANY = "too_many"


@dataclass(frozen=True, slots=True)
class RuleAdded:
    outcome: RuleOutcome
    rule: AlertRule
    mode: AlertMode


async def add_rule(
    repos: Repos, owner_id: int, text: str, mode: AlertMode
) -> RuleAdded | RuleError:
    """Parse and store a rule typed by the owner (at most ``MAX_RULES`` each)."""
    parsed = parse_rule(text)
    if isinstance(parsed, RuleError):
        return parsed
    async with repos.db.transaction():
        if await repos.job_alerts.count_rules(owner_id) >= MAX_RULES:
            return RuleAdded(RuleOutcome.TOO_MANY, parsed, mode)
        if await repos.job_alerts.add_rule(owner_id, parsed.to_text(), mode) is None:
            return RuleAdded(RuleOutcome.DUPLICATE, parsed, mode)
    return RuleAdded(RuleOutcome.SAVED, parsed, mode)


async def list_rules(repos: Repos, owner_id: int) -> list[AlertRuleRow]:
    return await repos.job_alerts.rules(owner_id)


async def remove_rule(repos: Repos, owner_id: int, rule_id: int | None) -> bool:
    """False for a rule that is not the owner's (a stale or forged button)."""
    if rule_id is None or rule_id > _MAX_ID:
        return False
    return await repos.job_alerts.delete_rule(owner_id, rule_id)


async def switch_rule(repos: Repos, owner_id: int, rule_id: int | None) -> AlertRuleRow | None:
    """Instant ⇄ daily; the rule as it is now, or None when it is not the owner's."""
    if rule_id is None or rule_id > _MAX_ID:
        return None
    async with repos.db.transaction():
        rule = await repos.job_alerts.get_rule(owner_id, rule_id)
        if rule is None:
            return None
        await repos.job_alerts.set_rule_mode(owner_id, rule.id, rule.mode.other)
    return AlertRuleRow(rule.id, rule.owner_id, rule.rule, rule.mode.other)
