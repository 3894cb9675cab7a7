"""/export: the files, the complete JSON, and export -> import giving the same contacts."""

from __future__ import annotations

import codecs
import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from bot.contacts.model import ContactDraft
from bot.porting import ParseResult, parse_import
from bot.porting.json_export import EXPORT_SECTIONS, ExportSection, collect, jsonable, render
from bot.sandbox import SimUser
from bot.sandbox.harness import RunningBot
from bot.sandbox.views import BotMessage
from bot.services import Repos

CONTACTS = [
    ContactDraft(
        name="Niccolò D'Angelo",
        company="Meccanica Emiliana, S.p.A.",
        role="Responsabile commerciale",
        met_on=date(2026, 10, 9),
        met_where="Fiera di Bologna",
        emails=["niccolo@example.it", "nico@example.com"],
        phones=["+393331234567", "+390511234567"],
        telegram_username="nicco_da",
        linkedin_url="https://www.linkedin.com/in/niccolo-dangelo",
        notes='Padiglione 3, "molto" interessato;\nrichiamare a gennaio',
        tags=["Fiere", "Bologna, 2026"],
        source="telegram",
    ),
    ContactDraft(name='=HYPERLINK("x")', company="-Minus Srl", notes="@home"),
    ContactDraft(name="Zoë Ferri", emails=["zoe@studioferri.it"], source=None),
]


async def seed(bot: RunningBot, user: SimUser) -> list[int]:
    await user.send("/start")
    await user.expect_reply()
    services = bot.services
    event_id = await services.repos.events.create(user.id, "Fiera di Bologna", place="Bologna")
    ids = [await services.repos.contacts.create(user.id, c) for c in CONTACTS]
    await services.repos.interactions.add(
        user.id, ids[0], "email", bot.clock.now(), "Sent the deck"
    )
    await services.repos.reminders.create(
        user.id, "followup", bot.clock.now() + timedelta(days=3), contact_id=ids[0]
    )
    await services.repos.reminders.create(
        user.id, "event_prep", bot.clock.now() + timedelta(days=1), event_id=event_id
    )
    return ids


async def export(bot: RunningBot, user: SimUser) -> dict[str, bytes]:
    """/export; the documents sent, by file name."""
    await user.send("/export")
    files: dict[str, bytes] = {}
    while True:
        message: BotMessage = await user.expect_reply(timeout=15)
        if message.document is None:
            break
        assert message.document.file_name
        files[message.document.file_name] = bot.emu.world.files[message.document.file_id].content
    return files


def fields(draft: ContactDraft) -> dict[str, Any]:
    return {k: getattr(draft, k) for k in ContactDraft.__slots__}  # type: ignore[attr-defined]


async def test_export_sends_csv_vcf_and_complete_json(bot: RunningBot, mario: SimUser) -> None:
    await seed(bot, mario)
    files = await export(bot, mario)
    assert sorted(files) == ["contacts.csv", "contacts.vcf", "rete-2026-11-24.json"]
    summary = mario.last_bot_message()
    assert summary is not None
    assert summary.text.startswith("Ecco tutti i tuoi dati: 3 contatti.")

    csv = files["contacts.csv"]
    assert csv.startswith(codecs.BOM_UTF8)  # Excel reads UTF-8 only with the BOM
    assert "Niccolò".encode() in csv
    assert b"'=HYPERLINK" in csv  # not run as a formula by a spreadsheet
    assert files["contacts.vcf"].count(b"BEGIN:VCARD") == 3

    document = json.loads(files["rete-2026-11-24.json"])
    assert document["format"] == "rete-export"
    assert document["user_id"] == mario.id
    assert document["settings"]["timezone"] == "Europe/Rome"
    assert [c["name"] for c in document["contacts"]] == [c.name for c in CONTACTS]
    assert document["contacts"][0]["met_on"] == "2026-10-09"
    assert document["contacts"][0]["emails"] == ["niccolo@example.it", "nico@example.com"]
    assert [e["name"] for e in document["events"]] == ["Fiera di Bologna"]
    assert [i["note"] for i in document["interactions"]] == ["Sent the deck"]
    assert sorted(r["kind"] for r in document["reminders"]) == ["event_prep", "followup"]


@pytest.mark.parametrize("file_name", ["contacts.csv", "contacts.vcf"])
async def test_export_then_import_into_an_empty_account_gives_the_same_contacts(
    bot: RunningBot, mario: SimUser, jane: SimUser, file_name: str
) -> None:
    await seed(bot, mario)
    exported = (await export(bot, mario))[file_name]
    await jane.send("/import")
    await jane.expect_reply()
    await jane.upload(file_name, exported)
    assert "3 new contacts" in (await jane.expect_reply(timeout=15)).text
    await jane.press("📥 Import")
    await jane.expect_reply(timeout=15)
    label = "rete" if file_name.endswith(".csv") else "vcard"
    tag = f"import-{label}-2026-11-24"
    originals = [c.draft() for c in await bot.repos.contacts.all_for_owner(mario.id)]
    imported = [c.draft() for c in await bot.repos.contacts.all_for_owner(jane.id)]
    for original, copy in zip(originals, imported, strict=True):
        assert copy.tags == [*original.tags, tag]  # the import tag is the only addition
        copy.tags = original.tags
        assert fields(copy) == fields(original)


async def test_export_of_an_empty_account(bot: RunningBot, jane: SimUser) -> None:
    files = await export(bot, jane)
    assert sorted(files) == ["contacts.csv", "rete-2026-11-24.json"]  # no empty .vcf
    document = json.loads(files["rete-2026-11-24.json"])
    assert document["contacts"] == document["events"] == document["reminders"] == []
    result = parse_import(files["contacts.csv"], today=date(2026, 11, 24))
    assert isinstance(result, ParseResult)
    assert result.contacts == []


async def test_export_is_only_the_users_own_data(
    bot: RunningBot, mario: SimUser, jane: SimUser
) -> None:
    await seed(bot, mario)
    files = await export(bot, jane)
    assert "Niccol" not in files["contacts.csv"].decode("utf-8-sig")
    assert json.loads(files["rete-2026-11-24.json"])["contacts"] == []


def test_jsonable_turns_values_into_json() -> None:
    moment = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    value = {
        "when": moment,
        "day": date(2026, 1, 2),
        "ids": (1, 2),
        "draft": ContactDraft(name="A"),
    }
    result = jsonable(value)
    assert result["when"] == "2026-11-24T09:00:00+00:00"
    assert result["day"] == "2026-01-02"
    assert result["ids"] == [1, 2]
    assert result["draft"]["name"] == "A"
    json.dumps(result)


async def test_a_section_is_one_line(bot: RunningBot, jane: SimUser) -> None:
    """How a feature adds its table to the export (alert rules, for instance)."""

    async def alert_rules(repos: Repos, owner_id: int) -> list[dict[str, str]]:
        return [{"keyword": "python", "owner": str(owner_id)}]

    sections = [*EXPORT_SECTIONS, ExportSection("alert_rules", alert_rules)]
    collected = await collect(bot.repos, jane.id, sections)
    rendered = json.loads(render(collected, user_id=jane.id, exported_at=bot.clock.now()))
    assert rendered["alert_rules"] == [{"keyword": "python", "owner": str(jane.id)}]
    assert set(rendered) >= {s.name for s in EXPORT_SECTIONS}
