"""/forget leaves no row of the user in any table, and nothing of anyone else is touched.

The check does not list tables: it reads every table in sqlite_master (the FTS shadow tables
and PTB's persistence included), so tables added by later migrations are covered as long as
they key rows by an owner/user column or hold the user's text.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.contacts.model import ContactDraft
from bot.sandbox import SimUser
from bot.sandbox.harness import RunningBot
from storage.cards import Card, CardsRepo
from storage.job_kinds import AlertMode, Correction
from storage.job_posts import NewPost
from storage.ptb_state import USER_DATA

MARKER = "zzforgetmarker"  # sorts last: stored in full in the FTS index
OWNER_COLUMNS = {"owner_id", "user_id", "chat_id", "owner", "sender_id", "added_by", "by_user"}
GROUP_ID = -1001234567890


async def seed(bot: RunningBot, user: SimUser, marker: str) -> list[int]:
    """Data in every kind of table a user has rows in."""
    await user.send("/start")
    await user.expect_reply()
    s = bot.repos
    event_id = await s.events.create(user.id, f"Fiera {marker}")
    ids = [
        await s.contacts.create(
            user.id,
            ContactDraft(
                name=f"Anna {marker}", notes=f"note {marker}", tags=[marker], event_id=event_id
            ),
        ),
        await s.contacts.create(user.id, ContactDraft(name="Luca Bianchi", company=marker)),
    ]
    await s.interactions.add(user.id, ids[0], "note", bot.clock.now(), marker)
    await s.reminders.create(
        user.id, "followup", bot.clock.now() + timedelta(days=3), contact_id=ids[0]
    )
    await s.reminders.create(
        user.id, "event_prep", bot.clock.now() + timedelta(days=1), event_id=event_id
    )
    await s.users.set_cv(user.id, f"BQAC-{marker}", f"cv-{marker}.pdf", bot.clock.now())
    await s.users.set_current_event(user.id, event_id)
    # Conversation states of this user: in private and in a group.
    await s.ptb_state.set_conversation("add", (user.id, user.id), f"step-{marker}")
    await s.ptb_state.set_conversation("alerts", (GROUP_ID, user.id), "ask")
    # user_data as PTB holds it (and writes it back) and as stored.
    # Job groups: an alert rule, the membership cache, a post they sent, a group they added,
    # a correction they made.
    group_id = GROUP_ID - user.id  # a group of their own, so the other user's seed keeps it
    await s.job_alerts.add_rule(user.id, f"python {marker}", AlertMode.INSTANT)
    await s.job_chats.record_chat(
        group_id, type="supergroup", title="Lavoro", username=None, bot_status="member",
        active=True, can_read=True, added_by=user.id,
    )  # fmt: skip
    await s.job_members.save_membership(group_id, user.id, True, bot.clock.now())
    offer = await s.job_posts.create_offer(
        f"fp-{user.id}", "cercasi python", bot.clock.now(), ["cercasi", "python"]
    )
    await s.job_posts.set_correction(group_id, 7, Correction.JOB, user.id, bot.clock.now())
    await s.job_posts.add_post(
        NewPost(
            chat_id=group_id, message_id=user.id, offer_id=offer, sender_id=user.id,
            text="Cercasi sviluppatore Python", fields_json="{}", role=None, company=None,
            location=None, work_mode=None, fingerprint=f"fp-{user.id}", link=None,
            posted_at=bot.clock.now(),
        )
    )  # fmt: skip
    bot.app.user_data[user.id]["draft"] = marker
    await s.ptb_state.set_data(USER_DATA, user.id, {"draft": marker})
    # Their card: the card, a revoked and a live token.
    cards = CardsRepo(s.db)
    card = Card(f"Anna {marker}", email=f"{marker}@example.com")
    await cards.save(user.id, card, bot.clock.now())
    await cards.add_token(user.id, f"old-{user.id}", bot.clock.now())
    await cards.revoke_tokens(user.id, bot.clock.now())
    await cards.add_token(user.id, f"new-{user.id}", bot.clock.now())
    return ids


async def exchange_cards(
    bot: RunningBot, owner: int, scanner: int, contact_id: int, marker: str
) -> None:
    """`scanner` saved `owner`'s card and shared their details (holding `marker`) back."""
    cards = CardsRepo(bot.repos.db)
    exchange_id, _ = await cards.record_scan_save(owner, scanner, contact_id, bot.clock.now())
    await cards.record_share(exchange_id, {"name": f"Bruno {marker}"}, bot.clock.now())


