"""The import plan: duplicates as find_duplicates sees them, keep-in-touch spreading, tags."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime

import pytest

from bot.contacts.duplicates import ContactIdentity, MatchReason, find_duplicates
from bot.contacts.model import ContactDraft
from bot.followups.policy import UserSchedule
from bot.porting import ImportFormat
from bot.porting.plan import import_tag, keep_in_touch_dues, plan_import, tagged
from storage.kinds import Cadence

FIRST = ["Mario", "Maria", "Giovanni", "Gianni", "Zoë", "Niccolò", "Li", "Lu", "Anna", "Luca"]
LAST = ["Rossi", "De Luca", "Ferri", "D'Angelo", "Wei", "Bianchi", "Conti"]
COMPANIES = [None, "ACME S.p.A.", "Acme", "Rossi & Figli Srl", "Studio Ferri", "Globex Inc."]
PHONES = ["+39 333 1234567", "3331234567", "0039 333 123 4567", "+39 06 1234567", "06 1234567"]


def random_person(rng: random.Random) -> tuple[str, str | None, list[str], list[str], str | None]:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    name = f"{first} {last}" if rng.random() < 0.8 else f"{last} {first}"
    if rng.random() < 0.1:
        name = name.upper()
    emails = [f"{first[:2]}.{last[:3]}@ex.it".replace("'", "")] if rng.random() < 0.3 else []
    phones = [rng.choice(PHONES)] if rng.random() < 0.3 else []
    username = rng.choice([None, None, None, "mrossi", "@MRossi", "zoe"])
    return name, rng.choice(COMPANIES), emails, phones, username


def test_the_plan_finds_what_comparing_with_everyone_finds() -> None:
    rng = random.Random(7)
    existing = []
    for i in range(150):
        name, company, emails, phones, username = random_person(rng)
        existing.append(ContactIdentity(i + 1, name, company, emails, phones, username))
    drafts = []
    for _ in range(200):
        name, company, emails, phones, username = random_person(rng)
        drafts.append(
            ContactDraft(
                name=name, company=company, emails=emails, phones=phones, telegram_username=username
            )
        )
    plan = plan_import(drafts, existing)
    expected_new, expected_dups = [], []
    reasons: set[MatchReason] = set()
    for draft in drafts:
        matches = find_duplicates(draft, existing)
        reasons.update(r for m in matches for r in m.reasons)
        if matches:
            expected_dups.append((draft.name, matches[0].contact_id))
        else:
            expected_new.append(draft.name)
    assert [(d.draft.name, d.existing_id) for d in plan.duplicates] == expected_dups
    assert [d.name for d in plan.new] == expected_new
    # The sample exercises both sides and every kind of match.
    assert expected_dups and expected_new
    assert reasons == set(MatchReason)


def test_drafts_of_one_file_are_not_merged_with_each_other() -> None:
    twins = [ContactDraft(name="Mario Rossi"), ContactDraft(name="Mario Rossi")]
    assert len(plan_import(twins, []).new) == 2


SCHED = UserSchedule(tz="Europe/Rome", preferred_hour=10, weekend_shift=True)
TODAY = date(2026, 11, 24)  # a Tuesday


def test_recent_contacts_follow_the_cadence_rule() -> None:
    (due,) = keep_in_touch_dues([date(2026, 11, 20)], Cadence.MONTHLY, SCHED, today=TODAY)
    assert due == datetime(2026, 12, 21, 9, 0, tzinfo=UTC)  # Sunday 20 Dec -> Monday 21


def test_overdue_contacts_are_spread_over_the_first_cycle() -> None:
    old = [date(2019, 5, 1)] * 90
    dues = keep_in_touch_dues(old, Cadence.QUARTERLY, SCHED, today=TODAY)
    assert all(d is not None for d in dues)
    days = sorted({d.date() for d in dues if d is not None})
    assert days[0] == date(2026, 11, 25)  # from tomorrow
    assert days[-1] <= date(2027, 2, 24)  # within three months
    # Weekdays only (the weekend rule moves Saturday and Sunday to Monday), about one a day.
    assert {d.weekday() for d in days} <= {0, 1, 2, 3, 4}
    assert len(days) >= 55


def test_no_cadence_no_reminders() -> None:
    assert keep_in_touch_dues([TODAY, TODAY], Cadence.NONE, SCHED, today=TODAY) == [None, None]


@pytest.mark.parametrize(
    ("fmt", "tag"),
    [
        (ImportFormat.LINKEDIN_CSV, "import-linkedin-2026-11-24"),
        (ImportFormat.VCARD, "import-vcard-2026-11-24"),
        (ImportFormat.RETE_CSV, "import-rete-2026-11-24"),
    ],
)
def test_import_tag(fmt: ImportFormat, tag: str) -> None:
    assert import_tag(fmt, TODAY) == tag


def test_tagging_twice_adds_the_tag_once() -> None:
    draft = tagged(ContactDraft(name="A", tags=["Fiere"]), "import-csv-2026-11-24")
    assert tagged(draft, "IMPORT-csv-2026-11-24").tags == ["Fiere", "import-csv-2026-11-24"]
