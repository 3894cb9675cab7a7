"""/start, /help and /language."""

from __future__ import annotations

from telegram import BotCommandScopeChat, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from bot.callbacks import pack, unpack
from bot.commands import COMMANDS, command_menu
from bot.context import ReteApplication, ReteContext
from bot.formatting import esc
from bot.i18n import LANGUAGES, Texts, texts
from handlers.common import reply_in_group, safe_edit


def main_menu(t: Texts) -> InlineKeyboardMarkup:
    """The main actions; each feature handles its own `menu:<name>` button."""
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(t._("➕ Add a contact"), callback_data=pack("menu", "add"))],
            [
                InlineKeyboardButton(t._("📇 Contacts"), callback_data=pack("menu", "contacts")),
                InlineKeyboardButton(t._("📅 Event"), callback_data=pack("menu", "event")),
            ],
            [
                InlineKeyboardButton(t._("🔔 Follow-ups"), callback_data=pack("menu", "followups")),
                InlineKeyboardButton(t._("⚙️ Settings"), callback_data=pack("menu", "settings")),
            ],
        ]
    )


async def start(update: Update, context: ReteContext) -> None:
    assert update.effective_message and update.effective_user
    t = context.texts
    await update.effective_message.reply_text(
        t._(
            "Hi {name}! I'm Rete, your networking assistant.\n"
            "• Save the people you meet at fairs, conferences and courses in 30 seconds.\n"
            "• A few days later I remind you to follow up, with a draft ready.\n"
            "• I keep your older network warm and bring you job posts from Telegram groups.",
            name=esc(update.effective_user.first_name),
        ),
        reply_markup=main_menu(t),
    )


async def help_command(update: Update, context: ReteContext) -> None:
    assert update.effective_message
    t = context.texts
    lines = [t._("<b>What I can do</b>")]
    lines += [f"/{command} — {t._(description)}" for command, description in COMMANDS]
    lines.append(
        t._(
            "Any question can be skipped with /skip. /cancel leaves what you are doing without "
            "saving it; what you saved before stays."
        )
    )
    await update.effective_message.reply_text("\n".join(lines))


def language_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("🇮🇹 Italiano", callback_data=pack("lang", "it")),
                InlineKeyboardButton("🇬🇧 English", callback_data=pack("lang", "en")),
            ]
        ]
    )


async def language_command(update: Update, context: ReteContext) -> None:
    assert update.effective_message
    await update.effective_message.reply_text(
        context.texts._("Which language shall I speak?"), reply_markup=language_keyboard()
    )


async def language_chosen(update: Update, context: ReteContext) -> None:
    query = update.callback_query
    assert query and update.effective_user
    parts = unpack(query.data)
    if len(parts) != 2 or parts[1] not in LANGUAGES or context.profile is None:
        await query.answer(context.texts._("This button has expired."))
        return
    language = parts[1]
    await context.services.repos.users.update(update.effective_user.id, language=language)
    t = texts(language)
    await query.answer()
    await safe_edit(query.edit_message_text(t._("Done: from now on I'll speak English.")))
    # The chat's own command menu follows the chosen language.
    await context.bot.set_my_commands(
        command_menu(t), scope=BotCommandScopeChat(update.effective_user.id)
    )


async def in_a_group(update: Update, context: ReteContext) -> None:
    """/start, /help or /language in a group: what the bot does there, briefly."""
    await reply_in_group(
        update,
        context,
        context.texts._(
            "I'm Rete. In this group I pick out the job posts; admins set up a digest with "
            "/digest. For your contacts, follow-ups and personal job alerts, write to me in "
            "private."
        ),
    )


def register(app: ReteApplication) -> None:
    private, groups = filters.ChatType.PRIVATE, filters.ChatType.GROUPS
    app.add_handler(CommandHandler("start", start, filters=private))
    app.add_handler(CommandHandler("help", help_command, filters=private))
    app.add_handler(CommandHandler("language", language_command, filters=private))
    app.add_handler(
        CommandHandler(["start", "help", "language"], in_a_group, filters=groups, block=False)
    )
    app.add_handler(CallbackQueryHandler(language_chosen, pattern=r"^lang:"))
