"""When the retry or dead-letter copy cannot be published (a broker hiccup), the delivery waits
and the copy is tried again, instead of a hot requeue loop that burns the delivery limit."""

from __future__ import annotations

from wir_kit import PermanentFailure
from wir_kit.db import Tx
from wir_kit.publisher import Outgoing
from wir_kit.settling import REASON
from wir_kit.testing.districts import BERGSTRASSE
from wir_kit.testing.sample import NoteTaken, add_note, spec
from wir_kit.testing.waiting import get_one
from wir_kit.topology import dlq_name


async def test_a_failing_copy_is_retried_in_place_and_the_event_is_not_redelivered(
    wir_settings, wir_runtime
) -> None:
    deliveries: list[int] = []

    async def refusing(event: NoteTaken, tx: Tx) -> None:
        deliveries.append(1)
        raise PermanentFailure("not for us")

    settings = wir_settings(settle_retry_s=0.01, settle_patience_s=30.0)
    runtime = await wir_runtime(spec(handler=refusing), settings)
    publish = runtime.settle_publisher.publish
    failures = {"left": 5}

    async def flaky_publish(outgoing: Outgoing) -> None:
        if failures["left"]:
            failures["left"] -= 1
            raise ConnectionError("broker hiccup")
        await publish(outgoing)

    runtime.settle_publisher.publish = flaky_publish  # type: ignore[method-assign]
    async with runtime.db.transaction(BERGSTRASSE) as tx:
        await add_note(tx, "refused")

    dead = await get_one(settings.amqp_url, dlq_name(runtime.consumers[0].queue))
    assert dead is not None
    assert dead.headers[REASON] == "not for us"
    assert failures["left"] == 0
    assert len(deliveries) == 1  # held while the copy failed, never requeued
