"""Typo'd e-mail domains: "mario@gmial.con" -> "did you mean mario@gmail.com?".

Two checks, both only ever a suggestion (the address as typed is still what was read):
- the domain is a provider that has one domain worldwide with another ending ("gmail.it"),
  or a provider's name without an ending ("hotmail"), or is one or two edits (a swap counts
  as one) away from a well-known mailbox provider, and is not itself one or another real
  domain ("gmial.con", "gmail.co", "hotmial.it"; not "yahoo.fr"). Two edits only
  for domains of 8 characters or more, so short company domains are not pulled towards a
  provider;
- otherwise, the ending is a common slip for .com/.it/.net/.org and is no real ending
  (".con", ".cmo", ".ti"), which is fixed for any domain ("acme.con" -> "acme.com").
"""

from __future__ import annotations

from rapidfuzz.distance import OSA

from bot.contacts.normalise import has_public_suffix

# Italian providers first: where a bare "libero" or "hotmail" is completed, the first wins.
PROVIDERS = (
    "gmail.com",
    "libero.it",
    "hotmail.it",
    "hotmail.com",
    "outlook.it",
    "outlook.com",
    "live.it",
    "live.com",
    "yahoo.it",
    "yahoo.com",
    "icloud.com",
    "me.com",
    "mac.com",
    "virgilio.it",
    "alice.it",
    "tin.it",
    "tim.it",
    "tiscali.it",
    "fastwebnet.it",
    "email.it",
    "inwind.it",
    "iol.it",
    "aruba.it",
    "pec.it",
    "legalmail.it",
    "googlemail.com",
    "msn.com",
    "aol.com",
    "gmx.com",
    "gmx.de",
    "gmx.net",
    "web.de",
    "mail.com",
    "protonmail.com",
    "proton.me",
    "yandex.ru",
    "zoho.com",
)
# Real domains near a provider ("yahoo.fr" is two edits from "yahoo.it"): never corrected.
_ALSO_REAL = frozenset(
    (
        "yahoo.fr",
        "yahoo.de",
        "yahoo.es",
        "yahoo.co.uk",
        "hotmail.fr",
        "hotmail.de",
        "hotmail.es",
        "hotmail.co.uk",
        "outlook.fr",
        "outlook.de",
        "outlook.es",
        "live.fr",
        "live.de",
        "live.co.uk",
        "live.nl",
        "mail.ru",
        "orange.fr",
        "free.fr",
        "wanadoo.fr",
        "t-online.de",
        "btinternet.com",
        "comcast.net",
        "verizon.net",
        "att.net",
        "gmx.at",
        "gmx.ch",
        "tiscali.co.uk",
        "tiscalinet.it",
        "alice.fr",
        "ymail.com",
        "rocketmail.com",
    )
)
_PROVIDER_SET = frozenset(PROVIDERS) | _ALSO_REAL
# Providers with one domain worldwide: any other ending is a slip ("gmail.it").
_ONLY_DOMAIN = {
    "gmail": "gmail.com",
    "googlemail": "googlemail.com",
    "libero": "libero.it",
    "virgilio": "virgilio.it",
    "icloud": "icloud.com",
    "fastwebnet": "fastwebnet.it",
    "protonmail": "protonmail.com",
}
_ENDING_SLIPS = {
    "con": "com",
    "cmo": "com",
    "ocm": "com",
    "cpm": "com",
    "vom": "com",
    "xom": "com",
    "comm": "com",
    "coom": "com",
    "cim": "com",
    "ti": "it",
    "itt": "it",
    "iy": "it",
    "nte": "net",
    "nett": "net",
    "ogr": "org",
    "orgg": "org",
}
_LONG_DOMAIN = 8


def suggest_email(email: str) -> str | None:
    """The address with its domain corrected, when the domain looks like a typo; else None."""
    local, at, domain = email.strip().rpartition("@")
    if not at or not local or not domain or len(domain) > 255:
        return None
    typed = domain.casefold().rstrip(".")
    corrected = _provider(typed) or _ending(typed)
    return f"{local}@{corrected}" if corrected and corrected != typed else None


def _provider(domain: str) -> str | None:
    if domain in _PROVIDER_SET:
        return None
    name = domain.rpartition(".")[0] or domain
    if name in _ONLY_DOMAIN:
        return _ONLY_DOMAIN[name]
    if "." not in domain:  # "mario@hotmail": the ending was forgotten
        return next((p for p in PROVIDERS if p.split(".")[0] == domain), None)
    allowed = 2 if len(domain) >= _LONG_DOMAIN else 1
    best: list[str] = []
    best_distance = allowed + 1
    for provider in PROVIDERS:
        distance = OSA.distance(domain, provider, score_cutoff=allowed)
        if distance < best_distance:
            best, best_distance = [provider], distance
        elif distance == best_distance:
            best.append(provider)
    return best[0] if len(best) == 1 else None


def _ending(domain: str) -> str | None:
    name, dot, ending = domain.rpartition(".")
    if not dot or not name or ending not in _ENDING_SLIPS or has_public_suffix(domain):
        return None
    return f"{name}.{_ENDING_SLIPS[ending]}"
