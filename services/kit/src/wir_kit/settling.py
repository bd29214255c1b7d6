"""Settling each delivery: ack after commit, back-off retries, dead letters with a reason.

`wir_kit.consuming` sees the outcome of decoding, validation and the handler, and only then
acks. Copies for retry or the DLQ are published with confirms *before* the original is acked,
so a crash in between duplicates a message (the inbox absorbs it) but never loses one. When
such a copy cannot be published (a broker hiccup), the delivery is held, unacked, and the copy
tried again with back-off; only after `settle_patience_s` is it requeued, so a short outage
does not burn the queue's delivery limit in a hot loop.

An event must carry its `event_id`, equal to the AMQP message id: the tolerant consumer model
would fill in a fresh one, and the inbox could not tell a redelivery from a new event.
"""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from typing import TypeVar
from uuid import UUID

import pydantic
from aio_pika.abc import AbstractIncomingMessage

from wir_contracts.envelope import Event
from wir_kit import metrics
from wir_kit.logging import get_logger
from wir_kit.publisher import Outgoing, Publisher
from wir_kit.settings import Settings
from wir_kit.subscriptions import PermanentFailure
from wir_kit.topology import dead_letter_exchange, dlq_name, retry_queue_name

_LONGEST_SETTLE_BACKOFF_S = 30.0

log = get_logger("wir_kit.settling")

ATTEMPT = "x-wir-attempt"
REASON = "x-wir-dead-letter-reason"
ORIGIN_QUEUE = "x-wir-dead-letter-queue"
DEAD_AT = "x-wir-dead-lettered-at"
ORIGIN_ROUTING_KEY = "x-wir-original-routing-key"
_MAX_REASON = 1000


def invalid_payload_reason(exc: BaseException) -> str | None:
    """Why a payload is unusable, naming fields but never their values; None if it is not."""
    if isinstance(exc, pydantic.ValidationError):
        # Validation is deterministic: a retry would fail the same way.
        errors = exc.errors(include_input=False, include_url=False, include_context=False)
        parts = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in errors]
        return ("invalid payload: " + "; ".join(parts))[:_MAX_REASON]
    if isinstance(exc, json.JSONDecodeError | UnicodeDecodeError):
        return "invalid payload: not JSON"
    if isinstance(exc, PermanentFailure):
        return exc.reason[:_MAX_REASON]
    return None


_MISSING_ID = "invalid payload: event_id: missing (a redelivery could not be told from a new event)"
_OTHER_ID = "invalid payload: event_id differs from the message id"

E = TypeVar("E", bound=Event)


def event_of(model: type[E], body: bytes, message_id: str | None) -> E:
    """The delivered event, validated once from its JSON; raises what dead-letters it at once: an
    event whose id cannot deduplicate it is refused before any handler sees it."""
    try:
        event = model.model_validate_json(body)
    except pydantic.ValidationError:
        # Rare: name the problem as before, from the decoded body: no JSON, then its identity,
        # then the fields (JSONDecodeError, PermanentFailure, ValidationError).
        decoded = json.loads(body)
        problem = identity_problem(decoded, message_id)
        if problem is not None:
            raise PermanentFailure(problem) from None
        model.model_validate(decoded)
        raise
    # The tolerant model fills in a fresh id where the body has none: only a given one counts.
    if "event_id" not in event.model_fields_set:
        raise PermanentFailure(_MISSING_ID)
    if message_id != str(event.event_id) and _uuid(message_id) != event.event_id:
        raise PermanentFailure(_OTHER_ID)
    return event


def identity_problem(body: object, message_id: str | None) -> str | None:
    """Why an event's identity cannot be trusted for deduplication; None if it can. A body that
    is no JSON object, or whose event_id is no UUID, is left to validation to name."""
    if not isinstance(body, dict):
        return None
    if body.get("event_id") is None:
        return _MISSING_ID
    given = _uuid(body["event_id"])
    if given is not None and given != _uuid(message_id):
        return _OTHER_ID
    return None


def _uuid(value: object) -> UUID | None:
    try:
        return UUID(str(value)) if value else None
    except ValueError:
        return None


class Settler:
    """Publishes the retry and dead-letter copies of failed deliveries."""

    def __init__(self, settings: Settings, publisher: Publisher) -> None:
        self.settings = settings
        self.publisher = publisher

    async def settle_failure(self, raw: AbstractIncomingMessage, queue: str, exc: BaseException) -> None:
        attempt = _attempt(raw)
        reason = invalid_payload_reason(exc)
        if reason is None and attempt <= len(self.settings.retry_delays_ms):
            # To the delay's shared retry queue, keyed by the origin queue it returns to.
            retry = retry_queue_name(self.settings, self.settings.retry_delays_ms[attempt - 1])
            await self.publisher.publish(_copy(raw, retry, queue, {ATTEMPT: attempt + 1}))
            self._count(queue, "retried", raw, attempt, exc)
            return
        if reason is None:
            reason = f"gave up after {attempt} attempts: {type(exc).__name__}"
        headers: dict[str, str | int] = {
            REASON: reason,
            ORIGIN_QUEUE: queue,
            DEAD_AT: datetime.now(UTC).isoformat(),
            ORIGIN_ROUTING_KEY: raw.routing_key or "",
            ATTEMPT: attempt,
        }
        await self.publisher.publish(
            _copy(raw, dead_letter_exchange(self.settings), dlq_name(queue), headers)
        )
        self._count(queue, "dead_lettered", raw, attempt, exc)

    async def settle_patiently(self, raw: AbstractIncomingMessage, queue: str, exc: BaseException) -> bool:
        """`settle_failure`, tried again with back-off while publishing the copy fails, for up
        to `settle_patience_s`; False if it still fails (the caller requeues the delivery)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.settings.settle_patience_s
        delay = self.settings.settle_retry_s
        while True:
            try:
                await self.settle_failure(raw, queue, exc)
            except Exception as publish_error:  # noqa: BLE001 - any failure to settle is retried
                if loop.time() + delay > deadline:
                    log.error("settling failed, requeued", queue=queue, error=type(publish_error).__name__)
                    return False
                log.warning("settling failed, held", queue=queue, error=type(publish_error).__name__)
                await asyncio.sleep(delay)
                delay = min(delay * 2, _LONGEST_SETTLE_BACKOFF_S)
            else:
                return True

    def _count(
        self, queue: str, outcome: str, raw: AbstractIncomingMessage, attempt: int, exc: BaseException
    ) -> None:
        metrics.EVENTS_HANDLED.labels(self.settings.service, queue, outcome).inc()
        # The exception's type only: messages of validation errors and handlers can hold values.
        log.warning(
            "event " + outcome,
            queue=queue,
            event_id=raw.message_id,
            correlation_id=raw.correlation_id,
            attempt=attempt,
            error=type(exc).__name__,
        )


def _attempt(raw: AbstractIncomingMessage) -> int:
    value = (raw.headers or {}).get(ATTEMPT, 1)
    return value if isinstance(value, int) and value > 0 else 1


def _copy(
    raw: AbstractIncomingMessage, exchange: str, routing_key: str, extra: dict[str, str | int]
) -> Outgoing:
    headers = {k: v for k, v in (raw.headers or {}).items() if isinstance(v, str | int)}
    return Outgoing.copy_of(raw, exchange, routing_key, {**headers, **extra})
