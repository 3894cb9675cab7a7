"""Merging what we learnt about a person into the contact we already have: nothing dropped.

- E-mails, phones and tags: both kept (united, first-seen order, no repeats).
- Notes: the new ones are appended (unless already there).
- One-value fields (name, company, role, where and when you met, @username, LinkedIn):
  an empty side takes the other's value; two equal values are one; two different values
  are a `Conflict`, settled by the user's choice (the /add merge asks). A conflict nobody
  settled keeps the stored value and is returned as unresolved, so the caller records the
  other value (an import writes it into the notes) instead of losing it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from bot.contacts.text import fold
from storage.contacts import ContactDraft

Value = str | date | int


class MergeField(StrEnum):
    NAME = "name"
    COMPANY = "company"
    ROLE = "role"
    MET_ON = "met_on"
    MET_WHERE = "met_where"
    EVENT = "event_id"
    TELEGRAM = "telegram_username"
    LINKEDIN = "linkedin_url"


class Side(StrEnum):
    KEEP = "keep"  # the stored value
    NEW = "new"  # the value just gathered


@dataclass(frozen=True, slots=True)
class Conflict:
    field: MergeField
    stored: Value
    new: Value


@dataclass(frozen=True, slots=True)
class MergeResult:
    draft: ContactDraft
    unresolved: tuple[Conflict, ...]  # kept the stored value; the new one is here


def _same(first: Value, second: Value) -> bool:
    if isinstance(first, str) and isinstance(second, str):
        return fold(first).strip() == fold(second).strip()
    return first == second


def conflicts(stored: ContactDraft, new: ContactDraft) -> list[Conflict]:
    """The one-value fields where both sides hold different values."""
    found = []
    for merge_field in MergeField:
        mine, theirs = getattr(stored, merge_field.value), getattr(new, merge_field.value)
        filled = mine not in (None, "") and theirs not in (None, "")
        if filled and not _same(mine, theirs):
            found.append(Conflict(merge_field, mine, theirs))
    return found


def merge_drafts(
    stored: ContactDraft, new: ContactDraft, choices: Mapping[MergeField, Side] | None = None
) -> MergeResult:
    """`stored` with `new` merged in; `choices` settle conflicts (unsettled: stored wins)."""
    choices = choices or {}
    values: dict[str, object] = {}
    unresolved = []
    for conflict in conflicts(stored, new):
        side = choices.get(conflict.field)
        if side is Side.NEW:
            values[conflict.field.value] = conflict.new
        elif side is None:
            unresolved.append(conflict)
    for merge_field in MergeField:
        if merge_field.value not in values:
            mine = getattr(stored, merge_field.value)
            values[merge_field.value] = (
                mine if mine not in (None, "") else getattr(new, merge_field.value)
            )
    merged = replace(
        stored,
        **values,  # type: ignore[arg-type]
        emails=_union(stored.emails, new.emails, str.casefold),
        phones=_union(stored.phones, new.phones, lambda p: p),
        tags=_union(stored.tags, new.tags, fold),
        notes=append_notes(stored.notes, new.notes),
        source=stored.source or new.source,
    )
    return MergeResult(merged, tuple(unresolved))


def append_notes(stored: str | None, new: str | None) -> str | None:
    if not new or (stored and new.strip() in stored):
        return stored or new
    if not stored:
        return new
    return f"{stored}\n{new}"


def _union(first: Sequence[str], second: Sequence[str], key: Callable[[str], str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for item in (*first, *second):
        marker = key(item)
        if marker not in seen:
            seen.add(marker)
            out.append(item)
    return out
