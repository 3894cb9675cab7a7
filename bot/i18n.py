"""Italian and English texts with gettext catalogs.

Message ids are the English texts (so English needs no catalog); Italian lives in
`bot/locales/it/LC_MESSAGES/*.po`, one file per feature, merged at load time and compiled in
memory with Babel (no build step, no binary files in the repository). Placeholders are named
`{like_this}` and filled by `str.format`; plurals go through `ngettext` with the catalog's
Plural-Forms.

Mark texts with `t._("...")` / `t.ngettext("...", "...", n)` where they are used, or with
`N_("...")` where they are defined ahead of use; `tests/test_i18n.py` fails when a marked
text has no Italian translation or its placeholders differ.
"""

from __future__ import annotations

import gettext
import io
from functools import cache
from pathlib import Path
from typing import Final

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LANGUAGES: Final = ("it", "en")
DEFAULT_LANGUAGE: Final = "en"
LOCALES_DIR: Final = Path(__file__).with_name("locales")


def N_(message: str) -> str:
    """Mark a text for translation without translating it yet."""
    return message


def pick_language(saved: str | None, telegram_code: str | None) -> str:
    """The user's saved choice, else Telegram's language_code: it* is Italian, all else English."""
    if saved in LANGUAGES:
        return saved
    if telegram_code and telegram_code.lower().startswith("it"):
        return "it"
    return DEFAULT_LANGUAGE


class Texts:
    """The texts of one language."""

    def __init__(self, language: str, translations: gettext.NullTranslations) -> None:
        self.language = language
        self._translations = translations

    def _(self, message: str, /, **values: object) -> str:
        text = self._translations.gettext(message)
        return text.format(**values) if values else text

    def ngettext(self, singular: str, plural: str, n: int, /, **values: object) -> str:
        text = self._translations.ngettext(singular, plural, n)
        return text.format(n=n, **values)


def load_catalog(language: str) -> Catalog:
    """All the .po files of a language merged into one catalog.

    The first file's header (Plural-Forms: nplurals=2 for Italian) rules; CLDR's newer
    three-form Italian plural is not what translators write in .po files.
    """
    merged: Catalog | None = None
    for po_file in sorted((LOCALES_DIR / language / "LC_MESSAGES").glob("*.po")):
        with po_file.open("rb") as handle:
            part = read_po(handle, locale=language)
        if merged is None:
            merged = part
            continue
        for message in part:
            if message.id:
                merged[message.id] = message
    if merged is None:
        raise FileNotFoundError(f"no catalog for {language!r} in {LOCALES_DIR}")
    return merged


@cache
def texts(language: str) -> Texts:
    if language not in LANGUAGES:
        language = DEFAULT_LANGUAGE
    if language == DEFAULT_LANGUAGE:
        return Texts(language, gettext.NullTranslations())
    buffer = io.BytesIO()
    write_mo(buffer, load_catalog(language))
    buffer.seek(0)
    return Texts(language, gettext.GNUTranslations(buffer))
