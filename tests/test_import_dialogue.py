"""/import through the real bot and the emulator: real-world files, previews, bad files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bot.sandbox import SimUser
from bot.sandbox.harness import RunningBot

DATA = Path(__file__).parent / "data" / "porting"


def fixture(name: str) -> bytes:
    return (DATA / name).read_bytes()


async def upload(user: SimUser, name: str, content: bytes | None = None) -> str:
    """/import, then the file; returns the bot's answer to the file."""
    await user.send("/import")
    await user.expect_reply()
    await user.upload(name, fixture(name) if content is None else content)
    return (await user.expect_reply(timeout=15)).text


async def test_linkedin_file_is_previewed_then_imported(bot: RunningBot, jane: SimUser) -> None:
    preview = await upload(jane, "linkedin_notes_full.csv")
    print(preview)
    await jane.press("📥 Import")
    done = await jane.expect_reply(timeout=15)
    print(done.text)
    contacts = await bot.services.contacts.all_for_owner(jane.id)
    assert [c.name for c in contacts] == ["Niccolò D'Angelo", "Zoë Ferri", "Marco Bruno"]
    assert contacts[0].met_on == date(2024, 10, 9)
