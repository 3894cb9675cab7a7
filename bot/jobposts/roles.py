"""Role and company of a job post, from its title line and its phrases.

Title lines come in many shapes: "Senior Backend Engineer @ Acme (Remote)",
"Mu Analytics — ML Engineer — London", "Neon Health | Founding Engineer | SF | $170K" (Hacker
News), "Autodesk is hiring for Software Engineer", "Microsoft Hiring: SDE Intern",
"[Backend Developer] [RAL 35-40k] [FULL REMOTE]" (Italian groups). Phrases in the body
("Acme cerca un magazziniere", "we're hiring a ...", "ищем разработчика", "buscamos ...") come
after. A role is a title, never a paragraph: anything longer than ``MAX_ROLE_WORDS`` words is
dropped rather than shown.
"""

from __future__ import annotations

import re

from bot.jobposts.places import canonical_place, find_place
from bot.jobposts.salary import MONEY_RE, read_pay
from bot.jobposts.terms import is_contract, is_work_mode
from bot.jobposts.text import fold, trie_pattern

MAX_ROLE_WORDS = 9
MAX_ROLE_CHARS = 80

# Role nouns: word starts ("sviluppat" for sviluppatore/-trice) and whole short words ("dev").
_ROLE_STEMS = (
    "developer|engineer|sviluppat|ingegner|programmat|manager|designer|analyst|analista"
    "|specialist|consulent|consultant|stagist|tirocinant|addett|impiegat|commercial|tecnic"
    "|technician|architect|scientist|recruiter|assistant|assistent|coordinat|responsabil"
    "|operat|operai|magazzinier|cuoc|camerier|barista|receptionist|contabil|account|sales"
    "|marketing|copywriter|writer|editor|devops|administrator|sistemist|insegnant|docent"
    "|infermier|medic|autist|tester|direttor|director|officer|agent|educat|tradutt"
    "|translator|support|helpdesk|controller|buyer|programmer|videomaker|grafic|specialista"
    "|segretari|amministrativ|talent|cassier|venditor|estetist|parrucchier|apprendist"
    "|meccanic|elettricist|idraulic|saldator|murator|carrellist|pizzaiol|commess|farmacist"
    "|fisioterapist|trainee|executive|associate|clerk|packer|picker|promoter|usher|teacher"
    "|tutor|nurse|driver|cashier|cleaner|advisor|representative|scrum|разработчик"
    "|программист|инженер|дизайнер|аналитик|менеджер|тестировщик|рекрутер|специалист"
    "|художник|розробник|спеціаліст|desenvolvedor|engenheir|desarrollador|ingenier"
    "|programador|entwickler|linkbuilder|product owner|help desk|social media"
)
_ROLE_WORDS = (
    "dev|devs|intern|interns|hr|qa|oss|sre|sde|swe|cto|cfo|data|lead|head|store|project|ux"
    "|ui|seo|smm|sdet|eng|development"
)
ROLE_NOUN_RE = re.compile(
    rf"\b(?:{trie_pattern(_ROLE_STEMS)}|{trie_pattern(_ROLE_WORDS)}\b)", re.IGNORECASE
)
_ARTICLE = r"(?:(?:un|una|uno|un'|a|an|the|il|la|lo|l'|one|\d+)(?:/(?:un|una|a)'?)?\s+)?"
_ROLE_TEXT = r"(?P<role>[^\n.,;!?(\[\]]{2,70}?)"
_ROLE_STOP = (
    r"(?=\s*(?:[\n.,;!?(\[\]@]|\s[-|–—]\s|$)|\s+(?:per|for|che|who|to|con|with|a|in|presso|@|at"
    r"|da|nella|nel|nei|nelle|sul|su|based|on|join|e|and|zona|part-time|full-time|для|в|с"
    r"|para|con|que|com|em)\b)"
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
        r"|(?:e|è|sono|siamo) alla ricerca (?:di|del|della|dello)|ricercano|ricerca|seleziona|cerca"
        r"|is hiring(?: for)?(?: the role of)?|are hiring(?: for)?|we'?re hiring|we are hiring"
        r"|hiring(?: for)?|looking for|is seeking|we are seeking|assume|ищем|ищу|требуется"
        r"|требуются|нужен|нужна|разыскивается|приглашаем|шукаємо|buscamos|estamos buscando"
        r"|procuramos|buscamos|wir suchen)"
        r"\s*:?\s+" + _ARTICLE + _ROLE_TEXT + _ROLE_STOP,
        re.IGNORECASE,
    ),
)
# Title separators (not the dots of "S.p.A."); the capture tells a company marker
# ("@", "at", "presso") from a dash.
_TITLE_SPLIT_RE = re.compile(
    r"\s+(@|at|presso|\||-|–|—|/)\s+|\s*(:|!|(?<!\b\w)\.)\s+|\s+-\s*(?=[A-Z])|\s*(\|)\s*",
    re.IGNORECASE,
)
_PARENS_RE = re.compile(r"\([^)]*\)|\b[mfhwdx](?:/[mfhwdx]){1,3}\b", re.IGNORECASE)
_EDGE_JUNK_RE = re.compile(r"^[\W_]+|[\W_]+$")
_ROLE_AFTER_RE = re.compile(
    r"\b(?:come|in qualita di|as an?|vacantes? de|vacancy for|the role of|role of|posizione di"
    r"|ruolo di|на позицию|на должность|вакансию)\s+(?=\S)",
    re.IGNORECASE,
)
_ROLE_EDGE_WORDS_RE = re.compile(
    r"^(?:cercasi|wanted|hiring|nuova posizione|urgent(?:ly)? hiring|now hiring)\s+"
    r"|(?:\s+(?:cercasi|wanted|needed|required|hiring|urgently|urgent|asap|immediately))+$",
    re.IGNORECASE,
)
_SYMBOLS_RE = re.compile(r"[^\w\s&/+.,'()#-]")
_HASHTAG_RE = re.compile(r"#\w+")
_URL_RE = re.compile(r"(?:https?://|www\.|\bt\.me/)[^\s<>\"'\]]+", re.IGNORECASE)
# Parts of a title that are neither its role nor its company (the terms: "CCNL commercio").
_NOT_TITLE_RE = re.compile(
    r"cerchiamo|cercasi|hiring|ricerca|posizione aperta|offerta|apply|\bccnl\b|\bcontratto\b"
    r"|\bral\b|\bwelfare\b"
)
_HIRING_NEEDLES = ("hiring", "recruit", "off campus")
_ROLE_PHRASE_NEEDLES = (
    "cerc",
    "selezion",
    "hiring",
    "looking for",
    "seeking",
    "assume",
    "ищ",
    "требует",
    "нуж",
    "разыск",
    "приглаш",
    "шука",
    "busca",
    "procura",
    "suchen",
)
_IS_HIRING_RE = re.compile(
    r"^[^\w\n]*(?P<company>[A-Z0-9][^\n|:]{0,40}?)\s+(?:is\s+)?(?:hiring|recruiting"
    r"|recruitment(?: drive)?|off campus (?:drive|hiring)|mass hiring|hiring drive)\b"
    r"(?:\s+for)?(?:\s+the role of)?\s*[:!]?\s*(?P<role>[^\n|#]{0,80})",
    re.IGNORECASE,
)

