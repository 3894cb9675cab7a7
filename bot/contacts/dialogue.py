"""The /add dialogue as pure logic: the order of its questions and how answers move it.

Handlers render questions and call `answer` (typed text) and `press` (a button); nothing here
knows about Telegram. Both are table-driven: one function per step, and the dialogue moves on
when an answer is accepted. Buttons that need the database (an event, Save, a merge) are
the handler's; every other button is pressed here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from bot.contacts.add_state import MAX_EMAILS, MAX_PHONES, MAX_URLS, AddState, Step
from bot.contacts.channels import ChannelProblem, ChannelsResult, merge, parse_channels
from bot.contacts.dates import DateError, parse_followup_date, parse_met_date
from bot.contacts.parsing import parse_role_company, split_channels
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
from bot.followups.choices import FollowupChoice, FollowupKind, valid_days

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
REQUIRED = frozenset({Step.NAME, Step.SUMMARY, Step.DUPLICATE, Step.MERGE})
BUTTONS_ONLY = frozenset({Step.SUMMARY, Step.DUPLICATE, Step.MERGE})


@dataclass(frozen=True, slots=True)
class Facts:
    """What answers are judged against: the user's today and phone region."""

    today: date
    region: str
    default_days: int


@dataclass(frozen=True, slots=True)
class ChannelsKept:
    """Ways to reach them were recognised and kept; the step stays open for more."""

    found: ChannelsResult


@dataclass(frozen=True, slots=True)
class ChannelsRefused:
    """Nothing from the message was kept: these problems (none: nothing recognised)."""

    problems: tuple[ChannelProblem, ...]


@dataclass(frozen=True, slots=True)
class ChannelsBeforeName:
    """Ways to reach them sent at the name question, with no name: kept; the name is asked."""


Problem = FieldError | DateError | ChannelsRefused
# None: accepted, the dialogue moved on
Outcome = Problem | ChannelsKept | ChannelsBeforeName | None


# ---- moving between questions ------------------------------------------------------------
def start(state: AddState) -> Step:
    """The first question not answered by a shortcut."""
    state.history = []
    state.step = _first_open(state, 0)
    return state.step


def advance(state: AddState) -> Step:
    """The next question after the current one (the summary when editing one field)."""
    if state.step not in BUTTONS_ONLY:
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
    if state.editing or state.step in (Step.DUPLICATE, Step.MERGE):
        state.editing = False
        state.merge = None
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


def editable(state: AddState) -> tuple[Step, ...]:
    """What "Edit field" offers: a stored contact's follow-up is set on its card instead."""
    if state.contact_id is None:
        return EDITABLE
    return tuple(step for step in EDITABLE if step != Step.FOLLOWUP)


def edit(state: AddState, step: Step) -> None:
    """Answer one field again from the summary."""
    if step in editable(state):
        state.editing = True
        state.step = step


def _first_open(state: AddState, index: int) -> Step:
    for step in ORDER[index:]:
        if step == Step.ROLE and not (state.draft.company and not state.draft.role):
            continue
        if step in state.prefilled and step != Step.SUMMARY:
            continue
        return step
    return Step.SUMMARY


def can_skip(state: AddState) -> bool:
    """Optional questions, and the name when it is already there (edited from the summary)."""
    return state.step not in REQUIRED or (state.step == Step.NAME and bool(state.draft.name))


def skip(state: AddState) -> None:
    """/skip: the question is passed and what it holds stays (nothing on a first ask, where
    a follow-up then uses the default and the place the event checked in to). A question
    asked again, after /back or from the summary, keeps its answer: `clear` empties it."""
    if state.step == Step.FOLLOWUP_DATE:
        state.step = Step.FOLLOWUP
    elif state.step == Step.CHANNELS:
        state.email_fixes = []


