"""Terms of a job: work mode (remote, hybrid, on-site), contract and seniority.

Work mode is read from a yes/no label first (``[FULL REMOTE] No`` is *not* remote,
``Remote: Yes`` is), then from the words of the post in several languages. A remote word that
is negated nearby ("no remote", "fully remote positions are prohibited", "удаленно мы не
можем") means on-site; remote and on-site words together mean hybrid.
"""

from __future__ import annotations

import re

from bot.jobposts.fields import Contract, Seniority, WorkMode
from bot.jobposts.text import Screened, fold

_NEGATED_REMOTE_RE = Screened(
    ("remot", "smart", "sede", "presenza", "удален", "office", "wfo", "wfh"),
    re.compile(
        r"\bno remote\b|\bnot remote\b|\bremote not\b|\bniente (?:smart|remoto)|\bnon (?:e )?remot"
        r"|\bsolo in (?:sede|presenza)|\bno smart working\b|\b(?:fully )?remote (?:\w+ ){0,2}"
        r"(?:prohibited|not (?:possible|allowed|available))|\b(?:удаленн?о|удаленка) (?:\w+ )?не"
        r"|\bне удаленн?о|\bwork from office\b|\bwfo\b|\bnon da remoto\b"
        # "no remoto", "no lavoro da remoto", "não remoto", "nessuno smart working"
        r"|\b(?:no|nao) (?:lavoro |trabajo |trabalho )?(?:da |en |in )?remot"
        r"|\bnessun[oa]? (?:smart working|lavoro da remoto|remoto)"
        # "non è previsto (il) lavoro da remoto", "non è possibile lavorare da remoto"
        r"|\bnon (?:e |sono )?(?:previst[oa]|possibile|consentit[oa]|ammess[oa]) (?:il |lo )?"
        r"(?:lavoro |lavorare )?(?:da |in )?(?:remot|smart working)"
        r"|\bnot (?:a |an )?(?:fully )?remote\b|\bnon-remote\b|\bno wfh\b"
        # a label answered no ("Remoto: no"), not "Remote: no relocation needed"
        r"|\b(?:remote|remoto|smart working) ?[:=] ?(?:no|non)\b(?! ?\w)"
    ),
)
_HYBRID_RE = Screened(
    ("ibrid", "hybrid", "hibrido", "гибрид", "smart working", "giorn", "day"),
    re.compile(
        r"\bibrid[oa]\b|\bhybrid\b|\bhibrido\b|\bгибрид\w*|(?<!full )(?<!100% )\bsmart working\b"
        r"|\d+ giorni? (?:di smart|in sede|da remoto|in ufficio|a settimana)"
        r"|\d+ days? (?:remote|in (?:the )?office|on-?site|wfh|from home)"
    ),
)
_FULL_REMOTE_RE = Screened(
    ("remot", "smart working", "work from", "lavoro da casa"),
    re.compile(
        r"\b(?:full|fully|100%|100 %) ?(?:remote|remoto|remota|smart working|da remoto)\b"
        r"|\bremote[- ]first\b|\bremote only\b|\bwork from (?:home|anywhere)\b|\blavoro da casa\b"
        r"|\bvaga 100% remota\b"
    ),
)
_REMOTE_RE = Screened(
    ("remot", "wfh", "удален", "віддалено", "teletrabajo", "远程", "عن بعد"),
    re.compile(
        r"\bremote\b|\bremoto\b|\bremota\b|\bda remoto\b|\bwfh\b|#remote|\bудаленн?о\b|\bудаленк\w*"
        r"|\bудален\w*|\bвіддалено\b|\bremotely\b|\bteletrabajo\b|远程|عن بعد"
    ),
)
_ONSITE_RE = Screened(
    ("sede", "site", "presenza", "ufficio", "презенциал", "офис", "presencial", "wfo", "office"),
    re.compile(
        r"\bin sede\b|\bon-?site\b|\bon site\b|\bin presenza\b|\bin ufficio\b|\bпрезенциал\w*"
        r"|\bиз офиса\b|\bв офисе\b|\bpresencial\b|\bwfo\b|\boffice based\b"
    ),
)

