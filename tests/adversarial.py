"""The adversarial suite's tools (not a test module): hostile inputs as hypothesis strategies,
and the promises checked after every step, all through the emulator's user API.

The promises, for every update a user sends:
- no handler error (the `bot` fixture also fails the test at the end);
- an answer: a message (sent or edited) for a private message, a callback answer for a button;
- nothing over Telegram's limits is attempted, and every HTML text parses;
- another user's data is unchanged (their complete export, section by section).
Only what users see and what is stored is checked, so the suite keeps working while handlers
are rewritten.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st

from bot.callbacks import MAX_CALLBACK_BYTES, MAX_ID
from bot.porting.json_export import collect, jsonable
from bot.sandbox.errors import ApiError
from bot.sandbox.harness import RunningBot
from bot.sandbox.html_text import parse_html
from bot.sandbox.users import SimChat, SimUser
from bot.sandbox.views import BotMessage

ANSWER_TIMEOUT = 5.0  # seconds; an answer normally takes milliseconds

COMMANDS = (
    "start",
    "help",
    "add",
    "cancel",
    "skip",
    "contacts",
    "find",
    "event",
    "followups",
    "settings",
    "language",
    "import",
    "export",
    "forget",
    "cv",
    "card",
    "digest",
    "alerts",
    "job",
    "notjob",
)
# Every callback-data family the bot uses (bot/callbacks.py, handlers/*), and what follows.
FAMILIES = ("ct", "fu", "ev", "add", "set", "im", "fg", "cv", "lang", "menu", "al", "dg", "card")
ACTIONS = (
    "open",
    "pg",
    "evs",
    "card",
    "log",
    "fu",
    "st",
    "kit",
    "del",
    "lg",
    "fud",
    "sts",
    "kits",
    "fun",
    "delok",
    "edit",
    "done",
    "snooze",
    "sz",
    "skip",
    "show",
    "pick",
    "one",
    "all",
    "draft",
    "dr",
    "by",
    "back",
    "new",
    "in",
    "out",
    "name",
    "company",
    "role",
    "where",
    "when",
    "contact",
    "notes",
    "save",
    "merge",
    "tz",
    "weekend",
    "days",
    "hour",
    "go",
    "no",
    "dup",
    "yes",
    "send",
    "replace",
    "it",
    "en",
    "add",
    "contacts",
    "event",
    "followups",
    "settings",
    "rm",
    "sw",
    "on",
    "off",
    "now",
    "every",
    "lang",
)

# Text that has broken bots: markup, quoting, search syntax, direction marks, controls.
HOSTILE_SNIPPETS = (
    "<b>",
    "</i>",
    "<a href='x'>",
    "&amp;",
    "&",
    "&#0;",
    "'; DROP TABLE contacts; --",
    '"',
    "'",
    "*",
    "NEAR(a b)",
    "a OR b",
    "^",
    "-",
    ":",
    "\u202e",  # right-to-left override
    "\u200f",  # right-to-left mark
    "\u200b",  # zero-width space
    "\x00",
    "\x07",
    "\r\n",
    "\t",
    "😀",
    "e\u0301",
    "\u19b0",
    "ﷺ",
    "%s",
    "{name}",
    "{0}",
    "@",
    "+39 333 1234567",
    "mario@example.com",
    "https://t.me/x",
    "/",
    "/cancel",
    "0",
    "-1",
    "99999999999999999999",
)
_HUGE = (
    "a" * 20_000,
    "&" * 20_000,
    "<b>" * 6_700,
    "😀" * 10_000,
    "\u202e" + "Zeta " * 4_000,
    ("Mario Rossi, Acme, " * 1_100)[:20_000],
)

hostile_text: st.SearchStrategy[str] = st.one_of(
    st.text(max_size=40),
    st.lists(
        st.one_of(st.sampled_from(HOSTILE_SNIPPETS), st.text(max_size=8)), min_size=1, max_size=8
    ).map("".join),
    st.sampled_from(_HUGE),
)
# Ids a forged button may carry: small ones (the other user's rows), huge and malformed ones.
forged_id: st.SearchStrategy[str] = st.one_of(
    st.integers(min_value=0, max_value=40).map(str),
    st.sampled_from(
        [str(MAX_ID), str(MAX_ID + 1), str(2**64), "9" * 30, "-1", "1e3", "0x10", "", "١٢", " 1"]
    ),
    st.text(max_size=6),
)


def _fit_callback(data: str) -> str:
    """Telegram carries at most 64 bytes of callback data: cut whole characters to fit."""
    while len(data.encode()) > MAX_CALLBACK_BYTES:
        data = data[:-1]
    return data or "x"


# The family:action pairs whose handlers read ids (their patterns in handlers/): forged ids
# behind a real pair reach the id parsing, which random pairs rarely do.
_ID_ACTIONS = {
    "ct": "open pg card edit fupick log fu st kit del lg fud sts kits fun delok",
    "fu": "done by dr sz skip show all one picked",
    "ev": "card in out",
    "im": "dup kit",
    "al": "rm sw new",
    "card": "save share keep clear back",
}
ID_TAKING = tuple(f"{family}:{a}" for family, names in _ID_ACTIONS.items() for a in names.split())
forged_callback: st.SearchStrategy[str] = st.one_of(
    st.builds(
        lambda family, action, ids: _fit_callback(":".join([family, action, *ids])),
        st.sampled_from(FAMILIES),
        st.one_of(st.sampled_from(ACTIONS), st.text(max_size=5)),
        st.lists(forged_id, max_size=3),
    ),
    st.builds(
        lambda pair, ids: _fit_callback(":".join([pair, *ids])),
        st.sampled_from(ID_TAKING),
        st.lists(forged_id, min_size=1, max_size=3),
    ),
)

# ---- what the bot attempted ----------------------------------------------------------------
# method (lower case) -> (the field holding text, Telegram's limit for it, whether it is HTML)
_TEXT_FIELDS = {
    "sendmessage": ("text", 4096),
    "editmessagetext": ("text", 4096),
    "senddocument": ("caption", 1024),
    "sendphoto": ("caption", 1024),
    "editmessagecaption": ("caption", 1024),
    "answercallbackquery": ("text", 200),
}
# Sends that must never be refused. (An edit may be "not modified", which handlers tolerate;
# the error handler answers a button that may have been answered already.)
_NEVER_REFUSED = {"sendmessage", "senddocument", "sendphoto"}


def limit_violations(bot: RunningBot, since: int) -> list[str]:
    """What the bot attempted since request number `since` that Telegram would refuse."""
    found = []
    for request in bot.emu.requests[since:]:
        method = request.method.lower()
        if method in _NEVER_REFUSED and request.status == 400:
            found.append(f"{request.method} refused: {request.params}")
        if method not in _TEXT_FIELDS:
            continue
        name, limit = _TEXT_FIELDS[method]
        value = request.params.get(name)
        if not isinstance(value, str):
            continue
        plain = value
        if str(request.params.get("parse_mode", "")).lower() == "html":
            try:
                plain, _ = parse_html(value)
            except ApiError as error:
                found.append(f"{request.method}: {error.description}")
                continue
        if len(plain) > limit:
            found.append(f"{request.method}: {name} of {len(plain)} characters (limit {limit})")
    return found


# ---- one step, and the promises after it -----------------------------------------------------
@dataclass
class Attack:
    """The state of an attack on a running bot: who attacks, who must not be affected."""

    bot: RunningBot
    attacker: SimUser
    victim: SimUser
    victim_data: Any = None
    errors_before: int = 0
    requests_before: int = 0
    log: list[str] = field(default_factory=list)

    async def begin(self) -> None:
        self.victim_data = await export_of(self.bot, self.victim.id)
        self.errors_before = len(self.bot.errors)
        self.requests_before = len(self.bot.emu.requests)
        self.log = []

    async def send(self, text: str, chat: SimChat | None = None) -> list[BotMessage]:
        """A message from the attacker; in private it must get an answer."""
        self.log.append(f"send {text[:80]!r}" + (" in a group" if chat else ""))
        self.attacker.unseen_replies()
        await self.attacker.send(text, chat=chat)
        if chat is not None:
            await self.bot.emu.settle(quiet=0.05, limit=1.0)
            return chat.unseen_messages()
        return await self._replies()

    async def upload(self, filename: str, content: bytes) -> list[BotMessage]:
        self.log.append(f"upload {filename!r} ({len(content)} bytes)")
        self.attacker.unseen_replies()
        await self.attacker.upload(filename, content)
        return await self._replies()

    async def press(self, data: str, message: BotMessage, chat: SimChat | None = None) -> str:
        """A button with `data` on `message` (forged or real); it must be answered."""
        self.log.append(f"press {data!r}" + (" in a group" if chat else ""))
        query_id = await self.attacker.press_data(data, message=message, chat=chat)
        await self.answered(query_id)
        return query_id

    async def _replies(self) -> list[BotMessage]:
        first = await self.attacker.expect_reply(ANSWER_TIMEOUT)
        return [first, *self.attacker.unseen_replies()]

    async def answered(self, query_id: str) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + ANSWER_TIMEOUT
        while query_id in self.bot.emu.api.open_callback_queries:
            if loop.time() > deadline:
                raise AssertionError(f"button never answered after: {self.log}")
            await asyncio.sleep(0.005)

    async def check(self) -> None:
        """The promises, after the steps of one example."""
        await self.bot.emu.settle(quiet=0.02, limit=1.0)
        errors = self.bot.errors[self.errors_before :]
        assert not errors, f"handler errors {errors!r} after: {self.log}"
        violations = limit_violations(self.bot, self.requests_before)
        assert not violations, f"{violations} after: {self.log}"
        assert await export_of(self.bot, self.victim.id) == self.victim_data, (
            f"another user's data changed after: {self.log}"
        )


async def export_of(bot: RunningBot, user_id: int) -> Any:
    """Everything stored about a user, as their /export holds it."""
    return jsonable(await collect(bot.repos, user_id))


def keyboard_messages(messages: list[BotMessage]) -> list[BotMessage]:
    return [m for m in messages if m.button_data and any(d for row in m.button_data for d in row)]


def callback_data_of(message: BotMessage) -> list[str]:
    return [data for row in message.button_data for data in row if data]
