"""/alerts at the edges: the next message is the rule, 20 long rules fit, forged buttons,
and members who leave or are banned stop getting a group's posts within minutes."""

from __future__ import annotations

from datetime import timedelta

from bot.jobposts.digest import utf16_length
from bot.jobposts.membership import MEMBER_TTL
from bot.sandbox import SimUser
from bot.sandbox.harness import RunningBot
from storage.job_kinds import AlertMode
from tests.jobs_helpers import BACKEND_ACME, DATA_GLOBEX, add_rule, joined_group

JAVA = DATA_GLOBEX.replace("Data Analyst", "Java Developer")


async def test_after_a_bare_alerts_the_next_message_is_the_rule(
    bot: RunningBot, jane: SimUser
) -> None:
    await jane.send("/alerts")
    listing = await jane.expect_reply()
    assert listing.text.endswith("Send your rule now, or /cancel.")
    await jane.send("python @milano")
    question = await jane.expect_reply()
    assert question.text.startswith("python @milano: send each post as soon as it appears")
    await jane.press("⚡ Instant")
    assert (await jane.expect_reply()).text == "Saved: python @milano — ⚡ instant."
    listing = await jane.expect_reply()
    assert "send it now" not in listing.text  # the dialogue is over: typing is not a rule
    await jane.send("java")
    assert "/add" in (await jane.expect_reply()).text
    # With rules, /alerts invites the next one too; /cancel leaves.
    await jane.send("/alerts")
    assert (await jane.expect_reply()).text.endswith("To add a rule, send it now (or /cancel).")
    await jane.send("/cancel")
    assert (await jane.expect_reply()).text == "Cancelled: no rule added."
    rules = await bot.repos.job_alerts.rules(jane.id)
    assert [(r.rule, r.mode) for r in rules] == [("python @milano", "instant")]


async def test_twenty_long_rules_fit_in_one_message(bot: RunningBot, jane: SimUser) -> None:
    await jane.send("/start")
    await jane.expect_reply()
    # Rules full of what HTML escapes (& < >) and of emoji (2 UTF-16 units each).
    for n in range(20):
        rule = f"r{n:02d} " + " ".join(["&<>&🚀x"] * 28)
        assert len(rule) <= 200
        await bot.repos.job_alerts.add_rule(jane.id, rule, AlertMode.DAILY)
    await jane.send("/alerts")
    listing = await jane.expect_reply()
    # Telegram counts the visible text (after HTML parsing) in UTF-16 units.
    assert listing.raw_text is not None and utf16_length(listing.text) <= 4096
    assert listing.text.count("\n") >= 20 and "r19 &<>&🚀x" in listing.text
    assert "➕ Add a rule" not in str(listing.buttons)  # 20 is the most kept
    # Clipped by visible text: every entity and tag is whole.
    assert "&amp;&lt;&gt;" in listing.raw_text and "&am…" not in listing.raw_text
    assert len(listing.buttons) == 20
    assert listing.buttons[0][0].startswith("🗑 r00 &<>&🚀x") and listing.buttons[0][0].endswith("…")
    await jane.send("one more")
    await jane.expect_reply()
    await jane.press("📅 Daily")
    assert (await jane.expect_reply()).text == (
        "You have 20 rules, the most I keep: remove one first."
    )
    assert bot.emu.served("sendMessage", status=400) == []


async def test_forged_and_stale_alert_buttons_always_answer(
    bot: RunningBot, mario: SimUser, jane: SimUser
) -> None:
    await jane.send("/alerts backend")
    await jane.expect_reply()
    listing = await jane.expect_reply()
    rule = (await bot.repos.job_alerts.rules(jane.id))[0]
    group = await joined_group(bot, mario)
    group.add_member(jane)
    await mario.send("/digest", chat=group)  # a bot message with buttons in the group
    settings = await group.expect_message()
    forged = [
        f"al:rm:{rule.id}",  # her own rule, pressed on a group message: would show her rules
        f"al:sw:{rule.id}",
        "al:add",
        "al:new:instant",
        f"al:rm:{2**70}",  # beyond 64 bits
        "dg:every:hourly",
        "dg:",
    ]
    before = len(bot.emu.callback_answers)
    for data in forged:
        await jane.press_data(data, chat=group, message=settings)
    await jane.press_data(f"al:sw:{2**64}", message=listing)
    await jane.press_data("al:new:daily", message=listing)  # no rule waiting for a mode
    await bot.settle()
    answers = [a.text for a in bot.emu.callback_answers[before:]]
    private_only = "Open me in private to use this button."
    expired = "This button has expired."
    assert answers == [private_only] * 5 + [expired] * 4
    assert [(r.rule, r.mode) for r in await bot.repos.job_alerts.rules(jane.id)] == [
        ("backend", "instant")
    ]
    await group.expect_no_message()


async def test_a_member_who_leaves_stops_getting_posts_at_once_when_the_bot_is_admin(
    bot: RunningBot, mario: SimUser, jane: SimUser
) -> None:
    await add_rule(jane, "developer")
    group = await joined_group(bot, mario, "Dev Milano")
    group.add_member(jane)
    await mario.post(group, BACKEND_ACME)
    assert (await jane.expect_reply()).text.startswith("🔔 New job post")
    await group.leave(jane)  # a chat_member update reaches the admin bot
    await mario.post(group, JAVA)
    await mario.send("/digest", chat=group)
    await group.expect_message()
    await bot.run_due()
    await jane.expect_no_reply()
    # Known from the update: no getChatMember was needed to know it.
    asked = len(bot.emu.served("getChatMember"))
    await group.join(jane)
    await mario.post(group, JAVA.replace("Java", "Kotlin"))
    assert (await jane.expect_reply()).text.startswith("🔔 New job post")
    assert len(bot.emu.served("getChatMember")) == asked


async def test_a_banned_member_stops_within_minutes_when_the_bot_is_not_admin(
    bot: RunningBot, mario: SimUser, jane: SimUser
) -> None:
    bot.emu.privacy_mode = False  # a member bot that reads everything, but gets no chat_member
    await add_rule(jane, "developer")
    group = await joined_group(bot, mario, "Dev Milano", as_admin=False)
    group.add_member(jane)
    await mario.post(group, BACKEND_ACME)
    assert (await jane.expect_reply()).text.startswith("🔔 New job post")
    group.state.members[jane.id] = "kicked"  # unseen: no update, no service message
    bot.clock.advance(MEMBER_TTL)
    await mario.post(group, JAVA)
    await mario.send("/digest", chat=group)
    await group.expect_message()
    await bot.run_due()
    await jane.expect_no_reply()
    cached = await bot.repos.job_members.cached_membership(group.id, jane.id)
    assert cached is not None and cached[0] is False
    assert timedelta(minutes=5) >= MEMBER_TTL


async def test_a_leaver_seen_in_the_group_stops_at_once_when_the_bot_is_not_admin(
    bot: RunningBot, mario: SimUser, jane: SimUser
) -> None:
    bot.emu.privacy_mode = False  # reads the group, "Jane left" included; no chat_member
    await add_rule(jane, "developer")
    group = await joined_group(bot, mario, "Dev Milano", as_admin=False)
    await group.join(jane)
    await mario.post(group, BACKEND_ACME)
    assert (await jane.expect_reply()).text.startswith("🔔 New job post")
    await group.leave(jane)
    await mario.post(group, JAVA)
    await mario.send("/digest", chat=group)
    await group.expect_message()
    await bot.run_due()
    await jane.expect_no_reply()
