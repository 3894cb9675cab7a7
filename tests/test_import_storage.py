"""Storage used by /import: bulk inserts in one transaction, ids in order, identities."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.contacts.model import ContactDraft
from storage.contacts import ContactsRepo
from storage.db import Database
from storage.users import UsersRepo


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(tmp_path / "x.sqlite3")
    await database.open()
    users = UsersRepo(database)
    for user_id in (1, 2):
        await users.ensure(user_id, "it", default_timezone="Europe/Rome", default_followup_days=3)
    yield database
    await database.close()


async def test_create_many_returns_ids_in_input_order(db: Database) -> None:
    repo = ContactsRepo(db)
    first = await repo.create(2, ContactDraft(name="Someone else"))
    await repo.delete(2, first)  # a gap below the new ids
    await repo.create(2, ContactDraft(name="Other owner"))
    names = [f"Person {i}" for i in range(50)]
    ids = await repo.create_many(
        1,
        [ContactDraft(name=n, emails=[f"p{i}@x.it"]) for i, n in enumerate(names)],
        cadence="monthly",
    )
    for contact_id, name in zip(ids, names, strict=True):
        contact = await repo.get(1, contact_id)
        assert contact is not None
        assert (contact.name, contact.cadence) == (name, "monthly")
    assert len(await repo.search(1, "person", limit=100)) == 50  # in the search index


async def test_create_many_is_all_or_nothing(db: Database) -> None:
    repo = ContactsRepo(db)
    drafts = [ContactDraft(name="Fine"), ContactDraft(name=None)]  # type: ignore[arg-type]
    with pytest.raises(Exception, match="NOT NULL"):
        await repo.create_many(1, drafts)
    assert await repo.count(1) == 0
    with pytest.raises(ValueError, match=r"(?i)cadence"):
        await repo.create_many(1, [ContactDraft(name="A")], cadence="weekly")


async def test_identities_are_the_owners_only(db: Database) -> None:
    repo = ContactsRepo(db)
    await repo.create(
        1, ContactDraft(name="Anna", company="Acme", emails=["a@x.it"], phones=["+39333"])
    )
    await repo.create(2, ContactDraft(name="Bruno"))
    (identity,) = await repo.identities(1)
    assert (identity.name, identity.company, identity.emails, identity.phones) == (
        "Anna",
        "Acme",
        ("a@x.it",),
        ("+39333",),
    )
