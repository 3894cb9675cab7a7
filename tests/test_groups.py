"""The bot in job groups and channels: joining, greeting, collecting, edits, migration, leaving."""

from __future__ import annotations

from datetime import timedelta

from bot.jobposts.digest import message_link
from bot.sandbox import SimUser
from bot.sandbox.harness import RunningBot
from tests.jobs_helpers import (
    AD,
    BACKEND_ACME,
    CHATTER,
    DATA_GLOBEX,
    joined_group,
)


async def stored_messages(bot: RunningBot, chat_id: int) -> list[int]:
    rows = await bot.repos.db.fetchall(
        "SELECT message_id FROM job_posts WHERE chat_id = ? ORDER BY id", (chat_id,)
    )
    return [row[0] for row in rows]


async def test_added_as_admin_greets_and_records_the_group(bot: RunningBot, mario: SimUser) -> None:
    group = bot.emu.group("Lavoro Milano", username="lavoromilano")
    group.add_member(mario, admin=True)
    await group.add_bot(by=mario, as_admin=True)
    greeting = await group.expect_message()
    assert greeting.text.startswith("👋 Ciao, sono Rete.")
    assert "/digest" in greeting.text and "/alerts" in greeting.text
    assert "✅ Posso leggere i messaggi qui" in greeting.text
    chat = await bot.repos.job_chats.get_chat(group.id)
    assert chat is not None
    assert (chat.type, chat.title, chat.username) == ("supergroup", "Lavoro Milano", "lavoromilano")
    assert chat.active and chat.can_read and chat.bot_status == "administrator"
    assert chat.digest_language == "it"


async def test_added_as_member_with_privacy_mode_says_what_it_needs(
    bot: RunningBot, jane: SimUser
) -> None:
    assert bot.emu.privacy_mode
    group = bot.emu.group("Remote jobs")
    group.add_member(jane, admin=True)
    await group.add_bot(by=jane, as_admin=False)
    greeting = await group.expect_message()
    assert greeting.text.startswith("👋 Hi, I'm Rete.")
    assert "I need to be an admin of this group (or my privacy mode must be off)" in greeting.text
    # And indeed it does not see posts: nothing is collected.
    await jane.post(group, BACKEND_ACME)
    await jane.send("/digest now", chat=group)
    assert (await group.expect_message()).text == "No new job posts since the last digest."
    chat = await bot.repos.job_chats.get_chat(group.id)
    assert chat is not None and not chat.can_read


async def test_job_posts_are_collected_and_chatter_is_not(bot: RunningBot, mario: SimUser) -> None:
    group = await joined_group(bot, mario)
    job = await mario.post(group, BACKEND_ACME)
    await mario.post(group, CHATTER)
    await mario.post(group, AD)
    other = await mario.post(group, DATA_GLOBEX)
    await mario.send("/digest now", chat=group)
    await group.expect_message()  # every post before the command was handled
    assert await stored_messages(bot, group.id) == [job.message_id, other.message_id]
    row = await bot.repos.db.fetchone(
        "SELECT role, company, location, link, sender_id FROM job_posts WHERE message_id = ?",
        (job.message_id,),
    )
    assert row is not None
    assert tuple(row) == (
        "Backend Developer",
        "Acme S.p.A.",
        "Milano",
        message_link(group.id, None, job.message_id),
        mario.id,
    )


async def test_edits_collect_update_and_drop(bot: RunningBot, mario: SimUser) -> None:
    group = await joined_group(bot, mario)
    chatter = await mario.post(group, CHATTER)
    job = await mario.post(group, BACKEND_ACME)
    await mario.edit(chatter, DATA_GLOBEX, chat=group)  # chatter became a job post
    await mario.edit(job, "Scusate, messaggio sbagliato", chat=group)  # no longer a job post
    await mario.send("/digest now", chat=group)
    digest = await group.expect_message()
    assert await stored_messages(bot, group.id) == [chatter.message_id]
    assert "Data Analyst" in digest.text and "Backend Developer" not in digest.text


