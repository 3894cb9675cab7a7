"""/settings: default follow-up days, preferred time, time zone, weekend shift, language.

Buttons for the common choices; a typed value (days, a time like 9:30, a city) is read by a
short dialogue and validated by bot.followups.settings_input. Callback prefix `set:`:
  set:menu | set:days | set:time | set:tz | set:lang   (open a choice)
  set:days:<n> | set:time:<hh>:<mm> | set:tz:<IANA> | set:lang:<it|en> | set:weekend
plus the /start menu's `menu:settings`.
"""

from __future__ import annotations

from datetime import datetime
from typing import cast

from telegram import BotCommandScopeChat, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.account.actions import Setting, change_setting
from bot.callbacks import int_arg, pack, unpack
from bot.commands import command_menu
from bot.context import ReteApplication, ReteContext
from bot.followups.actions import follow_new_schedule
from bot.followups.policy import user_schedule
from bot.followups.settings_input import (
    PreferredTime,
    SettingsError,
    SettingsProblem,
    parse_followup_days,
    parse_hour,
    parse_timezone,
)
from bot.formatting import esc
from bot.i18n import LANGUAGES, Texts, texts
from handlers.common import active, begin, finish, safe_edit
from storage.users import User

NAME = "settings"
TYPING = 0
_FIELD = "settings_field"  # user_data: which value the user is typing
PREFIX = "set"

DAY_CHOICES = (1, 2, 3, 5, 7, 14)
TIME_CHOICES = ((8, 30), (9, 0), (10, 0), (12, 0), (14, 0), (18, 0))
ZONE_CHOICES = (
    "Europe/Rome",
    "Europe/London",
    "Europe/Paris",
    "Europe/Berlin",
    "America/New_York",
    "UTC",
)
LANGUAGE_NAMES = {"it": "🇮🇹 Italiano", "en": "🇬🇧 English"}


def hhmm(hour: int, minute: int) -> str:
    return f"{hour:02d}:{minute:02d}"


def _button(label: str, *parts: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=pack(PREFIX, *parts))


def _back(t: Texts) -> list[InlineKeyboardButton]:
    return [_button(t._("« Back"), "menu")]


def overview(t: Texts, user: User, now: datetime) -> tuple[str, InlineKeyboardMarkup]:
    local = now.astimezone(user_schedule(user).zone)
    language = user.language or t.language
    lines = [
        t._("<b>⚙️ Settings</b>"),
        t.ngettext(
            "🔔 Follow up: {n} day after a meeting",
            "🔔 Follow up: {n} days after a meeting",
            user.followup_days,
        ),
        t._("🕙 Reminders at: {time}", time=hhmm(user.preferred_hour, user.preferred_minute)),
        t._(
            "🌍 Time zone: {zone} (it is {time} there now)",
            zone=esc(user.timezone),
            time=hhmm(local.hour, local.minute),
        ),
        t._("📅 On weekends: moved to Monday")
        if user.weekend_shift
        else t._("📅 On weekends: delivered as on any day"),
        t._("🗣 Language: {language}", language=LANGUAGE_NAMES.get(language, language)),
    ]
    weekend = (
        t._("📅 Weekends: move to Monday")
        if not user.weekend_shift
        else t._("📅 Weekends: deliver anyway")
    )
    markup = InlineKeyboardMarkup(
        [
            [_button(t._("🔔 Days"), "days"), _button(t._("🕙 Time"), "time")],
            [_button(t._("🌍 Time zone"), "tz"), _button(t._("🗣 Language"), "lang")],
            [_button(weekend, "weekend")],
            # Opens the /card editor (handlers.card).
            [InlineKeyboardButton(t._("🪪 My card"), callback_data=pack("card", "edit"))],
        ]
    )
    return "\n".join(lines), markup


