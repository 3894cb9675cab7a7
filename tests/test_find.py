"""/find: full-text with accents ignored and prefixes, fuzzy fallback for typos; owner scoped."""

from __future__ import annotations

from bot.contacts.model import ContactDraft
from bot.contacts.search import close_words, fuzzy_matches
from bot.sandbox import SimUser
from bot.sandbox.harness import RunningBot


async def _seed(bot: RunningBot, user: SimUser, *drafts: ContactDraft) -> None:
    await user.send("/start")
    await user.expect_reply()
    for draft in drafts:
        await bot.repos.contacts.create(user.id, draft)


async def _find(user: SimUser, text: str) -> tuple[str, list[list[str]]]:
    await user.send(f"/find {text}")
    reply = await user.expect_reply()
    return reply.text, reply.buttons


async def test_find_ignores_accents_and_takes_prefixes(bot: RunningBot, jane: SimUser) -> None:
    await _seed(
        bot,
        jane,
        ContactDraft(name="Niccolò Ferrà", company="Acme", notes="talked about Kubernetes"),
        ContactDraft(name="Anna Bianchi", company="Globex"),
    )
    text, buttons = await _find(jane, "niccolo")
    assert text == "1 contact matches “niccolo”:"
    assert buttons == [["Niccolò Ferrà · Acme"]]
    assert (await _find(jane, "kube"))[1] == [["Niccolò Ferrà · Acme"]]
    assert (await _find(jane, "glob"))[1] == [["Anna Bianchi · Globex"]]


async def test_find_falls_back_to_fuzzy_matching_for_typos(bot: RunningBot, mario: SimUser) -> None:
    await _seed(bot, mario, ContactDraft(name="Niccolò Rossi", company="Acme"))
    text, buttons = await _find(mario, "Nicolo Rosi")
    assert text == "Nessun risultato esatto per “Nicolo Rosi”. Forse cercavi:"
    assert buttons == [["Niccolò Rossi · Acme"]]
    await mario.press("Niccolò Rossi · Acme")
    card = await mario.expect_reply()
    assert card.text.startswith("Niccolò Rossi\nAcme")
    text, _ = await _find(mario, "zzzz")
    assert text == "Nessuno corrisponde a “zzzz”. Con /contacts li vedi tutti."


async def test_find_never_shows_another_users_contacts(
    bot: RunningBot, jane: SimUser, mario: SimUser
) -> None:
    await _seed(bot, mario, ContactDraft(name="Segreto Riservato", company="Acme"))
    await _seed(bot, jane, ContactDraft(name="Jane Friend", company="Acme"))
    assert (await _find(jane, "acme"))[1] == [["Jane Friend · Acme"]]
    assert (await _find(jane, "segreto"))[0].startswith("Nobody matches")
    assert (await _find(jane, "Segretto"))[0].startswith("Nobody matches")


async def test_a_bare_find_takes_the_next_message_as_the_query(
    bot: RunningBot, jane: SimUser
) -> None:
    await _seed(bot, jane, ContactDraft(name="Jane Friend", company="Acme"))
    assert (await _find(jane, ""))[0].startswith("What are you looking for?")
    await jane.send("acme")
    reply = await jane.expect_reply()
    assert reply.buttons == [["Jane Friend · Acme"]]
    await jane.send("acme")  # the search is over: plain text is not a query any more
    assert "/add" in (await jane.expect_reply()).text


async def test_find_with_too_much(jane: SimUser) -> None:
    assert (await _find(jane, "x" * 5000))[0].startswith("That is too long to search for")
    assert (await _find(jane, '"" AND OR * ( NEAR'))[0].startswith("Nobody matches")


def test_close_words_are_typos_of_every_query_word() -> None:
    vocabulary = ["niccolo", "rossi", "rossini", "acme", "mario"]
    assert close_words("nicolo rosi", vocabulary) == [["niccolo"], ["rossi"]]
    assert close_words("rossin", vocabulary) == [["rossini", "rossi"]]
    assert close_words("nicolo zzz", vocabulary) == []
    assert close_words("", vocabulary) == []


async def test_typo_fallback_reads_only_the_owners_words(bot: RunningBot) -> None:
    contacts = bot.repos.contacts
    for owner in (1, 2):
        await bot.repos.users.ensure(
            owner, "it", default_timezone="Europe/Rome", default_followup_days=3
        )
    mine = await contacts.create(1, ContactDraft(name="Niccolò Rossi", company="Acme"))
    await contacts.create(2, ContactDraft(name="Nicola Rosso", company="Globex"))
    assert await contacts.words_near(1, "nicolo") == ["niccolo"]
    assert "niccolo" in await contacts.words_near(1, "iccolo")  # the first letter lost
    assert await contacts.words_near(1, "rosso") == ["rossi"]  # not user 2's "rosso"
    await contacts.delete(1, mine)
    assert await contacts.words_near(1, "nicolo") == []
    mine = await contacts.create(1, ContactDraft(name="Niccolò Rossi", company="Acme"))
    rows = await contacts.with_name_words(1, [["niccolo", "nicola"], ["rossi"]], limit=10)
    assert rows == [(mine, "Niccolò Rossi", "Acme")]


def test_fuzzy_matching_table() -> None:
    rows = [(1, "Niccolò Rossi", "Acme"), (2, "Mario Bianchi", "Globex"), (3, "Anna Rossini", None)]
    assert fuzzy_matches("nicolo rosi", rows) == [1]
    assert fuzzy_matches("Mraio", rows) == [2]
    assert fuzzy_matches("bianchi globx", rows) == [2]
    assert fuzzy_matches("rossi", rows) == [1, 3]  # exact first, then Rossini
    assert fuzzy_matches("zzz", rows) == []
    assert fuzzy_matches("", rows) == []
