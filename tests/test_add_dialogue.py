"""The /add dialogue's pure logic: step order, shortcuts, /back, JSON round trip."""

from __future__ import annotations

import json
from datetime import date

from bot.contacts import dialogue as dlg
from bot.contacts.dialogue import AddState, FollowupKind, Step
from bot.contacts.model import ContactDraft


def test_role_is_asked_only_for_a_company_without_a_role() -> None:
    state = AddState(name="A")
    dlg.start(state)
    assert state.step == Step.NAME
    dlg.advance(state)
    assert dlg.answer_company(state, "HR @ Acme") is None
    assert dlg.advance(state) == Step.WHERE
    dlg.go_back(state)
    assert dlg.answer_company(state, "Acme") is None
    assert dlg.advance(state) == Step.ROLE


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
    assert state.name == "" and state.notes is None
    assert dlg.start(state) == Step.NAME


def test_state_survives_json() -> None:
    state = AddState(name="A", met_on=date(2026, 11, 21), emails=["a@b.it"], step=Step.NOTES)
    dlg.answer_followup_date(state, "5/12", today=date(2026, 11, 24))
    data = json.loads(json.dumps(state.to_json()))
    again = AddState.from_json(data)
    assert again == state
    assert again.followup.kind == FollowupKind.DATE
    assert dlg.followup_day(again, today=date(2026, 11, 24), default_days=3) == date(2026, 12, 5)


def test_followup_day_counts_from_the_meeting() -> None:
    state = AddState(name="A", met_on=date(2026, 11, 21))
    assert dlg.followup_day(state, today=date(2026, 11, 24), default_days=3) == date(2026, 11, 24)
    dlg.choose_no_followup(state)
    assert dlg.followup_day(state, today=date(2026, 11, 24), default_days=3) is None


def test_followup_day_shown_is_the_day_the_reminder_comes() -> None:
    state = AddState(name="A", met_on=date(2026, 11, 25))  # Wednesday + 3 days = Saturday
    today = date(2026, 11, 28)
    assert dlg.followup_day(state, today=today, default_days=3) == date(2026, 11, 28)
    shifted = dlg.followup_day(state, today=today, default_days=3, weekend_shift=True)
    assert shifted == date(2026, 11, 30)
