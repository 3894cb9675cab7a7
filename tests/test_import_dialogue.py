"""/import through the real bot and the emulator: real-world files, previews, bad files."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.contacts.model import ContactDraft
from bot.porting import MAX_BYTES
from bot.sandbox import SimUser
from bot.sandbox.harness import RunningBot

DATA = Path(__file__).parent / "data" / "porting"
TAG_DAY = "2026-11-24"  # the clock's day (conftest.START)


def fixture(name: str) -> bytes:
    return (DATA / name).read_bytes()


async def upload(user: SimUser, name: str, content: bytes | None = None) -> str:
    """/import, then the file; returns the bot's answer to the file."""
    await user.send("/import")
    await user.expect_reply()
    await user.upload(name, fixture(name) if content is None else content)
    return (await user.expect_reply(timeout=15)).text


async def confirm(user: SimUser, button: str = "📥 Import") -> str:
    await user.press(button)
    return (await user.expect_reply(timeout=15)).text


# (file, names imported in order, tag word, a few (index, field, value) checks)
REAL_WORLD = [
    (
        "android_v21.vcf",
        ["Niccolò D'Angelo", "Zoë Maria Bianchi"],
        "vcard",
        [
            (0, "company", "Società Meccanica Srl"),
            (0, "phones", ("+393331234567", "+390287654321")),
        ],
    ),
    (
        "iphone_v30.vcf",
        ["Zoë Ferri", "Dott. Gianluca Russo"],
        "vcard",
        [(0, "telegram_username", "zoeferri"), (1, "telegram_username", "gianluca_russo")],
    ),
    ("v40.vcf", ["Lucía Esposito"], "vcard", [(0, "role", "Ricercatrice")]),
    (
        "linkedin_notes_full.csv",
        ["Niccolò D'Angelo", "Zoë Ferri", "Marco Bruno"],
        "linkedin",
        [(0, "met_on", date(2024, 10, 9)), (0, "met_where", "LinkedIn"), (2, "emails", ())],
    ),
    (
        "linkedin_no_preamble_no_email.csv",
        ["Chiara De Luca", "Paolo Greco", "Elena"],
        "linkedin",
        [(0, "met_on", date(2026, 2, 6))],
    ),
    (
        "linkedin_old_dates.csv",
        ["Francesca Romano", "Luca Colombo", "Sara Ricci", "Andrea Marino"],
        "linkedin",
        [(0, "met_on", date(2018, 1, 8)), (2, "met_on", date(1999, 2, 6))],
    ),
    (
        "google_current.csv",
        ["Niccolò D'Angelo", "Zoë Maria Ferri"],
        "google",
        [(0, "phones", ("+393331234567", "+390511234567")), (1, "source", "google")],
    ),
    ("google_legacy.csv", ["Giulia Conti", "Roberto Esposito"], "google", []),
    (
        "outlook_bom.csv",
        ["Alessandro Lombardi", "Martina D'Amico"],
        "outlook",
        [(0, "company", "Lombardi & Figli, S.r.l."), (1, "source", "outlook")],
    ),
]


@pytest.mark.parametrize(("name", "names", "label", "checks"), REAL_WORLD)
async def test_real_world_files_are_imported(
    bot: RunningBot,
    jane: SimUser,
    name: str,
    names: list[str],
    label: str,
    checks: list[tuple[int, str, object]],
) -> None:
    preview = await upload(jane, name)
    assert f"{len(names)} new contact" in preview
    assert "Nothing is saved until you press Import." in preview
    assert await bot.repos.contacts.count(jane.id) == 0  # nothing before confirming
    done = await confirm(jane)
    assert done.startswith(f"✅ Import done: {len(names)} new contact")
    contacts = await bot.repos.contacts.all_for_owner(jane.id)
    assert [c.name for c in contacts] == names
    tag = f"import-{label}-{TAG_DAY}"
    assert all(tag in c.tags for c in contacts)
    for index, field, value in checks:
        assert getattr(contacts[index], field) == value
    # The contacts are searchable, by name and by the import tag.
    assert await bot.repos.contacts.search(jane.id, names[0])
    assert len(await bot.repos.contacts.search(jane.id, tag)) == len(names)


