"""Repositories: behaviour, and that every query is scoped by its owner."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

import storage.db
from bot.contacts.model import ContactDraft
from storage.contacts import ContactsRepo
from storage.db import Database
from storage.events import EventsRepo
from storage.interactions import InteractionsRepo
from storage.reminders import RemindersRepo
from storage.users import UsersRepo

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
ALICE, BOB = 1001, 2002


@pytest.fixture
async def db() -> AsyncIterator[Database]:
    database = Database(":memory:")
    await database.open()
    users = UsersRepo(database)
    for user_id in (ALICE, BOB):
        await users.ensure(user_id, "it", default_timezone="Europe/Rome", default_followup_days=3)
    yield database
    await database.close()


async def test_contacts_are_invisible_to_other_owners(db: Database) -> None:
    contacts = ContactsRepo(db)
    cid = await contacts.create(ALICE, ContactDraft(name="Maria Rossi", company="Acme"))
    assert (await contacts.get(ALICE, cid)) is not None
    assert await contacts.get(BOB, cid) is None
    assert await contacts.replace_data(BOB, cid, ContactDraft(name="Hacked")) is False
    assert await contacts.set_stage(BOB, cid, "closed") is False
    assert await contacts.delete(BOB, cid) is False
    assert await contacts.page(BOB, offset=0, limit=10) == []
    assert await contacts.search(BOB, "maria") == []
    assert await contacts.count(BOB) == 0
    kept = await contacts.get(ALICE, cid)
    assert kept is not None
    assert (kept.name, kept.stage) == ("Maria Rossi", "met")


async def test_search_ignores_accents_and_matches_prefixes(db: Database) -> None:
    contacts = ContactsRepo(db)
    events = EventsRepo(db)
    fair = await events.create(ALICE, "Job Fair Milano")
    await contacts.create(
        ALICE,
        ContactDraft(
            name="Niccolò D'Angelo", company="Acme", notes="parla di Python", event_id=fair
        ),
    )
    await contacts.create(ALICE, ContactDraft(name="Zoë Bianchi", company="Initech"))
    assert [c.name for c in await contacts.search(ALICE, "niccolo")] == ["Niccolò D'Angelo"]
    assert [c.name for c in await contacts.search(ALICE, "angel")] == ["Niccolò D'Angelo"]
    assert [c.name for c in await contacts.search(ALICE, "zoe")] == ["Zoë Bianchi"]
    assert [c.name for c in await contacts.search(ALICE, "milano pyth")] == ["Niccolò D'Angelo"]
    # FTS syntax in user text is quoted, never interpreted.
    assert await contacts.search(ALICE, 'NEAR( " OR * -') == []
    assert await contacts.search(ALICE, "   ") == []


async def test_search_puts_name_matches_first(db: Database) -> None:
    contacts = ContactsRepo(db)
    named = await contacts.create(ALICE, ContactDraft(name="Giulia Rossi"))
    await contacts.create(ALICE, ContactDraft(name="Luca Verdi", notes="amico di Giulia Rossi"))
    await contacts.create(BOB, ContactDraft(name="Giulia Rossi"))
    found = await contacts.search(ALICE, "rossi")
    assert [c.name for c in found] == ["Giulia Rossi", "Luca Verdi"]
    assert found[0].id == named
    assert [c.name for c in await contacts.search(ALICE, "rossi", limit=1)] == ["Giulia Rossi"]
    # Typing another owner's index prefix finds nothing of theirs.
    assert await contacts.search(ALICE, f"o{BOB}_giulia") == []


async def test_renaming_an_event_reindexes_its_contacts(db: Database) -> None:
    contacts, events = ContactsRepo(db), EventsRepo(db)
    fair = await events.create(ALICE, "Job Fair Milano")
    await contacts.create(ALICE, ContactDraft(name="Maria", event_id=fair))
    await db.execute("UPDATE events SET name = 'Fiera Torino' WHERE id = ?", (fair,))
    assert [c.name for c in await contacts.search(ALICE, "torino")] == ["Maria"]
    assert await contacts.search(ALICE, "milano") == []


async def test_paging_is_newest_first_and_filters_by_event(db: Database) -> None:
    contacts, events = ContactsRepo(db), EventsRepo(db)
    fair = await events.create(ALICE, "Fair")
    ids = [
        await contacts.create(ALICE, ContactDraft(name=f"P{i}", event_id=fair if i % 2 else None))
        for i in range(5)
    ]
    page = await contacts.page(ALICE, offset=0, limit=2)
    assert [c.id for c in page] == [ids[4], ids[3]]
    at_fair = await contacts.page(ALICE, offset=0, limit=10, event_id=fair)
    assert [c.name for c in at_fair] == ["P3", "P1"]
    assert await contacts.count(ALICE, event_id=fair) == 2
    recent = await events.recent(ALICE)
    assert (recent[0].name, recent[0].contact_count) == ("Fair", 2)
    assert await events.recent(BOB) == []
    assert await events.get(BOB, fair) is None


async def test_interactions_need_the_owners_contact(db: Database) -> None:
    contacts, interactions = ContactsRepo(db), InteractionsRepo(db)
    cid = await contacts.create(ALICE, ContactDraft(name="Maria"))
    assert await interactions.add(BOB, cid, "email", NOW) is None
    assert await interactions.add(ALICE, cid, "email", NOW, "sent CV") is not None
    assert await interactions.for_contact(BOB, cid) == []
    logged = await interactions.for_contact(ALICE, cid)
    assert [(i.kind, i.note) for i in logged] == [("email", "sent CV")]


async def test_reminders_claim_once_and_reclaim_stale(db: Database) -> None:
    contacts, reminders = ContactsRepo(db), RemindersRepo(db)
    cid = await contacts.create(ALICE, ContactDraft(name="Maria"))
    rid = await reminders.create(ALICE, "followup", NOW - timedelta(minutes=1), contact_id=cid)
    await reminders.create(ALICE, "followup", NOW + timedelta(days=1), contact_id=cid)
    stale = NOW - timedelta(minutes=5)
    assert [r.id for r in await reminders.claim_due(NOW, stale_before=stale, limit=10)] == [rid]
    assert await reminders.claim_due(NOW, stale_before=stale, limit=10) == []
    later = NOW + timedelta(minutes=10)
    again = await reminders.claim_due(later, stale_before=later - timedelta(minutes=5), limit=10)
    assert [(r.id, r.attempts) for r in again] == [(rid, 2)]
    await reminders.mark_sent(rid, later, message_id=7)
    assert await reminders.claim_due(later, stale_before=later, limit=10) == []
    assert await reminders.get(BOB, rid) is None
    assert await reminders.set_status(BOB, rid, "done") is False
    assert await reminders.reschedule(BOB, rid, later) is False


async def test_blocked_users_reminders_pause_until_they_come_back(db: Database) -> None:
    users, reminders = UsersRepo(db), RemindersRepo(db)
    await reminders.create(ALICE, "followup", NOW)
    await users.set_blocked(ALICE, NOW)
    assert await reminders.claim_due(NOW, stale_before=NOW, limit=10) == []
    _, was_blocked = await users.ensure(
        ALICE, "it", default_timezone="Europe/Rome", default_followup_days=3
    )
    assert was_blocked
    assert len(await reminders.claim_due(NOW, stale_before=NOW, limit=10)) == 1


async def test_deleting_a_user_deletes_everything_they_own(db: Database) -> None:
    contacts, events, reminders = ContactsRepo(db), EventsRepo(db), RemindersRepo(db)
    interactions = InteractionsRepo(db)
    fair = await events.create(ALICE, "Fair")
    cid = await contacts.create(ALICE, ContactDraft(name="Maria", tags=["hr"], event_id=fair))
    await interactions.add(ALICE, cid, "phone", NOW)
    await reminders.create(ALICE, "followup", NOW, contact_id=cid)
    await contacts.create(BOB, ContactDraft(name="Bob's friend"))
    await UsersRepo(db).delete(ALICE)
    for table in ("contacts", "events", "interactions", "reminders", "contacts_fts"):
        rows = await db.fetchval(f"SELECT count(*) FROM {table}")
        assert rows == (1 if table in ("contacts", "contacts_fts") else 0), table
    assert await contacts.search(BOB, "friend")


async def test_settings_update_rejects_unknown_columns(db: Database) -> None:
    users = UsersRepo(db)
    await users.update(ALICE, preferred_hour=9, language="en")
    user = await users.get(ALICE)
    assert user is not None
    assert (user.preferred_hour, user.language) == (9, "en")
    with pytest.raises(ValueError, match="not a user setting"):
        await users.update(ALICE, blocked=0)


async def test_dates_round_trip(db: Database) -> None:
    contacts = ContactsRepo(db)
    cid = await contacts.create(
        ALICE,
        ContactDraft(name="Maria", met_on=date(2026, 11, 25), emails=["m@acme.it"], phones=["+39"]),
    )
    contact = await contacts.get(ALICE, cid)
    assert contact is not None
    assert (contact.met_on, contact.emails, contact.phones) == (
        date(2026, 11, 25),
        ("m@acme.it",),
        ("+39",),
    )


async def test_transactions_roll_back_as_a_whole(db: Database) -> None:
    contacts = ContactsRepo(db)

    async def create_two_then_fail() -> None:
        async with db.transaction():
            await contacts.create(ALICE, ContactDraft(name="One"))
            await contacts.create(ALICE, ContactDraft(name="Two"))
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        await create_two_then_fail()
    assert await contacts.count(ALICE) == 0


async def test_begin_travels_with_the_first_statement_and_an_idle_transaction_costs_nothing(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    trips: list[object] = []
    real_trip = storage.db._in_thread

    async def counted(conn: Any, work: Any) -> Any:
        trips.append(work)
        return await real_trip(conn, work)

    monkeypatch.setattr(storage.db, "_in_thread", counted)
    statements: list[str] = []
    await db.connection.set_trace_callback(statements.append)
    async with db.transaction():
        pass
    assert (trips, statements) == ([], [])
    async with db.transaction():
        await db.execute("INSERT INTO users(id) VALUES (1)")
        await db.execute("INSERT INTO users(id) VALUES (2)")
    assert len(trips) == 3
    assert statements == [
        "BEGIN IMMEDIATE",
        "INSERT INTO users(id) VALUES (1)",
        "INSERT INTO users(id) VALUES (2)",
        "COMMIT",
    ]

    # A failing statement after the first rolls both back.
    async def insert_3_then_1_again() -> None:
        async with db.transaction():
            await db.execute("INSERT INTO users(id) VALUES (3)")
            await db.execute("INSERT INTO users(id) VALUES (1)")

    with pytest.raises(sqlite3.IntegrityError):
        await insert_3_then_1_again()
    assert statements[-1] == "ROLLBACK"
    assert await db.fetchval("SELECT group_concat(id) FROM users WHERE id < 10") == "1,2"


async def test_duplicate_candidates_are_narrow_and_scoped(db: Database) -> None:
    contacts = ContactsRepo(db)
    same_name = await contacts.create(ALICE, ContactDraft(name="Rossi Mario"))
    similar_same_company = await contacts.create(
        ALICE, ContactDraft(name="Maria Rossi", company="Acme S.p.A.")
    )
    await contacts.create(ALICE, ContactDraft(name="Maria Rossi"))  # no company to compare
    await contacts.create(ALICE, ContactDraft(name="Zed", company="Acme"))  # nothing in common
    same_email = await contacts.create(ALICE, ContactDraft(name="Q", emails=["m.r@acme.it"]))
    same_phone = await contacts.create(ALICE, ContactDraft(name="P", phones=["+393331234567"]))
    same_user = await contacts.create(ALICE, ContactDraft(name="U", telegram_username="MRossi"))
    await contacts.create(ALICE, ContactDraft(name="Luca Verdi", company="Globex"))
    await contacts.create(BOB, ContactDraft(name="Mario Rossi", emails=["m.r@acme.it"]))
    found = await contacts.duplicate_candidates(
        ALICE,
        name="Mario Rossi",
        company_words=["acme"],
        emails=["M.R@acme.it"],
        phones=["+393331234567"],
        telegram_username="@mrossi",
    )
    assert sorted(c.id for c in found) == sorted(
        [same_name, similar_same_company, same_email, same_phone, same_user]
    )
    nothing = await contacts.duplicate_candidates(
        ALICE, name="", company_words=[], emails=[], phones=[], telegram_username=None
    )
    assert nothing == []
