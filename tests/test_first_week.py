"""A new user's first week, as they live it (issue 11): every journey does what it says.

Driven through the Bot API emulator with the real bot; the clock moves by days where time
matters. The clock starts on Tuesday 24 November 2026, 10:00 in Rome.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.clock import ManualClock
from bot.contacts.actions import Saved, save_contact
from bot.followups.choices import FollowupChoice
from bot.sandbox import SimUser
from bot.sandbox.harness import RunningBot
from bot.sandbox.views import BotMessage
from storage.contacts import ContactDraft
from tests.chat import press, say
from tests.followups_support import started

DATA = Path(__file__).parent / "data" / "porting"


async def to_followup_question(user: SimUser, line: str, met: str | None = None) -> BotMessage:
    """/add with a shortcut, every other question skipped (or `met` typed) up to the
    follow-up question."""
    reply = await say(user, f"/add {line}")
    while not reply.text.startswith("When shall I remind you"):
        answer = met if met and reply.text.startswith("When did you meet") else "/skip"
        reply = await say(user, answer)
    return reply


# ---- 1. no reminder in the past ----------------------------------------------------------------
async def test_after_an_old_meeting_every_choice_counts_from_today(
    bot: RunningBot, jane: SimUser, clock: ManualClock
) -> None:
    question = await to_followup_question(jane, "Nora Sala, Acme", met="16/11")  # 8 days ago
    assert question.buttons[0] == ["In 2 days — Thu 26 Nov"]
    await press(jane, "In 2 days — Thu 26 Nov")
    saved = await press(jane, "✅ Save")
    assert saved.text == "Saved: Nora Sala.\nI'll remind you to follow up in 2 days, Thu 26 Nov."
    await bot.run_due()
    await jane.expect_no_reply()  # nothing "due" at once
    clock.advance(timedelta(days=2))
    await bot.run_due()
    assert (await jane.expect_reply()).text.startswith("🔔 Time to follow up with Nora Sala")


# ---- 2. the weekend shift moves only Saturday and Sunday, and says so ----------------------------
async def test_only_weekend_days_move_and_the_move_is_shown(bot: RunningBot, jane: SimUser) -> None:
    await to_followup_question(jane, "Olga Riva")
    await press(jane, "📅 Pick a date")
    summary = await say(jane, "27/11")  # a Friday
    assert "Follow-up: in 3 days, Fri 27 Nov" in summary.text
    assert "→" not in summary.text
    await press(jane, "✏️ Edit field")
    await press(jane, "Follow-up")
    await press(jane, "📅 Pick a date")
    summary = await say(jane, "28/11")  # a Saturday
    assert "Follow-up: in 4 days, Sat 28 → Mon 30 Nov (weekends move to Monday" in summary.text
    await press(jane, "✅ Save")
    [reminder] = await bot.repos.reminders.all_for_owner(jane.id)
    assert reminder.due_at == datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


# ---- 4. a merge shows what differs and drops nothing ------------------------------------------
async def test_a_merge_asks_which_role_to_keep_and_keeps_every_email(
    bot: RunningBot, jane: SimUser
) -> None:
    await to_followup_question(jane, "Luca Bianchi, HR @ Accenture Italia")
    await press(jane, "No follow-up")
    await press(jane, "✅ Save")
    await say(jane, "/add Luca Bianchi, PM @ Accenture")
    await say(jane, "/skip")
    await say(jane, "/skip")
    await say(jane, "luca.b@accenture.com")
    await press(jane, "Next ➡️")
    await say(jane, "/skip")
    await press(jane, "No follow-up")
    offer = await press(jane, "✅ Save")
    # "Accenture Italia" and "Accenture" are the same company.
    assert "Luca Bianchi (Accenture Italia) — similar name, same company" in offer.text
    question = await press(jane, "Merge into Luca Bianchi (Accenture Italia)")
    assert question.text.startswith("Luca Bianchi already has a different company")
    question = await press(jane, "Keep “Accenture Italia”")
    assert question.text.startswith(
        "Luca Bianchi already has a different role: “HR”. You wrote “PM”."
    )
    merged = await press(jane, "Use “PM”")
    assert merged.text.splitlines()[:3] == [
        "Merged into Luca Bianchi.",
        "• role: PM (was HR)",
        "• e-mail added: luca.b@accenture.com",
    ]
    [contact] = await bot.repos.contacts.all_for_owner(jane.id)
    assert (contact.role, contact.company, contact.emails) == (
        "PM",
        "Accenture Italia",
        ("luca.b@accenture.com",),
    )


# ---- 10. small checks ---------------------------------------------------------------------
async def test_a_mistyped_email_domain_gets_did_you_mean(bot: RunningBot, jane: SimUser) -> None:
    reply = await say(jane, "/add Maria Neri, Acme")
    while not reply.text.startswith("How can you reach them?"):
        reply = await say(jane, "/skip")
    kept = await say(jane, "maria.neri@gmial.con")
    assert "Did you mean maria.neri@gmail.com instead of maria.neri@gmial.con?" in kept.text
    fixed = await press(jane, "✅ maria.neri@gmail.com", kept)
    assert "✉️ maria.neri@gmail.com" in fixed.text and "gmial" not in fixed.text
    await press(jane, "Next ➡️", fixed)
    while not reply.text.startswith("Check and save"):
        reply = await say(jane, "/skip")
    await press(jane, "✅ Save")
    [contact] = await bot.repos.contacts.all_for_owner(jane.id)
    assert contact.emails == ("maria.neri@gmail.com",)


async def test_a_weekday_that_does_not_match_the_date_is_questioned(jane: SimUser) -> None:
    reply = await say(jane, "/add Pia Lodi, Acme")
    while not reply.text.startswith("When did you meet?"):
        reply = await say(jane, "/skip")
    reply = await say(jane, "lunedì 20")  # Friday 20 November
    assert reply.text.startswith("Fri 20 Nov is not the weekday you wrote")


# ---- 5. a file sent outside a dialogue is understood ------------------------------------------
async def test_a_contacts_csv_sent_outside_import_is_offered_to_it(
    bot: RunningBot, jane: SimUser
) -> None:
    await started(bot, jane)
    await jane.upload("Connections.csv", (DATA / "linkedin_old_dates.csv").read_bytes())
    offer = await jane.expect_reply()
    assert offer.text == "That looks like a contacts file. Shall I import it?"
    preview = await press(jane, "📥 Import", offer)
    assert "new contacts" in preview.text
    done = await press(jane, "📥 Import", preview)
    assert done.text.startswith("✅ Import done:")
    assert await bot.repos.contacts.count(jane.id) > 0


async def test_a_file_nobody_takes_gets_what_the_bot_accepts(jane: SimUser) -> None:
    await jane.upload("holiday.zip", b"PK\x03\x04 not contacts")
    reply = await jane.expect_reply()
    assert reply.text.startswith("I can't use that file. What I take:")


# ---- 6. every prompt that invites typing accepts the typing -----------------------------------
async def test_forget_answers_again_and_again(jane: SimUser) -> None:
    first = await say(jane, "/forget")
    again = await say(jane, "/forget")
    assert again.text == first.text  # not "I don't know /forget"
    assert (await say(jane, "/cancel")).text == "Nothing was deleted."


# ---- 7. /event behaves like /add ------------------------------------------------------------
async def test_impossible_event_dates_get_reasons_and_create_nothing(
    bot: RunningBot, jane: SimUser
) -> None:
    reply = await say(jane, "/event Fiera, Roma, 31/02")
    assert reply.text.startswith("That day does not exist in the calendar.")
    reply = await say(jane, "/event Fiera, Roma, 10/12 - 5/12")
    assert reply.text.startswith("The event ends before it starts")
    reply = await say(jane, "/event Fiera, Roma, 1/1/9999")
    assert reply.text.startswith("Fri 1 Jan 9999 is more than two years away.")
    assert await bot.repos.events.all_for_owner(jane.id) == []


async def test_checking_in_elsewhere_says_the_bot_switched(jane: SimUser) -> None:
    await say(jane, "/event Expo Milano")
    reply = await say(jane, "/event Career Day")
    assert reply.text == (
        "Checked out of Expo Milano. You met 0 people there.\n"
        "Checked in to Career Day. Everyone you /add now is tagged with it; send /event to "
        "check out."
    )


async def test_a_planned_event_checks_in_on_its_day(
    bot: RunningBot, jane: SimUser, clock: ManualClock
) -> None:
    reply = await say(jane, "/event Expo, Milano, 27/11")
    assert reply.text.startswith("Planned: Expo, Fri 27 Nov.")
    clock.set(datetime(2026, 11, 26, 9, 0, tzinfo=UTC))
    await bot.run_due()
    prep = await jane.expect_reply()
    assert prep.text.startswith("🗓 Tomorrow: Expo (Milano)")
    assert "Tomorrow I'll check you in myself" in prep.text
    clock.set(datetime(2026, 11, 27, 8, 59, tzinfo=UTC))  # 9:59 in Rome: not yet
    await bot.run_due()
    await jane.expect_no_reply()
    clock.set(datetime(2026, 11, 27, 9, 0, tzinfo=UTC))
    await bot.run_due()
    day_of = await jane.expect_reply()
    assert day_of.text.startswith("📍 Today: Expo (Milano). I checked you in")
    assert day_of.buttons == [["🚪 Check out"]]
    user = await bot.repos.users.get(jane.id)
    assert user is not None and user.current_event_id is not None
    await bot.run_due()
    await jane.expect_no_reply()  # once


async def test_follow_up_with_all_counts_only_those_not_followed_up(
    bot: RunningBot, jane: SimUser
) -> None:
    await say(jane, "/event Fiera")
    for name in ("Anna Uno", "Bruno Due"):
        await to_followup_question(jane, name)
        await press(jane, "No follow-up")
        await press(jane, "✅ Save")
    anna = next(c for c in await bot.repos.contacts.all_for_owner(jane.id) if c.name == "Anna Uno")
    await jane.press_data(f"ct:open:{anna.id}", message=jane.last_bot_message())
    card = await jane.expect_reply()
    await press(jane, "💬 Log interaction", card)
    await press(jane, "E-mail")  # Anna is followed up
    await say(jane, "/event")
    await press(jane, "🚪 Check out")
    summary = await jane.expect_reply()
    done = await press(jane, "✅ Follow up with all", summary)
    assert done.text.endswith("✅ Follow-up planned for 1 person not followed up yet: Fri 27 Nov.")


# ---- 8. a stale button always answers -------------------------------------------------------
async def test_an_old_summarys_save_never_saves_the_current_dialogue(
    bot: RunningBot, jane: SimUser
) -> None:
    await to_followup_question(jane, "Anna Vecchia")
    anna_summary = await press(jane, "No follow-up")
    await say(jane, "/cancel")
    await to_followup_question(jane, "Bruno Nuovo")
    bruno_summary = await press(jane, "No follow-up")
    await jane.press("✅ Save", message=anna_summary)
    await bot.settle()
    assert bot.emu.callback_answers[-1].text == "This button has expired."
    assert await bot.repos.contacts.all_for_owner(jane.id) == []
    await press(jane, "✅ Save", bruno_summary)
    assert [c.name for c in await bot.repos.contacts.all_for_owner(jane.id)] == ["Bruno Nuovo"]


# ---- 9. wording ---------------------------------------------------------------------------------
async def test_help_agrees_with_cancel_about_what_is_kept(jane: SimUser) -> None:
    help_text = (await say(jane, "/help")).text
    assert "/cancel leaves what you are doing without saving it" in help_text
    await say(jane, "/add")
    assert (await say(jane, "/cancel")).text == "Cancelled: nothing was saved."


# ---- saving from a dialogue is idempotent -----------------------------------------------------
async def test_saving_the_same_dialogue_twice_creates_one_contact(
    bot: RunningBot, jane: SimUser
) -> None:
    owner = await started(bot, jane)
    draft = ContactDraft(name="Replay Once", met_on=date(2026, 11, 24))
    results = [
        await save_contact(bot.repos, bot.clock, owner, draft, FollowupChoice(), dialogue_key="k-1")
        for _ in range(2)
    ]
    assert all(isinstance(r, Saved) for r in results)
    assert len({r.contact_id for r in results if isinstance(r, Saved)}) == 1
    assert await bot.repos.contacts.count(owner.id) == 1
    assert len(await bot.repos.reminders.all_for_owner(owner.id)) == 1