def has_value(state: AddState) -> bool:
    """Whether the current question already holds an answer the user may clear."""
    d, step = state.draft, state.step
    if step == Step.COMPANY:
        return bool(d.company or d.role)
    if step == Step.ROLE:
        return bool(d.role)
    if step == Step.WHERE:  # the event checked in to is the default, not an answer
        return bool(d.met_where) or d.event_id not in (None, state.current_event_id)
    if step == Step.CHANNELS:
        return state.has_channels
    if step == Step.NOTES:
        return bool(d.notes)
    return False


def clear(state: AddState) -> None:
    """Empty the current optional field. Ways to reach them are cleared and asked again (to
    replace a wrong e-mail); any other question moves on."""
    d, step = state.draft, state.step
    if step == Step.COMPANY:
        d.company = d.role = None
    elif step == Step.ROLE:
        d.role = None
    elif step == Step.WHERE:
        d.met_where = d.event_id = state.event_name = None
    elif step == Step.CHANNELS:
        d.emails, d.phones, state.urls, state.email_fixes = [], [], [], []
        d.telegram_username = d.linkedin_url = None
        return
    elif step == Step.NOTES:
        d.notes = None
    advance(state)


# ---- typed answers -------------------------------------------------------------------------
def answer(state: AddState, text: str, facts: Facts) -> Outcome:
    """Take a typed answer to the current question; move on when it is accepted."""
    handler = _ANSWERS.get(state.step)
    if handler is None:  # buttons only
        return None
    outcome = handler(state, text, facts)
    if outcome is None:
        advance(state)
    elif isinstance(outcome, DateError) and state.step == Step.FOLLOWUP:
        state.step = Step.FOLLOWUP_DATE  # a typed date that failed: ask for a date again
    return outcome


def _field(validator: Callable[[str], str | FieldError], attribute: str) -> _Answer:
    def take(state: AddState, text: str, facts: Facts) -> Outcome:
        result = validator(text)
        if isinstance(result, FieldError):
            return result
        setattr(state.draft, attribute, result)
        return None

    return take


_take_name = _field(validate_name, "name")


def _company(state: AddState, text: str, facts: Facts) -> Outcome:
    role, company = parse_role_company(text)
    checked_role = validate_role(role) if role else None
    if isinstance(checked_role, FieldError):
        return checked_role
    checked_company = validate_company(company) if company else None
    if isinstance(checked_company, FieldError):
        return checked_company
    if checked_role is None and checked_company is None:
        return FieldError(FieldProblem.EMPTY, COMPANY_MAX, 0)
    state.draft.role, state.draft.company = checked_role, checked_company
    return None


def _where(state: AddState, text: str, facts: Facts) -> Outcome:
    result = validate_met_where(text)
    if isinstance(result, FieldError):
        return result
    state.draft.met_where = result
    state.draft.event_id = state.event_name = None
    return None


def _when(state: AddState, text: str, facts: Facts) -> Outcome:
    result = parse_met_date(text, today=facts.today)
    if isinstance(result, DateError):
        return result
    state.draft.met_on = result
    return None


def _channels(state: AddState, text: str, facts: Facts) -> Outcome:
    """Everything recognised in one message, merged into the draft; or what was wrong with it
    (then nothing from this message is kept, so the user can send it again corrected)."""
    found = parse_channels(text, default_region=facts.region)
    if found.problems or not found.found_any:
        return ChannelsRefused(tuple(found.problems))
    _keep(state, found)
    if state.editing and not state.email_fixes:
        return None  # one field from the summary: back to it
    return ChannelsKept(found)


def _name(state: AddState, text: str, facts: Facts) -> Outcome:
    """The name; an e-mail, phone or web address sent with it, or instead of it (pasted from
    a card), is kept for the question about them, which is then not asked."""
    rest, found = split_channels(text, default_region=facts.region)
    if not found.found_any:
        return _take_name(state, text, facts)
    _keep(state, found)
    if Step.CHANNELS not in state.prefilled:
        state.prefilled.append(Step.CHANNELS)
    if not any(char.isalpha() for char in rest):
        return ChannelsBeforeName()
    return _take_name(state, rest, facts)


