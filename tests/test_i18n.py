"""Every user-facing text exists in Italian and English, with the same placeholders."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from bot.i18n import LOCALES_DIR, load_catalog, pick_language, texts

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "ngettext": (1, 2), "N_": None}


def marked_messages() -> dict[str, tuple[str, int]]:
    """msgid -> (file, line) for every marked text in bot/ and handlers/."""
    found: dict[str, tuple[str, int]] = {}
    for folder in ("bot", "handlers"):
        for filename, lineno, message, _comments, _context in extract_from_dir(
            ROOT / folder, method_map=[("**.py", "python")], keywords=KEYWORDS
        ):
            msgid = message[0] if isinstance(message, tuple) else message
            if msgid:
                found[msgid] = (f"{folder}/{filename}", lineno)
    return found


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_texts_are_found_at_all() -> None:
    assert len(marked_messages()) > 10


def test_every_marked_text_has_an_italian_translation() -> None:
    catalog = load_catalog("it")
    missing = []
    for msgid, (where, line) in sorted(marked_messages().items(), key=lambda kv: kv[1]):
        message = catalog.get(msgid)
        strings = (
            [s for s in message.string]
            if message and isinstance(message.string, tuple)
            else [message.string]
            if message
            else []
        )
        if not message or not all(strings) or message.fuzzy:
            missing.append(f"{where}:{line}: {msgid!r}")
    assert not missing, "no Italian translation for:\n" + "\n".join(missing)


def test_no_translation_is_left_over() -> None:
    """A text the code no longer uses goes from the catalog too (no stale translations)."""
    marked = marked_messages()
    stale = [
        message.id
        for message in load_catalog("it")
        if message.id
        and (message.id[0] if isinstance(message.id, tuple) else message.id) not in marked
    ]
    assert not stale


def test_translations_keep_the_placeholders() -> None:
    wrong = []
    for message in load_catalog("it"):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        expected = set().union(*(placeholders(i) for i in ids)) - {"n"}
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for translated in strings:
            if placeholders(translated) - {"n"} != expected:
                wrong.append(f"{ids[0]!r} -> {translated!r}")
    assert not wrong, "\n".join(wrong)


def test_catalog_files_agree_on_plural_forms() -> None:
    for po_file in sorted((LOCALES_DIR / "it" / "LC_MESSAGES").glob("*.po")):
        with po_file.open("rb") as handle:
            catalog = read_po(handle, locale="it")
        assert catalog.num_plurals == 2, po_file.name


def test_html_in_texts_is_balanced() -> None:
    tag = re.compile(r"</?([a-z]+)[^>]*>")
    for message in load_catalog("it"):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in (*ids, *strings):
            assert sorted(tag.findall(text)) == sorted(tag.findall(ids[0])), text


@pytest.mark.parametrize(
    ("saved", "telegram_code", "expected"),
    [
        (None, "it", "it"),
        (None, "it-IT", "it"),
        (None, "en", "en"),
        (None, "de", "en"),
        (None, None, "en"),
        ("en", "it", "en"),
        ("it", "en", "it"),
    ],
)
def test_language_choice(saved: str | None, telegram_code: str | None, expected: str) -> None:
    assert pick_language(saved, telegram_code) == expected


def test_plurals_in_both_languages() -> None:
    it, en = texts("it"), texts("en")
    assert it.ngettext("{n} contact", "{n} contacts", 1) == "1 contatto"
    assert it.ngettext("{n} contact", "{n} contacts", 7) == "7 contatti"
    assert en.ngettext("{n} contact", "{n} contacts", 1) == "1 contact"
    assert en.ngettext("{n} contact", "{n} contacts", 0) == "0 contacts"


def test_no_text_is_translated_in_two_catalogs() -> None:
    # The catalogs are merged: a second definition would silently override the first.
    seen: dict[str, str] = {}
    twice = []
    for po_file in sorted((LOCALES_DIR / "it" / "LC_MESSAGES").glob("*.po")):
        with po_file.open("rb") as handle:
            for message in read_po(handle, locale="it"):
                key = message.id if isinstance(message.id, str) else message.id[0]
                if not key:
                    continue
                if key in seen:
                    twice.append(f"{key!r} in {seen[key]} and {po_file.name}")
                seen[key] = po_file.name
    assert not twice, "\n".join(twice)
