"""Follow-up nudges over HTTP: the moved clock, the sweep, and every nudge button."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.clock import ManualClock
from bot.followups import actions
from bot.sandbox import SimUser
from bot.sandbox.harness import RunningBot
from storage.kinds import Cadence
from tests.followups_support import add_contact, followup_after, refreshed, started

TODAY = date(2026, 11, 24)  # Tuesday; the clock starts at 10:00 in Rome


async def nudge_for(bot: RunningBot, user: SimUser, clock: ManualClock, **fields: object) -> int:
    """A contact met three days ago whose follow-up is due now; returns the reminder id."""
    owner = await started(bot, user)
    contact_id = await add_contact(bot, owner, met_on=TODAY - timedelta(days=3), **fields)
    return await followup_after(bot, owner, contact_id, TODAY - timedelta(days=3), 3)


async def test_a_contact_met_three_days_ago_is_nudged_at_the_next_sweep(
    bot: RunningBot, mario: SimUser, clock: ManualClock
) -> None:
    owner = await started(bot, mario)
    contact_id = await add_contact(
        bot,
        owner,
        met_on=TODAY,
        met_where="Job Fair Milano",
        notes="cerca <junior> data analyst & parla spagnolo",
        telegram_username="giulia_b",
        linkedin_url="linkedin.com/in/giulia-bianchi",
    )
    reminder_id = await followup_after(bot, owner, contact_id, TODAY, 3)
    await bot.run_due()
    await mario.expect_no_reply()

    clock.advance(timedelta(days=3))  # Friday 27, 10:00 in Rome
    await bot.run_due()
    nudge = await mario.expect_reply()
    assert nudge.text.splitlines()[0] == "🔔 È il momento di ricontattare Giulia Bianchi"
    assert "Giulia Bianchi — HR manager @ Acme" in nudge.text
    assert "Vi siete conosciuti a Job Fair Milano il mar 24 nov" in nudge.text
    assert "cerca <junior> data analyst & parla spagnolo" in nudge.text  # escaped, shown as typed
    assert nudge.buttons[:3] == [
        ["✅ Fatto", "✍️ Bozza"],
        ["💤 Rimanda", "⏭ Salta"],
        ["📇 Apri la scheda"],
    ]
    assert nudge.button_data[2] == [f"ct:open:{contact_id}"]
    assert nudge.url_buttons == {
        "💬 Telegram": "https://t.me/giulia_b",
        "💼 LinkedIn": "https://linkedin.com/in/giulia-bianchi",
    }
    stored = await bot.repos.reminders.get(owner.id, reminder_id)
    assert stored is not None
    assert (stored.status, stored.message_id) == ("sent", nudge.message_id)
    await bot.run_due()
    await mario.expect_no_reply()  # sent once


async def test_a_saturday_follow_up_waits_for_monday(
    bot: RunningBot, mario: SimUser, clock: ManualClock
) -> None:
    owner = await started(bot, mario)
    met = date(2026, 11, 25)  # Wednesday + 3 days = Saturday
    contact_id = await add_contact(bot, owner, met_on=met)
    await followup_after(bot, owner, contact_id, met, 3)
    clock.set(datetime(2026, 11, 28, 10, 0, tzinfo=UTC))  # Saturday 11:00 in Rome
    await bot.run_due()
    await mario.expect_no_reply()
    clock.set(datetime(2026, 11, 30, 9, 0, tzinfo=UTC))  # Monday 10:00 in Rome
    await bot.run_due()
    assert "Giulia Bianchi" in (await mario.expect_reply()).text


async def test_another_time_zone_gets_its_own_ten_o_clock(
    bot: RunningBot, jane: SimUser, clock: ManualClock
) -> None:
    owner = await started(bot, jane)
    await bot.repos.users.update(owner.id, timezone="America/New_York")
    owner = await refreshed(bot, owner.id)
    contact_id = await add_contact(bot, owner, "Sam Lee", met_on=TODAY)
    await followup_after(bot, owner, contact_id, TODAY, 3)
    clock.set(datetime(2026, 11, 27, 9, 0, tzinfo=UTC))  # 10:00 in Rome, 04:00 in New York
    await bot.run_due()
    await jane.expect_no_reply()
    clock.set(datetime(2026, 11, 27, 15, 0, tzinfo=UTC))  # 10:00 in New York
    await bot.run_due()
    assert (await jane.expect_reply()).text.startswith("🔔 Time to follow up with Sam Lee")


async def test_an_overdue_reminder_found_at_night_waits_for_the_morning(
    bot: RunningBot, mario: SimUser, clock: ManualClock
) -> None:
    owner = await started(bot, mario)
    contact_id = await add_contact(bot, owner, met_on=TODAY - timedelta(days=10))
    reminder_id = await followup_after(bot, owner, contact_id, TODAY - timedelta(days=10), 3)
    clock.set(datetime(2026, 11, 24, 22, 30, tzinfo=UTC))  # 23:30 in Rome
    await bot.run_due()
    await mario.expect_no_reply()
    stored = await bot.repos.reminders.get(owner.id, reminder_id)
    assert stored is not None
    assert (stored.status, stored.due_at, stored.attempts) == (
        "pending",
        datetime(2026, 11, 25, 9, 0, tzinfo=UTC),  # tomorrow at 10:00 in Rome
        0,
    )
    clock.set(datetime(2026, 11, 25, 9, 0, tzinfo=UTC))
    await bot.run_due()
    assert "Giulia Bianchi" in (await mario.expect_reply()).text


async def test_snooze_until_tomorrow(bot: RunningBot, mario: SimUser, clock: ManualClock) -> None:
    reminder_id = await nudge_for(bot, mario, clock)
    await bot.run_due()
    nudge = await mario.expect_reply()
    await mario.press("💤 Rimanda", message=nudge)
    choices = await mario.expect_reply()
    assert choices.buttons == [["Domani", "Tra 3 giorni", "Tra una settimana"], ["« Indietro"]]
    await mario.press("Domani", message=nudge)
    snoozed = await mario.expect_reply()
    assert snoozed.edited
    assert "💤 Rimandato: te lo ricordo mer 25 nov, 10:00." in snoozed.text
    assert snoozed.buttons == []
    stored = await bot.repos.reminders.get(mario.id, reminder_id)
    assert stored is not None
    assert (stored.status, stored.due_at) == ("pending", datetime(2026, 11, 25, 9, 0, tzinfo=UTC))
    clock.advance(timedelta(days=1))
    await bot.run_due()
    assert "Giulia Bianchi" in (await mario.expect_reply()).text


async def test_skip(bot: RunningBot, mario: SimUser, clock: ManualClock) -> None:
    reminder_id = await nudge_for(bot, mario, clock)
    await bot.run_due()
    nudge = await mario.expect_reply()
    await mario.press("⏭ Salta", message=nudge)
    skipped = await mario.expect_reply()
    assert skipped.text.endswith("⏭ Saltato.")
    stored = await bot.repos.reminders.get(mario.id, reminder_id)
    assert stored is not None
    assert stored.status == "skipped"
    clock.advance(timedelta(days=30))
    await bot.run_due()
    await mario.expect_no_reply()


async def test_done_logs_the_interaction_and_resets_keep_in_touch(
    bot: RunningBot, mario: SimUser, clock: ManualClock
) -> None:
    reminder_id = await nudge_for(bot, mario, clock)
    owner = await refreshed(bot, mario.id)
    reminder = await bot.repos.reminders.get(owner.id, reminder_id)
    assert reminder is not None and reminder.contact_id is not None
    contact_id = reminder.contact_id
    assert await actions.set_cadence(bot.repos, bot.clock, owner, contact_id, Cadence.QUARTERLY)
    await bot.run_due()
    nudge = await mario.expect_reply()
    await mario.press("✅ Fatto", message=nudge)
    how = await mario.expect_reply()
    assert how.buttons == [
        ["💬 Messaggio", "✉️ E-mail"],
        ["📞 Telefono", "🤝 Di persona"],
        ["« Indietro"],
    ]
    clock.advance(timedelta(hours=2))
    await mario.press("✉️ E-mail", message=nudge)
    done = await mario.expect_reply()
    assert done.text.endswith("✅ Follow-up fatto via e-mail.")
    assert done.buttons == []
    interactions = await bot.repos.interactions.for_contact(owner.id, contact_id)
    assert [(i.kind, i.happened_at) for i in interactions] == [("email", clock.now())]
    contact = await bot.repos.contacts.get(owner.id, contact_id)
    assert contact is not None and contact.stage == "followed_up"
    stored = await bot.repos.reminders.get(owner.id, reminder_id)
    assert stored is not None and stored.status == "done"
    [keep] = await bot.repos.reminders.open_for_contact(owner.id, contact_id)
    # Quarterly from today (Tue 24 Nov) -> Wed 24 Feb 2027, 10:00 in Rome.
    assert (keep.kind, keep.due_at) == ("keep_in_touch", datetime(2027, 2, 24, 9, 0, tzinfo=UTC))
    clock.set(keep.due_at)
    await bot.run_due()
    again = await mario.expect_reply()
    assert again.text.startswith("🔁 È il momento di risentire Giulia Bianchi")
    assert "Ultimo contatto: mar 24 nov 2026, via e-mail." in again.text


async def test_drafts_name_the_event_and_the_notes(
    bot: RunningBot, jane: SimUser, clock: ManualClock
) -> None:
    await nudge_for(
        bot, jane, clock, met_where="Job Fair <Milano>", notes="hiring data analysts in Q1"
    )
    await bot.run_due()
    nudge = await jane.expect_reply()
    await jane.press("✍️ Draft", message=nudge)
    assert (await jane.expect_reply()).buttons == [
        ["💬 Message", "✉️ E-mail", "📞 Call script"],
        ["« Back"],
    ]
    await jane.press("✉️ E-mail", message=nudge)
    draft = await jane.expect_reply()
    assert not draft.edited
    # The private note is shown to the user above the draft, never inside it.
    notes, _, body = draft.text.partition("\n\n")
    assert notes == "📝 Your notes (not in the draft): hiring data analysts in Q1"
    assert body.startswith("✍️ E-mail for Giulia Bianchi (tap the text to copy it):")
    assert "hiring" not in body
    assert "Subject: A pleasure to meet you at Job Fair <Milano>" in body
    assert "Dear Giulia," in body
    assert draft.text.rstrip().endswith("Thank you, and best regards,\nJane")
    assert {e["type"] for e in draft.payload["entities"]} >= {"code", "pre"}
    restored = await jane.expect_reply()  # the nudge gets its buttons back
    assert restored.buttons[0] == ["✅ Done", "✍️ Draft"]
    await jane.press("✍️ Draft", message=nudge)
    await jane.expect_reply()
    await jane.press("📞 Call script", message=nudge)
    script = await jane.expect_reply()
    assert "1. Hi Giulia, it's Jane: we talked at Job Fair <Milano>." in script.text
    assert "hiring" not in script.text.partition("📞 Call script")[2]


async def test_forged_and_foreign_buttons_change_nothing(
    bot: RunningBot, mario: SimUser, jane: SimUser, clock: ManualClock
) -> None:
    reminder_id = await nudge_for(bot, mario, clock)
    await bot.run_due()
    await mario.expect_reply()
    await started(bot, jane)
    await jane.send("/followups")
    message = await jane.expect_reply()
    assert message.buttons == []
    await jane.send("/language")
    keyboard = await jane.expect_reply()
    for data in (
        f"fu:by:{reminder_id}:email",  # Mario's reminder
        f"fu:skip:{reminder_id}",
        "fu:by:abc:email",
        "fu:sz:999999:tomorrow",
        "fu:all:1",
        "fu:nope",
    ):
        await jane.press_data(data, message=keyboard)
    await bot.settle()
    assert [a.text for a in bot.emu.callback_answers[-6:]] == ["This button has expired."] * 6
    stored = await bot.repos.reminders.get(mario.id, reminder_id)
    assert stored is not None and stored.status == "sent"
    # Mario's own nudge with a made-up channel is refused too.
    await mario.press_data(f"fu:by:{reminder_id}:pigeon")
    await bot.settle()
    assert bot.emu.callback_answers[-1].text == "Questo pulsante è scaduto."


async def test_followups_lists_overdue_today_and_the_week(
    bot: RunningBot, mario: SimUser, clock: ManualClock
) -> None:
    owner = await started(bot, mario)
    for name, met, days in (
        ("Anna Overdue", TODAY - timedelta(days=10), 3),
        ("Bruno Today", TODAY - timedelta(days=3), 3),
        ("Carla Week", TODAY, 3),
        ("Dario Later", TODAY, 20),
    ):
        contact_id = await add_contact(bot, owner, name, met_on=met)
        await followup_after(bot, owner, contact_id, met, days)
    await mario.send("/followups")
    listing = await mario.expect_reply()
    lines = listing.text.splitlines()
    assert lines[0] == "⏰ In ritardo"
    assert lines[1].startswith("1. Anna Overdue (Acme) · ")
    assert lines[3:5] == ["📌 Oggi", "2. Bruno Today (Acme) · mar 24 nov, 10:00"]
    assert lines[6:8] == [
        "🗓 Prossimi 7 giorni",
        "3. Carla Week (Acme) · ven 27 nov, 10:00",
    ]
    assert "Dario" not in listing.text
    assert listing.buttons == [["1. Anna Overdue"], ["2. Bruno Today"], ["3. Carla Week"]]
    await mario.press("2. Bruno Today")
    nudge = await mario.expect_reply()
    assert nudge.text.startswith("🔔 È il momento di ricontattare Bruno Today")
    await mario.press("⏭ Salta", message=nudge)
    await mario.expect_reply()
    await mario.send("/followups")
    assert "Bruno" not in (await mario.expect_reply()).text


async def test_followups_from_the_start_menu(bot: RunningBot, mario: SimUser) -> None:
    await started(bot, mario)
    await mario.press("🔔 Follow-up")
    assert (await mario.expect_reply()).text.startswith("Nessun follow-up nei prossimi 7 giorni.")
