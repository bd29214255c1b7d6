"""Names and arguments of the exchanges and queues, declared the same way by every replica.

Each subscriber owns a quorum queue bound to the topic exchange and a dead-letter queue (all
classic where `queue_type` says so: throwaway installations only). Back-off goes through retry
queues shared by the whole installation, one per delay: a retry copy is published to the
delay's fanout exchange with the origin queue's name as routing key; the queue holds it for its
TTL and then dead-letters it through the default exchange under that routing key, i.e. back to
the origin queue (RabbitMQ 3.10 has no delayed delivery, and a requeue is immediate).

An event no queue is bound for goes to the topic exchange's alternate exchange and waits in one
bounded queue (`<prefix><exchange>.unrouted`), where `wir dlq` shows it.

Arguments of an existing exchange or queue cannot change: a redeclare with others fails with
PRECONDITION_FAILED. `declare` finds such objects of an older installation, logs one line and
uses them as they are; `wir migrate` brings them to the new shape.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import aiormq
from aio_pika import ExchangeType
from aio_pika.abc import AbstractChannel

from wir_kit.logging import get_logger
from wir_kit.settings import Settings

log = get_logger("wir_kit.topology")

#: Dead-lettering by the broker is at-most-once unless a quorum queue asks for at-least-once,
#: which in turn needs `reject-publish` overflow.
_SAFE_DEAD_LETTERING = {"x-dead-letter-strategy": "at-least-once", "x-overflow": "reject-publish"}


def dead_letter_exchange(settings: Settings) -> str:
    return f"{settings.exchange}.dlx"


def dlq_name(queue: str) -> str:
    return f"{queue}.dlq"


def retry_queue_name(settings: Settings, delay_ms: int) -> str:
    """The installation's retry queue of one delay; its fanout exchange has the same name.

    Named by the delay rather than the step, so that changing `retry_delays_ms` or giving
    services different ones declares new queues instead of failing on the old ones' TTL."""
    return f"{settings.queue_prefix}{settings.exchange}.retry.{delay_ms}ms"


def legacy_retry_queue_name(queue: str, attempt: int) -> str:
    """A subscriber's own retry queue, as installations before shared retry queues had."""
    return f"{queue}.retry.{attempt}"


def unrouted_exchange(settings: Settings) -> str:
    return f"{settings.exchange}.unrouted"


def unrouted_queue(settings: Settings) -> str:
    return f"{settings.queue_prefix}{settings.exchange}.unrouted"


def _typed(settings: Settings) -> dict[str, Any]:
    if settings.queue_type == "quorum":
        return {"x-queue-type": "quorum", **_SAFE_DEAD_LETTERING}
    return {"x-queue-type": "classic"}


def exchange_arguments(settings: Settings) -> dict[str, Any]:
    return {"alternate-exchange": unrouted_exchange(settings)}


def queue_arguments(settings: Settings, queue: str) -> dict[str, Any]:
    limit = {"x-delivery-limit": settings.delivery_limit} if settings.queue_type == "quorum" else {}
    return {
        **_typed(settings),
        **limit,
        "x-dead-letter-exchange": dead_letter_exchange(settings),
        "x-dead-letter-routing-key": dlq_name(queue),
    }


def retry_queue_arguments(settings: Settings, delay_ms: int) -> dict[str, Any]:
    # No dead-letter routing key: an expired message keeps the one it was published with, the
    # name of its origin queue, and the default exchange routes it there.
    return {**_typed(settings), "x-message-ttl": delay_ms, "x-dead-letter-exchange": ""}


def dlq_arguments(settings: Settings) -> dict[str, Any]:
    """Dead letters hold personal data: they expire, and a DLQ holds a bounded number. A full
    DLQ refuses more (`reject-publish`) rather than dropping the oldest unseen: the kit's copy
    then is not confirmed and the delivery waits in its own queue, and the broker's at-least-once
    dead-lettering of a quorum queue keeps retrying, so nothing is lost without a trace."""
    return {
        "x-queue-type": settings.queue_type,
        "x-message-ttl": settings.dlq_ttl_ms,
        "x-max-length": settings.dlq_max_length,
        "x-overflow": "reject-publish",
    }


