"""Console commands for groups and channels: create, open, add, promote, remove, leave.

A new group is a supergroup whose creator is the current user, with the bot added as an
admin (so it reads every post, as the README asks of real groups); a new channel has the bot
as an admin too. Membership changes happen as on Telegram, with their service messages and
`chat_member` updates.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.sandbox.chats import SimChat
from bot.sandbox.console_errors import ConsoleError
from bot.sandbox.state import CREATOR, KICKED, PRESENT_STATUSES
from bot.sandbox.users import SimUser

if TYPE_CHECKING:
    from bot.sandbox.console import Console


async def _open(console: Console, name: str, kind: str) -> None:
    if not name:
        raise ConsoleError(f":{'channel' if kind == 'channel' else 'group'} NAME")
    chat = console.roster.find_chat(name)
    user = console.user
    if chat is None:
        chat = console.roster.new_chat(name, kind)
        chat.set_creator(user)
        console.watch(chat.state)
        await chat.add_bot(by=user, as_admin=True)
        console.chat = chat
        what = "channel" if kind == "channel" else "supergroup"
        console.note(
            f"created {what} {chat.state.title}: you are its creator, Rete is an admin there"
        )
    else:
        if chat.type != kind and not (kind == "supergroup" and chat.type == "group"):
            raise ConsoleError(f"{chat.state.title} is a {chat.type}")
        console.watch(chat.state)
        await ensure_member(console, chat)
        console.chat = chat
        console.note(f"in {chat.state.title} as {chat.status_of(user)}")
    await console.show_arrivals()


async def group(console: Console, argument: str) -> None:
    await _open(console, argument, "supergroup")


async def channel(console: Console, argument: str) -> None:
    await _open(console, argument, "channel")


async def ensure_member(console: Console, chat: SimChat) -> None:
    """The current user joins `chat` before writing there, as the app makes them do."""
    status = chat.status_of(console.user)
    if status in PRESENT_STATUSES:
        return
    if status == KICKED:
        raise ConsoleError(f"you were removed from {chat.state.title}")
    await chat.join(console.user)
    console.note(f"{console.user.info.first_name} joined {chat.state.title}")


def _current(console: Console) -> SimChat:
    if console.chat is None:
        raise ConsoleError("open a group or channel first (:group NAME, :channel NAME)")
    return console.chat


def _person(console: Console, name: str) -> SimUser:
    if not name:
        raise ConsoleError("which person? Give a name")
    found = console.roster.find_user(name)
    if found is not None:
        return found
    # Someone new: a user of Telegram the session did not know yet (Italian by default).
    user = console.roster.user(name)
    console.watch(user.private_chat)
    return user


async def member(console: Console, argument: str) -> None:
    chat, person = _current(console), _person(console, argument)
    await chat.join(person, by=console.user)
    console.note(f"{person.info.first_name} joined {chat.state.title}")
    await console.show_arrivals()


async def admin(console: Console, argument: str) -> None:
    chat, person = _current(console), _person(console, argument)
    await chat.promote(person, by=console.user)
    console.note(f"{person.info.first_name} is an admin of {chat.state.title}")
    await console.show_arrivals()


async def kick(console: Console, argument: str) -> None:
    chat, person = _current(console), _person(console, argument)
    if person is console.user:
        raise ConsoleError("to go yourself, :leave")
    await chat.kick(person, by=console.user)
    console.note(f"{person.info.first_name} was removed from {chat.state.title}")
    await console.show_arrivals()


async def leave(console: Console, argument: str) -> None:
    chat = _current(console)
    if chat.status_of(console.user) == CREATOR:
        raise ConsoleError("the creator stays (on Telegram they would delete the group)")
    await chat.leave(console.user)
    console.chat = None
    console.note(f"you left {chat.state.title}; back in your private chat")
    await console.show_arrivals()


async def who(console: Console, argument: str) -> None:
    user = console.user
    if console.chat is None:
        console.note(f"you are {user.info.first_name}, in your private chat with the bot")
        return
    chat = console.chat
    present = [
        f"{console.roster.name_of(uid)} ({status})"
        for uid, status in chat.state.members.items()
        if status in PRESENT_STATUSES
    ]
    removed = [
        console.roster.name_of(uid)
        for uid, status in chat.state.members.items()
        if status == KICKED
    ]
    line = f"you are {user.info.first_name} in {chat.type} {chat.state.title}: " + ", ".join(
        present
    )
    if removed:
        line += "; removed: " + ", ".join(removed)
    console.note(line)