def prompt(t: Texts, field: str) -> tuple[str, InlineKeyboardMarkup]:
    if field == "days":
        row = [_button(str(n), "days", n) for n in DAY_CHOICES]
        text = t._(
            "How many days after a meeting should I remind you to follow up? "
            "Pick one or type a number from 1 to 60."
        )
        return text, InlineKeyboardMarkup([row[:3], row[3:], _back(t)])
    if field == "time":
        row = [_button(hhmm(h, m), "time", h, m) for h, m in TIME_CHOICES]
        text = t._(
            "At what time should reminders arrive? Pick one or type a time like 9:30 "
            "(between 08:00 and 20:59: never at night)."
        )
        return text, InlineKeyboardMarkup([row[:3], row[3:], _back(t)])
    if field == "tz":
        rows = [[_button(zone, "tz", zone)] for zone in ZONE_CHOICES]
        text = t._("Which time zone are you in? Pick one or type your city (Milano, New York…).")
        return text, InlineKeyboardMarkup([*rows, _back(t)])
    rows = [[_button(name, "lang", code) for code, name in LANGUAGE_NAMES.items()]]
    return t._("Which language shall I speak?"), InlineKeyboardMarkup([*rows, _back(t)])


def problem_text(t: Texts, field: str, error: SettingsError) -> str:
    if field == "days":
        if error.reason is SettingsProblem.OUT_OF_RANGE:
            return t._(
                "Choose between {minimum} and {maximum} days.",
                minimum=error.minimum,
                maximum=error.maximum,
            )
        return t._("I didn't understand: type a number of days, like 5.")
    if field == "time":
        if error.reason is SettingsProblem.OUTSIDE_DAYTIME:
            return t._("I never send reminders at night: choose a time between 08:00 and 20:59.")
        return t._("I didn't understand: type a time like 9 or 9:30.")
    if error.reason is SettingsProblem.AMBIGUOUS_TIMEZONE:
        return t._("There is more than one: which one is yours?")
    if error.reason is SettingsProblem.OUT_OF_RANGE:
        return t._("Offsets go from UTC-12 to UTC+14.")
    return t._(
        "I don't know that time zone. Type a city (Milano, London) or a name like Europe/Rome."
    )


async def apply(context: ReteContext, user: User, field: str, value: object) -> None:
    fresh = await change_setting(context.repos, user, Setting(field), value)
    context.profile = fresh
    await follow_new_schedule(context.repos, user, fresh)
    if field == Setting.LANGUAGE:
        await context.bot.set_my_commands(
            command_menu(texts(str(value))), scope=BotCommandScopeChat(user.id)
        )


def parse_button(parts: list[str]) -> tuple[str, object] | None:
    """(field, validated value) from a value button; None for a forged one."""
    field = parts[1] if len(parts) > 1 else ""
    if field == "weekend" and len(parts) == 2:
        return field, None
    if field == "days" and len(parts) == 3:
        days = int_arg(parts, 2)
        valid = parse_followup_days(str(days)) if days is not None else None
        return (field, valid) if isinstance(valid, int) else None
    if field == "time" and len(parts) == 4:
        hour, minute = int_arg(parts, 2), int_arg(parts, 3)
        if hour is None or minute is None:
            return None
        valid_time = parse_hour(hhmm(hour, minute))
        return (field, valid_time) if isinstance(valid_time, PreferredTime) else None
    if field == "tz" and len(parts) == 3:
        zone = parse_timezone(parts[2])
        return (field, zone) if isinstance(zone, str) and zone == parts[2] else None
    if field == "lang" and len(parts) == 3 and parts[2] in LANGUAGES:
        return field, parts[2]
    return None


async def show_overview(update: Update, context: ReteContext, *, edit: bool) -> None:
    user = (
        await context.services.repos.users.get(update.effective_user.id)
        if update.effective_user
        else None
    )
    if user is None:
        return
    context.profile = user
    text, markup = overview(context.texts, user, context.services.clock.now())
    if edit and update.callback_query:
        await safe_edit(update.callback_query.edit_message_text(text, reply_markup=markup))
    elif update.effective_message:
        await context.bot.send_message(user.id, text, reply_markup=markup)


# ---- handlers -------------------------------------------------------------------------------
async def settings_command(update: Update, context: ReteContext) -> int:
    end_typing(context)
    await show_overview(update, context, edit=False)
    return ConversationHandler.END


