"""Renders at Telegram's limits: data as long as storage lets it be (an import is not bound
by the /add dialogue), shown by every screen that lists or shows it. The promise: the screen
arrives, within 4096 visible characters, as parsable HTML, and without a handler error."""

from __future__ import annotations

from typing import Any

from bot.sandbox import SimUser
from bot.sandbox.harness import RunningBot
from storage.contacts import ContactDraft
from storage.job_kinds import AlertMode
from storage.kinds import ReminderKind
from tests.adversarial import limit_violations

LONG = "Bartolomeo & Figli <S.p.A.> " * 200  # 5,600 characters, 600 of them & < >


async def seeded(bot: RunningBot, user: SimUser, contacts: int = 1, **fields: Any) -> list[int]:
    """`contacts` contacts as an import may store them: a 5,600-character name, notes of 5,000
    `&`. Keyword arguments replace those fields."""
    await user.send("/start")
    await user.expect_reply()
    values: dict[str, Any] = {
        "name": LONG,
        "company": LONG[:300],
        "role": LONG[:300],
        "notes": "&" * 5000,
        **fields,
    }
    return [
        await bot.repos.contacts.create(user.id, ContactDraft(**values)) for _ in range(contacts)
    ]


async def assert_screen(bot: RunningBot, user: SimUser, since: int) -> None:
    """The user got an answer, nothing refused or oversized was attempted, no error."""
    reply = await user.expect_reply()
    await bot.emu.settle(quiet=0.05)
    assert reply.text
    errors, bot.errors[:] = list(bot.errors), []  # reported here, not by the fixture
    assert limit_violations(bot, since) == []
    assert errors == []


async def test_a_card_of_any_length_opens(bot: RunningBot, mario: SimUser) -> None:
    """Cards from just under to just over the limit (the cut moves across the last lines),
    and one whose name is 5,600 characters with notes of 5,000 `&`."""
    [long_one] = await seeded(bot, mario)
    await mario.send("/contacts")
    await mario.expect_reply()
    emails = [f"{'x' * 90}{n:02d}@acme.it" for n in range(38)]
    cards = [long_one]
    for pad in range(72, 136, 4):
        padded = [*emails, "y" * pad + "@acme.it"]
        cards.append(
            await bot.repos.contacts.create(mario.id, ContactDraft(name="Anna", emails=padded))
        )
    for contact_id in cards:
        since = len(bot.emu.requests)
        await mario.press_data(f"ct:open:{contact_id}")
        await assert_screen(bot, mario, since)


async def test_lists_of_long_names_arrive(bot: RunningBot, mario: SimUser) -> None:
    """/contacts, /find, /event and an import preview, over data at the limits."""
    await seeded(bot, mario, contacts=40)
    for _ in range(30):
        await bot.repos.events.create(mario.id, LONG[:1000], place=LONG[:1000])
    for command in ("/contacts", "/find bartolomeo", "/event"):
        since = len(bot.emu.requests)
        await mario.send(command)
        await assert_screen(bot, mario, since)
    cards = "".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{n} {LONG[:3000]}\r\nORG:{LONG[:2000]}\r\nEND:VCARD\r\n"
        for n in range(30)
    )
    await mario.send("/import")
    await mario.expect_reply()
    since = len(bot.emu.requests)
    await mario.upload("contacts.vcf", cards.encode(), "text/vcard")
    await assert_screen(bot, mario, since)


async def test_followups_with_thirty_long_entries(bot: RunningBot, mario: SimUser) -> None:
    for contact_id in await seeded(bot, mario, contacts=30):
        await bot.repos.reminders.create(
            mario.id, ReminderKind.FOLLOWUP, bot.clock.now(), contact_id=contact_id
        )
    since = len(bot.emu.requests)
    await mario.send("/followups")
    await assert_screen(bot, mario, since)


async def test_alerts_with_twenty_long_rules(bot: RunningBot, mario: SimUser) -> None:
    await seeded(bot, mario, contacts=0)
    for n in range(20):
        await bot.repos.job_alerts.add_rule(
            mario.id, f"{n} " + "sviluppatore & <python> " * 8, AlertMode.DAILY
        )
    since = len(bot.emu.requests)
    await mario.send("/alerts")
    await assert_screen(bot, mario, since)


async def test_a_duplicate_offer_with_long_names(bot: RunningBot, mario: SimUser) -> None:
    phone = "+393331112222"
    await seeded(bot, mario, contacts=5, phones=[phone])
    await mario.share_contact(phone, "Bartolomeo")  # starts /add with the phone filled in
    for _ in range(12):  # skip every question up to the summary, then Save
        reply = await mario.expect_reply()
        saves = [data for row in reply.button_data for data in row if data and "save" in data]
        if saves:
            break
        await mario.send("/skip")
    since = len(bot.emu.requests)
    await mario.press_data(saves[0], message=reply)  # the duplicates are offered
    await assert_screen(bot, mario, since)
