"""The shapes real job channels use: each is recognised as an offer and read field by field.

Table-driven, written from the styles seen in the real set (the set itself is scored in
``test_jobposts_real.py``): yes/no labels, bold and emoji labels, values on the next line,
one-sentence Italian offers, the Italian bracket template, pay per hour/day/month/year in
several currencies, HTML entities and mojibake.
"""

from __future__ import annotations

import pytest

from bot.jobposts.classifier import classify
from bot.jobposts.extract import PayPeriod, WorkMode, extract
from bot.jobposts.labels import yes_no
from bot.jobposts.text import clean

ONE_SENTENCE = (
    "Offerta: UX Designer presso Design Co., Torino, ibrido, RAL 35k. Scrivere a jobs@designco.it"
)
TEMPLATE = (
    "[RUOLO] Backend Developer\n[DESCRIZIONE] API in Python\n[RAL] 35-40k\n[FULL REMOTE] {}\n"
    "[CITTÀ] Milano\n[LINK] https://acme.example/jobs/1"
)


@pytest.mark.parametrize(
    "text",
    [
        ONE_SENTENCE,
        TEMPLATE.format("No"),
        TEMPLATE.format("Si"),
        "SENIOR PYTHON DEVELOPER | REMOTE | ACME #remote #fulltime #itjob",
        "- Job Title: Backend Engineer\n- Location: Berlin\n- Salary: €60k",
        "🔹**Title**: Barista\n🔹**Location**: Orchard\n🔹**Salary**: $12/hr",
        "Looking for 2 ushers, $130/day, Saturday at Marina Bay. PM @someone",
        "Cameriere per eventi nel weekend, 12 €/ora, zona Bologna. Scrivere in privato",
        "Acme | Backend Engineer | Remote (EU) | &euro;60k<p>We&#x27;re hiring: apply at "
        '<a href="https:&#x2F;&#x2F;acme.example&#x2F;jobs">https:&#x2F;&#x2F;acme.example</a>',
        "**Company:** [Acme](https://acme.example)\n**Location:** Torino\n**Title:** Java Dev",
        "𝐖𝐞'𝐫𝐞 𝐡𝐢𝐫𝐢𝐧𝐠 𝐚 𝐁𝐚𝐜𝐤-𝐄𝐧𝐝 𝐃𝐞𝐯𝐞𝐥𝐨𝐩𝐞𝐫\n📍 Location: Cairo\nApply: https://acme.example",
        "#вакансия #удаленка\nИщем Python разработчика\nЗП: от 200 000 руб\nКонтакты: @hr_acme",
    ],
)
def test_offer_styles_are_recognised(text: str) -> None:
    assert classify(text).is_job, classify(text)


@pytest.mark.parametrize(
    "text",
    [
        "Cerco lavoro come cameriere a Milano, disponibile subito, anche part-time",
        "#resume #cv\nДолжность: Python developer\nЛокация: Москва\nЗП: по договоренности",
        "Webinar gratuito giovedì: come trovare lavoro nel tech. Iscriviti qui https://x.example",
        "Free Masterclass: crack your SDE interview, placement guarantee! Register now",
        "Qualcuno sa se Acme assume ancora?",
        "📌 Regole del gruppo\n1) Solo offerte con RAL\n2) Niente spam\n3) Rispetto per tutti",
    ],
)
def test_non_offers_are_left_out(text: str) -> None:
    assert not classify(text).is_job, classify(text)


@pytest.mark.parametrize(
    ("answer", "value"),
    [("No", False), ("Si", True), ("Sì.", True), ("yes", True), ("нет", False), ("maybe", None)],
)
def test_yes_no(answer: str, value: bool | None) -> None:
    assert yes_no(answer) is value


def test_full_remote_no_is_not_remote() -> None:
    assert extract(TEMPLATE.format("No")).work_mode is WorkMode.ONSITE
    assert extract(TEMPLATE.format("Si")).work_mode is WorkMode.REMOTE
    assert extract("Data Scientist\n**Remote**: Yes").work_mode is WorkMode.REMOTE
    assert extract("Fully remote positions are prohibited. Hybrid 3 days").work_mode is (
        WorkMode.HYBRID
    )


def test_template_fields() -> None:
    fields = extract(TEMPLATE.format("No"))
    assert (fields.role, fields.location, fields.apply_url) == (
        "Backend Developer",
        "Milano",
        "https://acme.example/jobs/1",
    )
    assert (fields.salary_min, fields.salary_max, fields.pay_currency) == (35_000, 40_000, "EUR")


def test_one_sentence_italian_offer() -> None:
    fields = extract(ONE_SENTENCE)
    assert (fields.role, fields.company, fields.location) == ("UX Designer", "Design Co.", "Torino")
    assert fields.work_mode is WorkMode.HYBRID
    assert (fields.salary_min, fields.apply_email) == (35_000, "jobs@designco.it")


