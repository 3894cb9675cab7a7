"""/card through the real bot and the emulator: making your card, scanning it, exchanging back."""

from __future__ import annotations

import io

import pytest
import zxingcpp
from PIL import Image

from bot.contacts.model import ContactDraft
from bot.sandbox import BotApiEmulator, SimUser
from bot.sandbox.harness import RunningBot
from bot.sandbox.views import BotMessage
from storage.cards import CardsRepo
from tests.chat import press, say


def photo_bytes(emu: BotApiEmulator, message: BotMessage) -> bytes:
    assert message.has_photo, message.text
    return emu.world.files[message.payload["photo"][-1]["file_id"]].content


def qr_text(data: bytes) -> str:
    [code] = zxingcpp.read_barcodes(Image.open(io.BytesIO(data)))
    return code.text


@pytest.fixture
def bruno(bot: RunningBot) -> SimUser:
    return bot.user(
        user_id=3003, first_name="Bruno", last_name="Neri", username="bruno_n", language_code="en"
    )


async def make_card(user: SimUser) -> BotMessage:
    """Jane's card: name from Telegram, role @ company, e-mail; phone and LinkedIn skipped."""
    reply = await say(user, "/card")
    assert reply.text.startswith("Let's make your card")
    assert "What name should your card show?" in reply.text
    assert reply.buttons == [["Use “Jane”"]]
    reply = await press(user, "Use “Jane”")
    assert "like HR manager @ Acme" in reply.text
    reply = await say(user, "Data engineer @ Acme Italia")
    assert reply.text.endswith("The e-mail address to give people you meet.")
    reply = await say(user, "not-an-email")
    assert reply.text.startswith("That is not an e-mail address.")
    reply = await say(user, "jane@acme")
    assert reply.text.startswith("“jane@acme” is not a valid e-mail")
    reply = await say(user, "jane@acme.it")
    assert "Your phone number" in reply.text
    reply = await press(user, "Skip")
    assert "LinkedIn" in reply.text
    await user.press("Skip")
    return await user.expect_reply()


async def test_card_is_a_qr_of_the_deep_link(
    bot: RunningBot, emu: BotApiEmulator, jane: SimUser
) -> None:
    card = await make_card(jane)
    assert card.text.startswith("Your card is saved.\n\n🪪 Your card\n\nJane\n")
    assert "Data engineer @ Acme Italia\n✉️ jane@acme.it\n" in card.text
    assert card.buttons == [["📇 Send as vCard", "✏️ Edit"]]
    token = await CardsRepo(bot.repos.db).live_token(jane.id)
    assert token is not None and len(token) >= 22
    assert qr_text(photo_bytes(emu, card)) == f"https://t.me/rete_test_bot?start={token}"
    # /card again shows the same code: nothing is asked twice.
    again = await say(jane, "/card")
    assert qr_text(photo_bytes(emu, again)) == f"https://t.me/rete_test_bot?start={token}"


async def test_a_scan_shows_the_card_saves_it_and_tells_the_owner(
    bot: RunningBot, jane: SimUser, bruno: SimUser
) -> None:
    await make_card(jane)
    token = await CardsRepo(bot.repos.db).live_token(jane.id)
    await say(bruno, "/event Job Fair Milano")
    shown = await say(bruno, f"/start {token}")
    assert shown.text == "🪪 Jane\nData engineer @ Acme Italia\n✉️ jane@acme.it"
    assert shown.buttons == [["💾 Save Jane"]]
    saved = await press(bruno, "💾 Save Jane")
    assert saved.text == "Saved: Jane. I'll remind you to follow up in 3 days, Fri 27 Nov."
    assert saved.buttons == [["📇 Open card"], ["🤝 Share my details with them"]]
    [contact] = await bot.repos.contacts.all_for_owner(bruno.id)
    assert (contact.name, contact.role, contact.company) == ("Jane", "Data engineer", "Acme Italia")
    assert contact.emails == ("jane@acme.it",)
    assert contact.event_name == "Job Fair Milano"
    assert len(await bot.repos.reminders.all_for_owner(bruno.id)) == 1

    told = await jane.expect_reply()
    assert told.text == "Bruno saved your card."
    assert told.buttons == [["➕ Save Bruno too"]]
    # A second tap saves nothing twice and does not bother the owner again.
    await bruno.press("💾 Save Jane", message=shown)
    assert (await bruno.expect_reply()).text == "They are already in your contacts."
    assert len(await bot.repos.contacts.all_for_owner(bruno.id)) == 1
    await jane.expect_no_reply()

    # Jane asks for Bruno's details; they reach her only when he shares them.
    asked = await press(jane, "➕ Save Bruno too")
    assert asked.text == "I asked them to share their details: I'll save them if they agree."
    assert await bot.repos.contacts.all_for_owner(jane.id) == []
    request = await bruno.expect_reply()
    assert request.text == "Jane, whose card you saved, would like to save your details too."
    done = await press(bruno, "🤝 Share mine back")
    assert done.text == "Done: your details were shared."
    back = await jane.expect_reply()
    assert back.text.startswith("Bruno Neri shared their details. Saved: Bruno Neri.")
    [bruno_at_jane] = await bot.repos.contacts.all_for_owner(jane.id)
    assert bruno_at_jane.telegram_username == "bruno_n"