def _keep(state: AddState, found: ChannelsResult) -> None:
    """Merge what one message gave into the draft, within the limits."""
    d = state.draft
    current = ChannelsResult(
        emails=list(d.emails),
        phones=list(d.phones),
        telegram_usernames=[d.telegram_username] if d.telegram_username else [],
        linkedin_urls=[d.linkedin_url] if d.linkedin_url else [],
        urls=list(state.urls),
    )
    merged = merge(current, found)
    d.emails = merged.emails[:MAX_EMAILS]
    d.phones = merged.phones[:MAX_PHONES]
    d.telegram_username = merged.telegram_usernames[0] if merged.telegram_usernames else None
    d.linkedin_url = merged.linkedin_urls[0] if merged.linkedin_urls else None
    state.urls = merged.urls[:MAX_URLS]
    state.email_fixes = [
        [s.typed, s.suggestion] for s in found.email_suggestions if s.typed in d.emails
    ]


def _followup_date(state: AddState, text: str, facts: Facts) -> Outcome:
    result = parse_followup_date(text, today=facts.today)
    if isinstance(result, DateError):
        return result
    state.followup = FollowupChoice(FollowupKind.DATE, on=result)
    return None


_Answer = Callable[[AddState, str, Facts], Outcome]
_ANSWERS: dict[Step, _Answer] = {
    Step.NAME: _name,
    Step.COMPANY: _company,
    Step.ROLE: _field(validate_role, "role"),
    Step.WHERE: _where,
    Step.WHEN: _when,
    Step.CHANNELS: _channels,
    Step.NOTES: _field(validate_notes, "notes"),
    Step.FOLLOWUP: _followup_date,
    Step.FOLLOWUP_DATE: _followup_date,
}


# ---- buttons -----------------------------------------------------------------------------
class Press(StrEnum):
    """What a button press did."""

    MOVED = "moved"  # the dialogue moved: ask the current question
    KEPT = "kept"  # the ways to reach them changed: show them again
    UNKNOWN = "unknown"  # not a button of this step: stale or forged


def press(state: AddState, action: str, argument: int | None, facts: Facts) -> Press:
    """A button of the current step that needs nothing but the state."""
    step = state.step
    if action == "skip" and can_skip(state):
        skip(state)
        advance(state)
    elif action == "clear" and has_value(state):
        clear(state)
    elif step == Step.WHEN and action in ("today", "yday"):
        offset = 0 if action == "today" else 1
        state.draft.met_on = facts.today - timedelta(days=offset)
        advance(state)
    elif step == Step.CHANNELS and action == "next":
        state.email_fixes = []
        advance(state)
    elif step == Step.CHANNELS and action == "fix" and fix_email(state, argument):
        return Press.KEPT
    elif step == Step.FOLLOWUP and action == "d" and valid_days(argument, facts.default_days):
        state.followup = FollowupChoice(FollowupKind.DAYS, days=argument)
        advance(state)
    elif step == Step.FOLLOWUP and action == "none":
        state.followup = FollowupChoice(FollowupKind.NONE)
        advance(state)
    elif step == Step.FOLLOWUP and action == "pick":
        state.step = Step.FOLLOWUP_DATE
    elif step == Step.FOLLOWUP_DATE and action == "back":
        state.step = Step.FOLLOWUP
    elif step == Step.SUMMARY and action == "show":
        pass
    else:
        return Press.UNKNOWN
    return Press.MOVED


def fix_email(state: AddState, index: int | None) -> bool:
    """Take the suggested address instead of the one typed ("did you mean …?")."""
    if index is None or not 0 <= index < len(state.email_fixes):
        return False
    typed, suggestion = state.email_fixes.pop(index)
    emails = [suggestion if e == typed else e for e in state.draft.emails]
    state.draft.emails = list(dict.fromkeys(emails))
    return True


def choose_event(state: AddState, event_id: int, event_name: str) -> None:
    """The contact was met at one of the user's events (checked by the handler)."""
    state.draft.event_id, state.event_name = event_id, event_name
    state.draft.met_where = None
    advance(state)
