"""Classifier and extractor rules, table-driven, beyond the corpus."""

from __future__ import annotations

import pytest

from bot.jobposts.classifier import classify, is_job_post
from bot.jobposts.extract import Contract, Seniority, WorkMode, extract

OFFER = "Cerchiamo Backend Developer, RAL 35-40k, contratto a tempo indeterminato."


@pytest.mark.parametrize(
    ("text", "is_job"),
    [
        (OFFER, True),
        (OFFER.upper(), True),  # case-insensitive
        (
            "**CERCHIAMO** *Backend Developer* — __RAL 35-40k__, contratto a tempo indeterminato",
            True,
        ),
        ("Offerta di lavoro: sviluppatrice PHP, città: Forlì, retribuzione 30k", True),
        ("OFFERTA DI LAVORO: SVILUPPATRICE PHP, CITTÀ: FORLÌ, RETRIBUZIONE 30K", True),
        ("We're hiring a backend engineer! Full-time, salary €50k. Apply below", True),
        # seekers are not offers, however many offer words they use
        ("Cerco lavoro come backend developer, full-time, RAL 35k, tempo indeterminato", False),
        ("#opentowork Backend developer, full-time or contract, salary 50k", False),
        ("Webinar: come assumere il tuo primo developer. Iscriviti!", False),
        ("Corso Python con sconto 50%: diventa developer! Iscrizioni aperte", False),
        ("Qualcuno sa se Acme assume?", False),
        ("buongiorno a tutti", False),
        ("", False),
    ],
)
def test_classify(text: str, is_job: bool) -> None:
    assert is_job_post(text) is is_job, classify(text)


def test_classification_reports_signals() -> None:
    result = classify("#lavoro Cerchiamo un designer. Cerco lavoro anche io")
    assert {"seeker", "job_hashtag", "hiring"} <= set(result.signals)
    assert result.signals[0] == "seeker"  # strongest first
    assert not result.is_job


@pytest.mark.parametrize(
    ("text", "salary_min", "salary_max"),
    [
        ("RAL 35-40k", 35_000, 40_000),
        ("RAL: 35.000 - 40.000 €", 35_000, 40_000),
        ("Retribuzione: 35.000€ - 40.000€ lordi annui", 35_000, 40_000),
        ("Salary €45k", 45_000, 45_000),
        ("offered €45k-€50k", 45_000, 50_000),
        ("45k€ + bonus", 45_000, 45_000),
        ("RAL 35-40", 35_000, 40_000),  # bare numbers after RAL are thousands
        ("RAL fino a 42k", 42_000, 42_000),
        ("Salary: EUR 50,000 - 60,000", 50_000, 60_000),
        ("stipendio 1.500€ netti al mese", None, None),  # monthly: text only
        ("€350/day", None, None),
        ("Salary: $120k-$140k", None, None),  # not euros
        ("Salary: £60k", None, None),
    ],
)
def test_salary(text: str, salary_min: int | None, salary_max: int | None) -> None:
    fields = extract(f"Cerchiamo Backend Developer.\n{text}")
    assert (fields.salary_min, fields.salary_max) == (salary_min, salary_max)
    assert fields.salary_text is not None


@pytest.mark.parametrize(
    ("text", "work_mode"),
    [
        ("Full remote", WorkMode.REMOTE),
        ("lavoro 100% da remoto", WorkMode.REMOTE),
        ("#remote", WorkMode.REMOTE),
        ("Ibrido: 2 giorni in sede", WorkMode.HYBRID),
        ("Hybrid, 3 days in office", WorkMode.HYBRID),
        ("Smart working 2 giorni a settimana", WorkMode.HYBRID),
        ("Full smart working", WorkMode.REMOTE),
        ("Lavoro in sede a Milano, no remote", WorkMode.ONSITE),
        ("On-site in Turin", WorkMode.ONSITE),
        ("Sede: Milano", None),  # a place alone says nothing about the mode
        # Negations, as typed in a sandbox group (a "no remoto" post reached a remote alert).
        ("Sviluppatore Python junior, sede Milano, no remoto.", WorkMode.ONSITE),
        ("Non è previsto lavoro da remoto.", WorkMode.ONSITE),
        ("Nessuno smart working.", WorkMode.ONSITE),
        ("Desenvolvedor Python, São Paulo, não remoto", WorkMode.ONSITE),
        ("Desarrollador Python, Madrid, no remoto", WorkMode.ONSITE),
        ("Backend dev, Milan office. Not a remote position.", WorkMode.ONSITE),
        ("Data analyst (non-remote), London", WorkMode.ONSITE),
        ("Frontend developer - no WFH, office in Rome", WorkMode.ONSITE),
        ("Sviluppatore, Bologna.\nRemoto: no\nRAL 35k", WorkMode.ONSITE),
        ("Ibrido, no smart working il venerdì", WorkMode.HYBRID),
        ("Python dev. Remote: no relocation needed", WorkMode.REMOTE),
        ("Backend dev, remote, no timezone limits", WorkMode.REMOTE),
    ],
)
def test_work_mode(text: str, work_mode: WorkMode | None) -> None:
    assert extract(text).work_mode is work_mode


