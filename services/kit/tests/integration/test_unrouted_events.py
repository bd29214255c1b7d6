"""An event no installed service consumes is published into one bounded, counted queue, instead
of being retried from the outbox for ever."""

from __future__ import annotations

from uuid import uuid4

import aio_pika
import asyncpg
from prometheus_client import REGISTRY

from wir_kit import topology
from wir_kit.relay import Relay
from wir_kit.runtime import Runtime
from wir_kit.testing.districts import BERGSTRASSE
from wir_kit.testing.sample import NoteTaken, spec
from wir_kit.testing.waiting import eventually, get_one


class EagerCountingRelay(Relay):
    unrouted_poll_s = 0.05


def orphan() -> NoteTaken:
    # Routed by its producer "nobody": no queue is bound to that.
    return NoteTaken(district=BERGSTRASSE, note_id=uuid4(), body="x").model_copy(
        update={"producer": "nobody"}
    )


async def outbox_row(runtime: Runtime) -> asyncpg.Record | None:
    async with runtime.db.transaction(BERGSTRASSE) as tx:
        return await tx.fetchrow(
            "SELECT attempts, last_error, published_at, not_before > now() AS later FROM outbox"
        )


async def test_an_event_no_service_consumes_is_published_counted_and_kept_in_the_unrouted_queue(
    wir_settings, wir_runtime
) -> None:
    settings = wir_settings()
    runtime = await wir_runtime(spec(), settings, relay=EagerCountingRelay)
    event = orphan()
    async with runtime.db.transaction(BERGSTRASSE) as tx:
        await tx.publish(event)

    async def published() -> bool:
        row = await outbox_row(runtime)
        return row is not None and row["published_at"] is not None

    assert await eventually(published)
    row = await outbox_row(runtime)
    assert row is not None and row["attempts"] == 0 and row["last_error"] is None

    async def counted() -> float:
        return REGISTRY.get_sample_value("wir_unrouted_events", {"service": settings.service}) or 0.0

    assert await eventually(counted) == 1.0
    kept = await get_one(settings.amqp_url, topology.unrouted_queue(settings))
    assert kept is not None and kept.message_id == str(event.event_id)
    assert kept.routing_key == event.routing_key()


async def test_without_an_unrouted_queue_the_event_stays_unpublished_and_is_retried_later(
    wir_settings, wir_runtime
) -> None:
    settings = wir_settings()
    runtime = await wir_runtime(spec(), settings)
    connection = await aio_pika.connect(settings.amqp_url)
    try:
        channel = await connection.channel()
        await channel.queue_delete(topology.unrouted_queue(settings))  # as before the alternate exchange
    finally:
        await connection.close()
    async with runtime.db.transaction(BERGSTRASSE) as tx:
        await tx.publish(orphan())

    async def failed_once() -> asyncpg.Record | None:
        row = await outbox_row(runtime)
        return row if row is not None and row["attempts"] > 0 else None

    row = await eventually(failed_once)
    assert row is not None
    assert row["last_error"] == "unroutable" and row["published_at"] is None and row["later"]
