"""Exchanging cards: someone's card opened from its QR link, saved in one tap, and the way
back: the owner may ask for the scanner's details, which reach them only when shared."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import Forbidden
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from bot.callbacks import int_arg, pack, unpack
from bot.cards import actions, model
from bot.cards import texts as view
from bot.cards.actions import (
    AlreadySaved,
    BackOutcome,
    SavedBack,
    SavedFromCard,
    Scanned,
    ScanProblem,
    ShareOutcome,
)
from bot.contacts.card import followup_text
from bot.context import ReteApplication, ReteContext
from bot.followups.policy import local_today
from bot.formatting import clip, esc
from bot.i18n import Texts, pick_language, texts
from handlers.common import expired, profile, send, user_today

log = logging.getLogger(__name__)

PREFIX = "card"


def button(label: str, *parts: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=pack(PREFIX, *parts))


def _open_card(t: Texts, contact_id: int) -> InlineKeyboardButton:
    return InlineKeyboardButton(t._("📇 Open card"), callback_data=pack("ct", "open", contact_id))


# ---- scanning someone's card ----------------------------------------------------------------


def _scan_problem(t: Texts, problem: ScanProblem) -> str:
    if problem == ScanProblem.REVOKED:
        return t._("This card has been replaced by a newer one: ask its owner for the new QR code.")
    return t._("This card link is not valid: ask its owner to show you their /card again.")


async def scan_start(update: Update, context: ReteContext) -> None:
    """/start <token>: someone's card, with one button to save them."""
    t = context.texts
    token = (context.args or [""])[0]
    scanned = await actions.open_card(context.repos, profile(context).id, token)
    if isinstance(scanned, ScanProblem):
        await send(update, context, _scan_problem(t, scanned))
        return
    lines = "\n".join(view.card_lines(scanned.card))
    if scanned.own:
        own = t._("This is your own card: show it to people you meet, one tap saves you.")
        await send(update, context, f"{lines}\n\n{own}")
        return
    save = t._("💾 Save {name}", name=clip(scanned.card.name, 40))
    markup = InlineKeyboardMarkup([[button(save, "save", token)]])
    await send(update, context, f"🪪 {lines}", markup)


async def on_save(update: Update, context: ReteContext) -> None:
    query = update.callback_query
    assert query and update.effective_user
    t = context.texts
    parts = unpack(query.data)
    token = parts[2] if len(parts) == 3 else ""
    result = await actions.save_scanned(
        context.repos, context.services.clock, profile(context), token
    )
    if isinstance(result, ScanProblem):
        await query.answer(_scan_problem(t, result), show_alert=True)
        return
    if isinstance(result, Scanned):
        await query.answer(t._("This is your own card."))
        return
    await query.answer()
    if isinstance(result, AlreadySaved):
        text = t._("They are already in your contacts.")
        await send(update, context, text, _open_markup(t, result.contact_id))
        return
    await _saved_from_card(update, context, result)


async def _saved_from_card(update: Update, context: ReteContext, saved: SavedFromCard) -> None:
    assert update.effective_user
    t = context.texts
    text = _saved_text(t, saved, user_today(context))
    share = t._("🤝 Share my details with them")
    markup = InlineKeyboardMarkup(
        [[_open_card(t, saved.contact_id)], [button(share, "share", saved.exchange_id)]]
    )
    await send(update, context, text, markup)
    if saved.first_save:
        scanner = update.effective_user.first_name

        def saved_yours(other: Texts, today: date) -> tuple[str, InlineKeyboardMarkup]:
            label = other._("➕ Save {name} too", name=clip(scanner, 30))
            markup = InlineKeyboardMarkup([[button(label, "back", saved.exchange_id)]])
            return other._("<b>{name}</b> saved your card.", name=esc(scanner)), markup

        await _notify(context, saved.owner_id, saved_yours)