_CONTRACTS: tuple[tuple[Contract, Screened], ...] = (
    (
        Contract.INTERNSHIP,
        Screened(
            ("stage", "tirocin", "stagist", "intern", "стажир", "estagi", "pasantia"),
            re.compile(
                r"(?<!early )(?<!this )(?<!any )(?<!late )(?<!seed )(?<!growth )\bstage\b|\btirocin"
                r"|\bstagist|\binternship\b|\bintern\b|\binterns\b|\bстажир\w*|\bestagi\w*|\bpasantia"
            ),
        ),
    ),
    (
        Contract.APPRENTICESHIP,
        Screened(("apprendist", "apprentice"), re.compile(r"\bapprendistato\b|\bapprenticeship\b")),
    ),
    (
        Contract.FREELANCE,
        Screened(
            ("freelance", "iva", "contractor", "b2b", "collaborazione", "pj"),
            re.compile(
                r"\bfreelance|\bpartita iva\b|\bp\. ?iva\b|\bcontractor\b"
                r"|\bb2b (?:contract|contratto)\b|\bcollaborazione occasionale\b|\bpj\b"
            ),
        ),
    ),
    (
        Contract.FIXED_TERM,
        Screened(
            (
                "determinato",
                "termine",
                "term",
                "temporary",
                "somministrazione",
                "stagional",
                "seasonal",
                "temp",
                "contract",
            ),
            re.compile(
                r"\btempo determinato\b|\bcontratto a termine\b|\bfixed[- ]term\b|\btemporary\b"
                r"|\bsomministrazione\b|\bstagional[ei]\b|\bseasonal\b|(?<!in)\bdeterminato\b"
                r"|\btemp\b|\d+ months? contract\b"
            ),
        ),
    ),
    (
        Contract.PERMANENT,
        Screened(
            ("indeterminato", "permanent", "assunzione", "stabile", "clt", "штат"),
            re.compile(
                r"\bindeterminato\b|\bpermanent\b|\bassunzione diretta\b|\bcontratto stabile\b"
                r"|\bclt\b|\bштат\w*"
            ),
        ),
    ),
    (
        Contract.PART_TIME,
        Screened(("part", "частичная"), re.compile(r"\bpart[- ]?time\b|\bчастичная занятость\b")),
    ),
)
_SENIORITY_RE = re.compile(
    r"\b(?P<lead>tech lead|team lead|lead(?! gen)|head of|principal"
    r"|staff(?= (?:\w+ ){0,3}(?:engineer|developer|scientist|designer)))\b"
    r"|\b(?P<senior>senior|sr|старший|сеньор)\b"
    r"|\b(?P<mid>mid(?:[- ]level)?|middle|intermediate|pleno|мидл)\b"
    r"|\b(?P<junior>junior|jr|entry[- ]level|neolaureat[oaie]|graduate|prima esperienza"
    r"|fresher|freshers|джун\w*|младший)\b"
)


def work_mode(remote_answer: bool | None, folded: str) -> WorkMode | None:
    """The work mode, given a yes/no remote label (if any) and the folded post without links."""
    if remote_answer is False:
        return WorkMode.HYBRID if _HYBRID_RE.search(folded) else WorkMode.ONSITE
    if remote_answer is True:
        return WorkMode.REMOTE
    if negated := _NEGATED_REMOTE_RE.search(folded):
        # Hybrid only if said elsewhere: "no smart working" itself is not hybrid.
        rest = folded[: negated.start()] + " " + folded[negated.end() :]
        return WorkMode.HYBRID if _HYBRID_RE.search(rest) else WorkMode.ONSITE
    if _FULL_REMOTE_RE.search(folded):
        return WorkMode.REMOTE
    if _HYBRID_RE.search(folded):
        return WorkMode.HYBRID
    remote, onsite = _REMOTE_RE.search(folded), _ONSITE_RE.search(folded)
    if remote and onsite:
        return WorkMode.HYBRID
    if remote:
        return WorkMode.REMOTE
    return WorkMode.ONSITE if onsite else None


def is_work_mode(folded: str) -> bool:
    """Whether ``folded`` is about the work mode (used to skip it as a place or a company)."""
    return bool(_REMOTE_RE.search(folded) or _HYBRID_RE.search(folded) or _ONSITE_RE.search(folded))


def contract(label: str | None, folded: str) -> Contract | None:
    for source in (fold(label) if label else None, folded):
        if source:
            for kind, pattern in _CONTRACTS:
                if pattern.search(source):
                    return kind
    return None


def is_contract(folded: str) -> bool:
    return any(pattern.search(folded) for _, pattern in _CONTRACTS)


def seniority(role: str | None, label: str | None, head: str) -> Seniority | None:
    for source in (role, label, head):
        if source:
            match = _SENIORITY_RE.search(fold(source))
            if match and match.lastgroup:
                return Seniority(match.lastgroup)
    return None
