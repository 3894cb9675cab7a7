"""The people, groups and channels of a sandbox session, by name, stable across runs.

A user's id is derived from the name, so with `--db` a second run's Giulia is the same
Telegram user, with her contacts and her half-finished dialogue. Beside the database a small
JSON file keeps what Telegram would remember and the bot's database does not: each user's
language and whether they started the bot, who is in each group with which role, and where
each chat's message numbers had got to.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from bot.sandbox.chats import SimChat
from bot.sandbox.emulator import BotApiEmulator
from bot.sandbox.users import SimUser

_USER_IDS = (100_000_000, 900_000_000)  # first id, how many
_CHAT_IDS = (1_001_000_000_000, 8_000_000_000)  # supergroups and channels: -100 and 10 digits


def name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _derived(name: str, first: int, span: int) -> int:
    digest = hashlib.sha256(name_key(name).encode()).digest()
    return first + int.from_bytes(digest[:8], "big") % span


class Roster:
    def __init__(self, emu: BotApiEmulator, path: Path | None = None) -> None:
        self.emu = emu
        self.path = path
        self.users: dict[str, SimUser] = {}
        self.chats: dict[str, SimChat] = {}

    # ---- people ------------------------------------------------------------------------------
    def find_user(self, name: str) -> SimUser | None:
        return self.users.get(name_key(name))

    def user(self, name: str, language: str = "it") -> SimUser:
        """The user called `name`, created with `language` on first use."""
        found = self.find_user(name)
        if found is not None:
            return found
        user_id = _derived(name, *_USER_IDS)
        while user_id in self.emu.world.users:  # two names, one hash: the next id is free
            user_id += 1
        user = self.emu.user(
            user_id=user_id, first_name=" ".join(name.split()), language_code=language
        )
        self.users[name_key(name)] = user
        return user

    def name_of(self, user_id: int) -> str:
        for user in self.users.values():
            if user.id == user_id:
                return user.info.first_name
        return "Rete" if user_id == self.emu.bot_user.id else str(user_id)

    # ---- groups and channels -------------------------------------------------------------------
    def find_chat(self, name: str) -> SimChat | None:
        return self.chats.get(name_key(name))

    def new_chat(self, name: str, kind: str) -> SimChat:
        chat_id = -_derived(name, *_CHAT_IDS)
        while chat_id in self.emu.world.chats:
            chat_id -= 1
        title = " ".join(name.split())
        if kind == "channel":
            chat = self.emu.channel(title, chat_id=chat_id)
        else:
            chat = self.emu.group(title, kind=kind, chat_id=chat_id)
        self.chats[name_key(name)] = chat
        return chat

    # ---- kept beside the database ----------------------------------------------------------------
    def save(self) -> None:
        if self.path is None:
            return
        data: dict[str, Any] = {
            "users": [
                {
                    "name": u.info.first_name,
                    "language": u.info.language_code,
                    "started": u.private_chat.started,
                    "blocked": u.private_chat.blocked,
                    "next_message_id": u.private_chat.next_message_id,
                }
                for u in self.users.values()
            ],
            "chats": [
                {
                    "name": c.state.title,
                    "type": c.type,
                    "members": {str(uid): status for uid, status in c.state.members.items()},
                    "next_message_id": c.state.next_message_id,
                }
                for c in self.chats.values()
            ],
        }
        self.path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")

    def load(self) -> None:
        """Bring back the people and chats of an earlier run (silently: Telegram remembers)."""
        if self.path is None or not self.path.is_file():
            return
        data = json.loads(self.path.read_text(encoding="utf-8"))
        for entry in data.get("users", []):
            user = self.user(entry["name"], entry.get("language") or "it")
            user.private_chat.started = bool(entry.get("started"))
            user.private_chat.blocked = bool(entry.get("blocked"))
            # New messages get new numbers: the bot's stored ids never point at the wrong one.
            user.private_chat.next_message_id = int(entry.get("next_message_id", 1))
        for entry in data.get("chats", []):
            chat = self.new_chat(entry["name"], entry["type"])
            chat.state.members = {int(uid): status for uid, status in entry["members"].items()}
            chat.state.next_message_id = int(entry.get("next_message_id", 1))
