"""A small gazetteer: Italian and European city names (and a few countries) in their
Italian canonical form, so that "Milan", "MILANO" and "milano" group together.

The list is deliberately small: the digest groups by the places job posts actually name;
anything unknown is kept as written by the extractor and grouped under its folded form.
"""

from __future__ import annotations

import re

from bot.jobposts.text import fold

# canonical name -> folded aliases (the canonical name's folded form is implied)
_ALIASES: dict[str, tuple[str, ...]] = {
    "Milano": ("milan",),
    "Roma": ("rome",),
    "Torino": ("turin",),
    "Napoli": ("naples",),
    "Firenze": ("florence",),
    "Genova": ("genoa",),
    "Venezia": ("venice",),
    "Padova": ("padua",),
    "Bologna": (),
    "Verona": (),
    "Bari": (),
    "Palermo": (),
    "Catania": (),
    "Trieste": (),
    "Brescia": (),
    "Bergamo": (),
    "Parma": (),
    "Modena": (),
    "Reggio Emilia": (),
    "Pisa": (),
    "Trento": (),
    "Bolzano": (),
    "Cagliari": (),
    "Ancona": (),
    "Perugia": (),
    "Lecce": (),
    "Udine": (),
    "Como": (),
    "Monza": (),
    "Vicenza": (),
    "Treviso": (),
    "Varese": (),
    "Pescara": (),
    "Salerno": (),
    "Messina": (),
    "Livorno": (),
    "Rimini": (),
    "Ferrara": (),
    "Lucca": (),
    "Novara": (),
    "Piacenza": (),
    "Cremona": (),
    "Mantova": ("mantua",),
    "Siena": (),
    "Arezzo": (),
    "Forlì": (),
    "Cesena": (),
    "Ravenna": (),
    "Londra": ("london",),
    "Berlino": ("berlin",),
    "Parigi": ("paris",),
    "Amsterdam": (),
    "Madrid": (),
    "Barcellona": ("barcelona",),
    "Dublino": ("dublin",),
    "Lisbona": ("lisbon",),
    "Zurigo": ("zurich",),
    "Monaco di Baviera": ("munich", "muenchen", "munchen"),
    "Vienna": ("wien",),
    "Lugano": (),
    "Italia": ("italy",),
}

_CANONICAL: dict[str, str] = {}
for _name, _aliases in _ALIASES.items():
    for _alias in (fold(_name), *_aliases):
        _CANONICAL[_alias] = _name

# Countries are accepted as a labelled location but not searched in free text, where
# "Acme Italia S.r.l." would otherwise read as a place.
_COUNTRIES = frozenset({"Italia"})
_CITY_KEYS = sorted(
    (k for k, v in _CANONICAL.items() if v not in _COUNTRIES), key=len, reverse=True
)
# Longest first so that "reggio emilia" wins over a shorter overlapping name.
_CITY_RE = re.compile(r"\b(" + "|".join(re.escape(k) for k in _CITY_KEYS) + r")\b")


def canonical_place(name: str) -> str | None:
    """The canonical name of a known place written alone (``"Milan"`` -> ``"Milano"``)."""
    return _CANONICAL.get(fold(name).strip(" .,;:-()"))


def find_place(folded_text: str) -> str | None:
    """The first known city named anywhere in already-folded text, canonical form."""
    match = _CITY_RE.search(folded_text)
    return _CANONICAL[match.group(1)] if match else None
