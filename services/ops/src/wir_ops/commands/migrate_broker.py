"""Bringing an older installation's broker objects to the shape the kit declares.

Arguments of an exchange or queue cannot change in place, so `wir migrate` recreates them:

- the event exchange (without its alternate exchange): deleted and declared again, then every
  installed service's queue bound again. Deleting an exchange deletes its bindings: for the
  moment in between, a relay's publish fails and is tried again from the outbox; an event of a
  service that is not installed where `wir migrate` runs goes to the unrouted queue until that
  service starts and binds its queue again (`wir dlq replay` it from there).
- a dead-letter or unrouted queue (without its retention): its messages are moved to a holding
  queue `<name>.migrating`, the queue is declared again and bound, and the messages are moved
  back. Each message is acked only after its copy is confirmed, so an interruption duplicates
  at most; the next `wir migrate` empties a holding queue left behind.
- subscribers' own retry queues of before the shared ones (`<queue>.retry.<n>`): left in place
  (an older replica may still use them; their messages return to their queue when they expire)
  unless asked to remove the empty ones.
"""

from __future__ import annotations

from collections.abc import Sequence

import aio_pika
from aio_pika.abc import AbstractConnection, AbstractIncomingMessage
from aiormq.exceptions import ChannelNotFoundEntity, ChannelPreconditionFailed

from wir_kit import topology
from wir_kit.settings import Settings

HOLDING_SUFFIX = ".migrating"


async def upgrade(
    connection: AbstractConnection,
    settings: Settings,
    bindings: Sequence[topology.QueueBinding],
    everyone: Sequence[topology.QueueBinding],
) -> list[str]:
    """Recreate what `topology.outdated` finds; `everyone`: every installed service's queues,
    bound again to a recreated exchange. Returns one note per object changed."""
    channel = await connection.channel()
    dlqs = [topology.dlq_name(b.queue) for b in bindings]
    old = await topology.outdated(channel, settings, dlqs)
    await channel.close()
    notes = []
    if settings.exchange in old:
        await _recreate_exchange(connection, settings, everyone)
        notes.append(f"exchange {settings.exchange}: declared again with its alternate exchange")
    targets = {name: (topology.dead_letter_exchange(settings), name) for name in dlqs}
    targets[topology.unrouted_queue(settings)] = (topology.unrouted_exchange(settings), "")
    for name, (exchange, key) in targets.items():
        if name in old:
            await _recreate_queue(connection, settings, name, exchange, key)
            notes.append(f"{name}: declared again with its retention")
        moved = await _empty_holding(connection, name)
        if moved:
            notes.append(f"{name}: {moved} message(s) moved back")
    return notes


async def _recreate_exchange(
    connection: AbstractConnection, settings: Settings, everyone: Sequence[topology.QueueBinding]
) -> None:
    channel = await connection.channel()
    await channel.exchange_delete(settings.exchange)
    events = await channel.declare_exchange(
        settings.exchange,
        aio_pika.ExchangeType.TOPIC,
        durable=True,
        arguments=topology.exchange_arguments(settings),
    )
    for binding in everyone:
        queue = await channel.declare_queue(
            binding.queue, durable=True, arguments=topology.queue_arguments(settings, binding.queue)
        )
        for key in binding.binding_keys:
            await queue.bind(events, key)
    await channel.close()


async def _recreate_queue(
    connection: AbstractConnection, settings: Settings, name: str, exchange: str, key: str
) -> None:
    arguments = (
        topology.unrouted_arguments(settings)
        if name == topology.unrouted_queue(settings)
        else topology.dlq_arguments(settings)
    )
    channel = await connection.channel()
    await channel.declare_queue(
        name + HOLDING_SUFFIX, durable=True, arguments={"x-queue-type": settings.queue_type}
    )
    await move(connection, name, name + HOLDING_SUFFIX)
    await channel.queue_delete(name, if_empty=True)
    queue = await channel.declare_queue(name, durable=True, arguments=arguments)
    await queue.bind(exchange, key)
    await channel.close()


async def _empty_holding(connection: AbstractConnection, name: str) -> int:
    """Move the messages of `name`'s holding queue back, and delete it; 0 if there is none."""
    holding = name + HOLDING_SUFFIX
    channel = await connection.channel()
    try:
        await channel.declare_queue(holding, passive=True)
    except ChannelNotFoundEntity:
        return 0
    moved = await move(connection, holding, name)
    await channel.queue_delete(holding, if_empty=True)
    await channel.close()
    return moved


async def move(connection: AbstractConnection, source: str, target: str) -> int:
    """Move every message now in `source` to `target`, headers (the broker's death records
    too) and properties kept; each acked after its copy is confirmed and routed."""
    channel = await connection.channel(publisher_confirms=True, on_return_raises=True)
    queue = await channel.declare_queue(source, passive=True)
    moved = 0
    for _ in range(queue.declaration_result.message_count or 0):
        message = await queue.get(no_ack=False, fail=False)
        if message is None:
            break
        await channel.default_exchange.publish(_same(message), target, mandatory=True)
        await message.ack()
        moved += 1
    await channel.close()
    return moved


def _same(message: AbstractIncomingMessage) -> aio_pika.Message:
    return aio_pika.Message(
        message.body,
        headers=message.headers,
        content_type=message.content_type,
        content_encoding=message.content_encoding,
        delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
        correlation_id=message.correlation_id,
        message_id=message.message_id,
        timestamp=message.timestamp,
        type=message.type,
        app_id=message.app_id,
    )


async def old_retry_queues(
    connection: AbstractConnection,
    settings: Settings,
    bindings: Sequence[topology.QueueBinding],
    *,
    remove: bool,
) -> list[str]:
    """The subscribers' own retry queues of an older installation that still exist; with
    `remove`, those that are empty are deleted (and not listed)."""
    left = []
    for binding in bindings:
        for attempt in range(1, len(settings.retry_delays_ms) + 1):
            name = topology.legacy_retry_queue_name(binding.queue, attempt)
            channel = await connection.channel()
            try:
                await channel.declare_queue(name, passive=True)
                if remove:
                    await channel.queue_delete(name, if_empty=True)
                    await channel.close()
                    continue
            except ChannelNotFoundEntity:
                continue
            except ChannelPreconditionFailed:
                pass  # not empty: its messages still return to their queue
            left.append(name)
            if not channel.is_closed:
                await channel.close()
    return left
