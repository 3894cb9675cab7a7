"""Fault injection and optional rate-limit realism for the emulator's HTTP layer."""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

FaultKind = Literal["429", "5xx", "slow", "network"]
_KINDS = ("429", "5xx", "slow", "network")


@dataclass
class Fault:
    kind: FaultKind
    remaining: int
    method: str | None  # lower-cased; None = any method
    retry_after: int
    delay: float


class Faults:
    """Queued faults; each request consumes the first one that matches its method."""

    def __init__(self) -> None:
        self.pending: list[Fault] = []

    def inject(
        self,
        kind: FaultKind,
        count: int = 1,
        method: str | None = None,
        retry_after: int = 1,
        delay: float = 0.0,
    ) -> None:
        if kind not in _KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; expected one of {_KINDS}")
        self.pending.append(
            Fault(kind, count, method.lower() if method else None, retry_after, delay)
        )

    def clear(self) -> None:
        self.pending.clear()

    def take(self, method: str) -> Fault | None:
        for fault in self.pending:
            if fault.method is None or fault.method == method.lower():
                fault.remaining -= 1
                if fault.remaining <= 0:
                    self.pending.remove(fault)
                return fault
        return None


class _Window:
    """At most `limit` events in any `period` seconds (sliding window)."""

    def __init__(self, limit: int, period: float) -> None:
        self.limit = limit
        self.period = period
        self.times: deque[float] = deque()

    def wait_needed(self, now: float) -> float:
        while self.times and now - self.times[0] >= self.period:
            self.times.popleft()
        if len(self.times) < self.limit:
            return 0.0
        return self.times[0] + self.period - now

    def add(self, now: float) -> None:
        self.times.append(now)


class RateLimits:
    """Telegram's documented limits, loosely: 30 msg/s per bot, about 1/s per private chat
    (short bursts of 3 allowed), 20/min per group. Answers the retry_after to serve, or None."""

    GLOBAL_PER_SECOND = 30
    PRIVATE_BURST = 3
    PRIVATE_PERIOD = 3.0
    GROUP_PER_MINUTE = 20

    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.monotonic = monotonic
        self.overall = _Window(self.GLOBAL_PER_SECOND, 1.0)
        self.per_chat: dict[int, _Window] = {}

    def check(self, chat_id: int, chat_is_private: bool) -> int | None:
        now = self.monotonic()
        chat_window = self.per_chat.get(chat_id)
        if chat_window is None:
            chat_window = (
                _Window(self.PRIVATE_BURST, self.PRIVATE_PERIOD)
                if chat_is_private
                else _Window(self.GROUP_PER_MINUTE, 60.0)
            )
            self.per_chat[chat_id] = chat_window
        wait = max(self.overall.wait_needed(now), chat_window.wait_needed(now))
        if wait > 0:
            return max(1, math.ceil(wait))
        self.overall.add(now)
        chat_window.add(now)
        return None
