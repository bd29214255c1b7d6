"""Stopping and readiness: in-flight handlers finish; a lost consumer makes the service unready."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import replace
from urllib.parse import urlsplit, urlunsplit
from uuid import uuid4

import aio_pika
import asyncpg
import pytest

from wir_kit.db import Tx
from wir_kit.jobs import every
from wir_kit.publisher import Outgoing, Publisher
from wir_kit.relay import Relay
from wir_kit.resources import Resources
from wir_kit.testing.districts import BERGSTRASSE
from wir_kit.testing.plugin import RuntimeFactory, SettingsFactory
from wir_kit.testing.sample import NoteTaken, add_note, record_seen, spec
from wir_kit.testing.waiting import eventually


async def test_stopping_lets_an_in_flight_handler_commit(
    wir_settings: SettingsFactory, wir_runtime: RuntimeFactory
) -> None:
    entered, release = asyncio.Event(), asyncio.Event()

    async def slow(event: NoteTaken, tx: Tx) -> None:
        entered.set()
        await release.wait()
        await record_seen(event, tx)

    settings = wir_settings()
    runtime = await wir_runtime(spec(handler=slow), settings)
    async with runtime.db.transaction(BERGSTRASSE) as tx:
        await add_note(tx, "in flight at shutdown")
    await asyncio.wait_for(entered.wait(), timeout=10)

    db = runtime.db
    stopping = asyncio.create_task(runtime.deliveries.stop())
    await asyncio.sleep(0.2)
    assert not stopping.done()  # the stop waits for the handler instead of cancelling it
    release.set()
    await stopping

    async with db.transaction(BERGSTRASSE) as tx:
        assert await tx.fetchval("SELECT note FROM seen") == "in flight at shutdown"
    connection = await aio_pika.connect(settings.amqp_url)
    try:
        channel = await connection.channel()
        queue = await channel.declare_queue(runtime.consumers[0].queue, passive=True)
        assert queue.declaration_result.message_count == 0  # acked, not left for redelivery
    finally:
        await connection.close()


async def test_a_consumer_cancelled_by_the_broker_makes_the_service_unready(
    wir_settings: SettingsFactory, wir_runtime: RuntimeFactory
) -> None:
    settings = wir_settings()
    runtime = await wir_runtime(spec(), settings)
    assert await runtime.ready_consumers()
    assert await runtime.ready_db()
    assert await runtime.ready_broker()

    connection = await aio_pika.connect(settings.amqp_url)
    try:
        channel = await connection.channel()
        # Deleting the queue cancels the consumer server-side; aiormq says nothing about it.
        await channel.queue_delete(runtime.consumers[0].queue)
    finally:
        await connection.close()

    async def unready() -> bool:
        return not await runtime.ready_consumers()

    assert await eventually(unready)


async def test_background_jobs_run_after_start_and_stop_with_the_service(
    wir_settings: SettingsFactory, wir_runtime: RuntimeFactory
) -> None:
    runs: list[int] = []

    async def count(_resources: Resources) -> None:
        runs.append(1)
        if len(runs) == 2:
            raise RuntimeError("one bad run must not end the job")

    service = replace(spec(), background=[every(0.01, count, name="count")])
    runtime = await wir_runtime(service, wir_settings())
    assert await eventually(lambda: _at_least(runs, 3))
    await runtime.stop()
    stopped_at = len(runs)
    await asyncio.sleep(0.05)
    assert len(runs) == stopped_at


async def _at_least(runs: list[int], n: int) -> bool:
    return len(runs) >= n


class StuckRelay(Relay):
    """A relay whose broker never answers once it has rows to publish."""

    entered = asyncio.Event()

    async def relay_batch(self, conn: asyncpg.Connection) -> int:
        if await conn.fetchval("SELECT count(*) FROM outbox WHERE published_at IS NULL"):
            type(self).entered.set()
            await asyncio.Event().wait()
        return 0


async def test_a_relay_stuck_on_the_broker_does_not_hold_up_the_stop(
    wir_settings: SettingsFactory, wir_runtime: RuntimeFactory
) -> None:
    StuckRelay.entered = asyncio.Event()
    settings = wir_settings(graceful_timeout_s=0.5)
    runtime = await wir_runtime(spec(), settings, relay=StuckRelay)
    db = runtime.db
    async with db.transaction(BERGSTRASSE) as tx:
        await add_note(tx, "stays due")
    await asyncio.wait_for(StuckRelay.entered.wait(), timeout=10)

    stopping = asyncio.create_task(runtime.stop())
    done, _ = await asyncio.wait({stopping}, timeout=20)
    if not done:
        stopping.cancel()
    assert done, "the stop waits for the stuck relay"

    admin = await asyncpg.connect(settings.database_admin_url)
    try:
        due = await admin.fetchval(
            f'SELECT count(*) FROM "{settings.pg_schema}".outbox WHERE published_at IS NULL'
        )
    finally:
        await admin.close()
    assert due == 1  # not marked sent: the next relay publishes it


class MutedBroker:
    """A TCP proxy to RabbitMQ that, once muted, passes nothing back to the client: a broker
    that has stopped answering, with the connection still open."""

    def __init__(self, amqp_url: str) -> None:
        parts = urlsplit(amqp_url)
        self.target = (parts.hostname or "127.0.0.1", parts.port or 5672)
        self.template = parts
        self.muted = False
        self.server: asyncio.Server | None = None
        self.writers: list[asyncio.StreamWriter] = []

    async def start(self) -> str:
        self.server = await asyncio.start_server(self._client, "127.0.0.1", 0)
        port = self.server.sockets[0].getsockname()[1]
        netloc = f"{self.template.username}:{self.template.password}@127.0.0.1:{port}"
        return urlunsplit(self.template._replace(netloc=netloc))

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection(*self.target)
        self.writers += [writer, up_writer]
        await asyncio.gather(
            self._pipe(reader, up_writer, lambda: False),
            self._pipe(up_reader, writer, lambda: self.muted),
            return_exceptions=True,
        )

    @staticmethod
    async def _pipe(
        source: asyncio.StreamReader, sink: asyncio.StreamWriter, muted: Callable[[], bool]
    ) -> None:
        while data := await source.read(65536):
            if not muted():
                sink.write(data)
                await sink.drain()

    async def close(self) -> None:
        for writer in self.writers:
            writer.close()
        if self.server is not None:
            self.server.close()


async def test_a_publish_the_broker_never_confirms_fails_after_the_confirm_timeout(
    wir_settings: SettingsFactory, wir_runtime: RuntimeFactory
) -> None:
    settings = wir_settings()
    await wir_runtime(spec(), settings)  # declares the exchange and a bound queue
    proxy = MutedBroker(settings.amqp_url)
    publisher = Publisher(await proxy.start(), "publisher-under-test", confirm_timeout_s=0.5)
    await publisher.start()
    try:
        event = NoteTaken(district=BERGSTRASSE, note_id=uuid4(), body="unconfirmed")
        note = Outgoing(settings.exchange, event.routing_key(), event.model_dump_json().encode(), "m-1")
        await publisher.publish(note)  # the broker still answers
        proxy.muted = True
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(publisher.publish(note), timeout=20)
    finally:
        await proxy.close()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(publisher.close(), timeout=2)


async def test_a_batch_the_broker_never_confirms_answers_timeouts_after_the_confirm_timeout(
    wir_settings: SettingsFactory, wir_runtime: RuntimeFactory
) -> None:
    settings = wir_settings()
    await wir_runtime(spec(), settings)  # declares the exchange and a bound queue
    proxy = MutedBroker(settings.amqp_url)
    publisher = Publisher(await proxy.start(), "publisher-under-test", confirm_timeout_s=0.5)
    await publisher.start()
    try:
        event = NoteTaken(district=BERGSTRASSE, note_id=uuid4(), body="unconfirmed")
        note = Outgoing(settings.exchange, event.routing_key(), event.model_dump_json().encode(), "m-1")
        assert await publisher.publish_many([note, note]) == [None, None]  # the broker still answers
        proxy.muted = True
        results = await asyncio.wait_for(publisher.publish_many([note, note, note]), timeout=20)
        assert [type(result) for result in results] == [TimeoutError] * 3
    finally:
        await proxy.close()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(publisher.close(), timeout=2)
