"""A small gazetteer: Italian and European city names (and a few countries and cities job
channels often name; names that are also common words, like Prato, Massa, Latina or Porto,
are left out) in their Italian canonical form, so that "Milan", "MILANO", "Милан" and
"milano" group together.

The list is deliberately small: the digest groups by the places job posts actually name;
anything unknown is kept as written by the extractor and grouped under its folded form.
Abbreviations ("SF", "NYC") and countries are accepted when a post labels them as its place,
but not searched for in free text, where "Acme Italia S.r.l." would otherwise read as a place.
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
    "Sassari": (),
    "Taranto": (),
    "Reggio Calabria": (),
    "Foggia": (),
    "Pavia": (),
    "Lodi": (),
    "Cuneo": (),
    "La Spezia": (),
    "Savona": (),
    "Pordenone": (),
    "Rovigo": (),
    "Macerata": (),
    "L'Aquila": ("l aquila",),
    "Cosenza": (),
    "Catanzaro": (),
    "Siracusa": ("syracuse",),
    "Caserta": (),
    "Brindisi": (),
    "Pesaro": (),
    "Londra": ("london",),
    "Berlino": ("berlin",),
    "Parigi": ("paris",),
    "Amsterdam": ("амстердам", "амстердаме"),
    "Madrid": (),
    "Barcellona": ("barcelona",),
    "Dublino": ("dublin",),
    "Lisbona": ("lisbon",),
    "Zurigo": ("zurich",),
    "Monaco di Baviera": ("munich", "muenchen", "munchen"),
    "Vienna": ("wien",),
    "Lugano": (),
    "Ginevra": ("geneva", "geneve"),
    "Bruxelles": ("brussels", "brussel"),
    "Praga": ("prague", "praha"),
    "Varsavia": ("warsaw", "warszawa"),
    "Stoccolma": ("stockholm",),
    "Copenaghen": ("copenhagen", "kobenhavn"),
    "Oslo": (),
    "Helsinki": (),
    "Tallinn": (),
    "Vilnius": (),
    "Cracovia": ("krakow", "cracow"),
    "Budapest": (),
    "Bucarest": ("bucharest", "bucuresti"),
    "Atene": ("athens",),
    "Belgrado": ("belgrade", "beograd"),
    "Zagabria": ("zagreb",),
    "Lubiana": ("ljubljana",),
    "Rotterdam": (),
    "Eindhoven": (),
    "Amburgo": ("hamburg",),
    "Francoforte": ("frankfurt",),
    "Stoccarda": ("stuttgart",),
    "Düsseldorf": ("dusseldorf", "duesseldorf"),
    "Lione": ("lyon",),
    "Marsiglia": ("marseille",),
    "Tolosa": ("toulouse",),
    "Valencia": (),
    "Siviglia": ("seville", "sevilla"),
    "Edimburgo": ("edinburgh",),
    "Manchester": (),
    "Basilea": ("basel",),
    "Berna": ("bern",),
    "Losanna": ("lausanne",),
    "Tel Aviv": (),
    "Istanbul": (),
    "Tbilisi": ("тбилиси",),
    "Almaty": ("алматы",),
    "Toronto": (),
    "Boston": (),
    "Seattle": (),
    "Chicago": (),
    "Los Angeles": (),
    "Tokyo": (),
    "Sydney": (),
    "Hong Kong": (),
    "Bangkok": (),
    "Riyadh": (),
    "Doha": (),
    "Abu Dhabi": (),
    "San Paolo": ("sao paulo",),
    "Mosca": ("moscow", "москва", "москве"),
    "San Pietroburgo": ("saint petersburg", "st petersburg", "санкт-петербург", "спб"),
    "Voronezh": ("воронеж", "воронеже"),
    "Minsk": ("минск", "минске"),
    "Kiev": ("kyiv", "київ", "киев"),
    "Yerevan": ("ереван", "երևան"),
    "New York": ("nyc",),
    "San Francisco": ("sf",),
    "Singapore": (),
    "Bangalore": ("bengaluru",),
    "Hyderabad": (),
    "Pune": (),
    "Mumbai": (),
    "Chennai": (),
    "Noida": (),
    "Gurugram": ("gurgaon",),
    "Nuova Delhi": ("new delhi", "delhi"),
    "Il Cairo": ("cairo",),
    "Dubai": (),
    "Italia": ("italy",),
    "Germania": ("germany", "deutschland"),
    "Regno Unito": ("united kingdom", "uk"),
    "India": (),
    "Stati Uniti": ("united states", "usa", "us"),
}

_CANONICAL: dict[str, str] = {}
for _name, _aliases in _ALIASES.items():
    for _alias in (fold(_name), *_aliases):
        _CANONICAL[_alias] = _name

_LABEL_ONLY = frozenset(
    {"Italia", "Germania", "Regno Unito", "India", "Stati Uniti", "sf", "nyc", "uk", "us", "usa"}
)
_CITY_KEYS = sorted(
    (k for k, v in _CANONICAL.items() if v not in _LABEL_ONLY and k not in _LABEL_ONLY),
    key=len,
    reverse=True,
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


_HASHTAG_RE = re.compile(r"#(\w+)")
_QUALIFIER_RE = re.compile(
    r"\((?:[^)]*)\)|\b(?:remote|remoto|hybrid|ibrido|on-?site|in sede|fully|full|wfh|wfo|work"
    r"|working|anywhere|worldwide|multiple locations|various locations|pan india)\b"
    r"|\s[-–/|]\s.*$",
    re.IGNORECASE,
)


def place_of_label(raw: str) -> str | None:
    """The place in a labelled value: "Milan, Italy (hybrid)" -> "Milano"; an unknown one is
    kept as written, without qualifiers ("Villanova d'Asti, Italia - Remote" ->
    "Villanova d'Asti, Italia"); "Remote" alone is no place."""
    value = _QUALIFIER_RE.sub(" ", raw)
    value = " ".join(value.split()).strip(" ,.;:-")
    if not value:
        return None
    first = value.split(",")[0]
    return canonical_place(first) or canonical_place(value) or find_place(fold(first)) or value


def place_of_hashtags(text: str) -> str | None:
    """A known city written as a hashtag (#Milano, #Москва)."""
    for tag in _HASHTAG_RE.findall(text):
        if (place := _CANONICAL.get(fold(tag))) and place not in _LABEL_ONLY:
            return place
    return None
