"""Outbox → relay → broker → inbox: the kit's delivery guarantees against the real services."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import ClassVar
from uuid import uuid4

import aio_pika
import asyncpg
import pytest
from prometheus_client import REGISTRY

from wir_kit.publisher import Outgoing, Publisher, Unroutable
from wir_kit.relay import Relay
from wir_kit.runtime import Runtime
from wir_kit.testing.districts import BERGSTRASSE
from wir_kit.testing.sample import NoteTaken, add_note, spec
from wir_kit.testing.waiting import eventually


async def seen_count(runtime: Runtime, district: str = BERGSTRASSE) -> int:
    async with runtime.db.transaction(district) as tx:
        return int(await tx.fetchval("SELECT count(*) FROM seen"))


async def test_event_of_a_committed_transaction_reaches_the_consumer(wir_settings, wir_runtime) -> None:
    runtime = await wir_runtime(spec(), wir_settings())
    async with runtime.db.transaction(BERGSTRASSE) as tx:
        event = await add_note(tx, "first note")

    assert await eventually(lambda: seen_count(runtime))
    async with runtime.db.transaction(BERGSTRASSE) as tx:
        row = await tx.fetchrow("SELECT event_id, note FROM seen")
    assert row is not None and row["event_id"] == event.event_id and row["note"] == "first note"


async def test_rolled_back_transaction_publishes_nothing(wir_settings, wir_runtime) -> None:
    runtime = await wir_runtime(spec(), wir_settings())

    class Abort(Exception):
        pass

    with pytest.raises(Abort):
        async with runtime.db.transaction(BERGSTRASSE) as tx:
            await add_note(tx, "never committed")
            raise Abort
    async with runtime.db.transaction(BERGSTRASSE) as tx:
        committed = await add_note(tx, "committed after")

    assert await eventually(lambda: seen_count(runtime))
    async with runtime.db.transaction(BERGSTRASSE) as tx:
        seen = [r["event_id"] for r in await tx.fetch("SELECT event_id FROM seen")]
        outbox = await tx.fetchval("SELECT count(*) FROM outbox")
    assert seen == [committed.event_id]
    assert outbox == 1


class RelayDyingBeforeMark(Relay):
    """A relay whose process 'dies' after the broker confirmed but before the row is marked."""

    crashed = False

    async def mark_published(self, conn: asyncpg.Connection, ids: Sequence[int]) -> None:
        if not self.crashed:
            self.crashed = True
            raise ConnectionResetError("simulated crash between publish and mark")
        await super().mark_published(conn, ids)


async def test_relay_dying_between_publish_and_mark_has_its_effect_once(wir_settings, wir_runtime) -> None:
    settings = wir_settings()
    runtime = await wir_runtime(spec(), settings, relay=RelayDyingBeforeMark)
    async with runtime.db.transaction(BERGSTRASSE) as tx:
        await add_note(tx, "published twice")

    labels = {"service": settings.service, "queue": runtime.consumers[0].queue, "outcome": "duplicate"}
    assert await eventually(lambda: _sample("wir_events_handled_total", labels))
    assert await seen_count(runtime) == 1


async def _sample(name: str, labels: dict[str, str]) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def test_delayed_event_is_not_published_before_its_time(wir_settings, wir_runtime) -> None:
    runtime = await wir_runtime(spec(), wir_settings())
    due = datetime.now(UTC) + timedelta(seconds=1.5)
    async with runtime.db.transaction(BERGSTRASSE) as tx:
        await tx.publish(NoteTaken(district=BERGSTRASSE, note_id=uuid4(), body="later"), not_before=due)

    async def published_and_seen() -> tuple[datetime, datetime] | None:
        # The consumer may commit before the relay marks the row: wait for both.
        async with runtime.db.transaction(BERGSTRASSE) as tx:
            published = await tx.fetchval("SELECT published_at FROM outbox")
            seen = await tx.fetchval("SELECT seen_at FROM seen")
        return (published, seen) if published and seen else None

    times = await eventually(published_and_seen)
    assert times is not None
    published_at, seen_at = times
    assert published_at >= due
    assert seen_at >= due


async def test_publishing_to_a_key_no_queue_is_bound_to_raises(wir_settings, wir_amqp_url) -> None:
    settings = wir_settings()
    publisher = Publisher(wir_amqp_url, "test")
    await publisher.start()
    try:
        await publisher.channel.declare_exchange(settings.exchange, aio_pika.ExchangeType.TOPIC, durable=True)
        with pytest.raises(Unroutable):
            await publisher.publish(
                Outgoing(settings.exchange, "nobody.listens.v1.06431", b"{}", message_id="m-1")
            )
    finally:
        await publisher.close()


class CountingRelay(Relay):
    """Counts the relay's statements of each idle round: the due rows, the next due time."""

    batches = 0
    asks = 0

    async def relay_batch(self, conn: asyncpg.Connection) -> int:
        type(self).batches += 1
        return await super().relay_batch(conn)

    async def _ask_next_due(self, conn: asyncpg.Connection) -> None:
        type(self).asks += 1
        await super()._ask_next_due(conn)


