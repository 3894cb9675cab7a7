"""The search index keeps every owner's words in the owner's part (o<owner>_<word>): no text
one user saves can land words in another user's part, hide their contacts from /find, or
show up in their typo suggestions."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.contacts.actions import find_contacts
from bot.sandbox import SimUser
from bot.sandbox.harness import RunningBot
from bot.services import Repos
from storage.contacts import ContactDraft, ContactsRepo
from storage.db import Database
from storage.search_index import owner_words, words
from storage.users import User

VICTIM, ATTACKER = 1001, 7
# New Tai Lue vowel signs: letters (Lo) for Python since Unicode 8, marks in the Unicode
# tables SQLite's unicode61 was built from: a word separator there.
TAI_LUE_SIGN = "\u19b0"


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(tmp_path / "index.sqlite3")
    await database.open()
    for owner in (VICTIM, ATTACKER):
        await database.execute("INSERT INTO users(id) VALUES (?)", (owner,))
    yield database
    await database.close()


async def index_terms(db: Database) -> list[str]:
    rows = await db.fetchall("SELECT DISTINCT term FROM contacts_fts_terms")
    return [row[0] for row in rows]


async def test_every_word_character_stays_inside_its_owners_token(db: Database) -> None:
    """Exhaustive: each code point Python counts as a word character, between two letters,
    is one token of the index, with the owner's prefix (no split, no stray token)."""
    characters = [
        chr(code)
        for code in range(0x110000)
        if not 0xD800 <= code <= 0xDFFF and words(f"a{chr(code)}b") == [f"a{chr(code)}b"]
    ]
    assert len(characters) > 100_000
    notes = " ".join(f"a{c}b" for c in characters)
    await ContactsRepo(db).create(ATTACKER, ContactDraft(name="x", notes=notes))
    terms = await index_terms(db)
    strays = [term for term in terms if not term.startswith(f"o{ATTACKER}_")]
    assert strays == []
    count = await db.fetchval("SELECT sum(cnt) FROM contacts_fts_terms WHERE col = 'notes'")
    assert count == len(characters)


async def test_a_name_cannot_plant_words_in_another_owners_part(db: Database) -> None:
    contacts = ContactsRepo(db)
    await contacts.create(VICTIM, ContactDraft(name="Maria Rossi"))
    planted = f"x{TAI_LUE_SIGN}o{VICTIM}_rossi"
    for _ in range(25):
        await contacts.create(ATTACKER, ContactDraft(name=planted, company=planted))
    assert [c.name for c in await contacts.search(VICTIM, "rossi")] == ["Maria Rossi"]
    victims_part = [t for t in await index_terms(db) if t.startswith(f"o{VICTIM}_")]
    assert sorted(victims_part) == [f"o{VICTIM}_maria", f"o{VICTIM}_rossi"]


async def test_find_shows_my_contact_whatever_another_user_saved(
    bot: RunningBot, mario: SimUser, jane: SimUser
) -> None:
    await mario.send("/start")
    await mario.expect_reply()
    await jane.send("/start")
    await jane.expect_reply()
    await bot.repos.contacts.create(jane.id, ContactDraft(name="Maria Rossi"))
    planted = f"x{TAI_LUE_SIGN}o{jane.id}_rossi"
    for _ in range(25):  # what mario could save with /add or an import
        await bot.repos.contacts.create(mario.id, ContactDraft(name=planted))
    await jane.send("/find rossi")
    reply = await jane.expect_reply()
    assert reply.text.startswith("1 contact matches")  # found, not a typo suggestion
    assert reply.buttons == [["Maria Rossi"]]


# ---- property: one user's data never changes another user's results -----------------------
_PREFIXES = st.sampled_from([f"o{VICTIM}_", f"o{ATTACKER}_", "", "_", "o", "O1001_"])
# Characters where tokenizers disagree, mixed with plain text and search syntax.
_TRICKY = st.sampled_from(
    [
        TAI_LUE_SIGN,
        "\u19c8",
        "\u1cf2",
        "\u0300",
        "\u200b",
        "\u180e",
        "'",
        '"',
        "*",
        "-",
        "_",
        "\u00a0",
        "\u2028",
        "ß",
        "İ",
        "ﬁ",
        "\u0345",
        "NEAR",
        "AND",
        "OR",
        "^",
        ":",
        "\x00",
    ]
)
_HOSTILE = st.lists(
    st.one_of(st.text(max_size=12), _TRICKY, _PREFIXES, st.just("rossi"), st.just("acme")),
    max_size=12,
).map("".join)
_QUERIES = ("rossi", "maria", "acme", "ross", "mar", "milano", "x", "rosi", "mraia")  # + typos


@settings(max_examples=30)
@given(names=st.lists(st.tuples(_HOSTILE, _HOSTILE), min_size=1, max_size=6))
async def test_another_users_data_never_changes_my_results(
    names: list[tuple[str, str]],
) -> None:
    db = Database(":memory:")
    await db.open()
    try:
        for owner in (VICTIM, ATTACKER):
            await db.execute("INSERT INTO users(id) VALUES (?)", (owner,))
        contacts = ContactsRepo(db)
        await contacts.create(
            VICTIM, ContactDraft(name="Maria Rossi", company="Acme", notes="Milano")
        )
        await contacts.create(VICTIM, ContactDraft(name="Rossella Maria", company="X"))

        victim = await db_user(db, VICTIM)

        async def results() -> list[object]:
            """What /find shows the victim: exact matches, else the typo fallback."""
            return [await find_contacts(Repos.on(db), victim, q, limit=5) for q in _QUERIES]

        before = await results()
        for name, notes in names:
            await contacts.create(
                ATTACKER, ContactDraft(name=name or "x", company=notes, notes=notes, role=name)
            )
        assert await results() == before
        for term in await index_terms(db):
            assert re.match(rf"o({VICTIM}|{ATTACKER})_", term), term
    finally:
        await db.close()


async def db_user(db: Database, user_id: int) -> User:
    user = await Repos.on(db).users.get(user_id)
    assert user is not None
    return user


def test_owner_words_prefix_every_word() -> None:
    assert owner_words(42, "Niccolò D'Angelo") == "o42_Niccolò o42_D o42_Angelo"
    assert owner_words(42, unicodedata.normalize("NFD", "Niccolò")) == "o42_Niccolò"
    assert owner_words(42, " '-' ") is None
