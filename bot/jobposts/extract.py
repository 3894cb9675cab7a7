"""Structured fields of a job post: role, company, place, work mode, contract, salary...

Sources, most trusted first: labelled lines ("Ruolo: ...", "Company: ...", "[RAL] ...",
"📍 Milano"), the bracket header of Italian job groups ("[Backend Developer] [RAL 35-40k]
[FULL REMOTE]"), a title line ("Backend Developer @ Acme"), then phrases in the body
("Acme cerca un ...", "we're hiring a ..."). Unknown stays ``None``: a wrong field is worse
than a missing one in a digest.

Salary: ``salary_min``/``salary_max`` are euros per year, gross, and are set only when the
amount reads as annual (RAL, "k", or >= 10,000 €). Monthly, daily, hourly or non-euro amounts
keep ``salary_text`` only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.jobposts.places import canonical_place, find_place
from bot.jobposts.text import clean, fold, strip_accents


class WorkMode(StrEnum):
    REMOTE = "remote"
    HYBRID = "hybrid"
    ONSITE = "onsite"


class Contract(StrEnum):
    PERMANENT = "permanent"
    FIXED_TERM = "fixed-term"
    INTERNSHIP = "internship"
    APPRENTICESHIP = "apprenticeship"
    FREELANCE = "freelance"
    PART_TIME = "part-time"


class Seniority(StrEnum):
    JUNIOR = "junior"
    MID = "mid"
    SENIOR = "senior"
    LEAD = "lead"


@dataclass(frozen=True, slots=True)
class JobPostFields:
    """What could be read from a post; every field is optional."""

    role: str | None = None
    company: str | None = None
    location: str | None = None
    work_mode: WorkMode | None = None
    contract: Contract | None = None
    salary_text: str | None = None
    salary_min: int | None = None  # euros per year, gross
    salary_max: int | None = None
    seniority: Seniority | None = None
    apply_url: str | None = None
    apply_email: str | None = None


# --- labelled lines -------------------------------------------------------------------------

_LABELS: dict[str, tuple[str, ...]] = {
    "role": (
        "ruolo",
        "posizione",
        "posizione aperta",
        "position",
        "open position",
        "role",
        "job title",
        "titolo",
        "figura",
        "figura ricercata",
        "profilo",
        "profilo ricercato",
        "mansione",
        "job opening",
        "job",
        "offerta di lavoro",
        "offerta",
        "we're hiring",
        "we are hiring",
        "hiring",
        "cercasi",
        "cerchiamo",
        "vacancy",
    ),
    "company": (
        "azienda",
        "company",
        "societa",
        "società",
        "cliente",
        "employer",
        "datore di lavoro",
    ),
    "location": (
        "sede",
        "sede di lavoro",
        "location",
        "luogo",
        "luogo di lavoro",
        "citta",
        "città",
        "dove",
        "where",
        "zona",
        "based in",
        "place",
    ),
    "salary": (
        "ral",
        "salary",
        "stipendio",
        "retribuzione",
        "compenso",
        "budget",
        "range",
        "compensation",
        "pay",
        "salary range",
    ),
    "contract": (
        "contratto",
        "contract",
        "tipo di contratto",
        "tipologia contrattuale",
        "tipologia",
        "employment type",
        "job type",
    ),
    "work_mode": (
        "modalita",
        "modalità",
        "modalita di lavoro",
        "modalità di lavoro",
        "work mode",
        "workplace",
        "remote",
        "smart working",
    ),
    "seniority": ("seniority", "livello", "level", "experience level"),
    "apply": (
        "candidature",
        "candidatura",
        "candidati",
        "candidarsi",
        "come candidarsi",
        "apply",
        "how to apply",
        "link",
        "contatti",
        "contatto",
        "contact",
        "info",
        "invia cv",
        "cv",
        "application",
    ),
}
_LABEL_FIELD = {label: field for field, labels in _LABELS.items() for label in labels}
_LABEL_RE = re.compile(
    r"^[^\w\[]*\[?\s*(?P<label>"
    + "|".join(re.escape(x) for x in sorted(_LABEL_FIELD, key=len, reverse=True))
    + r")\s*(?:\]\s*[:\-]?|:|\s-\s)\s*(?P<value>\S.*)$",
    re.IGNORECASE,
)
_EMOJI_FIELD = {"📍": "location", "💰": "salary", "🏢": "company", "💼": "role", "🔗": "apply"}
_EMOJI_LINE_RE = re.compile(r"^\s*(?P<emoji>📍|💰|🏢|💼|🔗)\ufe0f?\s*(?P<value>\S.*)$")
_BRACKET_TOKEN_RE = re.compile(r"\[([^\[\]\n]{2,60})\](?!\()")

# --- roles and companies --------------------------------------------------------------------

_ROLE_NOUN_RE = re.compile(
    r"\b(?:developer|engineer|sviluppat|ingegner|programmat|manager|designer|analyst"
    r"|analista|specialist|consulent|consultant|stagist|tirocinant|addett|impiegat"
    r"|commercial|tecnic|technician|architect|scientist|recruiter|assistant|assistent"
    r"|coordinat|responsabil|operat|operai|magazzinier|cuoc|camerier|barista|receptionist"
    r"|contabil|account|sales|marketing|copywriter|writer|editor|product owner|devops"
    r"|administrator|sistemist|insegnant|docent|infermier|medic|autist|tester"
    r"|direttor|director|officer|agent|educat|tradutt|translator|support|help ?desk"
    r"|controller|buyer|programmer|videomaker|grafic|social media|specialista"
    r"|segretari|amministrativ|talent|cassier|venditor|estetist|parrucchier"
    r"|apprendist|meccanic|elettricist|idraulic|saldator|murator|carrellist|pizzaiol|commess"
    r"|farmacist|fisioterapist"
    r"|(?:dev|intern|hr|qa|oss|sre|cto|cfo|data|lead|head|store|project|ux|ui)\b)",
    re.IGNORECASE,
)
_ARTICLE = r"(?:(?:un|una|uno|un'|a|an|the|il|la|lo|l'|one|\d+)(?:/(?:un|una|a)'?)?\s+)?"
_ROLE_TEXT = r"(?P<role>[^\n.,;!?(]{2,70}?)"
_ROLE_STOP = (
    r"(?=\s*(?:[\n.,;!?(]|\s[-|]\s|$)|\s+(?:per|for|che|who|to|con|with|a|in|presso|@|at"
    r"|da|nella|nel|nei|nelle|sul|su|based|on|join|e|and|zona|part-time|full-time)\b)"
)
_ROLE_PHRASE_RES = (
    # agencies: "ricerca per importante azienda cliente ... un Magazziniere"
    re.compile(
        r"\b(?:ricerca|ricerchiamo|cerchiamo|seleziona|selezioniamo) per [^.\n]{0,90}?"
        r"\b(?:un|una|uno|un'|n\.? ?\d+)\s+" + _ROLE_TEXT + _ROLE_STOP,
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?:cercasi|cerchiamo|ricerchiamo|stiamo (?:cercando|ricercando|selezionando)"
        r"|(?:e|è|sono|siamo) alla ricerca (?:di|del|della|dello)|ricerca|seleziona|cerca"
        r"|is hiring|are hiring|we'?re hiring|we are hiring|hiring|looking for|assume)"
        r"\s*:?\s+" + _ARTICLE + _ROLE_TEXT + _ROLE_STOP,
        re.IGNORECASE,
    ),
)
# Title separators (not the dots of "S.p.A."); the capture tells a company marker
# ("@", "at", "presso") from a dash.
_TITLE_SPLIT_RE = re.compile(
    r"\s+(@|at|presso|\||-|–|—|/)\s+|\s*(:|!|(?<!\b\w)\.)\s+|\s+-\s*(?=[A-Z])",
    re.IGNORECASE,
)
_PARENS_RE = re.compile(r"\([^)]*\)|\b[mfhwdx](?:/[mfhwdx]){1,3}\b", re.IGNORECASE)
_EDGE_JUNK_RE = re.compile(r"^[\W_]+|[\W_]+$")
_ROLE_AFTER_RE = re.compile(r"\b(?:come|in qualita di|as an?)\s+(?=\S)", re.IGNORECASE)
_ROLE_EDGE_WORDS_RE = re.compile(
    r"^(?:cercasi|wanted|hiring|nuova posizione)\s+|\s+(?:cercasi|wanted|needed|hiring)$",
    re.IGNORECASE,
)
_HASHTAG_RE = re.compile(r"#\w+")
_NOT_TITLE_RE = re.compile(r"cerchiamo|cercasi|hiring|ricerca|posizione aperta|offerta")

_COMPANY = (
    r"(?P<company>[A-Z0-9][\w&'.\-]*(?:[ \t]+(?:[A-Z0-9&][\w&'.\-]*|S\.p\.A\.?|S\.r\.l\.?"
    r"|di|de|del|e|and|&)){0,4})"
)
_COMPANY_RE = re.compile(_COMPANY)
_COMPANY_PATTERNS = (
    re.compile(
        r"(?:^|\s)(?:@|at|presso|per conto di|join|entra in|unisciti a)[ \t]+"
        r"(?:the[ \t]+|il[ \t]+|la[ \t]+)?" + _COMPANY
    ),
    re.compile(
        r"(?:^|[\n.!]\s*|\s)" + _COMPANY + r"(?:[ \t]+(?:in|a|di)[ \t]+[A-Z]\w+)?"
        r"(?:[ \t]*\([^)\n]*\))?(?:,[^,\n]{0,50},)?[ \t]+(?:è|e'|e|is|sta|are)?[ \t]*"
        r"(?:alla ricerca|cerca\b|ricerca\b|seleziona\b|assume\b|hiring|looking for"
        r"|sta cercando|sta assumendo)"
    ),
)
_NOT_COMPANY = frozenset(
    [
        "il",
        "la",
        "lo",
        "i",
        "gli",
        "le",
        "we",
        "we're",
        "siamo",
        "noi",
        "cerchiamo",
        "cercasi",
        "ricerchiamo",
        "remote",
        "full",
        "senior",
        "junior",
        "ral",
        "hiring",
        "offerta",
        "azienda",
        "company",
        "hey",
        "ciao",
        "buongiorno",
        "salve",
        "team",
        "the",
        "our",
        "a",
        "an",
        "this",
        "importante",
        "nostro",
        "nostra",
        "cliente",
        "stiamo",
        "sede",
        "job",
        "lavoro",
        "sono",
        "e",
        "startup",
        "nuova",
        "new",
    ]
)
_LEGAL_TAIL_RE = re.compile(r"(?:\b[A-Za-z]\.(?:[A-Za-z]\.)+|\b(?:Inc|Ltd|Co|Corp)\.)$")

# --- work mode, contract, seniority ---------------------------------------------------------

_NO_REMOTE_RE = re.compile(r"\bno remote\b|\bniente (?:smart|remoto)|\bsolo in (?:sede|presenza)")
_HYBRID_RE = re.compile(
    r"\bibrid[oa]\b|\bhybrid\b|(?<!full )(?<!100% )\bsmart working\b|\d+ giorni? (?:di smart"
    r"|in sede|da remoto|in ufficio|a settimana)|\d+ days? (?:remote|in (?:the )?office|on-?site)"
)
_FULL_REMOTE_RE = re.compile(
    r"\b(?:full|fully|100%) ?(?:remote|remoto|smart working)\b|\bremote[- ]first\b"
    r"|\bwork from (?:home|anywhere)\b|\blavoro da casa\b"
)
_REMOTE_RE = re.compile(r"\bremote\b|\bremoto\b|\bda remoto\b|\bwfh\b|#remote")
_ONSITE_RE = re.compile(r"\bin sede\b|\bon-?site\b|\bon site\b|\bin presenza\b|\bin ufficio\b")

_CONTRACTS: tuple[tuple[Contract, re.Pattern[str]], ...] = (
    (
        Contract.INTERNSHIP,
        re.compile(
            r"(?<!early )(?<!this )(?<!any )(?<!late )(?<!seed )(?<!growth )\bstage\b|\btirocin"
            r"|\bstagist|\binternship\b|\bintern\b"
        ),
    ),
    (Contract.APPRENTICESHIP, re.compile(r"\bapprendistato\b|\bapprenticeship\b")),
    (
        Contract.FREELANCE,
        re.compile(
            r"\bfreelance|\bpartita iva\b|\bp\. ?iva\b|\bcontractor\b"
            r"|\bb2b (?:contract|contratto)\b"
            r"|\bcollaborazione occasionale\b"
        ),
    ),
    (
        Contract.FIXED_TERM,
        re.compile(
            r"\btempo determinato\b|\bcontratto a termine\b|\bfixed[- ]term\b|\btemporary\b"
            r"|\bsomministrazione\b|\bstagional[ei]\b|\bseasonal\b|(?<!in)\bdeterminato\b"
        ),
    ),
    (
        Contract.PERMANENT,
        re.compile(r"\bindeterminato\b|\bpermanent\b|\bassunzione diretta\b|\bcontratto stabile\b"),
    ),
    (Contract.PART_TIME, re.compile(r"\bpart[- ]?time\b")),
)
_SENIORITY_RE = re.compile(
    r"\b(?P<lead>tech lead|team lead|lead(?! gen)|head of|principal"
    r"|staff(?= (?:\w+ ){0,3}(?:engineer|developer|scientist|designer)))\b"
    r"|\b(?P<senior>senior|sr)\b"
    r"|\b(?P<mid>mid(?:[- ]level)?|middle|intermediate)\b"
    r"|\b(?P<junior>junior|jr|entry[- ]level|neolaureat[oaie]|graduate|prima esperienza)\b"
)

# --- contacts and money ---------------------------------------------------------------------

_URL_RE = re.compile(r"(?:https?://|www\.|\bt\.me/)[^\s<>\"'\]]+", re.IGNORECASE)
_EMAIL_RE = re.compile(r"\b[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
_APPLY_HINT_RE = re.compile(r"🔗|candid|apply|link|cv|curriculum|application", re.IGNORECASE)
_MONEY = (
    r"[€$£]?\s*\d[\d.,']*\s*(?:k|mila)?\s*(?:€|eur(?:o|os)?\b|\$|£)?"
    r"(?:\s*(?:-|to|a|fino a|/|÷)\s*[€$£]?\s*\d[\d.,']*\s*(?:k|mila)?\s*(?:€|eur(?:o|os)?\b)?)?"
)
_SALARY_KEYWORD_RE = re.compile(
    r"\b(?:ral|salary|stipendio|retribuzione|compenso|budget|range|compensation)\b"
    r"[^\n\d€$£]{0,25}(?P<money>" + _MONEY + r")",
    re.IGNORECASE,
)
_SALARY_BARE_RE = re.compile(
    r"[€$£]\s*\d[\d.,']*\s*k?(?:\s*(?:-|to|/)\s*[€$£]?\s*\d[\d.,']*\s*k?)?"
    r"|\d[\d.,']*\s*k?(?:\s*(?:-|to)\s*\d[\d.,']*\s*k?)?\s*(?:€|eur(?:o|os)?\b)",
    re.IGNORECASE,
)
_NUMBER_RE = re.compile(r"(\d{1,3}(?:[.,']\d{3})+|\d+(?:[.,]\d{1,2})?)\s*(k|mila)?", re.IGNORECASE)
_NOT_EUROS_RE = re.compile(r"[$£]|\b(?:usd|gbp|chf)\b", re.IGNORECASE)
_NOT_YEARLY_RE = re.compile(
    r"\b(?:al mese|mensil\w*|/ ?mese|month\w*|/ ?m(?:o|onth)?\b|all'ora|l'ora|orari\w*|/ ?h\b"
    r"|hour\w*|/ ?ora|al giorno|/ ?giorno|giornalier\w*|daily|/ ?day|per day|netti al mese)",
    re.IGNORECASE,
)


def extract(text: str) -> JobPostFields:
    """Read the fields of a job post (Markdown or plain, Italian or English)."""
    cleaned = clean(text)
    lines = [line.strip() for line in cleaned.splitlines() if line.strip()]
    folded = strip_accents(cleaned).lower()  # = fold(text), reusing the cleaning
    no_links = _URL_RE.sub(" ", _EMAIL_RE.sub(" ", folded))
    labelled = _labelled(lines)
    header = _bracket_header(lines)

    head_titles = [_title(line) for line in lines[:2]]  # read by both role and company
    role = _role(labelled, header, lines, head_titles)
    role = _clean_role(role) if role else None
    salary_text, salary_min, salary_max = _salary(
        labelled.get("salary") or header.get("salary"), cleaned
    )
    return JobPostFields(
        role=role,
        company=_company(labelled, head_titles, cleaned),
        location=_location(labelled, header, no_links),
        work_mode=_work_mode(no_links),
        contract=_contract(labelled.get("contract"), no_links),
        salary_text=salary_text,
        salary_min=salary_min,
        salary_max=salary_max,
        seniority=_seniority(role, labelled.get("seniority"), lines),
        apply_url=_apply_url(labelled.get("apply"), lines),
        apply_email=_first(_EMAIL_RE, cleaned),
    )


def _labelled(lines: list[str]) -> dict[str, str]:
    """First value of each labelled field ("Label: value", "[LABEL] value", "📍 value")."""
    found: dict[str, str] = {}
    for line in lines:
        match = _LABEL_RE.match(line)
        if match:
            field = _LABEL_FIELD[fold(match.group("label"))]
            found.setdefault(field, match.group("value").strip())
            continue
        emoji = _EMOJI_LINE_RE.match(line)
        if emoji:
            value = emoji.group("value").strip()
            label = _LABEL_RE.match(value)  # "📍 Sede: Milano"
            if label:
                found.setdefault(_LABEL_FIELD[fold(label.group("label"))], label.group("value"))
            else:
                found.setdefault(_EMOJI_FIELD[emoji.group("emoji")], value)
    return found


def _bracket_header(lines: list[str]) -> dict[str, str]:
    """Fields of a "[Role] [RAL 35-40k] [FULL REMOTE] [Milano]" header line."""
    found: dict[str, str] = {}
    for line in lines[:3]:
        tokens = _BRACKET_TOKEN_RE.findall(line)
        if not tokens or _LABEL_RE.match(line):
            continue
        for token in tokens:
            folded = fold(token)
            if (
                _SALARY_KEYWORD_RE.search(token)
                or _SALARY_BARE_RE.search(token)
                or re.search(r"\d\s*k\b", folded)
            ):
                found.setdefault("salary", token)
            elif place := canonical_place(token) or find_place(folded):
                found.setdefault("location", place)
            elif _is_work_mode(folded):
                continue
            elif _ROLE_NOUN_RE.search(token):
                found.setdefault("role", token)
        rest = _BRACKET_TOKEN_RE.sub(" ", line).strip()
        if rest and "role" not in found:
            role, _ = _title(rest)
            if role:
                found["role"] = role
        return found
    return found


def _is_work_mode(folded: str) -> bool:
    return bool(_REMOTE_RE.search(folded) or _HYBRID_RE.search(folded) or _ONSITE_RE.search(folded))


def _title(line: str) -> tuple[str | None, str | None]:
    """Role and company of a title line like "Senior Backend Engineer @ Acme (Remote)"
    or "Mu Analytics — ML Engineer — London"."""
    line = _HASHTAG_RE.sub(" ", _URL_RE.sub(" ", line)).strip()
    if len(line) > 160:
        return None, None
    pieces = _TITLE_SPLIT_RE.split(line)
    # re.split with two capture groups yields: part, sep1, sep2, part, sep1, sep2, part...
    parts = [(pieces[i], fold(pieces[i - 2] or "") if i else "") for i in range(0, len(pieces), 3)]
    dashes = {"-", "–", "—", "|"}
    titled = any(separator in dashes for _, separator in parts)
    role = company = dashed_company = None
    for raw, separator in parts:
        part = _PARENS_RE.sub(" ", raw or "").strip(" -–—|")
        if not part:
            continue
        folded = fold(part)
        if separator in {"@", "at", "presso"} and company is None:
            leading = _COMPANY_RE.match(part)
            company = _clean_company(leading.group("company")) if leading else None
        elif (
            role is None
            and _ROLE_NOUN_RE.search(part)
            and len(part.split()) <= 7
            and not _LABEL_RE.match(part)
            and not _NOT_TITLE_RE.search(folded)
        ):
            role = part
        elif (
            dashed_company is None
            and titled
            and (separator in dashes or not separator)
            and part[0].isupper()
            and len(part.split()) <= 4
            and not re.search(r"\d", part)
            and not canonical_place(part)
            and not find_place(folded)
            and not _is_work_mode(folded)
            and not _NOT_TITLE_RE.search(folded)
            and not _ROLE_NOUN_RE.search(part)
            and not any(pattern.search(folded) for _, pattern in _CONTRACTS)
        ):
            dashed_company = _clean_company(part)
    return role, company or dashed_company


def _role(
    labelled: dict[str, str],
    header: dict[str, str],
    lines: list[str],
    head_titles: list[tuple[str | None, str | None]],
) -> str | None:
    if role := labelled.get("role") or header.get("role"):
        return role
    head = lines[:1]
    body = "\n".join(lines)
    for source in ("\n".join(head), None, body):
        if source is None:  # a title in the first two lines comes before phrases in the body
            for role, _ in head_titles:
                if role:
                    return role
            continue
        for pattern in _ROLE_PHRASE_RES:
            for match in pattern.finditer(source):
                if _ROLE_NOUN_RE.search(match.group("role")):
                    return match.group("role")
    for line in lines[2:4]:
        if role := _title(line)[0]:
            return role
    return None


def _clean_role(role: str) -> str | None:
    role = _PARENS_RE.sub(" ", _HASHTAG_RE.sub(" ", role))
    role = _EDGE_JUNK_RE.sub("", " ".join(role.split()))
    role = re.split(r"\s+(?:zona|part-time|full-time|part time|full time)\b", role)[0]
    role = _ROLE_AFTER_RE.split(role)[-1]  # "Stage 6 mesi come UX Designer"
    role = _ROLE_EDGE_WORDS_RE.sub("", role)
    return _EDGE_JUNK_RE.sub("", role) or None


def _company(
    labelled: dict[str, str], head_titles: list[tuple[str | None, str | None]], cleaned: str
) -> str | None:
    if "company" in labelled:
        return _clean_company(labelled["company"])
    for _, company in head_titles:
        if company:
            return company
    for pattern in _COMPANY_PATTERNS:
        for match in pattern.finditer(cleaned):
            if company := _clean_company(match.group("company")):
                return company
    return None


def _clean_company(raw: str) -> str | None:
    name = _PARENS_RE.sub(" ", raw).split(" - ")[0].split(",")[0].strip()
    # "Acme Games. Remote first" -> "Acme Games"; "Acme S.p.A." keeps its dots.
    name = re.split(r"(?<=\w\w)\.\s", name)[0].rstrip(":;!")
    if name.endswith(".") and not _LEGAL_TAIL_RE.search(name):
        name = name.rstrip(".")
    words = name.split()
    if len(words) >= 3 and fold(words[-2]) in {"di", "a", "in"} and canonical_place(words[-1]):
        words = words[:-2]  # "Officina Rossi di Bergamo"
    while words and fold(words[-1]) in {"e", "and", "di", "de", "del", "&"}:
        words.pop()
    name = " ".join(words)
    if not name or fold(name) in _NOT_COMPANY or canonical_place(name):
        return None
    if fold(words[0]) in _NOT_COMPANY or _ROLE_NOUN_RE.fullmatch(fold(words[0])):
        return None
    return name


def _location(labelled: dict[str, str], header: dict[str, str], no_links: str) -> str | None:
    raw = labelled.get("location")
    if raw:
        folded = fold(raw)
        place = canonical_place(raw) or find_place(folded)
        if place:
            return place
        if _REMOTE_RE.search(folded) or _FULL_REMOTE_RE.search(folded):
            return None
        return _EDGE_JUNK_RE.sub("", _PARENS_RE.sub(" ", raw).strip()) or None
    return header.get("location") or find_place(no_links)


def _work_mode(folded: str) -> WorkMode | None:
    if _NO_REMOTE_RE.search(folded):
        return WorkMode.ONSITE
    if _HYBRID_RE.search(folded):
        return WorkMode.HYBRID
    if _FULL_REMOTE_RE.search(folded):
        return WorkMode.REMOTE
    remote, onsite = _REMOTE_RE.search(folded), _ONSITE_RE.search(folded)
    if remote and onsite:
        return WorkMode.HYBRID
    if remote:
        return WorkMode.REMOTE
    return WorkMode.ONSITE if onsite else None


def _contract(label: str | None, folded: str) -> Contract | None:
    for source in (fold(label) if label else None, folded):
        if source:
            for contract, pattern in _CONTRACTS:
                if pattern.search(source):
                    return contract
    return None


def _seniority(role: str | None, label: str | None, lines: list[str]) -> Seniority | None:
    for source in (role, label, " ".join(lines[:2])):
        if source:
            match = _SENIORITY_RE.search(fold(source))
            if match and match.lastgroup:
                return Seniority(match.lastgroup)
    return None


def _salary(label: str | None, cleaned: str) -> tuple[str | None, int | None, int | None]:
    """``(salary_text, salary_min, salary_max)``."""
    annual_hint = False
    if label:
        text = tail = label.strip()
        annual_hint = True
        span = label
    elif match := _SALARY_KEYWORD_RE.search(cleaned):
        text, span = match.group(0).strip(), match.group("money")
        tail = cleaned[match.start() : match.end() + 25]
        annual_hint = fold(match.group(0)).startswith("ral")
    elif match := _SALARY_BARE_RE.search(cleaned):
        text = span = match.group(0).strip()
        tail = cleaned[match.start() : match.end() + 25]
    else:
        return None, None, None
    if not _NUMBER_RE.search(span):
        return text, None, None
    numbers = _parse_amounts(span, annual_hint or "ral" in fold(text))
    if (
        not numbers
        or _NOT_EUROS_RE.search(tail)
        or _NOT_YEARLY_RE.search(tail)
        or min(numbers) < 10_000
        or max(numbers) > 1_000_000
    ):
        return text, None, None
    return text, min(numbers), max(numbers)


def _parse_amounts(span: str, thousands_if_small: bool) -> list[int]:
    """Amounts in ``span``: "35-40k" -> [35000, 40000]; "35.000 - 40.000" likewise."""
    parsed: list[tuple[float, bool]] = []
    for digits, suffix in _NUMBER_RE.findall(span)[:2]:
        if re.fullmatch(r"\d{1,3}(?:[.,']\d{3})+", digits):
            value = float(re.sub(r"[.,']", "", digits))
        else:
            value = float(digits.replace(",", "."))
        parsed.append((value, bool(suffix)))
    any_k = any(k for _, k in parsed)
    amounts = []
    for value, k in parsed:
        if k or ((any_k or thousands_if_small) and value < 1000):
            value *= 1000
        amounts.append(round(value))
    return amounts


def _apply_url(label: str | None, lines: list[str]) -> str | None:
    if label and (url := _first(_URL_RE, label)):
        return url
    hinted = [line for line in lines if _APPLY_HINT_RE.search(line)]
    for line in (*hinted, *lines):
        if url := _first(_URL_RE, line):
            return url
    return None


def _first(pattern: re.Pattern[str], text: str) -> str | None:
    match = pattern.search(text)
    return match.group(0).rstrip(".,;:!?)»*_'\"") if match else None
