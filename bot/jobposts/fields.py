"""What can be read from a job post: the field types shared by the extraction modules.

``extract`` (in ``extract.py``) fills a ``JobPostFields``; the other modules import the types
from there, where they are re-exported.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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


class PayPeriod(StrEnum):
    HOUR = "hour"
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True, slots=True)
class JobPostFields:
    """What could be read from a post; every field is optional.

    Pay is kept as stated: ``pay_min``/``pay_max`` in ``pay_currency`` (ISO code) per
    ``pay_period``. ``salary_min``/``salary_max`` are the same amounts only when they are euros
    per year (gross), for rules that compare a yearly salary ("RAL ≥ 35k").
    """

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
    pay_min: float | None = None
    pay_max: float | None = None
    pay_currency: str | None = None
    pay_period: PayPeriod | None = None