def unrouted_arguments(settings: Settings) -> dict[str, Any]:
    """Events nobody consumes: the newest are kept, for a while, to be looked at."""
    return {
        "x-queue-type": settings.queue_type,
        "x-message-ttl": settings.unrouted_ttl_ms,
        "x-max-length": settings.unrouted_max_length,
        "x-overflow": "drop-head",
    }


@dataclass(frozen=True)
class QueueBinding:
    queue: str
    binding_keys: tuple[str, ...]


async def outdated(channel: AbstractChannel, settings: Settings, dlqs: Sequence[str]) -> list[str]:
    """The event exchange and those of `dlqs` that exist with older arguments than the kit's.

    Each is tried with the current arguments on a channel of its own (a refusal closes it);
    what does not exist yet is declared on the way."""
    connection = (await channel.get_underlay_channel()).connection
    found = []
    probe = await connection.channel()
    checks: list[tuple[str, dict[str, Any]]] = [(settings.exchange, exchange_arguments(settings))]
    checks += [(name, dlq_arguments(settings)) for name in dlqs]
    checks.append((unrouted_queue(settings), unrouted_arguments(settings)))
    for name, arguments in checks:
        try:
            if name == settings.exchange:
                await probe.exchange_declare(name, exchange_type="topic", durable=True, arguments=arguments)
            else:
                await probe.queue_declare(name, durable=True, arguments=arguments)
        except aiormq.exceptions.ChannelPreconditionFailed:
            found.append(name)
            probe = await connection.channel()
    await probe.close()
    return found


async def declare(channel: AbstractChannel, settings: Settings, queues: Sequence[QueueBinding]) -> list[str]:
    """Declare exchanges, every subscriber queue with its bindings and DLQ, the shared retry
    queues and the unrouted queue. Returns what has an older shape (used as it is)."""
    old = await outdated(channel, settings, [dlq_name(b.queue) for b in queues])
    if old:
        log.warning("broker objects have an older shape; run `wir migrate` to upgrade them", names=old)
    events = await channel.declare_exchange(
        settings.exchange,
        ExchangeType.TOPIC,
        durable=True,
        arguments=exchange_arguments(settings),
        passive=settings.exchange in old,
    )
    await declare_shared(channel, settings, passive=unrouted_queue(settings) in old)
    dlx = await channel.declare_exchange(dead_letter_exchange(settings), ExchangeType.DIRECT, durable=True)
    for binding in queues:
        main = await channel.declare_queue(
            binding.queue, durable=True, arguments=queue_arguments(settings, binding.queue)
        )
        for key in binding.binding_keys:
            await main.bind(events, key)
        name = dlq_name(binding.queue)
        dlq = await channel.declare_queue(
            name, durable=True, arguments=dlq_arguments(settings), passive=name in old
        )
        await dlq.bind(dlx, name)
    return old


async def declare_shared(channel: AbstractChannel, settings: Settings, *, passive: bool = False) -> None:
    """The installation's retry queues and its unrouted queue (passively: it has an older
    shape), each behind a fanout exchange."""
    shared = [
        (
            retry_queue_name(settings, d),
            retry_queue_name(settings, d),
            retry_queue_arguments(settings, d),
            False,
        )
        for d in settings.retry_delays_ms
    ]
    shared.append(
        (unrouted_exchange(settings), unrouted_queue(settings), unrouted_arguments(settings), passive)
    )
    for exchange_name, name, arguments, as_is in shared:
        exchange = await channel.declare_exchange(exchange_name, ExchangeType.FANOUT, durable=True)
        queue = await channel.declare_queue(name, durable=True, arguments=arguments, passive=as_is)
        await queue.bind(exchange, "")


async def delete(channel: AbstractChannel, settings: Settings, queues: Sequence[str]) -> None:
    """Remove what `declare` made (tests only: production queues outlive their consumers)."""
    for queue in queues:
        await channel.queue_delete(queue)
        await channel.queue_delete(dlq_name(queue))
    for delay in settings.retry_delays_ms:
        await channel.queue_delete(retry_queue_name(settings, delay))
        await channel.exchange_delete(retry_queue_name(settings, delay))
    await channel.queue_delete(unrouted_queue(settings))
    await channel.exchange_delete(settings.exchange)
    await channel.exchange_delete(unrouted_exchange(settings))
    await channel.exchange_delete(dead_letter_exchange(settings))
