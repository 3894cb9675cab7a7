"""/event: check in (contacts get tagged), recent events with counts, event card, check out."""

from __future__ import annotations

from datetime import date

from bot.events.parsing import EventInput, parse_event_line
from bot.sandbox import SimUser
from bot.sandbox.harness import RunningBot
from tests.chat import press, say


async def test_check_in_tag_contacts_and_check_out(bot: RunningBot, jane: SimUser) -> None:
    reply = await say(jane, "/event")
    assert reply.text == "You are not checked in to any event."
    await press(jane, "➕ Check in to an event")
    reply = await say(jane, "Job Fair, Milano, 24/11 - 25/11")
    assert reply.text.startswith("Checked in to Job Fair.")

    await say(jane, "/add Rita Moro")
    reply = await say(jane, "/skip")  # company
    assert "You are checked in to Job Fair: press it" in reply.text
    assert reply.buttons[0] == ["📍 Job Fair"]
    for _ in range(5):  # where (the event stays), when, channels, notes, follow-up
        reply = await say(jane, "/skip")
    assert "Where: Job Fair" in reply.text
    await press(jane, "✅ Save")
    [contact] = await bot.repos.contacts.all_for_owner(jane.id)
    assert contact.event_name == "Job Fair"

    reply = await say(jane, "/event")
    assert reply.text.startswith(
        "You are checked in to Job Fair.\n📍 Milano · Tue 24 Nov – Wed 25 Nov"
    )
    assert "1 person met here so far." in reply.text
    reply = await press(jane, "🚪 Check out")
    assert reply.text == "Checked out of Job Fair. You met 1 person there."
    summary = await jane.expect_reply()  # the summary comes with the check-out
    assert summary.text.startswith("🎉 You met 1 person at Job Fair:")
    assert summary.buttons == [["✅ Follow up with all", "☑️ Choose"]]
    user = await bot.repos.users.get(jane.id)
    assert user is not None and user.current_event_id is None
    kinds = [r.kind for r in await bot.repos.reminders.all_for_owner(jane.id)]
    assert kinds == ["followup"]  # no summary left to send later

    reply = await say(jane, "/event")
    assert "Recent events:\n• Job Fair — 1 person" in reply.text
    card = await press(jane, "Job Fair")
    assert card.text.startswith("Job Fair\n📍 Milano")
    assert card.buttons[0] == ["Rita Moro"]
    await jane.press("Rita Moro")
    assert (await jane.expect_reply()).text.startswith("Rita Moro\n📍 Job Fair")


async def test_a_future_event_is_planned_with_a_prep_reminder(
    bot: RunningBot, mario: SimUser
) -> None:
    reply = await say(mario, "/event Salone del Lavoro, Torino, 2026-12-03")
    assert reply.text.startswith("In programma: Salone del Lavoro, gio 3 dic.")
    reminders = await bot.repos.reminders.all_for_owner(mario.id)
    assert [(r.kind, r.due_at.date()) for r in reminders] == [("event_prep", date(2026, 12, 2))]
    user = await bot.repos.users.get(mario.id)
    assert user is not None and user.current_event_id is None  # not checked in yet


async def test_event_name_too_long_is_explained(jane: SimUser) -> None:
    reply = await say(jane, "/event " + "x" * 300)
    assert reply.text.startswith("That is 300 characters; the limit here is 200.")


def test_event_lines() -> None:
    today = date(2026, 11, 24)
    assert parse_event_line("Job Fair, Milano, 28/11", today=today) == EventInput(
        "Job Fair", "Milano", date(2026, 11, 28)
    )
    assert parse_event_line("Fiera, 28/11-30/11", today=today) == EventInput(
        "Fiera", None, date(2026, 11, 28), date(2026, 11, 30)
    )
    assert parse_event_line("Conf, Roma, Italia", today=today) == EventInput("Conf", "Roma, Italia")
