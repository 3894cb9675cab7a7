"""Labelled lines of a job post: "Label: value" in the many ways channels write them.

One lexicon, in the languages job channels carry, maps a label to the field it introduces; the
classifier counts the kinds of labels a post has, the extractor reads their values. Handled:
``Location: Milano``, ``Location : Milano``, ``Role - Designer``, ``**Location**: Milano``
(bold is gone by the time lines get here), ``🔹Title: Barista``, ``- Job Title: X``,
``[RAL] 35k`` (the Italian groups' template), a label alone on its line with the value on the
next one (``📍 Location:`` / ``Kallang``), and emoji bullets standing for a label
(``📍 Milano``, ``💰 30k``). Yes/no values (``[FULL REMOTE] No``, ``Remote: Yes``) are read as
booleans by ``yes_no``.
"""

from __future__ import annotations

import re

from bot.jobposts.text import strip_accents, trie_pattern

# field -> labels (natural spelling; the folded spelling is added automatically)
_LABELS: dict[str, str] = {
    "role": "role|job role|title|job title|position|post|post name|designation|opening"
    "|vacancy|job|profile|open position|open role|subject|program|ruolo|posizione"
    "|posizione aperta|figura|figura ricercata|profilo|profilo ricercato|mansione|titolo"
    "|offerta|offerta di lavoro|cercasi|cerchiamo|we're hiring|we are hiring|hiring|должность"
    "|позиция|вакансия|роль|cargo|puesto|vaga|posição|função|stelle",
    "description": "descrizione|description|job description|job brief|overview|job scope",
    "company": "company|company name|employer|organisation|organization|azienda|società"
    "|cliente|datore di lavoro|компания|название компании|empresa|firma|unternehmen|الشركة",
    "location": "location|job location|work location|based in|city|place|country|area|sede"
    "|sede di lavoro|luogo|luogo di lavoro|città|dove|where|zona|локация|город|местоположение"
    "|адрес офиса|ubicación|localización|local|localização|ort|standort|الموقع",
    "salary": "salary|expected salary|expected stipend|ctc|stipend|pay|rate|compensation"
    "|salary range|package|budget|earnings|income|ral|retribuzione|stipendio|compenso|зп"
    "|зарплата|оклад|доход|вилка|зарплатная вилка|заработная плата|salario|sueldo|salário"
    "|remuneração|gehalt|الراتب|المقابل",
    "contract": "contract|contratto|tipo di contratto|tipologia contrattuale|tipologia"
    "|employment type|job type|jobtype|type|work type|тип|занятость|тип занятости"
    "|contratação|contratación|tipo de contrato|duration|durata",
    "work_mode": "modalità|modalità di lavoro|work mode|workplace|mode|формат|формат работы"
    "|офис или удаленка|modalidade|modalidad|smart working|lavoro da remoto",
    "remote": "remote|full remote|fully remote|remoto|anywhere|удаленка|удалённо|удаленно",
    "seniority": "seniority|livello|level|experience level|grade|grades|грейд",
    "experience": "experience|exp|min. exp|min exp|qualification|qualifications|eligibility"
    "|education|batch|batch eligible|graduation year|requirements|skills|esperienza"
    "|requisiti|competenze|опыт|требования|experiencia|requisitos|الخبرة|المتطلبات",
    "hours": "working hours|work hours|working days|hours|timing|schedule|shift|orario"
    "|график|jornada|horário",
    "apply": "apply|apply link|apply here|application link|how to apply|apply now|to apply"
    "|candidature|candidatura|candidati|candidarsi|come candidarsi|contact|contacts|contatti"
    "|contatto|контакты|contato|contacto|email|e-mail|cv|invia cv|link|info|application"
    "|apply mode",
}
FIELD_OF: dict[str, str] = {}
for _field, _labels in _LABELS.items():
    for _label in _labels.split("|"):
        FIELD_OF[_label] = _field
        FIELD_OF[strip_accents(_label)] = _field

