"""De-duplication, company matching and alert rules, table-driven."""

from __future__ import annotations

import pytest

from bot.companies import company_matches, normalise_company
from bot.jobposts.alerts import AlertRule, RuleError, RuleErrorReason, parse_rule
from bot.jobposts.extract import extract
from bot.jobposts.fingerprint import fingerprint, normalise_for_matching, same_offer

BASE = """[Backend Developer] [RAL 35-40k] [FULL REMOTE]
Acme S.p.A. cerca un Backend Developer Python da inserire nel team piattaforma.
Stack: Python, Django, PostgreSQL, AWS. Contratto a tempo indeterminato, welfare aziendale.
Invia il CV a jobs@acme.example #lavoro"""


def test_fingerprint_is_stable_and_normalised() -> None:
    noisy = "**" + BASE.upper().replace("#lavoro", "#offerta 🚀").replace(",", " ,") + "\n"
    assert fingerprint(noisy) == fingerprint(BASE)
    # a fixed value: the key is stored, so it must not change between runs or versions
    assert fingerprint("Cerchiamo Backend Developer") == fingerprint(
        "cerchiamo  backend developer!"
    )
    assert len(fingerprint(BASE)) == 32
    assert "http" not in normalise_for_matching("see https://acme.example/jobs/1 now")
    assert normalise_for_matching("Città: Forlì! 📍") == "citta forli"


@pytest.mark.parametrize(
    ("other", "same"),
    [
        (BASE, True),
        ("Inoltrato da Offerte IT\n" + BASE + "\nhttps://t.me/offerteit/123", True),  # repost
        (BASE.replace("welfare aziendale", "welfare aziendale e buoni pasto"), True),  # edit
        (BASE.replace("Backend", "Frontend").replace("Python, Django", "React, Vue"), False),
        (BASE.replace("Acme S.p.A.", "Beta Srl"), False),  # other company
        (BASE.replace("FULL REMOTE", "Roma").replace("team piattaforma", "team di Roma"), True),
        (BASE + "\nSede: Roma", True),
        (BASE.replace("Backend Developer", "Senior Backend Developer"), False),
        ("Cerchiamo Backend Developer", False),  # too short to trust a fuzzy match
        ("Webinar gratuito su Django e PostgreSQL. Iscriviti!", False),
    ],
)
def test_same_offer(other: str, same: bool) -> None:
    assert same_offer(BASE, other) is same
    assert same_offer(other, BASE) is same


def test_different_cities_are_different_offers() -> None:
    milano = BASE.replace("[FULL REMOTE]", "[Milano]").replace("FULL REMOTE", "")
    roma = milano.replace("[Milano]", "[Roma]")
    assert extract(milano).location == "Milano"
    assert not same_offer(milano, roma)


@pytest.mark.parametrize(
    ("name", "normal"),
    [
        ("Acme S.p.A.", "acme"),
        ("ACME SpA", "acme"),
        ("Acme s.r.l.", "acme"),
        ("Caffè Nero Srl", "caffe nero"),
        ("Omicron Cloud Ltd.", "omicron cloud"),
        ("Beta GmbH", "beta"),
        ("Gamma, Inc.", "gamma"),
        ("Studio Verdi & Associati", "studio verdi associati"),
        ("SpA", "spa"),  # a suffix alone is kept: it is the whole name
    ],
)
def test_normalise_company(name: str, normal: str) -> None:
    assert normalise_company(name) == normal


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Acme S.p.A.", "ACME", True),
        ("Acme Italia S.r.l.", "Acme", True),
        ("Accenture", "Acenture", True),  # typo
        ("Deloitte", "De Loitte", True),
        ("Accenture", "Accent", False),
        ("Banca Sella", "Banca Intesa", False),
        ("Acme", "Acne", False),
        ("", "Acme", False),
    ],
)
def test_company_matches(a: str, b: str, same: bool) -> None:
    assert company_matches(a, b) is same
    assert company_matches(b, a) is same


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'python "data engineer" -senior @milano remote',
            AlertRule(("python",), ("data engineer",), ("senior",), "milano", True),
        ),
        ("Python  PYTHON", AlertRule(words=("python",))),
        ('"Data  Engineer"', AlertRule(phrases=("data engineer",))),
        ('"python"', AlertRule(words=("python",))),
        (
            '@"Reggio Emilia" -"tempo determinato"',
            AlertRule(excluded=("tempo determinato",), place="reggio emilia"),
        ),
        ("remoto", AlertRule(remote_only=True)),
        ('java "unclosed phrase', AlertRule(words=("java",), phrases=("unclosed phrase",))),
        ("", RuleError(RuleErrorReason.EMPTY)),
        ('  - @ ""  ', RuleError(RuleErrorReason.EMPTY)),
        ("-senior -lead", RuleError(RuleErrorReason.ONLY_EXCLUSIONS)),
        ("python " * 40, RuleError(RuleErrorReason.TOO_LONG)),
    ],
)
def test_parse_rule(text: str, expected: AlertRule | RuleError) -> None:
    rule = parse_rule(text)
    assert rule == expected
    if isinstance(rule, AlertRule):
        assert parse_rule(rule.to_text()) == rule


POST = """Cerchiamo sviluppatori Python per il team Data di Acme.
Ruolo: Data Engineer
Sede: Milano, full remote possibile. Città: Milano. Stack: Node.js, SQL"""


@pytest.mark.parametrize(
    ("rule", "matches"),
    [
        ("python", True),
        ("PYTHON sviluppatore", True),  # singular matches plural
        ("developer", False),
        ('"data engineer"', True),
        ('"engineer data"', False),
        ("python -senior", True),
        ("python -sviluppatori", False),
        ('python -"data engineer"', False),
        ("@milano", True),
        ("@milan", True),  # English name of the same city
        ("@roma", False),
        ("remote", True),
        ("java", False),  # not a prefix match of javascript/other words
        ("node.js", True),
        ("citta", True),  # accent-insensitive
        ('python "data engineer" -senior @milano remote', True),
    ],
)
def test_rule_matches(rule: str, matches: bool) -> None:
    parsed = parse_rule(rule)
    assert isinstance(parsed, AlertRule)
    assert parsed.matches(POST, extract(POST)) is matches


def test_remote_only_excludes_hybrid_and_place_uses_fields() -> None:
    hybrid = "Cerchiamo Java developer, ibrido, sede Roma. Tempo indeterminato."
    rule = parse_rule("java remote")
    assert isinstance(rule, AlertRule)
    assert not rule.matches(hybrid, extract(hybrid))
    # "no remoto" names the word, and says the opposite
    onsite = "Cerchiamo Java developer junior, sede Milano, no remoto. CV a hr@beta.it"
    assert not rule.matches(onsite, extract(onsite))
    # the place comes from the extracted location when there is one, not from any mention
    text = "Cerchiamo Java developer. Sede: Roma. Il nostro HQ è a Milano."
    milano = parse_rule("java @milano")
    assert isinstance(milano, AlertRule)
    assert not milano.matches(text, extract(text))
