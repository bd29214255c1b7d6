"""Names and arguments of the exchanges and queues, declared the same way by every replica.

Each subscriber owns a quorum queue bound to the topic exchange, a dead-letter queue, and one
retry queue per back-off step (all classic where `queue_type` says so: test runs only). A retry
queue holds a message for its TTL and then dead-letters it back to the subscriber's queue:
RabbitMQ 3.10 has no delayed delivery, and a requeue is immediate, so back-off needs a queue
that waits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from aio_pika import ExchangeType
from aio_pika.abc import AbstractChannel

from wir_kit.settings import Settings

#: Dead-lettering by the broker is at-most-once unless a quorum queue asks for at-least-once,
#: which in turn needs `reject-publish` overflow.
_SAFE_DEAD_LETTERING = {"x-dead-letter-strategy": "at-least-once", "x-overflow": "reject-publish"}


def dead_letter_exchange(settings: Settings) -> str:
    return f"{settings.exchange}.dlx"


def dlq_name(queue: str) -> str:
    return f"{queue}.dlq"


def retry_queue_name(queue: str, attempt: int) -> str:
    return f"{queue}.retry.{attempt}"


def _typed(settings: Settings) -> dict[str, Any]:
    if settings.queue_type == "quorum":
        return {"x-queue-type": "quorum", **_SAFE_DEAD_LETTERING}
    return {"x-queue-type": "classic"}


def queue_arguments(settings: Settings, queue: str) -> dict[str, Any]:
    limit = {"x-delivery-limit": settings.delivery_limit} if settings.queue_type == "quorum" else {}
    return {
        **_typed(settings),
        **limit,
        "x-dead-letter-exchange": dead_letter_exchange(settings),
        "x-dead-letter-routing-key": dlq_name(queue),
    }


def retry_queue_arguments(settings: Settings, queue: str, delay_ms: int) -> dict[str, Any]:
    return {
        **_typed(settings),
        "x-message-ttl": delay_ms,
        "x-dead-letter-exchange": "",
        "x-dead-letter-routing-key": queue,
    }


def dlq_arguments(settings: Settings) -> dict[str, Any]:
    return {"x-queue-type": settings.queue_type}


@dataclass(frozen=True)
class QueueBinding:
    queue: str
    binding_keys: tuple[str, ...]


async def declare(channel: AbstractChannel, settings: Settings, queues: Sequence[QueueBinding]) -> None:
    """Declare exchanges, every subscriber queue with its bindings, its DLQ and retry queues."""
    events = await channel.declare_exchange(settings.exchange, ExchangeType.TOPIC, durable=True)
    dlx = await channel.declare_exchange(dead_letter_exchange(settings), ExchangeType.DIRECT, durable=True)
    for binding in queues:
        main = await channel.declare_queue(
            binding.queue, durable=True, arguments=queue_arguments(settings, binding.queue)
        )
        for key in binding.binding_keys:
            await main.bind(events, key)
        dlq = await channel.declare_queue(
            dlq_name(binding.queue), durable=True, arguments=dlq_arguments(settings)
        )
        await dlq.bind(dlx, dlq_name(binding.queue))
        for attempt, delay in enumerate(settings.retry_delays_ms, start=1):
            await channel.declare_queue(
                retry_queue_name(binding.queue, attempt),
                durable=True,
                arguments=retry_queue_arguments(settings, binding.queue, delay),
            )


async def delete(channel: AbstractChannel, settings: Settings, queues: Sequence[str]) -> None:
    """Remove what `declare` made (tests only: production queues outlive their consumers)."""
    for queue in queues:
        names = [queue, dlq_name(queue)]
        names += [retry_queue_name(queue, n) for n in range(1, len(settings.retry_delays_ms) + 1)]
        for name in names:
            await channel.queue_delete(name)
    await channel.exchange_delete(settings.exchange)
    await channel.exchange_delete(dead_letter_exchange(settings))
