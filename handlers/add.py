"""/add: the guided dialogue that saves a person in thirty seconds.

Entry points: /add (with or without "Name, role @ company"), the menu button, a shared
Telegram contact, a .vcf file, and a card's Edit button. The draft lives in user_data as JSON
(bot.contacts.dialogue.AddState), so a restart continues at the same question.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.callbacks import int_arg, pack, unpack
from bot.contacts import dialogue as dlg
from bot.contacts import saving
from bot.contacts.card import Channels, channel_lines
from bot.contacts.channels import ChannelsResult
from bot.contacts.dialogue import AddState, Step
from bot.contacts.duplicates import MatchReason, merge_drafts
from bot.contacts.model import ContactDraft
from bot.contacts.parsing import parse_add_args
from bot.contacts.wording import channel_problem, date_error, day, field_error
from bot.context import ReteApplication, ReteContext
from bot.formatting import esc
from bot.i18n import N_, Texts
from bot.porting import vcard
from bot.porting.csv_common import decode_text
from bot.porting.fields import normalise_phone
from bot.porting.limits import MAX_BYTES
from handlers import add_view
from handlers.common import begin, finish, profile, user_today
from storage.contacts import Contact

NAME = "add"
ASKING = "asking"
_KEY = "add_draft"

_REASONS: dict[MatchReason, str] = {
    MatchReason.SAME_EMAIL: N_("same e-mail"),
    MatchReason.SAME_PHONE: N_("same phone"),
    MatchReason.SAME_USERNAME: N_("same Telegram username"),
    MatchReason.SIMILAR_NAME_SAME_COMPANY: N_("similar name, same company"),
    MatchReason.SAME_NAME: N_("same name"),
}


# ---- state in user_data --------------------------------------------------------------------


def load(context: ReteContext) -> AddState | None:
    data = context.user_data.get(_KEY) if context.user_data is not None else None
    return AddState.from_json(data) if isinstance(data, dict) else None


def store(context: ReteContext, state: AddState) -> None:
    assert context.user_data is not None
    context.user_data[_KEY] = state.to_json()


def drop(context: ReteContext) -> None:
    if context.user_data is not None:
        context.user_data.pop(_KEY, None)
    finish(context)


async def new_state(context: ReteContext) -> AddState:
    """A fresh draft, tagged with the event the user is checked in to (the default)."""
    state = AddState()
    user = profile(context)
    if user.current_event_id is not None:
        event = await context.services.repos.events.get(user.id, user.current_event_id)
        if event is not None:
            state.current_event_id = state.event_id = event.id
            state.current_event_name = state.event_name = event.name
    return state


# ---- asking ----------------------------------------------------------------------------------


async def ask(update: Update, context: ReteContext, state: AddState, note: str = "") -> str:
    """Store the state and ask its current question (after `note`, e.g. why an answer failed)."""
    store(context, state)
    t = context.texts
    user = profile(context)
    recent: list[add_view.EventChoice] = []
    if state.step == Step.WHERE:
        recent = [
            (e.id, e.name) for e in await context.services.repos.events.recent(user.id, limit=4)
        ]
    text, markup = add_view.question(
        t,
        state,
        today=user_today(context),
        default_days=user.followup_days,
        weekend_shift=user.weekend_shift,
        recent_events=recent[:3],
    )
    if note:
        text = f"{note}\n\n{text}"
    await send(update, context, text, markup)
    return ASKING


async def send(update: Update, context: ReteContext, text: str, markup: Any = None) -> None:
    assert update.effective_chat
    await context.bot.send_message(update.effective_chat.id, text, reply_markup=markup)


# ---- entry points --------------------------------------------------------------------------


async def start_command(update: Update, context: ReteContext) -> str | int:
    if not await begin(update, context, NAME):
        return ConversationHandler.END
    state = await new_state(context)
    note = ""
    draft = parse_add_args(" ".join(context.args or []))
    if draft is not None:
        error = dlg.answer_name(state, draft.name)
        if error is None:
            state.prefill(draft)
        else:
            note = field_error(context.texts, error)
    dlg.start(state)
    return await ask(update, context, state, note)


async def start_button(update: Update, context: ReteContext) -> str | int:
    assert update.callback_query
    if not await begin(update, context, NAME):
        return ConversationHandler.END
    await update.callback_query.answer()
    state = await new_state(context)
    dlg.start(state)
    return await ask(update, context, state)


async def start_from_contact(update: Update, context: ReteContext) -> str | int:
    """A shared Telegram contact: name and phone (and its vCard, when the app sends one)."""
    assert update.effective_message and update.effective_message.contact
    if not await begin(update, context, NAME):
        return ConversationHandler.END
    shared = update.effective_message.contact
    region = profile(context).phone_region
    name = " ".join(p for p in (shared.first_name, shared.last_name) if p)
    draft = ContactDraft(
        name=name,
        phones=[normalise_phone(shared.phone_number, region)] if shared.phone_number else [],
        source="telegram",
    )
    if shared.vcard:
        parsed = vcard.parse(shared.vcard, default_region=region)
        if parsed.contacts:
            draft = merge_drafts(draft, parsed.contacts[0])
    state = await new_state(context)
    state.prefill(draft)
    dlg.start(state)
    note = context.texts._("Got the contact of {name}.", name=esc(state.name)) if state.name else ""
    return await ask(update, context, state, note)


async def start_from_vcard(update: Update, context: ReteContext) -> str | int:
    """A .vcf file with one card starts /add pre-filled; several belong to /import."""
    message = update.effective_message
    assert message and message.document
    t = context.texts
    document = message.document
    if document.file_size and document.file_size > MAX_BYTES:
        await message.reply_text(t._("That file is too large for a contact card."))
        return ConversationHandler.END
    data = bytes(await (await document.get_file()).download_as_bytearray())
    text = decode_text(data[: MAX_BYTES + 1])
    cards = vcard.count_cards(text) if text else 0
    if text is None or cards == 0:
        await message.reply_text(t._("I could not find a contact card (vCard) in that file."))
        return ConversationHandler.END
    if cards > 1:
        await message.reply_text(
            t.ngettext(
                "That file has {n} contact. /import brings in many at once.",
                "That file has {n} contacts. /import brings in many at once.",
                cards,
            )
        )
        return ConversationHandler.END
    parsed = vcard.parse(text, default_region=profile(context).phone_region)
    if not parsed.contacts:
        await message.reply_text(t._("I could not read a name in that contact card."))
        return ConversationHandler.END
    if not await begin(update, context, NAME):
        return ConversationHandler.END
    state = await new_state(context)
    state.prefill(parsed.contacts[0])
    dlg.start(state)
    return await ask(
        update, context, state, t._("Read {name} from the card.", name=esc(state.name))
    )


async def start_edit(update: Update, context: ReteContext) -> str | int:
    """The card's Edit button: the summary of a stored contact, each field editable."""
    query = update.callback_query
    assert query
    contact_id = int_arg(unpack(query.data), 2)
    contact = (
        await context.services.repos.contacts.get(profile(context).id, contact_id)
        if contact_id is not None
        else None
    )
    if contact is None:
        await query.answer(context.texts._("This button has expired."))
        return ConversationHandler.END
    if not await begin(update, context, NAME):
        return ConversationHandler.END
    await query.answer()
    state = state_of_contact(contact)
    return await ask(update, context, state)