_COMPANY = (
    r"(?P<company>[A-Z0-9][\w&'.\-]*(?:[ \t]+(?:[A-Z0-9&][\w&'.\-]*|S\.p\.A\.?|S\.r\.l\.?"
    r"|di|de|del|e|and|&)){0,4})"
)
_COMPANY_RE = re.compile(_COMPANY)
# (needles, pattern): a pattern is tried only on a text (lowered) holding one of its needles
_COMPANY_PATTERNS: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] = (
    (
        ("@", "at", "presso", "per conto di", "join", "entra in", "unisciti a"),
        re.compile(
            r"(?:^|\s)(?i:@|at|presso|per conto di|join|entra in|unisciti a)[ \t]+"
            r"(?:the[ \t]+|il[ \t]+|la[ \t]+)?" + _COMPANY
        ),
    ),
    (
        ("stiamo", "cerchiamo", "we"),
        re.compile(r"(?:^|\s)[Ii]n[ \t]+" + _COMPANY + r"[ \t]+(?:stiamo|cerchiamo|we)\b"),
    ),
    (
        ("cerca", "selezion", "assum", "hiring", "looking for"),
        re.compile(
            r"(?:^|[\n.!]\s*|\s)" + _COMPANY + r"(?:[ \t]+(?:in|a|di)[ \t]+[A-Z]\w+)?"
            r"(?:[ \t]*\([^)\n]*\))?(?:,[^,\n]{0,50},)?[ \t]+(?:è|e'|e|is|sta|are)?[ \t]*"
            r"(?:alla ricerca|cerca\b|ricerca\b|seleziona\b|assume\b|[Hh]iring|looking for"
            r"|sta cercando|sta assumendo)"
        ),
    ),
)
_NOT_COMPANY_WORDS = (
    "il la lo i gli le we we're siamo noi cerchiamo cercasi ricerchiamo remote full senior"
    " junior ral hiring offerta azienda company hey ciao buongiorno salve team the our a an"
    " this importante nostro nostra cliente stiamo sede job jobs lavoro sono e startup nuova"
    " new urgent urgently now mass who what why top hello hi all multiple temp"
    " immediate walk"
)
_NOT_COMPANY = frozenset(_NOT_COMPANY_WORDS.split(" "))
_LEGAL_TAIL_RE = re.compile(r"(?:\b[A-Za-z]\.(?:[A-Za-z]\.)+|\b(?:Inc|Ltd|Co|Corp)\.)$")
_HEADING_RE = re.compile(r"^#{1,3}\s+(?P<name>[^\n#]{2,40})$")
_DOMAIN_LINE_RE = re.compile(r"^(?P<name>[A-Z][\w-]+\.(?:com|it|io|ai|co|eu|net|org|dev|app))$")

