"""`rete sandbox --demo`: a fair day played in the console, commands shown as they are typed.

The clock starts on a Monday at 10:30 (Rome), so "in 3 days" falls on a weekday and the
follow-up nudges are due when the demo waits three days.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.sandbox.console import Console

NARRATION = "#"

SCRIPT: tuple[str, ...] = (
    "# A day at a job fair, three days later, and a job group. Watch the commands.",
    ":user Jane en",
    "/start",
    "# At the fair: check in, so everyone you add is tagged with the event.",
    "/event Job Fair Milano, Milano",
    "# You meet Giulia. /add asks one thing at a time; buttons answer most of it.",
    "/add Giulia Bianchi, HR manager @ Acme",
    ":press job fair milano",
    ":press today",
    "giulia.bianchi@acme.example",
    ":press next",
    "Talked about the data team: send her my CV",
    ":press in 3 days",
    ":press save",
    "# Then Luca, quickly: skip what you do not know.",
    "/add Luca Verdi, CTO @ Beta",
    ":press job fair milano",
    ":press today",
    ":press skip",
    ":press skip",
    ":press in 3 days",
    ":press save",
    "# Job alerts: Rete sends you the posts you care about from your groups.",
    "/alerts data engineer",
    "# Three days later: at 10:00 the follow-up nudges arrive.",
    ":wait 3d",
    ":press done",
    ":press message",
    "# A job group: you create it, Rete joins as an admin and reads the posts.",
    ":group Jobs Milano",
    ":member Marco",
    ":user Marco",
    "Anyone going to the meetup tonight?",
    "We are hiring! Data Engineer @ Acme, Milano, full time. Apply: https://acme.example/jobs/7",
    "# Jane got an alert (see @Jane above): she knows someone at Acme.",
    ":user Jane",
    "/digest on",
    "/digest now",
    "# That was Rete. :help lists what else you can do here.",
)


def demo_start(now: datetime, timezone: ZoneInfo) -> datetime:
    """10:30 local time on the Monday of this week (the next Monday on Sunday)."""
    local = now.astimezone(timezone)
    offset = -local.weekday() if local.weekday() < 6 else 1
    monday = (local + timedelta(days=offset)).date()
    return datetime(monday.year, monday.month, monday.day, 10, 30, tzinfo=timezone)


async def play(
    console: Console, script: tuple[str, ...] = SCRIPT, *, typing: float = 0.0, pause: float = 0.0
) -> bool:
    """Type each line of `script` into the console; False if a line failed (said with `!`).

    `typing` is the delay per character and `pause` the one after each line: zero when
    the output is not watched."""
    style = console.style
    failures = console.failures
    for line in script:
        if line.startswith(NARRATION):
            console.say("")
            console.say(style.bold(line))
            continue
        console.out.write(style.bold("> "))
        if typing:
            for char in line:
                console.out.write(char)
                console.out.flush()
                await asyncio.sleep(typing)
            console.out.write("\n")
        else:
            console.out.write(line + "\n")
        console.out.flush()
        await console.handle(line)
        if pause:
            await asyncio.sleep(pause)
    return console.failures == failures
