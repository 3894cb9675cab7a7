"""Company and role typed on one line, and the `/add Name, role @ company` shortcut."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.contacts.channels import ChannelsResult, parse_channels
from bot.contacts.model import ContactDraft
from bot.contacts.text import collapse_whitespace, fold

# Separators between role and company, strongest first: "HR @ Acme" and "HR at Acme"
# win over a comma, so "Sales, Marketing at Acme" keeps "Sales, Marketing" as the role.
_SEPARATORS = (
    re.compile(r"\s*@\s*"),
    re.compile(r"\s+(?:at|presso|c/o)\s+", re.IGNORECASE),
    re.compile(r"\s*,\s*"),
    re.compile(r"\s+[-–—|]\s+"),  # spaces required: "Coca-Cola" is one company
)
_ADD_COMPANY_SEPARATORS = _SEPARATORS[:2]  # "/add Mario Rossi @ Acme" (no comma)

# Without a separator a line is a company, unless it starts with one of these role words.
_ROLE_WORDS_TEXT = """
hr recruiter recruiting talent manager head director direttore direttrice responsabile
ceo cto cfo coo cmo founder cofounder co-founder fondatore fondatrice owner titolare
engineer ingegnere developer sviluppatore sviluppatrice designer consultant consulente
analyst analista sales marketing account buyer partner intern stagista tirocinante
lead senior junior software product project researcher ricercatore ricercatrice
professor professore professoressa docente student studente studentessa hiring
impiegato impiegata commerciale segretario segretaria assistente assistant
amministratore amministratrice presidente president vice vp socio socia
"""
_ROLE_WORDS = frozenset(_ROLE_WORDS_TEXT.split())


def parse_role_company(text: str) -> tuple[str | None, str | None]:
    """Split "HR manager @ Acme" into (role, company); a lone "Acme" is a company.

    "@Acme" and "at Acme" are a company with no role. A single phrase without a
    separator is a role when its first word is a known role word ("Recruiter",
    "HR manager"), else a company ("Acme", "Banca Intesa"). Lengths are not checked
    here: pass each part to `validate_role` / `validate_company`.
    """
    line = collapse_whitespace(text)
    if not line:
        return None, None
    for separator in _SEPARATORS:
        match = separator.search(line)
        if match:
            role = line[: match.start()].strip() or None
            company = line[match.end() :].strip() or None
            return role, company
    if line.lower().startswith(("at ", "presso ")):
        return None, line.split(" ", 1)[1]
    first_word = fold(line.split(" ", 1)[0]).strip(".,")
    if first_word in _ROLE_WORDS:
        return line, None
    return None, line


# What reaches a person, typed after the name: read as channels before the "@" of a company
# can split "mario.rossi@acme.it" into a name and a company.
_CHANNEL_RE = re.compile(
    r"(?<!\S)(?:mailto:\S+|[^\s@,]+@[^\s@,]+\.[^\s@,]+|(?:https?://|www\.)\S+"
    r"|(?:[\w-]+\.)*linkedin\.com/\S+)"
    r"|(?<![\w+])\+?\d[\d ()./-]{6,}\d(?!\w)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class AddArgs:
    draft: ContactDraft
    urls: list[str]  # web addresses other than LinkedIn (the dialogue keeps them apart)


def parse_add_args(text_after_command: str, *, default_region: str = "IT") -> AddArgs | None:
    """`/add Mario Rossi, HR @ Acme` -> a draft with name, role and company; empty -> None.

    E-mails, phones and web addresses anywhere in it are read as channels first (web
    addresses other than LinkedIn come back apart, in `urls`). Then the name is split off at
    the first comma (or at "@"/"at"/"presso" when there is no comma, then the rest is a
    company). The name is not validated here: pass `draft.name` to `validate_name`.
    """
    line = collapse_whitespace(text_after_command)
    if not line:
        return None
    line, channels = split_channels(line, default_region=default_region)
    draft = _name_role_company(line)
    draft.emails = channels.emails
    draft.phones = channels.phones
    draft.telegram_username = (
        channels.telegram_usernames[0] if channels.telegram_usernames else None
    )
    draft.linkedin_url = channels.linkedin_urls[0] if channels.linkedin_urls else None
    return AddArgs(draft, channels.urls)


def split_channels(text: str, *, default_region: str) -> tuple[str, ChannelsResult]:
    """`text` without the e-mails, phones and web addresses in it, and those, read."""
    found = parse_channels(
        " ".join(m.group() for m in _CHANNEL_RE.finditer(text)), default_region=default_region
    )
    if not found.found_any:
        return text, found
    rest = collapse_whitespace(_CHANNEL_RE.sub(" ", text))
    return re.sub(r"\s*,(?:\s*,)*", ",", rest).strip(" ,;"), found


def _name_role_company(line: str) -> ContactDraft:
    if "," in line:
        name, rest = (part.strip() for part in line.split(",", 1))
        role, company = parse_role_company(rest)
        return ContactDraft(name=name, role=role, company=company)
    for separator in _ADD_COMPANY_SEPARATORS:
        match = separator.search(line)
        if match and match.start() > 0:
            company = line[match.end() :].strip() or None
            return ContactDraft(name=line[: match.start()].strip(), company=company)
    return ContactDraft(name=line)
