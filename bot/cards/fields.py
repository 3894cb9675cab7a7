"""Which printed line of a business card or badge is the name, the company, the role.

The input is what OCR read: lines of text with their height and position. E-mails, phones
and web addresses are recognised by the same parser as /add (bot.contacts.channels); what is
left is sorted by heuristics that hold on most cards:
- the name is two to four capitalised words without digits, usually the largest such line,
  and often the one the e-mail's local part spells (mario.rossi@…);
- the company carries a legal form (S.p.A., Srl, Ltd, GmbH…) or a word like Group, Studio,
  Università, or spells the e-mail's or website's domain (acme.it -> "ACME Italia");
- the role has a job-title word (Manager, Responsabile, Engineer, CEO…).
Addresses, VAT numbers and slogans are left out. Every field is shown on the /add summary
to be checked before saving, so a wrong guess costs one edit, not a wrong contact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from bot.cards.found import Found, Source
from bot.companies import normalise_company
from bot.contacts.channels import ChannelsResult, merge, parse_channels
from bot.contacts.model import ContactDraft
from bot.contacts.parsing import parse_role_company
from bot.contacts.text import collapse_whitespace, fold


@dataclass(frozen=True, slots=True)
class TextLine:
    text: str
    height: float  # pixels: bigger type is more prominent
    top: float
    left: float


# Job-title words on cards (English and Italian), compared accent-free and lower case.
_ROLE_WORDS_TEXT = """
    manager head director direttore direttrice responsabile ceo cto cfo coo cmo cio ciso hr
    founder cofounder co-founder fondatore fondatrice owner titolare partner associate
    engineer ingegnere developer sviluppatore sviluppatrice designer architect architetto
    consultant consulente advisor analyst analista specialist specialista scientist
    recruiter recruiting talent acquisition sales vendite marketing account buyer
    commerciale agente agent officer executive president presidente vicepresidente vp
    coordinator coordinatore coordinatrice lead senior junior product project researcher
    ricercatore ricercatrice professor professore professoressa docente teacher
    amministratore amministratrice delegato delegata segretario segretaria assistant
    assistente tecnico technician operations finance legal avvocato avvocata lawyer counsel
    intern stagista administrator administration amministrazione supervisor programmer
    programmatore programmatrice student studente studentessa
"""
_ROLE_WORDS = frozenset(_ROLE_WORDS_TEXT.split())
# Words that make a line a company name: legal forms and organisation words.
_COMPANY_WORDS_TEXT = """
    spa srl srls sas snc sapa scarl coop onlus ltd limited inc llc llp plc corp gmbh ag kg
    sa sarl bv nv group gruppo holding studio consulting solutions technologies technology
    systems labs lab partners associati bank banca universita university politecnico
    foundation fondazione institute istituto agency agenzia software industries industrie
"""
_COMPANY_WORDS = frozenset(_COMPANY_WORDS_TEXT.split())
_HONORIFICS = re.compile(
    r"^(?:dott\.?(?:ssa)?|dr\.?|ing\.?|avv\.?|arch\.?|prof\.?(?:ssa)?|sig\.?(?:ra)?|"
    r"mr\.?|mrs\.?|ms\.?|geom\.?|rag\.?)\s+",
    re.IGNORECASE,
)
_ADDRESS = re.compile(
    r"\b(?:via|viale|v\.le|piazza|p\.zza|piazzale|corso|c\.so|largo|vicolo|strada|"
    r"street|st\.|road|avenue|ave\.|cap)\b|\b\d{5}\b",
    re.IGNORECASE,
)
# VAT and registry numbers: digits that are not a phone.
_LEGAL_IDS = re.compile(
    r"\b(?:p\.\s?iva|partita iva|vat|c\.\s?f\.|cod(?:ice|\.)\s?fisc|rea|cap\.\s?soc)", re.I
)
_NAME_WORD = re.compile(r"[^\W\d_][^\W\d_'’.-]*(?:['’-][^\W\d_]+)*\.?")
# "Tel: …", "E-mail:…", "M: …": a label glued to the value would hide an e-mail from the parser.
_LABEL = re.compile(
    r"^(?:(?:tel|mob|cell|phone|fax|email|e-mail|mail|web|[tmefw])\s*:|(?:tel|mob|cell|fax)\.)\s*",
    re.IGNORECASE,
)
_WORDS = re.compile(r"[a-z0-9]+")


def pick_fields(lines: list[TextLine], *, region: str) -> Found | None:
    """A draft from a card's printed lines; None when nothing on it identifies a person."""
    channels = ChannelsResult()
    rest: list[TextLine] = []
    for line in lines:
        text = collapse_whitespace(line.text)
        if not text or _LEGAL_IDS.search(text):
            continue
        found = parse_channels(_LABEL.sub("", text), default_region=region)
        if found.found_any:
            found.problems = []
            channels = merge(channels, found)
        elif not _ADDRESS.search(text) and any(ch.isalpha() for ch in text):
            rest.append(TextLine(text, line.height, line.top, line.left))

    hints = _domain_hints(channels)
    company_line = _best_company(rest, hints)
    role_line = _best_role(rest, exclude=company_line)
    name = _best_name(rest, channels, exclude={company_line, role_line})
    role, company = _role_and_company(role_line, company_line)
    if not (name or channels.found_any):
        return None
    draft = ContactDraft(
        name=name,
        company=company,
        role=role,
        emails=channels.emails[:3],
        phones=channels.phones[:3],
        telegram_username=channels.telegram_usernames[0] if channels.telegram_usernames else None,
        linkedin_url=channels.linkedin_urls[0] if channels.linkedin_urls else None,
    )
    return Found(draft, Source.PRINTED, channels.urls[:3])


