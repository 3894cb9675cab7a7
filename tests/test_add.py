"""/add through the real bot and the emulator: the full dialogue, shortcuts, errors, restarts."""

from __future__ import annotations

from datetime import date

from bot.sandbox import SimUser
from bot.sandbox.harness import RunningBot
from bot.sandbox.views import BotMessage


async def say(user: SimUser, text: str) -> BotMessage:
    await user.send(text)
    return await user.expect_reply()


async def press(user: SimUser, button: str) -> BotMessage:
    await user.press(button)
    return await user.expect_reply()


async def test_full_add_in_english(bot: RunningBot, jane: SimUser) -> None:
    reply = await say(jane, "/add")
    assert "who did you meet" in reply.text
    reply = await say(jane, "Mario Rossi")
    assert "Role and company of Mario Rossi" in reply.text
    reply = await say(jane, "HR manager @ Acme")
    assert reply.text.startswith("Where did you meet?")
    reply = await say(jane, "Job fair in Milan")
    assert reply.buttons[0] == ["Today", "Yesterday"]
    reply = await press(jane, "Yesterday")
    assert reply.text.startswith("How can you reach them?")
    reply = await say(jane, "mario.rossi@acme.it, +39 333 123 4567")
    assert "✉️ mario.rossi@acme.it" in reply.text
    assert "📞 +393331234567" in reply.text
    reply = await say(jane, "@mario_rossi linkedin.com/in/mario-rossi")
    assert "💬 @mario_rossi" in reply.text
    reply = await press(jane, "Next ➡️")
    assert reply.text.startswith("A line of notes")
    reply = await say(jane, "Talked about the data team; promised my CV")
    assert reply.buttons[0] == ["In 2 days", "In 3 days", "In a week"]
    reply = await press(jane, "In a week")
    assert reply.text.startswith("Check and save")
    assert "Role @ company: HR manager @ Acme" in reply.text
    assert "Where: Job fair in Milan" in reply.text
    assert "When: Nov 23, 2026" in reply.text
    assert "7 days after the meeting (Nov 30, 2026)" in reply.text
    reply = await press(jane, "✅ Save")
    assert reply.text == "Saved: Mario Rossi. I'll remind you to follow up on Nov 30, 2026."
    assert reply.buttons == [["📇 Open card", "➕ Add another"]]

    [contact] = await bot.repos.contacts.all_for_owner(jane.id)
    assert (contact.name, contact.role, contact.company) == ("Mario Rossi", "HR manager", "Acme")
    assert contact.met_on == date(2026, 11, 23)
    assert contact.emails == ("mario.rossi@acme.it",)
    assert contact.phones == ("+393331234567",)
    assert contact.telegram_username == "mario_rossi"
    assert contact.linkedin_url == "https://www.linkedin.com/in/mario-rossi"
    assert contact.notes == "Talked about the data team; promised my CV"
    [reminder] = await bot.repos.reminders.all_for_owner(jane.id)
    assert reminder.kind == "followup"
    assert reminder.contact_id == contact.id
    assert reminder.due_at.date() == date(2026, 11, 30)


async def test_full_add_in_italian_with_a_backdated_meeting(
    bot: RunningBot, mario: SimUser
) -> None:
    reply = await say(mario, "/add")
    assert reply.text.startswith("Nuovo contatto: chi hai conosciuto?")
    reply = await say(mario, "Giulia Bianchi")
    assert reply.buttons == [["Salta ⏭"]]
    reply = await say(mario, "Globex")
    assert reply.text == "Che ruolo ha in Globex?"
    reply = await say(mario, "Recruiter")
    assert reply.text.startswith("Dove vi siete conosciuti?")
    reply = await say(mario, "Salone del lavoro, Torino")
    assert reply.buttons[0] == ["Oggi", "Ieri"]
    reply = await say(mario, "3 giorni fa")
    assert reply.text.startswith("Come si può contattare?")
    reply = await say(mario, "giulia@globex.it")
    reply = await press(mario, "Avanti ➡️")
    reply = await say(mario, "Cerca sviluppatori Python; le mando il CV")
    assert reply.buttons[0] == ["Tra 2 giorni", "Tra 3 giorni", "Tra una settimana"]
    reply = await press(mario, "Tra 3 giorni")
    assert reply.text.startswith("Controlla e salva")
    assert "Quando: 21 nov 2026" in reply.text
    assert "3 giorni dopo l'incontro (24 nov 2026)" in reply.text
    reply = await press(mario, "✅ Salva")
    assert reply.text == "Salvato: Giulia Bianchi. Il 24 nov 2026 ti ricorderò di farti sentire."
    [contact] = await bot.repos.contacts.all_for_owner(mario.id)
    assert contact.met_on == date(2026, 11, 21)
    assert (contact.role, contact.company) == ("Recruiter", "Globex")
    [reminder] = await bot.repos.reminders.all_for_owner(mario.id)
    # Met on Saturday 21, follow-up 3 days later: Tuesday 24 at 10:00 Rome.
    assert reminder.due_at.isoformat() == "2026-11-24T09:00:00+00:00"


