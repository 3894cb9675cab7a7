"""BotApiEmulator: the Telegram Bot API over real HTTP on 127.0.0.1, served by tornado."""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import tornado.httpserver
import tornado.netutil
import tornado.web

from bot.sandbox.actors import snapshots
from bot.sandbox.chats import SimChat
from bot.sandbox.client_text import has_surrogate
from bot.sandbox.errors import ApiError
from bot.sandbox.faults import Faults, RateLimits
from bot.sandbox.methods import BotApi, scope_key
from bot.sandbox.params import Params, UploadedFile
from bot.sandbox.state import CallbackAnswer, ChatState, UserInfo, World
from bot.sandbox.users import SimUser
from bot.sandbox.views import BotMessage

_RATE_LIMITED_METHODS = {"sendmessage", "senddocument", "sendphoto"}
_NOT_UTF8 = "Bad Request: strings must be encoded in UTF-8"


@dataclass(frozen=True)
class RecordedRequest:
    method: str  # canonical spelling when known (sendMessage), else as requested
    params: dict[str, Any]
    at: datetime  # the emulator clock
    monotonic: float
    status: int  # HTTP status served (0 = connection dropped)


class BotApiEmulator:
    def __init__(
        self,
        token: str = "123456:TEST-TOKEN",
        *,
        bot_username: str = "rete_test_bot",
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.token = token
        bot_id = int(token.split(":", 1)[0]) if token.split(":", 1)[0].isdigit() else 123456
        self.world = World(
            UserInfo(bot_id, "Rete", username=bot_username, is_bot=True),
            clock or (lambda: datetime.now(UTC)),
        )
        self.api = BotApi(self.world)
        self.faults = Faults()
        self.requests: list[RecordedRequest] = []
        self.enforce_rate_limits = False
        self.rate_limits = RateLimits()
        self._canonical = {name.lower(): name for name in self.api.methods}
        self._server: tornado.httpserver.HTTPServer | None = None
        self._port = 0
        self._stopping = False
        self._user_ids = itertools.count(100_001)
        self._chat_numbers = itertools.count(1)
        self._sim_users: dict[int, SimUser] = {}

    # ---- lifecycle ---------------------------------------------------------------------
    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        app = tornado.web.Application(
            [
                (r"/bot([^/]*)/([A-Za-z0-9_]+)/?", _MethodHandler, {"emulator": self}),
                (r"/file/bot([^/]*)/(.+)", _FileHandler, {"emulator": self}),
            ],
            log_function=lambda handler: None,
        )
        sockets = tornado.netutil.bind_sockets(port, host)
        self._port = sockets[0].getsockname()[1]
        self._host = host
        self._server = tornado.httpserver.HTTPServer(app, max_body_size=60 * 1024 * 1024)
        self._server.add_sockets(sockets)

    async def stop(self) -> None:
        self._stopping = True
        self.world.wake_all()
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()
            self._server = None

    async def __aenter__(self) -> BotApiEmulator:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        return f"http://{self._host}:{self._port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://{self._host}:{self._port}/file/bot"

    # ---- settings and state for tests --------------------------------------------------
    @property
    def privacy_mode(self) -> bool:
        return self.world.privacy_mode

    @privacy_mode.setter
    def privacy_mode(self, value: bool) -> None:
        self.world.privacy_mode = value

    @property
    def bot_user(self) -> UserInfo:
        return self.world.bot

    @property
    def callback_answers(self) -> list[CallbackAnswer]:
        return self.world.callback_answers

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        return [update for _, update in self.world.updates]

    def commands(
        self, scope: dict[str, Any] | str | Any | None = None, language_code: str = ""
    ) -> list[dict[str, str]]:
        """Commands set for a scope: a BotCommandScope (or its dict), or a key like `chat:42`."""
        to_dict = getattr(scope, "to_dict", None)
        if callable(to_dict):
            scope = to_dict()
        key = scope if isinstance(scope, str) else scope_key(scope)
        return list(self.world.commands.get((key, language_code), []))

    def chat_messages(self, chat_id: int) -> list[BotMessage]:
        chat = self.world.chats.get(self.world.migrated.get(chat_id, chat_id))
        if chat is None:
            raise KeyError(f"no chat {chat_id}")
        return snapshots(chat)

    def served(self, method: str, status: int | None = None) -> list[RecordedRequest]:
        """Requests to `method` (any spelling), optionally only those answered with `status`."""
        return [
            r
            for r in self.requests
            if r.method.lower() == method.lower() and (status is None or r.status == status)
        ]

    # ---- the user side -----------------------------------------------------------------
    def user(
        self,
        user_id: int | None = None,
        first_name: str = "Mario",
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "it",
    ) -> SimUser:
        """A person (the same SimUser again for a known id); their private chat id = user id."""
        if user_id is not None and user_id in self._sim_users:
            return self._sim_users[user_id]
        info = UserInfo(
            user_id if user_id is not None else next(self._user_ids),
            first_name,
            last_name,
            username,
            language_code,
        )
        self.world.users[info.id] = info
        sim = SimUser(self.world, self.api, info)
        self._sim_users[info.id] = sim
        return sim

    def group(
        self,
        title: str,
        *,
        kind: str = "supergroup",
        username: str | None = None,
        chat_id: int | None = None,
    ) -> SimChat:
        """A new group (no members yet); `chat_id` picks its id, by default the next free one."""
        if kind not in {"group", "supergroup"}:
            raise ValueError("kind must be 'group' or 'supergroup'")
        if chat_id is None:
            number = next(self._chat_numbers)
            chat_id = -(400_000_000 + number) if kind == "group" else -(1_000_000_000_000 + number)
        return self._new_chat(ChatState(id=chat_id, type=kind, title=title, username=username))

    def channel(
        self, title: str, username: str | None = None, *, chat_id: int | None = None
    ) -> SimChat:
        if chat_id is None:
            chat_id = -(1_000_000_000_000 + next(self._chat_numbers))
        return self._new_chat(ChatState(id=chat_id, type="channel", title=title, username=username))

    def _new_chat(self, state: ChatState) -> SimChat:
        if state.id in self.world.chats:
            raise ValueError(f"chat {state.id} exists already")
        self.world.chats[state.id] = state
        return SimChat(self.world, self.api, state)

    async def settle(self, quiet: float = 0.3, limit: float = 3.0) -> None:
        """Wait until the bot has sent nothing for `quiet` seconds (at most `limit` seconds)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + limit
        while True:
            count = sum(len(c.bot_events) for c in self.world.chats.values())
            remaining = deadline - loop.time()
            if remaining <= 0:
                return
            await self.world.wait_for_bot_events(min(quiet, remaining))
            if sum(len(c.bot_events) for c in self.world.chats.values()) == count:
                return

    # ---- HTTP --------------------------------------------------------------------------
    async def serve_method(self, token: str, method: str, params: Params) -> tuple[int, Any]:
        """(HTTP status, JSON body); status 0 means: drop the connection."""
        name = self._canonical.get(method.lower(), method)
        status, body = await self._answer(token, name, params)
        self.requests.append(
            RecordedRequest(name, dict(params.values), self.world.clock(), time.monotonic(), status)
        )
        return status, body

    async def _answer(self, token: str, method: str, params: Params) -> tuple[int, Any]:
        if token != self.token:
            return 401, ApiError(401, "Unauthorized").payload()
        fault = self.faults.take(method)
        if fault is not None:
            if fault.delay:
                await asyncio.sleep(fault.delay)
            if fault.kind == "429":
                error = ApiError(
                    429,
                    f"Too Many Requests: retry after {fault.retry_after}",
                    retry_after=fault.retry_after,
                )
                return 429, error.payload()
            if fault.kind == "5xx":
                return 502, ApiError(502, "Bad Gateway").payload()
            if fault.kind == "network":
                return 0, None
        try:
            if self._stopping and method.lower() == "getupdates":
                return 200, {"ok": True, "result": []}
            self._check_rate(method, params)
            result = await self.api.call(method, params)
        except ApiError as error:
            return error.error_code, error.payload()
        return 200, {"ok": True, "result": result}

    def _check_rate(self, method: str, params: Params) -> None:
        if not self.enforce_rate_limits or method.lower() not in _RATE_LIMITED_METHODS:
            return
        chat = self.world.chat(params.chat_id())
        retry_after = self.rate_limits.check(chat.id, chat.type == "private")
        if retry_after is not None:
            raise ApiError(
                429, f"Too Many Requests: retry after {retry_after}", retry_after=retry_after
            )


def _request_params(request: tornado.httputil.HTTPServerRequest) -> Params:
    values: dict[str, Any] = {}
    for name, raw_values in request.query_arguments.items():
        values[name] = raw_values[-1].decode("utf-8")
    content_type = request.headers.get("Content-Type", "")
    if content_type.startswith("application/json") and request.body:
        body = json.loads(request.body)
        if isinstance(body, dict):
            values.update(body)
    else:
        for name, raw_values in request.body_arguments.items():
            values[name] = raw_values[-1].decode("utf-8")
    files = {
        name: UploadedFile(parts[-1].filename, parts[-1].body, parts[-1].content_type or None)
        for name, parts in request.files.items()
        if parts
    }
    return Params(values, files)


class _MethodHandler(tornado.web.RequestHandler):
    def initialize(self, emulator: BotApiEmulator) -> None:
        self.emulator = emulator

    async def post(self, token: str, method: str) -> None:
        status, body = await self._answer(token, method)
        if status == 0:
            # An injected network fault: the client sees the connection drop mid-request.
            self.request.connection.close()  # type: ignore[union-attr]
            self._finished = True
            return
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(body, ensure_ascii=False))

    async def get(self, token: str, method: str) -> None:
        await self.post(token, method)

    async def _answer(self, token: str, method: str) -> tuple[int, Any]:
        try:
            params = _request_params(self.request)
        except UnicodeError:
            return 400, ApiError(400, _NOT_UTF8).payload()
        except ValueError:
            return 400, ApiError(400, "Bad Request: can't parse JSON").payload()
        if has_surrogate(params.values):
            # "\ud800" in a JSON body decodes to a lone surrogate: not UTF-8 text either.
            return 400, ApiError(400, _NOT_UTF8).payload()
        return await self.emulator.serve_method(token, method, params)


class _FileHandler(tornado.web.RequestHandler):
    def initialize(self, emulator: BotApiEmulator) -> None:
        self.emulator = emulator

    async def get(self, token: str, path: str) -> None:
        if token != self.emulator.token:
            self.set_status(401)
            self.finish(ApiError(401, "Unauthorized").payload())
            return
        record = self.emulator.world.files_by_path.get(path)
        if record is None:
            self.set_status(404)
            self.finish(ApiError(404, "Not Found").payload())
            return
        self.set_header("Content-Type", record.mime_type or "application/octet-stream")
        self.finish(record.content)