def state_of_contact(contact: Contact) -> AddState:
    return AddState(
        name=contact.name,
        company=contact.company,
        role=contact.role,
        met_on=contact.met_on,
        met_where=contact.met_where,
        event_id=contact.event_id,
        event_name=contact.event_name,
        emails=list(contact.emails),
        phones=list(contact.phones),
        telegram_username=contact.telegram_username,
        linkedin_url=contact.linkedin_url,
        notes=contact.notes,
        tags=list(contact.tags),
        source=contact.source,
        step=Step.SUMMARY,
        contact_id=contact.id,
    )


# ---- answers -------------------------------------------------------------------------------


async def on_text(update: Update, context: ReteContext) -> str | int:
    assert update.effective_message and update.effective_message.text is not None
    state = load(context)
    if state is None:
        return await _lost(update, context)
    t = context.texts
    text = update.effective_message.text
    step = state.step
    note = ""
    if step == Step.NAME:
        name_error = dlg.answer_name(state, text)
        if name_error:
            return await ask(update, context, state, field_error(t, name_error))
    elif step == Step.COMPANY:
        company_error = dlg.answer_company(state, text)
        if company_error:
            return await ask(update, context, state, field_error(t, company_error.error))
    elif step == Step.ROLE:
        role_error = dlg.answer_role(state, text)
        if role_error:
            return await ask(update, context, state, field_error(t, role_error))
    elif step == Step.WHERE:
        where_error = dlg.answer_where(state, text)
        if where_error:
            return await ask(update, context, state, field_error(t, where_error))
    elif step == Step.WHEN:
        when_error = dlg.answer_when(state, text, today=user_today(context))
        if when_error:
            return await ask(update, context, state, date_error(t, when_error))
    elif step == Step.CHANNELS:
        return await _channels(update, context, state, text)
    elif step == Step.NOTES:
        notes_error = dlg.answer_notes(state, text)
        if notes_error:
            return await ask(update, context, state, field_error(t, notes_error))
    elif step in (Step.FOLLOWUP, Step.FOLLOWUP_DATE):
        date_problem = dlg.answer_followup_date(state, text, today=user_today(context))
        if date_problem:
            state.step = Step.FOLLOWUP_DATE
            return await ask(update, context, state, date_error(t, date_problem))
    else:  # SUMMARY, DUPLICATE: buttons only
        return await ask(update, context, state, t._("Please use the buttons below."))
    dlg.advance(state)
    return await ask(update, context, state, note)