async def test_every_step_skipped(bot: RunningBot, jane: SimUser) -> None:
    await say(jane, "/add")
    await say(jane, "Solo Name")
    for _ in range(6):  # company, where, when, channels, notes, follow-up
        reply = await say(jane, "/skip")
    assert reply.text.startswith("Check and save")
    assert "When: today" in reply.text
    assert "3 days after the meeting (Nov 27, 2026)" in reply.text
    reply = await say(jane, "/skip")
    assert "Nothing to skip here" in reply.text
    reply = await press(jane, "✅ Save")
    assert reply.text.startswith("Saved: Solo Name.")
    [contact] = await bot.repos.contacts.all_for_owner(jane.id)
    assert contact.company is None and contact.met_where is None
    assert contact.met_on == date(2026, 11, 24)
    assert len(await bot.repos.reminders.all_for_owner(jane.id)) == 1


async def test_the_name_cannot_be_skipped_and_long_names_are_explained(jane: SimUser) -> None:
    await say(jane, "/add")
    reply = await say(jane, "/skip")
    assert reply.text.startswith("The name is the one thing I need")
    reply = await say(jane, "x" * 20000)
    assert reply.text.startswith("That is 20000 characters; the limit here is 200.")
    assert "who did you meet" in reply.text


async def test_cancel_and_back(bot: RunningBot, mario: SimUser) -> None:
    await say(mario, "/add")
    reply = await say(mario, "/back")
    assert reply.text.startswith("Questa è la prima domanda.")
    await say(mario, "Luca Verdi")
    await say(mario, "Acme")
    reply = await say(mario, "/back")
    assert reply.text.startswith("Ruolo e azienda di Luca Verdi?")
    reply = await say(mario, "CTO @ Initech")
    assert reply.text.startswith("Dove vi siete conosciuti?")
    reply = await say(mario, "/back")
    assert reply.text.startswith("Ruolo e azienda")
    reply = await say(mario, "/contacts")
    assert reply.text == "Stai ancora usando /add: completalo, oppure invia /cancel per uscire."
    reply = await say(mario, "/cancel")
    assert reply.text == "Annullato: non ho salvato niente."
    assert await bot.repos.contacts.all_for_owner(mario.id) == []
    reply = await say(mario, "/cancel")
    assert reply.text == "Non c'è niente da annullare."


async def test_invalid_email_and_phone_then_corrected(bot: RunningBot, jane: SimUser) -> None:
    await say(jane, "/add Anna Neri, Acme")  # the shortcut: name and company are given
    reply = await say(jane, "/skip")  # where
    reply = await say(jane, "/skip")  # when
    assert reply.text.startswith("How can you reach them?")
    reply = await say(jane, "anna@acme, 12345")
    assert "“anna@acme” is not a valid e-mail: the part after the @ needs a dot" in reply.text
    assert "“12345” is not a valid phone number" in reply.text
    assert "Nothing from that message was kept" in reply.text
    reply = await say(jane, "anna@acme.it, 02 1234 5678")
    assert "✉️ anna@acme.it" in reply.text and "📞 +390212345678" in reply.text
    await press(jane, "Next ➡️")
    await say(jane, "/skip")
    reply = await press(jane, "No follow-up")
    assert "Follow-up: no follow-up" in reply.text
    reply = await press(jane, "✅ Save")
    assert reply.text == "Saved: Anna Neri."
    [contact] = await bot.repos.contacts.all_for_owner(jane.id)
    assert contact.emails == ("anna@acme.it",)
    assert contact.phones == ("+390212345678",)
    assert await bot.repos.reminders.all_for_owner(jane.id) == []


async def test_a_restart_mid_dialogue_continues_at_the_same_step(
    bot: RunningBot, jane: SimUser
) -> None:
    await say(jane, "/add")
    await say(jane, "Paolo Gialli")
    await say(jane, "Sales @ Umbrella")
    await bot.restart()
    reply = await say(jane, "Expo Milano")
    assert reply.text.startswith("When did you meet?")
    await bot.restart()
    reply = await press(jane, "Today")
    assert reply.text.startswith("How can you reach them?")
    for _ in range(3):
        reply = await say(jane, "/skip")
    reply = await press(jane, "✅ Save")
    [contact] = await bot.repos.contacts.all_for_owner(jane.id)
    assert (contact.name, contact.company, contact.met_where) == (
        "Paolo Gialli",
        "Umbrella",
        "Expo Milano",
    )


