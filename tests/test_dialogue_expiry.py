"""The note of an expired dialogue, and what the lazy loading relies on in every dialogue."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import SecretStr
from telegram.ext import ConversationHandler

from bot.app import build_application
from bot.contacts.add_state import AddState, Step
from bot.dialogue_expiry import ExpiredDialogue, expired_dialogue, expiry_note
from bot.i18n import texts
from bot.settings import Settings
from storage.contacts import ContactDraft

ROME = ZoneInfo("Europe/Rome")
LATE_EVENING = datetime(2026, 12, 2, 23, 30, tzinfo=UTC)  # already 3 Dec in Rome


def adding(name: str) -> dict[str, object]:
    """user_data in the middle of /add, as handlers.add keeps it."""
    state = AddState(draft=ContactDraft(name=name), step=Step.COMPANY)
    return {"active_dialogue": "add", "add_draft": state.to_json()}


def test_an_add_names_the_person_and_the_local_day() -> None:
    data = adding("Mario <Rossi>")
    expired = expired_dialogue(data, LATE_EVENING, in_dialogue=True)
    assert expired == ExpiredDialogue("add", "Mario <Rossi>", LATE_EVENING, data["add_draft"])
    today = date(2026, 12, 5)
    assert expiry_note(texts("en"), expired, ROME, today) == (
        "Your unfinished /add of <b>Mario &lt;Rossi&gt;</b> from Dec 3 was closed."
    )
    assert expiry_note(texts("it"), expired, ROME, today) == (
        "Ho chiuso il tuo /add di <b>Mario &lt;Rossi&gt;</b> del 3 dic, rimasto a metà."
    )


def test_other_dialogues_an_empty_name_and_last_year() -> None:
    today = date(2027, 1, 10)
    no_name = expired_dialogue(adding(" "), LATE_EVENING, in_dialogue=True)
    assert no_name is not None and no_name.left_add is None  # nothing worth finishing
    assert expiry_note(texts("en"), no_name, ROME, today) == (
        "Your unfinished /add from Dec 3, 2026 was closed."
    )
    other = expired_dialogue(
        {"active_dialogue": "import", "import": {"x": 1}}, LATE_EVENING, in_dialogue=True
    )
    assert other == ExpiredDialogue("import", None, LATE_EVENING)
    unknown = expired_dialogue({}, LATE_EVENING, in_dialogue=True)
    assert unknown is not None
    assert expiry_note(texts("it"), unknown, ROME, today) == (
        "Ho chiuso la conversazione del 3 dic 2026, rimasta a metà."
    )


def test_no_note_when_no_dialogue_was_open() -> None:
    """Only an offer was pending (import this file?): it lapses, and there is nothing to tell."""
    pending = {"pending_import": {"file_id": "x", "file_name": "a.vcf"}}
    assert expired_dialogue(pending, LATE_EVENING, in_dialogue=False) is None


def test_a_very_long_name_is_clipped() -> None:
    expired = expired_dialogue(adding("A" * 500), LATE_EVENING, in_dialogue=True)
    assert expired is not None
    note = expiry_note(texts("en"), expired, ROME, date(2026, 12, 5))
    assert len(note) < 150 and "…" in note


def test_every_persistent_dialogue_is_keyed_by_chat_and_user(tmp_path: Path) -> None:
    """Stored states are found by the key's last element, the user: per_user, not per_message."""
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        telegram_bot_token=SecretStr("123456789:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
        database_path=tmp_path / "rete.sqlite3",
    )
    app = build_application(settings)
    dialogues = [
        handler
        for handlers in app.handlers.values()
        for handler in handlers
        if isinstance(handler, ConversationHandler) and handler.persistent
    ]
    assert len(dialogues) >= 5
    for dialogue in dialogues:
        assert (dialogue.per_chat, dialogue.per_user, dialogue.per_message) == (True, True, False)
