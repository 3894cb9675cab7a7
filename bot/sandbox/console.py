"""The sandbox console: one typed line at a time, played as the current user, and what the
bot answers (in every chat the session knows) printed."""

from __future__ import annotations

import asyncio
import logging
import re
import shlex
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from bot.clock import ManualClock
from bot.sandbox import chat_commands
from bot.sandbox.actors import EventCursor
from bot.sandbox.buttons import choose_button, parse_press
from bot.sandbox.chats import SimChat
from bot.sandbox.client_text import client_messages, typed_line
from bot.sandbox.console_errors import ConsoleError
from bot.sandbox.emulator import BotApiEmulator
from bot.sandbox.files import FileSaver
from bot.sandbox.render import Style, render_answer, render_message
from bot.sandbox.roster import Roster
from bot.sandbox.state import PRESENT_STATUSES, CallbackAnswer, ChatState
from bot.sandbox.users import SimUser
from bot.sandbox.views import BotMessage

HELP = """\
Type a message or a /command: it is sent as the current user, in the current chat.
Buttons
  :press N                 button N of the newest message with buttons
  :press M N               button N of message #M (messages are numbered as printed)
  :press TEXT              the button labelled TEXT (emoji and case ignored): :press done
Time
  :wait 3d | 2h | 30m      move the clock, deliver what became due, say what arrived
  :wait                    move the clock to the next reminder or digest due
People and chats
  :user NAME [it|en]       become NAME (created on first use; Italian by default)
  :private                 back to your private chat with the bot
  :group NAME              open group NAME; a new one has you as creator, the bot as admin
  :channel NAME            open channel NAME; a new one has you as owner, the bot as admin
  :member NAME             add NAME to the current group or channel
  :admin NAME              make NAME an admin of it (adding them if needed)
  :kick NAME  |  :leave    remove NAME (admins only)  |  leave it yourself
  :who                     where you are and who is there
Sending things
  :photo PATH [CAPTION]    a picture, as a photo      :voice PATH    a voice note
  :upload PATH             a file, as a document      :sticker [EMOJI]
  :location LAT LON        a place                    :contact PHONE NAME
Other
  :help                    this text                  :quit          leave"""

log = logging.getLogger(__name__)

_DURATION_PART = re.compile(r"(\d+)\s*([wdhms])")
_UNITS = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes", "s": "seconds"}
_LANGUAGES = ("it", "en")
_ANSWER_WAIT = 3.0
_SETTLE_STEP = 0.02
_SETTLE_QUIET = 0.15
_SETTLE_LIMIT = 10.0

NextDue = Callable[[list[int], list[int]], Awaitable[datetime | None]]


def _read_file(name: str) -> tuple[Path, bytes]:
    path = Path(name).expanduser()
    return path, path.read_bytes()


def parse_duration(text: str) -> timedelta | None:
    """`3d`, `2h`, `30m`, `45s`, `1w`, or several at once: `1d12h`."""
    compact = text.strip().lower().replace(" ", "")
    parts = _DURATION_PART.findall(compact)
    if not parts or "".join(n + u for n, u in parts) != compact:
        return None
    delta = timedelta()
    for number, unit in parts:
        delta += timedelta(**{_UNITS[unit]: int(number)})
    return delta


@dataclass
class Session:
    """What the console acts on: the emulator, the bot's clock and due work, where files go."""

    emu: BotApiEmulator
    clock: ManualClock
    run_due: Callable[[], Awaitable[None]]
    next_due: NextDue
    files: FileSaver
    timezone: ZoneInfo
    roster: Roster
    busy: Callable[[], bool] = lambda: False  # the bot still handling something


