"""Your own card: shown as a QR code of its deep link, sent as a vCard, and its editor."""

from __future__ import annotations

import re
from dataclasses import replace

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.callbacks import unpack
from bot.cards import actions, model
from bot.cards import texts as view
from bot.cards.model import CardStep
from bot.cards.qr import qr_png
from bot.context import ReteContext
from bot.formatting import clip
from bot.porting.export import export_vcf
from handlers.card.exchange import button
from handlers.common import begin, busy_text, expired, finish, profile, send
from storage.cards import Card

NAME = "card"
ASKING = "asking"
PREFIX = "card"
_KEY = "card_editor"  # user_data: {"card": {...}, "step": "name", "new": bool}
_NEW_WORDS = {"new", "nuovo", "nuova"}


# ---- your card ----------------------------------------------------------------------------


async def show_card(
    update: Update, context: ReteContext, card: Card, token: str, note: str = ""
) -> None:
    assert update.effective_chat
    t = context.texts
    caption = view.own_card(t, card)
    markup = InlineKeyboardMarkup(
        [[button(t._("📇 Send as vCard"), "vcf"), button(t._("✏️ Edit"), "edit")]]
    )
    await context.bot.send_photo(
        update.effective_chat.id,
        qr_png(model.deep_link(context.bot.username, token)),
        caption=f"{note}\n\n{caption}" if note else caption,
        reply_markup=markup,
    )


async def card_command(update: Update, context: ReteContext) -> str | int:
    repos, clock = context.repos, context.services.clock
    user, t = profile(context), context.texts
    args = [a.casefold() for a in context.args or []]
    if args and args[0] in _NEW_WORDS:
        token = await actions.renew_token(repos, clock, user.id)
        card = await actions.card_of(repos, user.id)
        if token is None or card is None:
            return await start_editor(update, context, None)
        note = t._("New QR code made: the old one no longer opens your card.")
        await show_card(update, context, card, token, note)
        return ConversationHandler.END
    if args:
        await send(
            update,
            context,
            t._("Send /card to see your card, or /card new for a new QR code."),
        )
        return ConversationHandler.END
    shown = await actions.card_and_token(repos, clock, user.id)
    if shown is None:
        return await start_editor(update, context, None)
    await show_card(update, context, *shown)
    return ConversationHandler.END


async def send_vcard(update: Update, context: ReteContext) -> None:
    """Your card for people without Rete: a .vcf, and a QR any phone camera adds as a contact."""
    query = update.callback_query
    assert query and update.effective_chat
    t = context.texts
    card = await actions.card_of(context.repos, profile(context).id)
    if card is None:
        await expired(update, context)
        return
    await query.answer()
    data = export_vcf([model.to_draft(card)])
    file_name = re.sub(r"[^\w.-]+", "_", card.name).strip("_")[:40] or "card"
    chat_id = update.effective_chat.id
    await context.bot.send_document(chat_id, data, filename=f"{file_name}.vcf")
    await context.bot.send_photo(
        chat_id,
        qr_png(data.decode("utf-8")),
        caption=t._("A QR code with your vCard: any phone camera adds you to its contacts."),
    )


# ---- the editor ---------------------------------------------------------------------------


def _load(context: ReteContext) -> tuple[Card, CardStep, bool] | None:
    data = context.user_data.get(_KEY) if context.user_data is not None else None
    if not isinstance(data, dict) or data.get("step") not in set(CardStep):
        return None
    card = model.card_from_json(data.get("card") or {})
    return card, CardStep(data["step"]), bool(data.get("new"))


def _store(context: ReteContext, card: Card, step: CardStep, new: bool) -> None:
    assert context.user_data is not None
    context.user_data[_KEY] = {"card": model.card_to_json(card), "step": step.value, "new": new}


def _drop(context: ReteContext) -> None:
    if context.user_data is not None:
        context.user_data.pop(_KEY, None)
    finish(context)


async def start_editor(update: Update, context: ReteContext, card: Card | None) -> str | int:
    if not await begin(update, context, NAME):
        return ConversationHandler.END
    t = context.texts
    note = "" if card else t._("Let's make your card: five short questions, only the name needed.")
    return await _ask(update, context, card or Card(name=""), CardStep.NAME, card is None, note)


async def edit_button(update: Update, context: ReteContext) -> str | int:
    assert update.callback_query
    if not await begin(update, context, NAME):
        return ConversationHandler.END
    await update.callback_query.answer()
    card = await actions.card_of(context.repos, profile(context).id)
    return await start_editor(update, context, card)


def _default(update: Update, card: Card, step: CardStep) -> str | None:
    if step == CardStep.NAME and not card.name and update.effective_user:
        return update.effective_user.full_name
    return model.value_of(card, step)