_ALTERNATION = trie_pattern(FIELD_OF)
_SEPARATOR = r"\s*(?:\]\s*[:：\-–]?|[:：]|\s[-–]\s)"
# On a cleaned line (case and accents kept).
_LINE_RE = re.compile(
    rf"^[^\w\[\n]{{0,8}}\[?\s*(?P<label>{_ALTERNATION}){_SEPARATOR}\s*(?P<value>.*)$",
    re.IGNORECASE,
)
# On folded text, one match per labelled line (for the classifier's counts).
LABEL_LINE_RE = re.compile(
    rf"^[^\w\n\[]{{0,8}}\[?({_ALTERNATION})\s*(?:[:：\]]|\s[-–]\s|\s-(?=\s*\S))", re.MULTILINE
)

# Every separator above has one of these characters, and labels are short: a line without one
# near its start is not labelled, and most lines are let go by this cheap search.
_SEPARATOR_CHAR_RE = re.compile(r"[:：\]\-–]")
_SEPARATOR_REACH = 80


def may_be_labelled(line: str) -> bool:
    """``False`` when ``line`` cannot match ``LABEL_LINE_RE`` (nor a cleaned-line label)."""
    return _SEPARATOR_CHAR_RE.search(line, 0, _SEPARATOR_REACH) is not None


_EMOJI_FIELD = {
    "📍": "location",
    "🌍": "location",
    "💰": "salary",
    "💵": "salary",
    "💸": "salary",
    "🏢": "company",
    "💼": "role",
    "🔗": "apply",
    "📩": "apply",
    "📧": "apply",
}
_EMOJI_RE = re.compile(r"^\s*(?P<emoji>📍|🌍|💰|💵|💸|🏢|💼|🔗|📩|📧)\ufe0f?\s*(?P<value>.*)$")

_YES = frozenset({"yes", "y", "si", "sì", "true", "да", "sim", "ja", "oui", "✅", "✔"})
_NO = frozenset({"no", "n", "false", "нет", "não", "nao", "nein", "non", "❌", "✖"})


def yes_no(value: str) -> bool | None:
    """``True``/``False`` for a yes/no answer ("Si", "No", "Да", "Yes."), else ``None``."""
    word = value.strip().strip(".!;,)(").lower()
    if word in _YES:
        return True
    if word in _NO:
        return False
    return None


def read_labels(lines: list[str]) -> dict[str, str]:
    """The first value of each labelled field in the (cleaned, non-empty) ``lines``."""
    found: dict[str, str] = {}
    for index, line in enumerate(lines):
        field, value = _label_of(line)
        if field is None:
            continue
        if not value:
            # "📍 Location:" with the value on the next line, unless that line is a label too
            following = lines[index + 1] if index + 1 < len(lines) else ""
            if not following or _label_of(following)[0] is not None:
                continue
            value = following
        if field == "salary" and line_label(line) == "ral":
            value = "RAL " + value  # RAL says gross, yearly, euros: keep it with the amount
        found.setdefault(field, value.strip())
    return found


def line_label(line: str) -> str | None:
    """The folded label of a labelled ``line`` ("Città: Roma" -> "citta")."""
    match = _LINE_RE.match(line) if may_be_labelled(line) else None
    return strip_accents(match.group("label")).lower() if match else None


def is_labelled(line: str) -> bool:
    """Whether ``line`` is a "Label: value" line (in any of the accepted shapes)."""
    return _label_of(line)[0] is not None


def _label_of(line: str) -> tuple[str | None, str]:
    match = _LINE_RE.match(line) if may_be_labelled(line) else None
    if match and not (line.lstrip().startswith("[") and match.group("value").startswith("[")):
        # ("[FULL REMOTE] [RAL 50k] Engineer" is a bracket header, not a template label)
        return FIELD_OF[strip_accents(match.group("label")).lower()], match.group("value")
    emoji = _EMOJI_RE.match(line)
    if emoji:
        return _EMOJI_FIELD[emoji.group("emoji")], emoji.group("value")
    return None, ""
