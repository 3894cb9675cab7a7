"""/add through the real bot and the emulator: the full dialogue, shortcuts, errors, restarts."""

from __future__ import annotations

from datetime import date

from bot.sandbox import SimUser
from bot.sandbox.harness import RunningBot
from tests.chat import press, say


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
    assert "📞 +39 333 123 4567" in reply.text  # international format, with spaces
    reply = await say(jane, "@mario_rossi linkedin.com/in/mario-rossi")
    assert "💬 @mario_rossi" in reply.text
    reply = await press(jane, "Next ➡️")
    assert reply.text.startswith("A line of notes")
    reply = await say(jane, "Talked about the data team; promised my CV")
    # Every choice shows the day it means, counted from today (Tuesday 24).
    assert reply.buttons[:3] == [
        ["In 2 days — Thu 26 Nov"],
        ["In 3 days — Fri 27 Nov"],
        ["In a week — Tue 1 Dec"],
    ]
    reply = await press(jane, "In a week — Tue 1 Dec")
    assert reply.text.startswith("Check and save")
    assert "Role @ company: HR manager @ Acme" in reply.text
    assert "Where: Job fair in Milan" in reply.text
    assert "When: Mon 23 Nov" in reply.text
    assert "Follow-up: in 7 days, Tue 1 Dec" in reply.text
    reply = await press(jane, "✅ Save")
    assert reply.text == ("Saved: Mario Rossi.\nI'll remind you to follow up in 7 days, Tue 1 Dec.")
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
    assert reminder.due_at.date() == date(2026, 12, 1)


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
    # Met three days ago: the choices still count from today, never in the past.
    assert [row[0] for row in reply.buttons[:3]] == [
        "Tra 2 giorni — gio 26 nov",
        "Tra 3 giorni — ven 27 nov",
        "Tra una settimana — mar 1 dic",
    ]
    reply = await press(mario, "Tra 3 giorni — ven 27 nov")
    assert reply.text.startswith("Controlla e salva")
    assert "Quando: sab 21 nov" in reply.text
    assert "tra 3 giorni, ven 27 nov" in reply.text
    reply = await press(mario, "✅ Salva")
    assert reply.text == (
        "Salvato: Giulia Bianchi.\nTi ricorderò di farti sentire tra 3 giorni, ven 27 nov."
    )
    [contact] = await bot.repos.contacts.all_for_owner(mario.id)
    assert contact.met_on == date(2026, 11, 21)
    assert (contact.role, contact.company) == ("Recruiter", "Globex")
    [reminder] = await bot.repos.reminders.all_for_owner(mario.id)
    # Three days from today (Tuesday 24): Friday 27 at 10:00 Rome.
    assert reminder.due_at.isoformat() == "2026-11-27T09:00:00+00:00"


