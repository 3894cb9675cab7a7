"""/alerts in private chat: list, add and remove keyword rules for job posts; instant or daily.

`/alerts python @milano` adds a rule at once (instant); the ➕ button runs a short dialogue
that asks for the rule and then instant or daily. Rule ids from buttons are looked up
scoped by the presser.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.callbacks import int_arg, pack, unpack
from bot.context import ReteApplication, ReteContext
from bot.formatting import esc
from bot.i18n import N_, Texts
from bot.jobposts.alerts import MAX_RULE_LENGTH, AlertRule, RuleError, RuleErrorReason, parse_rule
from handlers.common import begin, finish
from storage.jobs import AlertRuleRow

MAX_RULES = 20
ASK_RULE, ASK_MODE = range(2)
_PENDING = "alert_rule"

RULE_ERRORS = {
    RuleErrorReason.EMPTY: N_("Write at least one word, a place (@milano) or remote."),
    RuleErrorReason.TOO_LONG: N_("That rule is too long: keep it under {limit} characters."),
    RuleErrorReason.ONLY_EXCLUSIONS: N_(
        "A rule needs something to look for, not only words to leave out."
    ),
}


def how_to(t: Texts) -> str:
    return t._(
        "Write a rule, for example:\n"
        '<code>python "data engineer" -senior @milano remote</code>\n'
        "• words: all of them must appear\n"
        '• "a phrase": these words, in this order\n'
        "• -word: posts with it are left out\n"
        "• @place: only posts in that place\n"
        "• remote: only fully remote posts"
    )


def mode_name(t: Texts, mode: str) -> str:
    return t._("⚡ instant") if mode == "instant" else t._("📅 daily")


def list_text(t: Texts, rules: list[AlertRuleRow]) -> str:
    if not rules:
        return "\n\n".join(
            [t._("🔔 You have no job alerts yet."), how_to(t), t._("Or press ➕ to add one.")]
        )
    lines = [t._("🔔 <b>Your job alerts</b>")]
    lines += [
        f"{n}. <code>{esc(rule.rule)}</code> — {mode_name(t, rule.mode)}"
        for n, rule in enumerate(rules, 1)
    ]
    lines.append("")
    lines.append(
        t._(
            "Posts reach you only from groups and channels you are a member of (and I am"
            " too). 🗑 removes a rule, ⚡/📅 switches between instant and a daily summary."
        )
    )
    return "\n".join(lines)


def list_keyboard(t: Texts, rules: list[AlertRuleRow]) -> InlineKeyboardMarkup:
    rows = [
        [
            InlineKeyboardButton(f"🗑 {n}", callback_data=pack("al", "rm", rule.id)),
            InlineKeyboardButton(
                f"{'📅' if rule.mode == 'instant' else '⚡'} {n}",
                callback_data=pack("al", "sw", rule.id),
            ),
        ]
        for n, rule in enumerate(rules, 1)
    ]
    if len(rules) < MAX_RULES:
        rows.append([InlineKeyboardButton(t._("➕ Add a rule"), callback_data=pack("al", "add"))])
    return InlineKeyboardMarkup(rows)


def rule_error(t: Texts, error: RuleError) -> str:
    return t._(RULE_ERRORS[error.reason], limit=MAX_RULE_LENGTH)


async def _owner(update: Update) -> int:
    assert update.effective_user is not None
    return update.effective_user.id


async def show_list(update: Update, context: ReteContext, *, edit: bool = False) -> None:
    t = context.texts
    rules = await context.services.repos.jobs.rules(await _owner(update))
    text, markup = list_text(t, rules), list_keyboard(t, rules)
    if edit and update.callback_query:
        try:
            await update.callback_query.edit_message_text(text, reply_markup=markup)
        except BadRequest as exc:
            if "not modified" not in exc.message.lower():
                raise
    elif update.effective_message:
        await update.effective_message.reply_text(text, reply_markup=markup)


async def save_rule(update: Update, context: ReteContext, rule: AlertRule, mode: str) -> str:
    """Store the rule; the sentence that says how it went."""
    t = context.texts
    repo = context.services.repos.jobs
    owner = await _owner(update)
    if len(await repo.rules(owner)) >= MAX_RULES:
        return t._("You have {limit} rules, the most I keep: remove one first.", limit=MAX_RULES)
    if await repo.add_rule(owner, rule.to_text(), mode) is None:
        return t._("You already have this rule.")
    return t._(
        "Saved: <code>{rule}</code> — {mode}.", rule=esc(rule.to_text()), mode=mode_name(t, mode)
    )


async def alerts_command(update: Update, context: ReteContext) -> None:
    assert update.effective_message is not None
    t = context.texts
    text = " ".join(context.args or [])
    if not text:
        await show_list(update, context)
        return
    parsed = parse_rule(text)
    if isinstance(parsed, RuleError):
        await update.effective_message.reply_text(f"{rule_error(t, parsed)}\n\n{how_to(t)}")
        return
    await update.effective_message.reply_text(await save_rule(update, context, parsed, "instant"))
    await show_list(update, context)


async def alerts_in_group(update: Update, context: ReteContext) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text(
        context.texts._(
            "Alerts are personal: write to me in private and send /alerts there. You will"
            " get the posts of the groups you are in."
        )
    )


async def remove_rule(update: Update, context: ReteContext) -> None:
    query = update.callback_query
    assert query is not None
    rule_id = int_arg(unpack(query.data), 2)
    if rule_id is None or not await context.services.repos.jobs.delete_rule(
        await _owner(update), rule_id
    ):
        await query.answer(context.texts._("This button has expired."))
        return
    await query.answer(context.texts._("Rule removed."))
    await show_list(update, context, edit=True)


async def switch_mode(update: Update, context: ReteContext) -> None:
    query = update.callback_query
    assert query is not None
    repo = context.services.repos.jobs
    owner = await _owner(update)
    rule_id = int_arg(unpack(query.data), 2)
    rule = None if rule_id is None else await repo.get_rule(owner, rule_id)
    if rule is None:
        await query.answer(context.texts._("This button has expired."))
        return
    mode = "daily" if rule.mode == "instant" else "instant"
    await repo.set_rule_mode(owner, rule.id, mode)
    await query.answer(mode_name(context.texts, mode))
    await show_list(update, context, edit=True)


# --- the ➕ dialogue ------------------------------------------------------------------------
async def add_start(update: Update, context: ReteContext) -> int:
    query = update.callback_query
    assert query is not None
    if not await begin(update, context, "alerts"):
        return ConversationHandler.END
    await query.answer()
    assert update.effective_chat is not None
    t = context.texts
    await context.bot.send_message(
        update.effective_chat.id, how_to(t) + "\n\n" + t._("Send /cancel to stop.")
    )
    return ASK_RULE


def mode_keyboard(t: Texts) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t._("⚡ Instant"), callback_data=pack("al", "new", "instant")),
                InlineKeyboardButton(t._("📅 Daily"), callback_data=pack("al", "new", "daily")),
            ]
        ]
    )


async def rule_typed(update: Update, context: ReteContext) -> int:
    message = update.effective_message
    assert message is not None and message.text is not None and context.user_data is not None
    t = context.texts
    parsed = parse_rule(message.text)
    if isinstance(parsed, RuleError):
        again = t._("Try again, or send /cancel.")
        await message.reply_text(f"{rule_error(t, parsed)}\n{again}")
        return ASK_RULE
    context.user_data[_PENDING] = parsed.to_text()
    await message.reply_text(
        t._(
            "<code>{rule}</code>: send each post as soon as it appears, or one summary a day?",
            rule=esc(parsed.to_text()),
        ),
        reply_markup=mode_keyboard(t),
    )
    return ASK_MODE


async def mode_chosen(update: Update, context: ReteContext) -> int:
    query = update.callback_query
    assert query is not None and context.user_data is not None
    mode = unpack(query.data)[-1]
    pending = context.user_data.pop(_PENDING, None)
    parsed = parse_rule(pending) if isinstance(pending, str) else None
    if mode not in ("instant", "daily") or not isinstance(parsed, AlertRule):
        await query.answer(context.texts._("This button has expired."))
        finish(context)
        return ConversationHandler.END
    await query.answer()
    await query.edit_message_text(await save_rule(update, context, parsed, mode))
    finish(context)
    await show_list(update, context)
    return ConversationHandler.END


async def use_the_buttons(update: Update, context: ReteContext) -> int:
    assert update.effective_message is not None
    t = context.texts
    await update.effective_message.reply_text(
        t._("Choose with the buttons above, or send /cancel."), reply_markup=mode_keyboard(t)
    )
    return ASK_MODE


async def cancel(update: Update, context: ReteContext) -> int:
    assert update.effective_message is not None and context.user_data is not None
    context.user_data.pop(_PENDING, None)
    finish(context)
    await update.effective_message.reply_text(context.texts._("Cancelled: no rule added."))
    return ConversationHandler.END


def register(app: ReteApplication) -> None:
    private = filters.ChatType.PRIVATE
    text = private & filters.TEXT & ~filters.COMMAND
    app.add_handler(
        ConversationHandler(
            entry_points=[CallbackQueryHandler(add_start, pattern=r"^al:add$")],
            states={
                ASK_RULE: [MessageHandler(text, rule_typed)],
                ASK_MODE: [
                    CallbackQueryHandler(mode_chosen, pattern=r"^al:new:"),
                    MessageHandler(text, use_the_buttons),
                ],
            },
            fallbacks=[CommandHandler("cancel", cancel)],
            name="alerts_add",
            persistent=True,
            per_message=False,
        )
    )
    app.add_handler(CommandHandler("alerts", alerts_command, filters=private))
    app.add_handler(CommandHandler("alerts", alerts_in_group, filters=filters.ChatType.GROUPS))
    app.add_handler(CallbackQueryHandler(remove_rule, pattern=r"^al:rm:"))
    app.add_handler(CallbackQueryHandler(switch_mode, pattern=r"^al:sw:"))