async def test_the_preview_speaks_italian(bot: RunningBot, mario: SimUser) -> None:
    preview = await upload(mario, "linkedin_notes_full.csv")
    assert preview.splitlines()[:2] == [
        "Pronto da importare: linkedin_notes_full.csv (collegamenti LinkedIn)",
        "• 3 contatti nuovi",
    ]
    assert "riga 7: vuota" in preview
    assert "riga 8: e-mail non valida (marco.bruno[at]example.it)" in preview
    done = await confirm(mario, "📥 Importa")
    assert done.startswith("✅ Importazione completata: 3 contatti nuovi")


async def test_a_partly_readable_vcard_imports_the_readable_part(
    bot: RunningBot, jane: SimUser
) -> None:
    preview = await upload(jane, "broken.vcf")
    assert "• 1 new contact" in preview
    assert "2 entries can't be imported:" in preview
    assert "card 2: no name (broken@example.it)" in preview
    assert "card 3: unreadable" in preview
    assert "the other contacts are imported as usual" in preview
    await confirm(jane)
    contacts = await bot.repos.contacts.all_for_owner(jane.id)
    assert [c.name for c in contacts] == ["Giulia Conti"]


@pytest.mark.parametrize(
    ("name", "content", "answer"),
    [
        ("empty.csv", None, "This file is empty."),
        ("image.png", None, "This is not a contacts file"),
        ("unknown_columns.csv", None, "The columns are: Codice, Importo, Data fattura."),
        ("notes.txt", b"just some words\nwithout any delimiter\n", "I don't recognise this"),
        (
            "many.csv",
            ("Name,Email\n" + "".join(f"P{i},p{i}@example.com\n" for i in range(10_001))).encode(),
            "This file has 10,001 contacts: I can import up to 10,000 at a time.",
        ),
    ],
)
async def test_bad_files_get_a_clear_answer_and_nothing_is_imported(
    bot: RunningBot, jane: SimUser, name: str, content: bytes | None, answer: str
) -> None:
    reply = await upload(jane, name, content)
    assert answer in reply
    assert reply.endswith("Nothing was imported. Send another file, or /cancel.")
    assert await bot.repos.contacts.count(jane.id) == 0
    # The question stays open: the next file is read.
    await jane.upload("v40.vcf", fixture("v40.vcf"))
    assert "1 new contact" in (await jane.expect_reply(timeout=15)).text


async def test_a_too_large_file_is_refused_without_downloading(
    bot: RunningBot, jane: SimUser
) -> None:
    reply = await upload(jane, "huge.vcf", b"x" * (MAX_BYTES + 200_000))
    assert reply.startswith("This file is 5.2 MB: I can read up to 5.0 MB.")
    assert not bot.emu.served("getFile")
    assert await bot.repos.contacts.count(jane.id) == 0


async def test_a_message_that_is_not_a_file_gets_a_hint(jane: SimUser) -> None:
    await jane.send("/import")
    await jane.expect_reply()
    await jane.send("here are my contacts")
    assert (await jane.expect_reply()).text.startswith("Send the contacts as a file")


async def test_cancel_saves_nothing(bot: RunningBot, jane: SimUser) -> None:
    await upload(jane, "google_legacy.csv")
    preview = jane.last_bot_message()
    assert preview is not None
    await jane.press("✖️ Cancel")
    cancelled = await jane.expect_reply()
    assert cancelled.text == "Import cancelled: nothing was saved."
    assert cancelled.message_id == preview.message_id
    assert not cancelled.buttons
    assert await bot.repos.contacts.count(jane.id) == 0
    # /cancel while waiting for the file.
    await jane.send("/import")
    await jane.expect_reply()
    await jane.send("/cancel")
    assert (await jane.expect_reply()).text == "Import cancelled: nothing was saved."


