"""Personal alerts: deliver the outbox from a job (matching happens at collection).

Privacy: a post reaches a user only if that user is a member of the chat where it was
posted, checked at delivery time (``membership``), never in the handler. Each offer
reaches a user once, with links to each place the user is a member of.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import TelegramError

from bot.callbacks import pack
from bot.i18n import Texts, pick_language, texts
from bot.jobposts.collect import fields_from_json
from bot.jobposts.delivery import send_to_user
from bot.jobposts.digest_render import AlertItem, alert_message, daily_alert_messages
from bot.jobposts.matching import people_at
from bot.jobposts.membership import is_member
from bot.services import Services
from storage.job_alerts import NetworkContact, PendingAlert
from storage.job_kinds import AlertMode, AlertStatus
from storage.job_posts import Place

log = logging.getLogger(__name__)

MAX_CONTACT_BUTTONS = 8


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
    services: Services, bot: Bot, owner_id: int, alerts: list[PendingAlert]
) -> None:
    now = services.clock.now()
    repo = services.repos.job_alerts
    user = await services.repos.users.get(owner_id)
    ids = [a.id for a in alerts]
    if user is None or user.blocked:
        await repo.mark_alerts(owner_id, ids, AlertStatus.BLOCKED, now)
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
            await repo.mark_alerts(owner_id, group_ids, AlertStatus.DUPLICATE, now)
            continue
        places: list[Place] = []
        for place in await services.repos.job_posts.places_of_offer(offer_id):
            if await is_member(services, bot, place.chat_id, owner_id):
                places.append(place)
        if not places:
            await repo.mark_alerts(owner_id, group_ids, AlertStatus.NOT_MEMBER, now)
            continue
        first = group[0]
        fields = fields_from_json(first.fields_json)
        item = AlertItem(fields, first.rule, tuple(places), people_at(fields.company, network))
        is_instant = any(a.mode is AlertMode.INSTANT for a in group)
        (instant if is_instant else daily).append((item, group_ids))
    for item, group_ids in instant:
        markup = contact_buttons(t, item.known)
        if not await send_to_user(services, bot, owner_id, alert_message(t, item), markup):
            await repo.mark_alerts(owner_id, ids, AlertStatus.BLOCKED, now)
            return
        await repo.mark_alerts(owner_id, group_ids, AlertStatus.SENT, now)
    if daily:
        messages = daily_alert_messages(t, [item for item, _ in daily])
        markup = contact_buttons(t, [c for item, _ in daily for c in item.known])
        for index, message in enumerate(messages):
            last = index == len(messages) - 1
            if not await send_to_user(services, bot, owner_id, message, markup if last else None):
                await repo.mark_alerts(owner_id, ids, AlertStatus.BLOCKED, now)
                return
        await repo.mark_alerts(
            owner_id, [i for _, group_ids in daily for i in group_ids], AlertStatus.SENT, now
        )


async def deliver_due_alerts(services: Services, bot: Bot) -> None:
    """Send every alert due now: instant ones at once, daily ones bundled per user."""
    async with services.lock("alerts"):
        pending = await services.repos.job_alerts.due_alerts(services.clock.now())
        by_owner: dict[int, list[PendingAlert]] = defaultdict(list)
        for alert in pending:
            by_owner[alert.owner_id].append(alert)
        for owner_id, alerts in by_owner.items():
            try:
                await _deliver_to(services, bot, owner_id, alerts)
            except TelegramError:
                log.exception("alerts for user %s failed; the next sweep retries", owner_id)
