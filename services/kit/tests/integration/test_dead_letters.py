"""Poison messages and failing handlers end in the dead-letter queue, never in a loop or a void."""

from __future__ import annotations

import json
from uuid import uuid4

from wir_kit.db import Tx
from wir_kit.runtime import Runtime
from wir_kit.settling import ATTEMPT, ORIGIN_QUEUE, REASON
from wir_kit.testing.bus import publish_raw
from wir_kit.testing.districts import BERGSTRASSE
from wir_kit.testing.sample import PERSON_NAME, NoteTaken, add_note, record_seen, spec
from wir_kit.testing.waiting import eventually, get_one
from wir_kit.topology import dlq_name


async def seen_notes(runtime: Runtime) -> list[str]:
    async with runtime.db.transaction(BERGSTRASSE) as tx:
        return [r["note"] for r in await tx.fetch("SELECT note FROM seen ORDER BY seen_at")]


async def test_invalid_payload_is_dead_lettered_with_its_reason_and_later_messages_are_handled(
    wir_settings, wir_runtime
) -> None:
    settings = wir_settings()
    runtime = await wir_runtime(spec(), settings)
    valid = json.loads(NoteTaken(district=BERGSTRASSE, note_id=uuid4(), body="ok").model_dump_json())
    invalid = {k: v for k, v in valid.items() if k != "note_id"} | {"body": PERSON_NAME}
    key = NoteTaken.binding_key(BERGSTRASSE)
    await publish_raw(settings, (key, json.dumps(invalid)), (key, json.dumps(valid)))

    dead = await get_one(settings.amqp_url, dlq_name(runtime.consumers[0].queue))
    assert dead is not None
    reason = str(dead.headers[REASON])
    assert "note_id" in reason
    assert "Fatima" not in reason  # the reason names fields, never their values
    assert dead.headers[ORIGIN_QUEUE] == runtime.consumers[0].queue
    assert json.loads(dead.body) == invalid  # the message is kept whole for inspection and replay
    assert await eventually(lambda: seen_notes(runtime)) == ["ok"]


async def test_non_json_body_is_dead_lettered(wir_settings, wir_runtime) -> None:
    settings = wir_settings()
    runtime = await wir_runtime(spec(), settings)
    await publish_raw(settings, (NoteTaken.binding_key(BERGSTRASSE), b"\xff not json"))

    dead = await get_one(settings.amqp_url, dlq_name(runtime.consumers[0].queue))
    assert dead is not None and "not JSON" in str(dead.headers[REASON])


async def test_transiently_failing_handler_is_retried_and_then_succeeds(wir_settings, wir_runtime) -> None:
    failures = {"left": 2}

    async def flaky(event: NoteTaken, tx: Tx) -> None:
        if failures["left"]:
            failures["left"] -= 1
            raise ConnectionError("downstream unavailable")
        await record_seen(event, tx)

    runtime = await wir_runtime(spec(handler=flaky), wir_settings())
    async with runtime.db.transaction(BERGSTRASSE) as tx:
        await add_note(tx, "after two failures")

    assert await eventually(lambda: seen_notes(runtime)) == ["after two failures"]
    assert failures["left"] == 0


async def test_handler_failing_every_time_is_dead_lettered_after_the_retry_limit(
    wir_settings, wir_runtime
) -> None:
    calls: list[int] = []

    async def broken(event: NoteTaken, tx: Tx) -> None:
        calls.append(1)
        raise RuntimeError("bug with Fatima's data")

    settings = wir_settings(retry_delays_ms=[50, 100, 150])
    runtime = await wir_runtime(spec(handler=broken), settings)
    async with runtime.db.transaction(BERGSTRASSE) as tx:
        await add_note(tx, "never handled")

    dead = await get_one(settings.amqp_url, dlq_name(runtime.consumers[0].queue))
    assert dead is not None
    assert len(calls) == 4  # the first try and one per back-off step
    assert dead.headers[ATTEMPT] == 4
    assert dead.headers[REASON] == "gave up after 4 attempts: RuntimeError"
    async with runtime.db.transaction(BERGSTRASSE) as tx:
        assert await tx.fetchval("SELECT count(*) FROM inbox") == 0  # rolled back with the handler
