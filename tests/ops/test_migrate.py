"""`wir migrate`: schemas, roles and queues exist before a service first runs."""

from __future__ import annotations

from collections.abc import Callable
from uuid import uuid4

import aio_pika
import asyncpg

from wir_kit import topology
from wir_kit.runtime import Runtime
from wir_kit.testing import sample
from wir_kit.testing.districts import BERGSTRASSE
from wir_ops.commands.migrate_provisioning import queue_bindings

from .conftest import Invoke, Service


async def queue_counts(url: str, *names: str) -> list[int]:
    connection = await aio_pika.connect(url)
    try:
        channel = await connection.channel()
        counts = []
        for name in names:
            queue = await channel.declare_queue(name, passive=True)  # raises when it is missing
            counts.append(queue.declaration_result.message_count or 0)
        return counts
    finally:
        await connection.close()


async def test_migrate_applies_the_files_and_declares_the_queues(
    cli: Invoke, install: Callable[..., None], make_service: Callable[..., Service], wir_database_url: str
) -> None:
    service = make_service()
    install(service.spec)

    result = await cli("migrate", env=service.env)

    assert result.exit_code == 0, result.output
    assert f"{service.spec.name}/0001_notes.sql" in result.stdout
    assert "kit/0001_outbox_inbox.sql" in result.stdout
    retries = [topology.retry_queue_name(service.settings, delay) for delay in (100, 200)]
    unrouted = topology.unrouted_queue(service.settings)
    assert await queue_counts(service.settings.amqp_url, service.queue, service.dlq, *retries, unrouted) == [
        0,
        0,
        0,
        0,
        0,
    ]
    admin = await asyncpg.connect(wir_database_url)
    try:
        assert (
            await admin.fetchval("SELECT to_regclass($1)", f"{service.settings.pg_schema}.notes") is not None
        )
    finally:
        await admin.close()


async def test_queues_keep_events_published_before_the_service_first_starts(
    cli: Invoke, install: Callable[..., None], make_service: Callable[..., Service]
) -> None:
    service = make_service()
    install(service.spec)
    await cli("migrate", env=service.env)

    event = sample.NoteTaken(district=BERGSTRASSE, note_id=uuid4(), body=sample.PERSON_NAME)
    connection = await aio_pika.connect(service.settings.amqp_url)
    try:
        channel = await connection.channel(publisher_confirms=True)
        exchange = await channel.get_exchange(service.settings.exchange)
        message = aio_pika.Message(event.model_dump_json().encode(), message_id=str(event.event_id))
        await exchange.publish(message, event.routing_key(), mandatory=True)
    finally:
        await connection.close()

    assert await queue_counts(service.settings.amqp_url, service.queue) == [1]


async def test_migrating_again_applies_nothing(
    cli: Invoke, install: Callable[..., None], make_service: Callable[..., Service]
) -> None:
    service = make_service()
    install(service.spec)
    await cli("migrate", env=service.env)

    again = await cli("migrate", service.spec.name, env=service.env)

    assert again.exit_code == 0, again.output
    assert "up to date" in again.stdout
    assert "0001_notes.sql" not in again.stdout


async def test_only_the_named_services_are_migrated(
    cli: Invoke, install: Callable[..., None], make_service: Callable[..., Service]
) -> None:
    first, second = make_service("one"), make_service("two")
    install(first.spec, second.spec)

    result = await cli("migrate", second.spec.name, env=second.env)

    assert result.exit_code == 0, result.output
    assert second.spec.name in result.stdout
    assert first.spec.name not in result.stdout


async def test_a_failing_migration_is_reported_with_its_service_and_exit_1(
    cli: Invoke, install: Callable[..., None], make_service: Callable[..., Service]
) -> None:
    service = make_service()
    assert service.spec.migrations is not None
    (service.spec.migrations / "0002_broken.sql").write_text("CREATE TABLE broken (;")  # type: ignore[operator]
    install(service.spec)

    result = await cli("migrate", env=service.env)

    assert result.exit_code == 1
    assert f"migrating {service.spec.name} failed: PostgresSyntaxError" in result.stderr


async def test_migrate_with_no_service_installed_says_so_and_succeeds(
    cli: Invoke, install: Callable[..., None]
) -> None:
    install()

    result = await cli("migrate")

    assert result.exit_code == 0
    assert "no service is installed" in result.stdout


async def test_migrating_an_unknown_service_is_a_usage_error(
    cli: Invoke, install: Callable[..., None], make_service: Callable[..., Service]
) -> None:
    install(make_service().spec)

    result = await cli("migrate", "intake")

    assert result.exit_code == 2
    assert "not an installed service: intake" in result.stderr


def test_the_queues_declared_are_the_ones_the_runtime_consumes_from(
    make_service: Callable[..., Service],
) -> None:
    service = make_service(settings={"queue_prefix": "other_install."})
    consumers = Runtime(service.spec, service.settings).consumers

    bindings = queue_bindings(service.spec, service.settings)

    assert [(b.queue, b.binding_keys) for b in bindings] == [
        (c.queue, c.subscription.binding_keys) for c in consumers
    ]
    assert bindings[0].queue.startswith("other_install.")
