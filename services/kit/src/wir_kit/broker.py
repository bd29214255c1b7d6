"""The FastStream broker of a service: the subscribers' description for the AsyncAPI document.

It is built but never started: `wir_kit.consuming` consumes the same queues with aio-pika, at
a fraction of FastStream's CPU per message, and `wir_kit.topology` declares them. The queue
arguments and bindings given here are the ones those declare, so the document shows them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import cast

from faststream.rabbit import ExchangeType, QueueType, RabbitBroker, RabbitExchange, RabbitQueue
from faststream.rabbit.schemas.queue import ClassicQueueArgs, QuorumQueueArgs

from wir_contracts.envelope import Event, tolerant
from wir_kit.settings import Settings
from wir_kit.subscriptions import Consumer
from wir_kit.topology import queue_arguments


def build_broker(settings: Settings, consumers: Sequence[Consumer]) -> RabbitBroker:
    broker = RabbitBroker(settings.amqp_url, logger=None, app_id=settings.service, apply_types=False)
    exchange = RabbitExchange(settings.exchange, type=ExchangeType.TOPIC, durable=True, declare=False)
    for consumer in consumers:
        broker.subscriber(
            _queue(settings, consumer),
            exchange,
            no_reply=True,
            title=consumer.queue,
            description=consumer.subscription.handler.__doc__,
        )(_described(consumer))
    return broker


def _queue(settings: Settings, consumer: Consumer) -> RabbitQueue:
    # Two calls, because RabbitQueue's overloads tie the type of `arguments` to the queue type.
    key = consumer.subscription.binding_keys[0]
    arguments = queue_arguments(settings, consumer.queue)
    if settings.queue_type == "quorum":
        return RabbitQueue(
            consumer.queue,
            queue_type=QueueType.QUORUM,
            durable=True,
            arguments=cast("QuorumQueueArgs", arguments),
            routing_key=key,
        )
    return RabbitQueue(
        consumer.queue,
        queue_type=QueueType.CLASSIC,
        durable=True,
        arguments=cast("ClassicQueueArgs", arguments),
        routing_key=key,
    )


def _described(consumer: Consumer) -> Callable[[Event], Awaitable[None]]:
    """A stand-in handler whose annotation names the tolerant event model the queue's consumer
    validates each delivery with: the message schema of the AsyncAPI document."""

    async def handle(event: Event) -> None:
        await consumer(event)

    handle.__annotations__ = {"event": tolerant(consumer.subscription.event), "return": None}
    handle.__name__ = handle.__qualname__ = consumer.queue.replace(".", "_")
    return handle
