"""Benchmark: the kit's event hop against a raw aio-pika + asyncpg loop doing the same work.

Kit:  N events committed to the outbox → relay (confirms in flight) → RabbitMQ → the kit's
      consumer → inbox claim + one domain row in one transaction → ack.
Raw:  the same N events in an outbox table → a hand-written loop publishing 200 at a time with
      confirms in flight and marking them published → aio-pika consumer with the same prefetch
      → the same durable work in the same statements: the message properties the kit's relay
      sends, validation of the body by the same tolerant model, its event id checked against the
      message id, BEGIN with the district, inbox claim, domain row, session reset with COMMIT
      (the kit's two round trips per transaction), ack after commit.
Broker only (a reference, not the yardstick): as raw, but published straight from memory.

Each round runs the three loops one after the other in this process, against the same
PostgreSQL and RabbitMQ; the clock stops when the N-th domain row is committed. Prints each
round, the medians, the kit/raw ratio of throughput and this process's CPU time per event (what
the kit's Python costs; less disturbed by other load on the machine than the wall clock).

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
from typing import ClassVar, cast
from uuid import UUID

import aio_pika
import asyncpg
import uvloop
from pydantic import Field

from wir_contracts.envelope import Event, tolerant
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


class Clock:
    """Wall-clock seconds and this process's CPU seconds of one timed phase."""

    def __init__(self) -> None:
        self.wall = time.perf_counter()
        self.cpu = time.process_time()

    def stop(self) -> tuple[float, float]:
        return time.perf_counter() - self.wall, time.process_time() - self.cpu


async def kit_hop(settings: Settings, n: int, admin: asyncpg.Pool) -> tuple[float, float]:
    with_table = _spec_with_table()
    await apply_migrations(settings, with_table)
    # Outbox filled and consumers, queues and connections up before the clock starts, as the raw
    # loop's are: the clock measures relay, broker and consumer only.
    await runtime_db_fill(settings, n)
    GatedRelay.gate = asyncio.Event()
    runtime = Runtime(with_table, settings, relay=GatedRelay)
    await runtime.start()
    clock = Clock()
    GatedRelay.gate.set()
    await wait_for_rows(admin, settings.pg_schema, n)
    elapsed = clock.stop()
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


async def _no_reset(_conn: asyncpg.Connection) -> None:
    """The raw loop resets the session with its COMMIT, as the kit does."""


