"""Admins correct the collector: /job, /notjob (as replies) and "every post is an offer"."""

from __future__ import annotations

from datetime import timedelta

from bot.sandbox import SimUser
from bot.sandbox.harness import RunningBot
from tests.jobs_helpers import BACKEND_ACME, CHATTER, DATA_GLOBEX, add_rule, joined_group

# A real offer the classifier scores too low: no hiring verb, no role noun, no label, no pay.
MISSED = "Panificio Rossi, via Roma 3 a Torino: serve aiuto al banco il sabato mattina, passate"
GREETING = "Buongiorno a tutti!"
QUESTION = "Qualcuno sa se Globex assume ancora a Torino per il magazzino?"


async def stored(bot: RunningBot, chat_id: int) -> list[int]:
    rows = await bot.repos.db.fetchall(
        "SELECT message_id FROM job_posts WHERE chat_id = ? ORDER BY id", (chat_id,)
    )
    return [row[0] for row in rows]


async def test_job_collects_a_missed_post_and_it_stays_through_edits(
    bot: RunningBot, mario: SimUser, jane: SimUser
) -> None:
    group = await joined_group(bot, mario)
    missed = await mario.post(group, MISSED)
    await mario.send("/digest now", chat=group)
    assert (await group.expect_message()).text.startswith("Nessuna nuova offerta")
    await mario.reply(missed, "/job", chat=group)
    assert (await group.expect_message()).text == "✅ Aggiunto agli annunci di lavoro."
    await mario.reply(missed, "/job", chat=group)
    assert (await group.expect_message()).text == "✅ È già tra gli annunci di lavoro."
    # An edit the classifier would still reject does not undo the admin's word.
    await mario.edit(missed, MISSED + ", anche part-time", chat=group)
    await mario.send("/digest now", chat=group)
    digest = await group.expect_message()
    assert digest.text.startswith("📋 1 nuova offerta di lavoro")
    assert await stored(bot, group.id) == [missed.message_id]
    row = await bot.repos.db.fetchone(
        "SELECT text FROM job_posts WHERE message_id = ?", (missed.message_id,)
    )
    assert row is not None and row[0].endswith("anche part-time")
    # The bot deleted nothing in the group.
    assert bot.emu.served("deleteMessage") == []


async def test_notjob_drops_a_post_from_digests_and_alerts(
    bot: RunningBot, mario: SimUser, jane: SimUser
) -> None:
    await add_rule(jane, "analyst")
    await jane.send("/alerts")  # daily, so that the alert is still queued at /notjob
    listing = await jane.expect_reply()
    await jane.press("📅 analyst", message=listing)
    await jane.expect_reply()
    group = await joined_group(bot, mario)
    group.add_member(jane)
    job = await mario.post(group, DATA_GLOBEX)
    keep = await mario.post(group, BACKEND_ACME)
    await mario.reply(job, "/notjob", chat=group)
    assert (await group.expect_message()).text == "✅ Escluso da riepiloghi e avvisi."
    await mario.reply(await mario.post(group, CHATTER), "/notjob", chat=group)
    assert (await group.expect_message()).text == (
        "✅ Non era tra gli annunci di lavoro, e ne resterà fuori."
    )
    # An edit does not bring it back.
    await mario.edit(job, DATA_GLOBEX + "\nAnche part-time", chat=group)
    await mario.send("/digest now", chat=group)
    digest = await group.expect_message()
    assert digest.text.startswith("📋 1 nuova offerta di lavoro")
    assert "Data Analyst" not in digest.text and "Backend Developer" in digest.text
    assert await stored(bot, group.id) == [keep.message_id]
    # Jane's daily summary would have had it: it does not come.
    bot.clock.advance(timedelta(days=1))
    await bot.run_due()
    await jane.expect_no_reply()
    assert bot.emu.served("deleteMessage") == []


async def test_only_admins_correct_and_a_reply_is_needed(
    bot: RunningBot, mario: SimUser, jane: SimUser
) -> None:
    group = await joined_group(bot, mario)
    group.add_member(jane)
    job = await mario.post(group, BACKEND_ACME)
    missed = await mario.post(group, MISSED)
    await jane.reply(job, "/notjob", chat=group)
    await jane.reply(missed, "/job", chat=group)
    await jane.send("/digest all on", chat=group)
    refusals = [(await group.expect_message()).text for _ in range(3)]
    assert refusals == [
        "Only the admins of this group can correct the job posts.",
        "Only the admins of this group can correct the job posts.",
        "Only the admins of this group can set up the digest.",
    ]
    await mario.send("/job", chat=group)
    usage = await group.expect_message()
    assert usage.text == "Rispondi /job a un messaggio per aggiungerlo agli annunci di lavoro."
    await mario.reply(usage, "/job", chat=group)  # the bot's own message is not a post
    assert (await group.expect_message()).text == usage.text
    assert await stored(bot, group.id) == [job.message_id]
    chat = await bot.repos.job_chats.get_chat(group.id)
    assert chat is not None and chat.collect_mode == "classifier"


async def test_every_post_is_an_offer_but_chatter(bot: RunningBot, mario: SimUser) -> None:
    group = await joined_group(bot, mario, "Offerte Magazzino")
    before = await mario.post(group, MISSED)
    await mario.send("/digest all on", chat=group)
    said = await group.expect_message()
    assert said.text.startswith("✅ Da ora ogni post qui è un'offerta di lavoro")
    offer = await mario.post(group, MISSED.replace("Rossi", "Bianchi"))
    await mario.post(group, GREETING)
    await mario.post(group, QUESTION)
    await mario.post(group, CHATTER)
    await mario.post(group, "Cerco lavoro come magazziniere a Torino, disponibile da subito")
    await mario.send("/digest", chat=group)
    settings = await group.expect_message()
    assert "Ogni post è un'offerta di lavoro (chiacchiere escluse)" in settings.text
    # Only what came after the switch; not the greeting, the question, the chatter, a seeker.
    assert await stored(bot, group.id) == [offer.message_id]
    assert before.message_id not in await stored(bot, group.id)
    await mario.press("🔎 Individua le offerte", chat=group, message=settings)
    assert "Individuo io le offerte di lavoro" in (await group.expect_message()).text
    await mario.post(group, MISSED.replace("Rossi", "Verdi"))
    await mario.send("/digest now", chat=group)
    digest = await group.expect_message()
    assert digest.text.startswith("📋 1 nuova offerta di lavoro")
