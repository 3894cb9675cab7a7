"""The complete export: everything Rete keeps about a user, as one JSON document.

The document is a list of *sections*, each loaded by the owner's id. A feature that adds a
table adds one line to EXPORT_SECTIONS (and /forget needs nothing: its rows cascade from the
user's row). Values are made JSON-safe by `jsonable`: dataclasses become objects, dates and
times ISO strings (times in UTC), tuples lists.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from bot.porting.model import EXPORT_FORMAT
from bot.services import Repos

FORMAT = EXPORT_FORMAT
VERSION = 1

Loader = Callable[[Repos, int], Awaitable[object]]


@dataclasses.dataclass(frozen=True, slots=True)
class ExportSection:
    name: str
    load: Loader


EXPORT_SECTIONS: list[ExportSection] = [
    ExportSection("settings", lambda s, uid: s.users.get(uid)),
    ExportSection("contacts", lambda s, uid: s.contacts.all_for_owner(uid)),
    ExportSection("events", lambda s, uid: s.events.all_for_owner(uid)),
    ExportSection("interactions", lambda s, uid: s.interactions.all_for_owner(uid)),
    ExportSection("reminders", lambda s, uid: s.reminders.all_for_owner(uid)),
    ExportSection("alert_rules", lambda s, uid: s.job_alerts.rules(uid)),
]


def jsonable(value: object) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def render(sections: Mapping[str, object], *, user_id: int, exported_at: datetime) -> bytes:
    document = {
        "format": FORMAT,
        "version": VERSION,
        "user_id": user_id,
        "exported_at": exported_at.isoformat(),
        **{name: jsonable(value) for name, value in sections.items()},
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


async def collect(
    repos: Repos, owner_id: int, sections: Sequence[ExportSection] = EXPORT_SECTIONS
) -> dict[str, object]:
    return {section.name: await section.load(repos, owner_id) for section in sections}
