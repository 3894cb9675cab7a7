"""The named signals the job-post classifier weighs, read from the folded text of a post.

A signal is either a phrase family (hiring verbs, role nouns, pay, seekers, events, courses...
in the languages job channels carry), or a fact about the post's shape (how many kinds of
"Label: value" lines it has, a link, an e-mail, a question, its length). ``signals`` returns the
names that fire, once each; ``classifier`` weighs them. Keeping the two apart lets a moderator
(or a test) see exactly which words made a post count as an offer.

Phrases are written in natural spelling and folded like the text (lowercase, no accents), so
"città" matches "CITTA'". A trailing ``*`` lets a stem take any ending ("разработчик*"). Latin
and Cyrillic phrases must start (and, without ``*``, end) on a word boundary; phrases in scripts
written without spaces or with attached particles (Chinese, Arabic, Armenian, Devanagari) match
anywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.jobposts.labels import FIELD_OF, LABEL_LINE_RE, may_be_labelled
from bot.jobposts.text import strip_accents

# Order matters where phrases overlap: at one position the first family that matches wins, so
# "cerco lavoro" reads as a seeker before "cerco" can read as a hiring verb.
_PHRASES: tuple[tuple[str, str], ...] = (
    (
        "seeker",
        "cerco lavoro|cerco un lavoro|cerco impiego|cerco occupazione|in cerca di lavoro"
        "|in cerca di impiego|alla ricerca di lavoro|alla ricerca di un lavoro|cerco lavoro come"
        "|disponibile a lavorare|open to work|#opentowork|looking for a job|looking for job"
        "|looking for work|looking for a new job|looking for new opportunities"
        "|i am looking for work|i am looking for a job|i'm looking for a job|i am searching for"
        "|searching for a job|seeking a job"
        "|seeking job|need a job|need job|need software engineer job|need referral|hire me"
        "|available for work|available for hire|my resume|my cv|my portfolio"
        "|ищу работу|ищу удаленную работу|в поиске работы|рассмотрю предложения"
        "|busco trabajo|busco empleo|procuro emprego|procuro trabalho|estou procurando|#resume"
        "|#cv|#резюме|#ищу|#lookingforwork|#cercolavoro",
    ),
    (
        "services",
        "i provide|we provide|we are providing|i can help|i will help|i can clear|i will clear"
        "|dm for|dm me for|pm for|if anyone wants|anyone need|anyone looking for logo"
        "|il nostro servizio|our service|our services|prenota una call|book a call|call gratuita"
        "|interview support|job support|proxy interview|offering my services|my services"
        "|impartisco|offro lezioni|offro servizi|предлагаю услуги|сделаю",
    ),
    (
        "course",
        "course*|training program*|certification*|certificate*|enroll*|enrol|bootcamp"
        "|placement guarantee|pay after placement|academy|free demo|masterclass|master class"
        "|tutorial|roadmap|interview questions|corso|corsi|formazione|курс*|обучени*|curso"
        "|cursos|discount|% off|sale is live|coupon|limited seats|success story|honest feedback"
        "|learn from|learn to|upskill*|offerta speciale|special offer|a soli|for only|buy now"
        "|acquista|vendo|for sale|in vendita|prezzo|template cv|cv template",
    ),
    (
        "event",
        "webinar|meetup|meet-up|workshop|hackathon|conference|conferenza|career fair|job fair"
        "|careers fair|jobs fair|fair|expo|tickets|free tickets|biglietti|ingresso"
        "|open day|speaker|speakers|relatore|relatori|registrati|iscriviti|register now"
        "|register here|register free|registration link|rsvp|live session|we're live|zoom"
        "|evento|incontro|serata|talk|keynote|agenda|встреча|собрание|митап|доклад|докладчик"
        "|семинар|вебинар|конференци*|приглашает всех|charla|mesa redonda|quando\\?|dove\\?",
    ),
    (
        "spam",
        "usdt|crypto|forex|bitcoin|netflix|premium account*|hack|ddos|bank account*"
        "|idle account*|referral code|earn money|earning money|make money|fwb"
        "|friends with benefits|housewife|passive income|guadagna*|пассивный доход",
    ),
    (
        "rules",
        "rules|group rules|regole|regolamento|правила|reglas|normativa|this group is"
        "|group is only|welcome to|benvenut*|admins|admin contact|amministratori|banned"
        "|muted|night mode|don't pay|do not pay|non pagare|be careful|questo canale|questo gruppo"
        "|toda oferta|every post must|please only post|please don't|do not post|don't post"
        "|vietat*|non e consentito|запрещ*|разрешается|donazioni",
    ),
    (
        "promo",
        "follow us|follow now|follow me|subscribe|like, save and share|do like|watch now"
        "|watch full|youtu.be|youtube|instagram.com/p/|instagram.com/reel|link in bio"
        "|join our whatsapp|join our telegram|join us on instagram|whatsapp channel"
        "|telegram channel|stay updated|share with your friends|share with friends|sign up"
        "|sign-up|signup|launching|our platform|download the app",
    ),
    (
        "showcase",
        "project type|source code|github repo|overview:|my project|check out my|portfolio:",
    ),
    ("first_person", "i am|i'm|im|my|sono|mi chiamo|я|мой|меня зовут|eu sou|soy"),
    (
        "digest",
        "что обсуждалось|shortlisted|congrats|congratulations|have been shortlisted",
    ),
    (
        "hiring",
        "we're hiring|we are hiring|is hiring|are hiring|now hiring|hiring now|hiring alert"
        "|hiring for|#hiring|hiring!|urgent hiring|urgently hiring|mass hiring|hiring drive"
        "|hiring freshers|hiring:|hiring|walk-in|walk in|recruitment drive|recruitment"
        "|is looking for|are looking for|we're looking for|we are looking for|looking for"
        "|we are seeking|is seeking|seeking|join our team|join the team|join us|now recruiting"
        "|is recruiting|recruiting|open position*|open role*|job opening*|opening*|vacanc*"
        "|wanted|needed|required|requirement|immediate joiner*|job of the day|new job alert"
        "|job alert|walk - in|offerta lavoro|offerte lavoro|annuncio di lavoro|annuncio lavoro"
        "|cercasi|cerchiamo|ricerchiamo|stiamo cercando|stiamo ricercando"
        "|stiamo selezionando|alla ricerca di|ricerca per|seleziona|selezioniamo|assume"
        "|assumiamo|si cerca|cerca|cercano|offerta di lavoro|offerte di lavoro|offerta:"
        # agencies: "Azienda cliente ricerca OPERAIO", "Si ricercano magazzinieri"
        "|cliente ricerca|si ricerca|si ricercano|ricerca urgentemente|per azienda cliente"
        "|per importante azienda|per nota azienda|per azienda leader"
        "|posizione aperta|posizioni aperte|opportunita di lavoro|entrare a far parte"
        "|inserire|inserimento|ищем|ищу|требуется|требуются|нужен|нужна|нужны|вакансия"
        "|вакансии|открыта вакансия|в поиске|в поисках|приглашаем|разыскивается|нанимаем"
        "|шукаємо|вакансія|в пошуку|buscamos|estamos buscando|se busca|vacante|vacantes"
        "|oferta de empleo|oferta de trabajo|contratando|vaga|vagas|estamos contratando"
        "|procuramos|oportunidade*|wir suchen|suchen wir|stellenangebot",
    ),
    (
        "role",
        "developer*|engineer*|programmer*|designer*|manager*|analyst*|specialist*"
        "|consultant*|intern|interns|internship*|trainee*|executive*|assistant*|associate*"
        "|officer*|technician*|architect*|scientist*|recruiter*|accountant*|operator*"
        "|teacher*|tutor|nurse*|driver*|cook|cooks|chef|waiter*|cashier*|packer*|picker*"
        "|promoter*|usher*|crew|tester*|sde|swe|devops|sre|clerk*|coordinator*|supervisor*"
        "|writer*|editor*|copywriter*|translator*|cleaner*|advisor*|representative*|lead"
        "|head of|receptionist*|admin|helper*|staff|professional*|sviluppator*|programmator*"
        "|ingegner*|sistemist*|tecnic*|commercial*|impiegat*|addett*|magazzinier*|camerier*"
        "|cuoc*|pizzaiol*|barista|bartender|consulent*|stagist*|tirocinant*|analista"
        "|progettist*|educator*|infermier*|autist*|operai*|segretari*|elettricist*|idraulic*"
        "|meccanic*|muratore|saldator*|carrellist*|commess*|cassier*|estetist*|parrucchier*"
        "|farmacist*|fisioterapist*|badante|colf|babysitter|baby sitter|pulizie|dev|frontend"
        "|backend"
        "|full stack|fullstack|front-end|back-end|разработчик*|программист*|инженер*"
        "|дизайнер*|аналитик*|менеджер*|тестировщик*|рекрутер*|специалист*|художник*"
        "|разработчиц*|розробник*|спеціаліст*|фахівець|desenvolvedor*|engenheir*|estagiari*"
        "|desarrollador*|ingenier*|programador*|entwickler*",
    ),
    (
        "apply",
        "apply|apply now|apply here|apply link|application link|to apply|applications"
        "|send your cv|send cv|send resume|send your resume|share your resume|share resume"
        "|share your cv|drop your resume|submit cv|resume to|cv to|cv at|interested candidates"
        "|interested applicants|interested applicant|candidati|candidatura|candidature"
        "|inviare cv|invia cv|inviare il cv|invia il cv|manda il cv|scrivere a|scrivete a"
        "|scrivi a|contattatemi|contattami|присылайте|присылай|откликнуться|пишите"
        "|отправляйте|envie|enviar cv|enviar seu cv|como se candidatar|postula*|whatsapp"
        "|telegram me|pm @|pm me|dm @|dm me|contact:|contact us|scrivere in privato|in privato"
        "|scrivetemi|scrivimi|in dm|in pm",
    ),
    (
        "work_terms",
        "full-time|full time|fulltime|part-time|part time|parttime|remote|remoto|remota"
        "|hybrid|ibrido|ibrida|on-site|onsite|on site|in sede|wfh|work from home|wfo"
        "|contract|contratto|freelance|internship|stage|tirocinio|permanent|tempo determinato"
        "|tempo indeterminato|indeterminato|удален*|удалён*|офис|гибрид|полная занятость"
        "|занятость|фултайм|віддалено|presencial|hibrido|clt|pj|tiempo completo|jornada"
        "|vollzeit|teilzeit|shift*|turni|orario|working hours|work hours|working days",
    ),
    (
        "experience",
        "experience|exp|years of experience|yrs|freshers|fresher|graduates|graduate|grads"
        "|batch|passouts|passout|eligibility|eligible|qualification*|requirements"
        "|requirement|skills|esperienza|requisiti|competenze|neolaureat*|опыт|требования"
        "|experiencia|requisitos|junior|senior|middle|mid-level|sr|jr|pleno|джун*|мидл"
        "|сеньор|досвід*",
    ),
    (
        "job_desc",
        "about the role|about the job|the role|this role|in this role|your role|you will"
        "|you'll|what you'll do|what you will do|responsibilities|key responsibilities"
        "|job description|job summary|job scope|job duties|duties|we offer|what we offer"
        "|benefits|perks|offriamo|il candidato ideale|il candidato|la risorsa|mansioni"
        "|si occupera|obblighi|обязанности|условия|мы предлагаем|задачи|requisitos"
        "|beneficios|beneficios|o que oferecemos|atividades|responsabilidades|dein profil"
        "|deine aufgaben",
    ),
    (
        "job_hashtag",
        "#job|#jobs|#vacancy|#вакансия|#работа|#lavoro|#offertadilavoro|#offertalavoro"
        "|#remote|#fulltime|#itjob|#itjobs|#nowhiring|#wearehiring|#career|#careers"
        "|#remotejob|#удаленка|#удалёнка|#vaga|#empleo|#internship",
    ),
)
# Scripts without word spaces or with attached particles: matched anywhere.
_LOOSE: tuple[tuple[str, str], ...] = (
    ("hiring", "招聘|诚聘|岗位|职位|مطلوب|توظيف|وظيفة|وظائف|نبحث عن|فرص|فرصة|للانضمام|تعلن"),
    ("hiring", "փնտրում է|անհրաժեշտ է|աշխատանքի է հրավիրում|թափուր|աշխատատեղ"),
    ("hiring", "आवश्यकता|भर्ती|नौकरी|जॉब"),
    ("apply", "简历|投递|التقديم|ارسل|ابعت"),
    ("role", "设计师|工程师|专员|运营|مطور|مبرمج|مهندس|مصمم|Developer"),
    ("work_terms", "远程|دوام|عن بعد|حضوري"),
)


# Phrases are looked up, not searched: a regex of a thousand alternatives is tried at every
# word (twenty times slower). A phrase may start where a word or a hashtag starts, unless a
# "/" comes right before (a path in a link); at one position the first family (in the order
# above) with a phrase there wins, its longest phrase; then the scan goes on after it.
_WORD_RE = re.compile(r"[#@]?\w+")


def _key(text: str) -> str:
    """What a phrase is looked up by: its first word, or its first character ("% off")."""
    word = _WORD_RE.match(text)
    return word.group(0) if word else text[:1]


_SYMBOL_STARTS = "".join(
    sorted({text[0] for _, ps in _PHRASES for text in ps.split("|") if not _WORD_RE.match(text)})
)
# What can start a phrase, as its lookup key: a word or hashtag not right after a "/" (a path
# in a link), or a symbol that starts a phrase.
_START_RE = re.compile(rf"(?<![\w#@/])(?:[#@]?\w+|[{re.escape(_SYMBOL_STARTS)}])")


@dataclass(frozen=True, slots=True)
class _Phrase:
    text: str  # folded
    family: str
    priority: int  # the family's place in _PHRASES: lower wins at one position
    stem: bool  # may take any ending ("vacanc*")


def _index() -> tuple[dict[str, list[_Phrase]], dict[str, list[_Phrase]]]:
    """Phrases by their first word; one-word stems apart, by the stem."""
    exact: dict[str, list[_Phrase]] = {}
    stems: dict[str, list[_Phrase]] = {}
    for priority, (family, phrases) in enumerate(_PHRASES):
        for raw in phrases.split("|"):
            stem = raw.endswith("*")
            text = strip_accents(raw.rstrip("*")).lower()
            phrase = _Phrase(text, family, priority, stem)
            if stem and _key(text) == text:
                stems.setdefault(text, []).append(phrase)
            else:
                exact.setdefault(_key(text), []).append(phrase)
    return exact, stems


_EXACT, _STEMS = _index()
_STEM_LENGTHS = sorted({len(stem) for stem in _STEMS}, reverse=True)


@lru_cache(maxsize=65536)
def _starting_with(word: str) -> tuple[_Phrase, ...]:
    """The phrases that can start with ``word``, best first: family order, then longest."""
    found = list(_EXACT.get(word, ()))
    for length in _STEM_LENGTHS:
        if length <= len(word):
            found.extend(_STEMS.get(word[:length], ()))
    return tuple(sorted(found, key=lambda p: (p.priority, -len(p.text))))


def _phrase_families(folded: str) -> set[str]:
    found: set[str] = set()
    resume = 0
    for start in _START_RE.finditer(folded):
        phrases = _starting_with(start.group())
        if not phrases:
            continue
        at = start.start()
        if at < resume:
            continue
        for phrase in phrases:
            if not folded.startswith(phrase.text, at):
                continue
            end = at + len(phrase.text)
            after = _WORD_RE.match(folded, end) if end < len(folded) else None
            if after and after.group(0)[0] not in "#@":
                if not phrase.stem:
                    continue  # a whole phrase must end where a word ends
                end = after.end()
            found.add(phrase.family)
            resume = end
            break
    return found


_LOOSE_RE = re.compile("|".join(f"(?P<g{i}>{phrases})" for i, (_, phrases) in enumerate(_LOOSE)))
_LOOSE_NAMES = [name for name, _ in _LOOSE]
_LOOSE_SCRIPTS_RE = re.compile("[\u0530-\u058f\u0600-\u06ff\u0900-\u097f\u4e00-\u9fff]")
# What the classifier counts: kinds of labelled lines, not the fields themselves.
_LABEL_KIND = {
    "role": "role",
    "description": "role",
    "company": "company",
    "location": "place",
    "salary": "pay",
    "experience": "experience",
    "seniority": "experience",
    "contract": "terms",
    "work_mode": "terms",
    "remote": "terms",
    "hours": "terms",
    "apply": "apply",
}
_EVENT_LABEL_RE = re.compile(
    r"^[^\w\n]{0,8}(?:date|time|venue|quando|dove|data|ora|when|where)\s*:", re.M
)
# The shape signals below are cheap substring checks first: a regex whose alternatives start
# differently cannot skip ahead and costs a Python-level step per character.
_URL_NEEDLES = ("http://", "https://", "www.", "t.me/", "wa.me/", "lnkd.in/", "bit.ly/")
_EMAIL_RE = re.compile(r"@[a-z0-9-]+\.[a-z]{2,}")
_HANDLE_RE = re.compile(r"@[a-z]\w{3,}")
_PHONE_RE = re.compile(r"\+?\d[\d ()-]{7,}\d")
_CURRENCY_NEEDLES = ("$", "€", "£", "₹", "₽", "usd", "eur", "sgd", "inr", "rs", "ral", "lpa")
_SCALED_RE = re.compile(r"\d\s?(?:k\b|lpa\b|lakh|руб|т\.\s?р|тыс|eur\b|euro|usd\b|sgd\b)")
_MONEY_RES = (
    re.compile(r"[$€£₹₽]\s?\d"),
    re.compile(r"\d\s?[$€£₹₽]"),
    re.compile(r"\b(?:usd|eur|sgd|inr|rs\.?|ral)\s?\d"),
)
_RATE_RE = re.compile(
    r"\d\s?(?:[€$£₹]|eur|usd|sgd)?\s?(?:/|per\s|an?\s|all')\s?"
    r"(?:h|hr|hrs|hour|day|shift|session|night|ora|giorno|час|hora)\b"
)
_RATE_WORDS = ("hourly", "all'ora", "l'ora", "al giorno", "в час", "за час", "por hora", "底薪")
_BRACKET_RE = re.compile(r"\[[^\[\]\n]{2,40}\](?!\()")
_QUESTION_START_RE = re.compile(
    r"^(?:anyone|can anyone|does anyone|did anyone|any one|is there|how|what|when|where|why"
    r"|who|which|qualcuno|sapete|avete|come|ma voi|secondo voi|кто|как|где|когда|есть ли"
    r"|alguem|ainda|ate que|ue,|alguien|hey anyone)\b"
)
_HEADLINE_SEP_RE = re.compile(r"\s[|–—-]\s|\s\|")


def signals(folded: str) -> frozenset[str]:
    """The names of the signals that fire on ``folded`` (the output of ``text.fold``)."""
    found = _phrase_families(folded)
    if _LOOSE_SCRIPTS_RE.search(folded):
        for loose in _LOOSE_RE.finditer(folded):
            found.add(_LOOSE_NAMES[int(loose.lastgroup[1:])])  # type: ignore[index]
    kinds = {
        _LABEL_KIND[FIELD_OF[label.group(1)]]
        for line in folded.split("\n")
        if may_be_labelled(line) and (label := LABEL_LINE_RE.match(line))
    }
    if len(kinds) >= 2:
        found.add("labels2")
    if len(kinds) >= 4:
        found.add("labels4")
    if "role" in kinds:
        found.add("role_label")
    if "pay" in kinds:
        found.add("pay_label")
    if ":" in folded and len(_EVENT_LABEL_RE.findall(folded)) >= 2:
        found.add("event_labels")
    if _SCALED_RE.search(folded) or (
        any(needle in folded for needle in _CURRENCY_NEEDLES)
        and any(pattern.search(folded) for pattern in _MONEY_RES)
    ):
        found.add("money")
    if _RATE_RE.search(folded) or any(word in folded for word in _RATE_WORDS):
        found.add("rate")
    if any(needle in folded for needle in _URL_NEEDLES):
        found.add("link")
    if "@" in folded:
        if _EMAIL_RE.search(folded):
            found.add("email")
        if any(
            not (start and (folded[start - 1].isalnum() or folded[start - 1] == "."))
            for start in (m.start() for m in _HANDLE_RE.finditer(folded))
        ):
            found.add("contact")  # a @handle, not the domain of an e-mail address
    if "contact" not in found and _PHONE_RE.search(folded):
        found.add("contact")  # a phone number
    if len(_BRACKET_RE.findall(folded)) >= 2:
        found.add("brackets")
    stripped = folded.strip()
    first_line = stripped.split("\n", 1)[0]
    if len(_HEADLINE_SEP_RE.findall(first_line)) >= 2:
        found.add("headline")
    if len(stripped) < 300 and (stripped.endswith("?") or _QUESTION_START_RE.match(stripped)):
        found.add("question")
    elif first_line.rstrip(" !🤔").endswith("?"):
        found.add("asks")
    if len(stripped) < 60:
        found.add("short")
    elif len(stripped) > 700:
        found.add("long")
    return frozenset(found)
