"""Pay in a job post: amounts and ranges, currency, and the period they are paid per.

Read, most trusted first, from a labelled value (``Salary: ...``, ``[RAL] 35k``), from a pay
keyword in the text (``RAL``, ``salary``, ``stipendio``, ``ЗП``...), or from a bare amount with a
currency (``$12/hr``, ``₹8-15 LPA``, ``€65k-90k``). Amounts are numbers as stated: ``35k`` and
``35.000`` are 35000, ``12 LPA`` (lakh per annum) is 1,200,000 rupees a year, ``60 т.руб`` is
60000 roubles. The period is the stated one (``/hr``, ``per month``, ``al mese``, ``в час``),
a year for RAL and LPA, and, when nothing is stated, a year for euro/dollar/pound amounts of
15,000 and more; otherwise it stays unknown. A bare ``$`` counts as US dollars.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from bot.jobposts.fields import PayPeriod
from bot.jobposts.text import fold, trie_pattern

_CURRENCY = (
    r"s\$|r\$|us\$|[€$£₹₽]|\b(?:eur|euro|euros|usd|sgd|gbp|inr|rub|brl|chf|aed)(?![a-z])"
    r"|\brs\.?(?=\s?\d)|руб\.?|евро"
)
_NUMBER = r"\d{1,3}(?:[.,' ]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
_SCALE = r"k\b|lpa\b|lakhs?\b|lac\b|mila\b|т\.\s?р(?:уб)?\.?|тыс\.?(?:\s?руб\.?)?|тр\b"
_AMOUNT = rf"(?:(?:{_CURRENCY})\s?)?(?:{_NUMBER})\s?(?:{_SCALE})?\s?(?:{_CURRENCY})?"
_RANGE_SEP = r"\s?(?:-|–|—|to|a|fino a|до|/|÷|~)\s?"
_PER = (
    r"(?:\s?/\s?|\s?(?:per|a|an|al|all')\s)"
    r"(?:h|hr|hrs|hour|day|week|month|mth|year|annum|ora|giorno|mese|anno)\b"
)
MONEY_RE = re.compile(
    rf"(?:(?:from|da|от|de|up to|upto|fino a|до)\s)?{_AMOUNT}(?:{_RANGE_SEP}{_AMOUNT})?(?:{_PER})?",
    re.IGNORECASE,
)
_KEYWORDS = (
    "ral|salary|stipend|stipendio|retribuzione|compenso|ctc|package|compensation|budget|зп"
    "|зарплата|оклад|доход|вилка|заработная плата|salario|sueldo|salário|remuneração|gehalt"
    "|rate|pay|earn|earnings"
)
_KEYWORD_RE = re.compile(rf"\b{trie_pattern(_KEYWORDS)}\b", re.IGNORECASE)
_PERIODS: tuple[tuple[PayPeriod, re.Pattern[str]], ...] = (
    (
        PayPeriod.HOUR,
        re.compile(
            r"/\s?(?:h|hr|hrs|hour|ora|час)\b|\bper (?:h|hr|hour)\b|\ban hour\b|\bhourly\b"
            r"|\ball'ora\b|\bl'ora\b|\bв час\b|\bза час\b|\bpor hora\b|/hora\b",
            re.IGNORECASE,
        ),
    ),
    (
        PayPeriod.DAY,
        re.compile(
            r"/\s?(?:day|giorno|день)\b|\bper (?:day|shift|session|night)\b|\ba day\b"
            r"|\bal giorno\b|\bgiornalier\w*|\bdaily\b|\bв день\b|\bpor dia\b",
            re.IGNORECASE,
        ),
    ),
    (PayPeriod.WEEK, re.compile(r"/\s?(?:week|wk|settimana)\b|\bper week\b|\bweekly\b", re.I)),
    (
        PayPeriod.MONTH,
        re.compile(
            r"/\s?(?:month|mth|mo|mese|мес)\b|\bper month\b|\ba month\b|\bmonthly\b"
            r"|\bal mese\b|\bmensil\w*|\bв месяц\b|\bpor mes\b|\bpor mês\b|/mês",
            re.IGNORECASE,
        ),
    ),
    (
        PayPeriod.YEAR,
        re.compile(
            r"/\s?(?:year|yr|anno|год)\b|\bper (?:year|annum)\b|\ba year\b|\byearly\b|\bannual"
            r"|\bannu[io]\b|\ball'anno\b|\bin un anno\b|\bв год\b|\bpor año\b|\bp\.?a\.?\b"
            r"|\bral\b|\blpa\b",
            re.IGNORECASE,
        ),
    ),
)
_CURRENCY_CODES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("SGD", re.compile(r"s\$|\bsgd(?![a-z])", re.IGNORECASE)),
    ("BRL", re.compile(r"r\$|\bbrl(?![a-z])", re.IGNORECASE)),
    ("EUR", re.compile(r"€|\beur(?![a-z])|\beuros?(?![a-z])|евро", re.IGNORECASE)),
    ("GBP", re.compile(r"£|\bgbp(?![a-z])", re.IGNORECASE)),
    ("INR", re.compile(r"₹|\binr(?![a-z])|\brs\.?(?=\s?\d)|\blpa\b|\blakhs?\b|\blac\b", re.I)),
    ("RUB", re.compile(r"₽|\brub(?![a-z])|руб|т\.\s?р|\bтр\b", re.IGNORECASE)),
    ("CHF", re.compile(r"\bchf(?![a-z])", re.IGNORECASE)),
    ("AED", re.compile(r"\baed(?![a-z])", re.IGNORECASE)),
    ("USD", re.compile(r"\$|\busd(?![a-z])", re.IGNORECASE)),
)
_NUMBER_RE = re.compile(rf"({_NUMBER})\s?({_SCALE})?", re.IGNORECASE)
_YEARLY_CURRENCIES = frozenset({"EUR", "USD", "GBP", "CHF"})
# Pieces of a post that look like money but are not pay.
_NOT_PAY_RE = re.compile(
    r"bonus|reimburs|allowance|\bva\b|\bvale\b|million|\bmil\b|\bseries [a-z]\b|funding"
    r"|revenue|raised|investor",
    re.IGNORECASE,
)
_CURRENCY_ANY = re.compile(_CURRENCY, re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Pay:
    text: str
    low: float | None
    high: float | None
    currency: str | None
    period: PayPeriod | None

    @property
    def euros_per_year(self) -> tuple[int | None, int | None]:
        """(min, max) when the pay is euros (or no stated currency) per year, else (None,
        None)."""
        # an amount with no currency counts as euros here: the groups this reads are Italian
        if self.currency not in ("EUR", None) or self.period is not PayPeriod.YEAR:
            return None, None
        if self.low is None:
            return None, None
        high = self.high if self.high is not None else self.low
        return round(self.low), round(high)


_DIGIT_RE = re.compile(r"\d")
_DIGITS_RE = re.compile(r"\d+")
_SCALE_RE = re.compile(_SCALE, re.IGNORECASE)


def read_pay(label: str | None, text: str) -> Pay | None:
    """The pay of a post whose labelled salary (if any) is ``label`` and body is ``text``."""
    if not _DIGIT_RE.search(text) and not (label and _DIGIT_RE.search(label)):
        return Pay(label.strip(), None, None, None, None) if label else None
    if label and (pay := _from_span(label, label, keyword="ral" in fold(label) or None)):
        return pay
    for match in _KEYWORD_RE.finditer(text):
        window = text[match.end() : match.end() + 60].split("\n\n")[0]
        money = MONEY_RE.search(window)
        if money and _NUMBER_RE.search(money.group(0)) and not _NOT_PAY_RE.search(window):
            context = text[match.start() : match.end() + money.end() + 25]
            pay = _from_span(money.group(0), context, keyword=match.group(0).lower() == "ral")
            if pay:
                return pay
    for money in _money_in(text):
        span = money.group(0)
        if not _CURRENCY_ANY.search(span) and not _SCALE_RE.search(span):
            continue  # a bare number is not pay
        before = text[max(0, money.start() - 25) : money.start()]
        if _NOT_PAY_RE.search(before + span):
            continue
        pay = _from_span(span, text[money.start() : money.end() + 25], keyword=None)
        if pay:
            return pay
    if label:
        return Pay(label.strip(), None, None, None, None)
    return None


def _money_in(text: str) -> Iterator[re.Match[str]]:
    """What ``MONEY_RE.finditer(text)`` finds, looking only around the digits: an amount
    needs a number, and what can come before one (``up to``, ``euros``) is short."""
    pos = 0
    for digits in _DIGITS_RE.finditer(text):
        if digits.end() <= pos:
            continue
        start = max(pos, digits.start() - 20)
        money = MONEY_RE.search(text, start, digits.end() + 100)
        if money:
            pos = money.end()
            yield money


def _from_span(span: str, context: str, keyword: bool | None) -> Pay | None:
    amounts = _amounts(span)
    if not amounts:
        return None
    currency = next((code for code, rx in _CURRENCY_CODES if rx.search(span)), None)
    if currency is None and keyword:
        currency = "EUR"  # RAL is Italian, gross, yearly, in euros
    if currency is None:
        currency = next((code for code, rx in _CURRENCY_CODES if rx.search(context)), None)
    period = next((p for p, rx in _PERIODS if rx.search(context)), None)
    if keyword:
        period = period or PayPeriod.YEAR
        # "RAL 35-40": bare numbers after RAL are thousands
        amounts = [a * 1000 if a < 1000 else a for a in amounts]
    low, high = min(amounts), max(amounts)
    # "45k", "€50,000": amounts this size in these currencies (or in thousands with no
    # currency, as Italian posts write RAL) are yearly
    thousands = re.search(r"\d\s?(?:k\b|mila\b)", span, re.IGNORECASE)
    if (
        period is None
        and low >= 15_000
        and (currency in _YEARLY_CURRENCIES or (currency is None and thousands))
    ):
        period = PayPeriod.YEAR
    if re.match(r"\s*(?:up to|upto|fino a|до)\b", span, re.IGNORECASE):
        low = high
    return Pay(span.strip(), _plain(low), _plain(high), currency, period)


def _amounts(span: str) -> list[float]:
    """Numbers in ``span`` with their scale: "35-40k" -> [35000, 40000]; "8–15 LPA" ->
    [800000, 1500000]; a scale written once applies to both ends of a range."""
    parsed: list[tuple[float, str]] = []
    for digits, scale in _NUMBER_RE.findall(span)[:2]:
        parsed.append((_number(digits), (scale or "").lower()))
    if not parsed:
        return []
    shared = next((scale for _, scale in reversed(parsed) if scale), "")
    return [value * _multiplier(scale or shared) for value, scale in parsed]


def _number(digits: str) -> float:
    if re.fullmatch(r"\d{1,3}(?:[.,' ]\d{3})+", digits):
        return float(re.sub(r"[.,' ]", "", digits))
    if re.fullmatch(r"\d{1,3}(?:[.,' ]\d{3})+[.,]\d{1,2}", digits):
        return float(re.sub(r"[.,' ]", "", digits[:-3]) + "." + digits[-2:])
    return float(digits.replace(",", "."))


def _multiplier(scale: str) -> float:
    if scale.startswith(("lpa", "lakh", "lac")):
        return 100_000
    if scale:
        return 1000
    return 1


def _plain(value: float) -> float:
    return float(round(value, 2))
