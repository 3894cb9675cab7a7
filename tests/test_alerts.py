"""/alerts and alert delivery: rules, membership (no leaks), dedup, daily summary, network."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.contacts.model import ContactDraft
from bot.jobposts.digest import message_link
from bot.sandbox import SimUser
from bot.sandbox.harness import RunningBot
from tests.jobs_helpers import BACKEND_ACME, CHATTER, DATA_GLOBEX, add_rule, joined_group


async def test_add_list_switch_and_remove_rules(bot: RunningBot, jane: SimUser) -> None:
    await jane.send("/alerts")
    empty = await jane.expect_reply()
    assert empty.text.startswith("🔔 You have no job alerts yet.")
    await jane.press("➕ Add a rule")
    assert (await jane.expect_reply()).text.startswith("Write a rule, for example:")
    await jane.send("-senior")
    assert (await jane.expect_reply()).text.startswith("A rule needs something to look for")
    await jane.send('Python "Data Engineer" @Milano -senior')
    question = await jane.expect_reply()
    assert question.buttons == [["⚡ Instant", "📅 Daily"]]
    await jane.press("📅 Daily")
    saved = await jane.expect_reply()
    assert saved.text == 'Saved: python "data engineer" @milano -senior — 📅 daily.'
    listing = await jane.expect_reply()
    assert '1. python "data engineer" @milano -senior — 📅 daily' in listing.text
    # The quick way: /alerts <rule> adds an instant rule.
    await jane.send("/alerts remote designer")
    assert (await jane.expect_reply()).text == "Saved: designer remote — ⚡ instant."
    listing = await jane.expect_reply()
    # Each rule's buttons are named after it (clipped), the icon saying what pressing does.
    assert listing.buttons == [
        ['🗑 python "data engineer"…', '⚡ python "data engineer"…'],
        ["🗑 designer remote", "📅 designer remote"],
        ["➕ Add a rule"],
    ]
    await jane.press('⚡ python "data engineer"…', message=listing)
    switched = await jane.expect_reply()
    assert '1. python "data engineer" @milano -senior — ⚡ instant' in switched.text
    await jane.press("🗑 designer remote", message=switched)
    after = await jane.expect_reply()
    assert "designer" not in after.text
    rules = await bot.repos.job_alerts.rules(jane.id)
    assert [(r.rule, r.mode) for r in rules] == [
        ('python "data engineer" @milano -senior', "instant")
    ]


async def test_bad_input_and_forged_buttons_change_nothing(
    bot: RunningBot, jane: SimUser, mario: SimUser
) -> None:
    await add_rule(mario, "backend")
    marios = (await bot.repos.job_alerts.rules(mario.id))[0]
    await jane.send("/alerts " + "x" * 20000)
    assert (await jane.expect_reply()).text.startswith("That rule is too long")
    await jane.send("/alerts")
    listing = await jane.expect_reply()
    before = len(bot.emu.callback_answers)
    for data in (f"al:rm:{marios.id}", f"al:sw:{marios.id}", "al:rm:x", "al:sw:-1", "al:rm"):
        await jane.press_data(data, message=listing)
    await bot.settle()
    assert [a.text for a in bot.emu.callback_answers[before:]] == ["This button has expired."] * 5
    assert await bot.repos.job_alerts.rules(mario.id) == [marios]
    await mario.send("/alerts backend")
    assert (await mario.expect_reply()).text == "Hai già questa regola."


async def test_alerts_only_from_groups_the_user_is_in(
    bot: RunningBot, mario: SimUser, jane: SimUser
) -> None:
    await add_rule(jane, "developer")
    private_group = await joined_group(bot, mario, "Segreto")
    her_group = await joined_group(bot, mario, "Dev Milano")
    her_group.add_member(jane)
    await mario.post(private_group, BACKEND_ACME.replace("Milano", "Roma"))
    post = await mario.post(her_group, BACKEND_ACME)
    alert = await jane.expect_reply()
    assert alert.text.startswith("🔔 New job post for «developer»")
    assert "Backend Developer — Acme S.p.A. — Milano" in alert.text
    assert "Posted in: Dev Milano" in alert.text
    assert message_link(her_group.id, None, post.message_id) in (alert.raw_text or "")
    assert "Segreto" not in alert.text and "Roma" not in alert.text
    await bot.run_due()
    await jane.expect_no_reply()
    # The membership answer is cached: no getChatMember per post.
    calls = len(bot.emu.served("getChatMember"))
    await mario.post(her_group, DATA_GLOBEX.replace("Data Analyst", "Python Developer"))
    await jane.expect_reply()
    assert len(bot.emu.served("getChatMember")) == calls


async def test_a_repost_reaches_a_user_once_with_each_place(
    bot: RunningBot, mario: SimUser, jane: SimUser
) -> None:
    await add_rule(jane, "backend")
    await jane.send("/alerts")
    rules_message = await jane.expect_reply()
    await jane.press("📅 backend", message=rules_message)  # daily
    await jane.expect_reply()
    milano = await joined_group(bot, mario, "Lavoro Milano")
    torino = await joined_group(bot, mario, "Lavoro Torino")
    milano.add_member(jane)
    torino.add_member(jane)
    first = await mario.post(milano, BACKEND_ACME)
    second = await mario.post(torino, "Inoltro:\n" + BACKEND_ACME)
    await mario.post(torino, CHATTER)
    await mario.send("/digest", chat=torino)  # the posts before it are handled
    await torino.expect_message()
    await bot.run_due()
    await jane.expect_no_reply()  # daily: not yet
    # Jane's preferred hour is 10:00 Rome; the clock is at 10:00, so tomorrow 10:00.
    bot.clock.set(datetime(2026, 11, 25, 9, 0, tzinfo=UTC))
    await bot.run_due()
    summary = await jane.expect_reply()
    assert summary.text.startswith("🔔 Your job alerts: 1 new post")
    assert summary.text.count("Backend Developer") == 1
    raw = summary.raw_text or ""
    assert message_link(milano.id, None, first.message_id) in raw
    assert message_link(torino.id, None, second.message_id) in raw
    await bot.run_due()
    await jane.expect_no_reply()


async def test_instant_repost_is_not_sent_twice(
    bot: RunningBot, mario: SimUser, jane: SimUser
) -> None:
    await add_rule(jane, "acme")
    milano = await joined_group(bot, mario, "Lavoro Milano")
    torino = await joined_group(bot, mario, "Lavoro Torino")
    milano.add_member(jane)
    torino.add_member(jane)
    await mario.post(milano, BACKEND_ACME)
    await jane.expect_reply()
    await mario.post(torino, BACKEND_ACME)
    await mario.send("/digest", chat=torino)
    await torino.expect_message()
    await bot.run_due()
    await jane.expect_no_reply()


async def test_the_network_line_names_who_you_know_at_the_company(
    bot: RunningBot, mario: SimUser, jane: SimUser
) -> None:
    await add_rule(jane, "developer")
    services = bot.services
    fair = await services.repos.events.create(
        jane.id, "Job Fair Milano", starts_on=date(2026, 11, 20)
    )
    maria = await services.repos.contacts.create(
        jane.id,
        ContactDraft(name="Maria Rossi", company="ACME spa", role="HR", event_id=fair),
    )
    await services.repos.contacts.create(
        jane.id, ContactDraft(name="Luca Bianchi", company="Globex")
    )
    # Someone else's contact at Acme is not Jane's network.
    await mario.send("/start")
    await mario.expect_reply()
    await services.repos.contacts.create(mario.id, ContactDraft(name="Anna Verdi", company="Acme"))
    group = await joined_group(bot, mario, "Dev Milano")
    group.add_member(jane)
    await mario.post(group, BACKEND_ACME)
    alert = await jane.expect_reply()
    assert "👤 You know Maria Rossi (HR @ ACME spa), met at Job Fair Milano" in alert.text
    assert "Luca" not in alert.text and "Anna" not in alert.text
    assert alert.buttons == [["📇 Maria Rossi"]]
    assert alert.button_data == [[f"ct:open:{maria}"]]


async def test_a_user_who_blocked_the_bot_is_marked_and_skipped(
    bot: RunningBot, mario: SimUser, jane: SimUser
) -> None:
    await add_rule(jane, "developer")
    group = await joined_group(bot, mario, "Dev Milano")
    group.add_member(jane)
    jane.private_chat.blocked = True  # blocked while the bot was not looking
    await mario.post(group, BACKEND_ACME)
    await mario.send("/digest", chat=group)
    await group.expect_message()
    await bot.run_due()
    user = await bot.repos.users.get(jane.id)
    assert user is not None and user.blocked
    assert len(bot.emu.served("sendMessage", status=403)) == 1
    await mario.post(group, DATA_GLOBEX.replace("Data Analyst", "Java Developer"))
    await mario.send("/digest", chat=group)
    await group.expect_message()
    await bot.run_due()
    assert len(bot.emu.served("sendMessage", status=403)) == 1  # not tried again


async def test_a_user_who_left_the_group_stops_getting_its_posts(
    bot: RunningBot, mario: SimUser, jane: SimUser
) -> None:
    await add_rule(jane, "developer")
    group = await joined_group(bot, mario, "Dev Milano")
    group.add_member(jane)
    await mario.post(group, BACKEND_ACME)
    await jane.expect_reply()
    group.state.members[jane.id] = "left"
    bot.clock.advance(timedelta(hours=7))  # past the membership cache
    await mario.post(group, DATA_GLOBEX.replace("Data Analyst", "Java Developer"))
    await mario.send("/digest", chat=group)
    await group.expect_message()
    await bot.run_due()
    await jane.expect_no_reply()


async def test_alerts_in_a_group_point_to_the_private_chat(bot: RunningBot, mario: SimUser) -> None:
    group = await joined_group(bot, mario)
    await mario.send("/alerts", chat=group)
    assert (await group.expect_message()).text.startswith("Gli avvisi sono personali")
