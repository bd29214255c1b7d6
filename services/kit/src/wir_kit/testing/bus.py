"""The broker as another service sees it: publish as a producer's relay would, tap the exchange."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from typing import Any

import aio_pika
from aio_pika.abc import AbstractIncomingMessage, AbstractQueue

from wir_contracts.envelope import Event
from wir_kit.settings import Settings
from wir_kit.testing.waiting import eventually


async def publish(settings: Settings, *events: Event) -> None:
    """Publish as the producing service's relay would: persistent JSON, message id = event id,
    confirmed, mandatory (so a test fails when nothing is bound to the key)."""
    await publish_raw(settings, *((e.routing_key(), e.model_dump_json()) for e in events))


async def publish_raw(settings: Settings, *messages: tuple[str, str | bytes]) -> None:
    """Publish any body, valid or not, under a routing key, as another service's relay would."""
    connection = await aio_pika.connect(settings.amqp_url)
    try:
        channel = await connection.channel(publisher_confirms=True)
        exchange = await channel.get_exchange(settings.exchange, ensure=False)
        for routing_key, body in messages:
            data = body.encode() if isinstance(body, str) else body
            message = aio_pika.Message(
                data,
                content_type="application/json",
                message_id=_event_id(data),
                delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
            )
            await exchange.publish(message, routing_key, mandatory=True)
    finally:
        await connection.close()


def _event_id(body: bytes) -> str:
    try:
        document = json.loads(body)
    except ValueError:
        return str(uuid.uuid4())
    given = document.get("event_id") if isinstance(document, dict) else None
    return str(given or uuid.uuid4())


class Tap:
    """An exclusive queue bound to the test's exchange: what was published, as RabbitMQ routes it."""

    def __init__(self, queue: AbstractQueue) -> None:
        self.queue = queue

    async def message(self, timeout: float = 10.0) -> AbstractIncomingMessage | None:  # noqa: ASYNC109
        async def probe() -> AbstractIncomingMessage | None:
            return await self.queue.get(no_ack=True, fail=False)

        return await eventually(probe, timeout=timeout)

    async def next(self, timeout: float = 10.0) -> tuple[str, dict[str, Any]]:  # noqa: ASYNC109
        """The next message's routing key and JSON body; fails the test if none comes."""
        message = await self.message(timeout)
        assert message is not None, "no message arrived"
        payload: dict[str, Any] = json.loads(message.body)
        return message.routing_key or "", payload

    async def until(self, event_type: str, timeout: float = 10.0) -> dict[str, Any]:  # noqa: ASYNC109
        """The next message of one kind, skipping others."""
        while True:
            _, payload = await self.next(timeout)
            if payload["event_type"] == event_type:
                return payload


@asynccontextmanager
async def tap(settings: Settings, keys: Iterable[str]) -> AsyncIterator[Tap]:
    """A `Tap` bound with `keys` for the duration of a block."""
    connection = await aio_pika.connect(settings.amqp_url)
    try:
        channel = await connection.channel()
        queue = await channel.declare_queue(exclusive=True, auto_delete=True)
        for key in keys:
            await queue.bind(settings.exchange, routing_key=key)
        yield Tap(queue)
    finally:
        await connection.close()
