"""Shared set-up for the job group, digest and alert tests (not a test module)."""

from __future__ import annotations

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


async def add_rule(user: SimUser, rule: str) -> None:
    """`/alerts <rule>`: an instant rule, its confirmation and the list read."""
    await user.send(f"/alerts {rule}")
    await user.expect_reply()
    await user.expect_reply()
