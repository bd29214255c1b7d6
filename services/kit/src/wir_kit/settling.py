"""Settling each delivery: ack after commit, back-off retries, dead letters with a reason.

FastStream's own acknowledgement is switched off (`AckPolicy.MANUAL`); this middleware sees
the outcome of parsing, validation and the handler, and only then acks. Copies for retry or
the DLQ are published with confirms *before* the original is acked, so a crash in between
duplicates a message (the inbox absorbs it) but never loses one.
"""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, cast

import fast_depends
import pydantic
from aio_pika.abc import AbstractIncomingMessage
from faststream import BaseMiddleware
from faststream._internal.context.repository import ContextRepo

from wir_kit import metrics
from wir_kit.logging import get_logger
from wir_kit.publisher import Outgoing, Publisher
from wir_kit.settings import Settings
from wir_kit.subscriptions import PermanentFailure
from wir_kit.topology import dead_letter_exchange, dlq_name, retry_queue_name

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


class Settler:
    """Publishes retry and dead-letter copies for the delivery middleware."""

    def __init__(self, settings: Settings, publisher: Publisher) -> None:
        self.settings = settings
        self.publisher = publisher

    async def settle_failure(self, raw: AbstractIncomingMessage, queue: str, exc: BaseException) -> None:
        attempt = _attempt(raw)
        reason = invalid_payload_reason(exc)
        if reason is None and attempt <= len(self.settings.retry_delays_ms):
            await self.publisher.publish(
                _copy(raw, "", retry_queue_name(queue, attempt), {ATTEMPT: attempt + 1})
            )
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
        try:
            await self.settler.settle_failure(raw, queue, exc_val)
        except Exception as publish_error:  # noqa: BLE001 - any failure to settle means requeue
            log.error("settling failed, requeued", queue=queue, error=type(publish_error).__name__)
            await raw.nack(requeue=True)
            return True
        await raw.ack()
        # Handled here: FastStream must not log the exception, its text can hold personal data.
        return True


class DeliveryMiddlewareFactory:
    """What FastStream calls per delivery to get the middleware that settles it."""

    def __init__(self, settler: Settler) -> None:
        self.settler = settler

    def __call__(self, msg: Any | None, /, *, context: ContextRepo) -> BaseMiddleware[Any, Any | None]:
        return DeliveryMiddleware(msg, context=context, settler=self.settler)