async def test_forged_and_stale_buttons_change_nothing(bot: RunningBot, jane: SimUser) -> None:
    await upload(jane, "google_legacy.csv")
    first = jane.last_bot_message()
    assert first is not None
    for data in ("im:kit:weekly", "im:dup:merge", "im:dup", "im:zz"):
        await jane.press_data(data, message=first)
    await bot.settle()
    # A second file replaces the preview: the first preview's buttons are stale.
    await jane.upload("v40.vcf", fixture("v40.vcf"))
    await jane.expect_reply(timeout=15)
    await jane.press_data("im:go", message=first)
    await bot.settle()
    answers = [a.text for a in bot.emu.callback_answers]
    assert answers == ["This button has expired."] * 5
    assert await bot.repos.contacts.count(jane.id) == 0
    await confirm(jane)
    assert [c.name for c in await bot.repos.contacts.all_for_owner(jane.id)] == ["Lucía Esposito"]


async def existing(bot: RunningBot, user: SimUser, draft: ContactDraft) -> int:
    await user.send("/start")
    await user.expect_reply()
    return await bot.repos.contacts.create(user.id, draft)


async def test_duplicates_are_merged_by_default(bot: RunningBot, jane: SimUser) -> None:
    cid = await existing(
        bot,
        jane,
        ContactDraft(name="Giulia C.", emails=["giulia.conti@example.it"], notes="Met in Rome"),
    )
    preview = await upload(jane, "broken.vcf")
    assert "• 0 new contacts" in preview
    assert "1 already in your contacts (Giulia C.)" in preview
    assert "they will be merged" in preview
    done = await confirm(jane)
    assert done.startswith("✅ Import done: 0 new contacts, 1 merged.")
    merged = await bot.repos.contacts.get(jane.id, cid)
    assert merged is not None
    assert merged.name == "Giulia C."  # what the user wrote wins…
    # …and the file's different name is kept in the notes, not dropped.
    assert merged.notes == f"Met in Rome\nName in the import import-vcard-{TAG_DAY}: Giulia Conti"
    assert f"import-vcard-{TAG_DAY}" in merged.tags
    assert await bot.repos.contacts.count(jane.id) == 1


async def test_duplicates_can_be_skipped(bot: RunningBot, jane: SimUser) -> None:
    cid = await existing(
        bot, jane, ContactDraft(name="Roberto Esposito", company="Altro", phones=["+390611"])
    )
    before = await bot.repos.contacts.get(jane.id, cid)
    preview = await upload(jane, "google_legacy.csv")
    assert "1 new contact" in preview
    assert "1 already in your contacts (Roberto Esposito)" in preview
    await jane.press("Skip duplicates")
    redrawn = await jane.expect_reply()
    assert redrawn.edited
    assert "they will be skipped" in redrawn.text
    assert redrawn.buttons[0] == ["Merge duplicates", "✅ Skip duplicates"]
    done = await confirm(jane)
    assert done.startswith("✅ Import done: 1 new contact, 1 duplicate skipped.")
    assert await bot.repos.contacts.get(jane.id, cid) == before
    assert await bot.repos.contacts.count(jane.id) == 2


async def test_keep_in_touch_for_all_spreads_the_overdue(bot: RunningBot, jane: SimUser) -> None:
    await upload(jane, "linkedin_old_dates.csv")
    await jane.press("Every 3 months")
    redrawn = await jane.expect_reply()
    assert "Keep in touch: Every 3 months" in redrawn.text
    done = await confirm(jane)
    assert "spread over the coming weeks" in done
    contacts = await bot.repos.contacts.all_for_owner(jane.id)
    assert {c.cadence for c in contacts} == {"quarterly"}
    reminders = await bot.repos.reminders.all_for_owner(jane.id)
    assert sorted(r.contact_id for r in reminders) == sorted(c.id for c in contacts)
    assert {r.kind for r in reminders} == {"keep_in_touch"}
    now = bot.clock.now()
    dues = sorted(r.due_at for r in reminders)
    # All four are years overdue: spread from tomorrow over the first three months.
    assert now + timedelta(hours=12) < dues[0] < now + timedelta(days=2)
    assert dues[-1] < now + timedelta(days=93)
    assert len({d.date() for d in dues}) == 4


