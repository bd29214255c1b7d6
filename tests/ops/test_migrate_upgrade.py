"""`wir migrate` on an older installation's broker: the exchange gets its alternate exchange and
the dead-letter queues their retention, bindings and dead letters kept; old retry queues stay
until asked to go."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import aio_pika
import pytest
from aio_pika.abc import AbstractChannel
from aiormq.exceptions import ChannelNotFoundEntity

from wir_kit import topology
from wir_kit.settings import Settings

from . import broker
from .conftest import Invoke, Service


@asynccontextmanager
async def channel_of(settings: Settings) -> AsyncIterator[AbstractChannel]:
    connection = await aio_pika.connect(settings.amqp_url)
    try:
        yield await connection.channel()
    finally:
        await connection.close()


#: The steps of an older installation's retry queues, one queue each.
OLD_STEPS = (1, 2)


@pytest.fixture
async def older_installation() -> AsyncIterator[Callable[[Service], Awaitable[None]]]:
    """Make a service's broker look as an older installation left it. Its per-step retry queues
    are no part of the topology the service's own teardown removes: they go at this one's."""
    made: list[Service] = []

    async def make(service: Service) -> None:
        made.append(service)
        await _declare_older(service)

    yield make
    for service in made:
        async with channel_of(service.settings) as channel:
            for attempt in OLD_STEPS:
                # Deleting a queue that is gone already (the upgrade removed it) is no error.
                await channel.queue_delete(topology.legacy_retry_queue_name(service.queue, attempt))


async def _declare_older(service: Service) -> None:
    """What a version before the alternate exchange, DLQ retention and shared retry queues
    declared: plain exchanges, a plain DLQ holding one dead letter, a retry queue per step."""
    settings = service.settings
    async with channel_of(settings) as channel:
        events = await channel.declare_exchange(settings.exchange, aio_pika.ExchangeType.TOPIC, durable=True)
        dlx = await channel.declare_exchange(
            topology.dead_letter_exchange(settings), aio_pika.ExchangeType.DIRECT, durable=True
        )
        queue = await channel.declare_queue(
            service.queue, durable=True, arguments=topology.queue_arguments(settings, service.queue)
        )
        await queue.bind(events, sample_key(service))
        dlq = await channel.declare_queue(service.dlq, durable=True, arguments={"x-queue-type": "classic"})
        await dlq.bind(dlx, service.dlq)
        for attempt in OLD_STEPS:
            await channel.declare_queue(
                topology.legacy_retry_queue_name(service.queue, attempt), durable=True
            )
    await broker.dead_letter(settings, service.queue, broker.note(), "invalid payload: x")


def sample_key(service: Service) -> str:
    return service.spec.subscriptions[0].binding_keys[0]


async def exists(settings: Settings, queue: str) -> bool:
    async with channel_of(settings) as channel:
        try:
            await channel.declare_queue(queue, passive=True)
        except ChannelNotFoundEntity:
            return False
        return True


async def test_migrate_upgrades_an_older_installation_keeping_bindings_and_dead_letters(
    cli: Invoke,
    install: Callable[..., None],
    make_service: Callable[..., Service],
    older_installation: Callable[[Service], Awaitable[None]],
) -> None:
    service = make_service()
    install(service.spec)
    await older_installation(service)

    result = await cli("migrate", env=service.env)

    assert result.exit_code == 0, result.output
    assert f"exchange {service.settings.exchange}: declared again" in result.stdout
    assert f"{service.dlq}: declared again with its retention" in result.stdout
    assert "2 retry queue(s) of an older installation remain" in result.stdout
    async with channel_of(service.settings) as channel:
        assert await topology.outdated(channel, service.settings, [service.dlq]) == []
    assert await broker.count(service.settings, service.dlq) == 1
    dead = await broker.take(service.settings, service.dlq)
    assert dead is not None and dead.headers["x-wir-dead-letter-reason"] == "invalid payload: x"

    await broker.publish_event(service.settings, broker.note())  # the binding is back
    assert await broker.count(service.settings, service.queue) == 1
    orphan = broker.note().model_copy(update={"producer": "nobody"})
    await broker.publish_event(service.settings, orphan)  # no longer returned: kept aside
    assert await broker.count(service.settings, topology.unrouted_queue(service.settings)) == 1


async def test_old_retry_queues_are_removed_only_when_asked_and_empty(
    cli: Invoke,
    install: Callable[..., None],
    make_service: Callable[..., Service],
    older_installation: Callable[[Service], Awaitable[None]],
) -> None:
    service = make_service()
    install(service.spec)
    await older_installation(service)
    waiting = topology.legacy_retry_queue_name(service.queue, 2)
    await broker.publish(service.settings, "", waiting, broker.message_of(broker.note()))
    await cli("migrate", env=service.env)

    result = await cli("migrate", "--remove-old-retry-queues", env=service.env)

    assert result.exit_code == 0, result.output
    assert not await exists(service.settings, topology.legacy_retry_queue_name(service.queue, 1))
    assert await exists(service.settings, waiting)  # its message still returns to its queue
    assert f"1 retry queue(s) of an older installation remain ({waiting})" in result.stdout