async def raw_hop(settings: Settings, n: int, admin: asyncpg.Pool, *, outbox: bool) -> tuple[float, float]:
    """The same work without the kit: the yardstick. With `outbox`, the events wait in the
    outbox table as the kit's do, and a hand-written loop publishes and marks them; without,
    they are published straight from memory (the broker-only reference)."""
    pool = await asyncpg.create_pool(
        settings.app_database_url,
        min_size=1,
        max_size=settings.database_pool_max,
        server_settings={"search_path": settings.pg_schema},
        reset=_no_reset,
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
    events = [make_event() for _ in range(n)]
    if outbox:
        await runtime_db_fill(settings, n)
    schema = settings.pg_schema
    model = tolerant(ProfileRequested)
    running = asyncio.Semaphore(settings.database_pool_max)
    reset = "SELECT pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *; RESET ALL;"

    async def on_message(message: aio_pika.abc.AbstractIncomingMessage) -> None:
        event = model.model_validate_json(message.body)
        if "event_id" not in event.model_fields_set or message.message_id != str(event.event_id):
            raise RuntimeError("the event id must be the message id")
        async with running, pool.acquire() as conn:
            await conn.execute(f"BEGIN; SELECT set_config('wir.district', '{event.district}', true)")
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
            await conn.execute(f"{reset}\nCOMMIT")
        await message.ack()

    def message(body: bytes, event_id: object, event_type: str, district: str) -> aio_pika.Message:
        # The properties the kit's relay sends.
        return aio_pika.Message(
            body,
            delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
            content_type="application/json",
            message_id=str(event_id),
            type=event_type,
            correlation_id=None,
            app_id=settings.service,
            headers={"x-wir-district": district},
        )

    async def relay() -> None:
        out = await publish.channel(publisher_confirms=True)
        target = await out.get_exchange(settings.exchange)
        if not outbox:
            for i in range(0, n, 200):
                await asyncio.gather(
                    *(
                        target.publish(
                            message(e.model_dump_json().encode(), e.event_id, e.event_type, e.district),
                            "bench.profile",
                            mandatory=True,
                        )
                        for e in events[i : i + 200]
                    )
                )
            return
        async with admin.acquire() as conn:
            while rows := await conn.fetch(
                "SELECT id, event_id, district, routing_key, event_type, correlation_id, payload "
                f'FROM "{schema}".outbox '  # bench-only schema name
                "WHERE published_at IS NULL ORDER BY id LIMIT 200"
            ):
                await asyncio.gather(
                    *(
                        target.publish(
                            message(r["payload"].encode(), r["event_id"], r["event_type"], r["district"]),
                            r["routing_key"],
                            mandatory=True,
                        )
                        for r in rows
                    )
                )
                await conn.execute(
                    f'UPDATE "{schema}".outbox SET published_at = now() WHERE id = ANY($1::bigint[])',
                    [r["id"] for r in rows],
                )

    clock = Clock()
    await queue.consume(on_message)
    # Counted while it runs, as the kit's run is: the polling costs both the same.
    await asyncio.gather(relay(), wait_for_rows(admin, schema, n))
    elapsed = clock.stop()
    await queue.delete(if_unused=False, if_empty=False)
    await consume.close()
    await publish.close()
    await pool.close()
    return elapsed


Timing = tuple[float, float]  # (wall seconds, CPU seconds of this process)


async def one_round(n: int, admin: asyncpg.Pool) -> tuple[Timing, Timing, Timing]:
    """Wall and CPU time of the broker-only loop, the raw outbox loop and the kit, each on fresh
    schemas."""
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
                    await drop_schema(cast("asyncpg.Connection", conn), settings.pg_schema)
            await _drop_broker_objects(memory, raw, kit)
    return memory_s, raw_s, kit_s


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

    def rate(t: Timing) -> float:
        return n / t[0]

    def cpu_us(t: Timing) -> float:
        return t[1] / n * 1e6

    memory, raw, kit = zip(*results, strict=True)
    memory_rate, raw_rate, kit_rate = (statistics.median(map(rate, loop)) for loop in (memory, raw, kit))
    raw_cpu, kit_cpu = (statistics.median(map(cpu_us, loop)) for loop in (raw, kit))
    print(
        f"event hop, {n} events, median of {rounds} rounds, "
        f"prefetch {probe.prefetch}, pool {probe.database_pool_max}"
    )
    for no, (m, r, k) in enumerate(results, start=1):
        print(
            f"  round {no}: broker-only {rate(m):6.0f}  raw {rate(r):6.0f}  kit {rate(k):6.0f}  events/s;"
            f"  CPU raw {cpu_us(r):4.0f}  kit {cpu_us(k):4.0f}  µs/event"
        )
    lines = [
        ("broker only, from memory (reference)", f"{memory_rate:6.0f} events/s"),
        ("raw aio-pika + asyncpg, outbox → inbox + row", f"{raw_rate:6.0f} events/s, {raw_cpu:4.0f} µs CPU"),
        ("kit, outbox → relay → consumer → inbox + row", f"{kit_rate:6.0f} events/s, {kit_cpu:4.0f} µs CPU"),
        ("event hop, kit/raw throughput", f"{kit_rate / raw_rate:6.2f}  (target ≥ 0.90)"),
        ("event hop, raw/kit CPU per event, this process", f"{raw_cpu / kit_cpu:6.2f}"),
    ]
    for label, figure in lines:
        print(f"  {label:<48}: {figure}")


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