async def _channels(update: Update, context: ReteContext, state: AddState, text: str) -> str:
    t = context.texts
    result = dlg.answer_channels(state, text, region=profile(context).phone_region)
    if isinstance(result, ChannelsResult):
        found = channel_lines(
            Channels(
                result.emails,
                result.phones,
                result.telegram_usernames[0] if result.telegram_usernames else None,
                result.linkedin_urls[0] if result.linkedin_urls else None,
                result.urls,
            )
        )
        store(context, state)
        if state.editing:
            dlg.advance(state)
            return await ask(update, context, state, "\n".join([t._("Got it:"), *found]))
        markup = InlineKeyboardMarkup([[add_view.button(t._("Next ➡️"), Step.CHANNELS, "next")]])
        await send(
            update,
            context,
            "\n".join([t._("Got it:"), *found, "", t._("Send more, or press Next.")]),
            markup,
        )
        return ASKING
    if not result:
        note = t._("I found no e-mail, phone, @username or LinkedIn address in that.")
    else:
        note = "\n".join(
            [
                *(channel_problem(t, p) for p in result[:5]),
                t._("Nothing from that message was kept: please send it again, corrected."),
            ]
        )
    return await ask(update, context, state, note)


async def on_button(update: Update, context: ReteContext) -> str | int:
    query = update.callback_query
    assert query
    state = load(context)
    parts = unpack(query.data)
    t = context.texts
    if state is None:
        await query.answer(t._("This button has expired."))
        return await _lost(update, context)
    if len(parts) < 3 or parts[1] != state.step.value:
        await query.answer(t._("This button has expired."))
        return ASKING
    action = parts[2]
    step = state.step
    if action == "skip" and step not in dlg.REQUIRED:
        await query.answer()
        return await _skip(update, context, state)
    if step == Step.WHERE and action == "ev":
        return await _choose_event(update, context, state, int_arg(parts, 3))
    if step == Step.WHEN and action in ("today", "yday"):
        today = user_today(context)
        state.met_on = today if action == "today" else date.fromordinal(today.toordinal() - 1)
    elif step == Step.CHANNELS and action == "next":
        pass
    elif (
        step == Step.FOLLOWUP
        and action == "d"
        and (days := int_arg(parts, 3)) in {2, 7} | {profile(context).followup_days}
    ):
        assert days is not None
        dlg.choose_followup_days(state, days)
    elif step == Step.FOLLOWUP and action == "none":
        dlg.choose_no_followup(state)
    elif step == Step.FOLLOWUP and action == "pick":
        await query.answer()
        state.step = Step.FOLLOWUP_DATE
        return await ask(update, context, state)
    elif step == Step.FOLLOWUP_DATE and action == "back":
        await query.answer()
        state.step = Step.FOLLOWUP
        return await ask(update, context, state)
    elif step == Step.SUMMARY:
        return await _summary_button(update, context, state, parts)
    elif step == Step.DUPLICATE:
        return await _duplicate_button(update, context, state, parts)
    else:
        await query.answer(t._("This button has expired."))
        return ASKING
    await query.answer()
    dlg.advance(state)
    return await ask(update, context, state)


