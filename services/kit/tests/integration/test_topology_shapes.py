"""The broker topology as the services declare it: two queues per subscriber with retry queues
shared by the installation, dead letters that expire, and an older installation's shapes used as
they are until `wir migrate` upgrades them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aio_pika
import pytest
from aio_pika.abc import AbstractChannel
from aiormq.exceptions import ChannelNotFoundEntity

from wir_kit import PermanentFailure, topology
from wir_kit.db import Tx
from wir_kit.settings import Settings
from wir_kit.testing.districts import BERGSTRASSE
from wir_kit.testing.sample import NoteTaken, add_note, record_seen, spec
from wir_kit.testing.waiting import eventually


@asynccontextmanager
async def channel_of(settings: Settings) -> AsyncIterator[AbstractChannel]:
    connection = await aio_pika.connect(settings.amqp_url)
    try:
        yield await connection.channel()
    finally:
        await connection.close()


async def message_count(settings: Settings, queue: str) -> int | None:
    async with channel_of(settings) as channel:
        try:
            declared = await channel.declare_queue(queue, passive=True)
        except ChannelNotFoundEntity:
            return None
        return declared.declaration_result.message_count


async def test_subscribers_share_the_retry_queues_and_each_retry_returns_to_its_own_queue(
    wir_settings, wir_runtime
) -> None:
    calls: dict[str, int] = {}

    def failing_once(name: str):  # type: ignore[no-untyped-def]
        async def handler(event: NoteTaken, tx: Tx) -> None:
            calls[name] = calls.get(name, 0) + 1
            if calls[name] == 1:
                raise ConnectionError("downstream unavailable")
            await record_seen(event, tx)

        return handler

    first_settings, second_settings = wir_settings("one"), wir_settings("two")
    first = await wir_runtime(spec(handler=failing_once("one")), first_settings)
    second = await wir_runtime(spec(handler=failing_once("two")), second_settings)
    async with first.db.transaction(BERGSTRASSE) as tx:
        await add_note(tx, "to both")

    async def both_handled() -> bool:
        return calls == {"one": 2, "two": 2}

    assert await eventually(both_handled)
    queue = first.consumers[0].queue
    assert await message_count(first_settings, topology.legacy_retry_queue_name(queue, 1)) is None
    for delay in first_settings.retry_delays_ms:
        assert await message_count(first_settings, topology.retry_queue_name(first_settings, delay)) == 0
    assert second.consumers[0].queue != queue


async def test_dead_letters_expire_after_the_retention(wir_settings, wir_runtime) -> None:
    refused: list[int] = []

    async def refusing(event: NoteTaken, tx: Tx) -> None:
        refused.append(1)
        raise PermanentFailure("not for us")

    settings = wir_settings(dlq_ttl_ms=300)
    runtime = await wir_runtime(spec(handler=refusing), settings)
    async with runtime.db.transaction(BERGSTRASSE) as tx:
        await add_note(tx, "refused")

    async def expired() -> bool:
        return (
            refused == [1]
            and await message_count(settings, topology.dlq_name(runtime.consumers[0].queue)) == 0
        )

    assert await eventually(expired)


@pytest.mark.parametrize("older", ["exchange", "dlq"])
async def test_a_service_starts_on_an_older_installations_topology(
    wir_settings, wir_runtime, older: str
) -> None:
    settings = wir_settings()
    queue = spec().subscriptions[0].queue(settings.service)
    async with channel_of(settings) as channel:
        if older == "exchange":
            await channel.declare_exchange(settings.exchange, aio_pika.ExchangeType.TOPIC, durable=True)
        else:
            await channel.declare_queue(topology.dlq_name(queue), durable=True)
        old = await topology.outdated(channel, settings, [topology.dlq_name(queue)])
    assert old == [settings.exchange if older == "exchange" else topology.dlq_name(queue)]

    runtime = await wir_runtime(spec(), settings)
    async with runtime.db.transaction(BERGSTRASSE) as tx:
        await add_note(tx, "still delivered")

    async def seen() -> int:
        async with runtime.db.transaction(BERGSTRASSE) as tx:
            return int(await tx.fetchval("SELECT count(*) FROM seen"))

    assert await eventually(seen) == 1
