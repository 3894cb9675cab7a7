"""The /add dialogue as pure data: its steps, the half-finished draft, and how answers move it.

The whole state is a JSON-friendly dict (dates as ISO strings) kept in PTB's user_data, so a
dialogue interrupted by a restart continues at the same question. Handlers render questions
and call the `answer_*` functions; nothing here knows about Telegram.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from bot.contacts.channels import ChannelProblem, ChannelsResult, merge, parse_channels
from bot.contacts.dates import DateError, parse_followup_date, parse_met_date
from bot.contacts.model import ContactDraft
from bot.contacts.parsing import parse_role_company
from bot.contacts.validation import (
    COMPANY_MAX,
    FieldError,
    FieldProblem,
    validate_company,
    validate_met_where,
    validate_name,
    validate_notes,
    validate_role,
)
from bot.followups.policy import working_day

MAX_EMAILS = 5
MAX_PHONES = 5
MAX_URLS = 5


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


ORDER = (
    Step.NAME,
    Step.COMPANY,
    Step.ROLE,
    Step.WHERE,
    Step.WHEN,
    Step.CHANNELS,
    Step.NOTES,
    Step.FOLLOWUP,
    Step.SUMMARY,
)
# What "Edit field" on the summary offers.
EDITABLE = (
    Step.NAME,
    Step.COMPANY,
    Step.WHERE,
    Step.WHEN,
    Step.CHANNELS,
    Step.NOTES,
    Step.FOLLOWUP,
)
REQUIRED = frozenset({Step.NAME, Step.SUMMARY, Step.DUPLICATE})


class FollowupKind(StrEnum):
    DEFAULT = "default"  # not chosen: the user's default number of days
    DAYS = "days"
    DATE = "date"
    NONE = "none"


@dataclass(slots=True)
class Followup:
    kind: FollowupKind = FollowupKind.DEFAULT
    days: int | None = None
    on: date | None = None


@dataclass(slots=True)
class AddState:
    """Everything the dialogue has gathered, plus where it is."""

    name: str = ""
    company: str | None = None
    role: str | None = None
    met_on: date | None = None
    met_where: str | None = None
    event_id: int | None = None  # the event the contact is tagged with
    event_name: str | None = None
    current_event_id: int | None = None  # checked in when the dialogue began: the default
    current_event_name: str | None = None
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    telegram_username: str | None = None
    linkedin_url: str | None = None
    urls: list[str] = field(default_factory=list)
    notes: str | None = None
    tags: list[str] = field(default_factory=list)
    source: str | None = None
    followup: Followup = field(default_factory=Followup)
    step: Step = Step.NAME
    history: list[Step] = field(default_factory=list)
    prefilled: list[Step] = field(default_factory=list)  # filled by a shortcut: not asked
    editing: bool = False  # answering one field from the summary: back to the summary next
    contact_id: int | None = None  # editing a stored contact (from its card)
    duplicates: list[int] = field(default_factory=list)

    # ---- serialisation ---------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "company": self.company,
            "role": self.role,
            "met_on": self.met_on.isoformat() if self.met_on else None,
            "met_where": self.met_where,
            "event_id": self.event_id,
            "event_name": self.event_name,
            "current_event_id": self.current_event_id,
            "current_event_name": self.current_event_name,
            "emails": list(self.emails),
            "phones": list(self.phones),
            "telegram_username": self.telegram_username,
            "linkedin_url": self.linkedin_url,
            "urls": list(self.urls),
            "notes": self.notes,
            "tags": list(self.tags),
            "source": self.source,
            "followup": {
                "kind": self.followup.kind.value,
                "days": self.followup.days,
                "on": self.followup.on.isoformat() if self.followup.on else None,
            },
            "step": self.step.value,
            "history": [s.value for s in self.history],
            "prefilled": [s.value for s in self.prefilled],
            "editing": self.editing,
            "contact_id": self.contact_id,
            "duplicates": list(self.duplicates),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AddState:
        followup = data.get("followup") or {}
        return cls(
            name=data.get("name") or "",
            company=data.get("company"),
            role=data.get("role"),
            met_on=_date(data.get("met_on")),
            met_where=data.get("met_where"),
            event_id=data.get("event_id"),
            event_name=data.get("event_name"),
            current_event_id=data.get("current_event_id"),
            current_event_name=data.get("current_event_name"),
            emails=list(data.get("emails") or []),
            phones=list(data.get("phones") or []),
            telegram_username=data.get("telegram_username"),
            linkedin_url=data.get("linkedin_url"),
            urls=list(data.get("urls") or []),
            notes=data.get("notes"),
            tags=list(data.get("tags") or []),
            source=data.get("source"),
            followup=Followup(
                FollowupKind(followup.get("kind", FollowupKind.DEFAULT.value)),
                followup.get("days"),
                _date(followup.get("on")),
            ),
            step=Step(data.get("step", Step.NAME.value)),
            history=[Step(s) for s in data.get("history") or []],
            prefilled=[Step(s) for s in data.get("prefilled") or []],
            editing=bool(data.get("editing")),
            contact_id=data.get("contact_id"),
            duplicates=list(data.get("duplicates") or []),
        )

    # ---- drafts ------------------------------------------------------------------------------
    def to_draft(self) -> ContactDraft:
        """What is stored; web addresses other than LinkedIn go at the end of the notes."""
        notes = self.notes
        if self.urls:
            links = "\n".join(self.urls)
            notes = f"{notes}\n{links}" if notes else links
        return ContactDraft(
            name=self.name,
            company=self.company,
            role=self.role,
            met_on=self.met_on,
            met_where=self.met_where,
            event_id=self.event_id,
            emails=list(self.emails),
            phones=list(self.phones),
            telegram_username=self.telegram_username,
            linkedin_url=self.linkedin_url,
            notes=notes,
            tags=list(self.tags),
            source=self.source,
        )

    def prefill(self, draft: ContactDraft) -> None:
        """Take a shortcut's draft (/add args, a shared contact, a vCard); mark filled steps.

        Values over the limits are not cut: they are left out, and their question is asked.
        """
        self.name = _valid(validate_name, draft.name) or self.name
        self.company = _valid(validate_company, draft.company) or self.company
        self.role = _valid(validate_role, draft.role) or self.role
        self.met_on = draft.met_on or self.met_on
        if where := _valid(validate_met_where, draft.met_where):
            self.met_where = where
            self.event_id = self.event_name = None
        self.emails = list(draft.emails[:MAX_EMAILS]) or self.emails
        self.phones = list(draft.phones[:MAX_PHONES]) or self.phones
        self.telegram_username = draft.telegram_username or self.telegram_username
        self.linkedin_url = draft.linkedin_url or self.linkedin_url
        self.notes = _valid(validate_notes, draft.notes) or self.notes
        self.tags = list(draft.tags)[:20] or self.tags
        self.source = draft.source or self.source
        filled = {
            Step.NAME: bool(self.name),
            Step.COMPANY: bool(self.company or self.role),
            Step.ROLE: bool(self.company or self.role),
            Step.WHERE: bool(self.met_where),
            Step.WHEN: self.met_on is not None,
            Step.CHANNELS: self.has_channels,
            Step.NOTES: bool(self.notes),
        }
        self.prefilled = [step for step, done in filled.items() if done]

    @property
    def has_channels(self) -> bool:
        return bool(
            self.emails or self.phones or self.telegram_username or self.linkedin_url or self.urls
        )


def _valid(validator: Callable[[str], str | FieldError], value: str | None) -> str | None:
    if not value:
        return None
    result = validator(value)
    return None if isinstance(result, FieldError) else result


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


# ---- moving between questions ------------------------------------------------------------


def start(state: AddState) -> Step:
    """The first question not answered by a shortcut."""
    state.history = []
    state.step = _first_open(state, 0)
    return state.step


def advance(state: AddState) -> Step:
    """The next question after the current one (the summary when editing one field)."""
    if state.step not in (Step.SUMMARY, Step.DUPLICATE):
        state.history.append(state.step)
    if state.editing:
        state.editing = False
        state.step = Step.SUMMARY
        return state.step
    current = Step.FOLLOWUP if state.step == Step.FOLLOWUP_DATE else state.step
    state.step = _first_open(state, ORDER.index(current) + 1)
    return state.step


def go_back(state: AddState) -> Step | None:
    """The previous question again; None at the first one."""
    if state.editing or state.step == Step.DUPLICATE:
        state.editing = False
        state.step = Step.SUMMARY
        return state.step
    if state.step == Step.FOLLOWUP_DATE:
        state.step = Step.FOLLOWUP
        return state.step
    while state.history:
        previous = state.history.pop()
        if previous != state.step:
            state.step = previous
            return previous
    return None


def edit(state: AddState, step: Step) -> None:
    """Answer one field again from the summary."""
    state.editing = True
    state.step = step


def _first_open(state: AddState, index: int) -> Step:
    for step in ORDER[index:]:
        if step == Step.ROLE and not (state.company and not state.role):
            continue
        if step in state.prefilled and step != Step.SUMMARY:
            continue
        return step
    return Step.SUMMARY


def skip(state: AddState) -> None:
    """/skip: the current optional field is left empty (a follow-up uses the default)."""
    step = state.step
    if step == Step.COMPANY:
        state.company = state.role = None
    elif step == Step.ROLE:
        state.role = None
    elif step == Step.WHERE:
        # Skipping keeps the default: the event the user is checked in to, if any.
        state.met_where = None
        state.event_id, state.event_name = state.current_event_id, state.current_event_name
    elif step == Step.WHEN:
        state.met_on = None
    elif step == Step.NOTES:
        state.notes = None
    elif step in (Step.FOLLOWUP, Step.FOLLOWUP_DATE):
        state.followup = Followup()
        state.step = Step.FOLLOWUP
    # CHANNELS: what was already recognised stays; skipping means "no more".


# ---- answers -------------------------------------------------------------------------------


def answer_name(state: AddState, text: str) -> FieldError | None:
    result = validate_name(text)
    if isinstance(result, FieldError):
        return result
    state.name = result
    return None


@dataclass(frozen=True, slots=True)
class CompanyError:
    field: Step  # COMPANY or ROLE: which part is wrong
    error: FieldError


def answer_company(state: AddState, text: str) -> CompanyError | None:
    role, company = parse_role_company(text)
    checked_role = validate_role(role) if role else None
    if isinstance(checked_role, FieldError):
        return CompanyError(Step.ROLE, checked_role)
    checked_company = validate_company(company) if company else None
    if isinstance(checked_company, FieldError):
        return CompanyError(Step.COMPANY, checked_company)
    if checked_role is None and checked_company is None:
        return CompanyError(Step.COMPANY, FieldError(FieldProblem.EMPTY, COMPANY_MAX, 0))
    state.role, state.company = checked_role, checked_company
    return None


def answer_role(state: AddState, text: str) -> FieldError | None:
    result = validate_role(text)
    if isinstance(result, FieldError):
        return result
    state.role = result
    return None


def answer_where(state: AddState, text: str) -> FieldError | None:
    result = validate_met_where(text)
    if isinstance(result, FieldError):
        return result
    state.met_where = result
    state.event_id = state.event_name = None
    return None


def choose_event(state: AddState, event_id: int, event_name: str) -> None:
    state.event_id, state.event_name = event_id, event_name
    state.met_where = None


def answer_when(state: AddState, text: str, *, today: date) -> DateError | None:
    result = parse_met_date(text, today=today)
    if isinstance(result, DateError):
        return result
    state.met_on = result
    return None


def answer_channels(
    state: AddState, text: str, *, region: str
) -> ChannelsResult | list[ChannelProblem]:
    """Everything recognised in one message, merged into the draft; or what was wrong with it
    (then nothing from this message is kept, so the user can send it again corrected)."""
    found = parse_channels(text, default_region=region)
    if found.problems:
        return found.problems
    if not found.found_any:
        return []
    current = ChannelsResult(
        emails=list(state.emails),
        phones=list(state.phones),
        telegram_usernames=[state.telegram_username] if state.telegram_username else [],
        linkedin_urls=[state.linkedin_url] if state.linkedin_url else [],
        urls=list(state.urls),
    )
    merged = merge(current, found)
    state.emails = merged.emails[:MAX_EMAILS]
    state.phones = merged.phones[:MAX_PHONES]
    state.telegram_username = merged.telegram_usernames[0] if merged.telegram_usernames else None
    state.linkedin_url = merged.linkedin_urls[0] if merged.linkedin_urls else None
    state.urls = merged.urls[:MAX_URLS]
    return found


def answer_notes(state: AddState, text: str) -> FieldError | None:
    result = validate_notes(text)
    if isinstance(result, FieldError):
        return result
    state.notes = result
    return None


def choose_followup_days(state: AddState, days: int) -> None:
    state.followup = Followup(FollowupKind.DAYS, days=days)


def choose_no_followup(state: AddState) -> None:
    state.followup = Followup(FollowupKind.NONE)


def answer_followup_date(state: AddState, text: str, *, today: date) -> DateError | None:
    result = parse_followup_date(text, today=today)
    if isinstance(result, DateError):
        return result
    state.followup = Followup(FollowupKind.DATE, on=result)
    return None


def followup_day(
    state: AddState, *, today: date, default_days: int, weekend_shift: bool = False
) -> date | None:
    """The day the first follow-up falls on (a weekend moved to Monday when the user's
    weekend shift is on, as the reminder will be); None for "no follow-up"."""
    choice = state.followup
    if choice.kind == FollowupKind.NONE:
        return None
    if choice.kind == FollowupKind.DATE and choice.on is not None:
        return working_day(choice.on, weekend_shift)
    days = choice.days if choice.kind == FollowupKind.DAYS and choice.days else default_days
    return working_day((state.met_on or today) + timedelta(days=days), weekend_shift)


def followup_days(state: AddState, *, default_days: int) -> int | None:
    """Days after the meeting, when the choice is a number of days (or the default)."""
    choice = state.followup
    if choice.kind == FollowupKind.DAYS and choice.days:
        return choice.days
    if choice.kind == FollowupKind.DEFAULT:
        return default_days
    return None
