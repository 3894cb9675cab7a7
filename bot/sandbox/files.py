"""Files the bot sends in the sandbox, saved to a folder the user can open."""

from __future__ import annotations

import re
from pathlib import Path

from bot.sandbox.state import World
from bot.sandbox.views import BotMessage

_UNSAFE = re.compile(r"[^\w.\- ]+")


def _extension(content: bytes) -> str:
    if content.startswith(b"\x89PNG"):
        return ".png"
    if content[:4] == b"GIF8":
        return ".gif"
    return ".jpg"


class FileSaver:
    """Writes each document or photo the bot sends once, under a name that is free."""

    def __init__(self, folder: Path, world: World) -> None:
        self.folder = folder
        self.world = world
        self._saved: dict[str, Path] = {}  # file_unique_id -> where it went

    def save(self, message: BotMessage) -> Path | None:
        if message.document is not None:
            file_id = message.document.file_id
            name = message.document.file_name or f"file-{message.message_id}"
        elif message.has_photo:
            file_id = message.payload["photo"][-1]["file_id"]
            name = ""
        else:
            return None
        record = self.world.files.get(file_id)
        if record is None:
            return None
        if record.file_unique_id in self._saved:
            return self._saved[record.file_unique_id]
        if not name:
            name = f"photo-{message.message_id}{_extension(record.content)}"
        path = self._free_path(_UNSAFE.sub("_", Path(name).name).strip() or "file")
        self.folder.mkdir(parents=True, exist_ok=True)
        path.write_bytes(record.content)
        self._saved[record.file_unique_id] = path
        return path

    def _free_path(self, name: str) -> Path:
        path = self.folder / name
        stem, suffix = path.stem, path.suffix
        number = 2
        while path.exists():
            path = self.folder / f"{stem} ({number}){suffix}"
            number += 1
        return path