Title = tuple[str | None, str | None, str | None]  # role, company, place


def title(line: str) -> Title:
    """Role, company and place of a title line (see the module docstring)."""
    line = _without_links(line)
    if "#" in line:
        line = _HASHTAG_RE.sub(" ", line)
    line = line.strip()
    if len(line) > 160:
        return None, None, None
    if "(" in line or "/" in line:
        line = _PARENS_RE.sub(" ", line)
    lowered = line.lower()
    hiring = _IS_HIRING_RE.match(line) if _mentions(lowered, _HIRING_NEEDLES) else None
    if hiring and not _NOT_TITLE_RE.search(fold(hiring.group("company"))):
        company = clean_company(hiring.group("company"))
        role = hiring.group("role").strip() or None
        if company:
            return (role if role and ROLE_NOUN_RE.search(role) else None), company, None
    pieces = _TITLE_SPLIT_RE.split(line)
    # re.split with three capture groups yields: part, sep1, sep2, sep3, part...
    parts = [
        (pieces[i], fold(pieces[i - 3] or pieces[i - 2] or pieces[i - 1] or "") if i else "")
        for i in range(0, len(pieces), 4)
    ]
    dashes = {"-", "–", "—", "|"}
    titled = any(separator in dashes for _, separator in parts)
    role = company = dashed_company = place = None
    for raw, separator in parts:
        part = _without_pay(raw or "").strip(" -–—|*")
        if not part:
            continue
        folded = fold(part)
        if separator in {"@", "at", "presso"} and company is None:
            leading = _COMPANY_RE.match(part)
            company = clean_company(leading.group("company")) if leading else None
        elif (
            role is None
            and ROLE_NOUN_RE.search(part)
            and len(part.split()) <= 7
            and not _NOT_TITLE_RE.search(folded)
        ):
            role = part
        elif titled and place is None and _place_part(part):
            place = part
        elif (
            dashed_company is None
            and titled
            and (separator in dashes or not separator)
            and (part[0].isupper() or not separator)  # the first part may be "basilico"
            and len(part.split()) <= 4
            and not re.search(r"\d", part)
            and not is_work_mode(folded)
            and not _NOT_TITLE_RE.search(folded)
            and not ROLE_NOUN_RE.search(part)
            and not is_contract(folded)
        ):
            dashed_company = clean_company(part)
    return role, company or dashed_company, place