async def test_an_import_is_all_or_nothing(
    bot: RunningBot, jane: SimUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    await upload(jane, "linkedin_old_dates.csv")
    await jane.press("Every month")
    await jane.expect_reply()

    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(bot.repos.reminders, "create_many", broken)
    await jane.press("📥 Import")
    assert (await jane.expect_reply(timeout=15)).text == (
        "Something went wrong while importing: nothing was saved. Please try again."
    )
    assert await bot.repos.contacts.count(jane.id) == 0
    assert await bot.repos.reminders.all_for_owner(jane.id) == []


async def test_one_dialogue_at_a_time(bot: RunningBot, jane: SimUser) -> None:
    await jane.send("/import")
    await jane.expect_reply()
    await jane.send("/settings")
    await jane.expect_reply()
    await jane.press("🔔 Days")
    await bot.settle()
    assert bot.emu.callback_answers[-1].text == (
        "You are in the middle of /import: finish it, or send /cancel to leave it."
    )


async def test_the_dialogue_survives_a_restart(bot: RunningBot, jane: SimUser) -> None:
    await jane.send("/import")
    await jane.expect_reply()
    await bot.restart()
    await jane.upload("v40.vcf", fixture("v40.vcf"))
    assert "1 new contact" in (await jane.expect_reply(timeout=15)).text
    await bot.restart()
    await confirm(jane)
    assert await bot.repos.contacts.count(jane.id) == 1


async def test_reminder_times_are_utc(bot: RunningBot, jane: SimUser) -> None:
    """A contact met recently is not overdue: its nudge follows the plain cadence rule."""
    csv = b"Name,Email\nAnna Neri,anna@example.com\n"
    await upload(jane, "new.csv", csv)
    await jane.press("Every month")
    await jane.expect_reply()
    await confirm(jane)
    (reminder,) = await bot.repos.reminders.all_for_owner(jane.id)
    # Met today (no date in the file): 24 Dec 2026, a Thursday, 10:00 in Rome.
    assert reminder.due_at == datetime(2026, 12, 24, 9, 0, tzinfo=UTC)


def many_cards(n: int) -> bytes:
    return "".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Persona {i}\r\nORG:Azienda {i % 50}\r\n"
        f"EMAIL:p{i}@example.it\r\nTEL:+39 333 {i:07d}\r\nNOTE:Fiera\\, stand {i}\r\nEND:VCARD\r\n"
        for i in range(n)
    ).encode()


async def test_others_are_served_while_a_big_file_is_read(
    bot: RunningBot, jane: SimUser, mario: SimUser
) -> None:
    await jane.send("/import")
    await jane.expect_reply()
    await jane.upload("rubrica.vcf", many_cards(5000))
    await jane.send("hello?")
    await mario.send("/help")
    # Mario's answer does not wait for Jane's file; Jane is told to wait, not ignored.
    assert (await mario.expect_reply()).text.startswith("Cosa so fare")
    assert (await jane.expect_reply()).text == "One moment: I'm still working on your file."
    preview = await jane.expect_reply(timeout=30)
    assert "5000 new contacts" in preview.text
    await jane.press("📥 Import")
    await jane.press("📥 Import")  # impatient: the second press is answered, not run twice
    done = await jane.expect_reply(timeout=30)
    assert done.text.startswith("✅ Import done: 5000 new contacts")
    await bot.settle()
    assert "One moment: I'm still working on your file." in [
        a.text for a in bot.emu.callback_answers
    ]
    assert await bot.repos.contacts.count(jane.id) == 5000


async def test_names_from_the_file_are_escaped(bot: RunningBot, jane: SimUser) -> None:
    await existing(bot, jane, ContactDraft(name="<b>Eve</b> & co", emails=["eve@example.it"]))
    csv = b"Name,Email,Company\n<i>Eve</i>,eve@example.it,\n,,<Acme & Co>\n"
    preview = await upload(jane, "<rubrica & co>.csv", csv)
    assert "<rubrica & co>.csv" in preview
    assert "(<b>Eve</b> & co)" in preview
    assert "row 3: no name (<Acme & Co>)" in preview
