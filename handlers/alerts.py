"""/alerts in private chat: list, add and remove keyword rules for job posts; instant or daily.

`/alerts` lists the rules and invites writing one: the next typed message is the rule, then
instant or daily is asked (the ➕ button does the same). `/alerts python @milano` adds an
instant rule at once. Rule ids from buttons are looked up scoped by the presser; a button of
this feature pressed outside the private chat (forged) answers "expired" and does nothing.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.callbacks import int_arg, pack, unpack
from bot.context import ReteApplication, ReteContext
from bot.formatting import clip, esc
from bot.i18n import N_, Texts
from bot.jobposts.actions import (
    MAX_RULES,
    RuleAdded,
    RuleOutcome,
    add_rule,
    list_rules,
    remove_rule,
    switch_rule,
)
from bot.jobposts.alerts import MAX_RULE_LENGTH, RuleError, RuleErrorReason, parse_rule
from handlers.common import active, begin, expired, finish, reply_in_group, safe_edit, send
from storage.job_alerts import AlertRuleRow
from storage.job_kinds import AlertMode

ASK_RULE, ASK_MODE = range(2)
_PENDING = "alert_rule"
# Rules are clipped by visible text before escaping: 20 rules of 200 "&" stay one message.
LISTED_RULE_CHARS = 80
BUTTON_RULE_CHARS = 24

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


def mode_name(t: Texts, mode: AlertMode) -> str:
    return t._("⚡ instant") if mode is AlertMode.INSTANT else t._("📅 daily")


def list_text(t: Texts, rules: list[AlertRuleRow], *, waiting: bool) -> str:
    """The rules; `waiting` when the next typed message will be read as a new rule."""
    if not rules:
        return "\n\n".join(
            [
                t._("🔔 You have no job alerts yet."),
                how_to(t),
                t._("Send your rule now, or /cancel.")
                if waiting
                else t._("Or press ➕ to add one."),
            ]
        )
    lines = [t._("🔔 <b>Your job alerts</b>")]
    lines += [
        f"{n}. <code>{esc(clip(rule.rule, LISTED_RULE_CHARS))}</code> — {mode_name(t, rule.mode)}"
        for n, rule in enumerate(rules, 1)
    ]
    lines.append("")
    lines.append(
        t._(
            "Posts reach you only from groups and channels you are a member of (and I am"
            " too). 🗑 removes a rule, ⚡/📅 switches between instant and a daily summary."
        )
    )
    if waiting and len(rules) < MAX_RULES:
        lines.append(t._("To add a rule, send it now (or /cancel)."))
    return "\n".join(lines)


def list_keyboard(t: Texts, rules: list[AlertRuleRow]) -> InlineKeyboardMarkup:
    rows = []
    for rule in rules:
        name = clip(rule.rule, BUTTON_RULE_CHARS)
        switch_to = "📅" if rule.mode is AlertMode.INSTANT else "⚡"
        rows.append(
            [
                InlineKeyboardButton(f"🗑 {name}", callback_data=pack("al", "rm", rule.id)),
                InlineKeyboardButton(
                    f"{switch_to} {name}", callback_data=pack("al", "sw", rule.id)
                ),
            ]
        )
    if len(rules) < MAX_RULES:
        rows.append([InlineKeyboardButton(t._("➕ Add a rule"), callback_data=pack("al", "add"))])
    return InlineKeyboardMarkup(rows)


def rule_error(t: Texts, error: RuleError) -> str:
    return t._(RULE_ERRORS[error.reason], limit=MAX_RULE_LENGTH)


def added_text(t: Texts, added: RuleAdded) -> str:
    if added.outcome is RuleOutcome.TOO_MANY:
        return t._("You have {limit} rules, the most I keep: remove one first.", limit=MAX_RULES)
    if added.outcome is RuleOutcome.DUPLICATE:
        return t._("You already have this rule.")
    return t._(
        "Saved: <code>{rule}</code> — {mode}.",
        rule=esc(clip(added.rule.to_text(), LISTED_RULE_CHARS)),
        mode=mode_name(t, added.mode),
    )


def _owner(update: Update) -> int:
    assert update.effective_user is not None
    return update.effective_user.id


def _private(update: Update) -> bool:
    return update.effective_chat is not None and update.effective_chat.type == ChatType.PRIVATE


async def show_list(update: Update, context: ReteContext, *, edit: bool = False) -> None:
    t = context.texts
    rules = await list_rules(context.services.repos, _owner(update))
    text = list_text(t, rules, waiting=active(context) == "alerts")
    markup = list_keyboard(t, rules)
    if edit and update.callback_query:
        await safe_edit(update.callback_query.edit_message_text(text, reply_markup=markup))
    else:
        await send(update, context, text, markup)


async def alerts_command(update: Update, context: ReteContext) -> int:
    """/alerts lists and waits for a rule; /alerts <rule> adds an instant one."""
    message = update.effective_message
    assert message is not None
    if not await begin(update, context, "alerts"):
        return ConversationHandler.END
    text = " ".join(context.args or [])
    if text:
        added = await add_rule(context.services.repos, _owner(update), text, AlertMode.INSTANT)
        if isinstance(added, RuleError):
            t = context.texts
            await message.reply_text(f"{rule_error(t, added)}\n\n{how_to(t)}")
            return ASK_RULE
        await message.reply_text(added_text(context.texts, added))
    await show_list(update, context)
    return ASK_RULE


async def alerts_in_group(update: Update, context: ReteContext) -> None:
    await reply_in_group(
        update,
        context,
        context.texts._(
            "Alerts are personal: write to me in private and send /alerts there. You will"
            " get the posts of the groups you are in."
        ),
    )


async def remove_button(update: Update, context: ReteContext) -> None:
    query = update.callback_query
    assert query is not None
    rule_id = int_arg(unpack(query.data), 2)
    if not _private(update) or not await remove_rule(
        context.services.repos, _owner(update), rule_id
    ):
        await expired(update, context)
        return
    await query.answer(context.texts._("Rule removed."))
    await show_list(update, context, edit=True)


async def switch_button(update: Update, context: ReteContext) -> None:
    query = update.callback_query
    assert query is not None
    rule_id = int_arg(unpack(query.data), 2)
    rule = (
        await switch_rule(context.services.repos, _owner(update), rule_id)
        if _private(update)
        else None
    )
    if rule is None:
        await expired(update, context)
        return
    await query.answer(mode_name(context.texts, rule.mode))
    await show_list(update, context, edit=True)


# --- the dialogue: a rule, then instant or daily ----------------------------------------------
async def add_start(update: Update, context: ReteContext) -> int:
    query = update.callback_query
    assert query is not None
    if not _private(update):
        await expired(update, context)
        return ConversationHandler.END
    if not await begin(update, context, "alerts"):
        return ConversationHandler.END
    await query.answer()
    t = context.texts
    await send(update, context, how_to(t) + "\n\n" + t._("Send /cancel to stop."))
    return ASK_RULE


def mode_keyboard(t: Texts) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t._("⚡ Instant"), callback_data=pack("al", "new", AlertMode.INSTANT)
                ),
                InlineKeyboardButton(
                    t._("📅 Daily"), callback_data=pack("al", "new", AlertMode.DAILY)
                ),
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
            rule=esc(clip(parsed.to_text(), LISTED_RULE_CHARS)),
        ),
        reply_markup=mode_keyboard(t),
    )
    return ASK_MODE


async def not_text(update: Update, context: ReteContext) -> int:
    assert update.effective_message is not None
    t = context.texts
    await update.effective_message.reply_text(
        t._("Write the rule as text, or send /cancel.") + "\n\n" + how_to(t)
    )
    return ASK_RULE


async def mode_chosen(update: Update, context: ReteContext) -> int:
    query = update.callback_query
    assert query is not None and context.user_data is not None
    choice = unpack(query.data)[-1]
    pending = context.user_data.pop(_PENDING, None)
    if choice not in tuple(AlertMode) or not isinstance(pending, str):
        await expired(update, context)
        finish(context)
        return ConversationHandler.END
    added = await add_rule(context.services.repos, _owner(update), pending, AlertMode(choice))
    await query.answer()
    finish(context)
    if isinstance(added, RuleError):  # a stored draft that no longer parses
        await safe_edit(query.edit_message_text(rule_error(context.texts, added)))
        return ConversationHandler.END
    await safe_edit(query.edit_message_text(added_text(context.texts, added)))
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
            entry_points=[
                CallbackQueryHandler(add_start, pattern=r"^al:add$"),
                CommandHandler("alerts", alerts_command, filters=private),
            ],
            states={
                ASK_RULE: [
                    MessageHandler(text, rule_typed),
                    MessageHandler(private & ~filters.COMMAND, not_text),
                ],
                ASK_MODE: [
                    CallbackQueryHandler(mode_chosen, pattern=r"^al:new:"),
                    MessageHandler(text, use_the_buttons),
                ],
            },
            fallbacks=[CommandHandler("cancel", cancel)],
            name="alerts_add",
            persistent=True,
            per_message=False,
            allow_reentry=True,
        )
    )
    app.add_handler(
        CommandHandler("alerts", alerts_in_group, filters=filters.ChatType.GROUPS, block=False)
    )
    app.add_handler(CallbackQueryHandler(remove_button, pattern=r"^al:rm:"))
    app.add_handler(CallbackQueryHandler(switch_button, pattern=r"^al:sw:"))