def _mentions(lowered: str, needles: tuple[str, ...]) -> bool:
    return any(needle in lowered for needle in needles)


def _without_links(text: str) -> str:
    if "http" in text or "www." in text or "t.me/" in text or "T.ME/" in text:
        return _URL_RE.sub(" ", text)
    return text


def _without_pay(part: str) -> str:
    """``part`` without amounts of money ("$11.50/hr Chocolate Retail Assistant")."""
    if not any(char.isdigit() for char in part) or read_pay(None, part) is None:
        return part
    return " ".join(MONEY_RE.sub(" ", part).replace("/hr", " ").split())


def _place_part(part: str) -> bool:
    first = part.split(",")[0]
    return bool(canonical_place(first) or canonical_place(part) or find_place(fold(first)))


def role_from_phrases(text: str) -> str | None:
    """A role named by a hiring phrase ("cerchiamo un X", "is hiring a X", "ищем X")."""
    if not _mentions(text.lower(), _ROLE_PHRASE_NEEDLES):
        return None
    for pattern in _ROLE_PHRASE_RES:
        for match in pattern.finditer(text):
            if ROLE_NOUN_RE.search(match.group("role")):
                return match.group("role")
    return None


def clean_role(role: str) -> str | None:
    """A role as a short title: no hashtags, parentheses, leading verbs; None if too long."""
    role = _PARENS_RE.sub(" ", _HASHTAG_RE.sub(" ", _URL_RE.sub(" ", role)))
    role = _SYMBOLS_RE.sub(" ", role)
    role = _EDGE_JUNK_RE.sub("", " ".join(role.split()))
    role = re.split(r"\s+(?:zona|part-time|full-time|part time|full time)\b", role)[0]
    role = _ROLE_AFTER_RE.split(role)[-1]  # "Stage 6 mesi come UX Designer"
    role = _ROLE_EDGE_WORDS_RE.sub("", role)
    role = _EDGE_JUNK_RE.sub("", role)
    if not role or len(role) > MAX_ROLE_CHARS or len(role.split()) > MAX_ROLE_WORDS:
        return None
    return role


def role_of_label(value: str) -> str | None:
    """The role in a labelled value, cut at the first separator ("UX Designer presso Acme,
    Torino" -> "UX Designer")."""
    value = _PARENS_RE.sub(" ", value)
    head = re.split(r"\s+(?:presso|at|@|-|–|—|\|)\s+|[,;]\s|\.\s|\.$", value, maxsplit=1)[0]
    head = head.strip()
    if head and len(head.split()) <= MAX_ROLE_WORDS:
        return head
    role, _, _ = title(value)
    return role


def company_from_text(cleaned: str, lines: list[str]) -> str | None:
    """A company named by a phrase ("Acme cerca", "at Acme", "In Acme stiamo cercando") or by
    a short Markdown heading on the first line ("# Acme")."""
    if lines and (domain := _DOMAIN_LINE_RE.match(lines[0])):
        return domain.group("name")
    if lines and (heading := _HEADING_RE.match(lines[0])):
        name = heading.group("name").strip()
        if len(name.split()) <= 3 and not ROLE_NOUN_RE.search(name):
            return clean_company(name)
    without_links = _without_links(cleaned)
    lowered = without_links.lower()
    for needles, pattern in _COMPANY_PATTERNS:
        if not _mentions(lowered, needles):
            continue
        for match in pattern.finditer(without_links):
            if company := clean_company(match.group("company")):
                return company
    return None


def clean_company(raw: str) -> str | None:
    name = _URL_RE.sub(" ", _PARENS_RE.sub(" ", raw)).split(" - ")[0].split(",")[0].strip()
    name = name.strip(" *_[]|:")
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
    if not name or fold(name) in _NOT_COMPANY or canonical_place(name) or len(words) > 6:
        return None
    if fold(words[0]) in _NOT_COMPANY or ROLE_NOUN_RE.fullmatch(fold(words[0])):
        return None
    return name
