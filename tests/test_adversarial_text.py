"""Hostile text at every text entry point: every command with random arguments, and random
text (20,000 characters, controls, direction marks, HTML, SQL and search syntax) in every
dialogue state the public commands and their buttons reach, in private and in a group.
See tests/adversarial.py."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.sandbox import SimUser
from bot.sandbox.harness import RunningBot
from storage.contacts import ContactDraft
from storage.job_kinds import AlertMode
from storage.kinds import ReminderKind
from tests.adversarial import (
    COMMANDS,
    Attack,
    callback_data_of,
    hostile_text,
    keyboard_messages,
)
from tests.jobs_helpers import joined_group

VICTIM_CONTACT = "Zebedeo Quarantotto"  # must never show up where the attacker is
_SETTINGS = settings(
    max_examples=25,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# After a command: typed text, or a press of one of the buttons the bot is showing.
_FOLLOW_UP = st.one_of(
    st.tuples(st.just("text"), hostile_text),
    st.tuples(st.just("button"), st.integers(min_value=0, max_value=40)),
)
_ARGUMENTS = st.one_of(st.just(""), hostile_text)


async def victim_with_data(bot: RunningBot, victim: SimUser) -> None:
    """A user with something of everything, for the attacker to try to reach."""
    await victim.send("/start")
    await victim.expect_reply()
    event_id = await bot.repos.events.create(victim.id, "Fiera del Lavoro")
    for name in (VICTIM_CONTACT, "Anna Bianchi"):
        contact_id = await bot.repos.contacts.create(
            victim.id, ContactDraft(name=name, company="Acme", event_id=event_id, notes="x")
        )
        await bot.repos.reminders.create(
            victim.id, ReminderKind.FOLLOWUP, bot.clock.now(), contact_id=contact_id
        )
    await bot.repos.job_alerts.add_rule(victim.id, "python", AlertMode.INSTANT)


@_SETTINGS
@given(
    command=st.sampled_from([*COMMANDS, "zzz"]),
    arguments=_ARGUMENTS,
    steps=st.lists(_FOLLOW_UP, max_size=6),
)
async def test_any_text_in_any_dialogue_state(
    bot: RunningBot,
    mario: SimUser,
    jane: SimUser,
    command: str,
    arguments: str,
    steps: list[tuple[str, object]],
) -> None:
    if not await bot.repos.users.get(jane.id):
        await victim_with_data(bot, jane)
    attack = Attack(bot, attacker=mario, victim=jane)
    await attack.begin()
    await attack.send("/cancel")
    await attack.send(f"/{command} {arguments}".strip())
    for kind, value in steps:
        if kind == "text":
            await attack.send(str(value))
            continue
        keyboards = keyboard_messages(mario.transcript())  # as they are now
        if keyboards:
            choices = callback_data_of(keyboards[-1])
            await attack.press(choices[int(str(value)) % len(choices)], keyboards[-1])
    await attack.check()


@settings(_SETTINGS, max_examples=10)
@given(
    steps=st.lists(
        st.tuples(st.sampled_from(COMMANDS), _ARGUMENTS, st.booleans()), min_size=1, max_size=4
    ),
    chatter=hostile_text,
)
async def test_any_command_in_a_group(
    bot: RunningBot,
    mario: SimUser,
    jane: SimUser,
    steps: list[tuple[str, str, bool]],
    chatter: str,
) -> None:
    """Commands with random arguments in a group, by its admin or a member, also as replies
    to a post: no error, nothing of anyone's private data in the group."""
    if not await bot.repos.users.get(jane.id):
        await victim_with_data(bot, jane)
    group = await joined_group(bot, mario)  # a fresh group: each has its own rate limit
    group.add_member(jane)
    post = await jane.post(group, chatter)
    attack = Attack(bot, attacker=mario, victim=jane)
    await attack.begin()
    for command, arguments, as_reply in steps:
        text = f"/{command} {arguments}".strip()
        attack.log.append(f"{text[:80]!r} in a group" + (" as a reply" if as_reply else ""))
        if as_reply:
            await mario.reply(post, text, chat=group)
        else:
            await mario.post(group, text)
    await attack.check()
    for message in group.transcript():
        assert VICTIM_CONTACT not in message.text or not message.from_bot


async def test_a_flood_of_group_commands_never_delays_private_answers(
    bot: RunningBot, mario: SimUser, jane: SimUser
) -> None:
    group = await joined_group(bot, mario)
    group.add_member(jane)
    for _ in range(21):  # one over the group's budget of 20 a minute
        await jane.post(group, "/alerts")
    await bot.emu.settle(quiet=0.2, limit=1.0)
    await mario.send("/help")
    try:
        await mario.expect_reply(timeout=1.5)
    finally:
        await bot.emu.settle(quiet=0.5, limit=8.0)  # let the stalled replies drain
