"""The ways into /add: the command (with or without "Name, role @ company"), the menu
button, a shared Telegram contact, a one-card .vcf file, a photo of a QR code or business
card (handlers.add.photos), a card's Edit button, and the Finish button of an expired /add."""

from __future__ import annotations

from contextlib import suppress
from datetime import date

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ConversationHandler

from bot.contacts import dialogue as dlg
from bot.contacts.add_state import MAX_URLS, AddState, Step
from bot.contacts.merging import merge_drafts
from bot.contacts.parsing import parse_add_args
from bot.contacts.validation import FieldError, validate_name
from bot.contacts.wording import field_error
from bot.context import ReteContext
from bot.dialogue_expiry import LEFT_ADD
from bot.formatting import clip, esc
from bot.porting import vcard
from bot.porting.fields import normalise_phone
from bot.porting.limits import MAX_BYTES
from bot.porting.vcard_text import decode
from handlers.add import photos
from handlers.add.flow import NAME, ask, drop, load, not_text
from handlers.common import begin, finish, offer_import, pressed_contact, profile
from storage.contacts import Contact, ContactDraft


async def new_state(context: ReteContext) -> AddState:
    """A fresh draft, tagged with the event the user is checked in to (the default)."""
    state = AddState()
    user = profile(context)
    if user.current_event_id is not None:
        event = await context.repos.events.get(user.id, user.current_event_id)
        if event is not None:
            state.current_event_id = state.draft.event_id = event.id
            state.current_event_name = state.event_name = event.name
    return state


async def start_with(
    update: Update,
    context: ReteContext,
    draft: ContactDraft | None,
    note: str = "",
    urls: list[str] | None = None,
) -> str | int:
    """Begin /add, pre-filled with `draft` (and web addresses) when a shortcut brought one."""
    if not await begin(update, context, NAME):
        return ConversationHandler.END
    state = await new_state(context)
    if draft is not None:
        state.urls = (urls or [])[:MAX_URLS]
        state.prefill(draft)
    dlg.start(state)
    return await ask(update, context, state, note)


async def start_command(update: Update, context: ReteContext) -> str | int:
    """`/add Mario Rossi, HR @ Acme, mario@acme.it`: what was typed is kept, each part where it
    belongs; a name that is not valid is asked again, with its reason."""
    args = parse_add_args(
        " ".join(context.args or []), default_region=profile(context).phone_region
    )
    if args is None:
        return await start_with(update, context, None)
    note = ""
    if args.draft.name and isinstance(error := validate_name(args.draft.name), FieldError):
        note = field_error(context.texts, error)
        args.draft.name = ""
    return await start_with(update, context, args.draft, note, args.urls)


async def start_button(update: Update, context: ReteContext) -> str | int:
    assert update.callback_query
    if not await begin(update, context, NAME):  # answers the button itself
        return ConversationHandler.END
    await update.callback_query.answer()
    return await start_with(update, context, None)


async def resume(update: Update, context: ReteContext) -> str | int:
    """The Finish button of an expired /add's note: the draft again, at the question it was
    left on (a duplicate check is made again at Save)."""
    query = update.callback_query
    assert query and context.user_data is not None
    state, left_on = _left_add(context.user_data.get(LEFT_ADD))
    if state is None or left_on is None:
        await query.answer(context.texts._("That draft is no longer here: /add starts a new one."))
        return ConversationHandler.END
    if not await begin(update, context, NAME):  # answers the button itself
        return ConversationHandler.END
    del context.user_data[LEFT_ADD]
    await query.answer()
    with suppress(TelegramError):  # the note's button has done its job
        await query.edit_message_reply_markup(None)
    if state.draft.met_on is None:  # "today" then was the day it was left, not now
        state.draft.met_on = left_on
    if state.step in (Step.DUPLICATE, Step.MERGE):
        state.step, state.duplicates, state.merge = Step.SUMMARY, [], None
    state.editing, state.message_id = False, None
    return await ask(update, context, state)


