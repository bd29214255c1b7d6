"""What an attempt to hand a message to a channel came to, and what follows from it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from wir_contracts.notifications.v1 import FailureReason


@dataclass(frozen=True)
class Sent:
    """The channel took the message (mail server 250, provider's confirmed answer)."""

    detail: str = "accepted"


@dataclass(frozen=True)
class Transient:
    """Worth another try later: a 4xx from the mail server, a refused connection, a 5xx, a
    timeout, an answer that cannot be read. `detail` is a code, never a server's text."""

    detail: str


@dataclass(frozen=True)
class Permanent:
    """Another try cannot help: a 5xx from the mail server, an invalid address, no consent."""

    reason: FailureReason
    detail: str


Outcome = Sent | Transient | Permanent


@dataclass(frozen=True)
class Retry:
    """Try the same channel again after `after`."""

    after: timedelta
    detail: str


#: What follows from an attempt: done (Sent), again later (Retry), or this channel failed for
#: good and the next one of the plan takes over (Permanent).
Step = Sent | Retry | Permanent


def next_step(outcome: Outcome, retry_after: timedelta | None) -> Step:
    """The consequence of one attempt; `retry_after` is None once the retry budget is spent."""
    if not isinstance(outcome, Transient):
        return outcome
    if retry_after is None:
        return Permanent(FailureReason.RETRIES_EXHAUSTED, outcome.detail)
    return Retry(retry_after, outcome.detail)
