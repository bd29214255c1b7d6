"""The FastStream broker of a service, with the defaults DESIGN §10 says are wrong fixed."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import cast

import aiormq
from faststream.middlewares import AckPolicy
from faststream.rabbit import Channel, ExchangeType, QueueType, RabbitBroker, RabbitExchange, RabbitQueue
from faststream.rabbit.schemas.queue import ClassicQueueArgs, QuorumQueueArgs
from faststream.rabbit.subscriber import RabbitSubscriber

from wir_contracts.envelope import Event, tolerant
from wir_kit.settings import Settings
from wir_kit.settling import DeliveryMiddlewareFactory, Settler
from wir_kit.subscriptions import Consumer
from wir_kit.topology import queue_arguments


def build_broker(settings: Settings, settler: Settler, consumers: Sequence[Consumer]) -> RabbitBroker:
    broker = RabbitBroker(
        settings.amqp_url,
        # A broker back after a restart is used again within a second (default: five).
        reconnect_interval=settings.broker_reconnect_s,
        # Bounded concurrency: aiormq starts a task per delivery, prefetch is the only cap.
        default_channel=Channel(prefetch_count=settings.prefetch),
        graceful_timeout=settings.graceful_timeout_s,
        # FastStream logs two lines per message; the kit logs one, without payloads.
        logger=None,
        middlewares=[DeliveryMiddlewareFactory(settler)],
        app_id=settings.service,
        # The kit validates each event itself (one pydantic call on the decoded body); FastStream's
        # dependency injection around it costs as much again per message (DESIGN §10).
        apply_types=False,
    )
    # Declared by topology.declare with its arguments before the broker starts; FastStream only
    # looks it up (a redeclare without the arguments would be refused).
    exchange = RabbitExchange(settings.exchange, type=ExchangeType.TOPIC, durable=True, declare=False)
    # Prefetch lets every subscriber hold many deliveries; at most this many run a handler at
    # once, each on a pooled connection, so none waits long for one.
    running = asyncio.Semaphore(settings.handler_concurrency or settings.database_pool_max)
    for consumer in consumers:
        broker.subscriber(
            _queue(settings, consumer),
            exchange,
            ack_policy=AckPolicy.MANUAL,
            no_reply=True,
            title=consumer.queue,
            description=consumer.subscription.handler.__doc__,
        )(_entry(consumer, running, settings.handler_timeout_s))
    return broker


def _queue(settings: Settings, consumer: Consumer) -> RabbitQueue:
    # Two calls, because RabbitQueue's overloads tie the type of `arguments` to the queue type.
    # FastStream binds one key; topology.declare binds the others before the broker starts.
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


def _entry(
    consumer: Consumer, running: asyncio.Semaphore, time_limit_s: float
) -> Callable[[Event], Awaitable[None]]:
    """A handler taking the decoded body and validating it as the tolerant event model; the
    annotation names that model for the AsyncAPI document. An invalid body raises pydantic's
    ValidationError, which the delivery middleware dead-letters with the fields it names.
    A handler over its time limit is cancelled (its transaction rolls back) and raises
    TimeoutError, which the middleware retries like any transient failure.
    """
    model = tolerant(consumer.subscription.event)

    async def handle(event: Event) -> None:
        validated = model.model_validate(event)
        # The time limit starts once the handler may run, not while it waits for its turn.
        async with running, asyncio.timeout(time_limit_s):
            await consumer(validated)

    handle.__annotations__ = {"event": model, "return": None}
    handle.__name__ = handle.__qualname__ = consumer.queue.replace(".", "_")
    return handle


async def consumers_attached(broker: RabbitBroker) -> bool:
    """Whether every subscriber still has a live consumer on an open channel.

    aiormq drops a server-side consumer cancel silently (DESIGN §10), so a subscriber can stop
    receiving without any error: readiness must look at the channel's consumers itself.
    """
    for subscriber in broker.subscribers:
        if not isinstance(subscriber, RabbitSubscriber):
            continue
        queue, tag = subscriber._queue_obj, subscriber._consumer_tag  # noqa: SLF001 - no public API
        if queue is None or tag is None or queue.channel.is_closed:
            return False
        underlay = cast("aiormq.Channel", await queue.channel.get_underlay_channel())
        if tag not in underlay.consumers:
            return False
    return True