async def _choose_event(
    update: Update, context: ReteContext, state: AddState, event_id: int | None
) -> str:
    query = update.callback_query
    assert query
    event = (
        await context.services.repos.events.get(profile(context).id, event_id)
        if event_id is not None
        else None
    )
    if event is None:
        await query.answer(context.texts._("This button has expired."))
        return ASKING
    await query.answer()
    dlg.choose_event(state, event.id, event.name)
    dlg.advance(state)
    return await ask(update, context, state)


async def _summary_button(
    update: Update, context: ReteContext, state: AddState, parts: list[str]
) -> str | int:
    query = update.callback_query
    assert query
    t = context.texts
    action = parts[2]
    await query.answer()
    if action == "save":
        return await save(update, context, state, check_duplicates=True)
    if action == "cancel":
        return await cancel(update, context)
    if action == "fields":
        text, markup = add_view.field_chooser(t)
        await send(update, context, text, markup)
        return ASKING
    if action == "edit" and len(parts) == 4 and parts[3] in {s.value for s in dlg.EDITABLE}:
        dlg.edit(state, Step(parts[3]))
        return await ask(update, context, state)
    return await ask(update, context, state)  # "show", or anything else: the summary again


async def _duplicate_button(
    update: Update, context: ReteContext, state: AddState, parts: list[str]
) -> str | int:
    query = update.callback_query
    assert query
    action = parts[2]
    if action == "new":
        await query.answer()
        return await save(update, context, state, check_duplicates=False)
    if action == "back":
        await query.answer()
        dlg.go_back(state)
        return await ask(update, context, state)
    target = int_arg(parts, 3)
    if action == "merge" and target is not None and target in state.duplicates:
        existing = await context.services.repos.contacts.get(profile(context).id, target)
        if existing is not None:
            await query.answer()
            return await merge_into(update, context, state, existing)
    await query.answer(context.texts._("This button has expired."))
    return ASKING


async def _skip(update: Update, context: ReteContext, state: AddState) -> str:
    dlg.skip(state)
    dlg.advance(state)
    return await ask(update, context, state)


# ---- commands inside the dialogue -----------------------------------------------------------


async def skip_command(update: Update, context: ReteContext) -> str | int:
    state = load(context)
    if state is None:
        return await _lost(update, context)
    if state.step in dlg.REQUIRED:
        note = (
            context.texts._("The name is the one thing I need: please send it.")
            if state.step == Step.NAME
            else context.texts._("Nothing to skip here: please use the buttons.")
        )
        return await ask(update, context, state, note)
    return await _skip(update, context, state)


async def back_command(update: Update, context: ReteContext) -> str | int:
    state = load(context)
    if state is None:
        return await _lost(update, context)
    if dlg.go_back(state) is None:
        return await ask(update, context, state, context.texts._("This is the first question."))
    return await ask(update, context, state)


async def cancel(update: Update, context: ReteContext) -> int:
    drop(context)
    await send(update, context, context.texts._("Cancelled: nothing was saved."))
    return ConversationHandler.END


async def other_command(update: Update, context: ReteContext) -> str:
    assert update.effective_message
    await update.effective_message.reply_text(
        context.texts._(
            "You are in the middle of /{dialogue}: finish it, or send /cancel to leave it.",
            dialogue=NAME,
        )
    )
    return ASKING


async def other_menu_button(update: Update, context: ReteContext) -> str:
    assert update.callback_query
    await update.callback_query.answer(
        context.texts._(
            "You are in the middle of /{dialogue}: finish it, or send /cancel to leave it.",
            dialogue=NAME,
        ),
        show_alert=True,
    )
    return ASKING


async def not_text(update: Update, context: ReteContext) -> str | int:
    state = load(context)
    if state is None:
        return await _lost(update, context)
    return await ask(update, context, state, context.texts._("Please answer with a text message."))


async def _lost(update: Update, context: ReteContext) -> int:
    """The conversation state outlived its draft (data erased): end cleanly."""
    drop(context)
    await send(
        update, context, context.texts._("That dialogue has ended. Send /add to start again.")
    )
    return ConversationHandler.END


# ---- saving --------------------------------------------------------------------------------


