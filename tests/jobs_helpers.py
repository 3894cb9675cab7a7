"""Shared set-up for the job group, digest and alert tests (not a test module)."""

from __future__ import annotations

import asyncio

from bot.sandbox import SimUser
from bot.sandbox.harness import RunningBot
from bot.sandbox.users import SimChat

BACKEND_ACME = (
    "#lavoro Cercasi Backend Developer\nAzienda: Acme S.p.A.\n📍 Milano\nRAL 35-40k\n"
    "Candidature: jobs@acme.it"
)
DATA_GLOBEX = (
    "We are hiring! Data Analyst @ Globex\nLocation: Torino\nFull remote\n"
    "Apply: https://globex.example/jobs/1"
)
DESIGN_INITECH = (
    "[UX Designer] [RAL 30-35k] [FULL REMOTE]\nAzienda: Initech\nInvia il CV a hr@initech.it"
    " #offerta"
)
CHATTER = "Ciao a tutti, qualcuno va al meetup di stasera?"
AD = "Vendo bici da corsa, 300 euro, zona Navigli"


async def joined_group(
    bot: RunningBot,
    admin: SimUser,
    title: str = "Lavoro Milano",
    *,
    kind: str = "supergroup",
    username: str | None = None,
    as_admin: bool = True,
) -> SimChat:
    """A group with `admin` in it, the bot added (as admin by default); the greeting read."""
    group = bot.emu.group(title, kind=kind, username=username)
    group.add_member(admin, admin=True)
    await group.add_bot(by=admin, as_admin=as_admin)
    await group.expect_message()
    return group


async def answers_since(bot: RunningBot, before: int, count: int) -> list[str]:
    """The texts of `count` callback answers after the first `before`, waiting up to 10 s
    for them (button presses answer without sending a message: `settle` cannot see them)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 10.0
    # The emulator records answers in a list and has no event for them: poll it.
    while len(bot.emu.callback_answers) < before + count and loop.time() < deadline:  # noqa: ASYNC110
        await asyncio.sleep(0.05)
    await bot.emu.settle()
    return [answer.text or "" for answer in bot.emu.callback_answers[before:]]
