"""`wir dlq list` shows how old each queue's oldest message is, and the installation's queue of
unrouted events beside the dead-letter queues; unrouted events can be published again."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from wir_kit import topology
from wir_kit.settling import DEAD_AT, ORIGIN_QUEUE, REASON
from wir_ops.commands.migrate_provisioning import provision

from . import broker
from .conftest import Invoke, Service


async def test_list_shows_the_age_of_each_queues_oldest_message(
    cli: Invoke, install: Callable[..., None], make_service: Callable[..., Service]
) -> None:
    service = make_service()
    install(service.spec)
    await provision(service.spec, service.settings)
    died = (datetime.now(UTC) - timedelta(days=3, hours=2)).isoformat()
    headers: dict[str, str | int] = {REASON: "invalid payload: x", ORIGIN_QUEUE: service.queue, DEAD_AT: died}
    letter = broker.message_of(broker.note(), headers)
    await broker.publish(
        service.settings, topology.dead_letter_exchange(service.settings), service.dlq, letter
    )

    result = await cli("dlq", "list", env=service.env)

    assert result.exit_code == 0, result.output
    assert "Oldest" in result.stdout
    line = next(line for line in result.stdout.splitlines() if service.dlq in line)
    assert "│ 1 " in line and "3d 2h" in line
    assert await broker.count(service.settings, service.dlq) == 1  # looked at, left in place


async def test_unrouted_events_are_listed_and_can_be_published_again(
    cli: Invoke, install: Callable[..., None], make_service: Callable[..., Service]
) -> None:
    service = make_service()
    install(service.spec)
    await provision(service.spec, service.settings)
    unrouted = topology.unrouted_queue(service.settings)
    orphan = broker.note().model_copy(update={"producer": "later"})
    await broker.publish_event(service.settings, orphan)

    listed = await cli("dlq", "list", env=service.env)

    assert listed.exit_code == 0, listed.output
    line = next(line for line in listed.stdout.splitlines() if unrouted in line)
    assert "(unrouted)" in line and "│ 1 " in line

    await broker.bind(service.settings, service.queue, orphan.routing_key())  # a consumer, installed since
    replayed = await cli("dlq", "replay", unrouted, env=service.env)

    assert replayed.exit_code == 0, replayed.output
    assert "replayed 1 message(s)" in replayed.stdout
    assert await broker.count(service.settings, service.queue) == 1
    assert await broker.count(service.settings, unrouted) == 0
