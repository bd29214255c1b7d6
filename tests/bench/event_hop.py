"""Benchmark: the kit's event hop against a raw aio-pika + asyncpg loop doing the same work.

Kit:  N events committed to the outbox → relay (confirms in flight) → RabbitMQ → FastStream
      consumer → inbox claim + one domain row in one transaction → ack.
Raw:  the same N events in an outbox table → a hand-written loop publishing 200 at a time with
      confirms in flight and marking them published → aio-pika consumer with the same prefetch
      → the same model validation, inbox row and domain row in one transaction → ack.
Broker only (a reference, not the yardstick): as raw, but published straight from memory.

Each round runs the three loops one after the other in this process, against the same
PostgreSQL and RabbitMQ; the clock stops when the N-th domain row is committed. Prints each
round, the medians and the kit/raw ratio.

    uv run python tests/bench/event_hop.py [--events N] [--rounds R]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import statistics
import sys
import time
import uuid
from collections.abc import AsyncIterator
from typing import ClassVar
from uuid import UUID

import aio_pika
import asyncpg
import uvloop
from pydantic import Field

from wir_contracts.envelope import Event
from wir_kit import topology
from wir_kit.db import Tx
from wir_kit.logging import configure_logging
from wir_kit.migrations import drop_schema, ensure_database
from wir_kit.relay import Relay
from wir_kit.runtime import Runtime, apply_migrations
from wir_kit.service import ServiceSpec
from wir_kit.settings import Settings
from wir_kit.subscriptions import Subscription
from wir_kit.testing.districts import BERGSTRASSE

DOMAIN_TABLE = """
CREATE TABLE IF NOT EXISTS profiles (
    district  text NOT NULL,
    person_id uuid NOT NULL,
    languages text[] NOT NULL,
    PRIMARY KEY (district, person_id)
)
"""


class ProfileRequested(Event):
    """Benchmark event with a payload of realistic size."""

    PRODUCER: ClassVar[str] = "bench"
    EVENT: ClassVar[str] = "profile_requested"

    person_id: UUID = Field(description="Pseudonymous person id.")
    municipality: str = Field(description="Municipality key.")
    languages: list[str] = Field(description="ISO 639-3 codes.")
    topics: list[str] = Field(description="Mentoring topics.")


def make_event(district: str = BERGSTRASSE) -> ProfileRequested:
    return ProfileRequested(
        district=district,
        person_id=uuid.uuid4(),
        municipality="06431001",
        languages=["ara", "deu", "eng"],
        topics=["authorities", "housing", "school", "work"],
    )


async def save_profile(event: ProfileRequested, tx: Tx) -> None:
    await tx.execute(
        "INSERT INTO profiles (district, person_id, languages) VALUES ($1, $2, $3)",
        event.district,
        event.person_id,
        event.languages,
    )


#: Longest a phase may take before the benchmark gives up and names it (a wedged broker or
#: database would otherwise hold the run, silently, until it is killed).
PHASE_TIMEOUT_S = 180.0


@contextlib.asynccontextmanager
async def phase(name: str) -> AsyncIterator[None]:
    """One progress line on stderr, and a bounded wait with the phase named when it runs out."""
    print(f"event hop: {name}", file=sys.stderr, flush=True)
    try:
        async with asyncio.timeout(PHASE_TIMEOUT_S):
            yield
    except TimeoutError:
        raise SystemExit(
            f"event hop: {name}: not done within {PHASE_TIMEOUT_S:g} s; "
            "the broker or the database stopped answering"
        ) from None


def bench_settings(run: str) -> Settings:
    return Settings(
        env="test",
        # A benchmark is a throwaway installation: classic queues (quorum-queue churn wedged the
        # local RabbitMQ 3.10); the raw loop uses the same type, so the ratio compares like with like.
        queue_type="classic",
        service=f"bench_{run}",
        exchange=f"wir.bench.{run}",
        log_level="WARNING",
        database_admin_url=os.environ.get(
            "WIR_DATABASE_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/wir_bench"
        ),
    )


async def wait_for_rows(pool: asyncpg.Pool, schema: str, n: int) -> None:
    while await pool.fetchval(f'SELECT count(*) FROM "{schema}".profiles') < n:  # bench-only schema name
        await asyncio.sleep(0.02)


class GatedRelay(Relay):
    """The kit's relay, held back until the clock starts."""

    gate = asyncio.Event()

    async def run(self) -> None:
        await self.gate.wait()
        await super().run()


