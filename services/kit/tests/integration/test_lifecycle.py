"""Stopping and readiness: in-flight handlers finish; a lost consumer makes the service unready."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import aio_pika

from wir_kit.db import Tx
from wir_kit.periodic import every
from wir_kit.runtime import Runtime
from wir_kit.testing.plugin import RuntimeFactory, SettingsFactory
from wir_kit.testing.waiting import eventually

from .sample import BERGSTRASSE, NoteAdded, add_note, record_seen, spec


async def test_stopping_lets_an_in_flight_handler_commit(
    wir_settings: SettingsFactory, wir_runtime: RuntimeFactory
) -> None:
    entered, release = asyncio.Event(), asyncio.Event()

    async def slow(event: NoteAdded, tx: Tx) -> None:
        entered.set()
        await release.wait()
        await record_seen(event, tx)

    settings = wir_settings()
    runtime = await wir_runtime(spec(handler=slow), settings)
    async with runtime.db.transaction(BERGSTRASSE) as tx:
        await add_note(tx, "in flight at shutdown")
    await asyncio.wait_for(entered.wait(), timeout=10)

    db = runtime.db
    stopping = asyncio.create_task(runtime.broker.stop())
    await asyncio.sleep(0.2)
    assert not stopping.done()  # the broker waits for the handler instead of cancelling it
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

    async def count(_runtime: Runtime) -> None:
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
