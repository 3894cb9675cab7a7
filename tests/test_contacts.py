"""/contacts, the contact card and its buttons, through the real bot; owner scoping."""

from __future__ import annotations

from datetime import date

from bot.contacts.model import ContactDraft
from bot.sandbox import SimUser
from bot.sandbox.harness import RunningBot
from bot.sandbox.views import BotMessage


async def seed(bot: RunningBot, user: SimUser, count: int, **fields: object) -> list[int]:
    await user.send("/start")
    await user.expect_reply()
    ids = []
    for n in range(1, count + 1):
        draft = ContactDraft(name=f"Person {n:02d}", company=f"Company {n}")
        for key, value in fields.items():
            setattr(draft, key, value)
        ids.append(await bot.repos.contacts.create(user.id, draft))
    return ids


async def press(user: SimUser, button: str | int, message: BotMessage | None = None) -> BotMessage:
    await user.press(button, message=message)
    return await user.expect_reply()


async def test_contacts_paging_newest_first(bot: RunningBot, jane: SimUser) -> None:
    await seed(bot, jane, 14)
    await jane.send("/contacts")
    page = await jane.expect_reply()
    assert page.text.startswith("Your contacts (14)\nPage 1 of 3")
    assert [row[0] for row in page.buttons[:6]] == [
        f"Person {n} · Company {int(n)}" for n in ("14", "13", "12", "11", "10", "09")
    ]
    assert page.buttons[6] == ["Older ▶️"]
    page = await press(jane, "Older ▶️")
    assert page.edited and "Page 2 of 3" in page.text
    assert page.buttons[6] == ["◀️ Newer", "Older ▶️"]
    page = await press(jane, "Older ▶️")
    assert [row[0] for row in page.buttons[:2]] == [
        "Person 02 · Company 2",
        "Person 01 · Company 1",
    ]
    assert page.buttons[2] == ["◀️ Newer"]


async def test_the_card_and_its_actions(bot: RunningBot, jane: SimUser) -> None:
    [cid] = await seed(bot, jane, 1, notes="n" * 3000, emails=["p@acme.it"])
    await jane.send("/contacts")
    await jane.expect_reply()
    card = await press(jane, "Person 01 · Company 1")
    assert card.text.startswith("Person 01\nCompany 1\n✉️ p@acme.it\n📝 nnn")
    assert "…" in card.text and len(card.text) < 4096
    assert "Stage: ▶ Met → Followed up → …" in card.text
    assert card.buttons[0] == ["✏️ Edit", "💬 Log interaction"]

    await press(jane, "💬 Log interaction", card)
    card = await press(jane, "E-mail")
    assert card.text.startswith("Logged: E-mail.")
    assert "Last interactions:\n• Tue 24 Nov: E-mail" in card.text
    assert "Stage: Met → ▶ Followed up → Referral asked" in card.text

    await press(jane, "📈 Stage", card)
    card = await press(jane, "Interview")
    stored = await bot.repos.contacts.get(jane.id, cid)
    assert stored is not None and stored.stage == "interview"

    menu = await press(jane, "🔔 Follow-up date", card)
    # The same choices as /add, each with the day it means, counted from today.
    assert [row[0] for row in menu.buttons[:4]] == [
        "In 2 days — Thu 26 Nov",
        "In 3 days — Fri 27 Nov",
        "In a week — Tue 1 Dec",
        "📅 Pick a date",
    ]
    card = await press(jane, "In a week — Tue 1 Dec")
    assert card.text.startswith("Follow-up moved to Tue 1 Dec.")
    assert "🔔 Next follow-up: Tue 1 Dec" in card.text

    await press(jane, "🔔 Follow-up date", card)
    await press(jane, "📅 Pick a date")
    reply = await _say(jane, "sabato 5/12")
    assert reply.text.startswith("Follow-up moved to Sat 5 → Mon 7 Dec.")
    [reminder] = [
        r for r in await bot.repos.reminders.all_for_owner(jane.id) if r.status == "pending"
    ]
    assert reminder.due_at.date() == date(2026, 12, 7)
    card = reply

    await press(jane, "🔁 Keep in touch", card)
    card = await press(jane, "Every 3 months")
    assert "Keep in touch: every 3 months" in card.text

    await press(jane, "🗑 Delete", card)
    done = await press(jane, "🗑 Yes, delete")
    assert done.text == "Deleted: Person 01."
    assert await bot.repos.contacts.get(jane.id, cid) is None
    assert await bot.repos.reminders.all_for_owner(jane.id) == []


async def test_edit_from_the_card(bot: RunningBot, mario: SimUser) -> None:
    [cid] = await seed(bot, mario, 1)
    await mario.press_data(f"ct:open:{cid}", message=(await _any_message(mario)))
    card = await mario.expect_reply()
    summary = await press(mario, "✏️ Modifica", card)
    assert summary.text.startswith("Modifica contatto\nNome: Person 01")
    await press(mario, "✏️ Modifica un campo")
    await press(mario, "Note")
    summary = await _say(mario, "Conosciuto al bar")
    assert "Note: Conosciuto al bar" in summary.text
    done = await press(mario, "✅ Salva")
    assert done.text == "Modifiche salvate."
    stored = await bot.repos.contacts.get(mario.id, cid)
    assert stored is not None and stored.notes == "Conosciuto al bar"


async def test_another_users_contact_id_is_never_shown(
    bot: RunningBot, jane: SimUser, mario: SimUser
) -> None:
    [secret] = await seed(bot, mario, 1, name="Segreto Riservato", notes="mario's secret")
    [own] = await seed(bot, jane, 1)
    await jane.send("/contacts")
    message = await jane.expect_reply()
    forged = [
        f"ct:open:{secret}",
        f"ct:edit:{secret}",
        f"ct:log:{secret}",
        f"ct:lg:{secret}:email",
        f"ct:fud:{secret}:2",
        f"ct:sts:{secret}:3",
        f"ct:kits:{secret}:monthly",
        f"ct:del:{secret}",
        f"ct:delok:{secret}",
        f"ct:card:{secret}",
        f"ct:fun:{secret}",
        f"ct:open:{own}:x",
        "ct:open:-1",
        "ct:open:abc",
        "ct:pg:0:999",
        "ev:card:999",
        "ev:in:999",
        "ev:out:999",
    ]
    for data in forged:
        await jane.press_data(data, message=message)
    await bot.settle()
    answers = [a.text for a in bot.emu.callback_answers]
    assert answers == ["This button has expired."] * len(forged), list(
        zip(forged, answers, strict=False)
    )
    for sent in jane.transcript():
        assert "Segreto" not in sent.text and "secret" not in sent.text
        assert not any("Segreto" in label for row in sent.buttons for label in row)
    stored = await bot.repos.contacts.get(mario.id, secret)
    assert stored is not None and stored.stage == "met" and stored.cadence == "none"
    assert await bot.repos.interactions.all_for_owner(jane.id) == []
    assert await bot.repos.reminders.all_for_owner(jane.id) == []


async def _any_message(user: SimUser) -> BotMessage:
    await user.send("/contacts")
    return await user.expect_reply()


async def _say(user: SimUser, text: str) -> BotMessage:
    await user.send(text)
    return await user.expect_reply()
