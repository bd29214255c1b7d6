"""An event the inbox could not deduplicate (no event_id, or one other than the message id) is
dead-lettered at once with its reason, before any handler runs."""

from __future__ import annotations

import json
from uuid import uuid4

import aio_pika

from wir_kit.db import Tx
from wir_kit.settings import Settings
from wir_kit.settling import ATTEMPT, REASON
from wir_kit.testing.districts import BERGSTRASSE
from wir_kit.testing.sample import NoteTaken, record_seen, spec
from wir_kit.testing.waiting import get_one
from wir_kit.topology import dlq_name


async def publish_with_id(settings: Settings, body: dict[str, object], message_id: str) -> None:
    connection = await aio_pika.connect(settings.amqp_url)
    try:
        channel = await connection.channel(publisher_confirms=True)
        exchange = await channel.get_exchange(settings.exchange, ensure=False)
        message = aio_pika.Message(
            json.dumps(body).encode(), content_type="application/json", message_id=message_id
        )
        await exchange.publish(message, NoteTaken.binding_key(BERGSTRASSE), mandatory=True)
    finally:
        await connection.close()


def note() -> dict[str, object]:
    return json.loads(NoteTaken(district=BERGSTRASSE, note_id=uuid4(), body="x").model_dump_json())


async def test_an_event_without_event_id_is_dead_lettered_at_once_and_never_handled(
    wir_settings, wir_runtime
) -> None:
    calls: list[int] = []

    async def counting(event: NoteTaken, tx: Tx) -> None:
        calls.append(1)
        await record_seen(event, tx)

    settings = wir_settings()
    runtime = await wir_runtime(spec(handler=counting), settings)
    body = {k: v for k, v in note().items() if k != "event_id"}
    await publish_with_id(settings, body, str(uuid4()))

    dead = await get_one(settings.amqp_url, dlq_name(runtime.consumers[0].queue))
    assert dead is not None
    assert "event_id: missing" in str(dead.headers[REASON])
    assert dead.headers[ATTEMPT] == 1
    assert calls == []


async def test_an_event_whose_id_differs_from_the_message_id_is_dead_lettered(
    wir_settings, wir_runtime
) -> None:
    settings = wir_settings()
    runtime = await wir_runtime(spec(), settings)
    await publish_with_id(settings, note(), str(uuid4()))

    dead = await get_one(settings.amqp_url, dlq_name(runtime.consumers[0].queue))
    assert dead is not None
    assert str(dead.headers[REASON]) == "invalid payload: event_id differs from the message id"
