"""Digest building: grouping posts, links to the original messages, splitting into messages.

Group keys are stable codes (``ROLE_FAMILIES``, ``REMOTE_GROUP``, ``UNKNOWN_PLACE_GROUP``)
or canonical place names ("Milano"); the i18n layer turns codes into headings.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Protocol

from bot.jobposts.extract import WorkMode
from bot.jobposts.places import canonical_place
from bot.jobposts.text import fold
from storage.job_kinds import DigestGrouping

TELEGRAM_MESSAGE_LIMIT = 4096
REMOTE_GROUP = "remote"
UNKNOWN_PLACE_GROUP = "unknown"
OTHER_FAMILY = "other"


class PostFields(Protocol):
    """What a digest line shows of a post: the extracted fields, or the stored copies."""

    @property
    def role(self) -> str | None: ...
    @property
    def company(self) -> str | None: ...
    @property
    def location(self) -> str | None: ...
    @property
    def work_mode(self) -> WorkMode | None: ...


# Not frozen: a digest builds 10,000 of them, and a frozen dataclass is slower to build.
@dataclass(slots=True)
class DigestPost:
    fields: PostFields
    link: str
    posted_at: datetime
    chat_title: str | None = None


# First family whose keywords appear in the role wins: order matters ("Data Engineer" is
# data, "IT Recruiter" is hr, "Business Developer" is marketing_sales).
_FAMILY_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("data", r"data|dati|analyst|analista|scientist|machine learning|ml|ai|bi|statistic\w*"),
    ("design", r"design\w*|ux|ui|grafic[oa]|graphic|illustrat\w*|art director|videomaker"),
    ("hr", r"hr|recruit\w*|talent|risorse umane|people|selezione del personale|payroll"),
    (
        "marketing_sales",
        r"marketing|sales|commercial\w*|vendit\w*|account|seo|sem|social media|content"
        r"|copywriter|growth|business develop\w*|agent[ei]|agent|store manager|brand",
    ),
    (
        "admin_finance",
        r"amministra\w*|contabil\w*|accountant|accounting|finance|financial|controller"
        r"|segretari[oa]|receptionist|office|back office|impiegat[oa]|tesoreria|legal\w*",
    ),
    (
        "engineering",
        r"develop\w*|sviluppat\w*|engineer\w*|ingegner\w*|programmat\w*|programmer|devops|sre"
        r"|software|backend|back-end|frontend|front-end|full ?stack|qa|tester|sistemist\w*"
        r"|cloud|security|architect|tech lead|cto|it",
    ),
)
_FAMILY_RES = tuple((name, re.compile(rf"\b(?:{words})\b")) for name, words in _FAMILY_KEYWORDS)
ROLE_FAMILIES: tuple[str, ...] = (*(name for name, _ in _FAMILY_KEYWORDS), OTHER_FAMILY)


@cache  # a digest repeats few distinct roles; this was most of a 10,000-post render
def role_family(role: str | None) -> str:
    """The family code of a role title (``OTHER_FAMILY`` when unknown)."""
    if role:
        folded = fold(role)
        for name, pattern in _FAMILY_RES:
            if pattern.search(folded):
                return name
    return OTHER_FAMILY


def place_group(fields: PostFields) -> str:
    """``REMOTE_GROUP`` for remote posts, else the canonical place, else unknown."""
    if fields.work_mode is WorkMode.REMOTE:
        return REMOTE_GROUP
    if fields.location:
        return canonical_place(fields.location) or fields.location.strip().title()
    return UNKNOWN_PLACE_GROUP


def group_posts(
    posts: Iterable[DigestPost], by: DigestGrouping
) -> list[tuple[str, list[DigestPost]]]:
    """Posts grouped by role family or place; biggest group first (ties by key), the
    catch-all group (other / unknown) last; newest post first inside each group."""
    by_role = by == DigestGrouping.ROLE  # a plain "role" works too
    key_of: Callable[[DigestPost], str] = _role_key if by_role else _place_key
    catch_all = OTHER_FAMILY if by_role else UNKNOWN_PLACE_GROUP
    groups: defaultdict[str, list[DigestPost]] = defaultdict(list)
    for post in posts:
        groups[key_of(post)].append(post)
    for members in groups.values():
        members.sort(key=lambda p: p.posted_at, reverse=True)
    return sorted(groups.items(), key=lambda kv: (kv[0] == catch_all, -len(kv[1]), kv[0]))


def _role_key(post: DigestPost) -> str:
    return role_family(post.fields.role)


def _place_key(post: DigestPost) -> str:
    return place_group(post.fields)


def message_link(chat_id: int, chat_username: str | None, message_id: int) -> str:
    """Link to a message: ``t.me/<username>/<id>`` for public chats, ``t.me/c/<id>/<id>``
    for private supergroups and channels (readable by their members only).

    Raises ValueError for chats without message links (private chats, basic groups).
    """
    if chat_username:
        return f"https://t.me/{chat_username.lstrip('@')}/{message_id}"
    text = str(chat_id)
    if not text.startswith("-100") or len(text) <= 4:
        raise ValueError(f"chat {chat_id} has no message links")
    return f"https://t.me/c/{text[4:]}/{message_id}"


def utf16_length(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units: an emoji is often 2)."""
    if text.isascii():
        return len(text)
    # The codec counts in C; a generator over every character was most of a big digest.
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def split_message(lines: list[str], limit: int = TELEGRAM_MESSAGE_LIMIT) -> list[str]:
    """Pack lines into messages of at most ``limit`` UTF-16 units, breaking only between
    lines; a line longer than ``limit`` is cut at a space when possible (else anywhere,
    never inside a character). Lines should be self-contained: markup spanning lines, or
    inside a line that has to be cut, is the caller's concern."""
    if limit < 2:
        raise ValueError("limit must be at least 2")
    messages: list[str] = []
    current: list[str] = []
    size = 0
    for line in lines:
        line_size = utf16_length(line)
        for piece in _cut(line, limit) if line_size > limit else (line,):
            piece_size = line_size if piece is line else utf16_length(piece)
            if current and size + 1 + piece_size > limit:
                messages.append("\n".join(current))
                current, size = [], 0
            size += piece_size + (1 if current else 0)
            current.append(piece)
    if current:
        messages.append("\n".join(current))
    return messages


def _cut(line: str, limit: int) -> list[str]:
    pieces: list[str] = []
    while utf16_length(line) > limit:
        end = _prefix_fitting(line, limit)
        space = line.rfind(" ", 0, end + 1)
        if space > end // 2:  # a space in the second half: cut there, drop the space
            pieces.append(line[:space])
            line = line[space + 1 :]
        else:
            pieces.append(line[:end])
            line = line[end:]
    if line:
        pieces.append(line)
    return pieces


def _prefix_fitting(line: str, limit: int) -> int:
    """The largest n such that ``line[:n]`` fits in ``limit`` UTF-16 units."""
    units = 0
    for index, ch in enumerate(line):
        units += 2 if ord(ch) > 0xFFFF else 1
        if units > limit:
            return index
    return len(line)
