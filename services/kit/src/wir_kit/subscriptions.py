"""What a service consumes: an event model, a handler, and the queue they share."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import structlog

from wir_contracts.envelope import Event
from wir_kit import context, metrics
from wir_kit.db import Claim, Db, Tx
from wir_kit.logging import get_logger

E = TypeVar("E", bound=Event)
log = get_logger("wir_kit.consumer")


class PermanentFailure(Exception):
    """A handler's verdict that retrying cannot help: the event goes to the DLQ at once.

    The reason is stored in a message header, so it must not contain personal data.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Subscription(Generic[E]):
    """`handler` runs for each `event` in a district transaction that also claims the inbox."""

    name: str
    event: type[E]
    handler: Callable[[E, Tx], Awaitable[None]]
    #: Routing keys the queue is bound to; default: every district's `event`. A subscription to
    #: several event kinds (a timeline, say) names their keys and takes a model they all fit.
    bindings: tuple[str, ...] = ()

    def queue(self, service: str, prefix: str = "") -> str:
        """`<prefix><service>.<name>`: the prefix separates installations sharing a broker."""
        return f"{prefix}{service}.{self.name}"

    @property
    def binding_keys(self) -> tuple[str, ...]:
        return self.bindings or (self.event.binding_key(),)


class Consumer:
    """Applies one subscription's handler exactly once per event id, whatever the redeliveries."""

    def __init__(
        self, db: Callable[[], Db], service: str, subscription: Subscription[Any], *, prefix: str = ""
    ) -> None:
        self.db = db
        self.service = service
        self.subscription = subscription
        self.queue = subscription.queue(service, prefix)
        # Labelled once: a label lookup per event is measurable on the event hop.
        self._handled = {
            outcome: metrics.EVENTS_HANDLED.labels(service, self.queue, outcome)
            for outcome in ("handled", "duplicate")
        }
        self._seconds = metrics.HANDLER_SECONDS.labels(service, self.queue)

    async def __call__(self, event: Event) -> None:
        started = time.perf_counter()
        correlation = context.correlation_id.set(event.correlation_id)
        causation = context.causation_id.set(event.event_id)
        # Bound and reset by token rather than with a context manager: this runs for every event.
        bound = structlog.contextvars.bind_contextvars(
            district=event.district, correlation_id=event.correlation_id, event_id=str(event.event_id)
        )
        try:
            claim = Claim(self.queue, event.event_id)
            async with self.db().transaction(event.district, claim=claim) as tx:
                fresh = bool(tx.claimed)
                if fresh:
                    await self.subscription.handler(event, tx)
            elapsed = time.perf_counter() - started
            outcome = "handled" if fresh else "duplicate"
            self._handled[outcome].inc()
            self._seconds.observe(elapsed)
            # The line's fields are worth building only where it is written.
            if log.is_enabled_for(logging.INFO):
                log.info(
                    "event " + outcome,
                    queue=self.queue,
                    event_type=event.event_type,
                    duration_ms=round(elapsed * 1000, 2),
                )
        finally:
            context.correlation_id.reset(correlation)
            context.causation_id.reset(causation)
            structlog.contextvars.reset_contextvars(**bound)