def rows(path: Path) -> Iterator[tuple[str, dict[str, object]]]:
    """(table, row) for every row of every table, virtual tables' shadows included."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            for row in conn.execute(f'SELECT * FROM "{table}"'):
                yield table, dict(row)
    finally:
        conn.close()


def traces(path: Path, user_id: int, contact_ids: list[int], marker: str) -> list[str]:
    found = []
    for table, row in rows(path):
        for column, value in row.items():
            text = value.decode("latin-1") if isinstance(value, bytes) else str(value)
            if marker.casefold() in text.casefold():
                found.append(f"{table}.{column} holds the user's text")
            if column in OWNER_COLUMNS and value in (user_id, f"u{user_id}"):
                found.append(f"{table}.{column} = {value!r}")
        if table == "users" and row["id"] == user_id:
            found.append("users row")
        if table == "ptb_conversations" and user_id in json.loads(str(row["key"])):
            found.append(f"conversation {row['name']} {row['key']}")
        # Shadow tables keyed by the contact's rowid (_data and _idx hold index segments).
        if table in ("contacts_fts_content", "contacts_fts_docsize") and row["id"] in contact_ids:
            found.append(f"{table} row of contact {row['id']}")
        if table == "contacts_fts" and any(f"o{user_id}_" in str(v) for v in row.values()):
            found.append("search index row")
    return found


async def forget(bot: RunningBot, user: SimUser, word: str) -> str:
    await user.send("/forget")
    await user.expect_reply()
    await user.send(word)
    return (await user.expect_reply()).text


async def test_forget_leaves_no_row_of_the_user(
    bot: RunningBot, mario: SimUser, jane: SimUser
) -> None:
    ids = await seed(bot, mario, MARKER)
    jane_ids = await seed(bot, jane, "janemarker")
    await exchange_cards(bot, mario.id, jane.id, jane_ids[0], "janemarker")
    await exchange_cards(bot, jane.id, mario.id, ids[0], MARKER)
    path = bot.settings.database_path
    await bot.restart()  # every pending write reaches the file
    before = traces(path, mario.id, ids, MARKER)
    # The check sees the data where it is: rows, search index, persistence, conversations.
    assert {t.split(".")[0].split(" ")[0] for t in before} >= {
        "users",
        "contacts",
        "contacts_fts",
        "contacts_fts_content",
        "contacts_fts_data",
        "events",
        "interactions",
        "reminders",
        "ptb_user_data",
        "conversation",
        "job_alert_rules",
        "job_memberships",
        "job_posts",
        "job_chats",
        "job_corrections",
        "cards",
        "card_tokens",
        "card_exchanges",
    }

    await mario.send("/forget")
    prompt = await mario.expect_reply()
    assert "2 contatti, 1 evento" in prompt.text
    assert "scrivi ELIMINA" in prompt.text
    await mario.send(" elimina ")
    done = await mario.expect_reply()
    assert done.text.startswith("Fatto: ho eliminato tutti i tuoi dati")
    await bot.restart()

    assert traces(path, mario.id, ids, MARKER) == []
    # Jane keeps everything, search included.
    assert await bot.repos.contacts.count(jane.id) == 2
    assert len(await bot.repos.reminders.all_for_owner(jane.id)) == 2
    found = await bot.repos.contacts.search(jane.id, "janemarker")
    assert sorted(c.id for c in found) == sorted(jane_ids)
    assert await bot.repos.ptb_state.conversations("add") == {(jane.id, jane.id): "step-janemarker"}

    # Writing again starts from zero.
    await mario.send("/start")
    await mario.expect_reply()
    assert await bot.repos.contacts.count(mario.id) == 0


@pytest.mark.parametrize("word", ["delete", "ELIMINARE", "sì"])
async def test_the_wrong_word_deletes_nothing(bot: RunningBot, mario: SimUser, word: str) -> None:
    await seed(bot, mario, MARKER)
    reply = await forget(bot, mario, word)
    assert reply.startswith("Non ho eliminato niente. Per eliminare tutto scrivi ELIMINA")
    assert await bot.repos.contacts.count(mario.id) == 2
    await mario.send("/cancel")
    assert (await mario.expect_reply()).text == "Non ho eliminato niente."
    # The dialogue is over: the word now means nothing.
    await mario.send("ELIMINA")
    await mario.expect_reply()
    assert await bot.repos.contacts.count(mario.id) == 2


async def test_english_word_and_keep_button(bot: RunningBot, jane: SimUser) -> None:
    await seed(bot, jane, MARKER)
    await jane.send("/forget")
    assert "type DELETE" in (await jane.expect_reply()).text
    await jane.press("Keep my data")
    kept = await jane.expect_reply()
    assert kept.text == "Nothing was deleted."
    assert await bot.repos.contacts.count(jane.id) == 2
    assert await forget(bot, jane, "Delete") == (
        "Done: I deleted all your data — contacts, search index, events, interactions, "
        "reminders, job alerts, settings and the CV reference. If you write to me again "
        "I'll start from zero."
    )
    assert await bot.repos.users.get(jane.id) is None