class Console:
    def __init__(self, session: Session, out: TextIO, style: Style) -> None:
        self.session = session
        self.emu = session.emu
        self.roster = session.roster
        self.out = out
        self.style = style
        self._cursors: dict[int, EventCursor] = {}
        self._shown: dict[tuple[int, int], BotMessage] = {}
        self.failures = 0  # lines answered with "!"
        for known in self.roster.users.values():  # people and chats of an earlier run
            self.watch(known.private_chat)
        for chat in self.roster.chats.values():
            self.watch(chat.state)
        self.user = self._become("Mario", None)
        self.chat: SimChat | None = None

    def say(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def note(self, text: str) -> None:
        self.say(self.style.dim(f"({text})"))

    # ---- what the bot shows --------------------------------------------------------------------
    def watch(self, state: ChatState) -> None:
        if state.id not in self._cursors:
            self._cursors[state.id] = EventCursor(self.emu.world, state)

    def _where(self, state: ChatState) -> str:
        current = self.chat.state if self.chat is not None else self.user.private_chat
        if state is current:
            return ""
        if state.type == "private":
            return "@" + self.roster.name_of(state.id)
        return state.title or str(state.id)

    def _bot_events(self) -> int:
        return sum(len(chat.bot_events) for chat in self.emu.world.chats.values())

    async def settle(self) -> None:
        """Wait until the bot has handled everything sent to it and then stayed quiet a moment
        (at most _SETTLE_LIMIT seconds), so an answer is printed after the line it answers."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + _SETTLE_LIMIT
        seen, quiet_since = self._bot_events(), loop.time()
        while loop.time() < deadline:
            await asyncio.sleep(_SETTLE_STEP)
            count = self._bot_events()
            if count != seen or self.emu.pending_updates or self.session.busy():
                seen, quiet_since = count, loop.time()
            elif loop.time() - quiet_since >= _SETTLE_QUIET:
                return

    async def show_arrivals(self) -> int:
        """Print every send and edit of the bot not shown yet; how many there were."""
        await self.settle()
        count = 0
        for cursor in self._cursors.values():
            for message in cursor.unseen():
                key = (message.chat_id, message.message_id)
                saved = self.session.files.save(message)
                self.say(
                    render_message(
                        message,
                        where=self._where(cursor.chat),
                        style=self.style,
                        previous=self._shown.get(key),
                        saved=saved,
                    )
                )
                self._shown[key] = message
                count += 1
        return count

    # ---- lines ---------------------------------------------------------------------------------
    async def handle(self, line: str) -> bool:
        """Act on one input line (any text); False once the user quits. Never raises for a bad
        line: it is answered with a line starting with `!`."""
        text = typed_line(line).strip()
        if not text:
            await self.show_arrivals()
            return True
        try:
            if not text.startswith(":"):
                await self._send_text(text)
                return True
            command, _, argument = text[1:].partition(" ")
            return await self._command(command.lower(), argument.strip())
        except (ConsoleError, AssertionError, OSError, ValueError) as error:
            self.failures += 1
            self.say(self.style.bold(f"! {error}"))
            return True
        except Exception as error:  # a sandbox bug: say it, keep the session
            self.failures += 1
            log.exception("the sandbox failed on %r", text)
            self.say(self.style.bold(f"! the sandbox failed on that line: {error!r}"))
            return True
        finally:
            self.roster.save()

    async def _send_text(self, text: str) -> None:
        chat = self.chat
        if chat is not None and chat.type == "channel" and not chat.is_admin(self.user):
            raise ConsoleError(f"only the admins of {chat.state.title} post in it")
        if chat is not None and chat.type != "channel":
            await chat_commands.ensure_member(self, chat)
        for part in client_messages(text):  # a long text goes as several messages
            if chat is None:
                await self.user.send(part)
            elif chat.type == "channel":
                await chat.channel_post(part)
            else:
                await self.user.post(chat, part)
        await self.show_arrivals()

    async def _command(self, command: str, argument: str) -> bool:
        if command in {"quit", "q", "exit"}:
            return False
        handler = _COMMANDS.get(command)
        if handler is None:
            raise ConsoleError(f"unknown command :{command} (try :help)")
        await handler(self, argument)
        return True

    # ---- :help :press :wait ---------------------------------------------------------------------
    async def help(self, argument: str) -> None:
        self.say(HELP)

    def _chat_state(self) -> ChatState:
        return self.chat.state if self.chat is not None else self.user.private_chat

    def _newest_with_buttons(self, state: ChatState) -> BotMessage:
        for stored in reversed(state.messages.values()):
            if stored.from_bot and not stored.deleted and stored.payload.get("reply_markup"):
                return stored.snapshot()
        raise ConsoleError("no message with buttons here")

    async def press(self, argument: str) -> None:
        request = parse_press(argument)
        state = self._chat_state()
        if request.message_id is None:
            message = self._newest_with_buttons(state)
        else:
            stored = state.messages.get(request.message_id)
            if stored is None or stored.deleted:
                raise ConsoleError(f"there is no message #{request.message_id} here")
            message = stored.snapshot()
        index = choose_button(message, request.button)
        label = [text for row in message.buttons for text in row][index]
        if label in message.url_buttons:
            self.note(f"opens {message.url_buttons[label]}")
            return
        query_id = await self.user.press(index, message=message.message_id, chat=self.chat)
        answer = await self._answer_to(query_id)
        await self.show_arrivals()
        shown = render_answer(answer, self.style)
        if shown:
            self.say(shown)

    async def _answer_to(self, query_id: str) -> CallbackAnswer | None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + _ANSWER_WAIT
        while loop.time() < deadline:
            for answer in self.emu.callback_answers:
                if answer.callback_query_id == query_id:
                    return answer
            await asyncio.sleep(0.02)
        return None

    def _when(self, moment: datetime) -> str:
        local = moment.astimezone(self.session.timezone)
        return f"{local:%a %d %b %Y %H:%M} {self.session.timezone.key}"

    async def _next_due(self) -> datetime | None:
        user_ids = [u.id for u in self.roster.users.values()]
        chat_ids = [c.id for c in self.roster.chats.values()]
        return await self.session.next_due(user_ids, chat_ids)

    async def wait(self, argument: str) -> None:
        clock = self.session.clock
        if argument:
            delta = parse_duration(argument)
            if delta is None:
                raise ConsoleError("usage: :wait 3d | 2h | 30m | 45s (or :wait alone)")
        else:
            due = await self._next_due()
            if due is None:
                self.note("nothing due: no reminder or digest is scheduled")
                return
            delta = max(due - clock.now(), timedelta())
        clock.advance(delta)
        self.note(f"now {self._when(clock.now())}")
        await self.session.run_due()
        if await self.show_arrivals():
            return
        due = await self._next_due()
        if due is None:
            self.note("nothing arrived; nothing is scheduled")
        else:
            self.note(f"nothing arrived; nothing due until {self._when(due)}")

    # ---- people --------------------------------------------------------------------------------
    def _become(self, name: str, language: str | None) -> SimUser:
        user = self.roster.user(name, language or "it")
        if language and user.info.language_code != language:
            user.info.language_code = language  # the app's language changed
        self.watch(user.private_chat)
        return user

    async def user_command(self, argument: str) -> None:
        words = argument.split()
        language = words.pop() if len(words) > 1 and words[-1].lower() in _LANGUAGES else None
        if not words:
            raise ConsoleError("usage: :user NAME [it|en]")
        self.user = self._become(" ".join(words), language and language.lower())
        if self.chat is not None and self.chat.status_of(self.user) not in PRESENT_STATUSES:
            self.chat = None
        where = f"in {self.chat.state.title}" if self.chat else "in your private chat"
        self.note(f"you are {self.user.info.first_name}, id {self.user.id}, {where}")

    async def private(self, argument: str) -> None:
        self.chat = None
        self.note("your private chat with the bot")

    # ---- sending things --------------------------------------------------------------------------
    def _media_chat(self) -> SimChat | None:
        if self.chat is not None and self.chat.type == "channel":
            raise ConsoleError("in a channel only text posts are emulated")
        return self.chat

    async def _read(self, argument: str, usage: str) -> tuple[Path, bytes, str]:
        parts = shlex.split(argument)
        if not parts:
            raise ConsoleError(f"usage: {usage}")
        path, content = await asyncio.to_thread(_read_file, parts[0])
        return path, content, " ".join(parts[1:])

    async def photo(self, argument: str) -> None:
        chat = self._media_chat()
        _, content, caption = await self._read(argument, ":photo PATH [CAPTION]")
        await self.user.send_photo(content, caption or None, chat=chat)
        await self.show_arrivals()

    async def voice(self, argument: str) -> None:
        chat = self._media_chat()
        _, content, _ = await self._read(argument, ":voice PATH")
        await self.user.send_voice(content, max(1, len(content) // 4000), chat=chat)
        await self.show_arrivals()

    async def upload(self, argument: str) -> None:
        chat = self._media_chat()
        path, content, caption = await self._read(argument, ":upload PATH")
        await self.user.upload(path.name, content, caption=caption or None, chat=chat)
        await self.show_arrivals()

    async def sticker(self, argument: str) -> None:
        await self.user.send_sticker(argument or "👍", chat=self._media_chat())
        await self.show_arrivals()

    async def location(self, argument: str) -> None:
        try:
            latitude, longitude = (float(x) for x in argument.replace(",", " ").split())
        except ValueError:
            raise ConsoleError("usage: :location LAT LON, like :location 45.46 9.19") from None
        await self.user.send_location(latitude, longitude, chat=self._media_chat())
        await self.show_arrivals()

    async def contact(self, argument: str) -> None:
        phone, _, name = argument.partition(" ")
        first, _, last = name.strip().partition(" ")
        if not phone or not first:
            raise ConsoleError("usage: :contact PHONE NAME")
        await self.user.share_contact(phone, first, last or None)
        await self.show_arrivals()


CommandHandler = Callable[[Console, str], Awaitable[None]]

_COMMANDS: dict[str, CommandHandler] = {
    "help": Console.help,
    "press": Console.press,
    "wait": Console.wait,
    "user": Console.user_command,
    "private": Console.private,
    "photo": Console.photo,
    "voice": Console.voice,
    "upload": Console.upload,
    "sticker": Console.sticker,
    "location": Console.location,
    "contact": Console.contact,
    "group": chat_commands.group,
    "channel": chat_commands.channel,
    "member": chat_commands.member,
    "admin": chat_commands.admin,
    "kick": chat_commands.kick,
    "leave": chat_commands.leave,
    "who": chat_commands.who,
}