async def _ask(
    update: Update,
    context: ReteContext,
    card: Card,
    step: CardStep,
    new: bool,
    note: str = "",
) -> str:
    _store(context, card, step, new)
    t = context.texts
    row = []
    if default := _default(update, card, step):
        label = t._("Use “{value}”", value=clip(default, 40))
        row.append(button(label, "keep", step.value))
    if step in model.OPTIONAL:
        row.append(
            button(
                t._("Remove") if model.value_of(card, step) else t._("Skip"), "clear", step.value
            )
        )
    text = view.question(t, step, model.ORDER.index(step) + 1)
    await send(update, context, f"{note}\n\n{text}" if note else text, InlineKeyboardMarkup([row]))
    return ASKING


async def _next(
    update: Update, context: ReteContext, card: Card, step: CardStep, new: bool
) -> str | int:
    index = model.ORDER.index(step) + 1
    if index < len(model.ORDER):
        return await _ask(update, context, card, model.ORDER[index], new)
    token = await actions.save_card(
        context.repos, context.services.clock, profile(context).id, card
    )
    _drop(context)
    await show_card(update, context, card, token, context.texts._("Your card is saved."))
    return ConversationHandler.END


async def on_text(update: Update, context: ReteContext) -> str | int:
    assert update.effective_message and update.effective_message.text is not None
    loaded = _load(context)
    if loaded is None:
        return await _lost(update, context)
    card, step, new = loaded
    region = profile(context).phone_region
    result = model.answer(card, step, update.effective_message.text, region=region)
    if isinstance(result, model.AnswerError):
        problem = view.answer_problem(context.texts, result)
        return await _ask(update, context, card, step, new, problem)
    return await _next(update, context, result, step, new)


async def on_button(update: Update, context: ReteContext) -> str | int:
    query = update.callback_query
    assert query
    parts = unpack(query.data)
    loaded = _load(context)
    if loaded is None or len(parts) != 3 or parts[2] != loaded[1].value:
        await expired(update, context)
        return ASKING if loaded else await _lost(update, context)
    await query.answer()
    card, step, new = loaded
    if parts[1] == "clear" and step in model.OPTIONAL:
        card = model.clear(card, step)
    elif step == CardStep.NAME:
        card = replace(card, name=_default(update, card, step) or card.name)
    return await _next(update, context, card, step, new)


async def skip_command(update: Update, context: ReteContext) -> str | int:
    loaded = _load(context)
    if loaded is None:
        return await _lost(update, context)
    card, step, new = loaded
    if step not in model.OPTIONAL:
        note = context.texts._("The name is the one thing your card needs.")
        return await _ask(update, context, card, step, new, note)
    return await _next(update, context, card, step, new)


async def cancel(update: Update, context: ReteContext) -> int:
    loaded = _load(context)
    _drop(context)
    t = context.texts
    new = loaded is None or loaded[2]
    await send(update, context, t._("No card was made.") if new else t._("Your card is unchanged."))
    return ConversationHandler.END


async def other_command(update: Update, context: ReteContext) -> str:
    await send(update, context, busy_text(context.texts, NAME))
    return ASKING


async def not_text(update: Update, context: ReteContext) -> str | int:
    loaded = _load(context)
    if loaded is None:
        return await _lost(update, context)
    note = context.texts._("Please answer with a text message.")
    return await _ask(update, context, *loaded, note)


async def _lost(update: Update, context: ReteContext) -> int:
    _drop(context)
    await send(
        update, context, context.texts._("That dialogue has ended. Send /card to start again.")
    )
    return ConversationHandler.END


# ---- wiring --------------------------------------------------------------------------------


def conversation() -> ConversationHandler[ReteContext]:
    private = filters.ChatType.PRIVATE
    cancel_handler: BaseHandler[Update, ReteContext, object] = CommandHandler(
        "cancel", cancel, filters=private
    )
    return ConversationHandler(
        entry_points=[
            CommandHandler("card", card_command, filters=private),
            CallbackQueryHandler(edit_button, pattern=r"^card:edit$"),
        ],
        states={
            ASKING: [
                cancel_handler,
                CommandHandler("skip", skip_command, filters=private),
                MessageHandler(private & filters.COMMAND, other_command),
                CallbackQueryHandler(on_button, pattern=r"^card:(keep|clear):"),
                MessageHandler(private & filters.TEXT, on_text),
                MessageHandler(private & ~filters.StatusUpdate.ALL, not_text),
            ]
        },
        fallbacks=[cancel_handler],
        name=NAME,
        persistent=True,
        per_message=False,
    )
