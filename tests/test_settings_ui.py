"""/settings: buttons for common values, typed values validated, and they take effect."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.clock import ManualClock
from bot.sandbox import SimUser
from bot.sandbox.harness import RunningBot
from tests.followups_support import add_contact, followup_after, refreshed, started


async def test_settings_shows_the_current_values(bot: RunningBot, mario: SimUser) -> None:
    await started(bot, mario)
    await mario.send("/settings")
    shown = await mario.expect_reply()
    assert shown.text.splitlines() == [
        "⚙️ Impostazioni",
        "🔔 Follow-up: 3 giorni dopo l'incontro",
        "🕙 Promemoria alle: 10:00",
        "🌍 Fuso orario: Europe/Rome (lì ora sono le 10:00)",
        "📅 Nel fine settimana: spostati a lunedì",
        "🗣 Lingua: 🇮🇹 Italiano",
    ]
    assert shown.buttons == [
        ["🔔 Giorni", "🕙 Orario"],
        ["🌍 Fuso orario", "🗣 Lingua"],
        ["📅 Weekend: invia comunque"],
        ["🪪 Il mio biglietto"],
    ]


async def test_a_typed_time_is_validated_and_its_minutes_are_used(
    bot: RunningBot, mario: SimUser, clock: ManualClock
) -> None:
    owner = await started(bot, mario)
    await mario.send("/settings")
    await mario.expect_reply()
    await mario.press("🕙 Orario")
    await mario.expect_reply()
    await mario.send("23:30")
    refused = await mario.expect_reply()
    assert refused.text.startswith("Di notte non mando promemoria")
    await mario.send("boh")
    assert (await mario.expect_reply()).text.startswith("Non ho capito: scrivi un orario")
    await mario.send("9.30")
    assert (await mario.expect_reply()).text == "Salvato."
    assert "🕙 Promemoria alle: 09:30" in (await mario.expect_reply()).text
    owner = await refreshed(bot, owner.id)
    assert (owner.preferred_hour, owner.preferred_minute) == (9, 30)
    # The next follow-up arrives at 9:30 in Rome.
    contact_id = await add_contact(bot, owner, met_on=date(2026, 11, 24))
    await followup_after(bot, owner, contact_id, date(2026, 11, 24), 3)
    clock.set(datetime(2026, 11, 27, 8, 29, tzinfo=UTC))
    await bot.run_due()
    await mario.expect_no_reply()
    clock.set(datetime(2026, 11, 27, 8, 30, tzinfo=UTC))
    await bot.run_due()
    assert "Giulia Bianchi" in (await mario.expect_reply()).text
    # Typing is over: plain text is not taken as a setting any more.
    await mario.send("10:00")
    assert "/add" in (await mario.expect_reply()).text


async def test_days_by_button_and_typed(bot: RunningBot, jane: SimUser) -> None:
    await started(bot, jane)
    await jane.send("/settings")
    await jane.expect_reply()
    await jane.press("🔔 Days")
    prompt = await jane.expect_reply()
    assert prompt.buttons == [["1", "2", "3"], ["5", "7", "14"], ["« Back"]]
    await jane.press("7")
    assert "🔔 Follow up: 7 days after a meeting" in (await jane.expect_reply()).text
    assert (await refreshed(bot, jane.id)).followup_days == 7
    await jane.press("🔔 Days")
    await jane.expect_reply()
    await jane.send("90")
    assert (await jane.expect_reply()).text.startswith("Choose between 1 and 60 days.")
    await jane.send("/cancel")
    assert (await jane.expect_reply()).text == "Settings unchanged."
    assert (await refreshed(bot, jane.id)).followup_days == 7


async def test_time_zone_typed_as_a_city(bot: RunningBot, jane: SimUser) -> None:
    await started(bot, jane)
    await jane.send("/settings")
    await jane.expect_reply()
    await jane.press("🌍 Time zone")
    await jane.expect_reply()
    await jane.send("Atlantis")
    assert (await jane.expect_reply()).text.startswith("I don't know that time zone.")
    await jane.send("new york")
    assert (await jane.expect_reply()).text == "Saved."
    assert (
        "🌍 Time zone: America/New_York (it is 04:00 there now)" in (await jane.expect_reply()).text
    )
    assert (await refreshed(bot, jane.id)).timezone == "America/New_York"


async def test_weekend_and_language_buttons(bot: RunningBot, mario: SimUser) -> None:
    await started(bot, mario)
    await mario.send("/settings")
    await mario.expect_reply()
    await mario.press("📅 Weekend: invia comunque")
    toggled = await mario.expect_reply()
    assert "📅 Nel fine settimana: inviati come negli altri giorni" in toggled.text
    assert not (await refreshed(bot, mario.id)).weekend_shift
    await mario.press("🗣 Lingua")
    await mario.expect_reply()
    await mario.press("🇬🇧 English")
    english = await mario.expect_reply()
    assert english.text.startswith("⚙️ Settings")
    assert "🗣 Language: 🇬🇧 English" in english.text
    assert (await refreshed(bot, mario.id)).language == "en"


async def test_forged_settings_buttons_change_nothing(bot: RunningBot, mario: SimUser) -> None:
    await started(bot, mario)
    await mario.send("/settings")
    message = await mario.expect_reply()
    for data in ("set:days:0", "set:days:999", "set:time:23:00", "set:tz:Mars/Base", "set:lang:xx"):
        await mario.press_data(data, message=message)
    await bot.settle()
    assert [a.text for a in bot.emu.callback_answers[-5:]] == ["Questo pulsante è scaduto."] * 5
    user = await refreshed(bot, mario.id)
    assert (user.followup_days, user.preferred_hour, user.timezone, user.language) == (
        3,
        10,
        "Europe/Rome",
        None,
    )


async def test_settings_from_the_start_menu(bot: RunningBot, jane: SimUser) -> None:
    await started(bot, jane)
    await jane.press("⚙️ Settings")
    assert (await jane.expect_reply()).text.startswith("⚙️ Settings")
