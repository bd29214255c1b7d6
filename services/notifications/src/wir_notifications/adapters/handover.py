"""The moment a channel adapter hands a message over: after that, it may be delivered even if
no answer ever comes back.

The sender passes a `HandOver` that notes this moment in the database (and checks that its
claim still holds); the adapter awaits it right before the step it cannot take back (SMTP DATA,
the provider's POST). If it fails, the adapter stops there: nothing was handed over.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

HandOver = Callable[[], Awaitable[None]]


class NotHandedOver(Exception):
    """The hand-over was refused (claim lost) or could not be noted; the message was not sent."""


async def unnoted() -> None:
    """For callers that keep no record of the hand-over (tests of an adapter alone)."""


async def handing_over(hand_over: HandOver) -> None:
    """Await the hand-over; whatever it raises comes out as `NotHandedOver`, so that an adapter
    does not mistake a lost database connection for a broken channel."""
    try:
        await hand_over()
    except NotHandedOver:
        raise
    except Exception as exc:  # any failure means: do not send
        raise NotHandedOver(type(exc).__name__) from exc