async def test_sharing_first_then_the_owner_saves_in_one_tap(
    bot: RunningBot, jane: SimUser, bruno: SimUser
) -> None:
    await make_card(jane)
    token = await CardsRepo(bot.repos.db).live_token(jane.id)
    await say(bruno, f"/start {token}")
    await press(bruno, "💾 Save Jane")
    await jane.expect_reply()  # "Bruno saved your card."
    await press(bruno, "🤝 Share my details with them")
    offer = await jane.expect_reply()
    assert offer.text == "Bruno Neri shared their details with you."
    saved = await press(jane, "➕ Save Bruno Neri")
    assert saved.text.startswith("Saved: Bruno Neri.")
    assert [c.name for c in await bot.repos.contacts.all_for_owner(jane.id)] == ["Bruno Neri"]


async def test_revoked_unknown_and_own_tokens(
    bot: RunningBot, emu: BotApiEmulator, jane: SimUser, bruno: SimUser
) -> None:
    await make_card(jane)
    old = await CardsRepo(bot.repos.db).live_token(jane.id)
    shown = await say(bruno, f"/start {old}")
    renewed = await say(jane, "/card new")
    assert renewed.text.startswith("New QR code made: the old one no longer opens your card.")
    new = await CardsRepo(bot.repos.db).live_token(jane.id)
    assert new != old
    assert qr_text(photo_bytes(emu, renewed)).endswith(f"?start={new}")

    # The card Bruno opened before /card new cannot be saved any more.
    await bruno.press("💾 Save Jane", message=shown)
    await bruno.expect_no_reply()
    answer = emu.callback_answers[-1]
    assert answer.show_alert and answer.text == (
        "This card has been replaced by a newer one: ask its owner for the new QR code."
    )
    assert await bot.repos.contacts.all_for_owner(bruno.id) == []
    refused = await say(bruno, f"/start {old}")
    assert refused.text == answer.text
    assert refused.buttons == []
    unknown = await say(bruno, "/start AAAAAAAAAAAAAAAAAAAAAA")
    assert unknown.text.startswith("This card link is not valid")
    assert (await say(bruno, "/start ../../etc")).text == unknown.text

    own = await say(jane, f"/start {new}")
    assert own.text.endswith(
        "This is your own card: show it to people you meet, one tap saves you."
    )
    assert own.buttons == []
    assert await bot.repos.contacts.all_for_owner(jane.id) == []
    # Plain /start still greets.
    assert (await say(bruno, "/start")).text.startswith("Hi Bruno!")


async def test_forged_exchange_buttons_do_nothing(
    bot: RunningBot, emu: BotApiEmulator, jane: SimUser, bruno: SimUser
) -> None:
    await make_card(jane)
    token = await CardsRepo(bot.repos.db).live_token(jane.id)
    await say(bruno, f"/start {token}")
    saved = await press(bruno, "💾 Save Jane")
    await jane.expect_reply()
    eve = bot.user(user_id=4004, first_name="Eve", language_code="en")
    shown = await say(eve, "/start")  # a message with buttons, to press forged ones on
    # Eve is neither side of the exchange: asking or sharing in its name is refused.
    for data in ("card:back:1", "card:share:1", "card:back:x", "card:share:"):
        await eve.press_data(data, message=shown)
        await eve.expect_no_reply()
        assert emu.callback_answers[-1].text == "This button has expired."
    # Bruno cannot play the owner's part either.
    await bruno.press_data("card:back:1", message=saved)
    await bruno.expect_no_reply()
    assert emu.callback_answers[-1].text == "This button has expired."
    assert await bot.repos.contacts.all_for_owner(jane.id) == []


