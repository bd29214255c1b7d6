"""`wir dlq`: dead letters counted, shown without payload, replayed with a fresh budget, purged."""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable

import pytest

from wir_kit.db import Tx
from wir_kit.runtime import Runtime
from wir_kit.subscriptions import PermanentFailure
from wir_kit.testing import sample
from wir_kit.testing.districts import BERGSTRASSE
from wir_kit.testing.plugin import RuntimeFactory
from wir_kit.testing.waiting import eventually
from wir_ops.commands.migrate_provisioning import provision

from . import broker
from .conftest import Invoke, Service


def refusing_while(refusing: dict[str, bool]) -> Callable[[sample.NoteTaken, Tx], object]:
    async def handler(event: sample.NoteTaken, tx: Tx) -> None:
        if refusing["now"]:
            raise PermanentFailure("no record of this person here")
        await sample.record_seen(event, tx)

    return handler


async def seen(runtime: Runtime) -> int:
    async with runtime.db.transaction(BERGSTRASSE) as tx:
        return int(await tx.fetchval("SELECT count(*) FROM seen"))


async def test_show_prints_why_a_letter_died_but_neither_payload_nor_removes_it(
    cli: Invoke, make_service: Callable[..., Service], wir_runtime: RuntimeFactory
) -> None:
    service = make_service(handler=refusing_while({"now": True}))
    await wir_runtime(service.spec, service.settings)
    event = broker.note()
    await broker.publish_event(service.settings, event)
    assert await eventually(lambda: broker.count(service.settings, service.dlq)) == 1

    result = await cli("dlq", "show", service.dlq, env=service.env)

    assert result.exit_code == 0, result.output
    for shown in (
        str(event.event_id),
        "note_taken",
        event.routing_key(),
        "06431",
        "no record of this person here",
    ):
        assert shown in result.stdout
    assert sample.PERSON_NAME not in result.output
    assert await broker.count(service.settings, service.dlq) == 1


async def test_show_with_envelope_adds_the_envelope_fields_only(
    cli: Invoke, make_service: Callable[..., Service]
) -> None:
    service = make_service()
    await provision(service.spec, service.settings)
    event = broker.note()
    await broker.dead_letter(service.settings, service.queue, event, "gave up after 4 attempts: RuntimeError")

    result = await cli("dlq", "show", service.dlq, "--envelope", env=service.env)

    assert result.exit_code == 0, result.output
    assert re.search(rf"envelope\.producer +{sample.NAME} ", result.stdout)
    assert event.occurred_at.isoformat().replace("+00:00", "") in result.stdout
    assert sample.PERSON_NAME not in result.output
    assert "body" not in result.output  # the payload's own field, named or not
    assert "1 of 1 shown" in result.stdout


async def test_list_counts_each_installed_services_dead_letters_and_marks_missing_queues(
    cli: Invoke, install: Callable[..., None], make_service: Callable[..., Service]
) -> None:
    service = make_service()
    install(service.spec)
    await provision(service.spec, service.settings)
    for _ in range(2):
        await broker.dead_letter(service.settings, service.queue, broker.note(), "invalid payload: x")

    result = await cli("dlq", "list", "--queue", "nobody.here.dlq", env=service.env)

    assert result.exit_code == 0, result.output
    assert f"│ {service.dlq} │ {service.spec.name} │ 2 " in result.stdout
    assert "│ nobody.here.dlq" in result.stdout and "missing" in result.stdout


async def test_replayed_letter_goes_back_to_its_queue_and_the_consumer_handles_it(
    cli: Invoke, make_service: Callable[..., Service], wir_runtime: RuntimeFactory
) -> None:
    refusing = {"now": True}
    service = make_service(handler=refusing_while(refusing))
    runtime = await wir_runtime(service.spec, service.settings)
    await broker.publish_event(service.settings, broker.note())
    assert await eventually(lambda: broker.count(service.settings, service.dlq)) == 1
    refusing["now"] = False

    result = await cli("dlq", "replay", service.dlq, env=service.env)

    assert result.exit_code == 0, result.output
    assert "replayed 1 message(s)" in result.stdout
    assert await eventually(lambda: seen(runtime)) == 1
    assert await broker.count(service.settings, service.dlq) == 0