async def kit_hop(settings: Settings, n: int, admin: asyncpg.Pool) -> float:
    with_table = _spec_with_table()
    await apply_migrations(settings, with_table)
    # Outbox filled and consumers, queues and connections up before the clock starts, as the raw
    # loop's are: the clock measures relay, broker and consumer only.
    await runtime_db_fill(settings, n)
    GatedRelay.gate = asyncio.Event()
    runtime = Runtime(with_table, settings, relay=GatedRelay)
    await runtime.start()
    started = time.perf_counter()
    GatedRelay.gate.set()
    await wait_for_rows(admin, settings.pg_schema, n)
    elapsed = time.perf_counter() - started
    await runtime.stop()
    return elapsed


def _spec_with_table() -> ServiceSpec:
    import tempfile
    from pathlib import Path

    folder = Path(tempfile.mkdtemp(prefix="wir-bench-"))
    (folder / "0001_profiles.sql").write_text(DOMAIN_TABLE)
    return ServiceSpec(
        name="bench",
        port=0,
        migrations=folder,
        subscriptions=[Subscription("profile_requested", ProfileRequested, save_profile)],
    )


async def runtime_db_fill(settings: Settings, n: int) -> None:
    from wir_kit.db import Db

    db = await Db.connect(settings)
    try:
        for start in range(0, n, 500):
            async with db.transaction(BERGSTRASSE) as tx:
                for _ in range(min(500, n - start)):
                    await tx.publish(make_event())
    finally:
        await db.close()


async def raw_hop(settings: Settings, n: int, admin: asyncpg.Pool, *, outbox: bool) -> float:
    """The same work without the kit: the yardstick. With `outbox`, the events wait in the
    outbox table as the kit's do, and a hand-written loop publishes and marks them; without,
    they are published straight from memory (the broker-only reference)."""
    pool = await asyncpg.create_pool(
        settings.app_database_url,
        min_size=1,
        max_size=settings.database_pool_max,
        server_settings={"search_path": settings.pg_schema},
    )
    queue_name = f"{settings.service}.raw"
    consume = await aio_pika.connect(settings.amqp_url)
    publish = await aio_pika.connect(settings.amqp_url)
    channel = await consume.channel()
    await channel.set_qos(prefetch_count=settings.prefetch)
    exchange = await channel.declare_exchange(settings.exchange, aio_pika.ExchangeType.TOPIC, durable=True)
    queue = await channel.declare_queue(
        queue_name, durable=True, arguments={"x-queue-type": settings.queue_type}
    )
    await queue.bind(exchange, "bench.#")
    payloads = [make_event().model_dump_json().encode() for _ in range(n)]
    if outbox:
        await runtime_db_fill(settings, n)
    schema = settings.pg_schema
    done = 0

    async def on_message(message: aio_pika.abc.AbstractIncomingMessage) -> None:
        nonlocal done
        event = ProfileRequested.model_validate_json(message.body)
        async with pool.acquire() as conn, conn.transaction():
            await conn.execute("SELECT set_config('wir.district', $1, true)", event.district)
            await conn.execute(
                "INSERT INTO inbox (district, consumer, event_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                event.district,
                queue_name,
                event.event_id,
            )
            await conn.execute(
                "INSERT INTO profiles (district, person_id, languages) VALUES ($1, $2, $3)",
                event.district,
                event.person_id,
                event.languages,
            )
        await message.ack()
        done += 1

    def message(body: bytes) -> aio_pika.Message:
        return aio_pika.Message(
            body, delivery_mode=aio_pika.DeliveryMode.PERSISTENT, content_type="application/json"
        )

    started = time.perf_counter()
    await queue.consume(on_message)
    out = await publish.channel(publisher_confirms=True)
    target = await out.get_exchange(settings.exchange)
    if outbox:
        async with admin.acquire() as conn:
            while rows := await conn.fetch(
                f'SELECT id, routing_key, payload FROM "{schema}".outbox '  # bench-only schema name
                "WHERE published_at IS NULL ORDER BY id LIMIT 200"
            ):
                await asyncio.gather(
                    *(
                        target.publish(message(r["payload"].encode()), r["routing_key"], mandatory=True)
                        for r in rows
                    )
                )
                await conn.execute(
                    f'UPDATE "{schema}".outbox SET published_at = now() WHERE id = ANY($1::bigint[])',
                    [r["id"] for r in rows],
                )
    else:
        for i in range(0, n, 200):
            await asyncio.gather(
                *(
                    target.publish(message(body), "bench.profile", mandatory=True)
                    for body in payloads[i : i + 200]
                )
            )
    await wait_for_rows(admin, schema, n)
    elapsed = time.perf_counter() - started
    await queue.delete(if_unused=False, if_empty=False)
    await consume.close()
    await publish.close()
    await pool.close()
    return elapsed