async def test_edit_from_card_and_settings_and_cancel(bot: RunningBot, jane: SimUser) -> None:
    await make_card(jane)
    reply = await press(jane, "✏️ Edit")
    assert reply.buttons == [["Use “Jane”"]]
    reply = await say(jane, "Jane Doe")
    assert reply.buttons == [["Use “Data engineer @ Acme Italia”", "Remove"]]
    await say(jane, "/cancel")
    stored = await CardsRepo(bot.repos.db).get(jane.id)
    assert stored is not None and stored.name == "Jane"

    settings = await say(jane, "/settings")
    assert ["🪪 My card"] in settings.buttons
    reply = await press(jane, "🪪 My card")
    assert "What name should your card show?" in reply.text
    await say(jane, "Jane Doe")
    await press(jane, "Remove")
    await press(jane, "Use “jane@acme.it”")
    reply = await say(jane, "+39 02 1234 5678")
    await say(jane, "linkedin.com/in/jane-doe")
    stored = await CardsRepo(bot.repos.db).get(jane.id)
    assert stored is not None
    assert (stored.name, stored.role, stored.company) == ("Jane Doe", None, None)
    assert (stored.phone, stored.linkedin_url) == (
        "+390212345678",
        "https://www.linkedin.com/in/jane-doe",
    )


async def test_send_as_vcard(bot: RunningBot, emu: BotApiEmulator, jane: SimUser) -> None:
    await make_card(jane)
    await jane.press("📇 Send as vCard")
    document = await jane.expect_reply()
    assert document.document is not None and document.document.file_name == "Jane.vcf"
    vcf = emu.world.files[document.document.file_id].content.decode()
    assert "FN:Jane" in vcf and "EMAIL;TYPE=INTERNET:jane@acme.it" in vcf
    photo = await jane.expect_reply()
    assert qr_text(photo_bytes(emu, photo)) == vcf


async def test_forget_removes_the_card_and_its_tokens(
    bot: RunningBot, jane: SimUser, bruno: SimUser
) -> None:
    await make_card(jane)
    token = await CardsRepo(bot.repos.db).live_token(jane.id)
    await say(jane, "/forget")
    await say(jane, "DELETE")
    cards = CardsRepo(bot.repos.db)
    assert await cards.get(jane.id) is None
    assert await cards.live_token(jane.id) is None
    assert token is not None and await cards.token_owner(token) is None
    assert (await say(bruno, f"/start {token}")).text.startswith("This card link is not valid")


async def test_someone_already_in_the_contacts_is_merged_not_saved_twice(
    bot: RunningBot, jane: SimUser, bruno: SimUser
) -> None:
    await make_card(jane)
    token = await CardsRepo(bot.repos.db).live_token(jane.id)
    await say(bruno, "/start")
    existing = await bot.repos.contacts.create(
        bruno.id, ContactDraft(name="Jane S.", emails=["jane@acme.it"], notes="met at the café")
    )
    await say(bruno, f"/start {token}")
    merged = await press(bruno, "💾 Save Jane")
    assert merged.text.startswith("Merged into Jane.")
    [contact] = await bot.repos.contacts.all_for_owner(bruno.id)
    assert contact.id == existing
    # Nothing dropped: the stored name stays, the card's differing one goes to the notes.
    assert (contact.name, contact.role, contact.company, contact.notes) == (
        "Jane S.",
        "Data engineer",
        "Acme Italia",
        "met at the café\nJane",
    )


async def test_in_italian(bot: RunningBot, mario: SimUser) -> None:
    reply = await say(mario, "/card")
    assert reply.text.startswith("Prepariamo il tuo biglietto")
    assert reply.buttons == [["Usa “Mario”"]]
    reply = await say(mario, "Mario Rossi")
    assert "Il tuo ruolo e l'azienda" in reply.text
    reply = await say(mario, "/skip")
    assert "L'indirizzo e-mail" in reply.text
    await say(mario, "/cancel")
    assert mario.transcript()[-1].text == "Nessun biglietto creato."