async def on_back(update: Update, context: ReteContext) -> None:
    """The owner's "save them too": saved if they shared already, else they are asked."""
    query = update.callback_query
    assert query
    t, repos, clock, owner = context.texts, context.repos, context.services.clock, profile(context)
    exchange_id = int_arg(unpack(query.data), 2)
    result = (
        await actions.ask_back(repos, clock, owner, exchange_id)
        if exchange_id is not None
        else None
    )
    if result is None:
        await expired(update, context)
        return
    if result == BackOutcome.ALREADY_ASKED:
        await query.answer(t._("I have asked already: I'll save them as soon as they agree."))
        return
    await query.answer()
    if isinstance(result, SavedBack):
        await send(
            update,
            context,
            _saved_text(t, result, user_today(context)),
            _open_markup(t, result.contact_id),
        )
        return
    if isinstance(result, AlreadySaved):
        text = t._("They are already in your contacts.")
        await send(update, context, text, _open_markup(t, result.contact_id))
        return
    assert exchange_id is not None
    await send(
        update, context, t._("I asked them to share their details: I'll save them if they agree.")
    )
    card = await actions.card_of(repos, owner.id)
    asker = (
        card.name if card else (update.effective_user.first_name if update.effective_user else "")
    )

    def asked(other: Texts, today: date) -> tuple[str, InlineKeyboardMarkup]:
        text = other._(
            "<b>{name}</b>, whose card you saved, would like to save your details too.",
            name=esc(clip(asker, 60)),
        )
        label = other._("🤝 Share mine back")
        return text, InlineKeyboardMarkup([[button(label, "share", exchange_id)]])

    exchange = await actions.exchange_of(repos, owner.id, exchange_id)
    if exchange is not None:
        await _notify(context, exchange.scanner_id, asked)


async def on_share(update: Update, context: ReteContext) -> None:
    """The scanner's "share mine back": their card (or Telegram name) goes to the owner."""
    query = update.callback_query
    assert query and update.effective_user
    t, repos, clock = context.texts, context.repos, context.services.clock
    scanner = profile(context)
    exchange_id = int_arg(unpack(query.data), 2)
    user = update.effective_user
    details = model.shared_details(
        await actions.card_of(repos, scanner.id),
        full_name=user.full_name,
        username=user.username,
    )
    result = (
        await actions.share_back(repos, clock, scanner, exchange_id, details)
        if exchange_id is not None
        else None
    )
    if result is None:
        await expired(update, context)
        return
    exchange, outcome = result
    if outcome == ShareOutcome.ALREADY_SHARED:
        await query.answer(t._("You have shared your details already."))
        return
    await query.answer()
    await send(update, context, t._("Done: your details were shared."))
    sharer = details["name"]

    def shared(other: Texts, today: date) -> tuple[str, InlineKeyboardMarkup]:
        if isinstance(outcome, SavedBack):
            text = other._("<b>{name}</b> shared their details.", name=esc(clip(sharer, 60)))
            return f"{text} {_saved_text(other, outcome, today)}", _open_markup(
                other, outcome.contact_id
            )
        text = other._("<b>{name}</b> shared their details with you.", name=esc(clip(sharer, 60)))
        label = other._("➕ Save {name}", name=clip(sharer, 30))
        return text, InlineKeyboardMarkup([[button(label, "back", exchange.id)]])

    await _notify(context, exchange.owner_id, shared)


def _saved_text(t: Texts, saved: SavedBack | SavedFromCard, today: date) -> str:
    name = f"<b>{esc(clip(saved.name, 200))}</b>"
    text = (
        t._("Merged into {name}.", name=name) if saved.merged else t._("Saved: {name}.", name=name)
    )
    if saved.follow_up:
        when = followup_text(t, saved.follow_up, today=today)
        text += " " + t._("I'll remind you to follow up {when}.", when=when)
    return text


def _open_markup(t: Texts, contact_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_open_card(t, contact_id)]])


async def _notify(
    context: ReteContext,
    user_id: int,
    render: Callable[[Texts, date], tuple[str, InlineKeyboardMarkup]],
) -> None:
    """A message to the other side of an exchange, in their language."""
    other = await context.repos.users.get(user_id)
    if other is None or other.blocked:
        return
    language = pick_language(other.language, other.telegram_language)
    today = local_today(context.services.clock.now(), other.timezone)
    text, markup = render(texts(language), today)
    try:
        await context.bot.send_message(user_id, text, reply_markup=markup)
    except Forbidden:
        log.info("user %s blocked the bot: card exchange message not delivered", user_id)


def register(app: ReteApplication) -> None:
    private = filters.ChatType.PRIVATE
    # Registered before /start (and before the card editor: a link opened mid-edit still
    # shows the card).
    app.add_handler(
        CommandHandler("start", scan_start, filters=private & filters.Regex(r"^/start \S"))
    )
    app.add_handler(CallbackQueryHandler(on_save, pattern=r"^card:save:"))
    app.add_handler(CallbackQueryHandler(on_back, pattern=r"^card:back:"))
    app.add_handler(CallbackQueryHandler(on_share, pattern=r"^card:share:"))
