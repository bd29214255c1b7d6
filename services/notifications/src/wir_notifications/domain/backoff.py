"""How long a transiently failed delivery waits before its next attempt."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta


def retry_delay(attempts: int, delays_s: Sequence[float], *, jitter: float, draw: float) -> timedelta | None:
    """The wait after `attempts` failed attempts, or None when the retry budget is spent.

    `draw` in [0, 1) spreads the wait over ±`jitter` of the step, so that messages failing
    together (a mail server restart) do not all come back at the same instant.
    """
    if attempts < 1 or attempts > len(delays_s):
        return None
    base = delays_s[attempts - 1]
    return timedelta(seconds=base * (1 - jitter + 2 * jitter * draw))
