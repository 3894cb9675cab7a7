"""Pacing bulk sends under Telegram's limit of about 30 messages a second per bot."""

from __future__ import annotations

import asyncio
from collections import deque

# The AIORateLimiter lets a burst of 30 through and then 30/s, which a strict sliding window
# answers with 429s: bulk senders pace themselves a little below it.
SENDS_PER_SECOND = 29


class Pacer:
    """At most `limit` sends start in any sliding `period` (real time: this is about Telegram,
    not the injected clock).

    Sends are sequential, so each one is answered before the next starts. With 29 starts per
    second, any 31 consecutive messages span more than a second on Telegram's side too: a
    30-per-second window never sees a 31st, whatever the network latency.
    """

    def __init__(self, limit: int = SENDS_PER_SECOND, period: float = 1.0) -> None:
        self.limit = limit
        self.period = period
        self._starts: deque[float] = deque(maxlen=limit)

    async def wait(self) -> None:
        loop = asyncio.get_running_loop()
        if len(self._starts) == self.limit:
            delay = self._starts[0] + self.period - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
        self._starts.append(loop.time())