@pytest.mark.parametrize(
    ("text", "contract"),
    [
        ("Contratto a tempo indeterminato", Contract.PERMANENT),
        ("Tempo determinato 12 mesi", Contract.FIXED_TERM),
        ("Tempo determinato con possibilità di indeterminato", Contract.FIXED_TERM),
        ("Stage curriculare", Contract.INTERNSHIP),
        ("Paid internship", Contract.INTERNSHIP),
        ("Early stage startup, permanent contract", Contract.PERMANENT),
        ("Collaborazione in partita IVA", Contract.FREELANCE),
        ("Contratto di apprendistato", Contract.APPRENTICESHIP),
        ("Part-time 20 ore", Contract.PART_TIME),
        ("Nessun dettaglio", None),
    ],
)
def test_contract(text: str, contract: Contract | None) -> None:
    assert extract(text).contract is contract


@pytest.mark.parametrize(
    ("text", "seniority"),
    [
        ("Senior Backend Developer @ Acme", Seniority.SENIOR),
        ("Cerchiamo Sr. Java Developer", Seniority.SENIOR),
        ("Junior Data Analyst", Seniority.JUNIOR),
        ("Mid-level Frontend Engineer", Seniority.MID),
        ("Tech Lead @ Acme", Seniority.LEAD),
        ("Lead Generation Specialist @ Acme", None),
        ("Backend Developer @ Acme", None),
    ],
)
def test_seniority(text: str, seniority: Seniority | None) -> None:
    assert extract(text).seniority is seniority


@pytest.mark.parametrize(
    ("text", "role", "company", "location"),
    [
        ("Backend Developer @ Acme S.p.A. - Milano", "Backend Developer", "Acme S.p.A.", "Milano"),
        ("Data Engineer at Acme Ltd, London", "Data Engineer", "Acme Ltd", "Londra"),
        ("Acme cerca un sistemista Linux a Bologna", "sistemista Linux", "Acme", "Bologna"),
        ("Ruolo: Analista\nAzienda: Beta\nSede: Milan", "Analista", "Beta", "Milano"),
        ("Role: Designer\nCompany: Beta\nLocation: Roma (hybrid)", "Designer", "Beta", "Roma"),
        ("💼 Barista\n🏢 Caffè Nero Srl\n📍 Trieste", "Barista", "Caffè Nero Srl", "Trieste"),
        (
            "Stiamo cercando un contabile presso Gamma Srl, zona Varese",
            "contabile",
            "Gamma Srl",
            "Varese",
        ),
        ("Location: Full remote", None, None, None),
    ],
)
def test_role_company_location(
    text: str, role: str | None, company: str | None, location: str | None
) -> None:
    fields = extract(text)
    assert (fields.role, fields.company, fields.location) == (role, company, location)


def test_contacts_from_markdown_link_and_email() -> None:
    fields = extract(
        "Candidati [qui](https://acme.example/jobs/1). Oppure scrivi a **hr@acme.example**."
    )
    assert fields.apply_url == "https://acme.example/jobs/1"
    assert fields.apply_email == "hr@acme.example"


@pytest.mark.parametrize(
    ("text", "role", "place"),
    [
        # Probes typed in the sandbox (hand-written: regressions, not evidence).
        (
            "#hiring Java Backend Engineer @ Spotify — Stockholm",
            "Java Backend Engineer",
            "Stoccolma",
        ),
        ("We are hiring a Data Engineer@Acme in Milan", "Data Engineer", "Milano"),
        (
            "Azienda cliente ricerca OPERAIO GENERICO per turni, zona Brescia. Per info 3330000000",
            "OPERAIO GENERICO",
            "Brescia",
        ),
        ("Si ricercano magazzinieri con patentino muletto, zona Verona.", "magazzinieri", "Verona"),
        (
            "Tecnico manutentore (m/f) - Bergamo - CCNL metalmeccanico - cv a hr@tec.it",
            "Tecnico manutentore",
            "Bergamo",
        ),
    ],
)
def test_agency_and_headline_posts(text: str, role: str, place: str) -> None:
    assert is_job_post(text)
    fields = extract(text)
    assert (fields.role, fields.location) == (role, place)
    assert fields.company is None or "CCNL" not in fields.company


@pytest.mark.parametrize(
    "text",
    ["La ricerca di lavoro è dura, qualche consiglio?", "Dottorato di ricerca in fisica"],
)
def test_research_is_not_an_agency_verb(text: str) -> None:
    assert not is_job_post(text)
