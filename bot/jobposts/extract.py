"""Structured fields of a job post: role, company, place, work mode, contract, pay, contacts.

Sources, most trusted first: labelled lines (``labels``: "Ruolo: ...", "**Company**: ...",
"[RAL] ...", "📍 Milano", a label with its value on the next line), the bracket header of
Italian job groups ("[Backend Developer] [RAL 35-40k] [FULL REMOTE]"), a title line
(``roles``: "Backend Developer @ Acme", "Acme is hiring ...", "Acme | Engineer | SF"), then
phrases in the body ("Acme cerca un ...", "we're hiring a ...", "ищем ..."). Pay is read by
``salary``, work mode, contract and seniority by ``terms``, places by ``places``. Unknown
stays ``None``: a wrong field is worse than a missing one in a digest.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.jobposts.fields import Contract, JobPostFields, PayPeriod, Seniority, WorkMode
from bot.jobposts.labels import is_labelled, read_labels, yes_no
from bot.jobposts.places import canonical_place, find_place, place_of_hashtags, place_of_label
from bot.jobposts.roles import (
    ROLE_NOUN_RE,
    Title,
    clean_company,
    clean_role,
    company_from_text,
    role_from_phrases,
    role_of_label,
    title,
)
from bot.jobposts.salary import read_pay
from bot.jobposts.terms import contract, is_work_mode, seniority, work_mode
from bot.jobposts.text import clean, fold, strip_accents

__all__ = ["Contract", "JobPostFields", "PayPeriod", "Seniority", "WorkMode", "extract"]

_BRACKET_TOKEN_RE = re.compile(r"\[([^\[\]\n]{2,60})\](?!\()")
_LEADING_LINK_RE = re.compile(r"^[\s#]*\[([^\]\n]{2,40})\]\(https?://")
_URL_RE = re.compile(r"(?:https?://|www\.|\bt\.me/)[^\s<>\"'\]]+", re.IGNORECASE)
_EMAIL_RE = re.compile(r"\b[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
_APPLY_HINT_RE = re.compile(
    r"🔗|candid|apply|application|link|cv|curriculum|resume|careers|jobs page|details"
    r"|invia|scriv|send|share|drop|submit|резюме|откликн|envie|enviar|postula",
    re.IGNORECASE,
)
# Links that advertise the channel rather than the job, unless a line says they are for applying.
_PROMO_LINK_RE = re.compile(
    r"whatsapp\.com/channel|chat\.whatsapp\.com|t\.me/(?!.*jobs?\b)|telegram\.me/|instagram\.com"
    r"|linktr\.ee|youtu\.?be|facebook\.com|twitter\.com|x\.com/",
    re.IGNORECASE,
)


def extract(text: str) -> JobPostFields:
    """Read the fields of a job post (Markdown, HTML or plain; any language)."""
    cleaned = clean(text)
    lines = [line.strip() for line in cleaned.splitlines() if line.strip()]
    folded = strip_accents(cleaned).lower()  # = fold(text), reusing the cleaning
    no_links = _without_links(folded)
    labelled = read_labels(lines)
    header = _bracket_header(lines)
    titles = [title(line) for line in lines[:2]]  # read by role, company and place

    role = _role(labelled, header, lines, titles)
    pay = read_pay(labelled.get("salary") or header.get("salary"), cleaned)
    euros_min, euros_max = pay.euros_per_year if pay else (None, None)
    remote_answer = yes_no(labelled["remote"]) if "remote" in labelled else None
    return JobPostFields(
        role=role,
        company=_company(labelled, titles, text, cleaned, lines),
        location=_location(labelled, header, titles, cleaned, no_links),
        work_mode=work_mode(remote_answer, no_links),
        contract=contract(labelled.get("contract"), no_links),
        salary_text=pay.text if pay else None,
        salary_min=euros_min,
        salary_max=euros_max,
        seniority=seniority(role, labelled.get("seniority"), " ".join(lines[:2])),
        apply_url=_apply_url(labelled.get("apply"), lines),
        apply_email=_apply_email(labelled.get("apply"), cleaned),
        pay_min=pay.low if pay else None,
        pay_max=pay.high if pay else None,
        pay_currency=pay.currency if pay else None,
        pay_period=pay.period if pay else None,
    )


def _bracket_header(lines: list[str]) -> dict[str, str]:
    """Fields of a "[Role] [RAL 35-40k] [FULL REMOTE] [Milano]" header line."""
    found: dict[str, str] = {}
    for line in lines[:3]:
        tokens = _BRACKET_TOKEN_RE.findall(line)
        if not tokens or is_labelled(line):  # "[RUOLO] Backend Developer" is a label
            continue
        for token in tokens:
            token_folded = fold(token)
            if read_pay(None, token) or re.search(r"\bral\b|\d\s*k\b", token_folded):
                found.setdefault("salary", token)
            elif place := canonical_place(token) or find_place(token_folded):
                found.setdefault("location", place)
            elif is_work_mode(token_folded):
                continue
            elif ROLE_NOUN_RE.search(token):
                found.setdefault("role", token)
        rest = _BRACKET_TOKEN_RE.sub(" ", line).strip()
        if rest and "role" not in found:
            role, _, _ = title(rest)
            if role:
                found["role"] = role
        return found
    return found


def _role(
    labelled: dict[str, str], header: dict[str, str], lines: list[str], titles: list[Title]
) -> str | None:
    """The first role that survives ``clean_role``, trying the sources most trusted first."""
    head, body = "\n".join(lines[:1]), "\n".join(lines)
    sources: list[Callable[[], str | None]] = [
        lambda: role_of_label(labelled["role"]) if "role" in labelled else None,
        lambda: header.get("role"),
        lambda: role_from_phrases(head),
        *(lambda found=found: found for found, _, _ in titles),
        lambda: role_from_phrases(body),
        *(lambda line=line: title(line)[0] for line in lines[2:4]),
        lambda: _leading_clause(lines),
    ]
    for source in sources:
        if (candidate := source()) and (role := clean_role(candidate)):
            return role
    return None


def _without_links(text: str) -> str:
    if "@" in text:
        text = _EMAIL_RE.sub(" ", text)
    if _has_link(text):
        text = _URL_RE.sub(" ", text)
    return text


def _has_link(text: str) -> bool:
    return "http" in text or "www." in text or "t.me/" in text or "T.ME/" in text


def _leading_clause(lines: list[str]) -> str | None:
    """ "Cameriere per eventi nel weekend, 12 €/ora, zona Bologna" -> its first clause."""
    if not lines:
        return None
    clause = re.split(r"[,;.:!]\s", lines[0], maxsplit=1)[0]
    return clause if ROLE_NOUN_RE.match(clause) and len(clause.split()) <= 6 else None


def _company(
    labelled: dict[str, str], titles: list[Title], text: str, cleaned: str, lines: list[str]
) -> str | None:
    if "company" in labelled and (company := clean_company(labelled["company"])):
        return company
    for _, company, _ in titles:
        if company:
            return company
    # "[Acme](https://acme.example) - ..." : a post that opens with a link names its company
    link = _LEADING_LINK_RE.match(text)
    if (
        link
        and not ROLE_NOUN_RE.search(link.group(1))
        and (company := clean_company(link.group(1)))
    ):
        return company
    return company_from_text(cleaned, lines)


def _location(
    labelled: dict[str, str],
    header: dict[str, str],
    titles: list[Title],
    cleaned: str,
    no_links: str,
) -> str | None:
    if "location" in labelled:
        return place_of_label(labelled["location"])
    if "location" in header:
        return header["location"]
    for _, _, place in titles:
        if place:
            return place_of_label(place)
    return place_of_hashtags(cleaned) or find_place(no_links)


def _apply_url(label: str | None, lines: list[str]) -> str | None:
    if label and (url := _first(_URL_RE, label)):
        return url
    linked = [line for line in lines if _has_link(line)]
    hinted = [line for line in linked if _APPLY_HINT_RE.search(_URL_RE.sub(" ", line))]
    for line in hinted:
        if url := _first(_URL_RE, line):
            return url
    for line in linked:
        for match in _URL_RE.finditer(line):
            if not _PROMO_LINK_RE.search(match.group(0)):
                return _trim(match.group(0))
    return None


def _apply_email(label: str | None, cleaned: str) -> str | None:
    if label and "@" in label and (email := _first(_EMAIL_RE, label)):
        return email
    return _first(_EMAIL_RE, cleaned) if "@" in cleaned else None


def _first(pattern: re.Pattern[str], text: str) -> str | None:
    match = pattern.search(text)
    return _trim(match.group(0)) if match else None


def _trim(found: str) -> str:
    return found.rstrip(".,;:!?)»*_'\"")
