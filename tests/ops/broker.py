"""Putting events and dead letters on the real broker, and looking at its queues."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

import aio_pika
from aio_pika.abc import AbstractIncomingMessage

from wir_kit import topology
from wir_kit.settings import Settings
from wir_kit.settling import ATTEMPT, DEAD_AT, ORIGIN_QUEUE, ORIGIN_ROUTING_KEY, REASON
from wir_kit.testing import sample
from wir_kit.testing.districts import BERGSTRASSE


def note(district: str = BERGSTRASSE) -> sample.NoteTaken:
    return sample.NoteTaken(district=district, note_id=uuid4(), body=sample.PERSON_NAME)


async def publish(settings: Settings, exchange: str, routing_key: str, message: aio_pika.Message) -> None:
    connection = await aio_pika.connect(settings.amqp_url)
    try:
        channel = await connection.channel(publisher_confirms=True, on_return_raises=True)
        target = channel.default_exchange if exchange == "" else await channel.get_exchange(exchange)
        await target.publish(message, routing_key, mandatory=True)
    finally:
        await connection.close()


def message_of(event: sample.NoteTaken, headers: dict[str, str | int] | None = None) -> aio_pika.Message:
    return aio_pika.Message(
        event.model_dump_json().encode(),
        content_type="application/json",
        message_id=str(event.event_id),
        type=event.event_type,
        correlation_id="corr-1",
        headers=headers or {},
    )


async def publish_event(settings: Settings, event: sample.NoteTaken) -> None:
    await publish(settings, settings.exchange, event.routing_key(), message_of(event))


async def dead_letter(
    settings: Settings, queue: str, event: sample.NoteTaken, reason: str, *, origin: str | None = None
) -> None:
    """What the kit's consumer publishes when it gives up on an event in `queue`."""
    headers: dict[str, str | int] = {
        REASON: reason,
        ORIGIN_QUEUE: origin or queue,
        DEAD_AT: datetime.now(UTC).isoformat(),
        ORIGIN_ROUTING_KEY: event.routing_key(),
        ATTEMPT: 4,
        "x-delivery-count": 2,
    }
    await publish(
        settings,
        topology.dead_letter_exchange(settings),
        topology.dlq_name(queue),
        message_of(event, headers),
    )


async def count(settings: Settings, queue: str) -> int:
    connection = await aio_pika.connect(settings.amqp_url)
    try:
        channel = await connection.channel()
        declared = await channel.declare_queue(queue, passive=True)
        return declared.declaration_result.message_count or 0
    finally:
        await connection.close()


async def take(settings: Settings, queue: str) -> AbstractIncomingMessage | None:
    """One message off the queue, acked."""
    connection = await aio_pika.connect(settings.amqp_url)
    try:
        channel = await connection.channel()
        source = await channel.get_queue(queue, ensure=False)
        return await source.get(no_ack=True, fail=False)
    finally:
        await connection.close()


async def reject_until_dead(settings: Settings, queue: str, times: int) -> None:
    """Return a message to its queue `times` times, as a crashing consumer would."""
    connection = await aio_pika.connect(settings.amqp_url)
    try:
        channel = await connection.channel()
        source = await channel.get_queue(queue, ensure=False)
        for _ in range(times):
            message = await source.get(no_ack=False, fail=True)
            await message.nack(requeue=True)
    finally:
        await connection.close()


async def bind(settings: Settings, queue: str, routing_key: str) -> None:
    """Bind `queue` to the event exchange, as a consumer installed later would."""
    connection = await aio_pika.connect(settings.amqp_url)
    try:
        channel = await connection.channel()
        source = await channel.get_queue(queue, ensure=False)
        await source.bind(settings.exchange, routing_key)
    finally:
        await connection.close()