async def test_an_idle_relay_asks_only_for_due_rows_at_each_safety_poll(wir_settings, wir_runtime) -> None:
    CountingRelay.batches = CountingRelay.asks = 0
    await wir_runtime(spec(), wir_settings(relay_idle_poll_s=0.05), relay=CountingRelay)

    async def idle_rounds() -> bool:
        return CountingRelay.batches >= 10

    assert await eventually(idle_rounds)
    assert CountingRelay.asks == 1  # once when it became active; nothing was written since


async def test_a_relay_asks_for_the_next_due_time_only_when_its_batch_did_not_answer_it(
    wir_settings, wir_runtime
) -> None:
    CountingRelay.batches = CountingRelay.asks = 0
    # No safety poll during the test: the relay runs only when a commit wakes it.
    runtime = await wir_runtime(spec(), wir_settings(relay_idle_poll_s=3600), relay=CountingRelay)

    async def active() -> bool:
        return CountingRelay.asks == 1  # asked when it became active

    assert await eventually(active)

    for n in range(1, 4):
        async with runtime.db.transaction(BERGSTRASSE) as tx:
            await add_note(tx, f"relayed now {n}")
        assert await eventually(lambda n=n: _seen(runtime, n))
    assert CountingRelay.asks == 1  # marking each batch told the next due time

    # Woken for a row that is not due yet: only asking tells when to come back.
    async with runtime.db.transaction(BERGSTRASSE) as tx:
        later = NoteTaken(district=BERGSTRASSE, note_id=uuid4(), body="later")
        await tx.publish(later, not_before=datetime.now(UTC) + timedelta(seconds=0.5))
    assert await eventually(lambda: _seen(runtime, 4))
    assert CountingRelay.asks == 2


async def _seen(runtime: Runtime, count: int) -> bool:
    return await seen_count(runtime) == count


class BatchSizes(Relay):
    """Remembers how many rows each batch published."""

    sizes: ClassVar[list[int]] = []

    async def relay_batch(self, conn: asyncpg.Connection) -> int:
        relayed = await super().relay_batch(conn)
        if relayed:
            type(self).sizes.append(relayed)
        return relayed


async def test_under_load_the_events_of_many_transactions_go_out_in_few_batches(
    wir_settings, wir_runtime
) -> None:
    BatchSizes.sizes = []
    runtime = await wir_runtime(spec(), wir_settings(relay_linger_s=1.0), relay=BatchSizes)
    for n in range(30):
        async with runtime.db.transaction(BERGSTRASSE) as tx:
            await add_note(tx, f"note {n}")

    async def all_seen() -> bool:
        return await seen_count(runtime) == 30

    assert await eventually(all_seen, timeout=30.0)
    assert sum(BatchSizes.sizes) == 30
    # The first goes out at once; those written while the relay lingers wait for one batch.
    assert len(BatchSizes.sizes) < 10