def _domain_hints(channels: ChannelsResult) -> set[str]:
    """ "acme" from mario@acme.it and www.acme-italia.com: what a company line may spell."""
    hosts = [e.rsplit("@", 1)[-1] for e in channels.emails]
    hosts += [urlsplit(u).hostname or "" for u in channels.urls]
    webmail = {"gmail", "libero", "hotmail", "outlook", "yahoo", "icloud", "tiscali", "virgilio"}
    hints = set()
    for host in hosts:
        labels = host.lower().removeprefix("www.").split(".")
        if len(labels) >= 2 and labels[-2] not in webmail:
            hints.add(labels[-2].replace("-", ""))
    return hints


def _words(text: str) -> list[str]:
    return _WORDS.findall(fold(text).replace(".", ""))


def _best_company(lines: list[TextLine], hints: set[str]) -> TextLine | None:
    scored = []
    for line in lines:
        words = _words(line.text)
        joined = "".join(words)
        score = 0.0
        if any(w in _COMPANY_WORDS for w in words):
            score += 2
        core = normalise_company(line.text).replace(" ", "")
        if any(hint and (hint in joined or (core and core in hint)) for hint in hints):
            score += 3
        if score:
            scored.append((score, line.height, line))
    return max(scored, key=lambda s: (s[0], s[1]))[2] if scored else None


def _is_role(line: TextLine) -> bool:
    return any(w in _ROLE_WORDS for w in _words(line.text))


def _best_role(lines: list[TextLine], *, exclude: TextLine | None) -> TextLine | None:
    roles = [line for line in lines if line is not exclude and _is_role(line)]
    # On a card the title is set smaller than the name: of several, the smallest type.
    return min(roles, key=lambda line: (line.height, line.top)) if roles else None


def _name_words(text: str) -> list[str] | None:
    text = _HONORIFICS.sub("", text)
    words = text.split()
    if not 1 <= len(words) <= 4 or len(text) > 48:
        return None
    if not all(_NAME_WORD.fullmatch(w) and w[0].isupper() for w in words):
        return None
    return words


def _display_name(words: list[str]) -> str:
    text = " ".join(words)
    return text.title() if text.isupper() else text


def _best_name(
    lines: list[TextLine], channels: ChannelsResult, *, exclude: set[TextLine | None]
) -> str:
    handles = {fold(e.split("@")[0]) for e in channels.emails}
    handles |= {fold(u.rsplit("/", 1)[-1]) for u in channels.linkedin_urls}
    tallest = max((line.height for line in lines), default=1.0) or 1.0
    candidates: list[tuple[float, str]] = []
    usable = [line for line in lines if line not in exclude and not _is_role(line)]
    for index, line in enumerate(usable):
        words = _name_words(line.text)
        if words is None:
            continue
        if len(words) == 1:
            # Badges print the first name large and the surname below it.
            after = usable[index + 1] if index + 1 < len(usable) else None
            below = _name_words(after.text) if after else None
            if not below or len(below) > 2:
                continue
            words = words + below
        score = line.height / tallest
        folded = [fold(w).strip(".") for w in words]
        if any(all(part in handle for part in folded) for handle in handles):
            score += 2
        elif any(any(len(p) > 2 and p in handle for p in folded) for handle in handles):
            score += 1
        if 2 <= len(words) <= 3:
            score += 0.5
        candidates.append((score, _display_name(words)))
    return max(candidates)[1] if candidates else ""


def _role_and_company(
    role_line: TextLine | None, company_line: TextLine | None
) -> tuple[str | None, str | None]:
    role = role_line.text if role_line else None
    company = company_line.text if company_line else None
    if role and company is None and re.search(r"\s(?:@|at|presso|\||-|–)\s", role):
        return parse_role_company(role.replace("|", "@"))
    return role, company
