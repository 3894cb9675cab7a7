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

    [contact] = await bot.services.contacts.all_for_owner(jane.id)
    assert (contact.name, contact.role, contact.company) == ("Mario Rossi", "HR manager", "Acme")
    assert contact.met_on == date(2026, 11, 23)
    assert contact.emails == ("mario.rossi@acme.it",)
    assert contact.phones == ("+393331234567",)
    assert contact.telegram_username == "mario_rossi"
    assert contact.linkedin_url == "https://www.linkedin.com/in/mario-rossi"
    assert contact.notes == "Talked about the data team; promised my CV"
    [reminder] = await bot.services.reminders.all_for_owner(jane.id)
    assert reminder.kind == "followup"
    assert reminder.contact_id == contact.id
    assert reminder.due_at.date() == date(2026, 11, 30)
