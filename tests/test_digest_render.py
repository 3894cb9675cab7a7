"""Pure: digest and alert texts (escaping, grouping headings, splitting, network lines)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from bot.i18n import texts
from bot.jobposts.collect import analyse
from bot.jobposts.digest import utf16_length
from bot.jobposts.digest_render import (
    AlertItem,
    alert_message,
    digest_lines,
    digest_messages,
    network_line,
    offers_from_rows,
)
from bot.jobposts.extract import JobPostFields
from bot.jobposts.matching import match_rules, people_at
from storage.job_alerts import ActiveRule, NetworkContact
from storage.job_kinds import AlertMode, DigestGrouping
from storage.job_posts import DigestRow, Place

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def row(post_id: int, offer_id: int, role: str | None, **kw: str | None) -> DigestRow:
    return DigestRow(
        post_id=post_id,
        offer_id=offer_id,
        role=role,
        company=kw.get("company"),
        location=kw.get("location"),
        work_mode=kw.get("work_mode"),
        link=kw.get("link", f"https://t.me/c/1/{post_id}"),
        posted_at=NOW + timedelta(minutes=post_id),
    )


def test_user_text_is_escaped_and_every_line_balanced() -> None:
    rows = [row(1, 1, "<script>Dev</script>", company="A & B <srl>", location="Milano")]
    lines = digest_lines(texts("en"), offers_from_rows(rows), DigestGrouping.ROLE)
    text = "\n".join(lines)
    assert "<script>" not in text and "&lt;script&gt;Dev&lt;/script&gt;" in text
    assert "A &amp; B &lt;srl&gt;" in text
    for line in lines:
        opened = re.findall(r"<(b|a)\b", line)
        closed = re.findall(r"</(b|a)>", line)
        assert sorted(opened) == sorted(closed), line


def test_rows_of_one_offer_become_one_line_with_each_link() -> None:
    rows = [row(1, 7, "Data Analyst", work_mode="remote"), row(2, 7, "Data Analyst")]
    extra = [Place(7, -100555, "Public <jobs>", "https://t.me/pubjobs/3"), Place(8, 1, "x", "y")]
    offers = offers_from_rows(rows, extra)
    assert len(offers) == 1
    line = digest_lines(texts("it"), offers, DigestGrouping.PLACE)[-1]
    assert line == (
        '• <b>Data Analyst</b> — 🏠 da remoto — <a href="https://t.me/c/1/1">annuncio</a>, '
        '<a href="https://t.me/c/1/2">annuncio</a>, '
        '<a href="https://t.me/pubjobs/3">Public &lt;jobs&gt;</a>'
    )


def test_headings_are_translated_and_other_comes_last() -> None:
    rows = [
        row(1, 1, None),
        row(2, 2, "Backend Developer"),
        row(3, 3, "Frontend Developer"),
        row(4, 4, "Data Scientist"),
    ]
    lines = digest_lines(texts("it"), offers_from_rows(rows), DigestGrouping.ROLE)
    headings = [line for line in lines if line.startswith("<b>")]
    assert headings == [
        "<b>Sviluppo e IT</b> (2)",
        "<b>Dati e IA</b> (1)",
        "<b>Altri ruoli</b> (1)",
    ]
    assert "• <b>Offerta di lavoro</b>" in lines[-1]


def test_split_at_4096_and_cap() -> None:
    rows = [row(i, i, f"Role number {i} " + "x" * 80, company="C" * 60) for i in range(1, 400)]
    offers = offers_from_rows(rows)
    capped = digest_messages(texts("en"), offers, DigestGrouping.ROLE)
    assert all(utf16_length(m) <= 4096 for m in capped)
    assert capped[-1].endswith("…and 299 more job posts.")
    everything = digest_messages(texts("en"), offers, DigestGrouping.ROLE, max_posts=None)
    assert len(everything) > len(capped)
    lines = [line for m in everything for line in m.split("\n")]
    assert sum(line.startswith("• ") for line in lines) == 399
    assert digest_messages(texts("en"), [], DigestGrouping.ROLE) == []


def test_network_line_variants() -> None:
    t = texts("en")
    full = NetworkContact(1, "Maria <Rossi>", "HR", "Acme", "Job Fair Milano", None)
    assert network_line(t, full) == (
        "👤 You know Maria &lt;Rossi&gt; (HR @ Acme), met at Job Fair Milano"
    )
    bare = NetworkContact(2, "Luca", None, "Acme", None, "Politecnico")
    assert network_line(t, bare) == "👤 You know Luca (Acme), met at Politecnico"
    lone = NetworkContact(3, "Ugo", None, "Acme", None, None)
    assert network_line(texts("it"), lone) == "👤 Conosci Ugo (Acme)"


def test_people_at_matches_company_fuzzily() -> None:
    network = [
        NetworkContact(1, "Maria", "HR", "ACME S.p.A.", None, None),
        NetworkContact(2, "Luca", None, "Àcme Italia srl", None, None),
        NetworkContact(3, "Ada", None, "Accenture", None, None),
    ]
    assert [c.id for c in people_at("Acme", network)] == [1, 2]
    assert people_at(None, network) == ()
    assert people_at("Globex", network) == ()


def test_alert_message() -> None:
    item = AlertItem(
        JobPostFields(role="Dev", company="Acme"),
        "dev",
        (Place(1, -1001, "Jobs", "https://t.me/c/1/5"), Place(1, -400, "Basic", None)),
        (NetworkContact(1, "Maria", None, "Acme", None, None),),
    )
    assert alert_message(texts("en"), item).splitlines() == [
        "🔔 <b>New job post</b> for «dev»",
        "<b>Dev</b> — Acme",
        'Posted in: <a href="https://t.me/c/1/5">Jobs</a>, Basic',
        "👤 You know Maria (Acme)",
    ]


def test_match_rules_one_per_user_instant_wins_and_no_self_alert() -> None:
    analysed = analyse(
        "#lavoro Cercasi Backend Developer\nAzienda: Acme\n📍 Milano\nRAL 35-40k\nCV a a@b.it"
    )
    assert analysed is not None
    rules = [
        ActiveRule(1, "backend", AlertMode.DAILY, "Europe/Rome", 10),
        ActiveRule(1, "developer @milano", AlertMode.INSTANT, "Europe/Rome", 10),
        ActiveRule(2, "python", AlertMode.INSTANT, "Europe/Rome", 10),
        ActiveRule(3, "backend", AlertMode.DAILY, "Europe/Rome", 8),
        ActiveRule(4, "backend", AlertMode.INSTANT, "Europe/Rome", 10),
        ActiveRule(5, '"', AlertMode.INSTANT, "Europe/Rome", 10),  # unparsable: ignored
    ]
    matches = match_rules(rules, analysed.text, analysed.fields, NOW, sender_id=4)
    assert {(m.owner_id, m.mode, m.rule) for m in matches} == {
        (1, "instant", "developer @milano"),
        (3, "daily", "backend"),
    }
    daily = next(m for m in matches if m.owner_id == 3)
    assert daily.due_at == datetime(2026, 11, 25, 7, 0, tzinfo=UTC)  # 08:00 Rome tomorrow