async def test_replay_by_event_id_moves_only_that_letter_with_a_fresh_retry_budget(
    cli: Invoke, make_service: Callable[..., Service]
) -> None:
    service = make_service()
    await provision(service.spec, service.settings)
    wanted, other = broker.note(), broker.note()
    for event in (other, wanted):
        await broker.dead_letter(service.settings, service.queue, event, "gave up after 4 attempts: OSError")

    result = await cli("dlq", "replay", service.dlq, "--event-id", str(wanted.event_id), env=service.env)

    assert result.exit_code == 0, result.output
    assert "replayed 1 message(s)" in result.stdout
    back = await broker.take(service.settings, service.queue)
    assert back is not None
    assert back.message_id == str(wanted.event_id)
    assert json.loads(back.body) == json.loads(wanted.model_dump_json())
    assert back.correlation_id == "corr-1" and back.type == "note_taken"
    assert not [name for name in back.headers if name.startswith("x-wir-") or name == "x-death"]
    left = await broker.take(service.settings, service.dlq)
    assert left is not None and left.message_id == str(other.event_id)


async def test_a_broker_dead_letter_is_shown_and_replayed_from_its_x_death_record(
    cli: Invoke, quorum_service: Callable[..., Awaitable[Service]]
) -> None:
    service = await quorum_service(settings={"delivery_limit": 1})
    await provision(service.spec, service.settings)
    event = broker.note()
    await broker.publish_event(service.settings, event)
    await broker.reject_until_dead(service.settings, service.queue, times=2)
    assert await eventually(lambda: broker.count(service.settings, service.dlq)) == 1

    shown = await cli("dlq", "show", service.dlq, env=service.env)
    replayed = await cli("dlq", "replay", service.dlq, env=service.env)

    assert "delivery_limit" in shown.stdout and event.routing_key() in shown.stdout
    assert "replayed 1 message(s)" in replayed.stdout
    assert await broker.count(service.settings, service.queue) == 1


async def test_purge_asks_first_and_then_empties_the_queue(
    cli: Invoke, make_service: Callable[..., Service]
) -> None:
    service = make_service()
    await provision(service.spec, service.settings)
    for _ in range(2):
        await broker.dead_letter(service.settings, service.queue, broker.note(), "invalid payload: x")

    declined = await cli("dlq", "purge", service.dlq, env=service.env, input="n\n")
    assert declined.exit_code == 1
    assert await broker.count(service.settings, service.dlq) == 2

    purged = await cli("dlq", "purge", service.dlq, "--yes", env=service.env)
    assert purged.exit_code == 0, purged.output
    assert "purged 2 message(s)" in purged.stdout
    assert await broker.count(service.settings, service.dlq) == 0


async def test_a_missing_queue_is_one_line_and_exit_1(
    cli: Invoke, make_service: Callable[..., Service]
) -> None:
    service = make_service()

    result = await cli("dlq", "show", "nobody.here.dlq", env=service.env)

    assert result.exit_code == 1
    assert result.stderr.strip() == "no queue named nobody.here.dlq"


async def test_a_letter_whose_queue_is_gone_stays_in_the_dlq(
    cli: Invoke, make_service: Callable[..., Service]
) -> None:
    service = make_service()
    await provision(service.spec, service.settings)
    gone = f"{service.queue}.gone"
    await broker.dead_letter(
        service.settings, service.queue, broker.note(), "invalid payload: x", origin=gone
    )

    result = await cli("dlq", "replay", service.dlq, env=service.env)

    assert result.exit_code == 1
    assert f"stopped after 0 replayed: no queue {gone} takes it" in result.stderr
    assert await broker.count(service.settings, service.dlq) == 1


@pytest.mark.parametrize("command", ["replay", "purge"])
async def test_replay_and_purge_refuse_a_queue_that_is_not_a_dead_letter_queue(
    cli: Invoke, make_service: Callable[..., Service], command: str
) -> None:
    service = make_service()

    result = await cli(
        "dlq", command, service.queue, "--yes" if command == "purge" else "--limit=1", env=service.env
    )

    assert result.exit_code == 2
    assert "is not a dead-letter queue" in result.stderr
