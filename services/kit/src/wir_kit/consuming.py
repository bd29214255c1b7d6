"""Consuming the subscriptions' queues: one aio-pika consumer per queue, on a connection of its own.

FastStream describes the subscribers (AsyncAPI, `wir_kit.broker`) but does not run them: its
per-message machinery (context scopes, middleware objects, parser, decoder, exit stacks) cost
as much CPU as the kit's own work per event. Each delivery here is decoded and validated once,
handled under the concurrency cap and time limit, and settled by `Settler`: acked after its
commit, or after its retry or dead-letter copy was confirmed, or requeued.

The robust connection declares each queue again after the broker comes back and consumes it
with the same consumer tag, and its channel keeps the prefetch. aiormq drops a server-side
consumer cancel silently (DESIGN §10), so readiness looks at the channel's consumers itself.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence
from typing import cast

import aio_pika
import aiormq
from aio_pika.abc import AbstractIncomingMessage, AbstractRobustChannel, AbstractRobustConnection
from aiormq.exceptions import AMQPError

from wir_contracts.envelope import Event, tolerant
from wir_kit.logging import get_logger
from wir_kit.settings import Settings
from wir_kit.settling import Settler, event_of
from wir_kit.subscriptions import Consumer
from wir_kit.topology import queue_arguments

log = get_logger("wir_kit.consuming")


class Deliveries:
    """Every subscription's consumer of one process; `start` after the topology is declared."""

    def __init__(self, settings: Settings, settler: Settler, consumers: Sequence[Consumer]) -> None:
        self.settings = settings
        self.settler = settler
        self.consumers = list(consumers)
        # Prefetch lets every consumer hold many deliveries; at most this many run a handler at
        # once, each on a pooled connection, so none waits long for one.
        self.running = asyncio.Semaphore(settings.handler_concurrency or settings.database_pool_max)
        #: The deliveries' tasks between arrival and settling, which a stop waits for.
        self.handling: set[asyncio.Task[object]] = set()
        self.stopping = False
        self._connection: AbstractRobustConnection | None = None
        self._channel: AbstractRobustChannel | None = None
        self._tags: list[str] = []
        self._queues: list[aio_pika.abc.AbstractQueue] = []

    async def start(self) -> None:
        self.stopping = False
        self._connection = await aio_pika.connect_robust(
            self.settings.amqp_url,
            client_properties={"connection_name": f"wir-{self.settings.service}-consume"},
            reconnect_interval=self.settings.broker_reconnect_s,
        )
        channel = await self._connection.channel()
        # Bounded concurrency: aiormq starts a task per delivery, prefetch is the only cap.
        await channel.set_qos(prefetch_count=self.settings.prefetch)
        self._channel = channel
        for consumer in self.consumers:
            # Declared (and bound) by topology.declare; declared again with the same arguments so
            # that the robust channel can restore it after the broker lost it.
            queue = await channel.declare_queue(
                consumer.queue, durable=True, arguments=queue_arguments(self.settings, consumer.queue)
            )
            self._queues.append(queue)
            self._tags.append(await queue.consume(_Subscriber(self, consumer).on_message))

    async def stop(self) -> None:
        """Stop consuming, let the handlers in flight finish and settle, then close. Cancelled
        (the caller's deadline), the handlers still running are cancelled: their deliveries stay
        unacked and the broker hands them to another consumer."""
        self.stopping = True
        try:
            for queue, tag in zip(self._queues, self._tags, strict=True):
                with contextlib.suppress(AMQPError, OSError, RuntimeError):
                    await queue.cancel(tag)
            while self.handling:
                await asyncio.wait(set(self.handling))
        finally:
            for task in self.handling:
                task.cancel()
            if self._connection is not None:
                await self._connection.close()
            self._connection = self._channel = None
            self._queues.clear()
            self._tags.clear()

    async def attached(self) -> bool:
        """Whether every subscription still has a live consumer on an open channel."""
        if self._channel is None or self._channel.is_closed or len(self._tags) != len(self.consumers):
            return False
        underlay = cast("aiormq.Channel", await self._channel.get_underlay_channel())
        return all(tag in underlay.consumers for tag in self._tags)

    async def ping(self, timeout_s: float = 2.0) -> bool:
        """Whether the connection is up, or comes back within `timeout_s` (a reconnect)."""
        if self._connection is None:
            return False
        try:
            async with asyncio.timeout(timeout_s):
                await self._connection.connected.wait()
        except TimeoutError:
            return False
        return True

    async def settle_failure(self, queue: str, message: AbstractIncomingMessage, exc: BaseException) -> None:
        if await self.settler.settle_patiently(message, queue, exc):
            await _ack(queue, message)
            return
        try:
            await message.nack(requeue=True)
        except (AMQPError, OSError, RuntimeError) as error:
            log.warning("requeue failed, the broker redelivers", queue=queue, error=type(error).__name__)


class _Subscriber:
    """One queue's deliveries, each in a task of its own (aio-pika's)."""

    __slots__ = ("consumer", "deliveries", "model")

    def __init__(self, deliveries: Deliveries, consumer: Consumer) -> None:
        self.deliveries = deliveries
        self.consumer = consumer
        self.model: type[Event] = tolerant(consumer.subscription.event)

    async def on_message(self, message: AbstractIncomingMessage) -> None:
        deliveries = self.deliveries
        task = asyncio.current_task()
        if task is not None:
            deliveries.handling.add(task)
        try:
            event = event_of(self.model, message.body, message.message_id)
            async with deliveries.running:
                if deliveries.stopping:
                    return  # left unacked: redelivered once this channel closes
                # The time limit starts once the handler may run, not while it waits for its turn.
                async with asyncio.timeout(deliveries.settings.handler_timeout_s):
                    await self.consumer(event)
        except asyncio.CancelledError:
            # Stopping: left unacked, the broker redelivers it to another consumer.
            raise
        except Exception as exc:  # noqa: BLE001 - every failure is retried or dead-lettered
            await deliveries.settle_failure(self.consumer.queue, message, exc)
        else:
            await _ack(self.consumer.queue, message)
        finally:
            if task is not None:
                deliveries.handling.discard(task)


async def _ack(queue: str, message: AbstractIncomingMessage) -> None:
    """Ack; a channel lost in the meantime means the broker redelivers, and the inbox (or the
    copy's duplicate) absorbs that: nothing to do but say so."""
    try:
        await message.ack()
    except (AMQPError, OSError, RuntimeError) as error:
        log.warning("ack failed, the broker redelivers", queue=queue, error=type(error).__name__)
