"""The /add dialogue's state: the contact gathered so far, and where the dialogue is.

The whole state is a JSON-friendly dict (dates as ISO strings) kept in PTB's user_data, so a
dialogue interrupted by a restart continues at the same question.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from bot.contacts.merging import MergeField, Side
from bot.contacts.validation import (
    FieldError,
    validate_company,
    validate_met_where,
    validate_name,
    validate_notes,
    validate_role,
)
from bot.followups.choices import FollowupChoice
from storage.contacts import DRAFT_FIELDS, ContactDraft

MAX_EMAILS = 5
MAX_PHONES = 5
MAX_URLS = 5
MAX_TAGS = 20


class Step(StrEnum):
    NAME = "name"
    COMPANY = "company"  # "HR manager @ Acme", or a company alone
    ROLE = "role"  # asked only when the company came without a role
    WHERE = "where"
    WHEN = "when"
    CHANNELS = "channels"  # may take several messages
    NOTES = "notes"
    FOLLOWUP = "followup"
    FOLLOWUP_DATE = "followup_date"  # "pick a date": typed
    SUMMARY = "summary"
    DUPLICATE = "duplicate"  # merge into an existing contact, or save as new
    MERGE = "merge"  # which value to keep, one differing field at a time


def new_key() -> str:
    """A dialogue's identity: saving the same dialogue twice creates one contact."""
    return secrets.token_hex(8)


@dataclass(slots=True)
class MergeState:
    """Merging into contact `target`: the differing fields still to settle, and choices."""

    target: int
    pending: list[MergeField] = field(default_factory=list)
    choices: dict[MergeField, Side] = field(default_factory=dict)


@dataclass(slots=True)
class AddState:
    """Everything the dialogue has gathered, plus where it is."""

    draft: ContactDraft = field(default_factory=lambda: ContactDraft(name=""))
    event_name: str | None = None  # the name of draft.event_id, for display
    current_event_id: int | None = None  # checked in when the dialogue began: the default
    current_event_name: str | None = None
    urls: list[str] = field(default_factory=list)  # web addresses: kept in the notes
    # E-mails whose domain looks mistyped: [as typed, what it may have meant].
    email_fixes: list[list[str]] = field(default_factory=list)
    followup: FollowupChoice = field(default_factory=FollowupChoice)
    step: Step = Step.NAME
    history: list[Step] = field(default_factory=list)
    prefilled: list[Step] = field(default_factory=list)  # filled by a shortcut: not asked
    editing: bool = False  # answering one field from the summary: back to the summary next
    contact_id: int | None = None  # editing a stored contact (from its card)
    duplicates: list[int] = field(default_factory=list)
    merge: MergeState | None = None
    key: str = field(default_factory=new_key)
    message_id: int | None = None  # the last question sent: only its buttons act

    # ---- serialisation ---------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        draft = {name: getattr(self.draft, name) for name in DRAFT_FIELDS}
        draft["met_on"] = self.draft.met_on.isoformat() if self.draft.met_on else None
        for name in ("emails", "phones", "tags"):
            draft[name] = list(draft[name])
        return {
            "draft": draft,
            "event_name": self.event_name,
            "current_event_id": self.current_event_id,
            "current_event_name": self.current_event_name,
            "urls": list(self.urls),
            "email_fixes": [list(pair) for pair in self.email_fixes],
            "followup": self.followup.to_json(),
            "step": self.step.value,
            "history": [s.value for s in self.history],
            "prefilled": [s.value for s in self.prefilled],
            "editing": self.editing,
            "contact_id": self.contact_id,
            "duplicates": list(self.duplicates),
            "merge": None
            if self.merge is None
            else {
                "target": self.merge.target,
                "pending": [f.value for f in self.merge.pending],
                "choices": {f.value: s.value for f, s in self.merge.choices.items()},
            },
            "key": self.key,
            "message_id": self.message_id,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AddState:
        raw = dict(data.get("draft") or {})
        raw["met_on"] = date.fromisoformat(raw["met_on"]) if raw.get("met_on") else None
        draft = ContactDraft(**{k: v for k, v in raw.items() if k in DRAFT_FIELDS})
        merge = data.get("merge")
        return cls(
            draft=draft,
            event_name=data.get("event_name"),
            current_event_id=data.get("current_event_id"),
            current_event_name=data.get("current_event_name"),
            urls=list(data.get("urls") or []),
            email_fixes=[list(pair) for pair in data.get("email_fixes") or []],
            followup=FollowupChoice.from_json(data.get("followup")),
            step=Step(data.get("step", Step.NAME.value)),
            history=[Step(s) for s in data.get("history") or []],
            prefilled=[Step(s) for s in data.get("prefilled") or []],
            editing=bool(data.get("editing")),
            contact_id=data.get("contact_id"),
            duplicates=list(data.get("duplicates") or []),
            merge=None
            if not merge
            else MergeState(
                merge["target"],
                [MergeField(f) for f in merge.get("pending") or []],
                {MergeField(f): Side(s) for f, s in (merge.get("choices") or {}).items()},
            ),
            key=data.get("key") or new_key(),
            message_id=data.get("message_id"),
        )

    # ---- the contact -------------------------------------------------------------------------
    def to_draft(self) -> ContactDraft:
        """What is stored; web addresses other than LinkedIn go at the end of the notes."""
        draft = self.draft.draft()
        if self.urls:
            links = "\n".join(u for u in self.urls if not draft.notes or u not in draft.notes)
            if links:
                draft.notes = f"{draft.notes}\n{links}" if draft.notes else links
        return draft

    def prefill(self, incoming: ContactDraft) -> None:
        """Take a shortcut's draft (/add args, a shared contact, a vCard, a scanned card);
        mark the filled steps. Values over the limits are not cut: they are left out, and
        their question is asked."""
        d = self.draft
        d.name = _valid(validate_name, incoming.name) or d.name
        d.company = _valid(validate_company, incoming.company) or d.company
        d.role = _valid(validate_role, incoming.role) or d.role
        d.met_on = incoming.met_on or d.met_on
        if where := _valid(validate_met_where, incoming.met_where):
            d.met_where = where
            d.event_id = self.event_name = None
        d.emails = list(incoming.emails[:MAX_EMAILS]) or list(d.emails)
        d.phones = list(incoming.phones[:MAX_PHONES]) or list(d.phones)
        d.telegram_username = incoming.telegram_username or d.telegram_username
        d.linkedin_url = incoming.linkedin_url or d.linkedin_url
        d.notes = _valid(validate_notes, incoming.notes) or d.notes
        d.tags = list(incoming.tags)[:MAX_TAGS] or list(d.tags)
        d.source = incoming.source or d.source
        filled = {
            Step.NAME: bool(d.name),
            Step.COMPANY: bool(d.company or d.role),
            Step.ROLE: bool(d.company or d.role),
            Step.WHERE: bool(d.met_where),
            Step.WHEN: d.met_on is not None,
            Step.CHANNELS: self.has_channels,
            Step.NOTES: bool(d.notes),
        }
        self.prefilled = [step for step, done in filled.items() if done]

    @property
    def where(self) -> str | None:
        """Where they met, as shown: the event's name or the place typed."""
        return self.event_name or self.draft.met_where

    @property
    def has_channels(self) -> bool:
        d = self.draft
        return bool(d.emails or d.phones or d.telegram_username or d.linkedin_url or self.urls)


def _valid(validator: Callable[[str], str | FieldError], value: str | None) -> str | None:
    if not value:
        return None
    result = validator(value)
    return None if isinstance(result, FieldError) else result