def _left_add(left: object) -> tuple[AddState | None, date | None]:
    if not isinstance(left, dict) or not isinstance(left.get("state"), dict):
        return None, None
    try:
        return AddState.from_json(left["state"]), date.fromisoformat(str(left.get("day")))
    except (KeyError, TypeError, ValueError):
        return None, None


async def start_from_contact(update: Update, context: ReteContext) -> str | int:
    """A shared Telegram contact: name and phone (and its vCard, when the app sends one)."""
    assert update.effective_message and update.effective_message.contact
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
            draft = merge_drafts(draft, parsed.contacts[0]).draft
    note = context.texts._("Got the contact of {name}.", name=esc(clip(name, 200))) if name else ""
    return await start_with(update, context, draft, note)


async def start_from_vcard(update: Update, context: ReteContext) -> str | int:
    """A .vcf file with one card starts /add pre-filled; several are offered to /import."""
    message = update.effective_message
    assert message and message.document
    t = context.texts
    document = message.document
    if document.file_size and document.file_size > MAX_BYTES:
        await message.reply_text(t._("That file is too large for a contact card."))
        return ConversationHandler.END
    data = bytes(await (await document.get_file()).download_as_bytearray())
    text = decode(data[: MAX_BYTES + 1])  # any charset, any line ends (an iPhone's CR CR LF)
    cards = vcard.count_cards(text.text)
    if cards == 0:
        await message.reply_text(t._("I could not find a contact card (vCard) in that file."))
        return ConversationHandler.END
    if cards > 1:
        await offer_import(update, context, document, cards)
        return ConversationHandler.END
    parsed = vcard.parse(text, default_region=profile(context).phone_region)
    if not parsed.contacts:
        await message.reply_text(t._("I could not read a name in that contact card."))
        return ConversationHandler.END
    name = parsed.contacts[0].name
    note = t._("Read {name} from the card.", name=esc(clip(name, 200)))
    return await start_with(update, context, parsed.contacts[0], note)


async def start_from_photo(update: Update, context: ReteContext) -> str | int:
    """A photo of a QR code, a badge or a business card: the summary, every field to check."""
    if not await begin(update, context, NAME):
        return ConversationHandler.END
    found = await photos.read_contact(update, context)
    if found is None:
        finish(context)
        return ConversationHandler.END
    state = await new_state(context)
    state.prefill(found.draft)
    state.urls = found.urls[:MAX_URLS]
    state.step = Step.SUMMARY
    if not state.draft.name:
        dlg.edit(state, Step.NAME)  # a code without a name: asked first, then the summary
    return await ask(update, context, state, photos.found_note(context, found))


async def instead_of_a_name(update: Update, context: ReteContext) -> str | int:
    """A card photo, a shared contact or a .vcf sent at /add's first question, before a name
    was typed: read as if it had started /add (there is nothing to lose yet). Later in the
    dialogue it is not an answer, and the question stands."""
    state = load(context)
    message = update.effective_message
    assert message
    if state is None or state.step != Step.NAME or state.draft.name:
        return await not_text(update, context)
    image = message.document is not None and (message.document.mime_type or "").startswith("image/")
    if message.contact:
        step = await start_from_contact(update, context)
    elif message.photo or image:
        step = await start_from_photo(update, context)
    else:
        step = await start_from_vcard(update, context)
    if step == ConversationHandler.END:  # nothing read: this /add is over, said so
        drop(context)
        finish(context)
    return step


async def start_edit(update: Update, context: ReteContext) -> str | int:
    """The card's Edit button: the summary of a stored contact, each field editable."""
    contact = await pressed_contact(update, context)
    if contact is None or not await begin(update, context, NAME):
        return ConversationHandler.END
    assert update.callback_query
    await update.callback_query.answer()
    return await ask(update, context, state_of_contact(contact))


def state_of_contact(contact: Contact) -> AddState:
    return AddState(
        draft=contact.draft(),
        event_name=contact.event_name,
        step=Step.SUMMARY,
        contact_id=contact.id,
    )