async def test_edit_a_field_from_the_summary_and_pick_a_date(
    bot: RunningBot, jane: SimUser
) -> None:
    await say(jane, "/add Eva Blu")
    for _ in range(5):
        reply = await say(jane, "/skip")
    reply = await press(jane, "📅 Pick a date")
    reply = await say(jane, "31/02")
    assert reply.text.startswith("That day does not exist")
    reply = await say(jane, "5/12")
    assert "Follow-up: Dec 7, 2026" in reply.text  # Saturday 5: reminders skip weekends
    reply = await press(jane, "✏️ Edit field")
    reply = await press(jane, "Name")
    assert "who did you meet" in reply.text
    reply = await say(jane, "Eva Azzurra")
    assert "Name: Eva Azzurra" in reply.text
    await press(jane, "✅ Save")
    [contact] = await bot.repos.contacts.all_for_owner(jane.id)
    assert contact.name == "Eva Azzurra"
    [reminder] = await bot.repos.reminders.all_for_owner(jane.id)
    assert reminder.due_at.date() == date(2026, 12, 7)  # Saturday 5 → Monday 7


async def test_a_shared_telegram_contact_starts_add_prefilled(
    bot: RunningBot, jane: SimUser
) -> None:
    await jane.share_contact("+39 333 765 4321", "Franco", "Neri", user_id=555)
    reply = await jane.expect_reply()
    assert reply.text.startswith("Got the contact of Franco Neri.")
    assert "Role and company of Franco Neri?" in reply.text
    for _ in range(5):  # company, where, when, notes, follow-up (channels are known)
        reply = await say(jane, "/skip")
    assert "📞 +393337654321" in reply.text
    await press(jane, "✅ Save")
    [contact] = await bot.repos.contacts.all_for_owner(jane.id)
    assert contact.phones == ("+393337654321",)
    assert contact.source == "telegram"


VCARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Chiara Rosa\r\nORG:Initech\r\nTITLE:Head of HR\r\n"
    "EMAIL:chiara@initech.it\r\nEND:VCARD\r\n"
)


async def test_a_vcard_file_starts_add_prefilled(bot: RunningBot, mario: SimUser) -> None:
    await mario.upload("chiara.vcf", VCARD.encode(), mime_type="text/vcard")
    reply = await mario.expect_reply()
    assert reply.text.startswith("Dal biglietto da visita ho letto Chiara Rosa.")
    assert "Dove vi siete conosciuti?" in reply.text
    for _ in range(4):  # where, when, notes, follow-up
        reply = await say(mario, "/skip")
    assert "Ruolo @ azienda: Head of HR @ Initech" in reply.text
    await press(mario, "✅ Salva")
    [contact] = await bot.repos.contacts.all_for_owner(mario.id)
    assert contact.emails == ("chiara@initech.it",)
    assert contact.source == "vcard"


async def test_a_vcard_with_many_cards_points_to_import(bot: RunningBot, jane: SimUser) -> None:
    await jane.upload("all.vcf", (VCARD * 3).encode(), mime_type="text/vcard")
    reply = await jane.expect_reply()
    assert reply.text == "That file has 3 contacts. /import brings in many at once."
    await jane.send("hello")
    assert "/add" in (await jane.expect_reply()).text  # no dialogue was started
    assert await bot.repos.contacts.all_for_owner(jane.id) == []


async def test_duplicate_merge(bot: RunningBot, jane: SimUser) -> None:
    await say(jane, "/add Marco Gallo, Acme")
    for _ in range(2):
        await say(jane, "/skip")
    await say(jane, "marco@acme.it")
    await press(jane, "Next ➡️")
    await say(jane, "First chat")
    await press(jane, "In 2 days")
    await press(jane, "✅ Save")

    await say(jane, "/add M. Gallo")
    await say(jane, "/skip")
    await say(jane, "/skip")
    await say(jane, "/skip")
    await say(jane, "MARCO@acme.it +39 333 111 2222")
    await press(jane, "Next ➡️")
    await say(jane, "Second chat")
    await press(jane, "In a week")
    reply = await press(jane, "✅ Save")
    assert reply.text.startswith("You may already have this person:")
    assert "Marco Gallo (Acme) — same e-mail" in reply.text
    reply = await press(jane, "Merge into Marco Gallo (Acme)")
    assert reply.text.startswith("Merged into Marco Gallo.")
    [contact] = await bot.repos.contacts.all_for_owner(jane.id)
    assert contact.phones == ("+393331112222",)
    assert contact.notes == "First chat\nSecond chat"
    reminders = await bot.repos.reminders.all_for_owner(jane.id)
    assert [r.status for r in reminders] == ["cancelled", "pending"]


async def test_a_stale_add_button_changes_nothing(bot: RunningBot, jane: SimUser) -> None:
    await say(jane, "/add Old Draft")
    await say(jane, "/cancel")
    await jane.press_data("add:summary:save")
    await jane.press_data("add:where:ev:999")
    await bot.emu.settle()
    assert [a.text for a in bot.emu.callback_answers] == ["This button has expired."] * 2
    assert await bot.repos.contacts.all_for_owner(jane.id) == []
