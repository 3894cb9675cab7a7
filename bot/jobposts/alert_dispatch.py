"""Personal alerts: match a new post against everyone's rules, queue, and deliver from a job.

Privacy: a post reaches a user only if that user is a member of the chat where it was
posted, asked with getChatMember at delivery time (answers cached for a while). Matching
happens when the post arrives; membership is checked when sending, never in the handler.
Each offer reaches a user once, with links to each place the user is a member of.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ChatMemberStatus
from telegram.error import BadRequest, Forbidden, TelegramError

from bot.callbacks import pack
from bot.companies import company_matches
from bot.i18n import Texts, pick_language, texts
from bot.jobposts.alerts import AlertRule, parse_rule
from bot.jobposts.collect import Collected, fields_from_json
from bot.jobposts.delivery import send_to_user
from bot.jobposts.digest_render import AlertItem, alert_message, daily_alert_messages
from bot.jobposts.extract import JobPostFields
from bot.jobposts.schedule import next_digest_at
from bot.services import Services
from storage.jobs import ActiveRule, JobsRepo, NetworkContact, PendingAlert, Place

log = logging.getLogger(__name__)

MEMBER_TTL = timedelta(hours=6)
# Shorter for "not a member": someone who just joined should not wait hours.
NOT_MEMBER_TTL = timedelta(minutes=10)
MAX_KNOWN_PER_POST = 3
MAX_CONTACT_BUTTONS = 8
_MEMBER_STATUSES = frozenset(
    {ChatMemberStatus.MEMBER, ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER}
)


@dataclass(frozen=True, slots=True)
class Match:
    owner_id: int
    mode: str  # instant | daily
    rule: str
    due_at: datetime


def match_rules(
    rules: Sequence[ActiveRule],
    text: str,
    fields: JobPostFields,
    now: datetime,
    *,
    sender_id: int | None = None,
) -> list[Match]:
    """One match per user whose rules accept the post; an instant rule wins over a daily one.
    The author of the post is not alerted about it."""
    best: dict[int, Match] = {}
    parsed: dict[str, AlertRule | None] = {}
    for rule in rules:
        if rule.owner_id == sender_id:
            continue
        current = best.get(rule.owner_id)
        if current is not None and current.mode == "instant":
            continue
        if rule.rule not in parsed:
            result = parse_rule(rule.rule)
            parsed[rule.rule] = result if isinstance(result, AlertRule) else None
        alert = parsed[rule.rule]
        if alert is None or not alert.matches(text, fields):
            continue
        if rule.mode == "instant":
            due = now
        else:
            due = next_digest_at(
                now,
                every="daily",
                weekday=0,
                at=f"{rule.preferred_hour:02d}:00",
                timezone=rule.timezone,
            )
        best[rule.owner_id] = Match(rule.owner_id, rule.mode, rule.rule, due)
    return list(best.values())


def people_at(company: str | None, network: Sequence[NetworkContact]) -> tuple[NetworkContact, ...]:
    """The user's contacts who work at the post's company (fuzzy, case/accent-insensitive)."""
    if not company:
        return ()
    found = [contact for contact in network if company_matches(company, contact.company)]
    return tuple(found[:MAX_KNOWN_PER_POST])


async def enqueue_alerts(
    repo: JobsRepo, collected: Collected, sender_id: int | None, now: datetime
) -> bool:
    """Queue the matches of a new post; True when one of them is instant (send soon)."""
    rules = await repo.active_rules()
    if not rules:
        return False
    analysed = collected.analysed
    matches = match_rules(rules, analysed.text, analysed.fields, now, sender_id=sender_id)
    await repo.enqueue_alerts(
        (m.owner_id, collected.post_id, collected.offer_id, m.mode, m.rule, m.due_at)
        for m in matches
    )
    return any(m.mode == "instant" for m in matches)


async def is_member(
    services: Services, bot: Bot, repo: JobsRepo, chat_id: int, user_id: int
) -> bool:
    """Whether the user is in the chat, from a recent answer or a fresh getChatMember."""
    now = services.clock.now()
    cached = await repo.cached_membership(chat_id, user_id)
    if cached is not None:
        member, checked_at = cached
        if now - checked_at < (MEMBER_TTL if member else NOT_MEMBER_TTL):
            return member
    try:
        answer = await bot.get_chat_member(chat_id, user_id)
        member = answer.status in _MEMBER_STATUSES or (
            answer.status == ChatMemberStatus.RESTRICTED
            and bool(getattr(answer, "is_member", False))
        )
    except (BadRequest, Forbidden):
        member = False  # unknown user, or the bot is no longer there: nothing leaks
    await repo.save_membership(chat_id, user_id, member, now)
    return member


def contact_buttons(t: Texts, contacts: Sequence[NetworkContact]) -> InlineKeyboardMarkup | None:
    seen: dict[int, NetworkContact] = {}
    for contact in contacts:
        seen.setdefault(contact.id, contact)
    buttons = [
        [
            InlineKeyboardButton(
                t._("📇 {name}", name=c.name[:40]), callback_data=pack("ct", "open", c.id)
            )
        ]
        for c in list(seen.values())[:MAX_CONTACT_BUTTONS]
    ]
    return InlineKeyboardMarkup(buttons) if buttons else None


async def _deliver_to(
    services: Services, bot: Bot, repo: JobsRepo, owner_id: int, alerts: list[PendingAlert]
) -> None:
    now = services.clock.now()
    user = await services.repos.users.get(owner_id)
    ids = [a.id for a in alerts]
    if user is None or user.blocked:
        await repo.mark_alerts(owner_id, ids, "blocked", now)
        return
    already = await repo.sent_offers(owner_id, {a.offer_id for a in alerts})
    by_offer: dict[int, list[PendingAlert]] = defaultdict(list)
    for alert in alerts:
        by_offer[alert.offer_id].append(alert)
    network = await repo.network(owner_id)
    t = texts(pick_language(user.language, user.telegram_language))
    instant: list[tuple[AlertItem, list[int]]] = []
    daily: list[tuple[AlertItem, list[int]]] = []
    for offer_id, group in by_offer.items():
        group_ids = [a.id for a in group]
        if offer_id in already:
            await repo.mark_alerts(owner_id, group_ids, "duplicate", now)
            continue
        places: list[Place] = []
        for place in await repo.places_of_offer(offer_id):
            if await is_member(services, bot, repo, place.chat_id, owner_id):
                places.append(place)
        if not places:
            await repo.mark_alerts(owner_id, group_ids, "not_member", now)
            continue
        first = group[0]
        fields = fields_from_json(first.fields_json)
        item = AlertItem(fields, first.rule, tuple(places), people_at(fields.company, network))
        (instant if any(a.mode == "instant" for a in group) else daily).append((item, group_ids))
    for item, group_ids in instant:
        markup = contact_buttons(t, item.known)
        if not await send_to_user(services, bot, owner_id, alert_message(t, item), markup):
            await repo.mark_alerts(owner_id, ids, "blocked", now)
            return
        await repo.mark_alerts(owner_id, group_ids, "sent", now)
    if daily:
        messages = daily_alert_messages(t, [item for item, _ in daily])
        markup = contact_buttons(t, [c for item, _ in daily for c in item.known])
        for index, message in enumerate(messages):
            last = index == len(messages) - 1
            if not await send_to_user(services, bot, owner_id, message, markup if last else None):
                await repo.mark_alerts(owner_id, ids, "blocked", now)
                return
        await repo.mark_alerts(
            owner_id, [i for _, group_ids in daily for i in group_ids], "sent", now
        )


async def deliver_due_alerts(services: Services, bot: Bot) -> None:
    """Send every alert due now: instant ones at once, daily ones bundled per user."""
    async with services.lock("alerts"):
        repo = services.repos.jobs
        pending = await repo.due_alerts(services.clock.now())
        by_owner: dict[int, list[PendingAlert]] = defaultdict(list)
        for alert in pending:
            by_owner[alert.owner_id].append(alert)
        for owner_id, alerts in by_owner.items():
            try:
                await _deliver_to(services, bot, repo, owner_id, alerts)
            except TelegramError:
                log.exception("alerts for user %s failed; the next sweep retries", owner_id)