async def one_round(n: int, admin: asyncpg.Pool) -> tuple[float, float, float]:
    """Events/s of the broker-only loop, the raw outbox loop and the kit, each on fresh schemas."""
    run = uuid.uuid4().hex[:6]
    memory, raw, kit = (bench_settings(run + suffix) for suffix in ("m", "r", "k"))
    try:
        async with phase("migrating"):
            for settings in (memory, raw):
                await apply_migrations(settings, _spec_with_table())
        async with phase("broker-only loop"):
            memory_s = await raw_hop(memory, n, admin, outbox=False)
        async with phase("raw outbox loop"):
            raw_s = await raw_hop(raw, n, admin, outbox=True)
        async with phase("kit"):
            kit_s = await kit_hop(kit, n, admin)
    finally:
        async with phase("removing the round's schemas, queues and exchanges"):
            async with admin.acquire() as conn:
                for settings in (memory, raw, kit):
                    await drop_schema(conn, settings.pg_schema)
            await _drop_broker_objects(memory, raw, kit)
    return n / memory_s, n / raw_s, n / kit_s


async def main(n: int, rounds: int) -> None:
    logging.disable(logging.WARNING)
    configure_logging("bench", level="WARNING")
    probe = bench_settings("probe")
    async with phase("connecting to the database"):
        await ensure_database(probe.database_admin_url)
        admin = await asyncpg.create_pool(probe.database_admin_url, min_size=1, max_size=2)
    try:
        # Rounds alternate the three loops so that a busy moment of the machine hits all of them.
        results = [await one_round(n, admin) for _ in range(rounds)]
    finally:
        await admin.close()
    memory_rate, raw_rate, kit_rate = (statistics.median(column) for column in zip(*results, strict=True))
    print(
        f"event hop, {n} events, median of {rounds} rounds, "
        f"prefetch {probe.prefetch}, pool {probe.database_pool_max}"
    )
    for round_no, (memory, raw, kit) in enumerate(results, start=1):
        print(f"  round {round_no}: broker-only {memory:6.0f}  raw {raw:6.0f}  kit {kit:6.0f}  events/s")
    print(f"  broker only, from memory (reference)           : {memory_rate:8.0f} events/s")
    print(f"  raw aio-pika + asyncpg, outbox → broker → inbox : {raw_rate:8.0f} events/s")
    print(f"  kit (outbox → relay → broker → inbox + row)     : {kit_rate:8.0f} events/s")
    print(f"  ratio kit/raw                                   : {kit_rate / raw_rate:8.2f}  (target ≥ 0.80)")


async def _drop_broker_objects(*all_settings: Settings) -> None:
    connection = await aio_pika.connect(all_settings[0].amqp_url)
    try:
        channel = await connection.channel()
        for s in all_settings:
            await topology.delete(channel, s, [f"{s.service}.profile_requested"])
    finally:
        await connection.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    uvloop.run(main(args.events, args.rounds))