async def settings_menu(update: Update, context: ReteContext) -> int:
    assert update.callback_query
    await update.callback_query.answer()
    await show_overview(update, context, edit=False)
    return ConversationHandler.END


async def on_button(update: Update, context: ReteContext) -> int:
    """Any `set:` button, inside the typing dialogue or not."""
    query = update.callback_query
    assert query and context.user_data is not None
    t = context.texts
    user = context.profile
    parts = unpack(query.data)
    if user is None or not parts:
        await query.answer(t._("This button has expired."))
        return ConversationHandler.END
    if len(parts) == 2 and parts[1] in ("days", "time", "tz", "lang"):
        field = parts[1]
        if field != "lang" and not await begin(update, context, NAME):
            return ConversationHandler.END
        await query.answer()
        text, markup = prompt(t, field)
        await safe_edit(query.edit_message_text(text, reply_markup=markup))
        if field == "lang":
            return ConversationHandler.END
        context.user_data[_FIELD] = field
        return TYPING
    end_typing(context)
    if parts == [PREFIX, "menu"]:
        await query.answer()
        await show_overview(update, context, edit=True)
        return ConversationHandler.END
    chosen = parse_button(parts)
    if chosen is None:
        await query.answer(t._("This button has expired."))
        return ConversationHandler.END
    field, value = chosen
    await apply(context, user, field, value)
    context.profile = await context.services.repos.users.get(user.id)
    await query.answer(context.texts._("Saved."))
    await show_overview(update, context, edit=True)
    return ConversationHandler.END


async def typed(update: Update, context: ReteContext) -> int:
    message = update.effective_message
    assert message and message.text is not None and context.user_data is not None
    t = context.texts
    user = context.profile
    field = context.user_data.get(_FIELD)
    if user is None or field not in ("days", "time", "tz"):
        end_typing(context)
        return ConversationHandler.END
    parser = {"days": parse_followup_days, "time": parse_hour, "tz": parse_timezone}[field]
    value = parser(message.text)
    if isinstance(value, SettingsError):
        markup = None
        if value.reason is SettingsProblem.AMBIGUOUS_TIMEZONE:
            markup = InlineKeyboardMarkup(
                [[_button(zone, "tz", zone)] for zone in value.candidates[:8]]
            )
        await message.reply_text(
            problem_text(t, field, value) + "\n" + t._("Or send /cancel to leave it as it is."),
            reply_markup=markup,
        )
        return TYPING
    await apply(context, user, field, value)
    end_typing(context)
    await message.reply_text(t._("Saved."))
    await show_overview(update, context, edit=False)
    return ConversationHandler.END


def end_typing(context: ReteContext) -> None:
    """Leave the typing step; another feature's dialogue, if that is the open one, stays."""
    if context.user_data is not None:
        context.user_data.pop(_FIELD, None)
    if active(context) == NAME:
        finish(context)


async def cancel(update: Update, context: ReteContext) -> int:
    assert update.effective_message
    end_typing(context)
    await update.effective_message.reply_text(context.texts._("Settings unchanged."))
    return ConversationHandler.END


def register(app: ReteApplication) -> None:
    private = filters.ChatType.PRIVATE
    # ConversationHandler's lists are typed for handlers returning object.
    buttons = cast(
        "BaseHandler[Update, ReteContext, object]",
        CallbackQueryHandler(on_button, pattern=rf"^{PREFIX}:"),
    )
    app.add_handler(
        ConversationHandler(
            entry_points=[buttons],
            states={
                TYPING: [MessageHandler(private & filters.TEXT & ~filters.COMMAND, typed), buttons]
            },
            fallbacks=[
                CommandHandler("cancel", cancel, filters=private),
                CommandHandler("settings", settings_command, filters=private),
            ],
            name=NAME,
            persistent=True,
            per_message=False,
        )
    )
    app.add_handler(CommandHandler("settings", settings_command, filters=private))
    app.add_handler(CallbackQueryHandler(settings_menu, pattern=r"^menu:settings$"))