async def test_every_step_skipped(bot: RunningBot, jane: SimUser) -> None:
    await say(jane, "/add")
    await say(jane, "Solo Name")
    for _ in range(6):  # company, where, when, channels, notes, follow-up
        reply = await say(jane, "/skip")
    assert reply.text.startswith("Check and save")
    assert "When: today" in reply.text
    assert "Follow-up: in 3 days, Fri 27 Nov" in reply.text
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
    assert "✉️ anna@acme.it" in reply.text and "📞 +39 02 1234 5678" in reply.text
    await press(jane, "Next ➡️")
    await say(jane, "/skip")
    reply = await press(jane, "No follow-up")
    assert "Follow-up: no follow-up" in reply.text
    reply = await press(jane, "✅ Save")
    assert reply.text == "Saved: Anna Neri.\nNo follow-up planned."
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
    # Saturday 5 moves to Monday 7, and the summary says so.
    assert "Follow-up: in 11 days, Sat 5 → Mon 7 Dec (weekends move to Monday" in reply.text
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
    assert "📞 +39 333 765 4321" in reply.text
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
    assert reply.text == "That file has 3 contacts. Shall I import them?"
    assert reply.buttons == [["📥 Import", "No, thanks"]]
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
    await press(jane, "In 2 days — Thu 26 Nov")
    await press(jane, "✅ Save")

    await say(jane, "/add M. Gallo")
    await say(jane, "/skip")
    await say(jane, "/skip")
    await say(jane, "/skip")
    await say(jane, "MARCO@acme.it +39 333 111 2222")
    await press(jane, "Next ➡️")
    await say(jane, "Second chat")
    await press(jane, "In a week — Tue 1 Dec")
    reply = await press(jane, "✅ Save")
    assert reply.text.startswith("You may already have this person:")
    assert "Marco Gallo (Acme) — same e-mail" in reply.text
    reply = await press(jane, "Merge into Marco Gallo (Acme)")
    # The names differ: the merge asks which one to keep.
    assert reply.text.startswith("Marco Gallo already has a different name: “Marco Gallo”.")
    reply = await press(jane, "Keep “Marco Gallo”")
    assert reply.text.startswith("Merged into Marco Gallo.")
    assert "• phone added: +39 333 111 2222" in reply.text
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
    await bot.settle()
    assert [a.text for a in bot.emu.callback_answers] == ["This button has expired."] * 2
    assert await bot.repos.contacts.all_for_owner(jane.id) == []


async def test_editing_an_earlier_answer_is_not_the_next_answer(
    bot: RunningBot, jane: SimUser
) -> None:
    """Fixing a typo in the name, two questions later, used to become the company."""
    await say(jane, "/add")
    name = await jane.send("Sarah Conor")
    assert (await jane.expect_reply()).text.startswith("Role and company of Sarah Conor?")
    await jane.edit(name, "Sarah Connor")
    assert (await jane.expect_reply()).text == (
        "Editing a message does not change your answers. To correct one, use /back, or"
        " ✏️ Edit field on the summary."
    )
    reply = await say(jane, "/back")
    assert reply.text.startswith("New contact: who did you meet?")
    reply = await say(jane, "Sarah Connor")
    assert reply.text.startswith("Role and company of Sarah Connor?")
    # Outside a dialogue an edit is answered too, and changes nothing.
    await say(jane, "/cancel")
    find = await jane.send("/find Rosi")
    await jane.expect_reply()
    await jane.edit(find, "/find Rossi")
    assert (await jane.expect_reply()).text == (
        "Editing a message does not change it for me: please send it again."
    )


async def test_add_with_an_email_and_a_phone_keeps_each_where_it_belongs(
    bot: RunningBot, jane: SimUser
) -> None:
    """`/add Mario Rossi mario.rossi@acme.it` stored "Mario Rossi mario.rossi" at "acme.it"."""
    reply = await say(jane, "/add Mario Rossi mario.rossi@acme.it +39 333 1234567")
    assert reply.text.startswith("Role and company of Mario Rossi?")
    await press(jane, "Skip ⏭")
    await press(jane, "Skip ⏭")
    await press(jane, "Today")  # the channels question is not asked: they were given
    await press(jane, "Skip ⏭")  # notes
    summary = await press(jane, "No follow-up")
    assert "✉️ mario.rossi@acme.it" in summary.text and "📞 +39 333 123 4567" in summary.text
    await press(jane, "✅ Save")
    [contact] = await bot.repos.contacts.page(jane.id, offset=0, limit=5)
    assert (contact.name, contact.company, contact.emails, contact.phones) == (
        "Mario Rossi",
        None,
        ("mario.rossi@acme.it",),
        ("+393331234567",),
    )
    # Only a phone after /add: the name is asked, the phone is kept.
    reply = await say(jane, "/add +39 333 7654321")
    assert reply.text.startswith("New contact: who did you meet?")
    await say(jane, "Luca Verdi")
    await press(jane, "Skip ⏭")
    await press(jane, "Skip ⏭")
    reply = await press(jane, "Today")
    assert reply.text.startswith("A line of notes for yourself")  # reach: given already
