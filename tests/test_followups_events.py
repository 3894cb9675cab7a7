"""After an event (the summary) and before it (the prep checklist with the CV)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.clock import ManualClock
from bot.followups import actions
from bot.sandbox import SimUser
from bot.sandbox.harness import RunningBot
from tests.followups_support import add_contact, refreshed, started

TODAY = date(2026, 11, 24)
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


async def test_checking_out_brings_the_summary_and_follow_up_with_all(
    bot: RunningBot, mario: SimUser, clock: ManualClock
) -> None:
    owner = await started(bot, mario)
    event_id = await bot.repos.events.create(owner.id, "Job Fair Milano", starts_on=TODAY)
    names = ["Anna Rossi", "Bruno <Verdi>", "Carla Neri"]
    for name in names:
        await add_contact(bot, owner, name, met_on=TODAY, event_id=event_id)
    await bot.repos.events.mark_checked_out(owner.id, event_id, clock.now())
    await actions.schedule_event_summary(bot.repos, bot.clock, owner, event_id)
    await bot.run_due()
    summary = await mario.expect_reply()
    lines = summary.text.splitlines()
    assert lines[0] == "🎉 Hai conosciuto 3 persone a Job Fair Milano:"
    assert lines[1:4] == [
        "• Carla Neri — HR manager @ Acme",
        "• Bruno <Verdi> — HR manager @ Acme",
        "• Anna Rossi — HR manager @ Acme",
    ]
    assert summary.buttons == [["✅ Ricontattali tutti", "☑️ Scegli"]]
    event = await bot.repos.events.get(owner.id, event_id)
    assert event is not None and event.summary_sent_at == clock.now()
    await mario.press("✅ Ricontattali tutti")
    planned = await mario.expect_reply()
    assert planned.text.endswith(
        "✅ Follow-up in programma per le 3 persone non ancora ricontattate: ven 27 nov."
    )
    reminders = [r for r in await bot.repos.reminders.all_for_owner(owner.id)]
    followups = [r for r in reminders if r.kind == "followup"]
    assert len(followups) == 3
    assert {r.due_at for r in followups} == {datetime(2026, 11, 27, 9, 0, tzinfo=UTC)}
    # Nothing twice: the summary is not sent again, "all" plans nothing new.
    await bot.run_due()
    await mario.expect_no_reply()


async def test_choose_plans_only_the_chosen(bot: RunningBot, jane: SimUser) -> None:
    owner = await started(bot, jane)
    event_id = await bot.repos.events.create(owner.id, "PyCon Italia")
    anna = await add_contact(bot, owner, "Anna", met_on=TODAY, event_id=event_id)
    await add_contact(bot, owner, "Bruno", met_on=TODAY, event_id=event_id)
    await actions.schedule_event_summary(bot.repos, bot.clock, owner, event_id)
    await bot.run_due()
    summary = await jane.expect_reply()
    assert summary.text.startswith("🎉 You met 2 people at PyCon Italia:")
    await jane.press("☑️ Choose", message=summary)
    assert (await jane.expect_reply()).buttons == [["Bruno"], ["Anna"], ["✔️ That's all"]]
    await jane.press("Anna", message=summary)
    assert (await jane.expect_reply()).buttons == [["Bruno"], ["✓ Anna"], ["✔️ That's all"]]
    await bot.settle()
    assert bot.emu.callback_answers[-1].text == "Follow-up planned: Fri 27 Nov."
    await jane.press("✔️ That's all", message=summary)
    done = await jane.expect_reply()
    assert done.text == "✅ Follow-up planned with 1 person: Anna.\n/followups lists what is due."
    assert done.buttons == []
    assert await bot.repos.reminders.has_open_followup(owner.id, anna)
    followups = [r for r in await bot.repos.reminders.all_for_owner(owner.id)]
    assert [r.contact_id for r in followups if r.kind == "followup"] == [anna]


async def test_an_event_whose_end_date_passed_gets_its_summary_once(
    bot: RunningBot, mario: SimUser, clock: ManualClock
) -> None:
    owner = await started(bot, mario)
    event_id = await bot.repos.events.create(
        owner.id, "Smau", starts_on=TODAY, ends_on=TODAY + timedelta(days=1)
    )
    await add_contact(bot, owner, "Anna", met_on=TODAY, event_id=event_id)
    empty = await bot.repos.events.create(owner.id, "Empty fair", ends_on=TODAY)
    await bot.run_due()
    await mario.expect_no_reply()
    clock.set(datetime(2026, 11, 26, 9, 0, tzinfo=UTC))  # the day after it ended, 10:00 Rome
    await bot.run_due()
    assert (await mario.expect_reply()).text.startswith("🎉 Hai conosciuto 1 persona a Smau:")
    clock.advance(timedelta(days=1))
    await bot.run_due()
    await mario.expect_no_reply()
    assert [r.kind for r in await bot.repos.reminders.all_for_owner(owner.id)] == ["event_summary"]
    assert empty


async def test_the_prep_reminder_the_day_before_offers_the_cv(
    bot: RunningBot, mario: SimUser, clock: ManualClock
) -> None:
    owner = await started(bot, mario)
    await mario.upload("CV Mario Rossi.pdf", PDF)
    assert "CV Mario Rossi.pdf" in (await mario.expect_reply()).text
    await mario.press("✅ Sì, salvalo")
    assert (await mario.expect_reply()).text.startswith("📄 Ho salvato CV Mario Rossi.pdf")
    clock.advance(timedelta(days=40))  # Sunday 3 January 2027
    owner = await refreshed(bot, owner.id)
    starts = date(2027, 1, 11)  # a Monday: the eve is a Sunday, and the eve it stays
    event_id = await bot.repos.events.create(
        owner.id, "Career Day <Bocconi>", place="Milano", starts_on=starts
    )
    assert await actions.schedule_event_prep(bot.repos, bot.clock, owner, event_id, starts)
    clock.set(datetime(2027, 1, 10, 8, 59, tzinfo=UTC))
    await bot.run_due()
    await mario.expect_no_reply()
    clock.set(datetime(2027, 1, 10, 9, 0, tzinfo=UTC))  # Sunday 10:00 in Rome
    await bot.run_due()
    prep = await mario.expect_reply()
    assert prep.text.splitlines()[0] == "🗓 Domani: Career Day <Bocconi> (Milano)"
    assert (
        "☐ Porta il CV: quello che mi hai mandato risale a mar 24 nov 2026 (salvato 47 giorni fa)."
        in prep.text
    )
    assert prep.buttons == [["📄 Mandami il CV"]]
    await mario.press("📄 Mandami il CV")
    document = await mario.expect_reply()
    assert document.document is not None
    stored = await refreshed(bot, owner.id)
    assert document.document.file_id == stored.cv_file_id


async def test_the_prep_reminder_without_a_cv_says_how_to_store_one(
    bot: RunningBot, jane: SimUser, clock: ManualClock
) -> None:
    owner = await started(bot, jane)
    starts = TODAY + timedelta(days=2)
    event_id = await bot.repos.events.create(owner.id, "Web Summit", starts_on=starts)
    await actions.schedule_event_prep(bot.repos, bot.clock, owner, event_id, starts)
    clock.advance(timedelta(days=1))
    await bot.run_due()
    prep = await jane.expect_reply()
    assert "Bring your CV: you have not stored one yet: send it to me with /cv." in prep.text
    assert prep.buttons == []