async def test_edit_of_a_job_post_updates_its_fields(bot: RunningBot, mario: SimUser) -> None:
    group = await joined_group(bot, mario)
    job = await mario.post(group, BACKEND_ACME)
    await mario.edit(job, BACKEND_ACME.replace("Milano", "Torino"), chat=group)
    await mario.send("/digest now", chat=group)
    digest = await group.expect_message()
    assert "Torino" in digest.text and "Milano" not in digest.text.split("\n", 1)[1]


async def test_channel_posts_are_collected_when_the_bot_is_admin(
    bot: RunningBot, mario: SimUser
) -> None:
    channel = bot.emu.channel("Offerte Dev", username="offertedev")
    channel.add_member(mario, admin=True)
    await channel.add_bot(by=mario, as_admin=True)
    post = await channel.channel_post(DATA_GLOBEX)
    edited = await channel.channel_post(CHATTER)
    await channel.edit_channel_post(edited, BACKEND_ACME)
    # Channels get no greeting; the digest is turned on by an admin and sent by the sweep.
    await bot.settle()
    assert channel.unseen_messages() == []
    jobs = bot.repos.job_chats
    await jobs.update_digest(channel.id, digest_enabled=1, digest_next_at=bot.clock.now())
    await bot.run_due()
    digest = await channel.expect_message()
    assert digest.text.startswith("📋 2 nuove offerte di lavoro")
    assert f"https://t.me/offertedev/{post.message_id}" in (digest.raw_text or "")
    assert f"https://t.me/offertedev/{edited.message_id}" in (digest.raw_text or "")


async def test_removed_bot_stops(bot: RunningBot, mario: SimUser) -> None:
    group = await joined_group(bot, mario)
    await mario.send("/digest daily 9:00", chat=group)
    await group.expect_message()
    await mario.post(group, BACKEND_ACME)
    await group.remove_bot(by=mario)
    await bot.settle()
    chat = await bot.repos.job_chats.get_chat(group.id)
    assert chat is not None and not chat.active
    bot.clock.advance(timedelta(days=1))
    await bot.run_due()
    assert bot.emu.served("sendMessage", status=403) == []
    await group.expect_no_message()


async def test_migrated_group_keeps_its_settings_and_posts(bot: RunningBot, mario: SimUser) -> None:
    group = await joined_group(bot, mario, "Lavoro Torino", kind="group")
    old_id = group.id
    await mario.send("/digest daily 18:30", chat=group)
    await group.expect_message()
    first = await mario.post(group, BACKEND_ACME)
    new_id = await group.migrate_to_supergroup()
    second = await mario.post(group, DATA_GLOBEX)
    await mario.send("/digest now", chat=group)
    digest = await group.expect_message()
    jobs = bot.repos.job_chats
    assert await jobs.get_chat(old_id) is None
    chat = await jobs.get_chat(new_id)
    assert chat is not None
    assert (chat.type, chat.digest_enabled, chat.digest_time) == ("supergroup", True, "18:30")
    assert await stored_messages(bot, new_id) == [first.message_id, second.message_id]
    assert digest.chat_id == new_id
    # A basic group has no message links; the supergroup has.
    assert message_link(new_id, None, second.message_id) in (digest.raw_text or "")
    assert "Backend Developer" in digest.text


async def test_sending_to_a_migrated_id_follows_the_group(bot: RunningBot, mario: SimUser) -> None:
    """The migration notice was missed: the send gets ChatMigrated and moves the settings."""
    group = await joined_group(bot, mario, "Lavoro Bari", kind="group")
    old_id = group.id
    await mario.post(group, BACKEND_ACME)
    await mario.send("/digest daily 9:00", chat=group)
    await group.expect_message()
    jobs = bot.repos.job_chats
    # Upgrade behind the bot's back: it sees none of the service messages.
    bot_id = bot.emu.bot_user.id
    group.state.members[bot_id] = "left"
    new_id = await group.migrate_to_supergroup()
    group.state.members[bot_id] = "administrator"
    await jobs.request_digest(old_id)
    await bot.run_due()
    digest = await group.expect_message()
    assert digest.chat_id == new_id
    assert "Backend Developer" in digest.text
    assert await jobs.get_chat(old_id) is None
    assert await jobs.current_id(old_id) == new_id
    assert len(bot.emu.served("sendMessage", status=400)) == 1  # the ChatMigrated answer
