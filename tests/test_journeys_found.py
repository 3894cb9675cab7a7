"""A new user's week, Italian and English, played through the emulator: what broke.

Each test is a journey a user lived, cut to its smallest form, asserting what the user
would expect; every defect found is fixed and stays fixed here. The clock starts on
Tuesday 24 November 2026, 10:00 in Rome.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from telegram import BotCommandScopeChat

from bot.clock import ManualClock
from bot.commands import command_menu
from bot.contacts.model import ContactDraft
from bot.followups.actions import log_interaction
from bot.i18n import texts
from bot.sandbox import SimUser
from bot.sandbox.harness import RunningBot
from bot.sandbox.views import BotMessage
from storage.kinds import InteractionKind, ReminderStatus
from tests.followups_support import refreshed
from tests.test_first_week import press, say

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


async def to_new_york(user: SimUser) -> None:
    settings = await say(user, "/settings")
    await press(user, "🌍 Time zone", settings)
    await press(user, "America/New_York")


async def to_question(user: SimUser, line: str, question: str | tuple[str, ...]) -> BotMessage:
    """/add with a shortcut, every question skipped until the one starting with `question`."""
    reply = await say(user, f"/add {line}")
    while not reply.text.startswith(question):
        reply = await say(user, "/skip")
    return reply


async def saved(user: SimUser, line: str, followup: str) -> BotMessage:
    """/add `line`, every question skipped, the follow-up button `followup`, Save."""
    await to_question(user, line, ("When shall I remind you", "Quando ti ricordo"))
    summary = await press(user, followup)
    save = summary.buttons[0][0]
    return await press(user, save, summary)


async def open_card(bot: RunningBot, user: SimUser, name: str) -> BotMessage:
    contact = next(c for c in await bot.repos.contacts.all_for_owner(user.id) if c.name == name)
    await user.press_data(f"ct:open:{contact.id}", message=user.last_bot_message())
    return await user.expect_reply()


# ---- follow-ups ------------------------------------------------------------------------------
async def test_a_message_logged_on_the_card_is_the_follow_up(
    bot: RunningBot, mario: SimUser, clock: ManualClock
) -> None:
    """Logged "Messaggio" on the card, stage "Ricontattato"; two days later the nudge still
    said it was time to follow up with her."""
    await saved(mario, "Giulia Verdi, HR @ Acme", "Tra 2 giorni — gio 26 nov")
    card = await open_card(bot, mario, "Giulia Verdi")
    await press(mario, "💬 Registra un contatto", card)
    card = await press(mario, "Messaggio")
    assert "▶ Ricontattato" in card.text
    assert "Prossimo follow-up" not in card.text
    clock.advance(timedelta(days=2))
    await bot.run_due()
    await mario.expect_no_reply()
    [reminder] = await bot.repos.reminders.all_for_owner(mario.id)
    assert reminder.status == ReminderStatus.DONE


async def test_a_note_on_the_card_leaves_the_follow_up_planned(
    bot: RunningBot, jane: SimUser
) -> None:
    await saved(jane, "Nora Sala", "In 2 days — Thu 26 Nov")
    contact = (await bot.repos.contacts.all_for_owner(jane.id))[0]
    user = await refreshed(bot, jane.id)
    await log_interaction(bot.repos, bot.clock, user, contact.id, InteractionKind.NOTE, "idea")
    card = await open_card(bot, jane, "Nora Sala")
    assert "Next follow-up: Thu 26 Nov" in card.text


async def test_a_new_reminder_time_moves_the_reminders_already_planned(
    bot: RunningBot, jane: SimUser, clock: ManualClock
) -> None:
    """Reminders set to 18:00 in /settings; the nudge planned before still came at 10:00."""
    await saved(jane, "Nora Sala", "In 2 days — Thu 26 Nov")
    settings = await say(jane, "/settings")
    await press(jane, "🕙 Time", settings)
    await press(jane, "18:00")
    clock.set(datetime(2026, 11, 26, 9, 0, tzinfo=UTC))  # 10:00 in Rome
    await bot.run_due()
    await jane.expect_no_reply()
    clock.set(datetime(2026, 11, 26, 17, 0, tzinfo=UTC))  # 18:00 in Rome
    await bot.run_due()
    assert (await jane.expect_reply()).text.startswith("🔔 Time to follow up with Nora Sala")


async def test_a_new_time_zone_keeps_planned_reminders_out_of_the_night(
    bot: RunningBot, jane: SimUser
) -> None:
    """Moved to New York: /followups said the nudge would come on Thu 26 Nov at 04:00."""
    await saved(jane, "Nora Sala", "In 2 days — Thu 26 Nov")
    await to_new_york(jane)
    overview = await say(jane, "/followups")
    assert "Nora Sala · Thu 26 Nov, 10:00" in overview.text
    [reminder] = await bot.repos.reminders.all_for_owner(jane.id)
    assert reminder.due_at == datetime(2026, 11, 26, 15, 0, tzinfo=UTC)  # 10:00 in New York


async def test_snoozing_into_a_weekend_says_why_it_is_monday(
    bot: RunningBot, jane: SimUser, clock: ManualClock
) -> None:
    """ "Tomorrow" pressed on a Friday answered "I'll remind you on Mon 30 Nov" without why."""
    await to_question(jane, "Olga Riva", "When shall I remind you")
    await press(jane, "📅 Pick a date")
    await say(jane, "27/11")  # a Friday
    await press(jane, "✅ Save")
    clock.set(datetime(2026, 11, 27, 9, 0, tzinfo=UTC))
    await bot.run_due()
    nudge = await jane.expect_reply()
    await press(jane, "💤 Snooze", nudge)
    snoozed = await press(jane, "Tomorrow", nudge)
    assert snoozed.text.endswith(
        "💤 Snoozed: I'll remind you on Mon 30 Nov, 10:00 (weekends move to Monday: see /settings)."
    )


async def test_a_long_event_summary_arrives(bot: RunningBot, mario: SimUser) -> None:
    """Checked out of a fair with 30 people with long names: "Sorry, something went wrong"
    (the summary was over Telegram's 4,096 characters)."""
    await say(mario, "/event Fiera del Lavoro")
    user = await refreshed(bot, mario.id)
    for n in range(30):
        await bot.repos.contacts.create(
            mario.id,
            ContactDraft(
                name=f"Persona {n} " + "&" * 150,
                role="Responsabile " + "<" * 150,
                company="Acme " + ">" * 150,
                event_id=user.current_event_id,
            ),
        )
    status = await say(mario, "/event")
    await press(mario, "🚪 Check-out", status)
    summary = await mario.expect_reply()
    assert summary.text.startswith("🎉 Hai conosciuto 30 persone a Fiera del Lavoro:")
    assert len(summary.text) <= 4096


async def test_the_planned_event_checking_in_brings_the_summary_of_the_one_left(
    bot: RunningBot, jane: SimUser, clock: ManualClock
) -> None:
    """Checked in to a meetup the evening before a planned fair; the fair's morning said
    "Checked out of Meetup. You met 1 person there." and the "Follow up with all" never came."""
    await say(jane, "/event Expo, Milano, 27/11")
    await say(jane, "/event Meetup")
    await saved(jane, "Anna Uno", "No follow-up")
    clock.set(datetime(2026, 11, 27, 9, 0, tzinfo=UTC))
    await bot.run_due()
    day_of = await jane.expect_reply()
    assert day_of.text.startswith("Checked out of Meetup. You met 1 person there.")
    summary = await jane.expect_reply()
    assert summary.text.startswith("🎉 You met 1 person at Meetup:")
    assert summary.buttons == [["✅ Follow up with all", "☑️ Choose"]]


async def test_an_ended_event_is_left_by_itself(
    bot: RunningBot, jane: SimUser, clock: ManualClock
) -> None:
    await say(jane, "/event Expo, Milano, 24/11 - 25/11")
    clock.set(datetime(2026, 11, 30, 9, 0, tzinfo=UTC))
    await bot.run_due()
    where = await to_question(jane, "Bruno Due", "Where did you meet?")
    assert "checked in to" not in where.text


# ---- /add ------------------------------------------------------------------------------------
async def test_a_question_asked_again_shows_its_answer_and_skip_keeps_it(
    bot: RunningBot, mario: SimUser
) -> None:
    """/back to "Ruolo e azienda", then Salta: the role typed a moment ago was gone."""
    await say(mario, "/add Giulia Verdi")
    await say(mario, "HR manager @ Acme")
    again = await say(mario, "/back")
    assert "Ora: HR manager @ Acme" in again.text
    assert again.buttons == [["Lascia così ⏭", "🗑 Svuota"]]
    where = await press(mario, "Lascia così ⏭", again)
    assert where.text.startswith("Dove vi siete conosciuti?")
    await say(mario, "/back")
    reply = await say(mario, "/skip")  # the command keeps it too
    while not reply.text.startswith("Controlla e salva"):
        reply = await say(mario, "/skip")
    assert "Ruolo @ azienda: HR manager @ Acme" in reply.text


async def test_a_note_edited_from_the_card_is_kept_unless_cleared(
    bot: RunningBot, mario: SimUser
) -> None:
    """Card → Modifica → Note → Salta deleted the note from the stored contact."""
    await say(mario, "/start")
    await bot.repos.contacts.create(
        mario.id, ContactDraft(name="Paola Neri", notes="Conosciuta al bar")
    )
    card = await open_card(bot, mario, "Paola Neri")
    await press(mario, "✏️ Modifica", card)
    await press(mario, "✏️ Modifica un campo")
    question = await press(mario, "Note")
    assert "Ora: Conosciuta al bar" in question.text
    summary = await press(mario, "Lascia così ⏭", question)
    assert "Note: Conosciuta al bar" in summary.text
    await press(mario, "✏️ Modifica un campo", summary)
    question = await press(mario, "Note")
    summary = await press(mario, "🗑 Svuota", question)
    assert "Note: —" in summary.text
    await press(mario, "✅ Salva", summary)
    [contact] = await bot.repos.contacts.all_for_owner(mario.id)
    assert contact.notes is None


async def test_a_wrong_email_on_a_stored_contact_can_be_replaced(
    bot: RunningBot, jane: SimUser
) -> None:
    """Edit → How to reach them → the right address: it was added beside the wrong one,
    which could never be removed."""
    await say(jane, "/start")
    await bot.repos.contacts.create(
        jane.id, ContactDraft(name="Paola Neri", emails=["paola@globex.con"])
    )
    card = await open_card(bot, jane, "Paola Neri")
    await press(jane, "✏️ Edit", card)
    await press(jane, "✏️ Edit field")
    question = await press(jane, "How to reach them")
    assert "Now: ✉️ paola@globex.con" in question.text
    await press(jane, "🗑 Clear", question)
    summary = await say(jane, "paola@globex.com")
    await press(jane, "✅ Save", summary)
    [contact] = await bot.repos.contacts.all_for_owner(jane.id)
    assert contact.emails == ("paola@globex.com",)


async def test_the_card_edit_offers_no_follow_up_it_would_drop(
    bot: RunningBot, jane: SimUser
) -> None:
    """Card → Edit → Edit field → Follow-up → "In 2 days", Save: no reminder was planned."""
    await say(jane, "/start")
    await bot.repos.contacts.create(jane.id, ContactDraft(name="Paola Neri"))
    card = await open_card(bot, jane, "Paola Neri")
    await press(jane, "✏️ Edit", card)
    chooser = await press(jane, "✏️ Edit field")
    assert "Follow-up" not in [label for row in chooser.buttons for label in row]
    assert "🔔 Follow-up date" in [label for row in card.buttons for label in row]


# ---- one dialogue at a time, every button answered -------------------------------------------
async def test_the_menu_add_button_inside_another_dialogue_says_which(
    bot: RunningBot, mario: SimUser
) -> None:
    """➕ Aggiungi un contatto pressed during /find: "Scusa, qualcosa è andato storto"."""
    menu = await say(mario, "/start")
    await say(mario, "/find")
    await mario.press("➕ Aggiungi un contatto", message=menu)
    await bot.settle()
    assert [a.text for a in bot.emu.callback_answers][-1] == (
        "Stai ancora usando /find: completalo, oppure invia /cancel per uscire."
    )
    await mario.expect_no_reply()


async def test_the_cv_replace_button_inside_another_dialogue_says_which(
    bot: RunningBot, mario: SimUser
) -> None:
    await say(mario, "/cv")
    await mario.upload("cv.pdf", PDF)
    await mario.expect_reply()
    sent = await say(mario, "/cv")
    await say(mario, "/add Anna")
    await mario.press("🔄 Sostituiscilo", message=sent)
    await bot.settle()
    assert [a.text for a in bot.emu.callback_answers][-1] == (
        "Stai ancora usando /add: completalo, oppure invia /cancel per uscire."
    )
    await mario.expect_no_reply()


async def test_cv_typed_while_the_bot_waits_for_the_cv(bot: RunningBot, mario: SimUser) -> None:
    """After "🔄 Sostituiscilo", typing /cv got "Non conosco /cv"."""
    await say(mario, "/cv")
    await mario.upload("cv.pdf", PDF)
    await mario.expect_reply()
    sent = await say(mario, "/cv")
    await press(mario, "🔄 Sostituiscilo", sent)
    again = await say(mario, "/cv")
    assert again.document is not None and again.document.file_name == "cv.pdf"
    assert (await say(mario, "/add Anna")).text.startswith("Ruolo e azienda di Anna?")


async def test_event_typed_while_the_bot_asks_which_event(bot: RunningBot, jane: SimUser) -> None:
    """After "➕ Check in to an event", typing "/event Expo, Milano" got "You are in the
    middle of /event"."""
    status = await say(jane, "/event")
    await press(jane, "➕ Check in to an event", status)
    reply = await say(jane, "/event Expo, Milano")
    assert reply.text.startswith("Checked in to Expo.")
    user = await refreshed(bot, jane.id)
    assert user.current_event_id is not None


async def test_busy_names_a_command_the_user_can_type(bot: RunningBot, mario: SimUser) -> None:
    """ "Stai ancora usando /followup_date" — a command that does not exist."""
    await say(mario, "/start")
    await bot.repos.contacts.create(mario.id, ContactDraft(name="Paola Neri"))
    card = await open_card(bot, mario, "Paola Neri")
    await press(mario, "🔔 Data del follow-up", card)
    await press(mario, "📅 Scegli una data")
    busy = await say(mario, "/add")
    assert busy.text == "Stai ancora usando /contacts: completalo, oppure invia /cancel per uscire."


# ---- /find -------------------------------------------------------------------------------------
async def test_find_says_when_more_match_than_it_shows(bot: RunningBot, mario: SimUser) -> None:
    """ "8 contatti corrispondono a “acme”" when 20 did, and no way to see the others."""
    await say(mario, "/start")
    for n in range(20):
        await bot.repos.contacts.create(
            mario.id, ContactDraft(name=f"Persona {n:02d}", company="Acme")
        )
    found = await say(mario, "/find acme")
    assert found.text == (
        "Più di 8 contatti corrispondono a “acme”: eccone 8, i più recenti. "
        "Aggiungi una parola per restringere la ricerca."
    )
    assert len(found.buttons) == 8
    exact = await say(mario, "/find persona 03")
    assert exact.text == "1 contatto corrisponde a “persona 03”:"


# ---- /forget, /back, the backup, phone regions ------------------------------------------------
async def test_forget_works_in_the_middle_of_another_dialogue(
    bot: RunningBot, mario: SimUser
) -> None:
    await say(mario, "/add Giulia Verdi, HR @ Acme")
    asked = await say(mario, "/forget")
    assert asked.text.startswith("⚠️ Così elimino tutto")
    await say(mario, "ELIMINA")
    assert await bot.repos.users.get(mario.id) is None


async def test_back_where_there_is_nothing_to_go_back_to(bot: RunningBot, mario: SimUser) -> None:
    await say(mario, "/find")
    reply = await say(mario, "/back")
    assert not reply.text.startswith("Non conosco")


async def test_forget_also_forgets_the_chosen_command_menu(bot: RunningBot, mario: SimUser) -> None:
    language = await say(mario, "/language")
    await press(mario, "🇬🇧 English", language)
    await say(mario, "/forget")
    await say(mario, "DELETE")
    await say(mario, "/start")
    menu = await bot.app.bot.get_my_commands(scope=BotCommandScopeChat(mario.id))
    english = command_menu(texts("en"))
    assert [c.description for c in menu] != [c.description for c in english]


async def test_the_full_backup_sent_to_import_points_to_contacts_csv(
    bot: RunningBot, mario: SimUser
) -> None:
    await say(mario, "/start")
    await bot.repos.contacts.create(mario.id, ContactDraft(name="Paola Neri"))
    await mario.send("/export")
    await bot.settle()
    [backup] = [
        m.document
        for m in mario.unseen_replies()
        if m.document and (m.document.file_name or "").endswith(".json")
    ]
    await say(mario, "/import")
    await mario.upload("rete-2026-11-24.json", bot.emu.world.files[backup.file_id].content)
    reply = await mario.expect_reply()
    assert "contacts.csv" in reply.text


async def test_local_numbers_follow_the_time_zone(bot: RunningBot, jane: SimUser) -> None:
    await to_new_york(jane)
    await to_question(jane, "Bob Stone", "How can you reach them?")
    got = await say(jane, "(212) 736-5000")
    assert "📞 +1 212-736-5000" in got.text
