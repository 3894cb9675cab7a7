"""The /add dialogue's pure logic: step order, shortcuts, /back, JSON round trip, and the
follow-up choices (every one counted from today; only Saturday and Sunday move)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from bot.contacts import dialogue as dlg
from bot.contacts.add_state import AddState, Step
from bot.contacts.dialogue import Facts
from bot.followups.choices import FollowupChoice, FollowupKind, followup_day
from storage.contacts import ContactDraft

TODAY = date(2026, 11, 24)  # a Tuesday
FACTS = Facts(TODAY, "IT", 3)


def test_role_is_asked_only_for_a_company_without_a_role() -> None:
    state = AddState()
    dlg.start(state)
    assert state.step == Step.NAME
    assert dlg.answer(state, "A", FACTS) is None
    assert dlg.answer(state, "HR @ Acme", FACTS) is None
    assert state.step == Step.WHERE
    dlg.go_back(state)
    assert dlg.answer(state, "Acme", FACTS) is None
    assert state.step == Step.ROLE


def test_a_shortcut_skips_what_it_filled() -> None:
    state = AddState()
    state.prefill(ContactDraft(name="Mario", company="Acme", emails=["m@acme.it"]))
    assert dlg.start(state) == Step.WHERE
    assert [dlg.advance(state) for _ in range(3)] == [Step.WHEN, Step.NOTES, Step.FOLLOWUP]
    assert dlg.go_back(state) == Step.NOTES
    assert dlg.go_back(state) == Step.WHEN
    assert dlg.go_back(state) == Step.WHERE
    assert dlg.go_back(state) is None


def test_over_long_prefilled_values_are_left_out_not_cut() -> None:
    state = AddState()
    state.prefill(ContactDraft(name="x" * 300, notes="n" * 3000))
    assert state.draft.name == "" and state.draft.notes is None
    assert dlg.start(state) == Step.NAME


def test_state_survives_json() -> None:
    state = AddState(
        draft=ContactDraft(name="A", met_on=date(2026, 11, 21), emails=["a@b.it"]),
        step=Step.FOLLOWUP_DATE,
    )
    assert dlg.answer(state, "5/12", FACTS) is None
    again = AddState.from_json(json.loads(json.dumps(state.to_json())))
    assert again == state
    assert again.followup == FollowupChoice(FollowupKind.DATE, on=date(2026, 12, 5))


def test_a_typed_date_that_fails_asks_for_a_date_again() -> None:
    state = AddState(draft=ContactDraft(name="A"), step=Step.FOLLOWUP)
    problem = dlg.answer(state, "31/02", FACTS)
    assert problem is not None
    assert state.step == Step.FOLLOWUP_DATE


def day_of(choice: FollowupChoice, *, weekend_shift: bool = False) -> date | None:
    when = followup_day(choice, today=TODAY, default_days=3, weekend_shift=weekend_shift)
    return None if when is None else when.day


def test_every_choice_counts_from_today_never_from_an_old_meeting() -> None:
    # Met eight days ago: "in 2 days" is still two days from now, never in the past.
    assert day_of(FollowupChoice(FollowupKind.DAYS, days=2)) == TODAY + timedelta(days=2)
    assert day_of(FollowupChoice()) == TODAY + timedelta(days=3)  # not chosen: the default
    assert day_of(FollowupChoice(FollowupKind.NONE)) is None
    # A picked day in the past (typed long ago, stored in a dialogue) becomes today.
    assert day_of(FollowupChoice(FollowupKind.DATE, on=date(2026, 11, 20))) == TODAY


@pytest.mark.parametrize(
    ("wanted", "shifted"),
    [
        (date(2026, 11, 27), date(2026, 11, 27)),  # Friday stays Friday
        (date(2026, 11, 28), date(2026, 11, 30)),  # Saturday -> Monday
        (date(2026, 11, 29), date(2026, 11, 30)),  # Sunday -> Monday
        (date(2026, 11, 30), date(2026, 11, 30)),  # Monday stays
    ],
)
def test_the_weekend_shift_moves_only_saturday_and_sunday(wanted: date, shifted: date) -> None:
    choice = FollowupChoice(FollowupKind.DATE, on=wanted)
    assert day_of(choice, weekend_shift=True) == shifted
    assert day_of(choice, weekend_shift=False) == wanted


def test_an_address_sent_for_the_name_is_kept_and_the_name_asked() -> None:
    """A LinkedIn address or an e-mail pasted at the name question used to become the name."""
    state = AddState()
    dlg.start(state)
    outcome = dlg.answer(state, "https://www.linkedin.com/in/mario-rossi-123/", FACTS)
    assert isinstance(outcome, dlg.ChannelsBeforeName)
    assert (state.step, state.draft.name) == (Step.NAME, "")
    assert state.draft.linkedin_url == "https://www.linkedin.com/in/mario-rossi-123"
    assert dlg.answer(state, "Mario Rossi +39 333 1234567", FACTS) is None
    assert (state.draft.name, state.draft.phones) == ("Mario Rossi", ["+393331234567"])
    # The question about them is not asked: it was answered.
    assert dlg.answer(state, "CTO @ Acme", FACTS) is None
    assert dlg.answer(state, "Expo Milano", FACTS) is None
    assert dlg.answer(state, "oggi", FACTS) is None
    assert state.step == Step.NOTES