@pytest.mark.parametrize(
    "text",
    [
        "🏢 Company Name : Acme Pte Ltd\n💰 Salary:\n2100 - 2500 / Month\n📍 Location:\nKallang",
        "**Company**: Acme Pte Ltd\n**Salary**:\n2100 - 2500 / Month\n**Location**:\nKallang",
        "🔹**Company**: Acme Pte Ltd\n🔹**Salary**: 2100 - 2500 / Month\n🔹**Location**: Kallang",
    ],
)
def test_labels_in_bold_behind_emoji_or_on_their_own_line(text: str) -> None:
    fields = extract(text)
    assert (fields.company, fields.location) == ("Acme Pte Ltd", "Kallang")
    assert (fields.pay_min, fields.pay_max, fields.pay_period) == (2100, 2500, PayPeriod.MONTH)
    assert fields.salary_text == "2100 - 2500 / Month"


@pytest.mark.parametrize(
    ("text", "low", "high", "currency", "period"),
    [
        ("Salary: $12.50/hr", 12.5, 12.5, "USD", PayPeriod.HOUR),
        ("💰 $130/day", 130, 130, "USD", PayPeriod.DAY),
        ("Paga 12 €/ora", 12, 12, "EUR", PayPeriod.HOUR),
        ("Salary: SGD11 - SGD13/Hour", 11, 13, "SGD", PayPeriod.HOUR),
        ("Salary: $2,600 – $3,200/month", 2600, 3200, "USD", PayPeriod.MONTH),
        ("stipendio 1.500€ netti al mese", 1500, 1500, "EUR", PayPeriod.MONTH),
        ("Expected Salary: 12 - 20 LPA", 1_200_000, 2_000_000, "INR", PayPeriod.YEAR),
        ("RAL 35-40k", 35_000, 40_000, "EUR", PayPeriod.YEAR),
        ("Acme | Engineer | $170-225K + equity", 170_000, 225_000, "USD", PayPeriod.YEAR),
        ("ЗП вилка от 60 т.руб - 150 т.руб", 60_000, 150_000, "RUB", None),
        ("Зарплата от 50K до 75K евро в год", 50_000, 75_000, "EUR", PayPeriod.YEAR),
        ("Salary: Up to $ 2600", 2600, 2600, "USD", None),
    ],
)
def test_pay(text: str, low: float, high: float, currency: str, period: PayPeriod | None) -> None:
    fields = extract(f"Acme is hiring a Backend Developer\n{text}")
    assert (fields.pay_min, fields.pay_max) == (low, high)
    assert (fields.pay_currency, fields.pay_period) == (currency, period)


def test_a_bonus_is_not_the_pay() -> None:
    fields = extract("Enforcement Officer ($1800 Joining Bonus)\nSalary:\n2100 - 2500 / Month")
    assert (fields.pay_min, fields.pay_max) == (2100, 2500)


def test_a_role_is_never_the_whole_post() -> None:
    sentence = " ".join(["We are a fast growing company that builds things for people"] * 3)
    fields = extract(f"Offerta: {sentence}")
    assert fields.role is None
    assert extract("Title: ScalaDeveloper (ref. GJ-HR-190419-0)").role == "ScalaDeveloper"


@pytest.mark.parametrize(
    ("text", "role", "company", "place"),
    [
        (
            "Neon Health | Founding Sr Backend Engineer | SF, Remote (North America) | Full-time",
            "Founding Sr Backend Engineer",
            "Neon Health",
            "San Francisco",
        ),
        (
            "📌Autodesk is hiring for Software Development Eng 1",
            "Software Development Eng 1",
            "Autodesk",
            None,
        ),
        (
            "[basilico](https://www.basili.co) – Brescia – Frontend Developer (WebGL) – ONSITE",
            "Frontend Developer",
            "basilico",
            "Brescia",
        ),
        (
            "# Satispay\n\n**Milan, Italy** (ONSITE)\n\nIn Satispay stiamo cercando:\n- Android",
            None,
            "Satispay",
            "Milano",
        ),
    ],
)
def test_title_shapes(text: str, role: str | None, company: str, place: str | None) -> None:
    fields = extract(text)
    assert (fields.company, fields.location) == (company, place)
    if role:
        assert fields.role == role


def test_html_and_mojibake_are_read() -> None:
    fields = extract(
        "Acme | Backend Engineer | Remote<p>Apply: "
        '<a href="https:&#x2F;&#x2F;acme.example&#x2F;jobs">'
        "https:&#x2F;&#x2F;acme.example&#x2F;jobs</a>"
    )
    assert fields.apply_url == "https://acme.example/jobs"
    assert (
        clean("Data Analyst â Fraud, perchÃ¨ lâ€™azienda")
        == "Data Analyst - Fraud, perchè l'azienda"
    )
    assert clean("𝐒𝐚𝐥𝐚𝐫𝐲: ₹8–15 LPA") == "Salary: ₹8-15 LPA"
    assert extract("Contact: <jobs@acme.example>").apply_email == "jobs@acme.example"
