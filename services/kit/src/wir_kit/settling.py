"""Settling each delivery: ack after commit, back-off retries, dead letters with a reason.

FastStream's own acknowledgement is switched off (`AckPolicy.MANUAL`); this middleware sees
the outcome of parsing, validation and the handler, and only then acks. Copies for retry or
the DLQ are published with confirms *before* the original is acked, so a crash in between
duplicates a message (the inbox absorbs it) but never loses one. When such a copy cannot be
published (a broker hiccup), the delivery is held, unacked, and the copy tried again with
back-off; only after `settle_patience_s` is it requeued, so a short outage does not burn the
queue's delivery limit in a hot loop.

An event must carry its `event_id`, equal to the AMQP message id: the tolerant consumer model
would fill in a fresh one, and the inbox could not tell a redelivery from a new event.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, cast
from uuid import UUID

import fast_depends
import pydantic
from aio_pika.abc import AbstractIncomingMessage
from faststream import BaseMiddleware
from faststream._internal.context.repository import ContextRepo
from faststream.message import StreamMessage

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
    if isinstance(exc, fast_depends.ValidationError):
        exc = exc.original_error
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


def identity_problem(body: object, message_id: str | None) -> str | None:
    """Why an event's identity cannot be trusted for deduplication; None if it can. A body that
    is no JSON object, or whose event_id is no UUID, is left to validation to name."""
    if not isinstance(body, dict):
        return None
    if body.get("event_id") is None:
        return "invalid payload: event_id: missing (a redelivery could not be told from a new event)"
    given = _uuid(body["event_id"])
    if given is not None and given != _uuid(message_id):
        return "invalid payload: event_id differs from the message id"
    return None


def _uuid(value: object) -> UUID | None:
    try:
        return UUID(str(value)) if value else None
    except ValueError:
        return None


class Settler:
    """Publishes retry and dead-letter copies for the delivery middleware."""

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


class DeliveryMiddleware(BaseMiddleware[Any, Any | None]):
    """Acks a delivery only when its outcome is durable: committed, retried or dead-lettered."""

    def __init__(self, msg: Any | None, /, *, context: ContextRepo, settler: Settler) -> None:
        super().__init__(msg, context=context)
        self.settler = settler

    async def after_processed(
        self,
        exc_type: type[BaseException] | None = None,
        exc_val: BaseException | None = None,
        exc_tb: TracebackType | None = None,
    ) -> bool | None:
        raw = cast("AbstractIncomingMessage", self.msg)
        if exc_val is None:
            await raw.ack()
            return False
        if isinstance(exc_val, asyncio.CancelledError):
            # Stopping: left unacked, the broker redelivers it to another consumer.
            return False
        queue: str = self.context.get_local("handler_").queue.name
        if not await self.settler.settle_patiently(raw, queue, exc_val):
            await raw.nack(requeue=True)
            return True
        await raw.ack()
        # Handled here: FastStream must not log the exception, its text can hold personal data.
        return True

    async def consume_scope(
        self, call_next: Callable[[StreamMessage[Any]], Awaitable[Any]], msg: StreamMessage[Any]
    ) -> Any:
        """Refuse an event whose id cannot deduplicate it, before any handler sees it."""
        raw = cast("AbstractIncomingMessage", self.msg)
        problem = identity_problem(await msg.decode(), raw.message_id)
        if problem is not None:
            raise PermanentFailure(problem)
        return await call_next(msg)


class DeliveryMiddlewareFactory:
    """What FastStream calls per delivery to get the middleware that settles it."""

    def __init__(self, settler: Settler) -> None:
        self.settler = settler

    def __call__(self, msg: Any | None, /, *, context: ContextRepo) -> BaseMiddleware[Any, Any | None]:
        return DeliveryMiddleware(msg, context=context, settler=self.settler)
