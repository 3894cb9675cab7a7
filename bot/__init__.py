"""Rete: the core (settings, application factory, domain logic, jobs, i18n)."""

import os

# Opt in to python-telegram-bot's next behaviour now: durations such as RetryAfter.retry_after
# are datetime.timedelta (PTB warns on every 429 otherwise).
os.environ.setdefault("PTB_TIMEDELTA", "1")