async def save(
    update: Update, context: ReteContext, state: AddState, *, check_duplicates: bool
) -> str | int:
    services = context.services
    user = profile(context)
    t = context.texts
    today = user_today(context)
    if state.met_on is None:
        state.met_on = today
    draft = state.to_draft()
    if state.contact_id is not None:
        if not await services.repos.contacts.replace_data(user.id, state.contact_id, draft):
            drop(context)
            await send(update, context, t._("That contact no longer exists: nothing was saved."))
            return ConversationHandler.END
        drop(context)
        await _saved(update, context, state.contact_id, t._("Changes saved."))
        return ConversationHandler.END
    if check_duplicates:
        matches = await find_matches(context, draft)
        if matches:
            state.duplicates = [contact_id for contact_id, _, _ in matches]
            state.step = Step.DUPLICATE
            store(context, state)
            text, markup = add_view.duplicates(t, state, matches)
            await send(update, context, text, markup)
            return ASKING
    contact_id, when = await saving.create_contact(services, user, state, today)
    drop(context)
    await _saved(update, context, contact_id, saved_text(t, state.name, when))
    return ConversationHandler.END


async def merge_into(
    update: Update, context: ReteContext, state: AddState, existing: Contact
) -> int:
    when = await saving.merge_into(
        context.services, profile(context), state, existing, user_today(context)
    )
    drop(context)
    t = context.texts
    text = t._("Merged into {name}.", name=f"<b>{esc(existing.name)}</b>")
    if when:
        text += " " + t._("I'll remind you to follow up on {date}.", date=day(t, when))
    await _saved(update, context, existing.id, text)
    return ConversationHandler.END


def saved_text(t: Texts, name: str, when: date | None) -> str:
    text = t._("Saved: {name}.", name=f"<b>{esc(name)}</b>")
    if when:
        text += " " + t._("I'll remind you to follow up on {date}.", date=day(t, when))
    return text


async def _saved(update: Update, context: ReteContext, contact_id: int, text: str) -> None:
    t = context.texts
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t._("📇 Open card"), callback_data=pack("ct", "open", contact_id)
                ),
                InlineKeyboardButton(t._("➕ Add another"), callback_data=pack("menu", "add")),
            ]
        ]
    )
    await send(update, context, text, markup)


async def find_matches(context: ReteContext, draft: ContactDraft) -> list[tuple[int, str, str]]:
    """Up to three stored contacts that may be this person: (id, label, why)."""
    t = context.texts
    out = []
    for contact, match in await saving.possible_duplicates(
        context.services, profile(context), draft
    ):
        label = f"{contact.name} ({contact.company})" if contact.company else contact.name
        why = ", ".join(t._(_REASONS[r]) for r in match.reasons)
        out.append((contact.id, label, why))
    return out


# ---- wiring --------------------------------------------------------------------------------


def conversation() -> ConversationHandler[ReteContext]:
    private = filters.ChatType.PRIVATE
    vcf = (
        filters.Document.FileExtension("vcf")
        | filters.Document.MimeType("text/vcard")
        | filters.Document.MimeType("text/x-vcard")
    )
    cancel_handler: BaseHandler[Update, ReteContext, object] = CommandHandler(
        "cancel", cancel, filters=private
    )
    return ConversationHandler(
        entry_points=[
            CommandHandler("add", start_command, filters=private),
            CallbackQueryHandler(start_button, pattern=r"^menu:add$"),
            CallbackQueryHandler(start_edit, pattern=r"^ct:edit:"),
            MessageHandler(private & filters.CONTACT, start_from_contact),
            MessageHandler(private & vcf, start_from_vcard),
        ],
        states={
            ASKING: [
                cancel_handler,
                CommandHandler("skip", skip_command, filters=private),
                CommandHandler("back", back_command, filters=private),
                MessageHandler(private & filters.COMMAND, other_command),
                CallbackQueryHandler(on_button, pattern=r"^add:"),
                CallbackQueryHandler(other_menu_button, pattern=r"^(menu:add|ct:edit:)"),
                MessageHandler(private & filters.TEXT, on_text),
                MessageHandler(private & ~filters.StatusUpdate.ALL, not_text),
            ]
        },
        fallbacks=[cancel_handler],
        name=NAME,
        persistent=True,
        per_message=False,
    )


def register(app: ReteApplication) -> None:
    app.add_handler(conversation())
