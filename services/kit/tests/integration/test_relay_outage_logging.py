"""A broker outage is logged when it begins and when it ends, not on every retry of the relay
(a 25 s outage once wrote the same warning 585 times)."""

from __future__ import annotations

from collections.abc import Sequence

from structlog.testing import capture_logs

from wir_kit.publisher import Outgoing
from wir_kit.testing.districts import BERGSTRASSE
from wir_kit.testing.plugin import RuntimeFactory, SettingsFactory
from wir_kit.testing.sample import add_note, spec
from wir_kit.testing.waiting import eventually


async def test_a_broker_outage_is_one_warning_and_its_end_one_line(
    wir_settings: SettingsFactory, wir_runtime: RuntimeFactory
) -> None:
    runtime = await wir_runtime(spec(), wir_settings(relay_lock_poll_s=0.05))
    publisher = runtime.relay.publisher
    real_publish = publisher.publish_many
    attempts = 0

    async def broker_gone(messages: Sequence[Outgoing]) -> list[BaseException | None]:
        nonlocal attempts
        attempts += 1
        return [ConnectionError("broker gone") for _ in messages]

    with capture_logs() as logs:
        publisher.publish_many = broker_gone  # type: ignore[method-assign]
        async with runtime.db.transaction(BERGSTRASSE) as tx:
            await add_note(tx, "during the outage")

        async def retried() -> bool:
            return attempts >= 5

        assert await eventually(retried)
        publisher.publish_many = real_publish  # type: ignore[method-assign]

        async def delivered() -> int:
            async with runtime.db.transaction(BERGSTRASSE) as tx:
                return int(await tx.fetchval("SELECT count(*) FROM seen"))

        assert await eventually(delivered)

    events = [entry["event"] for entry in logs]
    assert events.count("broker unavailable, relay waits") == 1
    assert events.count("broker back, relay publishes") == 1
